// The request and review tables of the annual report from known requests: every cell of a year
// with requests received in one year and decided in the next, withdrawals, 视为放弃, requests open
// at year end and unconfirmed online ones; the cross-checks on the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequestTable, buildReviewTable, classifyRequest, idsOfCell, type RequestFact } from './aggregate.ts';
import { numericReport, publishable, runChecks } from './checks.ts';
import { REQUEST_COLUMNS, requestRows } from './format.ts';

let nextId = 1;
function fact(p: Partial<RequestFact> & { applicantType?: string }): RequestFact {
  return {
    id: nextId++,
    applicantType: 'natural',
    receivedOn: '2025-03-10',
    submittedOn: p.receivedOn ?? '2025-03-10',
    closedOn: null,
    outcome: null,
    review: null,
    lawsuit: null,
    ...p,
  };
}

const FACTS: RequestFact[] = [
  // 1: received 2024, decided 2025: carried over, 予以公开.
  fact({ receivedOn: '2024-12-20', closedOn: '2025-01-15', outcome: 'grant' }),
  // 2: received and decided 2025, business: 部分公开.
  fact({ applicantType: 'business', receivedOn: '2025-02-03', closedOn: '2025-02-26', outcome: 'partial' }),
  // 3: received 2025, open at year end: new, carried forward.
  fact({ receivedOn: '2025-12-22' }),
  // 4: received 2025, decided 2026: new, carried forward (the 2026 decision is not in 2025).
  fact({ applicantType: 'research', receivedOn: '2025-12-10', closedOn: '2026-01-08', outcome: 'deny-1' }),
  // 5: received and closed 2024: not in the 2025 table at all.
  fact({ receivedOn: '2024-05-06', closedOn: '2024-05-30', outcome: 'grant' }),
  // 6: received 2026: not in 2025.
  fact({ receivedOn: '2026-01-05' }),
  // 7: withdrawn in 2025: 其他处理 3.
  fact({ applicantType: 'legal-services', receivedOn: '2025-06-02', closedOn: '2025-06-09', outcome: 'other-3' }),
  // 8: 补正 not made, 2025: 其他处理 1.
  fact({ applicantType: 'public-interest', receivedOn: '2025-07-01', closedOn: '2025-07-30', outcome: 'other-1' }),
  // 9: online, never confirmed, submitted 2025: counted from submission, still open.
  fact({ applicantType: 'other', receivedOn: null, submittedOn: '2025-11-30' }),
  // 10: received 2024, still open at the end of 2025: carried over and carried forward.
  fact({ receivedOn: '2024-12-30' }),
  // 11: an unknown applicant type is counted as 其他.
  fact({ applicantType: 'alien', receivedOn: '2025-04-01', closedOn: '2025-04-20', outcome: 'unable-1' }),
];

const table = buildRequestTable(FACTS, 2025, '2021');
const row = (key: string) => table.rows.find((r) => r.key === key)!;
const nonZero = (key: string) => Object.fromEntries(Object.entries(row(key).values!).filter(([, n]) => n !== 0));

test('rows and columns follow the 2021 format: 25 counted rows × 7 columns, headings without cells', () => {
  assert.deepEqual(table.columns, REQUEST_COLUMNS);
  assert.equal(table.rows.filter((r) => !r.heading).length, 25);
  assert.equal(table.rows.find((r) => r.key === 'group:deny')!.values, null);
  assert.equal(row('results').label, '三、本年度办理结果');
  assert.equal(row('other-3').label, '3.其他');
});

test('一、本年新收 and 二、上年结转', () => {
  assert.deepEqual(nonZero('new'), { natural: 1, business: 1, research: 1, 'legal-services': 1, 'public-interest': 1, other: 2, total: 7 });
  assert.deepEqual(nonZero('carried-over'), { natural: 2, total: 2 });
  assert.deepEqual(idsOfCell(table, 'carried-over', 'natural'), [1, 10]);
});

test('三、办理结果 by outcome code, and 总计', () => {
  assert.deepEqual(nonZero('grant'), { natural: 1, total: 1 });
  assert.deepEqual(nonZero('partial'), { business: 1, total: 1 });
  assert.deepEqual(nonZero('deny-1'), {}, 'decided in 2026');
  assert.deepEqual(nonZero('other-3'), { 'legal-services': 1, total: 1 });
  assert.deepEqual(nonZero('other-1'), { 'public-interest': 1, total: 1 });
  assert.deepEqual(nonZero('unable-1'), { other: 1, total: 1 });
  assert.deepEqual(nonZero('total'), { natural: 1, business: 1, 'legal-services': 1, 'public-interest': 1, other: 1, total: 5 });
  assert.deepEqual(idsOfCell(table, 'total', 'total'), [1, 2, 7, 8, 11]);
});

test('四、结转下年度继续办理', () => {
  assert.deepEqual(nonZero('carried-forward'), { natural: 2, research: 1, other: 1, total: 4 });
  assert.deepEqual(idsOfCell(table, 'carried-forward', 'total'), [3, 4, 9, 10]);
});

