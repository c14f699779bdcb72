// What the annual report (sections 三 and 四, and the fee paragraph of its narrative) reads about
// requests: one plain row per request of the units in scope that may touch the year, and the year's fee
// totals. The reports feature counts these rows into its tables (reports/aggregate.ts); it never reads
// the requests' tables, events, clock or transitions itself. Reached through requests/public.ts.
import type { DbOrTrx } from '../../platform/db/index.ts';
import { parseJson, sql } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { beijingYear, todayBeijing } from '../../platform/views/format.ts';
import type { LitigationResult, RequestEvent } from './clock.ts';
import { IMPLIED_OUTCOMES, OPEN_STATUSES } from './transitions.ts';
import { OUTCOMES, OUTCOME_CODES, isOutcomeCode, type OutcomeCode } from './outcomes.ts';
import { APPLICANT_TYPE_LABELS, isApplicantType } from './applicant.ts';

/** A review (行政复议) or lawsuit (行政诉讼) about a request. */
export interface LitigationRow {
  filedOn: string;
  result: LitigationResult | null;
  resultOn: string | null;
}

/** One request as the annual report sees it. */
export interface RequestOutcomeRow {
  id: number;
  /** applicant.ts ApplicantType (the report's column). */
  applicantType: string;
  /** Art. 31 receipt date, null while an online request awaits confirmation. */
  receivedOn: string | null;
  /** The day the request was submitted or registered (Beijing date). */
  submittedOn: string;
  /** The day of the event that gave the outcome; null while open. */
  closedOn: string | null;
  /** The annual report's result code: chosen on 作出答复, implied by 撤回 / 视为放弃. */
  outcome: OutcomeCode | null;
  review: LitigationRow | null;
  lawsuit: (LitigationRow & { afterReview: boolean }) | null;
}

export interface FeeTotals {
  /** Fee notices dated in the year: count and total amount (元). */
  notices: number;
  noticedAmount: number;
  /** Payments recorded in the year for noticed fees: count and amount (元). */
  paid: number;
  paidAmount: number;
}

export interface RequestOutcomes {
  requests: RequestOutcomeRow[];
  fees: FeeTotals;
}

/** Event types that matter to the report: the closing ones and review/lawsuit. */
export const CLOSING_EVENTS = ['decide', 'withdraw', 'supplement-expired', 'fee-expired'] as const;
const CLOSING = CLOSING_EVENTS;
const LITIGATION = ['review-filed', 'review-result', 'lawsuit-filed', 'lawsuit-result'] as const;
const FEES = ['fee-notice', 'fee-paid'] as const;

/**
 * Rows of every request of `unitIds` that may touch `year`: received (or submitted) by the end of
 * the year and not closed before it — plus those with a review or lawsuit, which can reach later
 * years — ordered by id; and the fee notices and payments of the year. Requests are counted by the
 * unit that holds them now (a transfer before receipt moves a request; one after receipt does not:
 * the receiving unit answers it, Art. 36(五)).
 */
export async function requestOutcomesForReport(db: DbOrTrx, scope: { year: number; unitIds: readonly number[] }): Promise<RequestOutcomes> {
  const { year, unitIds } = scope;
  const fees: FeeTotals = { notices: 0, noticedAmount: 0, paid: 0, paidAmount: 0 };
  if (unitIds.length === 0) return { requests: [], fees };
  const end = `${year}-12-31`;
  // A request last changed before the year began was closed before it (every event moves
  // updated_at to the day it is recorded, which is on or after the event's date): skip it in SQL.
  const startInstant = beijingYear(year).from;
  const touching = <Q extends { where: any }>(q: Q): Q =>
    q.where((eb: any) => eb.or([eb('requests.status', 'in', [...OPEN_STATUSES]), eb('requests.updated_at', '>=', startInstant)]));
  const rows = await touching(
    db.selectFrom('requests').select(['id', 'applicant_type', 'received_on', 'created_at', 'outcome']).where('unit_id', 'in', [...unitIds]),
  )
    .orderBy('id')
    .execute();
  const out = new Map<number, RequestOutcomeRow>();
  for (const r of rows) {
    const submittedOn = todayBeijing(Date.parse(r.created_at));
    if ((r.received_on ?? submittedOn) > end) continue;
    out.set(r.id, {
      id: r.id,
      applicantType: r.applicant_type,
      receivedOn: r.received_on,
      submittedOn,
      closedOn: null,
      outcome: isOutcomeCode(r.outcome) ? r.outcome : null,
      review: null,
      lawsuit: null,
    });
  }
  const feeAmounts = new Map<number, number>();
  // One query for the events of every request of the units (the requests' own filter is applied
  // above, in memory): far fewer round trips than chunks of ids on a district's 100,000 requests.
  const events = await touching(
    db
      .selectFrom('request_events')
      .innerJoin('requests', 'requests.id', 'request_events.request_id')
      .select(['request_events.request_id', 'request_events.type', 'request_events.on', 'request_events.payload'])
      .where('requests.unit_id', 'in', [...unitIds]),
  )
    .where('request_events.type', 'in', [...CLOSING, ...LITIGATION, ...FEES])
    .orderBy('request_events.id')
    .execute();
  for (const e of events) {
    const f = out.get(e.request_id);
    if (!f) continue;
    foldEvent(f, parseJson<RequestEvent>(e.payload, { type: e.type, on: e.on } as RequestEvent), e.request_id, year, fees, feeAmounts);
  }
  return { requests: [...out.values()], fees };
}

