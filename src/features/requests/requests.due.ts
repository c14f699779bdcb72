// The stored due date of each request (columns of migration 0005): a cache of the pure clock
// (clock.ts computeClock) so that the staff queue can order by due date and filter 即将到期 /
// 已超期 in SQL. Written in the same transaction as every change of a request (requests.commands.ts)
// and recomputed after the transaction that enters a year of the working-day calendar (a hook
// registered with platform/calendar onCalendarChange — platform/ never imports features/ — records an
// outbox event in that transaction; its handler recomputes in batches of 500 requests, each batch its own
// short transaction, so entering a year never holds one long write: 100,000 requests took one 15 s write
// transaction before. The calendar's caller still gets its answer after the recomputation (events are
// delivered after commit, before the transaction's execute() resolves), and an interrupted one is
// delivered again by the events job: recomputing is idempotent).
//
// What is stored is what computeClock says on the day of the write. For a request in an open
// consultation the due date is a projection "as if it ended today" that moves every working day;
// the queue orders such rows by the stored projection and recomputes them when it shows them
// (console/requests.tsx). Everything else stored is independent of "today" (即将到期 / 已超期 are
// derived from today in SQL). Other processes cache the calendar for up to 30 s: a write with a
// stale calendar is re-checked when it comes out provisional (refreshDue), and a correction of an
// already entered year reaches the rows it affects through the hook of the process that saved it.
import { sql } from 'kysely';
import type { Db, DbOrTrx, Trx } from '../../platform/db/index.ts';
import { emit } from '../../platform/events.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { parseJson } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { onCalendarChange, readCalendar, yearWindow, type CalendarChange } from '../../platform/calendar/calendar.repository.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { DUE_SOON_WORKING_DAYS, computeClock, type ClockResult, type RequestEvent } from './clock.ts';
import { OPEN_STATUSES } from './transitions.ts';
import { clockRequest, type RequestRow } from './requests.repository.ts';
import './actions.ts'; // defines this feature's actions

export interface DueColumns {
  due_on: string | null;
  due_reason: string;
  due_provisional: 0 | 1;
  clock_running: 0 | 1;
}

/** Stored when the clock has nothing to say (e.g. an online request withdrawn before confirmation). */
export const NO_DUE_REASON = '无答复期限';

/**
 * The stored columns for a clock result. `clock_running` = the due date counts against the
 * office today: the clock runs, or a consultation began after the due date had passed (the clock
 * reports such a request as overdue and its due date no longer moves).
 */
export function dueColumns(c: ClockResult): DueColumns {
  return {
    due_on: c.dueOn,
    due_reason: c.dueReason || NO_DUE_REASON,
    due_provisional: c.provisional ? 1 : 0,
    clock_running: c.phase === 'running' || (c.phase === 'paused' && c.overdue) ? 1 : 0,
  };
}

/**
 * The queue's order key: due date, requests without one last. Written exactly like the expression
 * indexes of migration 0005 so that both SQLite and PostgreSQL walk the index instead of sorting.
 */
export const QUEUE_ORDER = sql<string>`coalesce(requests.due_on, '9999-12-31')`;

/**
 * The bounds of the SQL due filters for `today`, consistent with computeClock: 即将到期 is
 * `today <= due_on < soonBefore` (at most 3 working days in (today, due]), 已超期 is `due_on < today`,
 * both on rows with clock_running = 1.
 */
export function dueBounds(calendar: WorkCalendar, today: string): { today: string; soonBefore: string } {
  return { today, soonBefore: calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS + 1).date };
}

type ClockRow = Pick<RequestRow, 'id' | 'channel' | 'received_on'> & Partial<Pick<RequestRow, 'due_on' | 'due_reason' | 'due_provisional' | 'clock_running'>>;

const CLOCK_COLUMNS = ['id', 'channel', 'received_on', 'due_on', 'due_reason', 'due_provisional', 'clock_running'] as const;