test('the generated table passes R1–R4 and R7; R5 says there is no last year', () => {
  const results = runChecks(numericReport(table.rows, buildReviewTable(FACTS, 2025)));
  assert.ok(publishable(results), JSON.stringify(results.filter((r) => !r.ok)));
  assert.deepEqual([...new Set(results.map((r) => r.rule))].sort(), ['R1', 'R2', 'R3', 'R4', 'R5', 'R7']);
  assert.match(results.find((r) => r.rule === 'R5')!.message, /没有上一年度的报告/);
});

test('R5 compares 上年结转 with last year\'s 结转下年度 and only warns', () => {
  const last = buildRequestTable(FACTS, 2024, '2021');
  const lastForward = last.rows.find((r) => r.key === 'carried-forward')!.values!;
  assert.deepEqual(lastForward.total, 2, 'requests 1 and 10 were open at the end of 2024');
  const review = buildReviewTable(FACTS, 2025);
  const ok = runChecks(numericReport(table.rows, review), numericReport(last.rows, buildReviewTable(FACTS, 2024)));
  assert.ok(ok.find((r) => r.rule === 'R5')!.ok);
  const tampered = structuredClone(last.rows);
  tampered.find((r) => r.key === 'carried-forward')!.values!.natural = 3;
  const warned = runChecks(numericReport(table.rows, review), numericReport(tampered, []));
  const r5 = warned.filter((r) => r.rule === 'R5' && !r.ok);
  assert.equal(r5.length, 1);
  assert.equal(r5[0]!.severity, 'warning');
  assert.match(r5[0]!.message, /“自然人”列：本年“上年结转”为 2，上一年度报告的“结转下年度继续办理”为 3/);
  assert.ok(publishable(warned), 'a carry-over difference does not block publication');
});

test('the 2019 format has one 三(六)其他处理 row that sums other-1…3', () => {
  const t19 = buildRequestTable(FACTS, 2025, '2019');
  assert.equal(t19.rows.filter((r) => !r.heading).length, 23);
  const other = t19.rows.find((r) => r.key === 'group:other')!;
  assert.equal(other.label, '（六）其他处理');
  assert.equal(other.values!.total, 2);
  assert.equal(t19.rows.find((r) => r.key === 'other-1'), undefined);
  assert.ok(publishable(runChecks(numericReport(t19.rows, []))));
});

test('classifyRequest: the boundaries of the year', () => {
  const cases: [Partial<RequestFact>, ReturnType<typeof classifyRequest>][] = [
    [{ receivedOn: '2025-01-01', closedOn: '2025-12-31', outcome: 'grant' }, { opening: 'new', closing: 'grant' }],
    [{ receivedOn: '2024-12-31', closedOn: '2025-01-01', outcome: 'grant' }, { opening: 'carried-over', closing: 'grant' }],
    [{ receivedOn: '2024-12-31', closedOn: '2024-12-31', outcome: 'grant' }, null],
    [{ receivedOn: '2025-12-31' }, { opening: 'new', closing: 'carried-forward' }],
    [{ receivedOn: '2026-01-01' }, null],
    // A closing date without an outcome is not a closing.
    [{ receivedOn: '2025-05-05', closedOn: '2025-05-06', outcome: null }, { opening: 'new', closing: 'carried-forward' }],
  ];
  for (const [p, want] of cases) assert.deepEqual(classifyRequest(fact(p), 2025), want, JSON.stringify(p));
});

test('section 四: filed in the year or pending at its start; result by the end of the year, else 尚未审结', () => {
  const facts: RequestFact[] = [
    fact({ review: { filedOn: '2025-03-01', result: 'upheld', resultOn: '2025-05-01' } }),
    fact({ review: { filedOn: '2024-11-01', result: 'corrected', resultOn: '2025-02-01' } }),
    fact({ review: { filedOn: '2025-11-01', result: 'other', resultOn: '2026-01-20' } }),
    fact({ review: { filedOn: '2024-03-01', result: 'upheld', resultOn: '2024-06-01' } }),
    fact({ review: { filedOn: '2025-01-10', result: 'upheld', resultOn: '2025-03-01' }, lawsuit: { filedOn: '2025-03-20', result: null, resultOn: null, afterReview: true } }),
    fact({ lawsuit: { filedOn: '2025-02-02', result: 'corrected', resultOn: '2025-09-09', afterReview: false } }),
    fact({ lawsuit: { filedOn: '2023-02-02', result: null, resultOn: null, afterReview: false } }),
  ];
  const t = buildReviewTable(facts, 2025);
  const g = (name: string) => t.find((r) => r.group === name)!.values;
  assert.deepEqual(g('review'), { upheld: 2, corrected: 1, other: 0, pending: 1, total: 4 });
  assert.deepEqual(g('lawsuit-direct'), { upheld: 0, corrected: 1, other: 0, pending: 1, total: 2 });
  assert.deepEqual(g('lawsuit-after-review'), { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
});

test('requestRows labels are the format\'s, in print order', () => {
  const labels = requestRows('2021').map((r) => r.label);
  assert.equal(labels[0], '一、本年新收政府信息公开申请数量');
  assert.equal(labels.at(-2), '（七）总计');
  assert.equal(labels.at(-1), '四、结转下年度继续办理');
  assert.ok(labels.includes('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'));
  assert.ok(labels.includes('3.危及“三安全一稳定”'));
});
