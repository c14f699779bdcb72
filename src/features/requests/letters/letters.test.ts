import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h, type VNode } from 'preact';
import { unzipSync, strFromU8 } from 'fflate';
import { renderFragment, renderPage } from '../../../platform/views/render.ts';
import { OUTCOME_CODES, OUTCOMES, type OutcomeCode } from '../outcomes.ts';
import {
  buildNotice,
  formatKindNo,
  noticeProblems,
  validateLetter,
  NOTICE_TITLES,
  type NoticeInput,
  buildLetter,
  chineseDate,
  formatLetterNo,
  letterFromForm,
  letterCitation,
  letterProblems,
  LETTER_TITLE,
  requiredFields,
  type Letter,
  type LetterInput,
} from './templates.ts';
import { LetterEditor, LetterPage } from './render.tsx';
import { docxFilename, letterToDocx } from './docx.ts';

const BASE: Omit<LetterInput, 'outcome'> = {
  letterNo: formatLetterNo('宿城政办', 2025, 12),
  organName: '宿迁市宿城区人民政府办公室',
  applicantName: '张三',
  applicantIsOrg: false,
  receivedOn: '2025-10-30',
  requestSummary: '2024年度宿城区老旧小区改造项目清单',
  decidedOn: '2025-11-21',
  reviewBody: '宿迁市宿城区人民政府',
  court: '宿迁市宿城区人民法院',
  contact: '联系人：王某，联系电话：0527-84356789',
};

/** Everything any template may need, so each outcome builds. */
const FULL: Omit<LetterInput, 'outcome'> = {
  ...BASE,
  form: 'paper',
  delivery: 'post',
  providedItems: ['《宿城区2024年老旧小区改造计划》', '项目清单（附件）'],
  reasons: '该部分内容涉及第三方个人隐私，第三方不同意公开',
};

/** The choices staff make for some outcomes (see citations.test.ts for each of them). */
function choices(outcome: OutcomeCode, extra: Partial<LetterInput>): Partial<LetterInput> {
  if (outcome === 'grant') return { ground: '36-2' };
  if (outcome === 'unable-1') return { ground: extra.otherOrgan ? '36-5' : '36-4' };
  if (outcome === 'partial') return { withheld: '15' };
  if (outcome === 'reject-4') return { reasonsRequestedOn: '2025-11-03' };
  return {};
}

function build(outcome: OutcomeCode, extra: Partial<LetterInput> = {}): Letter {
  const r = buildLetter({ ...FULL, outcome, ...choices(outcome, extra), ...extra });
  assert.ok(r.ok, `${outcome}: ${r.ok ? '' : JSON.stringify(r.error.fields)}`);
  return r.value;
}

const text = (l: Letter) => l.paragraphs.map((p) => p.text).join('\n');

test('chineseDate: ISO date → 年月日 without leading zeros; invalid → empty', () => {
  assert.equal(chineseDate('2025-10-30'), '2025年10月30日');
  assert.equal(chineseDate('2026-01-05'), '2026年1月5日');
  assert.equal(chineseDate('2025-02-30'), '');
  assert.equal(chineseDate('30/10/2025'), '');
  assert.equal(formatLetterNo(' 宿城政办 ', 2025, 7), '宿城政办依申复〔2025〕7号');
});

test('every one of the 21 outcomes builds a letter with its legal basis, the applicant and Chinese dates', () => {
  assert.equal(OUTCOME_CODES.length, 21);
  const bodies = new Set<string>();
  for (const code of OUTCOME_CODES) {
    const def = OUTCOMES[code];
    const l = build(code);
    const all = text(l);
    assert.equal(l.title, LETTER_TITLE, code);
    assert.deepEqual(l.paragraphs.slice(0, 3).map((p) => p.kind), ['title', 'no', 'salutation'], code);
    assert.equal(l.paragraphs[1]!.text, '宿城政办依申复〔2025〕12号', code);
    assert.equal(l.paragraphs[2]!.text, '张三：', code);
    assert.deepEqual(l.paragraphs.slice(-2), [
      { kind: 'signature', text: '宿迁市宿城区人民政府办公室' },
      { kind: 'date', text: '2025年11月21日' },
    ], code);
    assert.ok(all.includes('本机关于2025年10月30日收到您提出的政府信息公开申请，申请获取“2024年度宿城区老旧小区改造项目清单”。'), code);
    assert.ok(!/\d{4}-\d{2}-\d{2}/.test(all), `${code}: no ISO dates in the letter`);
    const citation = letterCitation({ outcome: code, ...choices(code, {}) });
    if (def.citation) assert.ok(citation && all.includes(`根据${citation}的规定`), `${code}: cites ${citation}`);
    assert.ok(all.includes('如对本答复不服，可以在收到本答复之日起六十日内向宿迁市宿城区人民政府申请行政复议，或者在六个月内向宿迁市宿城区人民法院提起行政诉讼。'), code);
    assert.ok(all.includes('（联系人：王某，联系电话：0527-84356789）'), code);
    // Only body paragraphs between salutation and signature.
    assert.ok(l.paragraphs.slice(3, -2).every((p) => p.kind === 'body'), code);
    const decision = l.paragraphs[4]!.text;
    assert.ok(!bodies.has(decision), `${code}: its own decision paragraph`);
    bodies.add(decision);
  }
  // The Regulation's articles are quoted verbatim from outcomes.ts.
  assert.ok(text(build('deny-1')).includes('《中华人民共和国政府信息公开条例》第三十六条第（三）项、第十四条'));
  assert.ok(text(build('other-2')).includes('根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定'));
});

