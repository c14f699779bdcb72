// The fee notice of a request: the amount is computed from the fee measures (fees.ts,
// 国办函〔2020〕109号), never typed freely. By count, the request's rank among the same
// applicant's requests to the same organ in the calendar month of its receipt decides the band;
// by volume, the pages. A stated amount must equal the computed one.
//
// [A] "同一申请人一个自然月内累计申请" is counted per organ (the unit the requests were made to), by the
// Art. 31 receipt date, the applicant identified by identity-document type and number.
import type { Trx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import type { RequestEvent } from './clock.ts';
import { describeFee, feeByCount, feeByPages, type FeeResult } from './fees.ts';
import type { RequestRow } from './requests.repository.ts';

type FeeNotice = Extract<RequestEvent, { type: 'fee-notice' }>;

function identity(applicant: string): string | null {
  const a = parseJson<{ idType?: unknown; idNumber?: unknown } | null>(applicant, null);
  if (!a || typeof a.idType !== 'string' || typeof a.idNumber !== 'string' || a.idNumber.trim() === '') return null;
  return `${a.idType}:${a.idNumber.trim().toUpperCase()}`;
}

/** 1-based rank of `row` among the same applicant's requests to its unit received in the same month. */
async function monthlyRank(trx: Trx, row: RequestRow): Promise<number> {
  const receivedOn = row.received_on;
  const who = identity(row.applicant);
  if (!receivedOn || !who) return 1;
  const month = receivedOn.slice(0, 7);
  const rows = await trx
    .selectFrom('requests')
    .select(['id', 'received_on', 'applicant'])
    .where('unit_id', '=', row.unit_id)
    .where('received_on', '>=', `${month}-01`)
    .where('received_on', '<=', `${month}-31`)
    .execute();
  let rank = 0;
  for (const r of rows) {
    if (identity(r.applicant) !== who) continue;
    const before = r.received_on! < receivedOn || (r.received_on === receivedOn && r.id <= row.id);
    if (before) rank++;
  }
  return Math.max(rank, 1);
}

/** The fee notice with its computed amount, basis, rank or pages and breakdown; or a refusal. */
export async function priceFeeNotice(trx: Trx, row: RequestRow, event: FeeNotice): Promise<Result<FeeNotice>> {
  let fee: FeeResult;
  let monthlyCount: number | undefined;
  if (event.basis === 'pages') {
    fee = feeByPages(event.pages ?? 0);
    if (fee.amount === 0) return fail('VALIDATION', undefined, { pages: `${event.pages ?? 0} 页未超过 30 页，按量计收不收费，无需发出收费通知` });
  } else {
    monthlyCount = await monthlyRank(trx, row);
    fee = feeByCount(monthlyCount - 1, 1);
    if (fee.amount === 0) {
      return fail('VALIDATION', undefined, {
        basis: `这是该申请人本月向本机关提出的第 ${monthlyCount} 件申请，每月 10 件以内不收费，无需发出收费通知`,
      });
    }
  }
  if (event.amount !== undefined && event.amount !== fee.amount) {
    return fail('VALIDATION', undefined, { amount: `按收费办法计算应为 ${fee.amount} 元（${describeFee(fee)}），请核对` });
  }
  const priced: FeeNotice = { ...event, basis: event.basis ?? 'count', amount: fee.amount, detail: describeFee(fee) };
  if (monthlyCount !== undefined) priced.monthlyCount = monthlyCount;
  return ok(priced);
}