/** One event into a request's row and the year's fee totals (events in id order). */
function foldEvent(
  f: Pick<RequestOutcomeRow, 'review' | 'lawsuit'> & { closedOn?: string | null; outcome?: OutcomeCode | null },
  p: RequestEvent,
  requestId: number,
  year: number,
  fees: FeeTotals,
  feeAmounts: Map<number, number>,
): void {
  switch (p.type) {
    case 'decide':
    case 'withdraw':
    case 'supplement-expired':
    case 'fee-expired':
      f.closedOn = p.on;
      if (p.type !== 'decide' && f.outcome === null) f.outcome = IMPLIED_OUTCOMES[p.type] ?? null;
      break;
    case 'review-filed':
      f.review = { filedOn: p.on, result: null, resultOn: null };
      break;
    case 'review-result':
      if (f.review) f.review = { ...f.review, result: p.result as LitigationResult, resultOn: p.on };
      break;
    case 'lawsuit-filed':
      f.lawsuit = { filedOn: p.on, result: null, resultOn: null, afterReview: f.review !== null };
      break;
    case 'lawsuit-result':
      if (f.lawsuit) f.lawsuit = { ...f.lawsuit, result: p.result as LitigationResult, resultOn: p.on };
      break;
    case 'fee-notice':
      if (p.on.startsWith(`${year}-`)) {
        fees.notices++;
        fees.noticedAmount += p.amount ?? 0;
      }
      feeAmounts.set(requestId, p.amount ?? 0);
      break;
    case 'fee-paid':
      if (p.on.startsWith(`${year}-`)) {
        fees.paid++;
        fees.paidAmount += feeAmounts.get(requestId) ?? 0;
      }
      break;
  }
}

/** A request listed under a number of the report ("click a number to see its records"). */
export interface RequestRecordRow {
  id: number;
  unitId: number;
  unitName: string;
  trackingNo: string;
  /** 申请人类别 label (the stored code when unknown). */
  applicantTypeLabel: string;
  /** Art. 31 receipt date, null while an online request awaits confirmation. */
  receivedOn: string | null;
  /** 办理结果 label of the outcome code, null while open. */
  outcomeLabel: string | null;
}

/** The requests `ids` (the ids of a report cell, one page of them), ordered by id. */
export async function requestRecordsForReport(db: DbOrTrx, ids: readonly number[]): Promise<RequestRecordRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('requests')
    .innerJoin('units', 'units.id', 'requests.unit_id')
    .select(['requests.id', 'requests.unit_id', 'requests.tracking_no', 'requests.applicant_type', 'requests.received_on', 'requests.outcome', 'units.name as unit_name'])
    .where('requests.id', 'in', [...ids])
    .orderBy('requests.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    trackingNo: r.tracking_no,
    applicantTypeLabel: isApplicantType(r.applicant_type) ? APPLICANT_TYPE_LABELS[r.applicant_type] : r.applicant_type,
    receivedOn: r.received_on,
    outcomeLabel: isOutcomeCode(r.outcome) ? OUTCOMES[r.outcome].displayLabel : null,
  }));
}

