/**
 * 信息处理费 (国办函〔2020〕109号 Arts. 4–5): band edges, progressive-by-excess totals, the
 * monthly cumulative count, and the 45 → 5,500 元 example of domain.md §1.7.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  FEE_BASIS_BY_COUNT,
  FEE_BASIS_BY_PAGES,
  describeFee,
  feeByCount,
  feeByPages,
  rateForMonthlyCount,
  rateForPage,
} from './fees.ts';

// --- by count -----------------------------------------------------------------------------

/** [before, now, amount, why] — amounts summed by hand, band by band. */
const COUNT_ROWS: [number, number, number, string][] = [
  [0, 0, 0, 'nothing requested'],
  [0, 1, 0, 'first request of the month'],
  [0, 10, 0, '1–10 free (edge 10)'],
  [0, 11, 100, '11th costs 100 (edge 11)'],
  [0, 30, 2000, '11–30: 20 × 100 (edge 30)'],
  [0, 31, 2200, '31st costs 200 (edge 31)'],
  [0, 40, 4000, '2000 + 10 × 200 (edge 40)'],
  [0, 41, 4300, '41st costs 300 (edge 41)'],
  [0, 45, 5500, 'domain.md example: 20×100 + 10×200 + 5×300'],
  [0, 50, 7000, '2000 + 2000 + 10 × 300'],
  [0, 51, 7400, '51st costs 400'],
  [0, 60, 11000, '2000 + 2000 + 3000 + 4000'],
  [10, 1, 100, 'the 11th of the month, filed alone'],
  [9, 2, 100, '10th free, 11th 100'],
  [30, 1, 200, 'the 31st of the month'],
  [40, 1, 300, 'the 41st of the month'],
  [25, 20, 4000, '26–30: 500, 31–40: 2000, 41–45: 1500'],
  [44, 1, 300, 'the 45th alone'],
];

for (const [before, now, amount, why] of COUNT_ROWS) {
  test(`feeByCount(${before}, ${now}) = ${amount} 元 — ${why}`, () => {
    const f = feeByCount(before, now);
    assert.equal(f.amount, amount);
    assert.equal(f.basis, FEE_BASIS_BY_COUNT);
    // the breakdown covers exactly the units (before, before + now], contiguously, and adds up
    if (now === 0) assert.deepEqual(f.breakdown, []);
    else {
      assert.equal(f.breakdown[0]!.from, before + 1);
      assert.equal(f.breakdown.at(-1)!.to, before + now);
      for (let i = 1; i < f.breakdown.length; i++) assert.equal(f.breakdown[i]!.from, f.breakdown[i - 1]!.to + 1);
    }
    assert.equal(f.breakdown.reduce((s, b) => s + b.subtotal, 0), amount);
    for (const b of f.breakdown) assert.equal(b.subtotal, b.rate * (b.to - b.from + 1));
  });
}

test('45 requests in one month: the breakdown of domain.md §1.7', () => {
  assert.deepEqual(feeByCount(0, 45), {
    amount: 5500,
    breakdown: [
      { from: 1, to: 10, rate: 0, subtotal: 0 },
      { from: 11, to: 30, rate: 100, subtotal: 2000 },
      { from: 31, to: 40, rate: 200, subtotal: 2000 },
      { from: 41, to: 45, rate: 300, subtotal: 1500 },
    ],
    basis: '国办函〔2020〕109号 第四条',
  });
  assert.equal(
    describeFee(feeByCount(0, 45)),
    '第1—10件 免费；第11—30件 20件×100元=2000元；第31—40件 10件×200元=2000元；第41—45件 5件×300元=1500元；合计5500元（依据国办函〔2020〕109号 第四条）',
  );
});

test('cumulative per month: splitting the month into requests does not change the total', () => {
  for (const [a, b, c] of [[0, 10, 35], [3, 9, 40], [12, 19, 1], [29, 2, 30]] as const) {
    assert.equal(feeByCount(a, b).amount + feeByCount(a + b, c).amount, feeByCount(a, b + c).amount, `${a},${b},${c}`);
  }
});

test('rate per request by position in the month', () => {
  const rows: [number, number][] = [[1, 0], [10, 0], [11, 100], [30, 100], [31, 200], [40, 200], [41, 300], [50, 300], [51, 400], [101, 900]];
  for (const [k, rate] of rows) assert.equal(rateForMonthlyCount(k), rate, String(k));
});

// --- by pages -----------------------------------------------------------------------------

const PAGE_ROWS: [number, number, string][] = [
  [0, 0, 'no pages'],
  [1, 0, 'one page'],
  [30, 0, '≤30 free (edge 30)'],
  [31, 10, '31st page 10 (edge 31)'],
  [100, 700, '70 × 10 (edge 100)'],
  [101, 720, '700 + 20 (edge 101)'],
  [200, 2700, '700 + 100 × 20 (edge 200)'],
  [201, 2740, '2700 + 40 (edge 201)'],
  [250, 4700, '700 + 2000 + 50 × 40'],
];

for (const [pages, amount, why] of PAGE_ROWS) {
  test(`feeByPages(${pages}) = ${amount} 元 — ${why}`, () => {
    const f = feeByPages(pages);
    assert.equal(f.amount, amount);
    assert.equal(f.basis, FEE_BASIS_BY_PAGES);
    assert.equal(f.breakdown.reduce((s, b) => s + b.subtotal, 0), amount);
    if (pages > 0) assert.equal(f.breakdown.at(-1)!.to, pages);
  });
}

test('pages breakdown is progressive by excess', () => {
  assert.deepEqual(feeByPages(201).breakdown, [
    { from: 1, to: 30, rate: 0, subtotal: 0 },
    { from: 31, to: 100, rate: 10, subtotal: 700 },
    { from: 101, to: 200, rate: 20, subtotal: 2000 },
    { from: 201, to: 201, rate: 40, subtotal: 40 },
  ]);
  assert.equal(feeByPages(201).basis, '国办函〔2020〕109号 第五条');
  assert.deepEqual([30, 31, 100, 101, 200, 201].map(rateForPage), [0, 10, 10, 20, 20, 40]);
  assert.match(describeFee(feeByPages(31)), /^第1—30页 免费；第31页 1页×10元=10元；合计10元/);
});

test('invalid input is refused with a Chinese message', () => {
  for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2_000_000]) {
    assert.throws(() => feeByPages(bad), /页数.*无效/);
    assert.throws(() => feeByCount(0, bad), /件数.*无效/);
    assert.throws(() => feeByCount(bad, 1), /件数.*无效/);
  }
  assert.throws(() => rateForMonthlyCount(0), RangeError);
  assert.throws(() => rateForPage(0), RangeError);
});
