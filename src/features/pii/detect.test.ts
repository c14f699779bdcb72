// Detection and masking, table-driven with real-format data: valid and invalid checksums, numbers inside
// longer digit runs, full-width digits, spaces and hyphens inside numbers, numbers in tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detect, findingsIn, isLegacyResidentId, luhn } from './detect.ts';
import { maskFinding, maskText, nameColumns, maskNameCell } from './mask.ts';

const NOW = { now: new Date('2026-12-07T00:00:00Z') };
const found = (text: string) => detect(text, NOW).map((m) => [m.type, text.slice(m.start, m.end), maskFinding(m), m.severity]);

// [text, expected [type, as written, masked, severity][]]
const CASES: [string, (string)[][]][] = [
  // 18-digit resident IDs (GB 11643)
  ['身份证号11010519491231002X。', [['resident-id', '11010519491231002X', '110105********002X', 'block']]],
  ['身份证号11010519491231002x', [['resident-id', '11010519491231002x', '110105********002X', 'block']]],
  ['110105 19491231 002X', [['resident-id', '110105 19491231 002X', '110105********002X', 'block']]],
  ['110105-19491231-002X', [['resident-id', '110105-19491231-002X', '110105********002X', 'block']]],
  ['１１０１０５１９４９１２３１００２Ｘ', [['resident-id', '１１０１０５１９４９１２３１００２Ｘ', '110105********002X', 'block']]],
  ['110105194912310021', []], // wrong check digit
  ['110105194913310029', []], // month 13
  ['011010519491231002X', []], // inside a longer run
  ['11010519491231002X0', []],
  ['NO11010519491231002X', []], // glued to letters
  // 15-digit legacy IDs
  ['老证号 110105491231002', [['resident-id', '110105491231002', '110105******002', 'block']]],
  ['110105491331002', []], // month 13
  ['990105491231002', []], // no such province
  // Mobile phones
  ['手机13812345678', [['phone', '13812345678', '138****5678', 'block']]],
  ['138 1234 5678', [['phone', '138 1234 5678', '138****5678', 'block']]],
  ['138-1234-5678', [['phone', '138-1234-5678', '138****5678', 'block']]],
  ['１３８１２３４５６７８', [['phone', '１３８１２３４５６７８', '138****5678', 'block']]],
  ['12812345678', []], // no 12x mobile prefix
  ['213812345678', []],
  ['金额13812345678.50元', []], // an amount
  ['2023-12-01 13812345678', [['phone', '13812345678', '138****5678', 'block']]],
  // Landlines: a private number blocks, an office's contact number is only reported
  ['家庭电话0527-84356789', [['phone', '0527-84356789', '0527-****6789', 'block']]],
  ['咨询电话：0527-84356789', [['phone', '0527-84356789', '0527-****6789', 'info']]],
  ['（0527）8435-6789', [['phone', '（0527）8435-6789', '0527-****6789', 'block']]],
  ['010-12345678', []], // local numbers do not start with 1
  // Bank cards (Luhn, 16–19 digits)
  ['卡号6222020200001234562', [['bank-card', '6222020200001234562', '6222 **** **** *** 4562', 'block']]],
  ['6228 4800 1234 5671', [['bank-card', '6228 4800 1234 5671', '6228 **** **** 5671', 'block']]],
  ['6228480012345672', []], // Luhn fails
  ['订单号2023120112345678', []], // not a card prefix
  ['62284800123456710', []], // longer run, Luhn fails
  // Credit codes: public, reported only
  ['统一社会信用代码11100000MB0341032Y', [['credit-code', '11100000MB0341032Y', '11100000MB0341032Y', 'info']]],
  ['11100000MB0341032X', []], // wrong check character
  // E-mail
  ['邮箱 zhang.san@qq.com', [['email', 'zhang.san@qq.com', 'z***@qq.com', 'block']]],
  ['xxgk@suqian.gov.cn', [['email', 'xxgk@suqian.gov.cn', 'x***@suqian.gov.cn', 'info']]],
  // Passports and permits
  ['护照号E12345678', [['passport', 'E12345678', 'E******78', 'block']]],
  ['护照EA1234567', [['passport', 'EA1234567', 'E******67', 'block']]],
  ['回乡证H12345678', [['permit', 'H12345678', 'H******78', 'block']]],
  ['港澳通行证C12345678', [['permit', 'C12345678', 'C******78', 'block']]],
  ['台胞证号码：12345678', [['permit', '12345678', '1*****78', 'block']]],
  // Home addresses (省市区 + 路 + 号 + 单元/室); an office's street address is not one
  ['住址：江苏省宿迁市宿城区幸福路88号3栋2单元501室。', [['address', '江苏省宿迁市宿城区幸福路88号3栋2单元501室', '江苏省宿迁市宿城区幸福路**号*栋*单元***室', 'block']]],
  ['地址：宿城区洪泽湖路100号', []],
  // Look-alikes
  ['宿政发〔2023〕12号', []],
  ['索引号321302/2020-00974', []],
  ['2023年12月01日', []],
  ['金额：1,234,567.89元', []],
];

