// The interpretation rules as pure functions (tested table-driven): which policies need an interpretation,
// which have none published, which interpretations came later than their policy (days late, calendar days
// in Beijing dates), and which policies passed the one-month mark for a 政策面对面解读会 (seed §三(一):
// "新出台政策印发实施1个月内…召开政策面对面解读会" — a calendar month, working days not involved).

/** All 规章 and 行政规范性文件 need an interpretation unless a unit recorded otherwise; others when marked. */
export function needsInterpretation(kind: string, mark: { needed: number | boolean } | null | undefined): boolean {
  if (mark) return !!mark.needed;
  return kind === 'rule' || kind === 'normative';
}

/** The same day one calendar month later; the month's last day when it has no such day (01-31 → 02-28/29). */
export function addCalendarMonth(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface PolicyFacts {
  id: number;
  unitId: number;
  /** Beijing date the policy was published. */
  publishedOn: string;
  /** The date the one-month rule counts from: the policy's 成文日期 (印发), else its publication date. */
  effectiveOn: string;
  needed: boolean;
  /** Beijing dates of its published interpretations (public ones only). */
  interpretationsOn: string[];
  /** Dates of its 解读会. */
  meetingsOn: string[];
}

export interface PolicyStatus {
  id: number;
  unitId: number;
  year: number;
  needed: boolean;
  /** Needs one and none is published. */
  unexplained: boolean;
  /** Days the first interpretation came after the policy (0 = same day, 三同步); null: none published. */
  daysLate: number | null;
  /** The last day for the meeting. */
  meetingDueOn: string;
  /** Needs one, the month has passed (today after the due day) and no meeting was held by then. */
  meetingOverdue: boolean;
}

export function policyStatus(p: PolicyFacts, today: string): PolicyStatus {
  const first = [...p.interpretationsOn].sort()[0] ?? null;
  const daysLate = first === null ? null : Math.max(0, daysBetween(p.publishedOn, first));
  const meetingDueOn = addCalendarMonth(p.effectiveOn);
  const heldInTime = p.meetingsOn.some((d) => d <= meetingDueOn);
  return {
    id: p.id,
    unitId: p.unitId,
    year: Number(p.publishedOn.slice(0, 4)),
    needed: p.needed,
    unexplained: p.needed && first === null,
    daysLate,
    meetingDueOn,
    meetingOverdue: p.needed && today > meetingDueOn && !heldInTime,
  };
}

export interface Tally {
  unitId: number;
  year: number;
  policies: number;
  needed: number;
  unexplained: number[];
  late: number[];
  meetingOverdue: number[];
}

/** Counts per unit and year, each with the policy ids behind it (the drill-down). Sorted by year desc, unit. */
export function tally(statuses: readonly PolicyStatus[]): Tally[] {
  const by = new Map<string, Tally>();
  for (const s of statuses) {
    const key = `${s.unitId}/${s.year}`;
    let t = by.get(key);
    if (!t) by.set(key, (t = { unitId: s.unitId, year: s.year, policies: 0, needed: 0, unexplained: [], late: [], meetingOverdue: [] }));
    t.policies++;
    if (s.needed) t.needed++;
    if (s.unexplained) t.unexplained.push(s.id);
    if (s.daysLate !== null && s.daysLate > 0) t.late.push(s.id);
    if (s.meetingOverdue) t.meetingOverdue.push(s.id);
  }
  return [...by.values()].sort((a, b) => b.year - a.year || a.unitId - b.unitId);
}
