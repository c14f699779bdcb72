// 公开时限 of a catalog item, read from its text as the published catalogs write it, and the last day it
// gives a document. Pure: the working-day calendar is passed in (platform/calendar). Table-driven tests in
// timelimit.test.ts with the real phrasings.
//
// What is understood (the start is the document's 形成日期, or its 成文日期 when none was recorded — as for
// 条例第二十六条 in documents/art26.ts):
// - "…20个工作日内", "自作出行政决定之日起七个工作日内": N working days strictly after the start;
// - "…15日内", "10天内", "…30个自然日内": N calendar days after the start;
// - "…1个月内": the same day N months later (the month's last day when it has no such day);
// - "实时", "即时", "当日", "当天": the start day itself;
// - "及时", "及时公开": 条例第二十六条's 20 working days (no law sets a shorter period in the text);
// - "每年3月底前", "每年6月30日前": that day of the start's year (of the next year when the start is after it);
// - "每月10日前", "每月底前": that day of the start's month (of the next month when the start is after it);
// - anything else (e.g. "按规定时限", "长期公开", "每季度"): not computed — shown as 人工核对.
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';

export type TimeLimit =
  | { kind: 'working-days'; days: number; label: string }
  | { kind: 'days'; days: number; label: string }
  | { kind: 'months'; months: number; label: string }
  | { kind: 'same-day'; label: string }
  | { kind: 'annual'; month: number; day: number | 'end'; label: string }
  | { kind: 'monthly'; day: number | 'end'; label: string }
  | { kind: 'manual'; label: string };

const MANUAL_LABEL = '人工核对';
const ART26_DAYS = 20;

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 7, ７, 七, 十五, 二十, 三十一 → the number (1–999), or null. */
export function parseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = DIGITS[ch]!;
  }
  return total + cur || null;
}

/** Full-width digits and spaces normalised. */
function normalise(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
}

const NUM = '(\\d+|[零〇一二两三四五六七八九十百]+)';

export function parseTimeLimit(text: string | null | undefined): TimeLimit {
  const t = normalise(text ?? '');
  if (!t) return { kind: 'manual', label: `${MANUAL_LABEL}（未填写公开时限）` };
  let m = new RegExp(`${NUM}个?工作日`).exec(t);
  if (m) {
    const n = parseNumber(m[1]!);
    if (n) return { kind: 'working-days', days: n, label: `${n} 个工作日内` };
  }
  m = new RegExp(`每年${NUM}月(?:底|末|份?结束)`).exec(t);
  if (m) {
    const month = parseNumber(m[1]!);
    if (month && month <= 12) return { kind: 'annual', month, day: 'end', label: `每年 ${month} 月底前` };
  }
  m = new RegExp(`每年${NUM}月${NUM}日`).exec(t);
  if (m) {
    const month = parseNumber(m[1]!);
    const day = parseNumber(m[2]!);
    if (month && day && month <= 12 && day <= daysInMonth(2024, month)) return { kind: 'annual', month, day, label: `每年 ${month} 月 ${day} 日前` };
  }
  m = new RegExp(`每月${NUM}日`).exec(t);
  if (m) {
    const day = parseNumber(m[1]!);
    if (day && day <= 28) return { kind: 'monthly', day, label: `每月 ${day} 日前` };
  }
  if (/每月(?:底|末)/.test(t)) return { kind: 'monthly', day: 'end', label: '每月底前' };
  m = new RegExp(`${NUM}个?月内`).exec(t);
  if (m) {
    const n = parseNumber(m[1]!);
    if (n) return { kind: 'months', months: n, label: `${n} 个月内` };
  }
  m = new RegExp(`${NUM}(?:个)?(?:自然日|日|天)(?:内|之内|以内)`).exec(t);
  if (m) {
    const n = parseNumber(m[1]!);
    if (n) return { kind: 'days', days: n, label: `${n} 日内` };
  }
  if (/实时|即时|当日|当天/.test(t)) return { kind: 'same-day', label: '实时（形成当日）' };
  if (/及时/.test(t)) return { kind: 'working-days', days: ART26_DAYS, label: `及时（按条例第二十六条，${ART26_DAYS} 个工作日内）` };
  return { kind: 'manual', label: MANUAL_LABEL };
}

