/**
 * 信息处理费 — the information-processing fee of 《政府信息公开信息处理费管理办法》
 * (国办函〔2020〕109号; domain.md §1.7). Pure arithmetic, amounts in whole 元.
 *
 * Both methods are progressive by excess (超额累进, Art. 3): each portion is charged at its band's
 * rate. An organ picks ONE method per request, never both (Art. 3).
 *
 *  - By count (按件计收, Art. 4), per applicant per calendar month, cumulative:
 *      1–10 free · 11–30 100元/件 · from 31, per band of 10 the rate rises by 100元/件
 *      (31–40 200, 41–50 300, 51–60 400 …). The band arithmetic is domain.md's reading [A] of
 *      "以10件为一档，每增加一档，收费标准提高100元/件".
 *  - By volume (按量计收, Art. 5), per request, pages:
 *      ≤30 free · 31–100 10元/页 · 101–200 20元/页 · ≥201 40元/页.
 *
 * How electronic data converts to pages is unverified (domain.md §1.7) and left to the caller.
 */

export const FEE_BASIS_BY_COUNT = '国办函〔2020〕109号 第四条' as const;
export const FEE_BASIS_BY_PAGES = '国办函〔2020〕109号 第五条' as const;

/** Guard against absurd input (a month's count or a request's pages). */
const FEE_MAX_UNITS = 1_000_000;

interface FeeBand {
  /** First unit of the portion (cumulative count, or page number), inclusive. */
  from: number;
  /** Last unit of the portion, inclusive. */
  to: number;
  /** 元 per unit in this portion (0 = free). */
  rate: number;
  /** rate × (to − from + 1). */
  subtotal: number;
}

export interface FeeResult {
  /** Total in 元. */
  amount: number;
  /** The portions charged, in ascending order (free portions included, rate 0). */
  breakdown: FeeBand[];
  basis: typeof FEE_BASIS_BY_COUNT | typeof FEE_BASIS_BY_PAGES;
}

function checkUnits(n: number, what: string, min: number): void {
  if (!Number.isInteger(n) || n < min || n > FEE_MAX_UNITS) {
    throw new RangeError(`${what}“${String(n)}”无效，应为 ${min} 至 ${FEE_MAX_UNITS} 之间的整数。`);
  }
}

/** Rate per request for the k-th request of the month (k ≥ 1). */
export function rateForMonthlyCount(k: number): number {
  checkUnits(k, '件数', 1);
  return countBand(k)[2];
}

/** Rate per page for page p of a request (p ≥ 1). */
export function rateForPage(p: number): number {
  checkUnits(p, '页数', 1);
  return pageBand(p)[2];
}

/** Split units first…last (inclusive) into bands; `bandOf(k)` gives [bandStart, bandEnd, rate] of unit k. */
function banded(first: number, last: number, bandOf: (k: number) => [number, number, number]): FeeBand[] {
  const out: FeeBand[] = [];
  let k = first;
  while (k <= last) {
    const [, end, rate] = bandOf(k);
    const to = Math.min(end, last);
    out.push({ from: k, to, rate, subtotal: rate * (to - k + 1) });
    k = to + 1;
  }
  return out;
}

function countBand(k: number): [number, number, number] {
  if (k <= 10) return [1, 10, 0];
  if (k <= 30) return [11, 30, 100];
  const i = Math.floor((k - 31) / 10);
  return [31 + 10 * i, 40 + 10 * i, 100 * (2 + i)];
}

function pageBand(p: number): [number, number, number] {
  if (p <= 30) return [1, 30, 0];
  if (p <= 100) return [31, 100, 10];
  if (p <= 200) return [101, 200, 20];
  return [201, Number.MAX_SAFE_INTEGER, 40];
}

/**
 * Fee by count (按件计收) for `countNow` requests of one applicant, when the same applicant already
 * filed `monthlyCountBefore` requests in the same calendar month (counted cumulatively).
 *
 * @example feeByCount(0, 45).amount // 20×100 + 10×200 + 5×300 = 5500
 */
export function feeByCount(monthlyCountBefore: number, countNow: number): FeeResult {
  checkUnits(monthlyCountBefore, '本月此前申请件数', 0);
  checkUnits(countNow, '本次申请件数', 0);
  if (monthlyCountBefore + countNow > FEE_MAX_UNITS) throw new RangeError('件数过大。');
  const breakdown = banded(monthlyCountBefore + 1, monthlyCountBefore + countNow, countBand);
  return { amount: sum(breakdown), breakdown, basis: FEE_BASIS_BY_COUNT };
}

/**
 * Fee by volume (按量计收) for one request of `pages` pages.
 *
 * @example feeByPages(250).amount // 70×10 + 100×20 + 50×40 = 4700
 */
export function feeByPages(pages: number): FeeResult {
  checkUnits(pages, '页数', 0);
  const breakdown = banded(1, pages, pageBand);
  return { amount: sum(breakdown), breakdown, basis: FEE_BASIS_BY_PAGES };
}

function sum(bands: FeeBand[]): number {
  return bands.reduce((s, b) => s + b.subtotal, 0);
}

/** The breakdown as Chinese text for a 收费通知, e.g. "第11—30件 20件×100元=2000元；…；合计5500元". */
export function describeFee(fee: FeeResult): string {
  const unit = fee.basis === FEE_BASIS_BY_COUNT ? '件' : '页';
  const parts = fee.breakdown.map((b) => {
    const n = b.to - b.from + 1;
    const range = b.from === b.to ? `第${b.from}${unit}` : `第${b.from}—${b.to}${unit}`;
    return b.rate === 0 ? `${range} 免费` : `${range} ${n}${unit}×${b.rate}元=${b.subtotal}元`;
  });
  return `${parts.length ? parts.join('；') + '；' : ''}合计${fee.amount}元（依据${fee.basis}）`;
}
