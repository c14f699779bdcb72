/**
 * Applicant validation (Art. 29: name, 身份证明, contact) with real checksums, and masking for
 * staff lists. "Today" is pinned for the birth-date check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_LABELS,
  ID_TYPE_LABELS,
  applicantCategory,
  applicantTypeFullLabel,
  idTypesFor,
  maskApplicant,
  maskEmail,
  validateApplicant,
  type Applicant,
  type ApplicantInput,
} from './applicant.ts';

const NOW = new Date(2025, 5, 15); // 2025-06-15 local time

const person = (applicant: Record<string, unknown>, applicantType: unknown = 'natural'): ApplicantInput => ({
  applicantType,
  applicant: { name: '张小明', idType: 'resident-id', phone: '13812345678', ...applicant },
});
const org = (applicant: Record<string, unknown>, applicantType: unknown = 'business'): ApplicantInput => ({
  applicantType,
  applicant: { name: '宿迁某某科技有限公司', idType: 'credit-code', phone: '0527-84356789', ...applicant },
});

test('types and labels are the annual report\'s columns', () => {
  assert.deepEqual([...APPLICANT_TYPES], ['natural', 'business', 'research', 'public-interest', 'legal-services', 'other']);
  assert.deepEqual(Object.values(APPLICANT_TYPE_LABELS), ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
  assert.equal(applicantCategory('natural'), 'person');
  assert.equal(applicantCategory('legal-services'), 'organisation');
  assert.equal(applicantTypeFullLabel('research'), '法人或其他组织（科研机构）');
  assert.equal(applicantTypeFullLabel('natural'), '自然人');
});

test('identity documents offered per applicant type', () => {
  assert.deepEqual(idTypesFor('natural'), [
    'resident-id', 'residence-permit', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreign-permanent-id', 'other',
  ]);
  for (const t of ['business', 'research', 'public-interest', 'legal-services', 'other'] as const) {
    assert.deepEqual(idTypesFor(t), ['credit-code', 'other'], t);
  }
  assert.equal(ID_TYPE_LABELS['resident-id'], '居民身份证');
  assert.equal(ID_TYPE_LABELS['hk-macao-permit'], '港澳居民来往内地通行证');
  assert.equal(ID_TYPE_LABELS['taiwan-permit'], '台湾居民来往大陆通行证');
  assert.equal(ID_TYPE_LABELS['foreign-permanent-id'], '外国人永久居留身份证');
  assert.equal(ID_TYPE_LABELS['credit-code'], '统一社会信用代码');
});

// --- good input -----------------------------------------------------------------------------

const GOOD: [string, ApplicantInput, Partial<Applicant>][] = [
  ['GB 11643 sample ID', person({ idNumber: '11010519491231002X' }), { idNumber: '11010519491231002X' }],
  ['lower-case x and spaces are normalised', person({ idNumber: ' 110105 19491231 002x ' }), { idNumber: '11010519491231002X' }],
  ['宿城区 ID, check digit 8', person({ idNumber: '321302198001010018' }), { idNumber: '321302198001010018' }],
  ['港澳台居民居住证 (810000 prefix, GB 11643 check)', person({ idType: 'residence-permit', idNumber: '810000199001011230' }), {}],
  ['passport', person({ idType: 'passport', idNumber: 'e12345678' }), { idNumber: 'E12345678' }],
  ['回乡证', person({ idType: 'hk-macao-permit', idNumber: 'H12345678' }), {}],
  ['台胞证', person({ idType: 'taiwan-permit', idNumber: '12345678' }), {}],
  ['外国人永久居留身份证, old card', person({ idType: 'foreign-permanent-id', idNumber: 'USA123456789012' }), {}],
  ['外国人永久居留身份证, 2023 card', person({ idType: 'foreign-permanent-id', idNumber: '911560198503150015' }), {}],
  ['company with a credit code', org({ idNumber: '913200001347824479' }), { type: 'business', idNumber: '913200001347824479' }],
  ['credit code in lower case', org({ idNumber: '11100000mb0341032y' }, 'public-interest'), { idNumber: '11100000MB0341032Y' }],
  ['organisation with another document', org({ idType: 'other', idNumber: '社会团体登记证书 苏民证字第0001号' }, 'other'), {}],
  ['e-mail only', person({ idNumber: '11010519491231002X', phone: '', email: 'zhang@example.com' }), { phone: null, email: 'zhang@example.com' }],
  ['address only', person({ idNumber: '11010519491231002X', phone: undefined, address: '  江苏省宿迁市  宿城区 ' }), { address: '江苏省宿迁市 宿城区' }],
  ['landline with extension', person({ idNumber: '11010519491231002X', phone: '0527-84356789-123' }), {}],
  ['mobile with +86 and spaces', person({ idNumber: '11010519491231002X', phone: '+86 138 1234 5678' }), { phone: '+8613812345678' }],
];

for (const [why, input, expected] of GOOD) {
  test(`valid: ${why}`, () => {
    const r = validateApplicant(input, { now: NOW });
    assert.deepEqual(r.errors, {});
    assert.ok(r.value);
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(r.value[k as keyof Applicant], v, k);
  });
}

// --- bad input ------------------------------------------------------------------------------

const BAD: [string, ApplicantInput, Record<string, RegExp>][] = [
  ['wrong check digit', person({ idNumber: '110105194912310021' }), { 'applicant.idNumber': /校验位/ }],
  ['17 digits', person({ idNumber: '11010519491231002' }), { 'applicant.idNumber': /18 位/ }],
  ['15-digit legacy ID', person({ idNumber: '110105491231002' }), { 'applicant.idNumber': /18 位/ }],
  ['birth date in the future (2030), checksum right', person({ idNumber: '11010520300101001X' }), { 'applicant.idNumber': /出生日期/ }],
  ['residence permit with a resident-ID prefix', person({ idType: 'residence-permit', idNumber: '11010519491231002X' }), { 'applicant.idNumber': /810000/ }],
  ['回乡证 without H/M', person({ idType: 'hk-macao-permit', idNumber: '12345678' }), { 'applicant.idNumber': /H 或 M/ }],
  ['2023 foreign card, bad check', person({ idType: 'foreign-permanent-id', idNumber: '911560198503150016' }), { 'applicant.idNumber': /校验位/ }],
  ['credit code with a wrong check character', org({ idNumber: '91320000134782447U' }), { 'applicant.idNumber': /校验位/ }],
  ['credit code containing I', org({ idNumber: '9132000013478244IT' }), { 'applicant.idNumber': /不含 I、O、S、V、Z/ }],
  ['credit code too short', org({ idNumber: '9132000013478244' }), { 'applicant.idNumber': /18 位/ }],
  ['company using a resident ID', org({ idType: 'resident-id', idNumber: '11010519491231002X' }), { 'applicant.idType': /统一社会信用代码/ }],
  ['person using a credit code', person({ idType: 'credit-code', idNumber: '913200001347824479' }), { 'applicant.idType': /个人身份证件/ }],
  ['unknown document type', person({ idType: 'driving-licence', idNumber: 'X' }), { 'applicant.idType': /不在允许范围/ }],
  ['no document number', person({ idNumber: '  ' }), { 'applicant.idNumber': /请填写证件号码/ }],
  ['no name', person({ name: ' ', idNumber: '11010519491231002X' }), { 'applicant.name': /请填写姓名/ }],
  ['organisation without a name', org({ name: '', idNumber: '913200001347824479' }), { 'applicant.name': /请填写单位名称/ }],
  ['person name too long', person({ name: '张'.repeat(51), idNumber: '11010519491231002X' }), { 'applicant.name': /50 个字/ }],
  ['no contact at all', person({ idNumber: '11010519491231002X', phone: '' }), { 'applicant.phone': /至少填写一种联系方式/ }],
  ['bad phone', person({ idNumber: '11010519491231002X', phone: '12345' }), { 'applicant.phone': /格式不正确/ }],
  ['bad e-mail', person({ idNumber: '11010519491231002X', email: 'zhang@example' }), { 'applicant.email': /格式不正确/ }],
  ['no applicant type', { ...person({ idNumber: '11010519491231002X' }), applicantType: undefined }, { applicantType: /请选择申请人类型/ }],
  ['unknown applicant type', person({ idNumber: '11010519491231002X' }, 'company'), { applicantType: /不在允许范围/ }],
  ['unknown field', person({ idNumber: '11010519491231002X', birthday: '1949-12-31' }), { 'applicant.birthday': /不认识的字段/ }],
  ['applicant is not an object', { applicantType: 'natural', applicant: 'x' }, {
    applicant: /格式不正确/,
    'applicant.name': /请填写姓名/,
    'applicant.idType': /请选择身份证明类型/,
    'applicant.idNumber': /请填写证件号码/,
    'applicant.phone': /至少填写一种联系方式/,
  }],
  ['idNumber given as an object', person({ idNumber: { x: 1 } }), { 'applicant.idNumber': /请填写证件号码/ }],
];

for (const [why, input, expected] of BAD) {
  test(`refused: ${why}`, () => {
    const r = validateApplicant(input, { now: NOW });
    assert.equal(r.value, null);
    for (const [field, re] of Object.entries(expected)) assert.match(r.errors[field] ?? '(none)', re, field);
    assert.deepEqual(Object.keys(r.errors).sort(), Object.keys(expected).sort(), 'no other errors');
  });
}

test('the delivery chosen makes its contact field required', () => {
  const base = person({ idNumber: '11010519491231002X' });
  assert.match(validateApplicant(base, { now: NOW, delivery: 'post' }).errors['applicant.address'] ?? '', /请填写通信地址/);
  assert.match(validateApplicant(base, { now: NOW, delivery: 'email' }).errors['applicant.email'] ?? '', /请填写电子邮箱/);
  assert.deepEqual(validateApplicant(base, { now: NOW, delivery: 'pickup' }).errors, {});
  const withAddress = person({ idNumber: '11010519491231002X', address: '宿城区洪泽湖路 1 号' });
  assert.deepEqual(validateApplicant(withAddress, { now: NOW, delivery: 'post' }).errors, {});
});

// --- masking --------------------------------------------------------------------------------

test('staff lists mask a natural person\'s data with the checksums.ts helpers', () => {
  const a = validateApplicant(
    person({ idNumber: '11010519491231002X', email: 'zhangxm@example.com', address: '宿城区洪泽湖路 1 号' }),
    { now: NOW },
  ).value!;
  assert.deepEqual(maskApplicant(a), {
    type: 'natural',
    typeLabel: '自然人',
    name: '张*明',
    idTypeLabel: '居民身份证',
    idNumber: '110105********002X',
    phone: '138****5678',
    email: 'z***@example.com',
  });
  // the full record still holds the real values; nothing else leaks into the masked view
  assert.equal(a.idNumber, '11010519491231002X');
  assert.equal(JSON.stringify(maskApplicant(a)).includes('洪泽湖路'), false);
});

test('an organisation\'s name and credit code stay readable, its phone is masked', () => {
  const a = validateApplicant(org({ idNumber: '913200001347824479', phone: '13812345678' }), { now: NOW }).value!;
  const m = maskApplicant(a);
  assert.equal(m.name, '宿迁某某科技有限公司');
  assert.equal(m.idNumber, '913200001347824479');
  assert.equal(m.phone, '138****5678');
  assert.equal(m.email, null);
  assert.equal(m.typeLabel, '法人或其他组织（商业企业）');
});

test('maskEmail', () => {
  assert.equal(maskEmail('a@b.cn'), 'a***@b.cn');
  assert.equal(maskEmail('  zhang@example.com '), 'z***@example.com');
  assert.equal(maskEmail('noat'), '****');
  assert.equal(maskEmail(undefined as unknown as string), '');
});
