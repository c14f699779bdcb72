// The law of 征求意见 as pure functions (tested table-driven in rules.test.ts): the consultation period
// (at least 30 calendar days unless a reason is recorded), its phase and countdown, the feedback deadline
// (default 30 days after the close), the counts of the feedback page, and what blocks its publication.
import type { Decision } from './tables.ts';

export const MIN_PERIOD_DAYS = 30;
/** Default days after the close within which the 意见采纳情况 should be published. */
const DEFAULT_FEEDBACK_DAYS = 30;
/** Default number of comments that make an opinion "相对集中". */
const DEFAULT_CONCENTRATED_MIN = 5;

export const FORMS = ['online', 'hearing', 'forum', 'consult', 'media'] as const;
export type Form = (typeof FORMS)[number];
export const FORM_LABELS: Record<Form, string> = { online: '网络征集', hearing: '听证', forum: '座谈', consult: '咨询协商', media: '媒体沟通' };

export const DECISIONS = ['adopted', 'partly', 'rejected', 'not-needed'] as const satisfies readonly Decision[];
export const DECISION_LABELS: Record<Decision, string> = { adopted: '采纳', partly: '部分采纳', rejected: '不予采纳', 'not-needed': '无需采纳' };
/** Decisions that must give a reason. */
export const REASON_REQUIRED: readonly Decision[] = ['partly', 'rejected'];

export const MODERATION_REASONS = ['与征求内容无关', '含个人信息', '违法违规内容', '重复提交', '广告或无意义内容'] as const;

/** Site settings, from the environment (CONSULTATION_FEEDBACK_DAYS, CONSULTATION_CONCENTRATED_MIN). */
export function settings(env: Record<string, string | undefined> = process.env): { feedbackDays: number; concentratedMin: number } {
  const int = (v: string | undefined, d: number) => (v && /^\d{1,4}$/.test(v) && Number(v) > 0 ? Number(v) : d);
  return { feedbackDays: int(env.CONSULTATION_FEEDBACK_DAYS, DEFAULT_FEEDBACK_DAYS), concentratedMin: int(env.CONSULTATION_CONCENTRATED_MIN, DEFAULT_CONCENTRATED_MIN) };
}

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDay = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

export function addDays(iso: string, n: number): string {
  return fromDay(toDay(iso) + n);
}

/** Calendar days of the period, both ends included (2026-01-01 … 2026-01-30 is 30 days). */
export function periodDays(startsOn: string, endsOn: string): number {
  return toDay(endsOn) - toDay(startsOn) + 1;
}

/** Field errors of a period: order, and the 30-day minimum unless a reason is given. */
export function checkPeriod(startsOn: string, endsOn: string, reason: string | null | undefined): Record<string, string> {
  if (toDay(endsOn) < toDay(startsOn)) return { endsOn: '截止日期不能早于开始日期' };
  const days = periodDays(startsOn, endsOn);
  if (days < MIN_PERIOD_DAYS && !(reason ?? '').trim())
    return { periodReason: `征求意见期限为 ${days} 天，少于 ${MIN_PERIOD_DAYS} 天，须说明理由（将向公众公开）` };
  return {};
}

export type Phase = 'upcoming' | 'open' | 'closed';

/** Where a published consultation stands on `today` (Beijing date): the end date is the last day to comment. */
export function phase(startsOn: string, endsOn: string, today: string): Phase {
  if (today < startsOn) return 'upcoming';
  if (today > endsOn) return 'closed';
  return 'open';
}

/** Days left to comment after today (0: today is the last day); null when not open. */
function daysLeft(startsOn: string, endsOn: string, today: string): number | null {
  return phase(startsOn, endsOn, today) === 'open' ? toDay(endsOn) - toDay(today) : null;
}

