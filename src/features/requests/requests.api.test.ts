// JSON API of 依申请公开: public application and status query, staff registration and events,
// refusals (400/403/404/409) that change nothing, rate limit and honeypot, and 10,000 malformed
// submissions that must all be answered 4xx without leaving a row behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import { countOf } from '../../platform/db/index.ts';
import { SUBMIT_RATE_LIMIT } from './api.ts';

let t: TestApp;
let unit: number;
let handlerToken: string;
let headToken: string;
let strangerToken: string;
let ipSeq = 0;
/** Each call from its own address unless told, so the per-IP limit only bites where a test wants it. */
const nextIp = () => `10.${(++ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;

const APPLICANT = { name: '李四', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13812345678', email: 'lisi@example.com', address: '宿迁市宿城区洪泽湖路 8 号' };
const valid = () => ({ applicantType: 'natural', applicant: { ...APPLICANT }, unitId: unit, docRef: '宿城发改〔2024〕12号', form: 'paper', delivery: 'post' });

async function call(method: 'GET' | 'POST', url: string, opts: { body?: unknown; token?: string; ip?: string; raw?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await t.app.inject({
    method,
    url,
    headers,
    remoteAddress: opts.ip ?? nextIp(),
    ...(opts.raw !== undefined ? { payload: opts.raw } : opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
  let json: any = null;
  try {
    json = res.json();
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, json, text: res.body, headers: res.headers };
}

const requestsCount = () => countOf(t.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')));
const eventsCount = () => countOf(t.db.selectFrom('request_events').select((eb) => eb.fn.countAll().as('n')));
const auditCount = () => countOf(t.db.selectFrom('audit_log').where('entity', '=', 'request').select((eb) => eb.fn.countAll().as('n')));

before(async () => {
  t = await buildTestApp();
  unit = await unitId(t, 'fgj');
  await makeUser(t, 'api-handler', 'handler', 'fgj');
  await makeUser(t, 'api-head', 'office-head', 'fgj');
  await makeUser(t, 'api-stranger', 'handler', 'jyj');
  handlerToken = await makeToken(t, 'api-handler');
  headToken = await makeToken(t, 'api-head');
  strangerToken = await makeToken(t, 'api-stranger');
});
after(async () => t.close());

describe('10,000 malformed applications', () => {
  // Runs first, on an empty table: afterwards it must still be empty.
  it('are all answered 4xx (never 5xx) and leave no row', async () => {
    assert.equal(await requestsCount(), 0);
    let seed = 20251001;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const STRINGS = ['', ' ', '😀😀😀', 'x'.repeat(100_000), '中'.repeat(6000), '<script>alert(1)</script>', "'; drop table requests; --", '\u0000', 'null', '2025-02-30', '-1', '1e309', 'SC2025-000001'];
    const junk = (depth = 0): unknown => {
      switch (Math.floor(rnd() * (depth > 2 ? 6 : 9))) {
        case 0: return null;
        case 1: return pick([true, false]);
        case 2: return pick([-1, 0, 1.5, 2 ** 31, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER + 2]);
        case 3: return pick(STRINGS);
        case 4: return String.fromCodePoint(...Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 0x1ffff)));
        case 5: return pick(['natural', 'online', 'paper', 'post', 'resident-id']);
        case 6: return Array.from({ length: Math.floor(rnd() * 4) }, () => junk(depth + 1));
        default: return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(['applicant', 'name', 'unitId', '__proto__', 'constructor', 'website', 'x']), junk(depth + 1)]));
      }
    };
    const notUnitId = (): unknown => pick([null, -5, 0, 1.5, '1; drop', 2 ** 31, [1], { id: 1 }, '😀', 999_999_999]);
    const badIds = ['11010519491231002Y', '110105194912310021', '123', '😀'.repeat(18), 'x'.repeat(500), '11010520991231002X'];
    // Each mutation alone makes an otherwise valid application invalid (an earlier mutation that
    // replaced the applicant object is undone by `ap`, the later one still breaks it).
    const ap = (b: any) => (b.applicant && typeof b.applicant === 'object' && !Array.isArray(b.applicant) ? b.applicant : (b.applicant = { ...APPLICANT }));
    const mutations: ((b: any) => void)[] = [
      (b) => delete b[pick(['applicantType', 'applicant', 'unitId', 'form', 'delivery'])],
      (b) => (b[pick(['applicantType', 'applicant', 'form', 'delivery'])] = pick([null, 42, [], {}, '😀', 'x'.repeat(10_000), true])),
      (b) => (b.unitId = notUnitId()),
      (b) => (ap(b).idNumber = pick(badIds)),
      (b) => (ap(b).idType = pick(['passport?', 'credit-code', null, 7, '😀'])),
      (b) => (ap(b).name = pick(['', 'x'.repeat(300), null, 12, ['a']])),
      (b) => delete ap(b)[pick(['name', 'idType', 'idNumber'])],
      (b) => ((ap(b).phone = 'abc'), (ap(b).email = 'not-an-email')),
      (b) => (b[pick(['unknown', 'status', 'id', 'trackingNo', '__proto__x', '字段'])] = junk()),
      (b) => (ap(b)[pick(['age', 'idCard', 'x'])] = junk()),
      (b) => (b.website = pick(['http://spam.example', 'x', '😀'])),
      (b) => ((b.channel = pick(['in-person', 'post', 'fax', 'carrier-pigeon'])), (b.receivedOn = '2025-09-26')),
      (b) => (b.receivedOn = pick(['2025-09-26', 'yesterday', 12])),
      (b) => ((b.description = pick(['', '   '])), delete b.docRef),
      (b) => (b.docRef = 'x'.repeat(600)),
      (b) => (b.description = '中'.repeat(5001)),
      (b) => (b.applicantType = pick(['company', 'NATURAL', ''])),
      (b) => ((b.applicantType = 'business'), (ap(b).idType = 'resident-id')),
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const kind = rnd();
      let res;
      if (kind < 0.1) {
        res = await call('POST', '/api/v1/requests', { raw: pick(['{', '{"a":', '[1,2', 'null', '"x"', '12', '{"applicant":{"name":"\\ud800"}', '\u0000', '{}}', 'true']) });
      } else if (kind < 0.15) {
        res = await call('POST', '/api/v1/requests', { raw: 'applicantType=natural&unitId=1', contentType: pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) });
      } else if (kind < 0.3) {
        res = await call('POST', '/api/v1/requests', { body: junk() });
      } else {
        const b: any = valid();
        const n = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < n; k++) pick(mutations)(b);
        res = await call('POST', '/api/v1/requests', { body: b });
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500) assert.fail(`answer ${res.status} at #${i}: ${res.text.slice(0, 300)}`);
    }
    assert.ok((statuses.get(400) ?? 0) > 9000, JSON.stringify([...statuses]));
    assert.equal(await requestsCount(), 0);
    assert.equal(await auditCount(), 0);
  });
});