test('decisions say what the outcome means: provision, reasons, the other organ, organisations', () => {
  const grant = text(build('grant'));
  assert.match(grant, /本机关决定予以公开/);
  assert.match(grant, /现向您提供以下政府信息：1\.《宿城区2024年老旧小区改造计划》；2\.项目清单（附件）。/);
  assert.match(grant, /上述信息以纸质文本形式提供，以邮寄方式送达您提供的通信地址。/);

  const onsite = text(build('grant', { form: 'on-site', delivery: undefined, reasons: undefined, providedItems: ['会议纪要'] }));
  assert.match(onsite, /现向您提供以下政府信息：会议纪要。/);
  assert.match(onsite, /请您自收到本答复书之日起，在工作时间持本答复书及身份证明到本机关现场查阅上述信息。/);
  assert.ok(!onsite.includes('送达'));
  assert.match(text(build('grant', { form: 'electronic', delivery: 'online' })), /上述信息以电子文件形式提供，您可凭申请编号和查询码在本机关政府信息公开网站查询、下载。/);

  const partial = text(build('partial'));
  assert.match(partial, /本机关决定部分公开/);
  assert.match(partial, /对其余部分不予公开，理由如下：该部分内容涉及第三方个人隐私，第三方不同意公开。/);

  const deny = text(build('deny-4'));
  assert.match(deny, /本机关决定不予公开。/);
  assert.match(deny, /理由如下：该部分内容涉及第三方个人隐私/);
  assert.ok(!deny.includes('现向您提供'), 'a refusal provides nothing');

  const other = text(build('unable-1', { otherOrgan: { name: '宿迁市宿城区住房和城乡建设局', contact: '0527-84350000' }, reasons: undefined }));
  assert.match(other, /负责公开该政府信息的行政机关为宿迁市宿城区住房和城乡建设局，联系方式：0527-84350000，您可向该机关提出申请。/);
  const none = text(build('unable-1', { reasons: undefined }));
  assert.match(none, /该政府信息不存在/);

  const org = build('reject-2', { applicantName: '宿迁某某建设有限公司', applicantIsOrg: true });
  assert.equal(org.paragraphs[2]!.text, '宿迁某某建设有限公司：');
  assert.match(text(org), /收到你单位提出的政府信息公开申请/);
  for (const code of OUTCOME_CODES) {
    for (const delivery of ['post', 'email', 'pickup', 'online'] as const) {
      const t = text(build(code, { applicantIsOrg: true, delivery, otherOrgan: code === 'unable-1' ? { name: '某局' } : undefined }));
      assert.ok(!t.includes('您'), `${code}/${delivery}: an organisation is addressed as 你单位 throughout`);
      assert.match(t, /你单位/, code);
    }
  }

  assert.match(text(build('reject-3', { reasons: undefined })), /可通过公共图书馆/);
  assert.match(text(build('other-3', { reasons: '申请人于2025年11月3日书面撤回申请，本机关终止处理' })), /现将处理情况告知如下：申请人于2025年11月3日书面撤回申请，本机关终止处理。/);
  // No contact given → no contact paragraph.
  assert.ok(!text(build('grant', { contact: undefined })).includes('联系人'));
});

