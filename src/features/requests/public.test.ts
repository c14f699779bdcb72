// Public 依申请公开 pages: apply → receipt → track, validation re-render, honeypot, CSRF, neutral 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, unitId, makeUser, Browser, type TestApp } from '../../../test/helpers.ts';
import { applyRequestEvent } from './requests.commands.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { TRACK_RATE_LIMIT } from './letters/track.routes.tsx';

let t: TestApp;
let zfb: number;
before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
});
after(async () => t?.close());

const NAME = '张小明';
const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';

function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    applicantType: 'natural',
    'applicant.name': NAME,
    'applicant.idType': 'resident-id',
    'applicant.idNumber': ID_NUMBER,
    'applicant.phone': PHONE,
    'applicant.email': '',
    'applicant.address': '',
    unitId: String(zfb),
    description: '2024年本区老旧小区改造项目的资金安排情况',
    docRef: '',
    form: 'electronic',
    delivery: 'online',
    website: '',
    ...over,
  };
}

/** POST the form (urlencoded, no files) → 303 to the one-time receipt → its page, number and code. */
async function applyAndReceipt(b: Browser, over: Record<string, string> = {}) {
  const res = await b.post('/ysqgk/apply', form(over), '/ysqgk/apply');
  assert.equal(res.statusCode, 303, res.body);
  const location = String(res.headers.location);
  assert.match(location, /^\/ysqgk\/receipt\/[A-Za-z0-9_-]{20,}$/);
  const receipt = await b.get(location);
  const no = /<span class="big">(SC\d{4}-\d{6})<\/span>/.exec(receipt.body)?.[1];
  const code = /<dt>查询码<\/dt><dd><span class="big">([A-Z0-9]{8})<\/span>/.exec(receipt.body)?.[1];
  return { res, location, receipt, no: no!, code: code! };
}

const countRows = async () => Number((await t.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('guide and form render; the menu links to 依申请公开', async () => {
  const b = new Browser(t.app);
  const guide = await b.get('/ysqgk');
  assert.equal(guide.statusCode, 200);
  assert.match(guide.body, /<h1>依申请公开<\/h1>/);
  assert.match(guide.body, /20 个工作日/);
  assert.match(guide.body, /href="\/ysqgk\/apply"/);
  assert.match(guide.body, /<a href="\/ysqgk" aria-current="page">依申请公开<\/a>/);
  const page = await b.get('/ysqgk/apply');
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  for (const id of ['applicantType', 'applicant.name', 'applicant.idType', 'applicant.idNumber', 'applicant.phone', 'applicant.email', 'applicant.address', 'unitId', 'description', 'docRef', 'form', 'delivery']) {
    assert.match(page.body, new RegExp(`id="f-${id.replace('.', '\\.')}"`), id);
  }
  assert.match(page.body, /value="legal-services"/);
  assert.match(page.body, /name="website" value tabindex="-1" autocomplete="off"/);
  assert.match(page.body, /name="_csrf" value="[^"]+"/);
});

test('apply → receipt with tracking number and code → status page without personal data', async () => {
  const before = await countRows();
  const b = new Browser(t.app);
  const { receipt: res, no, code } = await applyAndReceipt(b);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.ok(no, 'tracking number shown');
  assert.ok(code, 'query code shown');
  assert.match(res.body, /区政府办公室|办公室/);
  assert.match(res.body, /确认收到之日起计算/);
  assert.equal(await countRows(), before + 1);
  const row = await t.db.selectFrom('requests').selectAll().where('tracking_no', '=', no!).executeTakeFirstOrThrow();
  assert.equal(row.unit_id, zfb);
  assert.equal(row.channel, 'online');
  assert.equal(row.applicant_type, 'natural');
  assert.equal(JSON.parse(row.applicant).idNumber, ID_NUMBER);
  assert.notEqual(row.query_code_hash, code, 'only a hash of the code is stored');

  const st = await b.get(`/ysqgk/track?trackingNo=${encodeURIComponent(no!)}&code=${code}`);
  assert.equal(st.statusCode, 200, st.body);
  assert.equal(st.headers['cache-control'], 'no-store');
  assert.equal(st.headers['referrer-policy'], 'no-referrer');
  assert.match(st.body, new RegExp(`申请 ${no} 办理进度`));
  assert.match(st.body, /待确认收到/);
  for (const secret of [NAME, ID_NUMBER, PHONE, '138']) assert.ok(!st.body.includes(secret), `status page leaks ${secret}`);
  // Lower-case code works too (people copy it by hand).
  const lc = await b.get(`/ysqgk/track?trackingNo=${no}&code=${code!.toLowerCase()}`);
  assert.equal(lc.statusCode, 200);
});

test('validation errors re-render the form with 400, messages by the fields and the typed values', async () => {
  const before = await countRows();
  const b = new Browser(t.app);
  const res = await b.post('/ysqgk/apply', form({ 'applicant.idNumber': '110105194912310021', description: '', 'applicant.address': '江苏省宿迁市' }), '/ysqgk/apply');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /class="error-summary"/);
  assert.match(res.body, /href="#f-applicant\.idNumber"/);
  assert.match(res.body, /href="#f-description"/);
  assert.ok(res.body.indexOf('href="#f-applicant.idNumber"') < res.body.indexOf('href="#f-description"'), 'summary in form order');
  assert.match(res.body, /居民身份证号码有误/);
  assert.match(res.body, /请填写所需政府信息的名称、文号/);
  assert.match(res.body, /id="f-applicant\.idNumber-error"/);
  assert.match(res.body, /id="f-description-error"/);
  // Everything typed is kept.
  assert.match(res.body, /name="applicant\.name" value="张小明"/);
  assert.match(res.body, /name="applicant\.idNumber" value="110105194912310021"/);
  assert.match(res.body, /name="applicant\.address" value="江苏省宿迁市"/);
  assert.match(res.body, /name="applicantType" id="f-applicantType" value="natural" checked/);
  assert.match(res.body, /value="resident-id" selected/);
  assert.match(res.body, new RegExp(`value="${zfb}" selected`));
  assert.match(res.body, /value="electronic" checked/);
  assert.equal(await countRows(), before);
});

test('an organisation with a personal ID is told what to use', async () => {
  const b = new Browser(t.app);
  const res = await b.post('/ysqgk/apply', form({ applicantType: 'research', 'applicant.name': '某研究院' }), '/ysqgk/apply');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /法人或其他组织请提供统一社会信用代码/);
  assert.match(res.body, /value="research" checked/);
});