// ---- dates ------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const toDay = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY_MS;
const fromDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

function addCalendarDays(date: string, n: number): string {
  return fromDay(toDay(date) + n);
}

function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const ty = y + Math.floor(m / 12);
  const tm = (m % 12) + 1;
  const d = Math.min(Number(date.slice(8, 10)), daysInMonth(ty, tm));
  return `${ty}-${pad(tm)}-${pad(d)}`;
}

/** Beijing calendar date of an ISO instant ('2020-10-12T01:00:00Z' → '2020-10-12'); dates pass through. */
export function beijingDate(iso: string): string {
  if (iso.length === 10) return iso;
  // The common stored form 'YYYY-MM-DDTHH:MM:SS(.sss)Z': before 16:00 UTC it is the same day in Beijing.
  if (iso.endsWith('Z') && iso[10] === 'T' && iso.length >= 20) return iso < `${iso.slice(0, 10)}T16` ? iso.slice(0, 10) : addCalendarDays(iso.slice(0, 10), 1);
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Working days over a span, precomputed once so that each deadline is one array look-up (compliance over
 * tens of thousands of linked documents). Same rule as WorkCalendar.addWorkingDays: the N-th working day
 * strictly after the start; outside the span it asks the calendar itself.
 */
export class WorkdayIndex {
  private readonly first: number;
  /** cum[i]: working days in [first, first+i]. */
  private readonly cum: Int32Array;
  /** The working days in order (day numbers). */
  private readonly list: number[] = [];

  constructor(
    private readonly cal: WorkCalendar,
    from: string,
    to: string,
  ) {
    this.first = toDay(from);
    const last = Math.max(this.first, toDay(to));
    this.cum = new Int32Array(last - this.first + 1);
    let n = 0;
    for (let d = this.first; d <= last; d++) {
      if (cal.dayInfo(fromDay(d)).working) {
        n++;
        this.list.push(d);
      }
      this.cum[d - this.first] = n;
    }
  }

  addWorkingDays(start: string, n: number): string {
    const s = toDay(start) - this.first;
    if (s >= 0 && s < this.cum.length) {
      const at = this.cum[s]! + n - 1;
      if (at < this.list.length) return fromDay(this.list[at]!);
    }
    return this.cal.addWorkingDays(start, n).date;
  }
}

/** The last day for a document formed on `startOn` under `limit`; null for 人工核对. */
export function dueOn(limit: TimeLimit, startOn: string, days: Pick<WorkdayIndex, 'addWorkingDays'>): string | null {
  switch (limit.kind) {
    case 'working-days':
      return days.addWorkingDays(startOn, limit.days);
    case 'days':
      return addCalendarDays(startOn, limit.days);
    case 'months':
      return addMonths(startOn, limit.months);
    case 'same-day':
      return startOn;
    case 'annual': {
      const y = Number(startOn.slice(0, 4));
      const at = (year: number) => `${year}-${pad(limit.month)}-${pad(limit.day === 'end' ? daysInMonth(year, limit.month) : limit.day)}`;
      return startOn <= at(y) ? at(y) : at(y + 1);
    }
    case 'monthly': {
      const y = Number(startOn.slice(0, 4));
      const mo = Number(startOn.slice(5, 7));
      const at = (yy: number, mm: number) => `${yy}-${pad(mm)}-${pad(limit.day === 'end' ? daysInMonth(yy, mm) : limit.day)}`;
      return startOn <= at(y, mo) ? at(y, mo) : mo === 12 ? at(y + 1, 1) : at(y, mo + 1);
    }
    case 'manual':
      return null;
  }
}

/** The longest span in calendar days a limit can reach (to size a WorkdayIndex). */
export function spanDays(limit: TimeLimit): number {
  switch (limit.kind) {
    case 'working-days':
      return Math.ceil(limit.days * 1.5) + 30;
    case 'days':
      return limit.days;
    case 'months':
      return limit.months * 31;
    case 'annual':
      return 366;
    case 'monthly':
      return 62;
    default:
      return 0;
  }
}
