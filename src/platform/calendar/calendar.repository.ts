/**
 * The working-day calendar in the database (tables calendar_years / calendar_days, migration
 * 0003-calendar): seeded from the vendored holiday-cn data, edited per year by platform admins,
 * read back as a pure {@link WorkCalendar} (calendar.ts) for every due-date computation.
 *
 * - A year is *entered* when it has a calendar_years row (with its notice as `source`) and days.
 *   A computation that reaches into a year that is not entered is provisional (暂定) — see
 *   calendar.ts — and {@link missingYears} tells admins which year to enter.
 * - `calendar_days.date` is unique across years: a notice may list late-December dates of the
 *   previous year (2023's notice lists 2022-12-31), but one date belongs to one notice.
 * - {@link loadCalendar} is cached per database for 30 s (like the unit tree); {@link saveYear}
 *   drops the local cache at once, other processes pick the change up within 30 s. Code that
 *   stores computed due dates registers {@link onCalendarChange}: it runs inside the save/seed
 *   transaction with the new calendar (work over many rows records an outbox event there and runs
 *   after the commit in short transactions, so that entering a year never holds one long write).
 */
import type { Db, Trx } from '../db/index.ts';
import { nowIso } from '../db/index.ts';
import { isFresh } from '../cache.ts';
import { actorId, can, systemActor, type Actor } from '../access/roles.ts';
import { audit } from '../audit/index.ts';
import { fail, ok, type FieldErrors, type Result } from '../errors.ts';
import { WorkCalendar, isIsoDate, loadBundledSchedules, type YearSchedule } from './calendar.ts';

/** Years an admin may enter (route parameter and form check). */
export const CALENDAR_YEAR_MIN = 1990;
export const CALENDAR_YEAR_MAX = 2100;
/** Days before 1 January / after 31 December that a year's notice may list (cf. 2018-12-29…31). */
const YEAR_MARGIN_DAYS = 7;
const MAX_OFF_DAYS = 80;
const MAX_WORK_DAYS = 40;
const MAX_NAME = 40;
const MAX_SOURCE = 1000;
const MAX_LINES = 200;

export function isCalendarYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= CALENDAR_YEAR_MIN && value <= CALENDAR_YEAR_MAX;
}

/** Banner text for a year that must be entered (admin calendar screen, dashboards). */
export function missingYearMessage(year: number): string {
  return `${year} 年节假日安排尚未录入：涉及 ${year} 年的期限将暂按周末和元旦、劳动节、国庆节计算（春节等农历节日和调休未计）并标注“暂定”，请在国务院办公厅公布通知后录入`;
}

// ---------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------

/**
 * Inserts the bundled years (src/platform/calendar/data) that are not in the table yet; years
 * without days (e.g. 2027 before its notice) are left out, so they stay "not entered".
 * Idempotent and safe when two processes start at once. Returns the years inserted.
 */
