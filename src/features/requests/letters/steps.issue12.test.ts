// Issue 12: the steps and letters the law requires around a reply —
//  - Art. 35: “要求说明理由” is recorded (with its notice) before 不予处理-4, and the reply says so;
//  - Arts. 32/34: the written consultation letter to the party, the consultation's outcome
//    (Art. 34 逾期视为同意 for organs only), and the notice to a third party when disclosing over its
//    objection — letters to a third party never reach the applicant and never name the applicant;
//  - Art. 41: correction requests recorded and answered, with their letter.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, unitId, type TestApp } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { todayBeijing } from '../../../platform/views/format.ts';
import { applyRequestEvent, submitRequest } from '../requests.commands.ts';
import { getPublicStatus } from '../requests.repository.ts';
import { getPublicLetter, issueLetter, listLetterSummaries } from './letters.repository.ts';
import type { Letter } from './templates.ts';

let t: TestApp;
let handler: Actor;
let b: Browser;
let csrf: string;
const today = todayBeijing();
const APPLICANT = { name: '欧阳明华', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', address: '宿迁市宿城区幸福路 88 号' };

async function register(): Promise<{ id: number; trackingNo: string; queryCode: string }> {
  const r = await submitRequest({ db: t.db }, handler, {
    applicantType: 'natural',
    applicant: { ...APPLICANT },
    unitId: await unitId(t, 'fgj'),
    description: '某某公司 2024 年环评报告',
    form: 'paper',
    delivery: 'post',
    channel: 'in-person',
    receivedOn: today,
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
}
const step = (id: number, input: Record<string, unknown>) => applyRequestEvent({ db: t.db }, handler, id, { on: today, ...input });
async function ok(id: number, input: Record<string, unknown>) {
  const r = await step(id, input);
  assert.ok(r.ok, JSON.stringify(!r.ok && { m: r.error.message, f: r.error.fields }));
  return r.value;
}
const events = (id: number) => t.db.selectFrom('request_events').selectAll().where('request_id', '=', id).orderBy('id').execute();
const letters = (id: number) => t.db.selectFrom('request_letters').selectAll().where('request_id', '=', id).orderBy('id').execute();

/** The editor's fields of a notice page, as the browser posts them. */
function editorForm(html: string): Record<string, string> {
  const form: Record<string, string> = {};
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/name="(kind-\d+)" value="([^"]*)"/g)) form[m[1]!] = m[2]!;
  for (const m of html.matchAll(/name="(text-\d+)"[^>]*>([^<]*)<\/textarea>/g)) form[m[1]!] = unescape(m[2]!);
  assert.ok(Object.keys(form).length > 6, 'editor fields found');
  return form;
}
async function issueFromPage(id: number, kind: string, query = ''): Promise<{ status: number; text: string }> {
  const page = await b.get(`/admin/requests/${id}/notice/${kind}${query}`);
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  const form = editorForm(page.body);
  const res = await b.post(`/admin/requests/${id}/letters/${kind}`, { ...form, _csrf: csrf, issuedOn: today });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const rows = await letters(id);
  const stored = JSON.parse(rows.at(-1)!.body) as Letter;
  return { status: res.statusCode, text: stored.paragraphs.map((p) => p.text).join('\n') };
}

before(async () => {
  t = await buildTestApp();
  handler = await makeUser(t, 's12-h', 'handler', 'fgj');
  b = new Browser(t.app);
  assert.equal((await b.login('s12-h')).statusCode, 303);
  csrf = await b.csrf('/admin/requests');
});
after(async () => t.close());

describe('Art. 35: 要求说明理由 before 不予处理-4', () => {
  it('refuses 不予处理-4 without the step (409, nothing stored); records the step, its notice, then the reply names the date', async () => {
    const r = await register();
    const refused = await step(r.id, { type: 'decide', outcome: 'reject-4' });
    assert.ok(!refused.ok);
    assert.equal(refused.error.status, 409);
    assert.match(refused.error.message, /须先要求申请人说明理由/);
    assert.deepEqual((await events(r.id)).map((e) => e.type), []);
    assert.equal((await t.db.selectFrom('requests').select('outcome').where('id', '=', r.id).executeTakeFirstOrThrow()).outcome, null);

    await ok(r.id, { type: 'reasons-requested', reason: '本月内提出 120 件申请', periodDays: 10 });
    const again = await step(r.id, { type: 'reasons-requested' });
    assert.ok(!again.ok);
    assert.equal(again.error.status, 409);
    const notice = await issueFromPage(r.id, 'reasons-notice');
    assert.match(notice.text, /数量、频次明显超过合理范围（本月内提出 120 件申请）。根据《中华人民共和国政府信息公开条例》第三十五条的规定，请您自收到本通知之日起10个工作日内向本机关书面说明申请理由。/);
    assert.match(notice.text, /^欧阳明华：$/m);

    await ok(r.id, { type: 'decide', outcome: 'reject-4' });
    const [y, m, d] = today.split('-').map(Number);
    const page = await b.get(`/admin/requests/${r.id}/letter`);
    assert.equal(page.statusCode, 200);
    // reasons are required: the form asks for them, then the letter says what happened.
    assert.match(page.body, /须说明申请理由不合理的情况/);
    assert.match(page.body, new RegExp(`name="reasonsRequestedOn" value="${today}"`), 'the date of the recorded step');
    const q = new URLSearchParams({ letterNo: '依申复〔2026〕9号', organName: '宿城区发展和改革局', decidedOn: today, receivedOn: today, requestSummary: '环评报告', ground: '', obtainWay: '', withheld: '', providedItems: '', reasons: '申请人未说明理由', reasonsRequestedOn: today, otherOrganName: '', otherOrganContact: '', contact: '', reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院', form: '', delivery: '' });
    const letter = await b.get(`/admin/requests/${r.id}/letter?${q}`);
    assert.equal(letter.statusCode, 200);
    assert.ok(letter.body.includes(`本机关于${y}年${m}月${d}日依法要求您说明理由。经审查，本机关认为您的申请理由不合理。根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关不予处理。`));
  });
});

describe('Arts. 32/34: consultation letters and outcomes', () => {
  it('the consultation letter goes to the third party, not naming the applicant, and is never shown to the applicant', async () => {
    const r = await register();
    await ok(r.id, { type: 'consultation-started', party: 'third-party', with: '宿迁某某化工有限公司' });
    const letter = await issueFromPage(r.id, 'consultation-letter');
    assert.match(letter.text, /^宿迁某某化工有限公司：$/m);
    assert.match(letter.text, /收到一件政府信息公开申请/);
    assert.match(letter.text, /根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。/);
    assert.match(letter.text, /自收到本征求意见书之日起15个工作日内提出书面意见/);
    assert.match(letter.text, /逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开/);
    for (const p of [APPLICANT.name, APPLICANT.phone, APPLICANT.idNumber, APPLICANT.address]) assert.ok(!letter.text.includes(p), `no ${p}`);
    const [row] = await letters(r.id);
    assert.equal(row!.kind, 'consultation-letter');
    // The applicant sees neither it in the list nor by its number.
    assert.deepEqual(await listLetterSummaries(t.db, r.id), []);
    assert.equal(await getPublicLetter(t.db, r.trackingNo, r.queryCode, row!.id), undefined);
    const status = await getPublicStatus(t.db, r.trackingNo, r.queryCode);
    assert.ok(status.ok);
    assert.ok(!JSON.stringify(status.value).includes('征求意见书'));
    assert.ok(!JSON.stringify(status.value).includes('宿迁某某化工'));
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/requests/${r.trackingNo}/letters/${row!.id}?code=${r.queryCode}` });
    assert.equal(api.statusCode, 404);
  });

  it('records the outcome: 逾期视为同意 (Art. 34) for an organ only; a third party’s objection', async () => {
    const agency = await register();
    await ok(agency.id, { type: 'consultation-started', party: 'agency', with: '宿城区生态环境局' });
    const letter = await issueFromPage(agency.id, 'consultation-letter');
    assert.match(letter.text, /第三十四条的规定，现就是否公开该政府信息征求贵机关意见。/);
    assert.match(letter.text, /逾期未提出意见的，视为同意公开。/);
    const wrong = await step(agency.id, { type: 'consultation-ended', result: 'no-answer' });
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.status, 400);
    await ok(agency.id, { type: 'consultation-ended', result: 'deemed-consent' });
    const ended = (await events(agency.id)).find((e) => e.type === 'consultation-ended')!;
    assert.equal(JSON.parse(ended.payload).result, 'deemed-consent');

    const third = await register();
    await ok(third.id, { type: 'consultation-started', party: 'third-party', with: '宿迁某某化工有限公司' });
    const bad = await step(third.id, { type: 'consultation-ended', result: 'deemed-consent' });
    assert.ok(!bad.ok);
    assert.match(bad.error.fields!.result!, /不能视为同意/);
    assert.equal((await events(third.id)).length, 1, 'nothing stored on a refusal');
    const junk = await step(third.id, { type: 'consultation-ended', result: 'maybe' });
    assert.ok(!junk.ok);
    assert.equal(junk.error.status, 400);
  });

  it('the notice to a third party when disclosing over its objection: only then, with content and reasons (Art. 32)', async () => {
    const r = await register();
    await ok(r.id, { type: 'consultation-started', party: 'third-party', with: '宿迁某某化工有限公司' });
    await ok(r.id, { type: 'consultation-ended', result: 'objected' });
    const early = await b.get(`/admin/requests/${r.id}/notice/disclosure-notice`);
    assert.equal(early.statusCode, 409, 'not before a decision to disclose');
    await ok(r.id, { type: 'decide', outcome: 'grant' });
    const page = await b.get(`/admin/requests/${r.id}/notice/disclosure-notice`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /请写明不公开可能对公共利益造成重大影响、决定公开的理由/);
    const q = new URLSearchParams({ letterNo: '依申告〔2026〕1号', organName: '宿城区发展和改革局', noticeOn: today, receivedOn: today, requestSummary: '环评报告', addressee: '宿迁某某化工有限公司', items: '2024 年环评报告（含污染物排放数据）', reason: '污染物排放数据涉及公众健康，不公开可能对公共利益造成重大影响', contact: '' });
    const out = await issueFromPage(r.id, 'disclosure-notice', `?${q}`);
    assert.match(out.text, /^宿迁某某化工有限公司：$/m);
    assert.match(out.text, /你方不同意公开。经审查，本机关认为不公开可能对公共利益造成重大影响。根据《中华人民共和国政府信息公开条例》第三十二条的规定，本机关决定予以公开/);
    assert.match(out.text, /决定公开的政府信息内容：2024 年环评报告（含污染物排放数据）。/);
    assert.match(out.text, /决定公开的理由：污染物排放数据涉及公众健康/);
    assert.ok(!out.text.includes(APPLICANT.name));
    assert.deepEqual(await listLetterSummaries(t.db, r.id), []);

    // Without an objection (the third party agreed) there is no such notice.
    const agreed = await register();
    await ok(agreed.id, { type: 'consultation-started', party: 'third-party', with: '某公司' });
    await ok(agreed.id, { type: 'consultation-ended', result: 'agreed' });
    await ok(agreed.id, { type: 'decide', outcome: 'grant' });
    const refused = await issueLetter({ db: t.db }, handler, agreed.id, 'disclosure-notice', { title: '政府信息公开决定告知书', paragraphs: [{ kind: 'title', text: '政府信息公开决定告知书' }] });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'INVALID_TRANSITION');
    assert.equal((await letters(agreed.id)).length, 0);
  });
});

describe('Art. 41: correction requests', () => {
  it('are recorded after the reply, answered once, and answered by a letter citing Art. 41 with the remedies', async () => {
    const r = await register();
    const tooEarly = await step(r.id, { type: 'correction-requested', items: '社保缴费记录有误' });
    assert.ok(!tooEarly.ok);
    assert.equal(tooEarly.error.status, 409);
    await ok(r.id, { type: 'decide', outcome: 'grant' });
    const noAnswerYet = await step(r.id, { type: 'correction-answered', result: 'corrected' });
    assert.ok(!noAnswerYet.ok);
    assert.equal(noAnswerYet.error.status, 409);
    const missing = await step(r.id, { type: 'correction-requested' });
    assert.ok(!missing.ok);
    assert.match(missing.error.fields!.items!, /第四十一条/);
    await ok(r.id, { type: 'correction-requested', items: '答复中提供的 2023 年本人社保缴费基数记录为 3000 元，实际为 5000 元（附缴费凭证）' });
    const noOrgan = await step(r.id, { type: 'correction-answered', result: 'forwarded' });
    assert.ok(!noOrgan.ok);
    assert.equal(noOrgan.error.fields!.with, '请填写有权更正的行政机关名称');
    await ok(r.id, { type: 'correction-answered', result: 'forwarded', with: '宿城区人力资源和社会保障局' });
    const ev = (await events(r.id)).filter((e) => e.type.startsWith('correction'));
    assert.deepEqual(ev.map((e) => e.type), ['correction-requested', 'correction-answered']);

    const out = await issueFromPage(r.id, 'correction-reply');
    assert.match(out.text, /收到您提出的政府信息更正申请，要求更正“答复中提供的 2023 年本人社保缴费基数记录为 3000 元/);
    assert.match(out.text, /根据《中华人民共和国政府信息公开条例》第四十一条的规定，本机关已将您的更正申请转送有权更正的宿城区人力资源和社会保障局处理。/);
    assert.match(out.text, /向宿迁市宿城区人民政府申请行政复议，或者在六个月内向宿迁市宿城区人民法院提起行政诉讼/);
    // The applicant sees this one.
    const list = await listLetterSummaries(t.db, r.id);
    assert.deepEqual(list.map((l) => l.kind), ['correction-reply']);
  });
});

describe('the request page offers the new steps as forms', () => {
  it('records 要求说明理由, the consultation outcome and a correction request through the console forms', async () => {
    const r = await register();
    const page = await b.get(`/admin/requests/${r.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h3 id="h-reasons-requested">要求申请人说明理由<\/h3>/);
    assert.match(page.body, /申请数量、频次明显超过合理范围的情况/);
    const posted = await b.post(`/admin/requests/${r.id}/events`, { _csrf: csrf, type: 'reasons-requested', on: today, reason: '一个月内 80 件' });
    assert.equal(posted.statusCode, 303);
    const ev = (await events(r.id)).at(-1)!;
    assert.equal(ev.type, 'reasons-requested');
    assert.equal(JSON.parse(ev.payload).reason, '一个月内 80 件');

    await ok(r.id, { type: 'consultation-started', party: 'agency', with: '宿城区生态环境局' });
    const p2 = await b.get(`/admin/requests/${r.id}`);
    assert.match(p2.body, /视为同意公开（第三十四条）/);
    assert.equal((await b.post(`/admin/requests/${r.id}/events`, { _csrf: csrf, type: 'consultation-ended', on: today, result: 'deemed-consent' })).statusCode, 303);
    assert.equal(JSON.parse((await events(r.id)).at(-1)!.payload).result, 'deemed-consent');

    await ok(r.id, { type: 'decide', outcome: 'grant' });
    const p3 = await b.get(`/admin/requests/${r.id}`);
    assert.match(p3.body, /<h3 id="h-correction-requested">收到更正申请<\/h3>/);
    const bad = await b.post(`/admin/requests/${r.id}/events`, { _csrf: csrf, type: 'correction-requested', on: today, items: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /第四十一条/);
    assert.equal((await b.post(`/admin/requests/${r.id}/events`, { _csrf: csrf, type: 'correction-requested', on: today, items: '出生日期记录有误' })).statusCode, 303);
    const p4 = await b.get(`/admin/requests/${r.id}`);
    assert.match(p4.body, /有权更正的行政机关（转送或告知时填写）/);
    assert.match(p4.body, /审核属实，予以更正/);
  });
});

describe('older records', () => {
  it('a request decided 不予处理-4 before the Art. 35 rule still replays (its page and later steps keep working)', async () => {
    const { replay } = await import('../transitions.ts');
    const legacy = replay('in-person', [{ type: 'decide', on: '2025-03-03', outcome: 'reject-4' }, { type: 'deliver', on: '2025-03-04' }]);
    assert.ok(legacy.ok, !legacy.ok ? legacy.error.message : '');
    assert.equal(legacy.value.status, 'delivered');
    // Recording it now is refused.
    const { applyEvent, initialState } = await import('../transitions.ts');
    const now = applyEvent(initialState('in-person'), { type: 'decide', on: '2025-03-03', outcome: 'reject-4' }, 'handler');
    assert.ok(!now.ok);
    assert.equal(now.error.code, 'INVALID_TRANSITION');
  });
});
