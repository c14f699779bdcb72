/**
 * The working-day calendar (工作日历): statutory holidays and make-up working days (调休上班日)
 * as data, and the working-day arithmetic of the 依申请公开 clock (issue 4, domain.md §7).
 *
 * Pure: a {@link WorkCalendar} is built from per-year schedules ({@link YearSchedule}), which
 * come from the vendored holiday-cn files today ({@link loadBundledCalendar}) and from a database
 * table later (build the same `YearSchedule[]` from rows and call `new WorkCalendar(rows)`).
 *
 * Rules
 *  - A day is a working day when it is listed as a make-up working day, or when it is Mon–Fri
 *    and not listed as a rest day (domain.md §7.3). Weekends inside a holiday block are rest days.
 *  - "N working days from D" ends on the N-th working day strictly after D (the start day is not
 *    counted, 民法典 Art. 201). A start on a weekend or holiday therefore counts from the next
 *    working day without any special case. N = 0 leaves the date unchanged.
 *  - Extension: N working days after the current due date. Consultation pause from P to R: the
 *    due date moves by the number of working days in (P, R].
 *  - A year is *known* when its schedule lists at least one day. Anything computed over a date
 *    whose year is unknown falls back to Mon–Fri minus the holidays fixed by calendar date in
 *    《全国年节及纪念日放假办法》 ({@link fixedHolidayName}: 元旦 1 Jan, 劳动节 1–2 May (1 May only
 *    before 2025), 国庆节 1–3 Oct) and is marked provisional (暂定) with the unknown years and a
 *    Chinese reason — never a silent guess. What stays unknown: the lunar holidays (春节、清明节、
 *    端午节、中秋节), the make-up rest days (补假) and the make-up working days (调休).
 *  - Year-end look-ahead: a notice for year Y+1 can change the last days of December of year Y
 *    (2018-12-29…31, 2022-12-31 — every such date in 2007–2026 falls on 12-29…12-31). So the last
 *    `yearEndLookaheadDays` (default 7, i.e. 12-25…12-31) of year Y also depend on year Y+1.
 *
 * Dates are plain 'YYYY-MM-DD' strings in Beijing time; all arithmetic is on UTC day numbers, so
 * the host's time zone never matters.
 */
import { readdirSync, readFileSync } from 'node:fs';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/** One year's holiday arrangement, as announced in that year's State Council notice. */
export interface YearSchedule {
  /** The year of the notice (its file/row key). May list dates of late December of year-1. */
  year: number;
  /** Rest days (放假), including the weekend days inside a holiday block. */
  offDays: string[];
  /** Make-up working days (调休上班日), usually Saturdays or Sundays. */
  workDays: string[];
  /** Optional holiday name per listed date, e.g. { '2025-10-01': '国庆节、中秋节' }. */
  names?: Record<string, string>;
  /** Where the schedule comes from, e.g. the gov.cn notice URL(s), space-separated. */
  source?: string;
}

/** A holiday-cn file: `{ year, papers[], days[{ name, date, isOffDay }] }`. */
interface HolidayCnFile {
  year: number;
  papers?: string[];
  days: { name: string; date: string; isOffDay: boolean }[];
}

type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

export interface DayInfo {
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  working: boolean;
  /** 'holiday' = listed rest day; 'makeup-workday' = listed working day (调休上班). */
  kind: DayKind;
  /** Holiday name from the schedule, for listed days. */
  name?: string;
  /** True when the answer rests on the Mon–Fri fallback for a year with no schedule. */
  provisional: boolean;
  unknownYears: number[];
}

/** Result of every date computation: the date, whether it is provisional, and why. */
export interface WorkingDayResult {
  date: string;
  provisional: boolean;
  /** Years without a schedule that the computation depended on (sorted; empty when exact). */
  unknownYears: number[];
  /** Chinese explanation, e.g. "自 2025-09-26 起第 20 个工作日（已扣除国庆节、中秋节假期…）". */
  reason: string;
  /** Distinct names of the holidays whose rest days were skipped. */
  holidaysSkipped: string[];
  /** Make-up working days (on a weekend) that were counted. */
  makeUpDaysCounted: string[];
}

