// Issue 12, annual report integrity: publishing the report document marks the report published and
// freezes it (page, API, Word/Excel, next year's R5 read the frozen version; later back-dated records
// show up only as a warning to staff); a correction is a new published revision with its reason, the
// old one still viewable; reports published earlier as plain documents are recognised; 现行有效件数
// leaves out documents replaced by another; unentered figures from other systems are warned about
// before submission; the Word table has the format's three row-label columns; the API serves .docx
// and .xlsx.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { backfillPublished } from './migrations/0015-report-revisions.ts';
import { applyRequestEvent, submitRequest } from '../requests/public.ts';
import { approveDocument, changeValidity, createDocument, publishDocument, submitDocument, withdrawDocument } from '../documents/documents.commands.ts';

let t: TestApp;
let zfb: number;
let jyj: number;
let head: Actor;
let reviewer: Actor;
let jyjEditor: Actor;
let jyjReviewer: Actor;
const { as, post } = staffSessions(() => t.app);
const CHECKS = { check_political: 'on', check_policy: 'on', check_wording: 'on' };
const PERSON = { name: '赵六', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678' };

async function register(receivedOn: string, events: Record<string, unknown>[] = []) {
  const r = await submitRequest({ db: t.db }, head, { channel: 'in-person', receivedOn, applicantType: 'natural', applicant: PERSON, unitId: zfb, description: `测试申请 ${receivedOn}`, form: 'paper', delivery: 'pickup' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  for (const e of events) {
    const x = await applyRequestEvent({ db: t.db }, head, r.value.id, e);
    assert.ok(x.ok, JSON.stringify(!x.ok && x.error));
  }
  return r.value.id;
}

async function publishedDoc(actor: Actor, rev: Actor, unit: number, input: Record<string, unknown>, publishedAt: string) {
  const c = await createDocument({ db: t.db }, actor, { unitId: unit, genre: 'tongzhi', body: '<p>正文</p>', disclosure: '主动公开', ...input });
  assert.ok(c.ok, JSON.stringify(!c.ok && c.error));
  assert.ok((await submitDocument({ db: t.db }, actor, c.value.id)).ok);
  assert.ok((await approveDocument({ db: t.db }, rev, c.value.id, CHECKS)).ok);
  const p = await publishDocument({ db: t.db }, rev, c.value.id, { publishedAt });
  assert.ok(p.ok, JSON.stringify(!p.ok && p.error));
  return c.value.id;
}

const api = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const newTotal = (j: any) => j.sections.requests.rows.find((r: { code: string }) => r.code === 'new').values.total;
const reportRow = () => t.db.selectFrom('annual_reports').selectAll().where('unit_id', '=', zfb).where('year', '=', 2025).executeTakeFirstOrThrow();

async function publishSubmitted() {
  const row = await reportRow();
  assert.ok(row.document_id);
  assert.ok((await approveDocument({ db: t.db }, reviewer, row.document_id!, CHECKS)).ok);
  const p = await publishDocument({ db: t.db }, reviewer, row.document_id!, {});
  assert.ok(p.ok, JSON.stringify(!p.ok && p.error));
  return row.document_id!;
}

before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  jyj = await unitId(t, 'jyj');
  head = await makeUser(t, 'ri-head', 'office-head', 'zfb');
  await makeUser(t, 'ri-editor', 'editor', 'zfb');
  await makeUser(t, 'ri-district', 'office-head', 'sucheng');
  reviewer = await makeUser(t, 'ri-reviewer', 'reviewer', 'zfb');
  jyjEditor = await makeUser(t, 'ri-jyj-editor', 'editor', 'jyj');
  jyjReviewer = await makeUser(t, 'ri-jyj-reviewer', 'reviewer', 'jyj');
  await register('2025-03-03', [{ type: 'decide', on: '2025-03-20', outcome: 'grant' }]);
  await register('2025-12-29');
  await register('2025-04-07', [{ type: 'decide', on: '2025-04-20', outcome: 'deny-1' }]);
});
after(async () => t.close());

describe('before publication', () => {
  it('warns about figures from other systems never entered, and asks for confirmation before submitting', async () => {
    assert.equal((await post('ri-editor', '/admin/reports/2025/zfb/inputs', { 'licensing.decisions': '120', 'licensing.source': '审批系统' })).statusCode, 303);
    const page = await (await as('ri-editor')).b.get('/admin/reports/2025/zfb');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /其他系统数据尚未填写：行政处罚、行政强制、行政事业性收费/);
    assert.ok(!/尚未填写：[^<]*行政许可/.test(page.body), 'the entered cell is not listed');
    assert.ok(page.body.includes('name="confirm_missing"'), 'the submit form asks for confirmation');

    assert.equal((await post('ri-editor', '/admin/reports/2025/zfb/narrative', { overview: '2025年总体情况。', problems: '存在的问题。', other: '其他事项。' })).statusCode, 303);
    const refused = await post('ri-editor', '/admin/reports/2025/zfb/submit', {});
    assert.equal(refused.statusCode, 400);
    assert.ok(refused.body.includes('行政处罚、行政强制、行政事业性收费'), refused.body.slice(0, 300));
    assert.equal((await reportRow()).document_id, null, 'nothing submitted');

    const ok = await post('ri-editor', '/admin/reports/2025/zfb/submit', { confirm_missing: '1' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    assert.ok((await reportRow()).document_id);
  });
});

describe('publication freezes the report', () => {
  it('publishing the report document marks the report published (status, revision, audit) and the API says so', async () => {
    await publishSubmitted();
    const row = await reportRow();
    assert.equal(row.status, 'published');
    assert.ok(row.published_at);
    assert.equal(row.revision, 1);
    const revs = await t.db.selectFrom('annual_report_revisions').selectAll().where('report_id', '=', row.id).execute();
    assert.equal(revs.length, 1);
    assert.equal(revs[0]!.reason, null);
    const a = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.publish').execute();
    assert.equal(a.length, 1);
    const res = await api(`/api/v1/annual-reports/2025?unit=${zfb}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'published');
    assert.equal(res.json().revision, 1);
    assert.equal(newTotal(res.json()), 3);
  });

  it('back-dated records change no published figure, only warn staff; next year\'s R5 reads the frozen report', async () => {
    await register('2025-06-01', [{ type: 'decide', on: '2025-06-10', outcome: 'grant' }]);
    await register('2025-07-01');
    const res = await api(`/api/v1/annual-reports/2025?unit=${zfb}`);
    assert.equal(newTotal(res.json()), 3, 'the public API reads the frozen report');
    const token = await makeToken(t, 'ri-head');
    assert.equal(newTotal((await api(`/api/v1/annual-reports/2025?unit=${zfb}`, { authorization: `Bearer ${token}` })).json()), 3, 'staff too');

    const page = await (await as('ri-head')).b.get('/admin/reports/2025/zfb');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('发布后有 2 条记录发生变化'), 'the warning to staff');
    assert.match(page.body, /row=new&amp;col=total">3<\/a>/, 'the page shows the published figure');

    const xlsx = await (await as('ri-head')).b.get('/admin/reports/2025/zfb/report.xlsx');
    const s2 = strFromU8(unzipSync(new Uint8Array(xlsx.rawPayload))['xl/worksheets/sheet2.xml']!);
    assert.match(s2, /<c r="H4"><v>3<\/v><\/c>/, 'Excel: the frozen 一、本年新收 总计');
    const docx = await (await as('ri-head')).b.get('/admin/reports/2025/zfb/report.json');
    assert.equal(newTotal(docx.json()), 3, 'JSON export: frozen');

    // 2026: live 上年结转 = 2 (the open request and the back-dated open one); the frozen 2025 report said 1.
    const next = (await api(`/api/v1/annual-reports/2026?unit=${zfb}`, { authorization: `Bearer ${token}` })).json();
    const r5 = next.checks.filter((c: { rule: string }) => c.rule === 'R5');
    assert.ok(r5.length > 0 && r5.some((c: { ok: boolean }) => !c.ok), JSON.stringify(r5));
  });

  it('a correction is a new published revision with its reason; the old one stays viewable', async () => {
    assert.equal((await post('ri-editor', '/admin/reports/2025/zfb/narrative', { overview: 'x', problems: 'y', other: 'z' })).statusCode, 409, 'published: locked');
    const noReason = await post('ri-editor', '/admin/reports/2025/zfb/correct', { reason: ' ' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await reportRow()).status, 'published');
    const started = await post('ri-editor', '/admin/reports/2025/zfb/correct', { reason: '补录两件漏登的申请' });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    assert.equal((await reportRow()).status, 'correcting');
    // Still the published revision for the public while the correction is prepared.
    assert.equal(newTotal((await api(`/api/v1/annual-reports/2025?unit=${zfb}`)).json()), 3);
    const live = await (await as('ri-editor')).b.get('/admin/reports/2025/zfb');
    assert.match(live.body, /row=new&amp;col=total">5<\/a>/, 'the correction works on the live records');

    const sub = await post('ri-editor', '/admin/reports/2025/zfb/submit', { confirm_missing: '1' });
    assert.equal(sub.statusCode, 303, sub.body.slice(0, 500));
    const docId = await publishSubmitted();
    const doc = await t.db.selectFrom('documents').selectAll().where('id', '=', docId).executeTakeFirstOrThrow();
    assert.ok(doc.body.includes('补录两件漏登的申请'), 'the published correction states its reason');
    const row = await reportRow();
    assert.equal(row.status, 'published');
    assert.equal(row.revision, 2);
    const revs = await t.db.selectFrom('annual_report_revisions').selectAll().where('report_id', '=', row.id).orderBy('revision').execute();
    assert.deepEqual(revs.map((r) => [r.revision, r.reason]), [[1, null], [2, '补录两件漏登的申请']]);

    const now = (await api(`/api/v1/annual-reports/2025?unit=${zfb}`)).json();
    assert.equal(now.revision, 2);
    assert.equal(newTotal(now), 5);
    assert.equal(now.correctionReason, '补录两件漏登的申请');
    const old = await api(`/api/v1/annual-reports/2025?unit=${zfb}&revision=1`);
    assert.equal(old.statusCode, 200);
    assert.equal(newTotal(old.json()), 3);
    assert.equal((await api(`/api/v1/annual-reports/2025?unit=${zfb}&revision=9`)).statusCode, 404);
    const oldPage = await (await as('ri-head')).b.get('/admin/reports/2025/zfb?revision=1');
    assert.equal(oldPage.statusCode, 200);
    assert.match(oldPage.body, /row=new&amp;col=total">3<\/a>/);
    assert.ok(oldPage.body.includes('第 1 版'));
  });
});

describe('earlier reports and section 二', () => {
  it('a report published earlier as a plain document of the 政府信息公开年报 column is recognised', async () => {
    await publishedDoc(jyjEditor, jyjReviewer, jyj, { title: '宿城区教育局2024年政府信息公开工作年度报告', column: 'nb', kind: 'other', writtenOn: '2025-01-20', formedOn: '2025-01-20' }, '2025-01-22T02:00:00.000Z');
    const dash = await (await as('ri-district')).b.get('/admin/reports?year=2024');
    assert.equal(dash.statusCode, 200);
    const jyjRow = dash.body.split('<tr>').find((r) => r.includes('/admin/reports/2024/jyj"'))!;
    assert.ok(jyjRow, 'jyj listed');
    assert.ok(jyjRow.includes('已发布') && !jyjRow.includes('逾期未发布'), jyjRow);
    assert.ok(jyjRow.includes('2025-01-22'));
    const zfbRow = dash.body.split('<tr>').find((r) => r.includes('/admin/reports/2024/zfb"'))!;
    assert.ok(zfbRow.includes('逾期未发布'), 'a unit without one is still flagged');
  });

  it('现行有效件数 leaves out a normative document replaced by another (已修改 with a successor)', async () => {
    const oldDoc = await publishedDoc(jyjEditor, jyjReviewer, jyj, { title: '宿城区教育局规范性文件（旧）', column: 'zcwj', kind: 'normative', writtenOn: '2023-03-01', formedOn: '2023-03-01' }, '2023-03-02T02:00:00.000Z');
    const newDoc = await publishedDoc(jyjEditor, jyjReviewer, jyj, { title: '宿城区教育局规范性文件（新）', column: 'zcwj', kind: 'normative', writtenOn: '2025-05-01', formedOn: '2025-05-01' }, '2025-05-02T02:00:00.000Z');
    const v = await changeValidity({ db: t.db }, jyjReviewer, oldDoc, { validity: '已修改', validityOn: '2025-05-01', validityReason: '已被新文件修改替代', replacedBy: newDoc });
    assert.ok(v.ok, JSON.stringify(!v.ok && v.error));
    const token = await makeToken(t, 'ri-jyj-editor');
    const j = (await api(`/api/v1/annual-reports/2025?unit=${jyj}`, { authorization: `Bearer ${token}` })).json();
    const normative = j.sections.active[0].rows.find((r: { key: string }) => r.key === 'normative').values;
    assert.deepEqual(normative, { made: 1, repealed: 1, valid: 1 });
    // In 2024 it was still in force.
    const j24 = (await api(`/api/v1/annual-reports/2024?unit=${jyj}`, { authorization: `Bearer ${token}` })).json();
    assert.equal(j24.sections.active[0].rows.find((r: { key: string }) => r.key === 'normative').values.valid, 1);
  });
});

describe('Word and the API', () => {
  const docXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
  const requestTableXml = (xml: string) => xml.split('<w:tbl>').find((x) => x.includes('本年新收政府信息公开申请数量'))!;

  it('the Word request table has the three row-label columns of the format, with merged cells', async () => {
    const res = await (await as('ri-head')).b.get('/admin/reports/2025/zfb/report.docx');
    assert.equal(res.statusCode, 200);
    const tbl = requestTableXml(docXml(new Uint8Array(res.rawPayload)));
    const rows = tbl.split('<w:tr>').slice(1).concat(tbl.split('<w:tr ').slice(1)).filter((r) => r.includes('<w:tc>'));
    assert.equal(rows.length, 3 + 25, 'three header rows and the 25 data rows: no rows of their own for the groups');
    const textOf = (r: string) => [...r.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    const deny1 = rows.find((r) => textOf(r).includes('属于国家秘密'))!;
    assert.ok(textOf(deny1).includes('（三）不予公开'), '（三）不予公开 sits beside its first item');
    assert.ok(deny1.includes('w:vMerge w:val="restart"'), '（三）不予公开 starts a vertical merge');
    assert.ok(deny1.includes('w:vMerge w:val="continue"') || /<w:vMerge\/>/.test(deny1), '三、本年度办理结果 continues down the rows');
    const first = rows.find((r) => textOf(r).includes('（一）予以公开'))!;
    assert.ok(textOf(first).includes('三、本年度办理结果'), '三、本年度办理结果 starts on the row of （一）');
    assert.ok(first.includes('<w:gridSpan w:val="2"/>'), '（一）予以公开 spans the two inner label columns');
    const newRow = rows.find((r) => textOf(r).startsWith('一、本年新收'))!;
    assert.ok(newRow.includes('<w:gridSpan w:val="3"/>'), '一、本年新收 spans the three label columns');
    const header = rows[0]!;
    assert.ok(textOf(header).includes('本列数据的勾稽关系') && header.includes('<w:gridSpan w:val="3"/>'), 'the note spans 3 columns');
  });

  it('GET /api/v1/annual-reports/{year}?format=docx|xlsx serves the files as published', async () => {
    const docx = await api(`/api/v1/annual-reports/2025?unit=${zfb}&format=docx`);
    assert.equal(docx.statusCode, 200, docx.body.slice(0, 300));
    assert.match(String(docx.headers['content-type']), /wordprocessingml/);
    assert.match(String(docx.headers['content-disposition']), /attachment/);
    assert.ok(requestTableXml(docXml(new Uint8Array(docx.rawPayload))));
    const xlsx = await api(`/api/v1/annual-reports/2025?unit=${zfb}&format=xlsx&revision=1`);
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const s2 = strFromU8(unzipSync(new Uint8Array(xlsx.rawPayload))['xl/worksheets/sheet2.xml']!);
    assert.match(s2, /<c r="H4"><v>3<\/v><\/c>/, 'revision 1 as published');
    assert.equal((await api(`/api/v1/annual-reports/2025?unit=${zfb}&format=pdf`)).statusCode, 400);
    assert.equal((await api(`/api/v1/annual-reports/2025?unit=${jyj}&format=docx`)).statusCode, 404, 'a draft is not public in any format');
    const spec = (await api('/api/v1/openapi.json')).json();
    const params = spec.paths['/api/v1/annual-reports/{year}'].get.parameters.map((p: { name: string }) => p.name);
    assert.ok(params.includes('revision'));
    assert.ok(JSON.stringify(spec.paths['/api/v1/annual-reports/{year}']).includes('docx'));
  });
});

describe('withdrawal', () => {
  it('a published report whose document is withdrawn is no longer public nor counted as published', async () => {
    const revs = await t.db.selectFrom('annual_report_revisions').select(['revision', 'document_id']).orderBy('revision').execute();
    const withdraw = async (id: number) => {
      const w = await withdrawDocument({ db: t.db }, reviewer, id, { reason: '数据有误，撤回' });
      assert.ok(w.ok, JSON.stringify(!w.ok && w.error));
    };
    await withdraw(revs[1]!.document_id!);
    const back = await api(`/api/v1/annual-reports/2025?unit=${zfb}`);
    assert.equal(back.statusCode, 200);
    assert.equal(back.json().revision, 1, 'the correction withdrawn: the revision before is the public one');
    assert.equal((await api(`/api/v1/annual-reports/2025?unit=${zfb}&revision=2`)).statusCode, 404);
    // A scheduled publication is not public before its time.
    await t.db.updateTable('annual_report_revisions').set({ published_at: '2099-01-01T00:00:00.000Z' }).where('revision', '=', 1).execute();
    assert.equal((await api(`/api/v1/annual-reports/2025?unit=${zfb}`)).statusCode, 404);
    await t.db.updateTable('annual_report_revisions').set({ published_at: '2026-01-20T00:00:00.000Z' }).where('revision', '=', 1).execute();
    await withdraw(revs[0]!.document_id!);
    assert.equal((await api(`/api/v1/annual-reports/2025?unit=${zfb}`)).statusCode, 404);
    const dash = await (await as('ri-district')).b.get('/admin/reports?year=2025');
    const zfbRow = dash.body.split('<tr>').find((r) => r.includes('/admin/reports/2025/zfb"'))!;
    assert.ok(zfbRow.includes('已撤稿') && zfbRow.includes('逾期未发布'), zfbRow);
    const page = await (await as('ri-editor')).b.get('/admin/reports/2025/zfb');
    assert.ok(page.body.includes('action="/admin/reports/2025/zfb/correct"'), 'a correction republishes it');
  });
});

describe('upgrade (migration 0015)', () => {
  it('a report whose document was published before the upgrade becomes published, its numbers-only snapshot kept for R5', async () => {
    const docId = await publishedDoc(jyjEditor, jyjReviewer, jyj, { title: '宿城区教育局2023年政府信息公开工作年度报告', column: 'nb', kind: 'other', writtenOn: '2024-01-20', formedOn: '2024-01-20' }, '2024-01-22T02:00:00.000Z');
    const legacy = { requests: [{ key: 'carried-forward', label: '四、结转下年度继续办理', values: { natural: 5, business: 0, research: 0, 'public-interest': 0, 'legal-services': 0, other: 0, total: 5 } }], review: [] };
    const now = new Date().toISOString();
    await t.db.insertInto('annual_reports').values({ unit_id: jyj, year: 2023, format: '2021', status: 'submitted', narrative: '{}', snapshot: JSON.stringify(legacy), document_id: docId, created_at: now, updated_at: now }).execute();
    await backfillPublished(t.db as any);
    await backfillPublished(t.db as any); // idempotent
    const row = await t.db.selectFrom('annual_reports').selectAll().where('unit_id', '=', jyj).where('year', '=', 2023).executeTakeFirstOrThrow();
    assert.equal(row.status, 'published');
    assert.equal(row.revision, 1);
    assert.equal(row.published_at, '2024-01-22T02:00:00.000Z');
    assert.equal((await t.db.selectFrom('annual_report_revisions').selectAll().where('report_id', '=', row.id).execute()).length, 1);
    const pub = await api(`/api/v1/annual-reports/2023?unit=${jyj}`);
    assert.equal(pub.statusCode, 200);
    assert.equal(pub.json().status, 'published');
    const token = await makeToken(t, 'ri-jyj-editor');
    const next = (await api(`/api/v1/annual-reports/2024?unit=${jyj}`, { authorization: `Bearer ${token}` })).json();
    const r5 = next.checks.filter((c: { rule: string }) => c.rule === 'R5');
    assert.ok(r5.some((c: { ok: boolean; message: string }) => !c.ok && c.message.includes('5')), JSON.stringify(r5));
  });
});
