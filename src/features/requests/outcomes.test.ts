/**
 * The 21 outcome codes (the issue says 22; the table's 22 rows under 三 include （七）总计): order,
 * groups, the annual-report row labels verbatim, legal bases.
 * Row labels are checked twice: against a hand-written copy of the 2021 format's table, and —
 * when ../shared is present — against the table printed in domain.md §2.3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import {
  OUTCOME_CODES,
  OUTCOME_GROUPS,
  OUTCOME_GROUP_DEFS,
  OUTCOMES,
  annualReportResultRows,
  isOutcomeCode,
  outcomesOfGroup,
  type OutcomeCode,
} from './outcomes.ts';

/** code → [row as printed, group row as printed, basis]. */
const EXPECTED: [OutcomeCode, string, string, string | null][] = [
  ['grant', '（一）予以公开', '（一）予以公开', '第三十六条第（一）项、第（二）项'],
  ['partial', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '第三十七条'],
  ['deny-1', '1.属于国家秘密', '（三）不予公开', '第三十六条第（三）项、第十四条'],
  ['deny-2', '2.其他法律行政法规禁止公开', '（三）不予公开', '第三十六条第（三）项、第十四条'],
  ['deny-3', '3.危及“三安全一稳定”', '（三）不予公开', '第三十六条第（三）项、第十四条'],
  ['deny-4', '4.保护第三方合法权益', '（三）不予公开', '第三十六条第（三）项、第十五条、第三十二条'],
  ['deny-5', '5.属于三类内部事务信息', '（三）不予公开', '第三十六条第（三）项、第十六条第一款'],
  ['deny-6', '6.属于四类过程性信息', '（三）不予公开', '第三十六条第（三）项、第十六条第二款'],
  ['deny-7', '7.属于行政执法案卷', '（三）不予公开', '第三十六条第（三）项、第十六条第二款'],
  ['deny-8', '8.属于行政查询事项', '（三）不予公开', '第三十六条第（七）项'],
  ['unable-1', '1.本机关不掌握相关政府信息', '（四）无法提供', '第三十六条第（四）项、第（五）项'],
  ['unable-2', '2.没有现成信息需要另行制作', '（四）无法提供', '第三十八条'],
  ['unable-3', '3.补正后申请内容仍不明确', '（四）无法提供', '第二十九条第二款、第三十条'],
  ['reject-1', '1.信访举报投诉类申请', '（五）不予处理', '第三十九条第一款'],
  ['reject-2', '2.重复申请', '（五）不予处理', '第三十六条第（六）项'],
  ['reject-3', '3.要求提供公开出版物', '（五）不予处理', '第三十九条第二款'],
  ['reject-4', '4.无正当理由大量反复申请', '（五）不予处理', '第三十五条'],
  ['reject-5', '5.要求行政机关确认或重新出具已获取信息', '（五）不予处理', '第二条、第三十八条'],
  ['other-1', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '（六）其他处理', '第三十条'],
  ['other-2', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '（六）其他处理', null],
  ['other-3', '3.其他', '（六）其他处理', null],
];

test('21 codes in table order, exactly the issue\'s names', () => {
  assert.equal(OUTCOME_CODES.length, 21);
  assert.deepEqual([...OUTCOME_CODES], EXPECTED.map((e) => e[0]));
  assert.deepEqual(Object.keys(OUTCOMES).sort(), [...OUTCOME_CODES].sort());
});

for (const [code, rowLabel, groupRow, basis] of EXPECTED) {
  test(`${code}: row “${rowLabel}”, basis ${basis ?? '—'}`, () => {
    const o = OUTCOMES[code];
    assert.equal(o.code, code);
    assert.equal(o.rowLabel, rowLabel);
    assert.equal(OUTCOME_GROUP_DEFS[o.group].rowLabel, groupRow);
    assert.equal(o.basis, basis);
    assert.ok(o.gist.length >= 10 && /[\u4e00-\u9fff]/.test(o.gist), 'a Chinese one-line gist');
    assert.ok(!o.gist.includes('\n'));
    if (code === 'other-3') {
      assert.equal(o.citation, null);
    } else if (code === 'other-2') {
      assert.equal(o.citation, '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）');
    } else {
      assert.equal(o.citation, `《中华人民共和国政府信息公开条例》${basis}`);
    }
  });
}

test('groups: 1 + 1 + 8 + 3 + 5 + 3', () => {
  const sizes = OUTCOME_GROUPS.map((g) => outcomesOfGroup(g).length);
  assert.deepEqual(sizes, [1, 1, 8, 3, 5, 3]);
  assert.deepEqual(outcomesOfGroup('unable').map((o) => o.item), [1, 2, 3]);
  assert.equal(OUTCOMES.grant.item, null);
  assert.equal(OUTCOMES['deny-8'].item, 8);
});

test('display labels for selects', () => {
  assert.equal(OUTCOMES.grant.displayLabel, '予以公开');
  assert.equal(OUTCOMES.partial.displayLabel, '部分公开');
  assert.equal(OUTCOMES['deny-3'].displayLabel, '不予公开（危及“三安全一稳定”）');
  assert.equal(OUTCOMES['reject-2'].displayLabel, '不予处理（重复申请）');
  assert.equal(OUTCOMES['other-3'].displayLabel, '其他处理（其他）');
});

test('isOutcomeCode', () => {
  for (const c of OUTCOME_CODES) assert.equal(isOutcomeCode(c), true);
  for (const v of ['deny-9', 'deny', 'other-0', 'Grant', '', null, undefined, 1, ['grant']]) {
    assert.equal(isOutcomeCode(v), false, String(v));
  }
});

test('annual-report rows: 25 rows under 三 before （七）总计, 21 of them counted', () => {
  const rows = annualReportResultRows();
  // (一) (二) + (三) header + 8 + (四) header + 3 + (五) header + 5 + (六) header + 3 = 25
  assert.equal(rows.length, 25);
  assert.equal(rows.filter((r) => r.code !== null).length, 21);
  assert.deepEqual(rows.slice(0, 4), [
    { rowLabel: '（一）予以公开', code: 'grant', depth: 1 },
    { rowLabel: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', code: 'partial', depth: 1 },
    { rowLabel: '（三）不予公开', code: null, depth: 1 },
    { rowLabel: '1.属于国家秘密', code: 'deny-1', depth: 2 },
  ]);
  assert.deepEqual(rows.at(-1), { rowLabel: '3.其他', code: 'other-3', depth: 2 });
});

const DOMAIN_MD = new URL('../../../../shared/reference/domain.md', import.meta.url);

test('row labels are verbatim the table printed in domain.md §2.3', { skip: !existsSync(DOMAIN_MD) && 'no ../shared' }, () => {
  const md = readFileSync(DOMAIN_MD, 'utf8');
  const start = md.indexOf('三、本年度办理结果');
  const end = md.indexOf('（七）总计', start);
  assert.ok(start > 0 && end > start, 'table found');
  const printed = md
    .slice(start, end)
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
  assert.deepEqual(printed, annualReportResultRows().map((r) => r.rowLabel));
});