test('honeypot filled → 400 and nothing saved', async () => {
  const before = await countRows();
  const b = new Browser(t.app);
  const res = await b.post('/ysqgk/apply', form({ website: 'http://spam.example' }), '/ysqgk/apply');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /<html lang="zh-CN">/);
  assert.ok(!res.body.includes('class="big"'));
  assert.equal(await countRows(), before);
});

test('missing CSRF token → 403 and nothing saved', async () => {
  const before = await countRows();
  const res = await t.app.inject({
    method: 'POST',
    url: '/ysqgk/apply',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form()).toString(),
  });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /页面已过期/);
  assert.equal(await countRows(), before);
});

test('track: wrong code, unknown number → the same neutral 404; blank form → 200', async () => {
  const b = new Browser(t.app);
  const { no } = await applyAndReceipt(b);
  const blank = await b.get('/ysqgk/track');
  assert.equal(blank.statusCode, 200);
  assert.match(blank.body, /id="f-trackingNo"/);
  const wrongCode = await b.get(`/ysqgk/track?trackingNo=${no}&code=ABCDEFGH`);
  const wrongNo = await b.get(`/ysqgk/track?trackingNo=SC2000-999999&code=ABCDEFGH`);
  const garbage = await b.get(`/ysqgk/track?trackingNo=%3Cscript%3E&code=x`);
  for (const r of [wrongCode, wrongNo, garbage]) {
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /未找到该申请，请核对申请编号和查询码/);
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.ok(!r.body.includes('<script>'));
  }
  const strip = (s: string, n: string) => s.replaceAll(n, '').replace(/name="_csrf" value="[^"]*"/g, '');
  assert.equal(strip(wrongCode.body, no), strip(wrongNo.body, 'SC2000-999999'), 'no hint which part was wrong');
  const missing = await b.get(`/ysqgk/track?trackingNo=${no}&code=`);
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /请填写查询码/);
});

