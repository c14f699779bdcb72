// 政府开放日 end to end on both databases: staff create and review (API), the public registration form (bad input,
// honeypot, reload, full → waiting list, window, cancel with receipt + phone and the waiting list moving up),
// capacity under parallel registrations, the check-in list (masked for roles that do not organise), attendance,
// cancelling an event, the summary with questions/answers and photos, the public pages and API shapes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, multipart, staffSessions, Browser, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';

const clock = fixedClock('2026-12-07T02:00:00Z'); // 2026-12-07 10:00 in Beijing
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('open days', () => {
  let t: TestApp;
  let edTok: string;
  let rvTok: string;
  let id = 0;
  let ip = 0;
  const staff = staffSessions(() => t.app);
  const nextIp = () => `10.9.${Math.floor(++ip / 250)}.${(ip % 250) + 1}`;
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, remoteAddress: nextIp(), headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const regs = async (dayId = id) => t.db.selectFrom('open_day_registrations').selectAll().where('open_day_id', '=', dayId).orderBy('id').execute();
  const auditOf = async (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  /** A public form post from its own address (the rate limit counts per address). */
  const form = async (b: Browser, url: string, data: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, remoteAddress: nextIp(), headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(data).toString() });
  const base = { theme: '走进政务服务中心开放日', unit: 'zfb', date: '2026-12-19', startTime: '09:00', endTime: '11:30', place: '区政务服务中心一楼', capacity: 6, maxPeople: 3, registrationOpens: '2026-12-01 09:00', registrationCloses: '2026-12-17 17:00', agenda: [{ time: '09:00', item: '签到' }, { time: '09:15', item: '参观大厅' }], notes: '请携带身份证' };
  const publish = async (dayId: number) => {
    for (const s of ['submit']) assert.equal((await api('POST', `/open-days/${dayId}/${s}`, edTok)).statusCode, 200);
    for (const s of ['approve', 'publish']) assert.equal((await api('POST', `/open-days/${dayId}/${s}`, rvTok)).statusCode, 200);
  };

  before(async () => {
    t = await buildTestApp({ clock });
    await makeUser(t, 'kf-ed', 'editor', 'zfb');
    await makeUser(t, 'kf-rv', 'reviewer', 'zfb');
    await makeUser(t, 'kf-aud', 'auditor', 'zfb');
    await makeUser(t, 'kf-other', 'editor', 'jyj');
    edTok = await makeToken(t, 'kf-ed');
    rvTok = await makeToken(t, 'kf-rv');
  });
  after(async () => t?.close());

  it('staff create: bad fields answer per field in Chinese, another unit is refused, nothing half-saved; a draft is not public', async () => {
    const bad = await api('POST', '/open-days', edTok, { ...base, theme: '', date: '2026-02-30', endTime: '08:00', capacity: 0, registrationCloses: '2026-12-19 10:00', agenda: [{ item: '' }] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['agenda', 'capacity', 'date', 'endTime', 'theme']);
    assert.match(bad.json().error.fields.capacity, /名额应为 1–10000 的整数/);
    const late = await api('POST', '/open-days', edTok, { ...base, registrationCloses: '2026-12-19 10:00' });
    assert.match(late.json().error.fields.registrationCloses, /报名应在活动开始前截止/);
    assert.equal((await api('POST', '/open-days', await makeToken(t, 'kf-other'), base)).statusCode, 403);
    assert.equal(await t.db.selectFrom('open_days').select('id').executeTakeFirst(), undefined);
    const ok = await api('POST', '/open-days', edTok, base);
    assert.equal(ok.statusCode, 201, ok.body);
    id = ok.json().id;
    assert.equal(ok.json().status, 'draft');
    assert.equal((await auditOf('open-day.create')).length, 1);
    assert.equal((await t.app.inject(`/kfr/${id}`)).statusCode, 404);
    assert.equal((await api('GET', `/open-days/${id}`)).statusCode, 404);
    // Review: the editor cannot approve; the reviewer approves and publishes.
    assert.equal((await api('POST', `/open-days/${id}/submit`, edTok)).json().status, 'submitted');
    assert.equal((await api('POST', `/open-days/${id}/approve`, edTok)).statusCode, 403);
    assert.equal((await api('POST', `/open-days/${id}/approve`, rvTok)).json().status, 'approved');
    assert.equal((await api('POST', `/open-days/${id}/publish`, rvTok)).json().status, 'published');
    const list = (await api('GET', '/open-days')).json();
    assert.deepEqual(Object.keys(list).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.equal(list.total, 1);
    assert.deepEqual([list.items[0].state, list.items[0].seats], ['open', { capacity: 6, confirmed: 0, left: 6, waiting: 0 }]);
    const page = await t.app.inject('/kfr');
    assert.match(page.body, /走进政务服务中心开放日/);
    assert.match(page.body, /剩余 6 个名额/);
  });

  it('the registration form: bad input answers in Chinese and saves nothing; honeypot; PRG receipt; a reload is one registration', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf(`/kfr/${id}`);
    const post = (data: Record<string, string>) => form(b, `/kfr/${id}/register`, { _csrf: csrf, website: '', ...data });
    const empty = await post({ name: ' ', phone: '13900001111', people: '1' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写姓名/);
    assert.match(empty.body, /href="#f-name"/);
    const badPhone = await post({ name: '王某', phone: '12345', people: '1' });
    assert.match(badPhone.body, /请填写正确的手机号码（11 位/);
    for (const n of ['0', '99', '-1', '1.5', 'abc']) {
      const r = await post({ name: '王某', phone: '13900001111', people: n });
      assert.equal(r.statusCode, 400, n);
      assert.match(r.body, /人数应为 1–3 人/);
    }
    const bot = await post({ name: '广告', phone: '13900002222', people: '1', website: 'http://spam' });
    assert.equal(bot.statusCode, 400);
    const noCsrf = await t.app.inject({ method: 'POST', url: `/kfr/${id}/register`, remoteAddress: nextIp(), payload: { name: 'x', phone: '13900001111', people: '1' } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await regs()).length, 0);

    const ok = await post({ name: '王某', phone: '139 0000 1111', people: '3' });
    assert.equal(ok.statusCode, 303);
    const m = /\/kfr\/\d+\/receipt\?no=(KF20261207-[2-9A-Z]{6})$/.exec(ok.headers.location as string);
    assert.ok(m, String(ok.headers.location));
    const receipt = await b.get(ok.headers.location as string);
    assert.match(receipt.body, new RegExp(m[1]!));
    assert.match(receipt.body, /报名成功/);
    assert.doesNotMatch(receipt.body, /13900001111|王某/);
    const again = await post({ name: '王某', phone: '13900001111', people: '3' });
    assert.equal(again.statusCode, 303);
    assert.match(again.headers.location as string, new RegExp(`no=${m[1]}&dup=1`));
    assert.match((await b.get(again.headers.location as string)).body, /已经报名过本次活动/);
    const rows = await regs();
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.phone, rows[0]!.people, rows[0]!.status], ['13900001111', 3, 'confirmed']);
    const a = await auditOf('open-day.register');
    assert.equal(a.length, 1);
    assert.doesNotMatch(a[0]!.after_json ?? '', /1390000|王某/);
    // The public page and API never carry the registrant's name or phone.
    assert.doesNotMatch((await t.app.inject(`/kfr/${id}`)).body, /1390000|王某/);
    assert.doesNotMatch((await api('GET', `/open-days/${id}`)).body, /1390000|王某/);
  });

  it('full → the next registrant lands on the waiting list with a position; the page says so', async () => {
    const r2 = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '李某', phone: '13900002222', people: 3 });
    assert.equal(r2.statusCode, 201);
    assert.equal(r2.json().status, 'confirmed');
    const r3 = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '赵某', phone: '0527-84350003', people: 2 });
    assert.equal(r3.statusCode, 201);
    assert.deepEqual([r3.json().status, r3.json().position], ['waiting', 1]);
    assert.match(r3.json().message, /名额已满，您已进入候补名单（第 1 位）/);
    const r4 = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '孙某', phone: '13900004444', people: 1 });
    assert.deepEqual([r4.json().status, r4.json().position], ['waiting', 2]);
    const bad = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '', phone: '123', people: 99 });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['name', 'people', 'phone']);
    const page = await t.app.inject(`/kfr/${id}`);
    assert.match(page.body, /名额已满 · 可报名候补/);
    assert.match(page.body, /候补 2 组/);
    assert.match(page.body, /报名候补/);
    const receipt = await t.app.inject(`/kfr/${id}/receipt?no=${r3.json().receiptNo}`);
    assert.match(receipt.body, /候补第 1 位/);
  });

  it('a registrant cancels with receipt + phone; the first on the waiting list who fits moves up (audit row; the page shows it)', async () => {
    const [first] = await regs();
    const b = new Browser(t.app);
    const csrf = await b.csrf(`/kfr/${id}`);
    const wrong = await form(b, `/kfr/${id}/cancel`, { _csrf: csrf, receiptNo: first!.receipt_no, phone: '13900009999' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /回执号和电话号码不匹配/);
    assert.equal((await regs())[0]!.status, 'confirmed');
    const ok = await form(b, `/kfr/${id}/cancel`, { _csrf: csrf, receiptNo: first!.receipt_no.toLowerCase(), phone: '139-0000-1111' });
    assert.equal(ok.statusCode, 303, ok.body);
    assert.match((await b.get(ok.headers.location as string)).body, /您的报名已取消。空出的名额已由候补名单上的群众递补/);
    const after = await regs();
    assert.deepEqual(after.map((r) => r.status), ['cancelled', 'confirmed', 'confirmed', 'confirmed']);
    assert.ok(after[2]!.promoted_at && after[3]!.promoted_at);
    assert.equal((await auditOf('open-day.promote')).length, 2);
    assert.equal((await auditOf('open-day.unregister')).length, 1);
    assert.match((await t.app.inject(`/kfr/${id}/receipt?no=${after[2]!.receipt_no}`)).body, /已由候补递补为正式报名/);
    // The same phone may register again once its registration is cancelled.
    const re = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '王某', phone: '13900001111', people: 1 });
    assert.deepEqual([re.statusCode, re.json().status, re.json().duplicate], [201, 'waiting', false]);
  });

  it('capacity holds under parallel registrations: two for the last seat at once → one confirmed, one waiting; a double submit is one row', async () => {
    const d = await api('POST', '/open-days', edTok, { ...base, theme: '并发测试开放日', capacity: 3 });
    const did = d.json().id;
    await publish(did);
    assert.equal((await api('POST', `/open-days/${did}/registrations`, undefined, { name: '甲', phone: '13800000001', people: 2 })).json().status, 'confirmed');
    const [a, b] = await Promise.all([
      api('POST', `/open-days/${did}/registrations`, undefined, { name: '乙', phone: '13800000002', people: 1 }),
      api('POST', `/open-days/${did}/registrations`, undefined, { name: '丙', phone: '13800000003', people: 1 }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode], [201, 201]);
    assert.deepEqual([a.json().status, b.json().status].sort(), ['confirmed', 'waiting']);
    const same = await Promise.all([1, 2, 3].map(() => api('POST', `/open-days/${did}/registrations`, undefined, { name: '丁', phone: '13800000004', people: 1 })));
    assert.deepEqual(same.map((r) => r.statusCode), [201, 201, 201]);
    assert.equal(new Set(same.map((r) => r.json().receiptNo)).size, 1);
    assert.equal(same.filter((r) => !r.json().duplicate).length, 1);
    const tooMany = await api('POST', `/open-days/${did}/registrations`, undefined, { name: '戊', phone: '13800000005', people: 3 }); // capacity 3, 3 allowed
    assert.equal(tooMany.json().status, 'waiting');
    await t.db.deleteFrom('open_day_registrations').where('phone', '=', '13800000005').execute();
    const rows = await regs(did);
    assert.equal(rows.length, 4);
    assert.equal(rows.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.people, 0), 3);
    // Twelve at once for five seats: exactly five confirmed, seven waiting at positions 1..7.
    const e = await api('POST', '/open-days', edTok, { ...base, theme: '并发测试开放日二', capacity: 5 });
    await publish(e.json().id);
    const rush = await Promise.all(Array.from({ length: 12 }, (_, i) => api('POST', `/open-days/${e.json().id}/registrations`, undefined, { name: `群众${i}`, phone: `1370000${String(i).padStart(4, '0')}`, people: 1 })));
    assert.deepEqual(rush.map((r) => r.statusCode), Array(12).fill(201));
    assert.equal(rush.filter((r) => r.json().status === 'confirmed').length, 5);
    assert.deepEqual(rush.filter((r) => r.json().status === 'waiting').map((r) => r.json().position).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('registration only inside the window', async () => {
    clock.set('2026-12-17T09:00:00Z'); // 17:00 in Beijing: closed
    try {
      const r = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '周某', phone: '13900005555', people: 1 });
      assert.equal(r.statusCode, 409);
      assert.match(r.json().error.message, /报名已于 2026-12-17 17:00 截止/);
      assert.doesNotMatch((await t.app.inject(`/kfr/${id}`)).body, /name="phone"[^>]*autocomplete="tel"[^>]*>[\s\S]*提交报名/);
      clock.set('2026-11-30T02:00:00Z');
      const early = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '周某', phone: '13900005555', people: 1 });
      assert.equal(early.statusCode, 409);
      assert.match(early.json().error.message, /报名自 2026-12-01 09:00 开始/);
    } finally {
      clock.set('2026-12-07T02:00:00Z');
    }
    assert.equal((await regs()).filter((r) => r.phone === '13900005555').length, 0);
  });

  it('the check-in list: full for the organiser (read logged), masked for the auditor; attendance; .xlsx', async () => {
    const ed = await staff.as('kf-ed');
    const page = await ed.b.get(`/admin/open-days/${id}/checkin`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /13900002222/);
    assert.match(page.body, /@media print/);
    assert.equal((await auditOf('open-day.registrations-read')).length, 1);
    const aud = await (await staff.as('kf-aud')).b.get(`/admin/open-days/${id}/checkin`);
    assert.equal(aud.statusCode, 200);
    assert.doesNotMatch(aud.body, /13900002222/);
    assert.match(aud.body, /139\*\*\*\*2222/);
    assert.equal((await (await staff.as('kf-other')).b.get(`/admin/open-days/${id}/checkin`)).statusCode, 404);
    const apiList = (await api('GET', `/open-days/${id}/registrations`, await makeToken(t, 'kf-aud'))).json();
    assert.deepEqual(Object.keys(apiList).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.ok(apiList.items.every((r: { phone: string }) => /\*/.test(r.phone)));
    const confirmed = (await regs()).find((r) => r.status === 'confirmed')!;
    const waiting = (await regs()).find((r) => r.status === 'waiting')!;
    const mark = await staff.post('kf-ed', `/admin/open-days/${id}/checkin/${confirmed.id}`, { attended: '1' });
    assert.equal(mark.statusCode, 303);
    assert.ok((await regs()).find((r) => r.id === confirmed.id)!.attended_at);
    assert.equal((await api('POST', `/open-days/${id}/registrations/${waiting.id}/check-in`, edTok, {})).statusCode, 409);
    assert.equal((await api('POST', `/open-days/${id}/registrations/${confirmed.id}/check-in`, await makeToken(t, 'kf-aud'), {})).statusCode, 403);
    assert.equal((await auditOf('open-day.check-in')).length, 1);
    const x = await ed.b.get(`/admin/open-days/${id}/checkin.xlsx`);
    assert.equal(x.statusCode, 200);
    const sheet = readXlsx(x.rawPayload)[0]!;
    assert.deepEqual(sheet.rows[0]!.slice(0, 4), ['序号', '姓名', '电话', '人数']);
    assert.equal(sheet.rows.length, 1 + (await regs()).length);
  });

  it('cancelling an event needs a reason; registrants and the public see it; registration is refused', async () => {
    const d = await api('POST', '/open-days', edTok, { ...base, theme: '将取消的开放日' });
    const did = d.json().id;
    await publish(did);
    const r = await api('POST', `/open-days/${did}/registrations`, undefined, { name: '吴某', phone: '13900006666', people: 1 });
    assert.equal((await api('POST', `/open-days/${did}/cancel`, edTok, { reason: '' })).statusCode, 400);
    const ok = await api('POST', `/open-days/${did}/cancel`, edTok, { reason: '因场馆维修，活动取消，另行通知' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().cancelled, true);
    assert.equal((await api('POST', `/open-days/${did}/cancel`, edTok, { reason: '再次' })).statusCode, 409);
    assert.match((await t.app.inject(`/kfr/${did}`)).body, /本次活动已取消[\s\S]*因场馆维修/);
    assert.match((await t.app.inject(`/kfr/${did}/receipt?no=${r.json().receiptNo}`)).body, /本次活动已取消[\s\S]*因场馆维修/);
    const late = await api('POST', `/open-days/${did}/registrations`, undefined, { name: '郑某', phone: '13900007777', people: 1 });
    assert.equal(late.statusCode, 409);
    assert.match(late.json().error.message, /本次活动已取消/);
    assert.equal((await auditOf('open-day.cancel')).length, 1);
  });

  it('the summary afterwards: reviewed before public, questions and answers in order, photos with required alt text', async () => {
    const early = await api('POST', `/open-days/${id}/summary`, edTok, { summary: '总结', qa: [] });
    assert.equal(early.statusCode, 400);
    assert.match(early.json().error.fields.summary, /活动举办之后才能填写活动总结/);
    // An open day held this morning.
    const d = await api('POST', '/open-days', edTok, { ...base, theme: '今天上午的开放日', date: '2026-12-07', registrationCloses: '2026-12-06 17:00' });
    const did = d.json().id;
    await publish(did);
    const s = await api('POST', `/open-days/${did}/summary`, edTok, { summary: '本次开放日共有 9 位市民参加。', qa: [{ q: '周末开放吗？', a: '周六上午开放。' }, { q: '停车在哪？', a: '东侧停车场。' }] });
    assert.equal(s.statusCode, 200, s.body);
    assert.equal(s.json().status, 'draft');
    // Under revision the public sees the last published version (no summary yet).
    const before = await t.app.inject(`/kfr/${did}`);
    assert.equal(before.statusCode, 200);
    assert.doesNotMatch(before.body, /本次开放日共有/);
    const ed = await staff.as('kf-ed');
    const photo = (alt: string) => multipart([{ name: '_csrf', value: ed.csrf }, { name: 'alt', value: alt }, { name: 'photo', filename: 'dating.png', content: PNG }], 'image/png');
    const noAlt = photo('');
    const r1 = await t.app.inject({ method: 'POST', url: `/admin/open-days/${did}/photos`, headers: { ...noAlt.headers, cookie: ed.b.cookieHeader() }, payload: noAlt.payload });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.body, /请填写照片说明/);
    assert.equal((await t.db.selectFrom('open_day_photos').selectAll().execute()).length, 0);
    const good = photo('市民在大厅体验自助终端');
    const r2 = await t.app.inject({ method: 'POST', url: `/admin/open-days/${did}/photos`, headers: { ...good.headers, cookie: ed.b.cookieHeader() }, payload: good.payload });
    assert.equal(r2.statusCode, 303, r2.body);
    await publish(did);
    const pub = await t.app.inject(`/kfr/${did}`);
    assert.match(pub.body, /本次开放日共有 9 位市民参加/);
    assert.match(pub.body, /问1：周末开放吗？[\s\S]*问2：停车在哪？/);
    const m = /<img src="(\/kfr\/\d+\/photos\/\d+)" alt="市民在大厅体验自助终端"/.exec(pub.body);
    assert.ok(m, 'photo with its alt text');
    const img = await t.app.inject(m[1]!);
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/png');
    const detail = (await api('GET', `/open-days/${did}`)).json();
    assert.equal(detail.hasSummary, true);
    assert.deepEqual(detail.qa, [{ q: '周末开放吗？', a: '周六上午开放。' }, { q: '停车在哪？', a: '东侧停车场。' }]);
    // The next day it is listed among the past open days with its summary.
    clock.set('2026-12-08T02:00:00Z');
    try {
      const past = (await api('GET', '/open-days?which=past')).json();
      assert.deepEqual(past.items.map((i: { id: number; hasSummary: boolean }) => [i.id, i.hasSummary]), [[did, true]]);
      assert.match((await t.app.inject('/kfr')).body, /今天上午的开放日[\s\S]*活动总结/);
    } finally {
      clock.set('2026-12-07T02:00:00Z');
    }
  });

  it('staff edits: two saves of the same version at once → one saved, one 409; capacity not below the confirmed; more seats move the waiting list up', async () => {
    const d = await api('POST', '/open-days', edTok, { ...base, theme: '名额调整开放日', capacity: 2 });
    const did = d.json().id;
    await publish(did);
    const v = (await t.db.selectFrom('open_days').select('version').where('id', '=', did).executeTakeFirstOrThrow()).version;
    const [a, b] = await Promise.all([
      api('PATCH', `/open-days/${did}`, edTok, { place: '甲地', expectedVersion: v }),
      api('PATCH', `/open-days/${did}`, edTok, { place: '乙地', expectedVersion: v }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    assert.match((a.statusCode === 409 ? a : b).json().error.message, /已被他人修改/);
    // Edited after publication: back to review, while the public keeps the published version and registration goes on.
    assert.equal((await api('GET', `/open-days/${did}`)).json().place, '区政务服务中心一楼');
    assert.equal((await api('POST', `/open-days/${did}/registrations`, undefined, { name: '甲', phone: '13600000001', people: 2 })).json().status, 'confirmed');
    assert.equal((await api('POST', `/open-days/${did}/registrations`, undefined, { name: '乙', phone: '13600000002', people: 1 })).json().status, 'waiting');
    const huge = await api('POST', `/open-days/${did}/registrations`, undefined, { name: '丙', phone: '13600000003', people: 3 });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.json().error.fields.people, /本次活动共 2 个名额/);
    assert.doesNotMatch((await (await staff.as('kf-rv')).b.get('/admin')).body, /待审核或待公开的政府开放日/);
    assert.equal((await api('POST', `/open-days/${did}/submit`, edTok)).statusCode, 200);
    assert.match((await (await staff.as('kf-rv')).b.get('/admin')).body, /待审核或待公开的政府开放日<strong class="count">1</);
    const low = await api('PATCH', `/open-days/${did}`, edTok, { capacity: 1 });
    assert.equal(low.statusCode, 400);
    assert.match(low.json().error.fields.capacity, /已有 2 人报名成功/);
    assert.equal((await api('PATCH', `/open-days/${did}`, edTok, { capacity: 3 })).statusCode, 200);
    assert.deepEqual((await regs(did)).map((r) => r.status), ['confirmed', 'confirmed']);
  });

  it('hostile input: bad ids, unknown fields, markup in names (escaped), API cancel twice at once promotes once', async () => {
    assert.equal((await api('GET', '/open-days/abc')).statusCode, 400);
    assert.equal((await api('GET', '/open-days/99999')).statusCode, 404);
    assert.equal((await t.app.inject('/kfr/99999999999')).statusCode, 404);
    assert.equal((await t.app.inject(`/kfr/${id}/receipt?no=<script>`)).statusCode, 404);
    const extra = await api('POST', `/open-days/${id}/registrations`, undefined, { name: '甲', phone: '13600000009', people: 1, admin: true });
    assert.equal(extra.statusCode, 400);
    const d = await api('POST', '/open-days', edTok, { ...base, theme: '<script>alert(1)</script>开放日', capacity: 1 });
    const did = d.json().id;
    await publish(did);
    assert.doesNotMatch((await t.app.inject(`/kfr/${did}`)).body, /<script>alert/);
    const x = await api('POST', `/open-days/${did}/registrations`, undefined, { name: '<b>甲</b>', phone: '13600000011', people: 1 });
    await api('POST', `/open-days/${did}/registrations`, undefined, { name: '乙', phone: '13600000012', people: 1 });
    await api('POST', `/open-days/${did}/registrations`, undefined, { name: '丙', phone: '13600000013', people: 1 });
    const checkin = await (await staff.as('kf-ed')).b.get(`/admin/open-days/${did}/checkin`);
    assert.match(checkin.body, /&lt;b>甲&lt;\/b>/);
    assert.doesNotMatch(checkin.body, /<b>甲/);
    const both = await Promise.all([1, 2].map(() => api('POST', `/open-days/${did}/registrations/cancel`, undefined, { receiptNo: x.json().receiptNo, phone: '13600000011' })));
    assert.deepEqual(both.map((r) => r.statusCode), [200, 200]);
    assert.deepEqual(both.map((r) => r.json().promoted).sort(), [0, 1]);
    assert.deepEqual((await regs(did)).map((r) => r.status), ['cancelled', 'confirmed', 'waiting']);
  });

  it('the console forms: bad input → 400 page with the Chinese message at each field, nothing saved; create, review steps and cancel through the pages', async () => {
    const before = (await t.db.selectFrom('open_days').select('id').execute()).length;
    const formData = { theme: '后台新建的开放日', unit: String((await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id), date: '2026-12-26', startTime: '09:00', endTime: '10:00', place: '区档案馆', capacity: '10', maxPeople: '', registrationOpens: '2026-12-07T09:00', registrationCloses: '2026-12-25T17:00', agenda: '09:00 参观档案馆\n09:40 座谈', notes: '' };
    const bad = await staff.post('kf-ed', '/admin/open-days', { ...formData, theme: '', capacity: '0', registrationCloses: 'tomorrow' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写活动主题/);
    assert.match(bad.body, /名额应为 1–10000 的整数/);
    assert.match(bad.body, /请填写报名截止时间/);
    assert.match(bad.body, /href="#f-theme"/);
    assert.equal((await t.db.selectFrom('open_days').select('id').execute()).length, before);
    const ok = await staff.post('kf-ed', '/admin/open-days', formData);
    assert.equal(ok.statusCode, 303, ok.body);
    const did = Number(/\/admin\/open-days\/(\d+)\?msg=created/.exec(ok.headers.location as string)![1]);
    const row = await t.db.selectFrom('open_days').selectAll().where('id', '=', did).executeTakeFirstOrThrow();
    assert.deepEqual([row.max_people, row.reg_closes_at, JSON.parse(row.agenda).length], [3, '2026-12-25 17:00', 2]);
    assert.equal((await staff.post('kf-ed', `/admin/open-days/${did}/step`, { step: 'submit' })).statusCode, 303);
    const self = await staff.post('kf-ed', `/admin/open-days/${did}/step`, { step: 'approve' });
    assert.equal(self.statusCode, 403);
    for (const s of ['approve', 'publish']) assert.equal((await staff.post('kf-rv', `/admin/open-days/${did}/step`, { step: s })).statusCode, 303);
    assert.equal((await t.app.inject(`/kfr/${did}`)).statusCode, 200);
    const noReason = await staff.post('kf-ed', `/admin/open-days/${did}/cancel`, { reason: ' ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /请写明取消的原因/);
    assert.equal((await staff.post('kf-ed', `/admin/open-days/${did}/cancel`, { reason: '档案馆临时闭馆' })).statusCode, 303);
    assert.match((await t.app.inject(`/kfr/${did}`)).body, /档案馆临时闭馆/);
    assert.equal((await staff.post('kf-aud', `/admin/open-days/${did}/cancel`, { reason: 'x' })).statusCode, 403);
  });
});