export interface WorkingDayCount {
  /** Number of working days in (from, to]. */
  days: number;
  provisional: boolean;
  unknownYears: number[];
  reason: string;
}

export interface WorkCalendarOptions {
  /**
   * How many days at the end of December of year Y also depend on the schedule of Y+1
   * (default 7 = 12-25…12-31; 0 disables the look-ahead).
   */
  yearEndLookaheadDays?: number;
}

/** A date listed differently by two schedules; the later schedule year wins. */
export interface ScheduleConflict {
  date: string;
  /** [overridden schedule year, winning schedule year] */
  years: [number, number];
}

/** Thrown by {@link WorkCalendar.workingDaysBetween} (a bare number cannot say "provisional"). */
export class UnknownYearError extends Error {
  readonly years: number[];
  constructor(years: number[]) {
    super(`${years.join('、')} 年节假日安排尚未录入，无法精确计算工作日，请先录入该年度节假日安排。`);
    this.name = 'UnknownYearError';
    this.years = years;
  }
}

/** Upper bound on N, against runaway loops (10,000 working days ≈ 40 years). */
export const MAX_WORKING_DAYS = 10_000;

// ---------------------------------------------------------------------------
// Day numbers (days since 1970-01-01, UTC)
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (years 1000–9999). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function toDay(date: string, what = '日期'): number {
  if (!isIsoDate(date)) {
    throw new RangeError(`${what}“${String(date)}”无效，应为 YYYY-MM-DD 格式的有效日期。`);
  }
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** Year of a day number; remembers the last year's range since scans walk day by day. */
let cachedYear = 1970;
let cachedYearStart = 0;
let cachedNextYearStart = 365;
function yearOf(day: number): number {
  if (day >= cachedYearStart && day < cachedNextYearStart) return cachedYear;
  cachedYear = new Date(day * DAY_MS).getUTCFullYear();
  cachedYearStart = jan1(cachedYear);
  cachedNextYearStart = jan1(cachedYear + 1);
  return cachedYear;
}

function jan1(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

// ---------------------------------------------------------------------------
// Holidays fixed by calendar date (for years without a schedule)
// ---------------------------------------------------------------------------

/**
 * The all-citizen holidays that 《全国年节及纪念日放假办法》 fixes on Gregorian dates (Art. 2),
 * by the version in force in `year`: from 2025 (2024 revision) 元旦 01-01, 劳动节 05-01…05-02,
 * 国庆节 10-01…10-03; 2008–2024 (2007 revision) 劳动节 05-01 only; before 2008 (1999 revision)
 * 劳动节 05-01…05-03. Lunar holidays (春节、清明节、端午节、中秋节) move every year and are not here.
 */
export function fixedHolidayName(date: string): string | null {
  if (!isIsoDate(date)) return null;
  const year = Number(date.slice(0, 4));
  const md = date.slice(5);
  if (md === '01-01') return '元旦';
  if (md === '10-01' || md === '10-02' || md === '10-03') return '国庆节';
  const mayDays = year >= 2025 ? 2 : year >= 2008 ? 1 : 3;
  if (md.startsWith('05-0') && Number(md.slice(3)) <= mayDays) return '劳动节';
  return null;
}

/** How a provisional date was computed, in the reasons (Chinese). */
export const PROVISIONAL_RULE = '暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计';

function fixedHolidayOfDay(day: number): string | null {
  return fixedHolidayName(fromDay(day));
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`工作日数“${String(n)}”无效，应为 0 至 ${MAX_WORKING_DAYS} 之间的整数。`);
  }
}

// ---------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------

interface Entry {
  off: boolean;
  name?: string;
  /** Schedule year that listed the date. */
  year: number;
}