test('missing fields per outcome → VALIDATION with Chinese messages per field', () => {
  for (const code of OUTCOME_CODES) {
    const need = requiredFields(code);
    if (code.startsWith('deny-')) assert.ok(need.includes('reasons'), `${code} needs reasons`);
    const r = buildLetter({ ...BASE, outcome: code });
    if (need.length === 0) {
      assert.ok(r.ok, code);
      continue;
    }
    assert.ok(!r.ok, code);
    assert.equal(r.error.code, 'VALIDATION');
    assert.deepEqual(Object.keys(r.error.fields ?? {}).sort(), [...need].sort(), code);
  }
  const deny = buildLetter({ ...BASE, outcome: 'deny-3', reasons: '  ' });
  assert.ok(!deny.ok);
  assert.equal(deny.error.fields?.reasons, '不予公开的答复须说明理由');
  const grant = letterProblems({ ...BASE, outcome: 'grant', ground: '36-2', providedItems: [' ', ''] });
  assert.equal(grant.providedItems, '予以公开的答复须列出提供的政府信息');
  assert.equal(grant.form, '予以公开的答复须写明提供信息的形式');
  assert.equal(grant.delivery, '予以公开的答复须写明获取信息的方式');

  const bad = letterProblems({
    ...BASE,
    outcome: 'grant',
    ground: '36-2',
    applicantName: '',
    receivedOn: '2025-13-01',
    decidedOn: '2025/11/21',
    form: 'fax' as never,
    providedItems: ['x'],
    delivery: 'post',
    court: '',
  });
  assert.deepEqual(bad, {
    applicantName: '请填写申请人姓名或名称',
    court: '请填写管辖的人民法院',
    receivedOn: '收到申请日期应为 YYYY-MM-DD 格式的有效日期',
    decidedOn: '答复日期应为 YYYY-MM-DD 格式的有效日期',
    form: '提供形式不在允许范围内',
  });
  assert.equal(letterProblems({ ...FULL, outcome: 'grant', ground: '36-2', decidedOn: '2025-10-29' }).decidedOn, '答复日期不能早于收到申请的日期');
  assert.equal(letterProblems({ ...FULL, outcome: 'unable-1', ground: '36-5', otherOrgan: { name: ' ' } }).otherOrgan, '请填写负责公开该信息的机关名称');
  assert.deepEqual(letterProblems({ ...FULL, outcome: 'nope' as never }), { outcome: '请选择办理结果' });
});

test('LetterPage: escaped text, A4 print rules, one h1, no raw HTML', () => {
  const l = build('grant', { applicantName: '<script>alert(1)</script>', requestSummary: '"a" & <b>' });
  const html = renderPage(h(LetterPage, { letter: l, links: [{ href: '/x.docx', label: '下载 Word 文件' }] }) as VNode);
  assert.ok(html.startsWith('<!doctype html><html lang="zh-CN">'));
  assert.ok(!html.includes('<script>'), 'the name is escaped');
  assert.ok(html.includes('&lt;script>alert(1)&lt;/script>：') || html.includes('&lt;script&gt;alert(1)&lt;/script&gt;：'));
  assert.ok(!html.includes('<b>'));
  assert.match(html, /@page \{ size: A4; margin: 2\.54cm 3\.17cm; \}/);
  assert.match(html, /font-size: 16pt/);
  assert.match(html, /WenQuanYi Micro Hei/);
  assert.ok(!/<style>[^<]*&quot;/.test(html), 'no quotes in the stylesheet (preact would escape them)');
  assert.equal(html.match(/<h1/g)?.length, 1);
  assert.match(html, /<h1 class="lp-title">政府信息公开申请答复书<\/h1>/);
  assert.match(html, /<p class="lp-signature">宿迁市宿城区人民政府办公室<\/p><p class="lp-date">2025年11月21日<\/p>/);
  assert.match(html, /<a href="\/x.docx">下载 Word 文件<\/a>/);
});