describe('POST /api/v1/requests', () => {
  it('accepts a public application: 201 with tracking number and query code', async () => {
    const before = await requestsCount();
    const r = await call('POST', '/api/v1/requests', { body: valid() });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['id', 'queryCode', 'status', 'trackingNo']);
    assert.equal(r.json.status, 'awaiting-confirmation');
    assert.equal(await requestsCount(), before + 1);
  });

  it('refuses a filled honeypot with 400 and stores nothing', async () => {
    const before = await requestsCount();
    const r = await call('POST', '/api/v1/requests', { body: { ...valid(), website: 'http://spam.example' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'VALIDATION');
    assert.ok(r.json.error.fields.website);
    assert.equal(await requestsCount(), before);
  });

  it(`limits one address to ${SUBMIT_RATE_LIMIT} applications a minute (429)`, async () => {
    const ip = '192.0.2.77';
    const answers: number[] = [];
    for (let i = 0; i < SUBMIT_RATE_LIMIT + 2; i++) answers.push((await call('POST', '/api/v1/requests', { body: { ...valid(), form: 'bad' }, ip })).status);
    assert.deepEqual(answers, [...Array(SUBMIT_RATE_LIMIT).fill(400), 429, 429]);
    const other = await call('POST', '/api/v1/requests', { body: { ...valid(), form: 'bad' } });
    assert.equal(other.status, 400);
  });

  it('does not limit staff registering offline requests with a token', async () => {
    const ip = '192.0.2.78';
    const before = await requestsCount();
    const answers: number[] = [];
    for (let i = 0; i < SUBMIT_RATE_LIMIT + 3; i++) {
      answers.push((await call('POST', '/api/v1/requests', { body: { ...valid(), channel: 'post', receivedOn: '2025-09-30' }, token: handlerToken, ip })).status);
    }
    assert.deepEqual(answers, Array(SUBMIT_RATE_LIMIT + 3).fill(201));
    assert.equal(await requestsCount(), before + SUBMIT_RATE_LIMIT + 3);
    // The same address without a token is still limited.
    const anon: number[] = [];
    for (let i = 0; i < SUBMIT_RATE_LIMIT + 1; i++) anon.push((await call('POST', '/api/v1/requests', { body: { ...valid(), form: 'bad' }, ip })).status);
    assert.equal(anon.at(-1), 429);
  });

  it('staff register an offline request with channel and receivedOn; another unit\'s staff get 403', async () => {
    const r = await call('POST', '/api/v1/requests', { body: { ...valid(), channel: 'post', receivedOn: '2025-09-30' }, token: handlerToken });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.status, 'in-progress');
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', r.json.id).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'post');
    assert.equal(row.received_on, '2025-09-30');
    const v = await call('GET', `/api/v1/requests/${r.json.id}`, { token: handlerToken });
    assert.equal(v.status, 200);
    // Tue 2025-09-30 + 20 working days: 10-09, 10, 11 (make-up Saturday), 13–17, 20–24, 27–31 = 18; 11-03, 11-04.
    assert.equal(v.json.dueOn, '2025-11-04');
    const before = await requestsCount();
    const f = await call('POST', '/api/v1/requests', { body: { ...valid(), channel: 'post', receivedOn: '2025-09-30' }, token: strangerToken });
    assert.equal(f.status, 403);
    assert.equal(f.json.error.code, 'FORBIDDEN');
    assert.equal(await requestsCount(), before);
  });
});

