// Issued letters and notices: issuing stores the edited text with an audit row (and nothing on a
// refusal), the console's print page and .docx come from the stored text, notices exist only after
// their event, and the applicant reaches status, letters and downloads with number + query code
// only (POST form + short-lived HttpOnly cookie) — a wrong code is the neutral 404 of an unknown
// number; the status page and JSON carry the due-date reason and the letters but no personal data.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { buildTestApp, makeUser, Browser, staffSessions, unitId, type TestApp } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { todayBeijing } from '../../../platform/views/format.ts';
import { applyRequestEvent, submitRequest } from '../requests.commands.ts';
import { buildLetter, buildNotice, chineseDate, type Letter } from './templates.ts';
import { getLetter, issueLetter, listLetters } from './letters.repository.ts';
import { TRACK_COOKIE } from './track.routes.tsx';

let t: TestApp;
let fgj: number;
let handler: Actor;
let head: Actor;
let stranger: Actor;
let auditor: Actor;
const today = todayBeijing();

const APPLICANT = { name: '欧阳明华', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', email: 'ouyang@example.com', address: '宿迁市宿城区幸福路 88 号' };
const PERSONAL = [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, APPLICANT.email, APPLICANT.address];
const EDITED = '经审查，这是工作人员修改后的段落，含“引号”和 <尖括号> & 符号。';

const { as } = staffSessions(() => t.app);
const get = async (name: string, url: string) => (await as(name)).b.get(url);
async function post(name: string, url: string, form: Record<string, string>) {
  const { b, csrf } = await as(name);
  return b.post(url, { ...form, _csrf: csrf });
}

const letterRows = (requestId: number) => t.db.selectFrom('request_letters').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
const auditRows = (requestId: number) =>
  t.db.selectFrom('audit_log').selectAll().where('action', '=', 'request.letter-issue').where('entity_id', '=', String(requestId)).orderBy('id').execute();

async function register(): Promise<{ id: number; trackingNo: string; queryCode: string }> {
  const r = await submitRequest({ db: t.db }, handler, {
    applicantType: 'natural',
    applicant: { ...APPLICANT },
    unitId: fgj,
    description: '2024 年本单位道路维修工程的招标文件',
    form: 'electronic',
    delivery: 'online',
    channel: 'in-person',
    receivedOn: today,
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
}

async function event(actor: Actor, id: number, input: Record<string, unknown>) {
  const r = await applyRequestEvent({ db: t.db }, actor, id, { on: today, ...input });
  assert.ok(r.ok, JSON.stringify(!r.ok && { message: r.error.message, fields: r.error.fields }));
  return r.value;
}

function sampleLetter(): Letter {
  const r = buildLetter({
    outcome: 'grant',
    ground: '36-2',
    letterNo: '依申复〔2026〕1号',
    organName: '宿城区发展和改革局',
    applicantName: APPLICANT.name,
    applicantIsOrg: false,
    receivedOn: today,
    requestSummary: '招标文件',
    decidedOn: today,
    reviewBody: '宿迁市宿城区人民政府',
    court: '宿迁市宿城区人民法院',
    form: 'electronic',
    delivery: 'online',
    providedItems: ['招标文件'],
  });
  assert.ok(r.ok);
  return r.value;
}

/** The editor's fields as the browser would post them. */
function editorForm(html: string): Record<string, string> {
  const form: Record<string, string> = {};
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/name="(kind-\d+)" value="([^"]*)"/g)) form[m[1]!] = m[2]!;
  for (const m of html.matchAll(/name="(text-\d+)"[^>]*>([^<]*)<\/textarea>/g)) form[m[1]!] = unescape(m[2]!);
  assert.ok(Object.keys(form).length > 6, 'editor fields found');
  return form;
}

const docxText = (payload: Buffer) => strFromU8(unzipSync(new Uint8Array(payload))['word/document.xml']!);
const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

before(async () => {
  t = await buildTestApp();
  fgj = await unitId(t, 'fgj');
  handler = await makeUser(t, 'lt-handler', 'handler', 'fgj');
  head = await makeUser(t, 'lt-head', 'office-head', 'fgj');
  stranger = await makeUser(t, 'lt-stranger', 'handler', 'jyj');
  auditor = await makeUser(t, 'lt-auditor', 'auditor', 'fgj');
});
after(async () => t.close());

describe('issueLetter (command)', () => {
  it('refuses a reply before the decision (409) and notices before their event; nothing stored', async () => {
    const r = await register();
    const reply = await issueLetter({ db: t.db }, handler, r.id, 'reply', sampleLetter());
    assert.ok(!reply.ok);
    assert.equal(reply.error.code, 'INVALID_TRANSITION');
    assert.equal(reply.error.status, 409);
    for (const kind of ['supplement-notice', 'extension-notice', 'fee-notice']) {
      const n = await issueLetter({ db: t.db }, handler, r.id, kind, sampleLetter());
      assert.ok(!n.ok, kind);
      assert.equal(n.error.code, 'INVALID_TRANSITION', kind);
    }
    assert.equal((await letterRows(r.id)).length, 0);
    assert.equal((await auditRows(r.id)).length, 0);
  });

  it('stores the letter with an audit row without personal data; scope, role and input refusals store nothing', async () => {
    const r = await register();
    await event(handler, r.id, { type: 'decide', outcome: 'grant' });
    const letter = sampleLetter();
    letter.paragraphs[4] = { kind: 'body', text: EDITED };

    const out = await issueLetter({ db: t.db }, stranger, r.id, 'reply', letter);
    assert.ok(!out.ok);
    assert.equal(out.error.code, 'NOT_FOUND');
    const ro = await issueLetter({ db: t.db }, auditor, r.id, 'reply', letter);
    assert.ok(!ro.ok);
    assert.equal(ro.error.code, 'FORBIDDEN');
    for (const [kind, l, on] of [
      ['memo', letter, undefined],
      ['reply', { title: 'x', paragraphs: [{ kind: 'body', text: '无标题' }] }, undefined],
      ['reply', letter, '2999-01-01'],
      ['reply', letter, '2025-02-30'],
    ] as const) {
      const bad = await issueLetter({ db: t.db }, handler, r.id, kind, l, on);
      assert.ok(!bad.ok);
      assert.equal(bad.error.code, 'VALIDATION', `${kind} ${on}`);
    }
    const unknown = await issueLetter({ db: t.db }, handler, 999999, 'reply', letter);
    assert.ok(!unknown.ok);
    assert.equal(unknown.error.code, 'NOT_FOUND');
    assert.equal((await letterRows(r.id)).length, 0);
    assert.equal((await auditRows(r.id)).length, 0);

    const ok1 = await issueLetter({ db: t.db }, handler, r.id, 'reply', letter);
    assert.ok(ok1.ok);
    const rows = await letterRows(r.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'reply');
    assert.equal(rows[0]!.letter_no, '依申复〔2026〕1号');
    assert.equal(rows[0]!.issued_on, today);
    assert.equal(rows[0]!.actor_id, handler.id);
    assert.deepEqual(JSON.parse(rows[0]!.body), letter);
    const audits = await auditRows(r.id);
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.unit_id, fgj);
    assert.deepEqual(JSON.parse(audits[0]!.after_json!), { kind: 'reply', letterNo: '依申复〔2026〕1号', letterId: ok1.value.id, issuedOn: today });
    for (const p of PERSONAL) assert.ok(!JSON.stringify(audits[0]).includes(p), 'no personal data in the audit row');

    // Re-issuing keeps the history; the newest of a kind is current.
    const letter2 = { ...letter, paragraphs: letter.paragraphs.map((p, i) => (i === 4 ? { ...p, text: '第二版正文。' } : p)) };
    const ok2 = await issueLetter({ db: t.db }, head, r.id, 'reply', letter2);
    assert.ok(ok2.ok);
    const all = await listLetters(t.db, r.id);
    assert.deepEqual(all.map((l) => [l.id, l.current]), [[ok1.value.id, false], [ok2.value.id, true]]);
    assert.equal((await getLetter(t.db, r.id, ok1.value.id))!.current, false);
    assert.equal(await getLetter(t.db, r.id + 1, ok1.value.id), undefined, 'never across requests');
    assert.equal((await auditRows(r.id)).length, 2);
  });
});