test('LetterEditor: one labelled textarea per paragraph, CSRF, and the form reads back into the letter', () => {
  const l = build('deny-6', { applicantName: '<img src=x onerror=alert(1)>' });
  const html = renderFragment(h(LetterEditor, { letter: l, action: '/admin/requests/1/letter', csrf: 'tok"en', errors: { 'text-4': '太长了' } }) as VNode);
  assert.ok(!html.includes('<img'), 'escaped');
  assert.match(html, /<form class="letter-editor" method="post" action="\/admin\/requests\/1\/letter">/);
  assert.match(html, /name="_csrf" value="tok&quot;en"/);
  const textareas = html.match(/<textarea /g)?.length;
  assert.equal(textareas, l.paragraphs.length);
  for (let i = 0; i < l.paragraphs.length; i++) {
    assert.ok(html.includes(`<label for="letter-text-${i}">`), `label ${i}`);
    assert.ok(html.includes(`id="letter-text-${i}" name="text-${i}"`), `textarea ${i}`);
  }
  assert.match(html, /<label for="letter-text-3">正文第 1 段<\/label>/);
  assert.ok(html.includes(`>${l.paragraphs[3]!.text}</textarea>`), 'textarea holds the paragraph text');
  assert.ok(html.includes('>&lt;img src=x onerror=alert(1)>：</textarea>'), 'salutation text escaped inside its textarea');
  assert.match(html, /aria-invalid="true" aria-describedby="letter-text-4-error"/);
  assert.match(html, /<p class="le-error" id="letter-text-4-error">太长了<\/p>/);

  // What the browser posts back: kind-N and text-N. Edit one paragraph, clear another.
  const posted: Record<string, string> = { _csrf: 'x' };
  l.paragraphs.forEach((p, i) => { posted[`kind-${i}`] = p.kind; posted[`text-${i}`] = p.text; });
  posted['text-4'] = '  经审查，修改后的理由。\r\n第二行  ';
  posted[`text-${l.paragraphs.length - 3}`] = '';
  const r = letterFromForm(posted);
  assert.ok(r.ok);
  assert.equal(r.value.title, LETTER_TITLE);
  assert.equal(r.value.paragraphs.length, l.paragraphs.length - 1);
  assert.deepEqual(r.value.paragraphs[4], { kind: 'body', text: '经审查，修改后的理由。第二行' });
  assert.deepEqual(r.value.paragraphs.slice(0, 4), l.paragraphs.slice(0, 4));

  const noTitle = letterFromForm({ ...posted, 'text-0': ' ' });
  assert.ok(!noTitle.ok);
  assert.equal(noTitle.error.fields?.['text-0'], '请填写答复书标题');
  const badKind = letterFromForm({ ...posted, 'kind-2': 'script' });
  assert.ok(!badKind.ok);
  assert.equal(badKind.error.fields?.['text-2'], '段落类型不正确');
  const arr = letterFromForm({ ...posted, 'text-3': ['a', 'b'] as unknown as string });
  assert.ok(!arr.ok);
  assert.equal(letterFromForm({}).ok, false);
});

test('letterToDocx: a .docx with A4 size, margins, the title, the applicant, the basis and 仿宋', async () => {
  const l = build('deny-1', { applicantName: '李四 & <王五>' });
  const buf = await letterToDocx(l);
  assert.ok(Buffer.isBuffer(buf));
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK');
  const files = unzipSync(new Uint8Array(buf));
  assert.ok(files['word/document.xml'], 'has word/document.xml');
  const xml = strFromU8(files['word/document.xml']!);
  assert.ok(xml.includes('政府信息公开申请答复书'));
  assert.ok(xml.includes('李四 &amp; &lt;王五&gt;：'), 'applicant name, XML-escaped');
  assert.ok(xml.includes('《中华人民共和国政府信息公开条例》第三十六条第（三）项、第十四条'));
  assert.ok(xml.includes('2025年11月21日'));
  assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
  assert.match(xml, /<w:pgMar w:top="1440" w:right="1797" w:bottom="1440" w:left="1797"/);
  assert.match(xml, /w:eastAsia="仿宋"/);
  assert.match(xml, /w:firstLineChars="200"/);
  assert.match(xml, /<w:jc w:val="center"\/>/);
  assert.match(xml, /<w:jc w:val="right"\/>/);
  assert.match(xml, /<w:sz w:val="44"\/>/, 'title 22pt');
  assert.match(xml, /<w:sz w:val="32"\/>/, 'body 16pt');
  // Every paragraph of the letter is in the document, in order.
  let at = 0;
  for (const p of l.paragraphs) {
    const esc = p.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const i = xml.indexOf(esc, at);
    assert.ok(i >= at, `paragraph in order: ${p.text.slice(0, 20)}`);
    at = i;
  }
  assert.equal(docxFilename(l), '政府信息公开申请答复书（宿城政办依申复〔2025〕12号）.docx');
});

// ---------------------------------------------------------------------------
// Notices: 补正告知书, 延长答复期限告知书, 收费通知书
// ---------------------------------------------------------------------------