describe('lifecycle through the API', () => {
  let id: number;
  let trackingNo: string;
  let code: string;

  const event = (body: Record<string, unknown>, token = handlerToken) => call('POST', `/api/v1/requests/${id}/events`, { body, token });
  async function refusedWith(body: Record<string, unknown>, status: number, errCode: string, token = handlerToken) {
    const before = [await eventsCount(), await auditCount()];
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const r = await event(body, token);
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.error.code, errCode);
    assert.deepEqual([await eventsCount(), await auditCount()], before);
    assert.deepEqual(await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), row);
    return r.json.error;
  }
  async function ok(body: Record<string, unknown>, token = handlerToken) {
    const r = await event(body, token);
    assert.equal(r.status, 200, r.text);
    return r.json;
  }

  before(async () => {
    const r = await call('POST', '/api/v1/requests', { body: { ...valid(), delivery: 'email', form: 'electronic' } });
    assert.equal(r.status, 201);
    ({ id, trackingNo, queryCode: code } = r.json);
    // As if submitted on 2025-09-25: the steps below are dated from 2025-09-26.
    await t.db.updateTable('requests').set({ created_at: '2025-09-25T01:00:00.000Z' }).where('id', '=', id).execute();
  });

  it('runs apply → confirm → 补正 → supplement → consultation → extension → partial → deliver with the right due dates', async () => {
    await refusedWith({ type: 'decide', on: '2025-09-26', outcome: 'grant' }, 409, 'INVALID_TRANSITION');
    let v = await ok({ type: 'confirm-receipt', on: '2025-09-26' });
    assert.equal(v.status, 'in-progress');
    assert.equal(v.receivedOn, '2025-09-26');
    assert.equal(v.dueOn, '2025-10-30');
    v = await ok({ type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '请补充所需信息的文号' });
    assert.equal(v.status, 'awaiting-supplement');
    assert.equal(v.dueOn, null);
    v = await ok({ type: 'supplement-received', on: '2025-10-10' });
    assert.equal(v.dueOn, '2025-11-06');
    v = await ok({ type: 'consultation-started', on: '2025-10-13' });
    assert.equal(v.status, 'in-consultation');
    v = await ok({ type: 'consultation-ended', on: '2025-10-17' });
    assert.equal(v.dueOn, '2025-11-12');
    const e = await refusedWith({ type: 'extend', on: '2025-10-20', days: 10 }, 403, 'FORBIDDEN');
    assert.match(e.message, /负责人/);
    v = await ok({ type: 'extend', on: '2025-10-20', days: 10 }, headToken);
    assert.equal(v.dueOn, '2025-11-26');
    await refusedWith({ type: 'decide', on: '2025-11-03' }, 400, 'VALIDATION');
    await refusedWith({ type: 'decide', on: '2025-11-03', outcome: 'partial', colour: 'red' }, 400, 'VALIDATION');
    v = await ok({ type: 'decide', on: '2025-11-03', outcome: 'partial' });
    assert.equal(v.status, 'decided');
    assert.equal(v.outcome, 'partial');
    v = await ok({ type: 'deliver', on: '2025-11-04', method: 'email' });
    assert.equal(v.status, 'delivered');
    assert.equal(v.events.length, 8);
    assert.deepEqual(v.events.map((x: any) => x.type), ['confirm-receipt', 'request-supplement', 'supplement-received', 'consultation-started', 'consultation-ended', 'extend', 'decide', 'deliver']);
    const audits = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'request').where('entity_id', '=', String(id)).orderBy('id').execute();
    assert.deepEqual(audits.map((a) => a.action), ['request.submit', 'request.confirm-receipt', 'request.request-supplement', 'request.supplement-received', 'request.consultation-started', 'request.consultation-ended', 'request.extend', 'request.decide', 'request.deliver']);
    await refusedWith({ type: 'deliver', on: '2025-11-05' }, 409, 'INVALID_TRANSITION');
  });

  it('GET by number for staff gives the full record with dueReason and events', async () => {
    const r = await call('GET', `/api/v1/requests/${id}`, { token: handlerToken });
    assert.equal(r.status, 200);
    assert.equal(r.json.trackingNo, trackingNo);
    assert.equal(r.json.applicant.name, APPLICANT.name);
    assert.equal(r.json.dueOn, '2025-11-26');
    assert.match(r.json.dueReason, /2025-10-10 收到补正后的申请后 20 个工作日/);
    assert.equal(r.json.events.length, 8);
    assert.equal((await call('GET', `/api/v1/requests/${id}`)).status, 401);
    assert.equal((await call('GET', `/api/v1/requests/${id}`, { token: strangerToken })).status, 404);
    assert.equal((await call('GET', '/api/v1/requests/99999', { token: handlerToken })).status, 404);
    assert.equal((await call('GET', '/api/v1/requests/abc', { token: handlerToken })).status, 400);
  });

  it('another unit\'s handler cannot record events (404) and nothing changes', async () => {
    await refusedWith({ type: 'review-filed', on: '2025-11-20' }, 404, 'NOT_FOUND', strangerToken);
    const r = await call('POST', `/api/v1/requests/${id}/events`, { body: { type: 'review-filed', on: '2025-11-20' } });
    assert.equal(r.status, 401);
  });

  it('GET by tracking number and code: public status without personal data; wrong code 404 like an unknown number', async () => {
    const r = await call('GET', `/api/v1/requests/${trackingNo}?code=${code}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'delivered');
    assert.equal(r.json.statusLabel, '已送达');
    assert.equal(r.json.dueOn, '2025-11-26');
    assert.equal(r.json.outcomeLabel, '部分公开');
    assert.equal(r.json.steps.length, 8);
    assert.equal(r.json.steps[0].on, '2025-09-26');
    for (const secret of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, APPLICANT.email, APPLICANT.address, 'lisi', '"applicant"']) {
      assert.ok(!r.text.includes(secret), secret);
    }
    const wrong = await call('GET', `/api/v1/requests/${trackingNo}?code=${code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}`);
    const none = await call('GET', `/api/v1/requests/${trackingNo}`);
    const unknown = await call('GET', `/api/v1/requests/SC1999-000001?code=${code}`);
    for (const x of [wrong, none, unknown]) {
      assert.equal(x.status, 404);
      assert.deepEqual(x.json, wrong.json);
    }
  });
});

describe('issue 12 (engineer B): periods from the receipt of a notice, through the API', () => {
  it('a posted 补正 notice: 409 until its receipt is recorded, then 409 with earliestOn until the period has run; feePaymentDueOn in the staff JSON', async () => {
    const reg = await call('POST', '/api/v1/requests', { token: handlerToken, body: { ...valid(), channel: 'post', receivedOn: '2025-09-26' } });
    assert.equal(reg.status, 201, reg.text);
    const rid = reg.json.id;
    const ev = (body: Record<string, unknown>, token = handlerToken) => call('POST', `/api/v1/requests/${rid}/events`, { body, token });
    let r = await ev({ type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '请补充所需信息的文号' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.supplementNotice.method, 'post', 'the applicant asked for post');
    assert.equal(r.json.supplementDueOn, null);
    r = await ev({ type: 'supplement-expired', on: '2025-10-20' });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'INVALID_TRANSITION');
    assert.equal(r.json.error.earliestOn, undefined);
    r = await ev({ type: 'notice-delivered', on: '2025-10-13', deliveredOn: '2025-10-10', deliveryMethod: 'pigeon' });
    assert.equal(r.status, 400);
    assert.ok(r.json.error.fields.deliveryMethod);
    r = await ev({ type: 'notice-delivered', on: '2025-10-13', deliveredOn: '2025-10-10' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.supplementDueOn, '2025-10-23');
    r = await ev({ type: 'supplement-expired', on: '2025-10-23' });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.earliestOn, '2025-10-24');
    assert.match(r.json.error.message, /至 2025-10-23 届满/);
    r = await ev({ type: 'supplement-received', on: '2025-10-20' });
    assert.equal(r.status, 200, r.text);
    r = await ev({ type: 'fee-notice', on: '2025-10-21', basis: 'pages', pages: 100, deliveryMethod: 'email' });
    assert.equal(r.status, 200, r.text);
    // 10-22…24 1–3, 10-27…31 4–8, 11-03…07 9–13, 11-10…14 14–18, 11-17 19, 11-18 20
    assert.equal(r.json.feePaymentDueOn, '2025-11-18');
    const staff = await call('GET', `/api/v1/requests/${rid}`, { token: handlerToken });
    assert.equal(staff.json.feePaymentDueOn, '2025-11-18');
    assert.match(staff.json.feeNotice.reason, /以电子邮件发出，以发出之日为申请人收到之日/);
    r = await ev({ type: 'fee-expired', on: '2025-11-18' });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.earliestOn, '2025-11-19');
    r = await ev({ type: 'extend', on: '2025-11-20', days: 5 }, headToken);
    assert.equal(r.status, 409, 'the reply period (from 2025-10-20: due 2025-11-17) has passed');
    assert.match(r.json.error.message, /已届满/);
  });
});
