// The cross-checks on a real published table: 《2019年上海市人民政府办公厅政府信息公开工作年度报告》
// (../shared/data/annual-reports-cn, 2019 format, blank cells as null) passes; a broken cell fails
// with a message that names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { hasShared, sharedPath } from '../../../test/helpers.ts';
import { publishable, runChecks, type NumericReport, type NumericRequestRow } from './checks.ts';
import { REQUEST_COLUMNS, REVIEW_COLUMNS, requestRows, type ReviewGroup } from './format.ts';

const FIXTURE = 'data/annual-reports-cn/shanghai-2019-office.json';
const GROUP_OF: Record<string, ReviewGroup> = { 行政复议: 'review', '行政诉讼/未经复议直接起诉': 'lawsuit-direct', '行政诉讼/复议后起诉': 'lawsuit-after-review' };
const COLUMN_OF: Record<string, string> = { 结果维持: 'upheld', 结果纠正: 'corrected', 其他结果: 'other', 尚未审结: 'pending', 总计: 'total' };

/** The published table as a NumericReport, rows matched to the 2019 format by their printed labels. */
function loadFixture(): NumericReport {
  const d = JSON.parse(fs.readFileSync(sharedPath(FIXTURE), 'utf8'));
  assert.deepEqual(d.table3_requests.columns, ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
  const defs = requestRows('2019').filter((r) => !r.heading);
  const requests: NumericRequestRow[] = d.table3_requests.rows.map((row: { label: string; values: (number | null)[] }) => {
    const last = row.label.split('/').at(-1);
    const def = defs.find((x) => x.label === last);
    assert.ok(def, `the 2019 format has a row “${last}”`);
    const values: Record<string, number | null> = {};
    REQUEST_COLUMNS.forEach((c, i) => (values[c] = row.values[i] ?? null));
    return { key: def.key, label: def.label, outcome: def.codes.length > 0, values };
  });
  assert.equal(requests.length, defs.length, 'every row of the format is in the published table');
  const review = Object.entries(d.table4_review_litigation).map(([name, cells]) => {
    const values: Record<string, number | null> = {};
    for (const [label, n] of Object.entries(cells as Record<string, number | null>)) values[COLUMN_OF[label]!] = n;
    assert.deepEqual(Object.keys(values).sort(), [...REVIEW_COLUMNS].sort());
    return { group: GROUP_OF[name]!, values };
  });
  return { requests, review };
}

test('the real 2019 table of the Shanghai government office passes R1–R4 and R7', { skip: !hasShared(FIXTURE) && 'needs ../shared/data' }, () => {
  const results = runChecks(loadFixture());
  assert.deepEqual(results.filter((r) => !r.ok), []);
  assert.ok(publishable(results));
});

test('a broken cell fails the right rule and names the cell', { skip: !hasShared(FIXTURE) && 'needs ../shared/data' }, () => {
  // 自然人 新收 821 → 820: R1 fails for 自然人, R3 for the 新收 row (its 总计 859 is printed).
  const r = loadFixture();
  r.requests.find((x) => x.key === 'new')!.values!.natural = 820;
  const failed = runChecks(r).filter((x) => !x.ok);
  assert.deepEqual(failed.map((x) => x.rule).sort(), ['R1', 'R3']);
  assert.match(failed.find((x) => x.rule === 'R1')!.message, /“自然人”列：第一项加第二项之和（820 \+ 18 = 838）不等于第三项（七）总计加第四项之和（767 \+ 72 = 839）/);
  assert.deepEqual(failed.find((x) => x.rule === 'R1')!.cell, { row: 'total', column: 'natural' });
  assert.match(failed.find((x) => x.rule === 'R3')!.message, /“一、本年新收政府信息公开申请数量”行“总计”列为 859，而各类申请人之和为 858/);
  assert.equal(publishable(failed), false);

  // 予以公开 258 → 259: R2 (the 总计 row no longer adds up) and R1 stays — the opening side is intact.
  const r2 = loadFixture();
  r2.requests.find((x) => x.key === 'grant')!.values!.natural = 259;
  const f2 = runChecks(r2).filter((x) => !x.ok);
  assert.deepEqual([...new Set(f2.map((x) => x.rule))], ['R2']);
  assert.match(f2[0]!.message, /“自然人”列：三（七）总计为 767，而（一）至（六）各项之和为 768/);

  // Section 四: 行政复议 总计 7 → 8.
  const r4 = loadFixture();
  r4.review.find((x) => x.group === 'review')!.values.total = 8;
  const f4 = runChecks(r4).filter((x) => !x.ok);
  assert.deepEqual(f4.map((x) => x.rule), ['R4']);
  assert.match(f4[0]!.message, /四、行政复议：总计为 8，而结果维持、结果纠正、其他结果、尚未审结之和为 7/);

  // R7: a negative or fractional count.
  const r7 = loadFixture();
  r7.requests.find((x) => x.key === 'deny-1')!.values!.business = -1;
  r7.requests.find((x) => x.key === 'deny-5')!.values!.natural = 4.5;
  const f7 = runChecks(r7).filter((x) => x.rule === 'R7' && !x.ok);
  assert.equal(f7.length, 2);
  assert.match(f7[0]!.message, /“1.属于国家秘密”行“商业企业”列应为非负整数，现为 -1/);
});

test('fees in 万元 may be decimal, counts may not', () => {
  const base: NumericReport = { requests: [], review: [], active: [{ label: '行政事业性收费', value: 12.35, decimal: true }, { label: '行政许可', value: 3.5 }] };
  const r = runChecks(base).filter((x) => x.rule === 'R7' && !x.ok);
  assert.equal(r.length, 1);
  assert.match(r[0]!.message, /二、“行政许可”应为非负整数，现为 3.5/);
});