const NBASE = {
  letterNo: formatKindNo('supplement-notice', '宿城政办', 2025, 3),
  organName: '宿迁市宿城区人民政府办公室',
  applicantName: '张三',
  applicantIsOrg: false,
  receivedOn: '2025-09-26',
  requestSummary: '2024年本单位道路维修工程的招标文件。',
  noticeOn: '2025-09-30',
  contact: '联系人：王某，联系电话：0527-84356789',
};

const NOTICE_CASES: { name: string; input: Partial<NoticeInput> & { kind: NoticeInput['kind'] }; has: string[]; hasNot?: string[] }[] = [
  {
    name: '补正: listed items, period, due date, the period does not count, 视为放弃',
    input: { kind: 'supplement-notice', periodDays: 10, items: ['所需信息的具体名称；', ' 文件的大致形成时间 '], supplementDueOn: '2025-10-21' },
    has: [
      '根据《中华人民共和国政府信息公开条例》第三十条的规定，现一次性告知您需要作出补正的事项如下：1.所需信息的具体名称；2.文件的大致形成时间。',
      '请您自收到本告知书之日起10个工作日内（即2025年10月21日前）向本机关提交补正后的申请。',
      '补正期间不计算在答复期限内，答复期限自本机关收到补正后的申请之日起计算。',
      '您无正当理由逾期不补正的，视为放弃申请',
      '特此告知。',
    ],
  },
  {
    name: '补正 without items (old events): the generic item; no due date → no parenthesis',
    input: { kind: 'supplement-notice', periodDays: 7 },
    has: ['需要作出补正的事项如下：所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述，以确保本机关能够准确确定您所需要的政府信息。', '之日起7个工作日内向本机关提交'],
    hasNot: ['（即'],
  },
  {
    name: '延长: days, the new due date, the reason, Art. 33 ¶2, head approval',
    input: { kind: 'extension-notice', days: 15, newDueOn: '2025-11-20', reason: '需要征求有关部门意见。' },
    has: [
      '因需要征求有关部门意见，本机关不能在规定的答复期限内作出答复。',
      '根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长15个工作日，延长后的答复期限至2025年11月20日。',
    ],
  },
  {
    name: '延长 without reason',
    input: { kind: 'extension-notice', days: 20, newDueOn: '2026-01-05' },
    has: ['本机关不能在规定的答复期限内作出答复。', '答复期限延长20个工作日，延长后的答复期限至2026年1月5日。'],
    hasNot: ['因，'],
  },
  {
    name: '收费 by pages: 109号, Art. 5, amount, 20 working days, 视为放弃',
    input: { kind: 'fee-notice', amount: 700, basis: 'pages', pages: 100, payDueOn: '2025-10-29', payment: '银行转账至本机关账户' },
    has: [
      '根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您申请公开的政府信息共100页，数量超过规定的免费标准，本机关按照该办法第五条的规定按量计收，应缴纳信息处理费共计人民币700元。',
      '请您自收到本通知之日起20个工作日内（即2025年10月29日前）缴纳上述费用。缴费方式：银行转账至本机关账户。',
      '您逾期未缴纳信息处理费的，视为放弃申请',
      '特此通知。',
    ],
  },
  {
    name: '收费 by count, organisation',
    input: { kind: 'fee-notice', amount: 100, basis: 'count', count: 11, applicantIsOrg: true },
    has: ['你单位在同一自然月内累计提出政府信息公开申请11件，申请数量超过规定的免费标准，本机关按照该办法第四条的规定按件计收，应缴纳信息处理费共计人民币100元。', '请你单位自收到本通知之日起20个工作日内缴纳上述费用。'],
    hasNot: ['您'],
  },
];