test('the POST is rate limited with a Chinese 429 page', async () => {
  const before = await countRows();
  const b = new Browser(t.app);
  const token = await b.csrf('/ysqgk/apply');
  let last;
  for (let i = 0; i < 11; i++) {
    last = await t.app.inject({
      method: 'POST',
      url: '/ysqgk/apply',
      remoteAddress: '198.51.100.7',
      headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...form({ description: '' }), _csrf: token }).toString(),
    });
    if (i < 10) assert.equal(last.statusCode, 400);
  }
  assert.equal(last!.statusCode, 429);
  assert.match(last!.body, /操作过于频繁/);
  assert.equal(await countRows(), before);
});

test('query codes cannot be guessed faster through any route: one limit for the form, old links and cookie pages', async () => {
  const b = new Browser(t.app);
  const { no, code } = await applyAndReceipt(b);
  const token = await b.csrf('/ysqgk/track');
  const from = '198.51.100.23';
  const get = (url: string, cookie = '') => t.app.inject({ method: 'GET', url, remoteAddress: from, headers: cookie ? { cookie } : {} });
  const guesses = [
    () => get(`/ysqgk/track?trackingNo=${no}&code=AAAA2222`),
    () =>
      t.app.inject({
        method: 'POST',
        url: '/ysqgk/track',
        remoteAddress: from,
        headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ trackingNo: no, code: 'BBBB3333', _csrf: token }).toString(),
      }),
    () => get(`/ysqgk/track/${no}`, `gk_track=${no}.CCCC4444`),
    () => get(`/ysqgk/track/${no}/letters/1`, `gk_track=${no}.DDDD5555`),
    () => get(`/api/v1/requests/${no}?code=EEEE6666`),
    () => get(`/api/v1/requests/${no}/letters/1?code=FFFF7777`),
  ];
  for (let i = 0; i < TRACK_RATE_LIMIT; i++) {
    const r = await guesses[i % guesses.length]();
    assert.ok([404, 200].includes(r.statusCode), `guess ${i}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    assert.ok(!r.body.includes('<dl') && !r.body.includes('"status"'), 'a wrong code shows no status');
  }
  // Over the limit even the right code is refused (no way to tell a right guess), on every route.
  for (const r of [await get(`/ysqgk/track?trackingNo=${no}&code=${code}`), await get(`/ysqgk/track/${no}`, `gk_track=${no}.${code}`)]) {
    assert.equal(r.statusCode, 429);
    assert.match(r.body, /操作过于频繁/);
    assert.equal(r.headers['cache-control'], 'no-store');
  }
  const api = await get(`/api/v1/requests/${no}?code=${code}`);
  assert.equal(api.statusCode, 429);
  assert.equal(api.json().error.code, 'RATE_LIMITED');
  // Another address is not affected.
  const other = await t.app.inject({ method: 'GET', url: `/ysqgk/track?trackingNo=${no}&code=${code}`, remoteAddress: '198.51.100.24' });
  assert.equal(other.statusCode, 200);
});

test('status page after staff confirm receipt and decide: dates, due date, steps, outcome', async () => {
  const handler = await makeUser(t, 'pub-handler', 'handler', 'zfb');
  const b = new Browser(t.app);
  const { no, code } = await applyAndReceipt(b);
  const row = await t.db.selectFrom('requests').select(['id']).where('tracking_no', '=', no).executeTakeFirstOrThrow();
  const today = todayBeijing();
  const confirmed = await applyRequestEvent({ db: t.db }, handler, row.id, { type: 'confirm-receipt', on: today });
  assert.ok(confirmed.ok, confirmed.ok ? '' : confirmed.error.message);
  const dueOn = confirmed.value.dueOn!;
  let st = await b.get(`/ysqgk/track?trackingNo=${no}&code=${code}`);
  assert.equal(st.statusCode, 200);
  assert.match(st.body, /办理中/);
  assert.match(st.body, new RegExp(`<dt>收到申请日期</dt><dd>${today}</dd>`));
  assert.match(st.body, new RegExp(`<dt>答复期限</dt><dd>${dueOn}`));
  assert.match(st.body, /<ol class="steps">/);
  const decided = await applyRequestEvent({ db: t.db }, handler, row.id, { type: 'decide', on: today, outcome: 'grant' });
  assert.ok(decided.ok, decided.ok ? '' : decided.error.message);
  st = await b.get(`/ysqgk/track?trackingNo=${no}&code=${code}`);
  assert.match(st.body, /<dt>处理结果<\/dt><dd>[^<]*予以公开/);
  assert.match(st.body, /已答复待送达/);
  for (const secret of [NAME, ID_NUMBER, PHONE]) assert.ok(!st.body.includes(secret));
});