describe('console', () => {
  let id: number;
  let trackingNo: string;
  let queryCode: string;
  let issuedUrl: string;
  let extendedDue: string;
  before(async () => {
    const r = await register();
    ({ id, trackingNo, queryCode } = r);
    extendedDue = (await event(head, id, { type: 'extend', days: 10, reason: '需要征求有关部门意见', note: '内部备注：主任口头同意' })).dueOn!;
    await event(handler, id, { type: 'fee-notice', basis: 'pages', pages: 100 });
    await event(handler, id, { type: 'fee-paid' });
    await event(handler, id, { type: 'decide', outcome: 'grant' });
  });

  it('reply letter: “出具答复书” stores the EDITED text (PRG with a flash); the print page and .docx come from it', async () => {
    const page = await get('lt-handler', `/admin/requests/${id}/letter`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /formaction="\/admin\/requests\/\d+\/letters\/reply/i);
    assert.ok(page.body.includes('出具答复书'));
    const form = editorForm(page.body);
    form['text-4'] = EDITED;
    form.issuedOn = today;
    const res = await post('lt-handler', `/admin/requests/${id}/letters/reply`, form);
    assert.equal(res.statusCode, 303);
    issuedUrl = String(res.headers.location);
    assert.match(issuedUrl, new RegExp(`^/admin/requests/${id}/letters/(\\d+)\\?issued=1$`));
    const rows = await letterRows(id);
    assert.equal(rows.length, 1);
    const stored = JSON.parse(rows[0]!.body) as Letter;
    assert.equal(stored.paragraphs[4]!.text, EDITED);
    assert.equal(rows[0]!.title, '政府信息公开申请答复书');

    const print = await get('lt-handler', issuedUrl);
    assert.equal(print.statusCode, 200);
    assert.ok(print.body.includes('已出具答复书'), 'flash after the redirect');
    assert.ok(print.body.includes('经审查，这是工作人员修改后的段落，含“引号”和 &lt;尖括号> &amp; 符号。'), 'the edited text, escaped');
    assert.ok(!print.body.includes('site-header'), 'a clean print page');

    const docx = await get('lt-handler', `/admin/requests/${id}/letters/${rows[0]!.id}.docx`);
    assert.equal(docx.statusCode, 200);
    assert.equal(docx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.ok(docxText(docx.rawPayload).includes(xmlEsc(EDITED)), 'the .docx holds the edited text');
    assert.ok(docxText(docx.rawPayload).includes(`${APPLICANT.name}：`));

    // The request page lists it, with links.
    const detail = await get('lt-handler', `/admin/requests/${id}`);
    assert.ok(detail.body.includes('告知书/答复书'));
    assert.ok(detail.body.includes(`/admin/requests/${id}/letters/${rows[0]!.id}.docx`));
    assert.ok(detail.body.includes(`/admin/requests/${id}/notice/extension-notice`), 'link next to the extension event');
    assert.ok(detail.body.includes(`/admin/requests/${id}/notice/fee-notice`), 'link next to the fee event');
    assert.ok(!detail.body.includes(`/admin/requests/${id}/notice/supplement-notice`), 'no 补正 event, no link');
  });

  it('errors re-render the editor with the typed text (400) and store nothing; scope/role refusals store nothing', async () => {
    const before = (await letterRows(id)).length;
    const page = await get('lt-handler', `/admin/requests/${id}/letter`);
    const form = editorForm(page.body);
    form['text-0'] = ' ';
    form['text-4'] = '我刚刚输入的文字';
    const bad = await post('lt-handler', `/admin/requests/${id}/letters/reply`, { ...form, issuedOn: today });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('请填写答复书标题'));
    assert.ok(bad.body.includes('>我刚刚输入的文字</textarea>'), 'typed text kept');
    const future = await post('lt-handler', `/admin/requests/${id}/letters/reply`, { ...editorForm(page.body), issuedOn: '2999-01-01' });
    assert.equal(future.statusCode, 400);
    assert.ok(future.body.includes('出具日期不能晚于今天'));
    assert.ok(future.body.includes('value="2999-01-01"'), 'typed date kept');

    const good = editorForm(page.body);
    assert.equal((await post('lt-stranger', `/admin/requests/${id}/letters/reply`, good)).statusCode, 404);
    assert.equal((await post('lt-auditor', `/admin/requests/${id}/letters/reply`, good)).statusCode, 403);
    assert.equal((await post('lt-handler', `/admin/requests/${id}/letters/memo`, good)).statusCode, 404);
    assert.equal((await letterRows(id)).length, before);
    // Reading: the auditor may read the issued letter, a handler of another unit may not.
    assert.equal((await get('lt-auditor', issuedUrl)).statusCode, 200);
    assert.equal((await get('lt-stranger', issuedUrl)).statusCode, 404);
    assert.equal((await get('lt-handler', `/admin/requests/${id}/letters/999999`)).statusCode, 404);
    assert.equal((await get('lt-handler', `/admin/requests/${id}/letters/abc.docx`)).statusCode, 404);
  });

  it('a reply before the decision is refused with 409 through the console too', async () => {
    const r = await register();
    const page = await get('lt-handler', `/admin/requests/${id}/letter`);
    const res = await post('lt-handler', `/admin/requests/${r.id}/letters/reply`, editorForm(page.body));
    assert.equal(res.statusCode, 409);
    assert.equal((await letterRows(r.id)).length, 0);
    assert.equal((await get('lt-handler', `/admin/requests/${r.id}/notice/extension-notice`)).statusCode, 409);
  });

  it('notices: elements from the event, editable, issued and listed', async () => {
    // Extension: days, reason and the new due date from the event and the clock.
    const ext = await get('lt-handler', `/admin/requests/${id}/notice/extension-notice`);
    assert.equal(ext.statusCode, 200);
    assert.ok(ext.body.includes('政府信息公开申请延长答复期限告知书'));
    assert.ok(ext.body.includes('因需要征求有关部门意见'));
    assert.ok(ext.body.includes(`答复期限延长10个工作日，延长后的答复期限至${chineseDate(extendedDue)}。`), 'the new due date from the clock');
    assert.ok(!ext.body.includes('主任口头同意'), 'the internal note never goes into a notice');
    const form = editorForm(ext.body);
    const i = Object.entries(form).find(([, v]) => v.includes('答复期限延长10个工作日'))![0];
    form[i] = form[i]!.replace('需要征求有关部门意见', '需要征求宿城区住房和城乡建设局意见');
    form.issuedOn = today;
    const res = await post('lt-handler', `/admin/requests/${id}/letters/extension-notice`, form);
    assert.equal(res.statusCode, 303);
    const row = (await letterRows(id)).find((l) => l.kind === 'extension-notice')!;
    assert.ok(row.body.includes('需要征求宿城区住房和城乡建设局意见'));

    // Fee: pages basis from the event.
    const fee = await get('lt-handler', `/admin/requests/${id}/notice/fee-notice`);
    assert.equal(fee.statusCode, 200);
    assert.ok(fee.body.includes('您申请公开的政府信息共100页'));
    assert.ok(fee.body.includes('请您自收到本通知之日起20个工作日内'));
    // Missing element (amount given by the form) → 400 with the message next to the field.
    const noAmount = await get('lt-handler', `/admin/requests/${id}/notice/fee-notice?letterNo=x&organName=y&receivedOn=${today}&noticeOn=${today}&requestSummary=z&basis=pages&amount=&pages=100`);
    assert.equal(noAmount.statusCode, 400);
    assert.ok(noAmount.body.includes('请填写收费金额（元，正整数）'));

    // Supplement: on a request with a 补正 event.
    const s = await register();
    await event(handler, s.id, { type: 'request-supplement', periodDays: 10, items: '所需文件的名称和年份' });
    const sup = await get('lt-handler', `/admin/requests/${s.id}/notice/supplement-notice`);
    assert.equal(sup.statusCode, 200);
    assert.ok(sup.body.includes('现一次性告知您需要作出补正的事项如下：所需文件的名称和年份。'));
    assert.ok(sup.body.includes('请您自收到本告知书之日起10个工作日内（即'));
    assert.ok(sup.body.includes('补正期间不计算在答复期限内'));
    const supForm = { ...editorForm(sup.body), issuedOn: today };
    assert.equal((await post('lt-auditor', `/admin/requests/${s.id}/letters/supplement-notice`, supForm)).statusCode, 403);
    assert.equal((await post('lt-handler', `/admin/requests/${s.id}/letters/supplement-notice`, supForm)).statusCode, 303);
    assert.deepEqual((await letterRows(s.id)).map((l) => l.kind), ['supplement-notice']);
    const detail = await get('lt-handler', `/admin/requests/${s.id}`);
    assert.ok(detail.body.includes('补正告知书'));
    assert.ok(detail.body.includes(`/admin/requests/${s.id}/notice/supplement-notice`));
  });

  describe('applicant', () => {
    let letterId: number;
    before(async () => {
      letterId = (await letterRows(id)).find((l) => l.kind === 'reply')!.id;
    });

    it('POST number + code → cookie → status page with the due-date reason and the letters, without personal data', async () => {
      const b = new Browser(t.app);
      const csrf = await b.csrf('/ysqgk/track');
      const res = await b.post('/ysqgk/track', { trackingNo: trackingNo.toLowerCase(), code: queryCode.toLowerCase(), _csrf: csrf });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/ysqgk/track/${trackingNo}`);
      const set = String(res.headers['set-cookie']);
      assert.match(set, new RegExp(`${TRACK_COOKIE}=`));
      assert.match(set, /HttpOnly/);
      assert.match(set, /SameSite=Strict/);
      assert.match(set, /Path=\/ysqgk\/track/);
      assert.ok(!String(res.headers.location).includes(queryCode), 'the code never goes into a URL');

      const st = await b.get(`/ysqgk/track/${trackingNo}`);
      assert.equal(st.statusCode, 200);
      assert.equal(st.headers['cache-control'], 'no-store');
      assert.ok(st.body.includes('期限依据：'));
      assert.ok(st.body.includes('延长答复期限 10 个工作日'), 'the reason names the extension');
      assert.ok(st.body.includes('答复书和告知书'));
      assert.ok(st.body.includes(`/ysqgk/track/${trackingNo}/letters/${letterId}.docx`));
      assert.ok(st.body.includes('延长答复期限告知书'));
      for (const p of PERSONAL) assert.ok(!st.body.includes(p), `status page without ${p}`);

      const letter = await b.get(`/ysqgk/track/${trackingNo}/letters/${letterId}`);
      assert.equal(letter.statusCode, 200);
      assert.ok(letter.body.includes('经审查，这是工作人员修改后的段落'), 'the stored, edited text');
      assert.ok(letter.body.includes(`${APPLICANT.name}：`), 'the letter addresses the applicant');
      assert.ok(!letter.body.includes(APPLICANT.idNumber));
      assert.match(letter.body, /@page \{ size: A4/);
      const docx = await b.get(`/ysqgk/track/${trackingNo}/letters/${letterId}.docx`);
      assert.equal(docx.statusCode, 200);
      assert.match(String(docx.headers['content-disposition']), /^attachment; /);
      assert.ok(docxText(docx.rawPayload).includes(xmlEsc(EDITED)));

      // “退出查询” forgets the code.
      const out = await b.post('/ysqgk/track/forget', { _csrf: csrf });
      assert.equal(out.statusCode, 303);
      const after = await b.get(`/ysqgk/track/${trackingNo}/letters/${letterId}`);
      assert.equal(after.statusCode, 404);
    });

    it('without the code, with a wrong code or for another request → the same neutral 404; nothing leaks', async () => {
      const strip = (s: string) => s.replace(/name="_csrf" value="[^"]*"/g, '').replaceAll(trackingNo, 'N').replaceAll('SC2000-999999', 'N');
      const noCookie = await new Browser(t.app).get(`/ysqgk/track/${trackingNo}/letters/${letterId}`);
      const wrong = new Browser(t.app);
      wrong.cookies.set(TRACK_COOKIE, `${trackingNo}.ABCDEFGH`);
      const wrongCode = await wrong.get(`/ysqgk/track/${trackingNo}/letters/${letterId}`);
      const wrongDocx = await wrong.get(`/ysqgk/track/${trackingNo}/letters/${letterId}.docx`);
      const unknown = new Browser(t.app);
      unknown.cookies.set(TRACK_COOKIE, `SC2000-999999.ABCDEFGH`);
      const unknownNo = await unknown.get(`/ysqgk/track/SC2000-999999/letters/${letterId}`);
      for (const r of [noCookie, wrongCode, wrongDocx, unknownNo]) {
        assert.equal(r.statusCode, 404);
        assert.match(r.body, /未找到该申请，请核对申请编号和查询码/);
        assert.ok(!r.body.includes('letter-sheet'));
      }
      assert.equal(strip(wrongCode.body), strip(unknownNo.body), 'no hint which part was wrong');

      // The right code of ANOTHER request does not open this request's letter.
      const other = await register();
      const ob = new Browser(t.app);
      ob.cookies.set(TRACK_COOKIE, `${other.trackingNo}.${other.queryCode}`);
      assert.equal((await ob.get(`/ysqgk/track/${other.trackingNo}/letters/${letterId}`)).statusCode, 404);
      assert.equal((await ob.get(`/ysqgk/track/${trackingNo}/letters/${letterId}`)).statusCode, 404);

      // The POST form: wrong code and unknown number are the same 404.
      const b = new Browser(t.app);
      const csrf = await b.csrf('/ysqgk/track');
      const p1 = await b.post('/ysqgk/track', { trackingNo, code: 'ABCDEFGH', _csrf: csrf });
      const p2 = await b.post('/ysqgk/track', { trackingNo: 'SC2000-999999', code: 'ABCDEFGH', _csrf: csrf });
      assert.equal(p1.statusCode, 404);
      assert.equal(p2.statusCode, 404);
      assert.equal(strip(p1.body), strip(p2.body));
      assert.ok(!('set-cookie' in p1.headers) || !String(p1.headers['set-cookie']).includes(`${TRACK_COOKIE}=${trackingNo}`));
      // Without CSRF the form is refused.
      const noCsrf = await t.app.inject({ method: 'POST', url: '/ysqgk/track', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `trackingNo=${trackingNo}&code=${queryCode}` });
      assert.equal(noCsrf.statusCode, 403);
      // The status URL without a remembered code asks for it, whether the number exists or not.
      const ask = await new Browser(t.app).get(`/ysqgk/track/${trackingNo}`);
      assert.equal(ask.statusCode, 200);
      assert.ok(ask.body.includes('id="f-code"'));
      assert.ok(!ask.body.includes('答复书和告知书'));
    });

    it('API: the public status JSON has dueReason and letters, and no personal data', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/requests/${trackingNo}?code=${queryCode}` });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(typeof body.dueReason, 'string');
      assert.ok(body.dueReason.includes('延长答复期限 10 个工作日'));
      assert.ok(Array.isArray(body.letters));
      const kinds = body.letters.map((l: { kind: string }) => l.kind);
      assert.ok(kinds.includes('reply') && kinds.includes('extension-notice'));
      for (const l of body.letters) assert.deepEqual(Object.keys(l).sort(), ['id', 'issuedOn', 'kind', 'letterNo', 'title']);
      const reply = body.letters.find((l: { id: number }) => l.id === letterId);
      assert.deepEqual(reply, { id: letterId, kind: 'reply', title: '政府信息公开申请答复书', letterNo: reply.letterNo, issuedOn: today });
      for (const p of PERSONAL) assert.ok(!res.body.includes(p), `status JSON without ${p}`);
      const wrong = await t.app.inject({ method: 'GET', url: `/api/v1/requests/${trackingNo}?code=ABCDEFGH` });
      const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/requests/SC2000-999999?code=ABCDEFGH` });
      assert.equal(wrong.statusCode, 404);
      assert.equal(unknown.statusCode, 404);
      assert.equal(wrong.body, unknown.body);

      // The letter itself as JSON, with the code; any mismatch is the same 404.
      const full = await t.app.inject({ method: 'GET', url: `/api/v1/requests/${trackingNo}/letters/${letterId}?code=${queryCode}` });
      assert.equal(full.statusCode, 200);
      assert.equal(full.headers['cache-control'], 'no-store');
      const lj = full.json();
      assert.equal(lj.kind, 'reply');
      assert.equal(lj.current, true);
      assert.ok(lj.paragraphs.some((p: { text: string }) => p.text === EDITED), 'the edited text');
      const bad = [
        `/api/v1/requests/${trackingNo}/letters/${letterId}?code=ABCDEFGH`,
        `/api/v1/requests/SC2000-999999/letters/${letterId}?code=ABCDEFGH`,
        `/api/v1/requests/${trackingNo}/letters/999999?code=${queryCode}`,
      ];
      const bodies = new Set<string>();
      for (const url of bad) {
        const r = await t.app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 404, url);
        bodies.add(r.body);
      }
      assert.equal(bodies.size, 1, 'one neutral answer');
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/requests/${trackingNo}/letters/${letterId}` })).statusCode, 400, 'code is required');
    });
  });
});

describe('notice templates against stored letters', () => {
  it('a built notice is accepted by issueLetter as is', async () => {
    const r = await register();
    await event(handler, r.id, { type: 'request-supplement', periodDays: 5, items: '文件名称' });
    const n = buildNotice({ kind: 'supplement-notice', letterNo: '依申补〔2026〕9号', organName: '宿城区发展和改革局', applicantName: APPLICANT.name, applicantIsOrg: false, receivedOn: today, requestSummary: '招标文件', noticeOn: today, periodDays: 5, items: ['文件名称'] });
    assert.ok(n.ok);
    const issued = await issueLetter({ db: t.db }, head, r.id, 'supplement-notice', n.value);
    assert.ok(issued.ok);
    assert.equal(issued.value.letterNo, '依申补〔2026〕9号');
    assert.deepEqual(JSON.parse((await letterRows(r.id))[0]!.body), n.value);
  });
});