export async function seedCalendar(db: Db): Promise<number[]> {
  const have = new Set((await db.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  const missing = loadBundledSchedules().filter((s) => !have.has(s.year) && s.offDays.length + s.workDays.length > 0);
  if (!missing.length) return [];
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    for (const s of missing) {
      await trx
        .insertInto('calendar_years')
        .values({ year: s.year, source: s.source ?? 'holiday-cn', entered_by: null, entered_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const rows = dayRows(s);
      for (let i = 0; i < rows.length; i += 200) {
        await trx.insertInto('calendar_days').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
      }
    }
    await audit(trx, systemActor(), { action: 'calendar.seed', entity: 'calendar', entityId: '*', after: { years: missing.map((s) => s.year) } });
    await runChangeHooks(trx, db, missing.map((s) => s.year), 'seed', systemActor());
  });
  invalidateCalendar(db);
  return missing.map((s) => s.year);
}

function dayRows(s: YearSchedule) {
  return [
    ...s.offDays.map((date) => ({ date, kind: 'off' as const, name: s.names?.[date] ?? null, year: s.year })),
    ...s.workDays.map((date) => ({ date, kind: 'work' as const, name: s.names?.[date] ?? null, year: s.year })),
  ];
}

// ---------------------------------------------------------------------------
// Change hooks: code that stores dates computed with the calendar (the stored due dates of
// 依申请公开 requests) recomputes them in the same transaction as the change. platform/ does not
// know the features: they register here at start (idempotent: a Set of functions).
// ---------------------------------------------------------------------------

export interface CalendarChange {
  /** The years entered (saveYear: one; seeding: the bundled years inserted). */
  years: number[];
  how: 'save' | 'seed';
  actor: Actor;
  /** The calendar as it is inside the transaction, after the change. */
  calendar: WorkCalendar;
  /**
   * The outer handle (never to be used inside the hook's transaction): for work that should follow the commit
   * in short transactions of its own, recorded in the outbox with `emit(trx, db, …)` (platform/events.ts).
   */
  db: Db;
}
export type CalendarChangeHook = (trx: Trx, change: CalendarChange) => Promise<void>;
const changeHooks = new Set<CalendarChangeHook>();

/** Registers `hook` to run inside every calendar save/seed transaction; returns an unregister function. */
export function onCalendarChange(hook: CalendarChangeHook): () => void {
  changeHooks.add(hook);
  return () => changeHooks.delete(hook);
}

async function runChangeHooks(trx: Trx, db: Db, years: number[], how: CalendarChange['how'], actor: Actor): Promise<void> {
  if (!changeHooks.size || !years.length) return;
  const calendar = new WorkCalendar(await readSchedules(trx));
  for (const hook of changeHooks) await hook(trx, { years, how, actor, calendar, db });
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

const TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; calendar: WorkCalendar }>();

export function invalidateCalendar(db: Db): void {
  cache.delete(db);
}

/** Every stored year as schedules (ascending). */
async function readSchedules(db: Db | Trx, year?: number): Promise<YearSchedule[]> {
  let yq = db.selectFrom('calendar_years').select(['year', 'source']);
  let dq = db.selectFrom('calendar_days').select(['date', 'kind', 'name', 'year']);
  if (year !== undefined) {
    yq = yq.where('year', '=', year);
    dq = dq.where('year', '=', year);
  }
  const [years, days] = await Promise.all([yq.execute(), dq.orderBy('date').execute()]);
  const byYear = new Map<number, YearSchedule>();
  const get = (y: number) => {
    let s = byYear.get(y);
    if (!s) byYear.set(y, (s = { year: y, offDays: [], workDays: [] }));
    return s;
  };
  for (const y of years) get(y.year).source = y.source;
  for (const d of days) {
    const s = get(d.year);
    (d.kind === 'off' ? s.offDays : s.workDays).push(d.date);
    if (d.name) (s.names ??= {})[d.date] = d.name;
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** The calendar as stored now, read through `db` (e.g. inside a transaction), without the cache. */
export async function readCalendar(db: Db | Trx): Promise<WorkCalendar> {
  return new WorkCalendar(await readSchedules(db));
}

/** The calendar as stored (cached 30 s per database). */
export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && isFresh(hit.at, TTL_MS)) return hit.calendar;
  const calendar = new WorkCalendar(await readSchedules(db));
  cache.set(db, { at: Date.now(), calendar });
  return calendar;
}

export interface CalendarYearSummary {
  year: number;
  source: string;
  /** Display name of the admin who entered it; null when seeded from the bundled data. */
  enteredBy: string | null;
  enteredAt: string;
  offDays: number;
  workDays: number;
}

/** The entered years, newest first, with day counts. */
export async function listCalendarYears(db: Db): Promise<CalendarYearSummary[]> {
  const [years, counts] = await Promise.all([
    db
      .selectFrom('calendar_years')
      .leftJoin('users', 'users.id', 'calendar_years.entered_by')
      .select(['calendar_years.year', 'calendar_years.source', 'calendar_years.entered_at', 'calendar_years.entered_by', 'users.display_name'])
      .orderBy('calendar_years.year', 'desc')
      .execute(),
    db.selectFrom('calendar_days').select(['year', 'kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['year', 'kind']).execute(),
  ]);
  const n = new Map(counts.map((c) => [`${c.year}:${c.kind}`, Number(c.n)]));
  return years.map((y) => ({
    year: y.year,
    source: y.source,
    enteredBy: y.entered_by === null ? null : (y.display_name ?? `#${y.entered_by}`),
    enteredAt: y.entered_at,
    offDays: n.get(`${y.year}:off`) ?? 0,
    workDays: n.get(`${y.year}:work`) ?? 0,
  }));
}

export interface StoredYear extends YearSchedule {
  source: string;
  enteredBy: string | null;
  enteredAt: string;
}

/** One entered year, or null when it has not been entered. */
export async function getCalendarYear(db: Db, year: number): Promise<StoredYear | null> {
  const row = await db
    .selectFrom('calendar_years')
    .leftJoin('users', 'users.id', 'calendar_years.entered_by')
    .select(['calendar_years.source', 'calendar_years.entered_at', 'calendar_years.entered_by', 'users.display_name'])
    .where('calendar_years.year', '=', year)
    .executeTakeFirst();
  if (!row) return null;
  const [s] = await readSchedules(db, year);
  return {
    ...(s ?? { year, offDays: [], workDays: [] }),
    source: row.source,
    enteredBy: row.entered_by === null ? null : (row.display_name ?? `#${row.entered_by}`),
    enteredAt: row.entered_at,
  };
}

/**
 * The years an admin must enter now: the current year when it is not entered, and from
 * 1 November on also the next year (the State Council publishes it in Nov–Dec, and due dates
 * of requests received then reach into it). `today` is 'YYYY-MM-DD' (Beijing).
 */
export async function missingYears(db: Db, today: string): Promise<number[]> {
  if (!isIsoDate(today)) throw new RangeError(`日期“${String(today)}”无效，应为 YYYY-MM-DD 格式。`);
  const year = Number(today.slice(0, 4));
  const wanted = today.slice(5) >= '11-01' ? [year, year + 1] : [year];
  const calendar = await loadCalendar(db);
  return wanted.filter((y) => !calendar.isKnownYear(y));
}

// ---------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------

export interface SaveYearInput {
  year: unknown;
  /** Rest days (放假), including the weekend days inside a holiday block. */
  offDays: unknown;
  /** Make-up working days (调休上班日). */
  workDays: unknown;
  /** Optional holiday name per date. */
  names?: unknown;
  /** The notice: title and/or gov.cn URL. */
  source: unknown;
}

const pad = (n: number) => String(n).padStart(2, '0');

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The first and last date a notice for `year` may list. */
export function yearWindow(year: number): [string, string] {
  return [`${year - 1}-12-${pad(31 - YEAR_MARGIN_DAYS + 1)}`, `${year + 1}-01-${pad(YEAR_MARGIN_DAYS)}`];
}

function summarise(problems: string[]): string {
  if (problems.length <= 3) return problems.join('；');
  return `${problems.slice(0, 3).join('；')}；另有 ${problems.length - 3} 处问题`;
}

/**
 * Checks a year's schedule without the database: the year, the dates (real dates inside the
 * year or within 7 days around it, none both off and work, some off day on a weekday), the
 * names and the source. Returns the normalised schedule, or field errors (Chinese).
 */
export function checkYearInput(input: SaveYearInput): { schedule: YearSchedule | null; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const year = typeof input.year === 'string' && /^\d{4}$/.test(input.year) ? Number(input.year) : input.year;
  if (!isCalendarYear(year)) {
    fields.year = `年份应为 ${CALENDAR_YEAR_MIN} 至 ${CALENDAR_YEAR_MAX} 之间的整数`;
    return { schedule: null, fields };
  }
  const [first, last] = yearWindow(year);
  const list = (value: unknown, field: 'offDays' | 'workDays', what: string, max: number): string[] => {
    if (!Array.isArray(value)) {
      fields[field] = `${what}格式错误：应为日期列表`;
      return [];
    }
    const problems: string[] = [];
    const out = new Set<string>();
    for (const d of value) {
      if (!isIsoDate(d)) problems.push(`“${String(d).slice(0, 20)}”不是有效日期（应为 YYYY-MM-DD）`);
      else if (d < first || d > last) problems.push(`${d} 不属于 ${year} 年（只能填写 ${first} 至 ${last} 之间的日期）`);
      else out.add(d);
    }
    if (out.size > max) problems.push(`${what}最多 ${max} 天，当前 ${out.size} 天`);
    if (problems.length) fields[field] = summarise(problems);
    return [...out].sort();
  };
  const offDays = list(input.offDays, 'offDays', '休息日', MAX_OFF_DAYS);
  const workDays = list(input.workDays, 'workDays', '调休上班日', MAX_WORK_DAYS);
  if (!fields.offDays) {
    if (!offDays.length) fields.offDays = '请至少填写一个休息日（放假日期），例如元旦';
    else if (offDays.every((d) => weekday(d) === 0 || weekday(d) === 6)) {
      fields.offDays = '所列休息日都是周六或周日，似乎有误：节假日安排应包含在工作日放假的日期（如元旦、春节）';
    }
  }
  if (!fields.workDays) {
    const off = new Set(offDays);
    const both = workDays.filter((d) => off.has(d));
    if (both.length) fields.workDays = `${both.join('、')} 同时列为休息日和调休上班日，请只保留一处`;
  }
  const names: Record<string, string> = {};
  if (input.names !== undefined && input.names !== null) {
    if (typeof input.names !== 'object' || Array.isArray(input.names)) fields.names = '节日名称格式错误';
    else {
      const offSet = new Set(offDays);
      const listed = new Set([...offDays, ...workDays]);
      const problems: Record<'offDays' | 'workDays', string[]> = { offDays: [], workDays: [] };
      for (const [d, raw] of Object.entries(input.names as Record<string, unknown>)) {
        if (!listed.has(d) || raw === undefined || raw === null) continue;
        const name = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : '';
        const field = offSet.has(d) ? 'offDays' : 'workDays';
        if (typeof raw !== 'string') problems[field].push(`${d} 的名称格式错误`);
        else if (name.length > MAX_NAME) problems[field].push(`${d} 的名称不能超过 ${MAX_NAME} 个字`);
        else if (name) names[d] = name;
      }
      for (const field of ['offDays', 'workDays'] as const) if (problems[field].length) fields[field] ??= summarise(problems[field]);
    }
  }
  const source = typeof input.source === 'string' ? input.source.replace(/\s+/g, ' ').trim() : '';
  if (!source) fields.source = '请填写依据：国务院办公厅通知的标题或网址';
  else if (source.length > MAX_SOURCE) fields.source = `依据不能超过 ${MAX_SOURCE} 个字`;
  if (Object.keys(fields).length) return { schedule: null, fields };
  const schedule: YearSchedule = { year, offDays, workDays, source };
  if (Object.keys(names).length) schedule.names = names;
  return { schedule, fields };
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}

/**
 * Enters or replaces one year's schedule (platform admins): one transaction that replaces that
 * year's rows, with an audit row 'calendar.save' (before/after). A date already listed by another
 * year's notice is refused (one date, one notice). Due dates computed from now on use it.
 */
export async function saveYear(db: Db, actor: Actor, input: SaveYearInput): Promise<Result<YearSchedule & { created: boolean }>> {
  if (!can(actor, 'calendar.manage')) return fail('FORBIDDEN', '只有平台管理员可以维护工作日历。');
  const { schedule, fields } = checkYearInput(input);
  if (!schedule) return fail('VALIDATION', undefined, fields);
  const { year } = schedule;
  const dates = [...schedule.offDays, ...schedule.workDays];
  try {
    const outcome = await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('calendar_days').select(['date', 'year']).where('date', 'in', dates).where('year', '<>', year).orderBy('date').execute();
      if (taken.length) {
        const conflict: FieldErrors = {};
        for (const field of ['offDays', 'workDays'] as const) {
          const mine = new Set(field === 'offDays' ? schedule.offDays : schedule.workDays);
          const hits = taken.filter((t) => mine.has(t.date));
          if (hits.length) {
            conflict[field] = summarise(hits.map((t) => `${t.date} 已列入 ${t.year} 年的节假日安排（同一日期只能属于一个年度的通知，如需调整请先修改 ${t.year} 年）`));
          }
        }
        return { conflict };
      }
      const beforeYear = await trx.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
      const beforeDays = await trx.selectFrom('calendar_days').select(['date', 'kind']).where('year', '=', year).orderBy('date').execute();
      await trx.deleteFrom('calendar_days').where('year', '=', year).execute();
      const rows = dayRows(schedule);
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('calendar_days').values(rows.slice(i, i + 200)).execute();
      const entered = { source: schedule.source!, entered_by: actorId(actor), entered_at: nowIso() };
      if (beforeYear) await trx.updateTable('calendar_years').set(entered).where('year', '=', year).execute();
      else await trx.insertInto('calendar_years').values({ year, ...entered }).execute();
      await audit(trx, actor, {
        action: 'calendar.save',
        entity: 'calendar',
        entityId: year,
        before: beforeYear
          ? {
              source: beforeYear.source,
              offDays: beforeDays.filter((d) => d.kind === 'off').map((d) => d.date),
              workDays: beforeDays.filter((d) => d.kind === 'work').map((d) => d.date),
            }
          : undefined,
        after: { source: schedule.source, offDays: schedule.offDays, workDays: schedule.workDays },
      });
      await runChangeHooks(trx, db, [year], 'save', actor);
      return { created: !beforeYear };
    });
    if ('conflict' in outcome) return fail('VALIDATION', undefined, outcome.conflict);
    return ok({ ...schedule, created: outcome.created });
  } catch (err) {
    if (isUniqueViolation(err)) return fail('CONFLICT', '另一位管理员正在同时修改节假日安排，请刷新页面后重试。');
    throw err;
  } finally {
    invalidateCalendar(db);
  }
}

// ---------------------------------------------------------------------------
// The admin form's text format: one "YYYY-MM-DD 名称" per line
// ---------------------------------------------------------------------------

const LINE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\s,，:：;；、]+(.*))?$/;