// Institutional landlines (issue 19): an office number is 'info' after the fixed labels (a bracketed
// qualifier may follow), after 联系电话/电话 in a clause without personal markers, and as the next number of
// a list after an office number; a private number, and every mobile, blocks.
// [text, [as written, severity][]]
const LANDLINES: [string, [string, string][]][] = [
  ['咨询电话（工作日）：0527-84351234。', [['0527-84351234', 'info']]],
  ['监督电话(24小时)：0527-84352345', [['0527-84352345', 'info']]],
  ['联系人：王科长，联系电话：0527-84351234。', [['0527-84351234', 'info']]],
  ['报名时间：2026年12月8日至12日。电话：0527-84351234、0527-84352345。', [['0527-84351234', 'info'], ['0527-84352345', 'info']]],
  ['咨询电话：0527-84351234，0527-84352345或0527-84353456', [['0527-84351234', 'info'], ['0527-84352345', 'info'], ['0527-84353456', 'info']]],
  ['举报电话：（0527）84351234 / （0527）84352345', [['（0527）84351234', 'info'], ['（0527）84352345', 'info']]],
  ['投诉电话 0527-84351234 0527-84352345', [['0527-84351234', 'info'], ['0527-84352345', 'info']]],
  ['宿城区民政局 地址：宿城区洪泽湖路100号 电话：0527-84351234', [['0527-84351234', 'info']]],
  // Blocking: a person's number
  ['户主：张小明，联系电话：0527-84351234。', [['0527-84351234', 'block']]],
  ['申请人李四，家庭住址幸福路，电话0527-84351234', [['0527-84351234', 'block']]],
  ['家庭电话：0527-84351234', [['0527-84351234', 'block']]],
  ['住宅电话0527-84351234', [['0527-84351234', 'block']]],
  ['联系电话：13812345678', [['13812345678', 'block']]], // a mobile, whatever the label
  ['咨询电话：0527-84351234、13812345678', [['0527-84351234', 'info'], ['13812345678', 'block']]],
  // A list ends at other words: the next number is no longer the office's
  ['咨询电话：0527-84351234；联系人张三 0527-84352345', [['0527-84351234', 'info'], ['0527-84352345', 'block']]],
  ['姓名\t张小明\t电话\t0527-84351234', [['0527-84351234', 'block']]],
];

describe('detect', () => {
  for (const [text, want] of LANDLINES) {
    it(`landline: ${text} → ${want.map((w) => w[1]).join(', ')}`, () =>
      assert.deepEqual(
        detect(text, NOW).map((m) => [text.slice(m.start, m.end), m.severity]),
        want,
      ));
  }

  for (const [text, want] of CASES) {
    it(`${text} → ${want.map((w) => w[0]).join(', ') || 'nothing'}`, () => assert.deepEqual(found(text), want));
  }

  it('finds numbers in table rows (tab-separated cells) and gives positions in the text', () => {
    const text = '姓名\t身份证号\t电话\n张小明\t11010519491231002X\t13812345678\n';
    const f = findingsIn(text, 'attachment', '表格', NOW);
    assert.deepEqual(f.map((x) => x.type), ['resident-id', 'phone']);
    assert.equal(text.slice(f[0]!.start, f[0]!.end), '11010519491231002X');
  });

  it('checksum helpers', () => {
    assert.equal(luhn('6228480012345671'), true);
    assert.equal(luhn('6228480012345672'), false);
    assert.equal(isLegacyResidentId('110105491231002'), true);
  });
});

describe('mask', () => {
  it('masks blocking matches and leaves public ones', () => {
    const text = '张三 11010519491231002X 手机138-1234-5678，单位代码11100000MB0341032Y，咨询电话0527-84356789';
    assert.equal(maskText(text, detect(text, NOW)), '张三 110105********002X 手机138****5678，单位代码11100000MB0341032Y，咨询电话0527-84356789');
  });

  it('recognises name columns and masks names 张*明', () => {
    const rows = [['序号', '姓名', '身份证号'], ['1', '张小明', 'x'], ['2', '欧阳小明', 'y'], ['3', '李四', 'z']];
    const cols = nameColumns(rows);
    assert.deepEqual(cols, { headerRow: 0, cols: [1] });
    assert.deepEqual(rows.slice(1).map((r) => maskNameCell(r[1]!)), ['张*明', '欧**明', '李*']);
    assert.equal(nameColumns([['序号', '金额']]), null);
  });
});