/** The events of several requests, in recorded order, as the clock reads them. */
export async function eventsByRequest(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, RequestEvent[]>> {
  const out = new Map<number, RequestEvent[]>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('request_events').select(['request_id', 'type', 'on', 'payload']).where('request_id', 'in', [...ids]).orderBy('request_id').orderBy('id').execute();
  for (const e of rows) {
    let list = out.get(e.request_id);
    if (!list) out.set(e.request_id, (list = []));
    list.push(parseJson<RequestEvent>(e.payload, { type: e.type, on: e.on } as RequestEvent));
  }
  return out;
}

function clockOf(row: ClockRow, events: readonly RequestEvent[], calendar: WorkCalendar, today: string): ClockResult {
  return computeClock(clockRequest(row as RequestRow), events, calendar, today);
}

function sameColumns(row: ClockRow, c: DueColumns): boolean {
  return row.due_on === c.due_on && row.due_reason === c.due_reason && Number(row.due_provisional) === c.due_provisional && Number(row.clock_running) === c.clock_running;
}

/**
 * Recomputes and writes the stored due columns of one request (call it inside the transaction
 * that changed the request or its events). Returns the columns written. `calendar` may be the
 * cached one (up to 30 s old): a provisional result is checked against the years stored now, so
 * that a year entered meanwhile (whose recompute may have run before this write) is not missed.
 */
export async function refreshDue(trx: DbOrTrx, request: number | ClockRow, calendar: WorkCalendar, today: string): Promise<DueColumns> {
  const row = typeof request === 'number' ? await trx.selectFrom('requests').select([...CLOCK_COLUMNS]).where('id', '=', request).executeTakeFirstOrThrow() : request;
  const events = (await eventsByRequest(trx, [row.id])).get(row.id) ?? [];
  let clock = clockOf(row, events, calendar, today);
  if (clock.provisional && (await trx.selectFrom('calendar_years').select('year').where('year', 'in', clock.unknownYears).executeTakeFirst())) {
    clock = clockOf(row, events, await readCalendar(trx), today);
  }
  const cols = dueColumns(clock);
  await trx.updateTable('requests').set(cols).where('id', '=', row.id).execute();
  return cols;
}

/** Writes many rows' columns with one statement per batch (a CTE of VALUES; SQLite ≥ 3.33 and PostgreSQL). */
async function writeBatch(db: DbOrTrx, rows: { id: number; cols: DueColumns }[]): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.cols.due_on}, ${r.cols.due_reason}, ${r.cols.due_provisional}, ${r.cols.clock_running})`));
  await sql`with v(id, due_on, due_reason, due_provisional, clock_running) as (values ${values})
    update requests set
      due_on = v.due_on,
      due_reason = v.due_reason,
      due_provisional = cast(v.due_provisional as integer),
      clock_running = cast(v.clock_running as integer)
    from v where requests.id = cast(v.id as integer)`.execute(db);
}

export interface RecomputeOptions {
  /** Only open requests whose computation may depend on these calendar years (plus every provisional one). */
  years?: readonly number[];
  /** Only rows never computed (due_reason = ''), whatever their status: the backfill after migration 0005. */
  uncomputed?: boolean;
  batchSize?: number;
  /** recomputeDueInBatches: called after each batch's transaction has committed (progress; tests). */
  onBatch?: (done: { examined: number; changed: number; batches: number }) => void | Promise<void>;
}

/**
 * Recomputes the stored due columns of the open requests (or the subset of {@link RecomputeOptions}),
 * in batches, writing only rows whose columns change. Returns how many were examined and changed.
 */
export async function recomputeDue(db: DbOrTrx, calendar: WorkCalendar, today: string, opts: RecomputeOptions = {}): Promise<{ examined: number; changed: number }> {
  let examined = 0;
  let changed = 0;
  let after = 0;
  for (;;) {
    const b = await recomputeBatch(db, after, calendar, today, opts);
    examined += b.examined;
    changed += b.changed;
    if (b.last === null) break;
    after = b.last;
  }
  return { examined, changed };
}

/**
 * The same, one batch per transaction of its own (`db` must be the outer handle): no write transaction
 * lasts longer than one batch of `batchSize` (500) requests.
 */
async function recomputeDueInBatches(db: Db, calendar: WorkCalendar, today: string, opts: RecomputeOptions = {}): Promise<{ examined: number; changed: number; batches: number }> {
  let examined = 0;
  let changed = 0;
  let batches = 0;
  let after = 0;
  for (;;) {
    const b = await db.transaction().execute((trx) => recomputeBatch(trx, after, calendar, today, opts));
    batches++;
    examined += b.examined;
    changed += b.changed;
    await opts.onBatch?.({ examined, changed, batches });
    if (b.last === null) break;
    after = b.last;
  }
  return { examined, changed, batches };
}

/** One batch of {@link recomputeDue}: the requests after id `after`; `last` = the id to continue after, null when done. */
async function recomputeBatch(db: DbOrTrx, after: number, calendar: WorkCalendar, today: string, opts: RecomputeOptions): Promise<{ examined: number; changed: number; last: number | null }> {
  const size = opts.batchSize ?? 500;
  let q = db.selectFrom('requests').select([...CLOCK_COLUMNS]).where('id', '>', after);
  if (opts.uncomputed) q = q.where('due_reason', '=', '');
  else q = q.where('status', 'in', [...OPEN_STATUSES]);
  if (opts.years?.length) {
    // A computation over dates in [received_on, max(due_on, today)] depends on year Y when that
    // range meets the window a notice for Y may list (late December of Y−1 … early January of Y+1).
    const lo = yearWindow(Math.min(...opts.years))[0];
    const hi = yearWindow(Math.max(...opts.years))[1];
    q = q.where((eb) =>
      eb.or([
        eb('due_provisional', '=', 1),
        eb('status', '=', 'in-consultation'),
        eb.and([eb('received_on', 'is not', null), eb('received_on', '<=', hi), eb.or([eb('due_on', 'is', null), eb('due_on', '>=', lo)])]),
      ]),
    );
  }
  const rows = await q.orderBy('id').limit(size).execute();
  if (!rows.length) return { examined: 0, changed: 0, last: null };
  const events = await eventsByRequest(
    db,
    rows.map((r) => r.id),
  );
  const writes: { id: number; cols: DueColumns }[] = [];
  for (const r of rows) {
    const cols = dueColumns(clockOf(r, events.get(r.id) ?? [], calendar, today));
    if (!sameColumns(r, cols)) writes.push({ id: r.id, cols });
  }
  for (let i = 0; i < writes.length; i += 200) await writeBatch(db, writes.slice(i, i + 200));
  return { examined: rows.length, changed: writes.length, last: rows.length < size ? null : rows[rows.length - 1]!.id };
}

/** The outbox event a calendar change records (handled by this feature's manifest, module.ts). */
export const DUE_RECOMPUTE_EVENT = 'request.due-recompute';

export interface DueRecomputePayload {
  years: number[];
  how: CalendarChange['how'];
  /** Who entered the year (the audit row names them); its unit scope is not kept (not needed). */
  actor: Omit<Actor, 'scope'>;
}

/**
 * The event's handler: recomputes the open requests the entered years can affect, one short transaction per
 * batch, with the calendar as stored now, then one audit row (when the admin saved a year, or anything
 * changed). Redelivered after an interruption: recomputing again changes only what is still wrong.
 */
export async function recomputeOnCalendarChange(
  db: Db, p: DueRecomputePayload, opts: Pick<RecomputeOptions, 'batchSize' | 'onBatch'> & { today?: string } = {},
): Promise<{ examined: number; changed: number; batches: number }> {
  const calendar = await readCalendar(db);
  const r = await recomputeDueInBatches(db, calendar, opts.today ?? todayBeijing(), { years: p.years, batchSize: opts.batchSize, onBatch: opts.onBatch });
  if (p.how === 'save' || r.changed > 0) {
    const actor: Actor = { ...p.actor, scope: new Set<number>() };
    await db.transaction().execute((trx) =>
      audit(trx, actor, {
        action: 'request.due-recompute',
        entity: 'request',
        publicEffect: false, // never on a public page
        entityId: '*',
        after: p.years.length === 1 ? { count: r.examined, changed: r.changed, year: p.years[0] } : { count: r.examined, changed: r.changed, years: p.years },
      }),
    );
  }
  return r;
}

/**
 * Installs the calendar hook (idempotent) — called at app start and by prepareDatabase, so that
 * seeding new bundled years and the admin calendar page both recompute.
 */
export function registerDueHooks(): void {
  onCalendarChange(calendarHook);
}
const calendarHook = async (trx: Trx, change: CalendarChange): Promise<void> => {
  const { scope: _scope, ...actor } = change.actor;
  const payload: DueRecomputePayload = { years: change.years, how: change.how, actor };
  await emit(trx, change.db, DUE_RECOMPUTE_EVENT, payload);
};

/** Computes the columns of rows never computed (rows created before migration 0005). */
export async function backfillDue(db: Db, today = todayBeijing()): Promise<number> {
  const pending = await db.selectFrom('requests').select('id').where('due_reason', '=', '').limit(1).executeTakeFirst();
  if (!pending) return 0;
  const calendar = await loadCalendar(db);
  return db.transaction().execute(async (trx) => (await recomputeDue(trx, calendar, today, { uncomputed: true })).changed);
}

// ---------------------------------------------------------------------------
// Counts for the console home (我的待办)
// ---------------------------------------------------------------------------

/** Open requests with a provisional due date, in `scope` (unit ids) or everywhere (null). */
export async function countProvisional(db: Db, scope: ReadonlySet<number> | null): Promise<number> {
  let q = db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('due_provisional', '=', 1)
    .where('status', 'in', [...OPEN_STATUSES]);
  if (scope) q = q.where('unit_id', 'in', scope.size ? [...scope] : [-1]);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}