/** What a scan over a range of days found. */
interface ScanNotes {
  unknown: Set<number>;
  /** Unknown years reached only through the year-end look-ahead. */
  lookaheadOnly: Set<number>;
  holidays: string[];
  makeUps: string[];
}

export class WorkCalendar {
  readonly conflicts: readonly ScheduleConflict[];
  private readonly entries = new Map<number, Entry>();
  private readonly known = new Set<number>();
  private readonly normalized: YearSchedule[];
  private readonly lookahead: number;

  constructor(schedules: readonly YearSchedule[], options: WorkCalendarOptions = {}) {
    const lookahead = options.yearEndLookaheadDays ?? 7;
    if (!Number.isInteger(lookahead) || lookahead < 0 || lookahead > 31) {
      throw new RangeError('yearEndLookaheadDays 应为 0 至 31 之间的整数。');
    }
    this.lookahead = lookahead;
    this.normalized = mergeSchedules(schedules);
    const conflicts: ScheduleConflict[] = [];
    // Ascending schedule year: a later notice overrides an earlier one for the same date.
    for (const s of this.normalized) {
      if (s.offDays.length + s.workDays.length > 0) this.known.add(s.year);
      const put = (date: string, off: boolean) => {
        const day = toDay(date);
        const prev = this.entries.get(day);
        if (prev && prev.off !== off) conflicts.push({ date, years: [prev.year, s.year] });
        const name = s.names?.[date];
        this.entries.set(day, name ? { off, name, year: s.year } : { off, year: s.year });
      };
      for (const d of s.offDays) put(d, true);
      for (const d of s.workDays) put(d, false);
    }
    this.conflicts = conflicts;
  }

  /** Build from parsed holiday-cn JSON objects (any number of files, any order). */
  static fromHolidayCn(files: readonly unknown[], options?: WorkCalendarOptions): WorkCalendar {
    return new WorkCalendar(files.map(holidayCnToSchedule), options);
  }

  /** The schedules, normalised (sorted, deduplicated, one per year) — e.g. to seed a table. */
  get schedules(): YearSchedule[] {
    return this.normalized.map(cloneSchedule);
  }

  /** A new calendar with `schedule` replacing that year's (admin edit / preview). */
  withSchedule(schedule: YearSchedule): WorkCalendar {
    return new WorkCalendar(
      [...this.normalized.filter((s) => s.year !== schedule.year), schedule],
      { yearEndLookaheadDays: this.lookahead },
    );
  }

  /** Years whose schedule lists at least one day, ascending. */
  knownYears(): number[] {
    return [...this.known].sort((a, b) => a - b);
  }

  isKnownYear(year: number): boolean {
    return this.known.has(year);
  }

  /** Everything about one day, including whether the answer is provisional. */
  dayInfo(date: string): DayInfo {
    const day = toDay(date);
    const notes = newNotes();
    this.noteDependencies(day, notes);
    const entry = this.entries.get(day);
    const weekday = weekdayOf(day);
    const unknownYears = sorted(notes.unknown);
    const base = { date, weekday, provisional: unknownYears.length > 0, unknownYears };
    if (entry) {
      const kind: DayKind = entry.off ? 'holiday' : 'makeup-workday';
      return { ...base, working: !entry.off, kind, ...(entry.name ? { name: entry.name } : {}) };
    }
    const weekend = weekday === 0 || weekday === 6;
    const fixed = this.known.has(yearOf(day)) ? null : fixedHolidayOfDay(day);
    if (fixed) return { ...base, working: false, kind: 'holiday', name: fixed };
    return { ...base, working: !weekend, kind: weekend ? 'weekend' : 'workday' };
  }

  /**
   * true / false for a date of a known year; 'unknown-year' when the answer would be a guess.
   * Compare with `=== true`: the string is truthy. Use {@link dayInfo} for the fallback answer.
   */
  isWorkingDay(date: string): boolean | 'unknown-year' {
    const info = this.dayInfo(date);
    return info.provisional ? 'unknown-year' : info.working;
  }