// ---------------------------------------------------------------------------
// The same rows counted in SQL (issue 15): a district's 100,000 requests are grouped by the database
// instead of being read one by one; the ids behind a cell are read when the cell is opened.
// ---------------------------------------------------------------------------

/** Where a request falls in a year's request table (reports/aggregate.ts classifyRequest). */
export type RequestOpening = 'new' | 'carried-over';
export type RequestClosing = OutcomeCode | 'carried-forward';

/** Requests that fall alike, counted: in the year's table (opening and closing) and in its monthly chart. */
interface RequestCountRow {
  /** null: not in the table (closed before the year). */
  opening: RequestOpening | null;
  closing: RequestClosing | null;
  applicantType: string;
  /** Month (1–12) of the receipt (or submission) when in the year, else null. */
  receivedMonth: number | null;
  /** Month (1–12) of the closing event when closed in the year with an outcome, else null. */
  closedMonth: number | null;
  n: number;
}

/** One request of a year's table, with the place it is counted in. */
export interface RequestPlacementRow {
  id: number;
  applicantType: string;
  opening: RequestOpening;
  closing: RequestClosing;
}

export interface RequestCounts {
  counts: RequestCountRow[];
  /** The requests with a review or lawsuit (section 四; few), as requestOutcomesForReport gives them. */
  litigation: Pick<RequestOutcomeRow, 'id' | 'review' | 'lawsuit'>[];
  fees: FeeTotals;
}

/** The Beijing date (YYYY-MM-DD) a request was received online (`r.created_at`, an instant), in SQL. */
const submittedOn = (db: DbOrTrx) => (isPostgres(db) ? sql`to_char((r.created_at::timestamptz at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')` : sql`date(r.created_at, '+8 hours')`);

const CLOSING_SET = new Set<string>(CLOSING);
const inList = (xs: readonly string[]) => sql.join(xs.map((x) => sql.lit(x)));

/**
 * Each request of `unitIds` that may touch `year` (the rows requestOutcomesForReport gives), as one SQL
 * row: id, applicant_type, recv (received, or submitted on — Beijing date), closed_on (date of the last
 * closing event, by event id: kept on the request by the commands, migration 20261207052000) and outcome (the stored code, else the one the first 撤回/视为放弃 event
 * implies) — and where it falls in the year's table: opening, closing (null when not in it); as the
 * common table `q` of the statement that follows.
 */
function placedRequests(db: DbOrTrx, year: number, unitIds: readonly number[]) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const startInstant = beijingYear(year).from;
  const submitted = submittedOn(db);
  const implied = Object.entries(IMPLIED_OUTCOMES).filter(([type]) => CLOSING_SET.has(type)) as [string, OutcomeCode][];
  const impliedCase = sql.join(
    implied.map(([type, code]) => sql`when ${sql.lit(type)} then ${sql.lit(code)}`),
    sql` `,
  );
  const facts = sql`select r.id, r.applicant_type,
      coalesce(r.received_on, ${submitted}) as recv,
      r.closed_on,
      case when r.outcome in (${inList(OUTCOME_CODES)}) then r.outcome
        else (select case e.type ${impliedCase} end from request_events e where e.request_id = r.id and e.type in (${inList(implied.map(([t]) => t))}) order by e.id limit 1) end as outcome
    from requests r
    where r.unit_id in (${sql.join([...unitIds])})
      and (r.status in (${inList(OPEN_STATUSES)}) or r.updated_at >= ${startInstant})`;
  // closed: closed_on when there is an outcome (classifyRequest), else the request counts as open.
  // Materialized: each request's subqueries run once (inlined, SQLite ran them for every use of `closed`).
  return sql`with f as materialized (${facts}),
    p as materialized (select f.id, f.applicant_type, f.recv, f.outcome, case when f.outcome is not null then f.closed_on end as closed from f where f.recv <= ${end}),
    q as (select p.id, p.applicant_type, p.recv, p.closed,
      case when p.closed < ${start} then null when p.recv >= ${start} then 'new' else 'carried-over' end as opening,
      case when p.closed < ${start} then null when p.closed <= ${end} then p.outcome else 'carried-forward' end as closing
      from p)`;
}

