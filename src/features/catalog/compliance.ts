// Compliance of catalog items, computed (never stored) from the items' 公开时限, their linked documents'
// 形成日期 (or 成文日期) and 发布日期, and the working-day calendar: one pass over the linked rows, the
// calendar precomputed once (WorkdayIndex), the time-limit texts parsed once each. Pure.
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { beijingDate, dueOn, parseTimeLimit, spanDays, WorkdayIndex, type TimeLimit } from './timelimit.ts';

export interface ComplianceItem {
  id: number;
  time_limit: string;
  mode: string;
}

export interface LinkFact {
  itemId: number;
  documentId: number;
  /** 形成日期, or 成文日期 when none (YYYY-MM-DD); null when the document has neither. */
  startOn: string | null;
  /** Publication instant (ISO) or date; null while not published. */
  publishedAt: string | null;
}

export type ComplianceState = 'ok' | 'missing' | 'late' | 'manual' | 'on-request';

export const STATE_LABELS: Record<ComplianceState, string> = {
  ok: '按时公开',
  missing: '未关联已公开的文件',
  late: '超过时限公开',
  manual: '人工核对',
  'on-request': '依申请公开',
};

interface LateDocument {
  documentId: number;
  startOn: string;
  dueOn: string;
  /** null: not published yet and already past its last day. */
  publishedOn: string | null;
}

export interface ItemCompliance {
  state: ComplianceState;
  limit: TimeLimit;
  /** Linked documents, and those of them published. */
  documents: number;
  published: number;
  late: LateDocument[];
}

export interface ComplianceSummary {
  items: number;
  ok: number;
  missing: number;
  late: number;
  manual: number;
  onRequest: number;
}

export function emptySummary(): ComplianceSummary {
  return { items: 0, ok: 0, missing: 0, late: 0, manual: 0, onRequest: 0 };
}

export function addToSummary(s: ComplianceSummary, c: ItemCompliance): void {
  s.items++;
  if (c.state === 'on-request') s.onRequest++;
  else s[c.state]++;
}

/** Each item's compliance (by item id). `links` may come in any order; items without links are 'missing'. */
export function computeCompliance(items: readonly ComplianceItem[], links: readonly LinkFact[], today: string, cal: WorkCalendar): Map<number, ItemCompliance> {
  const limits = new Map<string, TimeLimit>();
  const limitOf = (text: string) => {
    let l = limits.get(text);
    if (!l) limits.set(text, (l = parseTimeLimit(text)));
    return l;
  };
  const out = new Map<number, ItemCompliance>();
  let span = 0;
  for (const it of items) {
    const limit = limitOf(it.time_limit);
    span = Math.max(span, spanDays(limit));
    out.set(it.id, { state: 'ok', limit, documents: 0, published: 0, late: [] });
  }
  let min = '9999-12-31';
  let max = '0000-01-01';
  for (const l of links) {
    if (!l.startOn) continue;
    if (l.startOn < min) min = l.startOn;
    if (l.startOn > max) max = l.startOn;
  }
  const days = min <= max ? workdayIndex(cal, min, addDays(max, span + 1)) : { addWorkingDays: (s: string, n: number) => cal.addWorkingDays(s, n).date };
  for (const l of links) {
    const c = out.get(l.itemId);
    if (!c) continue;
    c.documents++;
    const publishedOn = l.publishedAt ? beijingDate(l.publishedAt) : null;
    if (publishedOn) c.published++;
    if (!l.startOn || c.limit.kind === 'manual') continue;
    const due = dueOn(c.limit, l.startOn, days);
    if (!due) continue;
    const checked = publishedOn ?? today;
    if (checked > due) c.late.push({ documentId: l.documentId, startOn: l.startOn, dueOn: due, publishedOn });
  }
  const modeOf = new Map(items.map((i) => [i.id, i.mode]));
  for (const [id, c] of out) {
    if (modeOf.get(id) === '依申请') c.state = 'on-request';
    else if (c.published === 0) c.state = 'missing';
    else if (c.late.length) c.state = 'late';
    else if (c.limit.kind === 'manual') c.state = 'manual';
    else c.state = 'ok';
  }
  return out;
}

/** The working-day index of a calendar, kept while the calendar object lives (platform cache: 30 s) and rebuilt only for a wider span. */
const indexes = new WeakMap<WorkCalendar, { from: string; to: string; index: WorkdayIndex }>();
function workdayIndex(cal: WorkCalendar, from: string, to: string): WorkdayIndex {
  const hit = indexes.get(cal);
  if (hit && hit.from <= from && hit.to >= to) return hit.index;
  const f = hit && hit.from < from ? hit.from : from;
  const t = hit && hit.to > to ? hit.to : to;
  const index = new WorkdayIndex(cal, f, t);
  indexes.set(cal, { from: f, to: t, index });
  return index;
}

function addDays(date: string, n: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
