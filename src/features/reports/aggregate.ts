/**
 * Counting requests into the tables of sections 三 and 四 of the annual report. Pure: the caller
 * loads one `RequestFact` per request (requests of the unit, or of a government and the units it
 * reports for) and gets every cell with the ids of the requests counted in it, so that any number
 * can be traced to its records.
 *
 * Counting rules (domain.md §2.3, §2.6; [A] where the format does not say):
 *  - A request is received on its Art. 31 receipt date; an online request that staff have not yet
 *    confirmed counts from the day it was submitted [A].
 *  - 一、本年新收: received in the year. 二、上年结转: received before the year and not closed
 *    before it. A request closed before the year, or received after it, is not in the table.
 *  - 三: closed in the year (decided, withdrawn, 视为放弃 after 补正 or fee), in the row of its single
 *    outcome code; a withdrawal is 其他处理 3 (transitions.ts IMPLIED_OUTCOMES).
 *  - 四、结转下年度: received by the end of the year and not closed by then.
 *    So R1 (一 + 二 = 三(七) + 四) holds by construction for every column.
 *  - A transferred request is counted once, by the unit that holds it [A]: a transfer before
 *    receipt (an online request sent to the wrong unit) moves it to the unit that then answers; a
 *    transfer after receipt does not move it — the unit that received it answers (Art. 36(五),
 *    requests/clock.ts) and counts it.
 *  - Section 四: a review or lawsuit is counted in a year when it was filed in that year, or was
 *    filed earlier and still pending at the start of the year [A]; its column is the result
 *    recorded by the end of the year, else 尚未审结. A lawsuit after a review is 复议后起诉.
 */
import { isOutcomeCode, type LitigationRow, type OutcomeCode, type RequestOutcomeRow } from '../requests/public.ts';
import {
  REQUEST_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  columnOf,
  requestRows,
  type ReportFormatId,
  type RequestColumn,
  type RequestRowDef,
  type RequestRowKey,
  type ReviewColumn,
  type ReviewGroup,
} from './format.ts';

/** A review or lawsuit about a request, as the requests feature reports it. */
type LitigationFact = LitigationRow;
/** One request as the requests feature reports it (requestOutcomesForReport in requests/public.ts). */
export type RequestFact = RequestOutcomeRow;

type Cells<C extends string> = Record<C, number>;
type CellIds<C extends string> = Record<C, number[]>;

interface RequestTableRow extends RequestRowDef {
  /** null for heading rows. */
  values: Cells<RequestColumn> | null;
  ids: CellIds<RequestColumn> | null;
}

export interface RequestTable {
  format: ReportFormatId;
  columns: readonly RequestColumn[];
  rows: RequestTableRow[];
}

export interface ReviewTableRow {
  group: ReviewGroup;
  values: Cells<ReviewColumn>;
  ids: CellIds<ReviewColumn>;
}

function emptyCells<C extends string>(cols: readonly C[]): { values: Cells<C>; ids: CellIds<C> } {
  const values = {} as Cells<C>;
  const ids = {} as CellIds<C>;
  for (const c of cols) {
    values[c] = 0;
    ids[c] = [];
  }
  return { values, ids };
}

function add<C extends string>(cell: { values: Cells<C>; ids: CellIds<C> }, col: C, id: number): void {
  cell.values[col]++;
  cell.ids[col].push(id);
}

/** Where a request falls in `year`'s request table, or null when it is not in it. */
export function classifyRequest(r: RequestFact, year: number): { opening: 'new' | 'carried-over'; closing: OutcomeCode | 'carried-forward' } | null {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const received = r.receivedOn ?? r.submittedOn;
  if (received > end) return null;
  const closed = r.closedOn !== null && isOutcomeCode(r.outcome) ? r.closedOn : null;
  if (closed !== null && closed < start) return null;
  const opening = received >= start ? 'new' : 'carried-over';
  const closing = closed !== null && closed <= end ? (r.outcome as OutcomeCode) : 'carried-forward';
  return { opening, closing };
}

/** Requests that fall in the same place of the table: `n` of them, or the one with `id`. */
export interface PlacedRequests {
  opening: 'new' | 'carried-over';
  closing: OutcomeCode | 'carried-forward';
  applicantType: string;
  n: number;
  id?: number;
}

/**
 * The table from requests already placed — by classifyRequest (buildRequestTable) or by the same rules
 * in SQL (requestCountsForReport, requestPlacementsForReport in requests/public.ts). With `withIds` every
 * cell lists the ids of its requests (each placed entry then is one request, with its id); without,
 * `ids` is null and the ids of a cell are read when it is opened (cellPlaces).
 */