/**
 * The year's table for `unitIds` counted in SQL: requests grouped by where they fall (opening, closing,
 * applicant type) and by the months of the chart — the same rows requestOutcomesForReport reads and
 * reports/aggregate.ts classifyRequest places (test: reports/aggregate-sql.test.ts) — with the few
 * requests under review or lawsuit and the year's fee totals.
 */
export async function requestCountsForReport(db: DbOrTrx, scope: { year: number; unitIds: readonly number[] }): Promise<RequestCounts> {
  const { year, unitIds } = scope;
  const fees: FeeTotals = { notices: 0, noticedAmount: 0, paid: 0, paidAmount: 0 };
  if (unitIds.length === 0) return { counts: [], litigation: [], fees };
  const y = `${year}-`;
  const month = (col: string) => sql`case when substr(${sql.ref(col)}, 1, 5) = ${y} then cast(substr(${sql.ref(col)}, 6, 2) as integer) end`;
  const { rows } = await sql<{ opening: RequestOpening | null; closing: RequestClosing | null; applicant_type: string; received_month: number | null; closed_month: number | null; n: number | string }>`
    ${placedRequests(db, year, unitIds)}
    select m.opening, m.closing, m.applicant_type, m.received_month, m.closed_month, count(*) as n
    from (select q.opening, q.closing, q.applicant_type, ${month('q.recv')} as received_month, ${month('q.closed')} as closed_month from q) m
    group by m.opening, m.closing, m.applicant_type, m.received_month, m.closed_month`.execute(db);
  const counts = rows.map((r) => ({
    opening: r.opening,
    closing: r.closing,
    applicantType: r.applicant_type,
    receivedMonth: r.received_month === null ? null : Number(r.received_month),
    closedMonth: r.closed_month === null ? null : Number(r.closed_month),
    n: Number(r.n),
  }));

  // Reviews, lawsuits and fees: only their events (a few per hundred requests), folded as above.
  const end = `${year}-12-31`;
  const startInstant = beijingYear(year).from;
  const submitted = submittedOn(db);
  const { rows: events } = await sql<{ request_id: number; type: string; on: string; payload: string }>`
    select e.request_id, e.type, e."on", e.payload
    from request_events e join requests r on r.id = e.request_id
    where r.unit_id in (${sql.join([...unitIds])})
      and (r.status in (${inList(OPEN_STATUSES)}) or r.updated_at >= ${startInstant})
      and coalesce(r.received_on, ${submitted}) <= ${end}
      and e.type in (${inList([...LITIGATION, ...FEES])})
    order by e.id`.execute(db);
  const facts = new Map<number, Pick<RequestOutcomeRow, 'id' | 'review' | 'lawsuit'>>();
  const feeAmounts = new Map<number, number>();
  for (const e of events) {
    let f = facts.get(e.request_id);
    if (!f) facts.set(e.request_id, (f = { id: e.request_id, review: null, lawsuit: null }));
    foldEvent(f, parseJson<RequestEvent>(e.payload, { type: e.type, on: e.on } as RequestEvent), e.request_id, year, fees, feeAmounts);
  }
  const litigation = [...facts.values()].filter((f) => f.review || f.lawsuit).sort((a, b) => a.id - b.id);
  return { counts, litigation, fees };
}

/**
 * The requests of the year's table counted in one place — an opening ('new' / 'carried-over') or closings
 * (outcome codes, 'carried-forward') — or in any place when neither is given; ordered by id. The ids
 * behind a number of the report, read when it is opened.
 */
export async function requestPlacementsForReport(
  db: DbOrTrx,
  scope: { year: number; unitIds: readonly number[]; opening?: RequestOpening; closing?: readonly RequestClosing[] },
): Promise<RequestPlacementRow[]> {
  const { year, unitIds } = scope;
  if (unitIds.length === 0 || (scope.closing && scope.closing.length === 0)) return [];
  const where = [sql`p.opening is not null`];
  if (scope.opening) where.push(sql`p.opening = ${scope.opening}`);
  if (scope.closing) where.push(sql`p.closing in (${inList(scope.closing)})`);
  const { rows } = await sql<{ id: number; applicant_type: string; opening: RequestOpening; closing: RequestClosing }>`
    ${placedRequests(db, year, unitIds)}
    select p.id, p.applicant_type, p.opening, p.closing from q p
    where ${sql.join(where, sql` and `)}
    order by p.id`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), applicantType: r.applicant_type, opening: r.opening, closing: r.closing }));
}
