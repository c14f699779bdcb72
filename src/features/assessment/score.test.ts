// The assessment's pure rules, table-driven: the weighted total over measured indicators, the ranking with
// ties, month buckets, the weights form, weights per year, and the 20-working-day rule of proactive disclosure
// on the real 2025/2026 holiday calendar (documents/art26.ts, the rule the 'proactive-on-time' indicator counts by).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundledCalendar } from '../../platform/calendar/calendar.ts';
import { art26DueOn } from '../documents/art26.ts';
import { DEFAULT_WEIGHTS, monthBuckets, monthOf, rank, readWeights, weightedTotal, weightsFor, weightSum, type Weights } from './score.ts';
import { INDICATORS, byUnit, ratioResult, yearInstants } from './public.ts';

const w = (over: Partial<Weights>): Weights => ({ ...Object.fromEntries(INDICATORS.map((d) => [d.key, 0])), ...over }) as Weights;

test('weighted total: Σ wᵢsᵢ / Σ wᵢ over measured indicators with a weight above 0', () => {
  const rows: [string, Parameters<typeof weightedTotal>[0], Weights, number | null, number][] = [
    ['two measured', [{ key: 'proactive-on-time', score: 100 }, { key: 'requests-on-time', score: 50 }], w({ 'proactive-on-time': 20, 'requests-on-time': 10 }), 83.3, 30],
    ['not measured left out, not zero', [{ key: 'proactive-on-time', score: 80 }, { key: 'messages', score: null }], w({ 'proactive-on-time': 20, messages: 50 }), 80, 20],
    ['weight 0 drops an indicator', [{ key: 'proactive-on-time', score: 100 }, { key: 'pii', score: 0 }], w({ 'proactive-on-time': 10, pii: 0 }), 100, 10],
    ['nothing measured', [{ key: 'pii', score: null }], w({ pii: 10 }), null, 0],
    ['only zero weights', [{ key: 'pii', score: 40 }], w({}), null, 0],
    ['decimal weights', [{ key: 'catalog', score: 90 }, { key: 'pii', score: 60 }], w({ catalog: 0.5, pii: 1.5 }), 67.5, 2],
    ['a score of 0 counts as 0', [{ key: 'catalog', score: 0 }, { key: 'pii', score: 100 }], w({ catalog: 1, pii: 1 }), 50, 2],
  ];
  for (const [name, items, weights, total, used] of rows) assert.deepEqual(weightedTotal(items, weights), { total, weightUsed: used }, name);
});

test('ranking: competition ranks with ties in the given order, units without a total last and unranked', () => {
  const rows = [
    { id: 'a', total: 80 },
    { id: 'b', total: null },
    { id: 'c', total: 90 },
    { id: 'd', total: 80 },
    { id: 'e', total: 70 },
  ];
  assert.deepEqual(
    rank(rows).map((r) => [r.id, r.rank]),
    [['c', 1], ['a', 2], ['d', 2], ['e', 4], ['b', null]],
  );
  assert.deepEqual(rank([]), []);
  assert.deepEqual(rank([{ total: null }]).map((r) => r.rank), [null]);
  assert.deepEqual(rank([{ total: 0 }, { total: 0 }]).map((r) => r.rank), [1, 1]);
});

test('month buckets: the months begun by today', () => {
  const rows: [number, string, number][] = [
    [2026, '2026-12-07', 12],
    [2026, '2026-01-01', 1],
    [2025, '2026-12-07', 12],
    [2027, '2026-12-07', 0],
    [2026, '2026-06-30', 6],
  ];
  for (const [year, today, n] of rows) assert.equal(monthBuckets(year, today).length, n, `${year} @ ${today}`);
  assert.equal(monthOf('2026-02-28', 2026), 2);
  assert.equal(monthOf('2025-12-31', 2026), null);
  assert.equal(monthOf('garbage', 2026), null);
});

