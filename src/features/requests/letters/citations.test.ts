// Issue 12: a reply letter cites exactly the ground staff chose and what happened — Art. 36 (一) or
// (二) for 予以公开, (四) or (五) for 无法提供-1, Art. 37 with the withheld part's exemption article,
// Art. 32 for 不予公开-4 only after a consultation, and 不予处理-4 only after the Art. 35 step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLetter, letterCitation, referralFromSteps, requiredFields, type Letter, type LetterInput } from './templates.ts';

const R = '《中华人民共和国政府信息公开条例》';
const BASE: LetterInput = {
  outcome: 'grant',
  letterNo: '宿城政办依申复〔2025〕12号',
  organName: '宿迁市宿城区人民政府办公室',
  applicantName: '张三',
  applicantIsOrg: false,
  receivedOn: '2025-10-30',
  requestSummary: '2024年度老旧小区改造项目清单',
  decidedOn: '2025-11-21',
  reviewBody: '宿迁市宿城区人民政府',
  court: '宿迁市宿城区人民法院',
  form: 'paper',
  delivery: 'post',
  providedItems: ['《宿城区2024年老旧小区改造计划》'],
  reasons: '该部分内容涉及第三方个人隐私',
};
const text = (l: Letter) => l.paragraphs.map((p) => p.text).join('\n');
function build(extra: Partial<LetterInput>): string {
  const r = buildLetter({ ...BASE, ...extra });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error.fields));
  return text(r.value);
}
function problems(extra: Partial<LetterInput>) {
  const r = buildLetter({ ...BASE, ...extra });
  assert.ok(!r.ok, 'refused');
  assert.equal(r.error.code, 'VALIDATION');
  return r.error.fields ?? {};
}

const CASES: { name: string; input: Partial<LetterInput>; cites: string; not: string[]; says: RegExp }[] = [
  { name: 'grant 36(二)', input: { outcome: 'grant', ground: '36-2' }, cites: `${R}第三十六条第（二）项`, not: ['第（一）项'], says: /本机关决定予以公开。/ },
  {
    name: 'grant 36(一)',
    input: { outcome: 'grant', ground: '36-1', form: undefined, delivery: undefined, obtainWay: '宿城区人民政府网站“政府信息公开”栏目（www.sucheng.gov.cn）' },
    cites: `${R}第三十六条第（一）项`,
    not: ['第（二）项', '送达'],
    says: /已经主动公开，即：《宿城区2024年老旧小区改造计划》。[\s\S]*现将获取该政府信息的方式、途径告知如下：您可通过宿城区人民政府网站“政府信息公开”栏目（www\.sucheng\.gov\.cn）查阅、获取上述信息。/s,
  },
  { name: 'unable-1 36(四)', input: { outcome: 'unable-1', ground: '36-4', reasons: undefined }, cites: `${R}第三十六条第（四）项`, not: ['第（五）项'], says: /该政府信息不存在/ },
  {
    name: 'unable-1 36(五)',
    input: { outcome: 'unable-1', ground: '36-5', reasons: undefined, otherOrgan: { name: '宿迁市宿城区住房和城乡建设局', contact: '0527-84350000' } },
    cites: `${R}第三十六条第（五）项`,
    not: ['第（四）项', '不存在'],
    says: /负责公开该政府信息的行政机关为宿迁市宿城区住房和城乡建设局/,
  },
  { name: 'partial + Art. 15', input: { outcome: 'partial', withheld: '15' }, cites: `${R}第三十七条、第十五条`, not: ['第十四条', '第十六条'], says: /本机关决定部分公开/ },
  { name: 'partial + Art. 16 ¶2', input: { outcome: 'partial', withheld: '16-2' }, cites: `${R}第三十七条、第十六条第二款`, not: ['第十五条'], says: /对其余部分不予公开/ },
  { name: 'partial + not government information', input: { outcome: 'partial', withheld: 'not-gov-info' }, cites: `${R}第三十七条、第二条`, not: ['第十五条'], says: /部分公开/ },
  { name: 'deny-4 without consultation', input: { outcome: 'deny-4' }, cites: `${R}第三十六条第（三）项、第十五条的规定`, not: ['第三十二条', '征求'], says: /决定不予公开/ },
  { name: 'deny-4 after consultation', input: { outcome: 'deny-4', thirdPartyConsulted: true }, cites: `${R}第三十六条第（三）项、第十五条、第三十二条`, not: [], says: /已书面征求第三方的意见/ },
  {
    name: 'reject-4 after the Art. 35 step',
    input: { outcome: 'reject-4', reasons: '一个月内提出 120 件申请', reasonsRequestedOn: '2025-11-03' },
    cites: `${R}第三十五条`,
    not: [],
    says: /本机关于2025年11月3日依法要求您说明理由。经审查，本机关认为您的申请理由不合理。/,
  },
];

for (const c of CASES) {
  test(`citation: ${c.name}`, () => {
    const t = build(c.input);
    assert.ok(t.includes(`根据${c.cites}`), `${c.name} cites ${c.cites}:\n${t}`);
    for (const n of c.not) assert.ok(!t.includes(n), `${c.name} must not contain ${n}`);
    assert.match(t, c.says);
  });
}

test('the ground must be chosen (and fit the outcome); partial needs the withheld article; reject-4 needs the Art. 35 step', () => {
  assert.match(problems({ outcome: 'grant' }).ground!, /请选择予以公开的依据/);
  assert.match(problems({ outcome: 'unable-1', reasons: undefined }).ground!, /请选择无法提供的依据/);
  assert.equal(problems({ outcome: 'grant', ground: '36-4' }).ground, '依据不在允许范围内');
  assert.equal(problems({ outcome: 'unable-1', ground: '36-5' }).otherOrgan, '请填写负责公开该信息的机关名称');
  assert.match(problems({ outcome: 'grant', ground: '36-1' }).obtainWay!, /获取该信息的方式、途径/);
  assert.equal(problems({ outcome: 'partial' }).withheld, '请选择不予公开部分所依据的条款');
  assert.equal(problems({ outcome: 'partial', withheld: '99' as never }).withheld, '不予公开部分的依据不在允许范围内');
  assert.match(problems({ outcome: 'reject-4' }).reasonsRequestedOn!, /第三十五条/);
  assert.deepEqual([...requiredFields('grant', '36-1')].sort(), ['ground', 'obtainWay', 'providedItems']);
  assert.equal(letterCitation({ outcome: 'grant' }), null);
  assert.equal(letterCitation({ outcome: 'deny-1' }), `${R}第三十六条第（三）项、第十四条`);
});

test('referralFromSteps: the last transfer after receipt (mode refer) names the organ; moves and old transfers do not', () => {
  const refer = (organName: string, organContact?: string) => ({ type: 'transfer', payload: { type: 'transfer', mode: 'refer', organName, organContact } });
  const cases: [string, { type: string; payload?: unknown }[], { name: string; contact: string } | null][] = [
    ['none', [], null],
    ['a move before receipt', [{ type: 'transfer', payload: { mode: 'move', toUnitId: 3 } }], null],
    ['an old transfer without mode', [{ type: 'transfer', payload: { toUnitId: 3 } }], null],
    ['a referral', [{ type: 'confirm-receipt' }, refer('宿城区住建局', '电话 0527-80001701')], { name: '宿城区住建局', contact: '电话 0527-80001701' }],
    ['the last of two', [refer('甲局'), refer('乙局', 'x')], { name: '乙局', contact: 'x' }],
    ['a referral without a name', [refer('  ')], null],
  ];
  for (const [name, steps, want] of cases) assert.deepEqual(referralFromSteps(steps), want, name);
});