export interface ParsedDayLines {
  dates: string[];
  names: Record<string, string>;
  /** Chinese message for the field, when some line is wrong. */
  error?: string;
}

/**
 * Parses a textarea of "YYYY-MM-DD 名称" lines (the name is optional; 2027/1/1 and 2027年1月1日
 * are accepted; blank lines and lines starting with # are skipped). Reports lines by number.
 */
export function parseDayLines(text: string): ParsedDayLines {
  const lines = text.split(/\r\n|\r|\n/);
  const dates: string[] = [];
  const names: Record<string, string> = {};
  const problems: string[] = [];
  const seen = new Map<string, number>();
  let count = 0;
  lines.forEach((raw, i) => {
    const line = raw.replace(/[\u3000\u00a0]/g, ' ').trim();
    if (!line || line.startsWith('#')) return;
    count++;
    const m = LINE.exec(line);
    const shown = line.length > 30 ? `${line.slice(0, 30)}…` : line;
    const date = m ? `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}` : '';
    if (!m || !isIsoDate(date)) {
      problems.push(`第 ${i + 1} 行“${shown}”不是有效日期，应为“YYYY-MM-DD 名称”`);
      return;
    }
    if (seen.has(date)) {
      problems.push(`第 ${i + 1} 行的 ${date} 与第 ${seen.get(date)} 行重复`);
      return;
    }
    seen.set(date, i + 1);
    dates.push(date);
    const name = (m[4] ?? '').trim();
    if (name) names[date] = name;
  });
  if (count > MAX_LINES) problems.unshift(`最多 ${MAX_LINES} 行，当前 ${count} 行`);
  return problems.length ? { dates, names, error: summarise(problems) } : { dates, names };
}

/** The textarea text for a list of dates: "YYYY-MM-DD 名称" per line. */
export function formatDayLines(dates: readonly string[], names: Record<string, string> = {}): string {
  return dates.map((d) => (names[d] ? `${d} ${names[d]}` : d)).join('\n');
}