test('weights form: numbers 0–100, one decimal, full-width digits accepted, at least one above 0', () => {
  const all = (v: string) => Object.fromEntries(INDICATORS.map((d) => [`w-${d.key}`, v]));
  assert.deepEqual(readWeights(all('5')).errors, {});
  assert.equal(weightSum(readWeights(all('5')).weights), 5 * INDICATORS.length);
  assert.equal(readWeights({ ...all('5'), 'w-pii': '１２．５' }).weights.pii, 12.5);
  const bad: [string, RegExp][] = [
    ['-1', /0 到 100/],
    ['abc', /0 到 100/],
    ['101', /不能大于 100/],
    ['1.25', /最多一位小数/],
    ['', /请填写/],
    ['1e2', /0 到 100/],
  ];
  for (const [v, re] of bad) {
    const r = readWeights({ ...all('5'), 'w-catalog': v });
    assert.match(r.errors['w-catalog'] ?? '', re, v);
    assert.equal(Object.keys(r.errors).length, 1, v);
  }
  assert.match(readWeights(all('0')).errors['w-proactive-on-time'] ?? '', /至少有一项/);
  assert.match(readWeights({}).errors['w-pii'] ?? '', /请填写/);
  assert.equal(readWeights({ ...all('5'), 'w-pii': ['7', '9'] }).weights.pii, 7);
});

test('weights per year: the year set, else the latest earlier, else the defaults', () => {
  const saved = [
    { year: 2024, indicator: 'pii', weight: 1 },
    { year: 2026, indicator: 'pii', weight: 3 },
    { year: 2026, indicator: 'unknown', weight: 9 },
  ];
  assert.deepEqual([weightsFor(2023, saved).fromYear, weightsFor(2023, saved).weights.pii], [null, DEFAULT_WEIGHTS.pii]);
  assert.deepEqual([weightsFor(2025, saved).fromYear, weightsFor(2025, saved).weights.pii], [2024, 1]);
  assert.deepEqual([weightsFor(2026, saved).fromYear, weightsFor(2026, saved).weights.pii], [2026, 3]);
  assert.deepEqual([weightsFor(2027, saved).fromYear, weightsFor(2027, saved).weights.pii], [2026, 3]);
  // An indicator not in the saved set keeps its default.
  assert.equal(weightsFor(2026, saved).weights.catalog, DEFAULT_WEIGHTS.catalog);
});

test('20 working days from formation (条例第二十六条) on the real 2025/2026 holidays', () => {
  const cal = loadBundledCalendar();
  const rows: [string, string, string][] = [
    // formed (Fri) → 9-28 Sun make-up 1, 9-29 2, 9-30 3, 10-1…10-8 National Day, 10-9 4, 10-10 5, 10-11 Sat make-up 6 … 10-30 20
    ['2025-09-26', '2025-10-30', 'across National Day 2025 with two make-up Saturdays/Sundays'],
    // 2-9…2-13 1–5, 2-14 Sat make-up 6, 2-15…2-23 Spring Festival, 2-24…2-27 7–10, 2-28 Sat make-up 11, 3-2…3-12 12–20
    ['2026-02-06', '2026-03-12', 'across Spring Festival 2026'],
    // 12-26 1, 12-29…12-31 2–4, 1-1…1-3 New Year, 1-4 Sun make-up 5, 1-5…1-23 6–20
    ['2025-12-25', '2026-01-23', 'across New Year 2026 and the year boundary'],
    ['2026-11-02', '2026-11-30', 'a month without holidays: four weeks'],
  ];
  for (const [formed, due, name] of rows) assert.equal(art26DueOn(cal, { formedOn: formed, writtenOn: null }), due, name);
  // Without a 形成日期 the 成文日期 is used; without either there is no rule.
  assert.equal(art26DueOn(cal, { formedOn: null, writtenOn: '2026-02-06' }), '2026-03-12');
  assert.equal(art26DueOn(cal, { formedOn: null, writtenOn: null }), null);
});

test('helpers for contributors: ratio results, grouping by unit, the Beijing year in UTC', () => {
  const r = ratioResult(7, [{ label: 'a', url: '/a', action: 'x', ok: true }, { label: 'b', url: '/b', action: 'x', ok: false }, { label: 'c', url: '/c', action: 'x', ok: true }], (ok, all) => `${ok}/${all}`);
  assert.deepEqual([r.score, r.numerator, r.denominator, r.detail], [66.7, 2, 3, '2/3']);
  assert.deepEqual([ratioResult(1, [], () => '').score, ratioResult(1, [], () => '').denominator], [0, 0]);
  assert.deepEqual([...byUnit([3, 1], [{ u: 1 }, { u: 2 }, { u: 1 }], (x) => x.u)].map(([k, v]) => [k, v.length]), [[1, 2]]);
  assert.deepEqual(yearInstants(2026), { from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
});