export function countdownText(startsOn: string, endsOn: string, today: string): string {
  const p = phase(startsOn, endsOn, today);
  if (p === 'upcoming') return `${startsOn} 开始征求意见`;
  if (p === 'closed') return '已截止';
  const n = daysLeft(startsOn, endsOn, today)!;
  return n === 0 ? '今天截止' : `还剩 ${n} 天`;
}

/** The day by which the feedback should be published. */
export function feedbackDueOn(endsOn: string, feedbackDays = DEFAULT_FEEDBACK_DAYS): string {
  return addDays(endsOn, feedbackDays);
}

/** Closed, feedback not published, and past its due day. */
export function feedbackOverdue(c: { endsOn: string; feedbackPublished: boolean }, today: string, feedbackDays = DEFAULT_FEEDBACK_DAYS): boolean {
  return !c.feedbackPublished && today > feedbackDueOn(c.endsOn, feedbackDays);
}

/** Days the feedback is overdue (0 when it is not). */
export function daysOverdue(endsOn: string, today: string, feedbackDays = DEFAULT_FEEDBACK_DAYS): number {
  return Math.max(0, toDay(today) - toDay(feedbackDueOn(endsOn, feedbackDays)));
}

export interface OpinionFacts {
  id: number;
  summary: string;
  decision: Decision | null;
  reason: string;
  comments: number;
}

export function isConcentrated(o: { comments: number }, concentratedMin = DEFAULT_CONCENTRATED_MIN): boolean {
  return o.comments >= concentratedMin;
}

/** Why one opinion's decision is incomplete, or null. */
export function opinionProblem(o: OpinionFacts, concentratedMin = DEFAULT_CONCENTRATED_MIN): string | null {
  const label = `意见“${o.summary.slice(0, 20)}”`;
  if (!o.decision) return `${label}尚未作出采纳决定`;
  if (o.reason.trim()) return null;
  if (REASON_REQUIRED.includes(o.decision)) return `${label}为“${DECISION_LABELS[o.decision]}”，须说明理由`;
  if (isConcentrated(o, concentratedMin) && o.decision !== 'adopted') return `${label}为相对集中的意见（${o.comments} 条），须说明理由`;
  return null;
}

/** Everything that blocks publishing the feedback (empty: it may be published). */
export function feedbackBlockers(input: { phase: Phase; opinions: OpinionFacts[]; ungrouped: number }, concentratedMin = DEFAULT_CONCENTRATED_MIN): string[] {
  const out: string[] = [];
  if (input.phase !== 'closed') out.push('征求意见尚未截止，不能公布采纳情况');
  if (input.ungrouped > 0) out.push(`还有 ${input.ungrouped} 条已收到的意见未归入任何意见类别`);
  for (const o of input.opinions) {
    const p = opinionProblem(o, concentratedMin);
    if (p) out.push(p);
  }
  return out;
}

export interface FeedbackCounts {
  received: number;
  byForm: Record<Form, number>;
  published: number;
  notPublished: number;
  opinions: number;
  byDecision: Record<Decision, number>;
  concentrated: number;
}

/** The counts of the feedback page: comments received (all, by form), opinions and their decisions. */
export function feedbackCounts(
  comments: readonly { form: string; status: string }[],
  opinions: readonly { decision: Decision | null; comments: number }[],
  concentratedMin = DEFAULT_CONCENTRATED_MIN,
): FeedbackCounts {
  const byForm = Object.fromEntries(FORMS.map((f) => [f, 0])) as Record<Form, number>;
  let published = 0;
  let notPublished = 0;
  for (const c of comments) {
    if ((FORMS as readonly string[]).includes(c.form)) byForm[c.form as Form]++;
    if (c.status === 'published') published++;
    else if (c.status === 'rejected') notPublished++;
  }
  const byDecision = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
  let concentrated = 0;
  for (const o of opinions) {
    if (o.decision) byDecision[o.decision]++;
    if (isConcentrated(o, concentratedMin)) concentrated++;
  }
  return { received: comments.length, byForm, published, notPublished, opinions: opinions.length, byDecision, concentrated };
}