  /** The N-th working day strictly after `start` (N = 0: `start` itself). */
  addWorkingDays(start: string, n: number): WorkingDayResult {
    const from = toDay(start, '起算日期');
    checkCount(n);
    const { day, notes } = this.walk(from, n);
    const date = fromDay(day);
    const head = n === 0 ? `期限为 0 个工作日，即 ${start} 当日` : `自 ${start} 起第 ${n} 个工作日`;
    return result(date, head, notes);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): WorkingDayResult {
    const from = toDay(date);
    const { day, notes } = this.walk(from, 1);
    return result(fromDay(day), `${date} 之后的第一个工作日`, notes);
  }

  /** Extension (延长答复期限): N working days after the current due date. */
  extendDue(due: string, n: number): WorkingDayResult {
    const from = toDay(due, '原到期日');
    checkCount(n);
    const { day, notes } = this.walk(from, n);
    return result(fromDay(day), `自原到期日 ${due} 起延长 ${n} 个工作日`, notes);
  }

  /** Number of working days in (from, to], with provisional flag and reason. `to` ≥ `from`. */
  countWorkingDays(from: string, to: string): WorkingDayCount {
    const a = toDay(from, '起始日期');
    const b = toDay(to, '结束日期');
    if (b < a) throw new RangeError(`结束日期 ${to} 早于起始日期 ${from}。`);
    if (b - a > MAX_WORKING_DAYS * 2) throw new RangeError('日期区间过长。');
    const notes = newNotes();
    let days = 0;
    for (let d = a + 1; d <= b; d++) {
      if (this.scanDay(d, notes)) days++;
    }
    const head = `${from}（不含）至 ${to}（含）共 ${days} 个工作日`;
    const r = result(to, head, notes);
    return { days, provisional: r.provisional, unknownYears: r.unknownYears, reason: r.reason };
  }

  /**
   * Number of working days in (p, r] — the days a consultation pause from P to R adds to the due
   * date. Throws {@link UnknownYearError} rather than guess; use {@link countWorkingDays} or
   * {@link shiftDueForPause} to get a provisional answer instead.
   */
  workingDaysBetween(p: string, r: string): number {
    const c = this.countWorkingDays(p, r);
    if (c.provisional) throw new UnknownYearError(c.unknownYears);
    return c.days;
  }

  /** Consultation pause (征求意见期间不计入期限): due + working days in (p, r]. */
  shiftDueForPause(due: string, p: string, r: string): WorkingDayResult {
    const count = this.countWorkingDays(p, r);
    const moved = this.addWorkingDays(due, count.days);
    const unknownYears = sorted(new Set([...count.unknownYears, ...moved.unknownYears]));
    const provisional = unknownYears.length > 0;
    let reason =
      `${p} 至 ${r} 期间（不含 ${p}）的 ${count.days} 个工作日不计入期限，` +
      `到期日由 ${due} 顺延至 ${moved.date}`;
    if (provisional) reason += `；${unknownYearsText(unknownYears, [])}`;
    return {
      date: moved.date,
      provisional,
      unknownYears,
      reason,
      holidaysSkipped: moved.holidaysSkipped,
      makeUpDaysCounted: moved.makeUpDaysCounted,
    };
  }

  // -- internals -------------------------------------------------------------

  /** Step forward from `from` (exclusive) until the n-th working day. */
  private walk(from: number, n: number): { day: number; notes: ScanNotes } {
    const notes = newNotes();
    let day = from;
    let left = n;
    while (left > 0) {
      day++;
      if (this.scanDay(day, notes)) left--;
    }
    return { day, notes };
  }