test('notices: table of kinds → the legal text, applicant, number, organ and date', () => {
  for (const c of NOTICE_CASES) {
    const r = buildNotice({ ...NBASE, ...c.input } as NoticeInput);
    assert.ok(r.ok, `${c.name}: ${r.ok ? '' : JSON.stringify(r.error.fields)}`);
    const l = r.value;
    const all = text(l);
    assert.equal(l.title, NOTICE_TITLES[c.input.kind], c.name);
    assert.deepEqual(l.paragraphs.slice(0, 3).map((p) => p.kind), ['title', 'no', 'salutation'], c.name);
    assert.equal(l.paragraphs[1]!.text, '宿城政办依申补〔2025〕3号');
    assert.ok(all.includes(`本机关于2025年9月26日收到${c.input.applicantIsOrg ? '你单位' : '您'}提出的政府信息公开申请，申请获取“2024年本单位道路维修工程的招标文件”。`), c.name);
    assert.deepEqual(l.paragraphs.slice(-2), [
      { kind: 'signature', text: '宿迁市宿城区人民政府办公室' },
      { kind: 'date', text: '2025年9月30日' },
    ], c.name);
    assert.ok(all.includes('（联系人：王某，联系电话：0527-84356789）'), c.name);
    assert.ok(!/\d{4}-\d{2}-\d{2}/.test(all), `${c.name}: no ISO dates`);
    for (const h of c.has) assert.ok(all.includes(h), `${c.name}: has ${h}\n${all}`);
    for (const h of c.hasNot ?? []) assert.ok(!all.includes(h), `${c.name}: has not ${h}`);
    // Every notice is a valid letter for storing.
    assert.ok(validateLetter(l).ok, c.name);
  }
  assert.equal(formatKindNo('extension-notice', '宿城政办', 2026, 7), '宿城政办依申延〔2026〕7号');
  assert.equal(formatKindNo('fee-notice', '', 2026, 7), '依申费〔2026〕7号');
  assert.equal(formatKindNo('reply', 'X', 2026, 7), formatLetterNo('X', 2026, 7));
});

test('notices: missing or wrong fields per kind → VALIDATION with Chinese messages', () => {
  const cases: [Partial<NoticeInput> & { kind: NoticeInput['kind'] }, Record<string, string>][] = [
    [{ kind: 'supplement-notice' }, { periodDays: '补正期限应为 1 至 60 个工作日' }],
    [{ kind: 'supplement-notice', periodDays: 61 }, { periodDays: '补正期限应为 1 至 60 个工作日' }],
    [{ kind: 'supplement-notice', periodDays: 5, items: [1 as never] }, { items: '补正事项格式不正确' }],
    [{ kind: 'extension-notice', days: 21, newDueOn: '2025-11-31' }, { days: '延长期限应为 1 至 20 个工作日', newDueOn: '请填写延长后的答复期限（YYYY-MM-DD）' }],
    [{ kind: 'fee-notice', amount: 0, basis: 'weight' as never }, { amount: '请填写收费金额（元，正整数）', basis: '请选择计费方式（按件计收或按量计收）' }],
    [{ kind: 'fee-notice', amount: 1.5, basis: 'pages', pages: -1 }, { amount: '请填写收费金额（元，正整数）', pages: '页数应为正整数' }],
    [{ kind: 'supplement-notice', periodDays: 5, noticeOn: '2025-09-01' }, { noticeOn: '告知日期不能早于收到申请的日期' }],
    [{ kind: 'supplement-notice', periodDays: 5, applicantName: ' ', letterNo: '' }, { applicantName: '请填写申请人姓名或名称', letterNo: '请填写文号' }],
    [{ kind: 'nope' as never }, { kind: '告知书类型不正确' }],
  ];
  for (const [input, expected] of cases) {
    assert.deepEqual(noticeProblems({ ...NBASE, ...input } as NoticeInput), expected, JSON.stringify(input));
    const r = buildNotice({ ...NBASE, ...input } as NoticeInput);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'VALIDATION');
  }
});

test('validateLetter: the rules of letterFromForm for stored letters', () => {
  const l = build('grant');
  const v = validateLetter(l);
  assert.ok(v.ok);
  assert.deepEqual(v.value, l);
  assert.equal(validateLetter(null).ok, false);
  assert.equal(validateLetter({ title: 'x', paragraphs: 'x' }).ok, false);
  const noTitle = validateLetter({ title: 'x', paragraphs: [{ kind: 'body', text: '正文' }] });
  assert.ok(!noTitle.ok);
  assert.equal(noTitle.error.fields?.['text-0'], '请填写答复书标题');
  const badKind = validateLetter({ title: 'x', paragraphs: [{ kind: 'title', text: 'x' }, { kind: 'script', text: 'y' }] });
  assert.ok(!badKind.ok);
  const long = validateLetter({ title: 'x', paragraphs: [{ kind: 'title', text: 'x' }, { kind: 'body', text: '字'.repeat(5001) }] });
  assert.ok(!long.ok);
  assert.equal(validateLetter({ title: 'x', paragraphs: Array.from({ length: 101 }, () => ({ kind: 'title', text: 'x' })) }).ok, false);
});
