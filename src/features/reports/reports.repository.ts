// Loading the records an annual report counts: one RequestFact per request of the units in scope
// (from the requests and their dated events), and the documents of section 二. The counting itself
// is pure (aggregate.ts); this file only reads.
import type { DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import type { LitigationResult, RequestEvent } from '../requests/clock.ts';
import { IMPLIED_OUTCOMES, OPEN_STATUSES } from '../requests/transitions.ts';
import { isOutcomeCode } from '../requests/outcomes.ts';
import type { LitigationFact, RequestFact } from './aggregate.ts';

/** Event types that matter to the report: the closing ones and review/lawsuit. */
const CLOSING = ['decide', 'withdraw', 'supplement-expired', 'fee-expired'] as const;
const LITIGATION = ['review-filed', 'review-result', 'lawsuit-filed', 'lawsuit-result'] as const;
const FEES = ['fee-notice', 'fee-paid'] as const;


export interface FeeFacts {
  /** Fee notices dated in the year: count and total amount (元). */
  notices: number;
  noticedAmount: number;
  /** Payments recorded in the year for noticed fees: count and amount (元). */
  paid: number;
  paidAmount: number;
}

export interface LoadedFacts {
  requests: RequestFact[];
  fees: FeeFacts;
}

/**
 * Facts of every request of `unitIds` that may touch `year`: received (or submitted) by the end of
 * the year and not closed before it — plus those with a review or lawsuit, which can reach later
 * years. Requests are counted by the unit that holds them now (a transfer before receipt moves a
 * request; one after receipt does not: the receiving unit answers it, Art. 36(五)).
 */
export async function loadRequestFacts(db: DbOrTrx, unitIds: readonly number[], year: number): Promise<LoadedFacts> {
  const fees: FeeFacts = { notices: 0, noticedAmount: 0, paid: 0, paidAmount: 0 };
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
  const facts = new Map<number, RequestFact>();
  for (const r of rows) {
    const submittedOn = todayBeijing(Date.parse(r.created_at));
    if ((r.received_on ?? submittedOn) > end) continue;
    facts.set(r.id, {
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
  {
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
      const f = facts.get(e.request_id);
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
  }
  return { requests: [...facts.values()], fees };
}

export type { LitigationFact };

/** Counts of section 二 for one document kind (规章 / 行政规范性文件) over the units in scope. */
export interface ActiveDocCounts {
  /** Made in the year: published documents of the kind with 成文日期 in the year. */
  made: number[];
  /** Published in the year (the 2019 format's 本年新公开数量). */
  published: number[];
  /**
   * Repealed in the year: 有效性 changed to 废止 or 失效 — or 已修改 with a successor document (replaced
   * by another, as the 失效文件清单 lists it) — with a date in the year.
   */
  repealed: number[];
  /**
   * Valid at the end of the year: published by then and 有效, or 已修改 without a successor (still in
   * force as amended); a document no longer in force only from a date after the year still counts.
   */
  valid: number[];
  /** All published by the end of the year (the 2019 format's 对外公开总数量). */
  total: number[];
}

/** Document ids per cell, for drill-down; the count is the array's length. */
export async function loadActiveDocCounts(db: DbOrTrx, unitIds: readonly number[], year: number, kind: string): Promise<ActiveDocCounts> {
  const out: ActiveDocCounts = { made: [], published: [], repealed: [], valid: [], total: [] };
  if (unitIds.length === 0) return out;
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'written_on', 'published_at', 'validity', 'validity_on', 'replaced_by_id'])
    .where('unit_id', 'in', [...unitIds])
    .where('kind', '=', kind)
    .where('status', '=', 'published')
    .orderBy('id')
    .execute();
  for (const d of rows) {
    const publishedOn = d.published_at ? todayBeijing(Date.parse(d.published_at)) : null;
    if (d.written_on && d.written_on >= start && d.written_on <= end) out.made.push(d.id);
    if (publishedOn && publishedOn >= start && publishedOn <= end) out.published.push(d.id);
    const gone = d.validity === '废止' || d.validity === '失效' || (d.validity === '已修改' && d.replaced_by_id !== null);
    if (gone && d.validity_on && d.validity_on >= start && d.validity_on <= end) out.repealed.push(d.id);
    if (publishedOn && publishedOn <= end) {
      out.total.push(d.id);
      const stillValid = !gone || (d.validity_on !== null && d.validity_on > end);
      if (stillValid) out.valid.push(d.id);
    }
  }
  return out;
}
