// What the annual report (sections 三 and 四, and the fee paragraph of its narrative) reads about
// requests: one plain row per request of the units in scope that may touch the year, and the year's fee
// totals. The reports feature counts these rows into its tables (reports/aggregate.ts); it never reads
// the requests' tables, events, clock or transitions itself. Reached through requests/public.ts.
import type { DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import type { LitigationResult, RequestEvent } from './clock.ts';
import { IMPLIED_OUTCOMES, OPEN_STATUSES } from './transitions.ts';
import { OUTCOMES, isOutcomeCode, type OutcomeCode } from './outcomes.ts';
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
const CLOSING = ['decide', 'withdraw', 'supplement-expired', 'fee-expired'] as const;
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
  const startInstant = `${year - 1}-12-31T16:00:00.000Z`;
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
    const p = parseJson<RequestEvent>(e.payload, { type: e.type, on: e.on } as RequestEvent);
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
        feeAmounts.set(e.request_id, p.amount ?? 0);
        break;
      case 'fee-paid':
        if (p.on.startsWith(`${year}-`)) {
          fees.paid++;
          fees.paidAmount += feeAmounts.get(e.request_id) ?? 0;
        }
        break;
    }
  }
  return { requests: [...out.values()], fees };
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