  /** Is `day` a working day; records dependencies, skipped holidays and counted make-up days. */
  private scanDay(day: number, notes: ScanNotes): boolean {
    this.noteDependencies(day, notes);
    const entry = this.entries.get(day);
    if (entry) {
      if (entry.off) {
        for (const name of splitNames(entry.name)) {
          if (!notes.holidays.includes(name)) notes.holidays.push(name);
        }
      } else if (isWeekend(day)) {
        notes.makeUps.push(fromDay(day));
      }
      return !entry.off;
    }
    if (!this.known.has(yearOf(day))) {
      // A year without a schedule: the fixed-date holidays are rest days whatever the notice says.
      const fixed = fixedHolidayOfDay(day);
      if (fixed) {
        if (!notes.holidays.includes(fixed)) notes.holidays.push(fixed);
        return false;
      }
    }
    return !isWeekend(day);
  }

  private noteDependencies(day: number, notes: ScanNotes): void {
    const y = yearOf(day);
    if (!this.known.has(y)) {
      notes.unknown.add(y);
      notes.lookaheadOnly.delete(y);
    }
    if (this.lookahead > 0 && day >= cachedNextYearStart - this.lookahead && !this.known.has(y + 1)) {
      if (!notes.unknown.has(y + 1)) notes.lookaheadOnly.add(y + 1);
      notes.unknown.add(y + 1);
    }
  }
}

// ---------------------------------------------------------------------------
// Reasons (Chinese)
// ---------------------------------------------------------------------------

function newNotes(): ScanNotes {
  return { unknown: new Set(), lookaheadOnly: new Set(), holidays: [], makeUps: [] };
}

function sorted(years: Set<number>): number[] {
  return [...years].sort((a, b) => a - b);
}

function splitNames(name: string | undefined): string[] {
  if (!name) return ['法定节假日'];
  return name.split(/[、,，]/).map((s) => s.trim()).filter(Boolean);
}

function unknownYearsText(years: number[], lookaheadOnly: number[]): string {
  const note = lookaheadOnly.length
    ? `（可能调整 ${lookaheadOnly.map((y) => y - 1).join('、')} 年末的工作日）`
    : '';
  return `${years.join('、')} 年节假日安排尚未录入${note}，${PROVISIONAL_RULE}（暂定）`;
}

function result(date: string, head: string, notes: ScanNotes): WorkingDayResult {
  const details: string[] = [];
  if (notes.holidays.length) details.push(`已扣除${notes.holidays.join('、')}假期`);
  if (notes.makeUps.length) details.push(`调休上班日 ${notes.makeUps.join('、')} 计入`);
  let reason = details.length ? `${head}（${details.join('；')}）` : head;
  const unknownYears = sorted(notes.unknown);
  if (unknownYears.length) {
    reason += `；${unknownYearsText(unknownYears, sorted(notes.lookaheadOnly))}`;
  }
  return {
    date,
    provisional: unknownYears.length > 0,
    unknownYears,
    reason,
    holidaysSkipped: [...notes.holidays],
    makeUpDaysCounted: [...notes.makeUps],
  };
}

// ---------------------------------------------------------------------------
// Schedules: validation, merging, holiday-cn conversion
// ---------------------------------------------------------------------------

function cloneSchedule(s: YearSchedule): YearSchedule {
  const out: YearSchedule = { year: s.year, offDays: [...s.offDays], workDays: [...s.workDays] };
  if (s.names) out.names = { ...s.names };
  if (s.source !== undefined) out.source = s.source;
  return out;
}

