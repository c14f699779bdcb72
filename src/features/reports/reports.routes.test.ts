// The annual report from records to publication, through the console and the API: a year of
// requests with known answers (received in 2024 and decided in 2025, withdrawn, 补正 not made,
// still open at year end), documents of section 二, figures from other systems, the narrative,
// cross-checks, drill-down to the records, submission → review → publication with an 索引号,
// the dashboard, and the .docx / .xlsx / JSON exports parsed back.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { applyRequestEvent, submitRequest } from '../requests/public.ts';
import { approveDocument, createDocument, publishDocument, submitDocument, changeValidity } from '../documents/documents.commands.ts';

let t: TestApp;
let zfb: number;
let head: Actor;
let editor: Actor;
let reviewer: Actor;
const { as, post } = staffSessions(() => t.app);
const ids: Record<string, number> = {};

const PERSON = { name: '王五', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678' };

async function register(name: string, type: string, receivedOn: string, events: Record<string, unknown>[] = []) {
  const r = await submitRequest({ db: t.db }, head, {
    channel: 'in-person',
    receivedOn,
    applicantType: type,
    applicant: type === 'natural' ? PERSON : { name: '宿迁某某有限公司', idType: 'credit-code', idNumber: '913200001347824479', phone: '0527-8000000' },
    unitId: zfb,
    description: `测试申请 ${name}`,
    form: 'paper',
    delivery: 'pickup',
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  for (const e of events) {
    const x = await applyRequestEvent({ db: t.db }, head, r.value.id, e);
    assert.ok(x.ok, `${name} ${JSON.stringify(e)}: ${JSON.stringify(!x.ok && x.error)}`);
  }
  ids[name] = r.value.id;
}

async function normativeDoc(title: string, writtenOn: string, repealedOn?: string) {
  const c = await createDocument({ db: t.db }, editor, { title, unitId: zfb, column: 'zcwj.qzfbwj', genre: 'tongzhi', kind: 'normative', writtenOn, formedOn: writtenOn, body: '<p>正文</p>', disclosure: '主动公开' });
  assert.ok(c.ok, JSON.stringify(!c.ok && c.error));
  assert.ok((await submitDocument({ db: t.db }, editor, c.value.id)).ok);
  assert.ok((await approveDocument({ db: t.db }, reviewer, c.value.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
  const p = await publishDocument({ db: t.db }, reviewer, c.value.id, { publishedAt: `${writtenOn}T02:00:00.000Z` });
  assert.ok(p.ok, JSON.stringify(!p.ok && p.error));
  if (repealedOn) {
    const v = await changeValidity({ db: t.db }, reviewer, c.value.id, { validity: '废止', validityOn: repealedOn, validityReason: '已被新文件替代' });
    assert.ok(v.ok, JSON.stringify(!v.ok && v.error));
  }
  return c.value.id;
}

before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  head = await makeUser(t, 'rp-head', 'office-head', 'zfb');
  editor = await makeUser(t, 'rp-editor', 'editor', 'zfb');
  reviewer = await makeUser(t, 'rp-reviewer', 'reviewer', 'zfb');
  await makeUser(t, 'rp-auditor', 'auditor', 'zfb');
  await makeUser(t, 'rp-other', 'editor', 'jyj');

  // Received 2024, decided 2025 (carried over, 予以公开).
  await register('carried', 'natural', '2024-12-23', [{ type: 'decide', on: '2025-01-10', outcome: 'grant' }]);
  // Received and closed in 2024: not in the 2025 table.
  await register('old', 'natural', '2024-03-04', [{ type: 'decide', on: '2024-03-20', outcome: 'grant' }]);
  // 2025: business 部分公开; natural withdrawn (其他处理 3); 补正 not made (其他处理 1); open at year end.
  await register('partial', 'business', '2025-03-03', [{ type: 'decide', on: '2025-03-20', outcome: 'partial' }]);
  await register('withdrawn', 'natural', '2025-05-06', [{ type: 'withdraw', on: '2025-05-08' }]);
  await register('lapsed', 'natural', '2025-06-03', [
    { type: 'request-supplement', on: '2025-06-04', periodDays: 5, items: '请补充所需信息的名称', deliveredOn: '2025-06-04' },
    { type: 'supplement-expired', on: '2025-06-20' },
  ]);
  await register('open', 'natural', '2025-12-29');
  // A review on the 2025 decision, upheld.
  await register('reviewed', 'natural', '2025-02-03', [
    { type: 'decide', on: '2025-02-20', outcome: 'deny-4' },
    { type: 'review-filed', on: '2025-03-10' },
    { type: 'review-result', on: '2025-05-10', result: 'upheld' },
  ]);

  // Sent online to 教育局 by mistake, transferred before receipt to the office, which confirms and
  // decides: counted once, by the office. (A transfer after receipt is answered, and counted, by the
  // unit that received it — Art. 36(五); see requests.commands.test.ts.)
  const jyjHandler = await makeUser(t, 'rp-jyj-handler', 'handler', 'jyj');
  const tr = await submitRequest({ db: t.db }, null, { applicantType: 'natural', applicant: PERSON, unitId: await unitId(t, 'jyj'), description: '转办的申请', form: 'paper', delivery: 'pickup' });
  assert.ok(tr.ok);
  await t.db.updateTable('requests').set({ created_at: '2025-03-31T02:00:00.000Z' }).where('id', '=', tr.value.id).execute();
  assert.ok((await applyRequestEvent({ db: t.db }, jyjHandler, tr.value.id, { type: 'transfer', on: '2025-04-01', toUnitId: zfb })).ok);
  assert.ok((await applyRequestEvent({ db: t.db }, head, tr.value.id, { type: 'confirm-receipt', on: '2025-04-01' })).ok);
  assert.ok((await applyRequestEvent({ db: t.db }, head, tr.value.id, { type: 'decide', on: '2025-04-20', outcome: 'grant' })).ok);
  ids.transferred = tr.value.id;

  ids.docMade = await normativeDoc('宿城区行政规范性文件甲', '2025-04-01');
  ids.docRepealed = await normativeDoc('宿城区行政规范性文件乙', '2023-05-01', '2025-09-01');
  ids.docOld = await normativeDoc('宿城区行政规范性文件丙', '2022-05-01');
});
after(async () => t.close());

describe('the report page', () => {
  it('fills section 三 and 四 from the requests, every number a link to its records', async () => {
    const { b } = await as('rp-head');
    const res = await b.get('/admin/reports/2025/zfb');
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    const body = res.body;
    for (const label of ['三、收到和处理政府信息公开申请情况', '一、本年新收政府信息公开申请数量', '（七）总计', '四、结转下年度继续办理', '法人或其他组织', '复议后起诉', '第二十条第（一）项', '行政规范性文件']) {
      assert.ok(body.includes(label), label);
    }
    // new: natural 5 (withdrawn, lapsed, open, reviewed, transferred) + business 1 = 6; the number links to its records.
    assert.match(body, /href="\/admin\/reports\/2025\/zfb\/records\?kind=requests&amp;row=new&amp;col=total">6<\/a>/);
    assert.match(body, /row=grant&amp;col=natural">2<\/a>/, 'the carried-over and the transferred request');
    assert.match(body, /row=carried-over&amp;col=natural">1<\/a>/);
    assert.match(body, /row=carried-forward&amp;col=natural">1<\/a>/);
    assert.match(body, /row=other-3&amp;col=natural">1<\/a>/);
    assert.match(body, /row=other-1&amp;col=natural">1<\/a>/);
    assert.match(body, /kind=review&amp;row=review&amp;col=upheld">1<\/a>/);
    // Section 二 from documents: made 1, repealed 1, valid 2 (甲 and 丙).
    assert.match(body, /kind=documents&amp;row=normative&amp;col=made">1<\/a>/);
    assert.match(body, /kind=documents&amp;row=normative&amp;col=repealed">1<\/a>/);
    assert.match(body, /kind=documents&amp;row=normative&amp;col=valid">2<\/a>/);
    assert.ok(body.includes('通过</strong> R1'), 'R1 passes');
    assert.ok(body.includes('<svg'), 'charts');

    const drill = await b.get('/admin/reports/2025/zfb/records?kind=requests&row=new&col=natural');
    assert.equal(drill.statusCode, 200);
    const rows = await t.db.selectFrom('requests').select(['id', 'tracking_no']).where('id', 'in', [ids.withdrawn!, ids.lapsed!, ids.open!, ids.reviewed!, ids.transferred!]).execute();
    assert.equal(rows.length, 5);
    for (const r of rows) assert.ok(drill.body.includes(r.tracking_no), r.tracking_no);
    const carried = await t.db.selectFrom('requests').select('tracking_no').where('id', '=', ids.carried!).executeTakeFirstOrThrow();
    assert.ok(!drill.body.includes(carried.tracking_no), 'the carried-over request is not new');
    const docs = await b.get('/admin/reports/2025/zfb/records?kind=documents&row=normative&col=repealed');
    assert.ok(docs.body.includes('宿城区行政规范性文件乙') && !docs.body.includes('宿城区行政规范性文件甲'));
    assert.equal((await b.get('/admin/reports/2025/zfb/records?kind=requests&row=nope&col=total')).statusCode, 404);
  });

  it('a 2020 report uses the earlier format: its table 二 columns and a single 其他处理 row', async () => {
    const res = await (await as('rp-head')).b.get('/admin/reports/2020/zfb');
    assert.equal(res.statusCode, 200);
    for (const label of ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '第二十条第（九）项', '政府集中采购', '规范性文件']) assert.ok(res.body.includes(label), label);
    assert.ok(!res.body.includes('本年制发件数'));
    assert.match(res.body, /<th scope="row" colSpan="1">（六）其他处理<\/th><td class="num">0<\/td>/i, 'one 其他处理 row with numbers');
    assert.ok(!res.body.includes('申请人无正当理由逾期不补正'), 'no sub-rows under 其他处理');
    // 本年增/减 may be negative; other figures may not.
    const r = await post('rp-head', '/admin/reports/2020/zfb/inputs', { 'licensing.change': '-3', 'licensing.lastYear': '120' });
    assert.equal(r.statusCode, 303);
    const bad = await post('rp-head', '/admin/reports/2020/zfb/inputs', { 'licensing.lastYear': '-1' });
    assert.equal(bad.statusCode, 400);
    await t.db.deleteFrom('report_inputs').where('year', '=', 2020).execute();
    await t.db.deleteFrom('annual_reports').where('year', '=', 2020).execute();
  });

  it('unknown year or unit, or a unit out of scope → 404; roles without report access → 403', async () => {
    assert.equal((await (await as('rp-head')).b.get('/admin/reports/1999/zfb')).statusCode, 404);
    assert.equal((await (await as('rp-head')).b.get('/admin/reports/2025/nope')).statusCode, 404);
    assert.equal((await (await as('rp-other')).b.get('/admin/reports/2025/zfb')).statusCode, 404);
    const anon = await t.app.inject({ method: 'GET', url: '/admin/reports/2025/zfb' });
    assert.equal(anon.statusCode, 303);
  });
});

describe('editing: figures from other systems and the narrative', () => {
  it('refuses a bad figure with the field named and saves nothing; saves good ones with their source and an audit row', async () => {
    const bad = await post('rp-head', '/admin/reports/2025/zfb/inputs', { 'licensing.decisions': '12.5', 'licensing.source': '审批系统', 'fees.amount': '-3' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('行政许可·本年处理决定数量：请填写整数'));
    assert.ok(bad.body.includes('不能为负数'));
    assert.ok(bad.body.includes('value="12.5"'), 'what was typed is kept');
    assert.equal((await t.db.selectFrom('report_inputs').selectAll().execute()).length, 0);

    const good = await post('rp-head', '/admin/reports/2025/zfb/inputs', { 'licensing.decisions': '1,204', 'licensing.source': '区行政审批局政务服务系统', 'fees.amount': '12.35', 'penalty.decisions': '', 'coercion.decisions': '3' });
    assert.equal(good.statusCode, 303);
    const rows = await t.db.selectFrom('report_inputs').selectAll().orderBy('row_key').execute();
    assert.deepEqual(rows.map((r) => [r.row_key, r.col_key, r.value]), [['coercion', 'decisions', '3'], ['fees', 'amount', '12.35'], ['licensing', 'decisions', '1204']]);
    assert.equal(rows.find((r) => r.row_key === 'licensing')!.source, '区行政审批局政务服务系统');
    const a = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.inputs').execute();
    assert.equal(a.filter((x) => x.after_json?.includes('1204')).length, 1, 'one audit row for the save');
    const page = await (await as('rp-head')).b.get('/admin/reports/2025/zfb');
    assert.ok(page.body.includes('12.35') && page.body.includes('1204'));
  });

  it('imports the figures from an .xlsx or .csv table; an unknown item refuses the whole file', async () => {
    const upload = async (name: string, bytes: Uint8Array, csrf?: string) => {
      const { b, csrf: token } = await as('rp-head');
      const fd = new FormData();
      fd.append('_csrf', csrf ?? token);
      fd.append('file', new Blob([new Uint8Array(bytes)]), name);
      const r = new Response(fd);
      return t.app.inject({ method: 'POST', url: '/admin/reports/2025/zfb/inputs/import', headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! }, payload: Buffer.from(await r.arrayBuffer()) });
    };
    const value = async (row: string) => (await t.db.selectFrom('report_inputs').select(['value', 'source']).where('unit_id', '=', zfb).where('year', '=', 2025).where('row_key', '=', row).executeTakeFirst()) ?? null;

    const bad = await upload('figures.csv', new TextEncoder().encode('项目,数值,数据来源\n行政处罚,56,区综合行政执法局\n行政裁决,3,无\n'));
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('第 3 行：“行政裁决”不是 2025 年报告格式中需要填写的项目'));
    assert.equal(await value('penalty'), null, 'nothing imported from a refused file');

    const csv = await upload('figures.csv', new TextEncoder().encode('\ufeff项目,数值,数据来源\n行政处罚,56,区综合行政执法局执法系统\n'));
    assert.equal(csv.statusCode, 303);
    assert.deepEqual(await value('penalty'), { value: '56', source: '区综合行政执法局执法系统' });

    const { writeXlsx } = await import('../../platform/files/xlsx.ts');
    const xlsx = writeXlsx([{ name: 'Sheet1', merges: [], rows: [['项目', '指标', '数值', '数据来源'], ['行政事业性收费', '本年收费金额（单位：万元）', 7.5, '区财政局非税收入系统']] }]);
    const x = await upload('figures.xlsx', xlsx);
    assert.equal(x.statusCode, 303, x.body.slice(0, 300));
    assert.deepEqual(await value('fees'), { value: '7.5', source: '区财政局非税收入系统' });

    assert.equal((await upload('figures.pdf', new TextEncoder().encode('%PDF-1.4'))).statusCode, 400);
    // A zip bomb (64 MiB of zeros in ~65 KB) is refused quickly, not inflated.
    const { zipSync } = await import('fflate');
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    const started = Date.now();
    const refused = await upload('figures.xlsx', bomb);
    assert.equal(refused.statusCode, 400);
    assert.ok(Date.now() - started < 3000, 'refused without inflating it all');
    assert.equal((await upload('figures.csv', new TextEncoder().encode('项目,数值\n行政处罚,1\n'), 'wrong-token')).statusCode, 403);
    assert.equal((await value('penalty'))!.value, '56');
  });

  it('an auditor may read but not edit', async () => {
    const { b } = await as('rp-auditor');
    assert.equal((await b.get('/admin/reports/2025/zfb')).statusCode, 200);
    const r = await post('rp-auditor', '/admin/reports/2025/zfb/narrative', { overview: 'x', problems: 'y', other: 'z' });
    assert.equal(r.statusCode, 403);
    assert.equal((await t.db.selectFrom('annual_reports').selectAll().execute()).length, 1, 'only the row the inputs created');
  });

  it('the submission needs a saved narrative, then goes through review and is published with an 索引号', async () => {
    // The office head may edit but not create documents: told who can submit.
    const noRight = await post('rp-head', '/admin/reports/2025/zfb/submit', {});
    assert.equal(noRight.statusCode, 403);
    assert.ok(noRight.body.includes('请由信息发布人员提交'));

    const early = await post('rp-editor', '/admin/reports/2025/zfb/submit', {});
    assert.equal(early.statusCode, 400);
    assert.ok(early.body.includes('请先审阅并保存报告正文'));

    const empty = await post('rp-editor', '/admin/reports/2025/zfb/narrative', { overview: '  ', problems: '问题', other: '无' });
    assert.equal(empty.statusCode, 400);
    const saved = await post('rp-editor', '/admin/reports/2025/zfb/narrative', { overview: '2025年，区政府办公室扎实推进政务公开。', problems: '信息发布及时性有待提高。', other: '本年度未收取信息处理费。' });
    assert.equal(saved.statusCode, 303);

    const ok = await post('rp-editor', '/admin/reports/2025/zfb/submit', {});
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 800));
    const rpt = await t.db.selectFrom('annual_reports').selectAll().where('unit_id', '=', zfb).where('year', '=', 2025).executeTakeFirstOrThrow();
    assert.ok(rpt.document_id);
    assert.ok(rpt.snapshot && JSON.parse(rpt.snapshot).report.requests.rows.length > 20, 'the report is frozen (published as submitted; next year\'s R5)');
    const doc = await t.db.selectFrom('documents').selectAll().where('id', '=', rpt.document_id!).executeTakeFirstOrThrow();
    assert.equal(doc.status, 'submitted');
    assert.equal(doc.column_code, 'nb');
    assert.equal(doc.title, '宿迁市宿城区人民政府办公室2025年政府信息公开工作年度报告'.replace('宿迁市宿城区人民政府办公室', doc.publisher));
    assert.ok(doc.body.includes('（七）总计') && doc.body.includes('2025年，区政府办公室扎实推进政务公开。'));
    // Submitting twice is refused.
    assert.equal((await post('rp-editor', '/admin/reports/2025/zfb/submit', {})).statusCode, 409);

    // The reviewer publishes it like any document: it gets its 索引号.
    assert.ok((await approveDocument({ db: t.db }, reviewer, doc.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    const pub = await publishDocument({ db: t.db }, reviewer, doc.id, {});
    assert.ok(pub.ok);
    assert.match(pub.value.indexNo ?? '', /\/2026-\d{5}$/);

    const dash = await (await as('rp-head')).b.get('/admin/reports?year=2025');
    assert.equal(dash.statusCode, 200);
    const zfbRow = dash.body.split('<tr>').find((r) => r.includes('/admin/reports/2025/zfb"'))!;
    assert.ok(zfbRow.includes('已发布') && !zfbRow.includes('逾期未发布'));
    // Published: no more edits.
    assert.equal((await post('rp-editor', '/admin/reports/2025/zfb/narrative', { overview: 'a', problems: 'b', other: 'c' })).statusCode, 409);
  });

  it('the dashboard flags units past their deadline without a published report', async () => {
    const dash = await (await as('rp-head')).b.get('/admin/reports?year=2024');
    assert.equal(dash.statusCode, 200);
    assert.ok(dash.body.includes('逾期未发布'));
    assert.ok(dash.body.includes('2025-01-31'));
  });
});

describe('exports and the API', () => {
  it('.docx opens and carries the format\'s row and column labels', async () => {
    const res = await (await as('rp-head')).b.get('/admin/reports/2025/zfb/report.docx');
    assert.equal(res.statusCode, 200);
    const xml = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    for (const label of ['申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '总计', '一、本年新收政府信息公开申请数量', '（七）总计', '四、结转下年度继续办理', '结果维持', '尚未审结', '未经复议直接起诉', '行政规范性文件']) {
      assert.ok(text.includes(label), `docx has “${label}”`);
    }
    assert.ok(/<w:gridSpan w:val="7"\/>/.test(xml), 'the 申请人情况 header spans 7 columns');
  });

  it('.xlsx has the three tables with merged headers', async () => {
    const res = await (await as('rp-head')).b.get('/admin/reports/2025/zfb/report.xlsx');
    assert.equal(res.statusCode, 200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const wb = strFromU8(files['xl/workbook.xml']!);
    assert.ok(wb.includes('三、收到和处理政府信息公开申请情况'));
    const s2 = strFromU8(files['xl/worksheets/sheet2.xml']!);
    assert.ok(s2.includes('<mergeCell ref="B1:H1"/>'));
    assert.ok(s2.includes('一、本年新收政府信息公开申请数量'));
    // Row 4 is 一、本年新收: H4 (总计) = 6.
    assert.match(s2, /<c r="H4"><v>6<\/v><\/c>/);
  });

  it('GET /api/v1/annual-reports/{year}: the issue\'s shape; public once published, drafts need a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/annual-reports/2025?unit=${zfb}&format=json` });
    assert.equal(res.statusCode, 200, res.body);
    const j = res.json();
    assert.equal(j.year, 2025);
    assert.equal(j.unit.id, zfb);
    assert.equal(j.format, '2021');
    const codes = j.sections.requests.rows.map((r: { code: string }) => r.code);
    assert.equal(codes[0], 'new');
    assert.equal(codes[1], 'carried-over');
    assert.ok(codes.includes('deny-4') && codes.includes('other-3'));
    assert.deepEqual(codes.slice(-2), ['total', 'carried-forward']);
    const total = j.sections.requests.rows.find((r: { code: string }) => r.code === 'total');
    assert.deepEqual(Object.keys(total.values), ['natural', 'business', 'research', 'public-interest', 'legal-services', 'other', 'total']);
    assert.equal(total.values.total, 6);
    assert.ok(j.checks.every((c: { ok: boolean }) => c.ok));
    assert.ok(!JSON.stringify(j).includes('11010519491231002X'), 'no personal data');

    const jyj = await unitId(t, 'jyj');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/annual-reports/2025?unit=${jyj}` })).statusCode, 404);
    const token = await makeToken(t, 'rp-other');
    const draft = await t.app.inject({ method: 'GET', url: `/api/v1/annual-reports/2025?unit=${jyj}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(draft.statusCode, 200);
    assert.equal(draft.json().status, 'draft');
    const jyjNew = draft.json().sections.requests.rows.find((r: { code: string }) => r.code === 'new');
    assert.equal(jyjNew.values.total, 0, 'the transferred request is counted by the unit that holds it, once');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/annual-reports/2025?unit=abc` })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/annual-reports/1900?unit=${zfb}` })).statusCode, 400);
  });
});