export function tableOfPlaced(placed: Iterable<PlacedRequests>, format: ReportFormatId, withIds: boolean): RequestTable {
  const defs = requestRows(format);
  const cells = new Map<RequestRowKey, { values: Cells<RequestColumn>; ids: CellIds<RequestColumn> }>();
  for (const d of defs) if (!d.heading) cells.set(d.key, emptyCells(REQUEST_COLUMNS));
  const rowOfCode = new Map<OutcomeCode, RequestRowKey>();
  for (const d of defs) for (const c of d.codes) rowOfCode.set(c, d.key);

  for (const p of placed) {
    const col = columnOf(p.applicantType);
    const keys: RequestRowKey[] = [p.opening];
    if (p.closing === 'carried-forward') keys.push('carried-forward');
    else keys.push(rowOfCode.get(p.closing)!, 'total');
    for (const k of keys) {
      const cell = cells.get(k)!;
      cell.values[col] += p.n;
      cell.values.total += p.n;
      if (withIds) {
        cell.ids[col].push(p.id!);
        cell.ids.total.push(p.id!);
      }
    }
  }
  return {
    format,
    columns: REQUEST_COLUMNS,
    rows: defs.map((d) => {
      const c = cells.get(d.key);
      return { ...d, values: c ? c.values : null, ids: c && withIds ? c.ids : null };
    }),
  };
}

/** The 25 × 7 table of section 三 (the 2019 format: 23 rows, one 其他处理 row). */
export function buildRequestTable(facts: readonly RequestFact[], year: number, format: ReportFormatId): RequestTable {
  const placed: PlacedRequests[] = [];
  for (const r of facts) {
    const place = classifyRequest(r, year);
    if (place) placed.push({ ...place, applicantType: r.applicantType, n: 1, id: r.id });
  }
  return tableOfPlaced(placed, format, true);
}

/**
 * Which requests a row of the table counts, to read the ids behind one of its cells: those of an opening
 * (一、二), or those with one of these closings (三's rows, （七）总计 = every outcome, 四). null: a heading
 * row or no such row. The column is then the request's columnOf(applicant type), or any for 总计.
 */
export function cellPlaces(format: ReportFormatId, key: string): { opening: 'new' | 'carried-over' } | { closing: (OutcomeCode | 'carried-forward')[] } | null {
  if (key === 'new' || key === 'carried-over') return { opening: key };
  if (key === 'carried-forward') return { closing: ['carried-forward'] };
  const defs = requestRows(format);
  if (key === 'total') return { closing: defs.flatMap((d) => d.codes) };
  const d = defs.find((x) => x.key === key);
  return d && !d.heading ? { closing: [...d.codes] } : null;
}

/** The chart's received and closed per month, request by request (the reference monthlyOfCounts matches). */
export function monthlyOfFacts(facts: readonly RequestFact[], year: number): { month: number; received: number; closed: number }[] {
  const monthly = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, received: 0, closed: 0 }));
  for (const f of facts) {
    const rec = f.receivedOn ?? f.submittedOn;
    if (rec.startsWith(`${year}-`)) monthly[Number(rec.slice(5, 7)) - 1]!.received++;
    if (f.closedOn?.startsWith(`${year}-`) && f.outcome) monthly[Number(f.closedOn.slice(5, 7)) - 1]!.closed++;
  }
  return monthly;
}

/** The chart's received and closed per month, from counted requests (requestCountsForReport). */
export function monthlyOfCounts(counts: readonly { receivedMonth: number | null; closedMonth: number | null; n: number }[]): { month: number; received: number; closed: number }[] {
  const monthly = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, received: 0, closed: 0 }));
  for (const c of counts) {
    if (c.receivedMonth !== null) monthly[c.receivedMonth - 1]!.received += c.n;
    if (c.closedMonth !== null) monthly[c.closedMonth - 1]!.closed += c.n;
  }
  return monthly;
}

function litigationColumn(f: LitigationFact, end: string): Exclude<ReviewColumn, 'total'> {
  if (f.result !== null && f.resultOn !== null && f.resultOn <= end) return f.result;
  return 'pending';
}

function countedIn(f: LitigationFact, year: number): boolean {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  if (f.filedOn > end) return false;
  if (f.filedOn >= start) return true;
  // Filed earlier: counted while it was still pending at the start of the year.
  return f.result === null || f.resultOn === null || f.resultOn >= start;
}

/** The one-row table of section 四, as three groups of five cells. */
export function buildReviewTable(facts: readonly Pick<RequestFact, 'id' | 'review' | 'lawsuit'>[], year: number): ReviewTableRow[] {
  const end = `${year}-12-31`;
  const groups = new Map<ReviewGroup, { values: Cells<ReviewColumn>; ids: CellIds<ReviewColumn> }>();
  for (const g of REVIEW_GROUPS) groups.set(g, emptyCells(REVIEW_COLUMNS));
  const count = (g: ReviewGroup, f: LitigationFact, id: number) => {
    if (!countedIn(f, year)) return;
    const cell = groups.get(g)!;
    add(cell, litigationColumn(f, end), id);
    add(cell, 'total', id);
  };
  for (const r of facts) {
    if (r.review) count('review', r.review, r.id);
    if (r.lawsuit) count(r.lawsuit.afterReview ? 'lawsuit-after-review' : 'lawsuit-direct', r.lawsuit, r.id);
  }
  return REVIEW_GROUPS.map((group) => ({ group, ...groups.get(group)! }));
}

/** Requests counted in a cell, for "click a number to see its records". */
export function idsOfCell(table: RequestTable, key: RequestRowKey, column: RequestColumn): number[] {
  return table.rows.find((r) => r.key === key)?.ids?.[column] ?? [];
}