/** Validate, then merge schedules of the same year; sort by year and dates. */
function mergeSchedules(schedules: readonly YearSchedule[]): YearSchedule[] {
  const byYear = new Map<number, { off: Set<string>; work: Set<string>; names: Record<string, string>; sources: string[] }>();
  for (const s of schedules) {
    if (!s || typeof s !== 'object') throw new TypeError('节假日安排格式错误：应为对象。');
    if (!Number.isInteger(s.year) || s.year < 1000 || s.year > 9998) {
      throw new RangeError(`节假日安排年份“${String(s.year)}”无效。`);
    }
    if (!Array.isArray(s.offDays) || !Array.isArray(s.workDays)) {
      throw new TypeError(`${s.year} 年节假日安排格式错误：offDays 与 workDays 应为数组。`);
    }
    let acc = byYear.get(s.year);
    if (!acc) {
      acc = { off: new Set(), work: new Set(), names: {}, sources: [] };
      byYear.set(s.year, acc);
    }
    for (const d of s.offDays) {
      toDay(d, `${s.year} 年休息日`);
      acc.off.add(d);
    }
    for (const d of s.workDays) {
      toDay(d, `${s.year} 年调休上班日`);
      acc.work.add(d);
    }
    for (const d of acc.off) {
      if (acc.work.has(d)) throw new RangeError(`${s.year} 年节假日安排中 ${d} 同时被列为休息日和上班日。`);
    }
    if (s.names) {
      for (const [d, name] of Object.entries(s.names)) {
        if (typeof name === 'string' && name) acc.names[d] = name;
      }
    }
    if (s.source && !acc.sources.includes(s.source)) acc.sources.push(s.source);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, acc]) => {
      const offDays = [...acc.off].sort();
      const workDays = [...acc.work].sort();
      const listed = new Set([...offDays, ...workDays]);
      const names = Object.fromEntries(Object.entries(acc.names).filter(([d]) => listed.has(d)).sort());
      const out: YearSchedule = { year, offDays, workDays };
      if (Object.keys(names).length) out.names = names;
      if (acc.sources.length) out.source = acc.sources.join(' ');
      return out;
    });
}

/** Convert one parsed holiday-cn file; throws TypeError on a malformed file. */
export function holidayCnToSchedule(file: unknown): YearSchedule {
  const f = file as Partial<HolidayCnFile> | null;
  if (!f || typeof f !== 'object' || !Number.isInteger(f.year) || !Array.isArray(f.days)) {
    throw new TypeError('holiday-cn 数据格式错误：应为 { year, papers, days } 对象。');
  }
  const year = f.year as number;
  const offDays: string[] = [];
  const workDays: string[] = [];
  const names: Record<string, string> = {};
  for (const d of f.days) {
    if (!d || typeof d !== 'object' || !isIsoDate(d.date) || typeof d.isOffDay !== 'boolean') {
      throw new TypeError(`holiday-cn ${year} 数据格式错误：${JSON.stringify(d)}`);
    }
    (d.isOffDay ? offDays : workDays).push(d.date);
    if (typeof d.name === 'string' && d.name) names[d.date] = d.name;
  }
  const out: YearSchedule = { year, offDays, workDays };
  if (Object.keys(names).length) out.names = names;
  const papers = Array.isArray(f.papers) ? f.papers.filter((p) => typeof p === 'string' && p) : [];
  if (papers.length) out.source = papers.join(' ');
  return out;
}

// ---------------------------------------------------------------------------
// Bundled data (src/platform/calendar/data, holiday-cn 2007–2027)
// ---------------------------------------------------------------------------

const DATA_DIR = new URL('./data/', import.meta.url);
let bundledSchedules: YearSchedule[] | undefined;
let bundledCalendar: WorkCalendar | undefined;

/** The vendored holiday-cn files as schedules (read synchronously, once). */
export function loadBundledSchedules(): YearSchedule[] {
  if (!bundledSchedules) {
    const files = readdirSync(DATA_DIR)
      .filter((name) => /^\d{4}\.json$/.test(name))
      .sort();
    bundledSchedules = files.map((name) =>
      holidayCnToSchedule(JSON.parse(readFileSync(new URL(name, DATA_DIR), 'utf8'))),
    );
  }
  return bundledSchedules.map(cloneSchedule);
}

/** The calendar of the vendored data (built once; calendars are immutable). */
export function loadBundledCalendar(): WorkCalendar {
  bundledCalendar ??= new WorkCalendar(loadBundledSchedules());
  return bundledCalendar;
}
