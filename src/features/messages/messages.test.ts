// 政民互动 end to end on both databases: the public form (bad input, honeypot, reload), the API, staff
// reply with four eyes, transfer (deadline restarts), merge (duplicate shows the main reply), withhold,
// the 查询 page with its second factor and the one-time rating (two parallel ratings), the public list with
// masking, counts, the 3-month flag on the console home, and the 12345 import (mapping, idempotent).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, Browser, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { checkRows, guessMapping, importOrders, readTable } from './import12345.ts';
import { messageStats } from './public.ts';

const clock = fixedClock('2026-12-07T02:00:00Z'); // Monday 2026-12-07, 10:00 in Beijing

describe('messages', () => {
  let t: TestApp;
  let zfbId = 0;
  let jyjId = 0;
  let hdTok: string;
  let rvTok: string;
  const staff = staffSessions(() => t.app);
  const api = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const row = (no: string) => t.db.selectFrom('messages').selectAll().where('receipt_no', '=', no).executeTakeFirstOrThrow();
  const form = (o: Record<string, string> = {}) => ({ unit: String(zfbId), type: 'suggest', title: '建议公开更多政策解读', body: '希望网站多发布图解，我的电话13912345678。', name: '王建国', phone: '13912345678', email: '', publicOk: 'yes', website: '', ...o });

  before(async () => {
    t = await buildTestApp({ clock });
    zfbId = (await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id;
    jyjId = (await t.db.selectFrom('units').select('id').where('code', '=', 'jyj').executeTakeFirstOrThrow()).id;
    await makeUser(t, 'ly-hd', 'editor', 'zfb');
    await makeUser(t, 'ly-rv', 'reviewer', 'zfb');
    await makeUser(t, 'ly-jy', 'reviewer', 'jyj');
    await makeUser(t, 'ly-admin', 'unit-admin', 'sucheng');
    hdTok = await makeToken(t, 'ly-hd');
    rvTok = await makeToken(t, 'ly-rv');
  });
  after(async () => t?.close());

  it('the form: bad input answers per field in Chinese and stores nothing; honeypot refused', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf('/zmhd/write');
    const bad = await b.post('/zmhd/write', { ...form({ body: '', phone: '139', unit: '99999', name: '' }), _csrf: csrf });
    assert.equal(bad.statusCode, 400);
    for (const m of ['请填写留言内容', '请填写正确的手机号码', '没有这个单位', '请填写姓名']) assert.match(bad.body, new RegExp(m));
    const long = await b.post('/zmhd/write', { ...form({ body: '长'.repeat(20_000) }), _csrf: csrf });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /不能超过 3000 字（现有 20000 字）/);
    const noContact = await b.post('/zmhd/write', { ...form({ phone: '', email: '' }), _csrf: csrf });
    assert.match(noContact.body, /请至少填写手机号码或电子邮箱/);
    const bot = await b.post('/zmhd/write', { ...form({ website: 'http://spam' }), _csrf: csrf });
    assert.equal(bot.statusCode, 400);
    assert.equal((await t.db.selectFrom('messages').select('id').execute()).length, 0);
  });

  it('hostile forms (repeated field, stray fields, a transfer unit as two values) are parsed by their schemas; nothing stored', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf('/zmhd/write');
    const count = async () => (await t.db.selectFrom('messages').select('id').execute()).length;
    const n = await count();
    const pairs: [string, string][] = [...Object.entries(form({ body: '' })), ['body', '第二段不算内容'], ['website', 'http://spam'], ['status', 'replied'], ['receipt_no', 'X'], ['_csrf', csrf]];
    const post = (url: string, p: [string, string][]) => t.app.inject({ method: 'POST', url, headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(p).toString() });
    const bad = await post('/zmhd/write', pairs);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写留言内容/);
    assert.doesNotMatch(bad.body, /第二段不算内容/);
    assert.equal(await count(), n);
    const query = await post('/zmhd/query', [['no', ''], ['no', 'LY-1'], ['factor', '1234'], ['_csrf', await b.csrf('/zmhd/query')]]);
    assert.equal(query.statusCode, 400);
    assert.match(query.body, /请填写回执号/);
  });

  let no = '';
  it('a message: receipt by redirect; a reload is the same message; deadline 5 working days', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf('/zmhd/write');
    const r = await b.post('/zmhd/write', { ...form(), _csrf: csrf });
    assert.equal(r.statusCode, 303);
    no = /no=([A-Z0-9-]+)/.exec(r.headers.location as string)![1]!;
    const again = await b.post('/zmhd/write', { ...form(), _csrf: csrf });
    assert.equal(again.headers.location, r.headers.location);
    const thanks = await b.get(r.headers.location as string);
    assert.match(thanks.body, new RegExp(no));
    assert.match(thanks.body, /2026-12-14/);
    const m = await row(no);
    assert.equal(m.status, 'open');
    assert.equal(m.due_on, '2026-12-14');
    assert.equal((await t.db.selectFrom('messages').select('id').execute()).length, 1);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'message.create').execute()).length, 1);
  });

  it('API: write (two parallel identical posts are one message), unknown unit, bad phone', async () => {
    const body = { unit: 'jyj', type: 'consult', title: '入园报名', body: '请问什么时候报名？', name: '李秀英', email: 'li@example.com', publicOk: false };
    const [a, b] = await Promise.all([api('POST', '/messages', undefined, body), api('POST', '/messages', undefined, body)]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 201]);
    assert.equal(a.json().receiptNo, b.json().receiptNo);
    const bad = await api('POST', '/messages', undefined, { ...body, unit: '火星局', phone: '12' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['phone', 'unit']);
    assert.equal((await t.db.selectFrom('messages').select('id').where('unit_id', '=', jyjId).execute()).length, 1);
  });

  it('staff: an editor reply waits for the reviewer; nobody approves their own; the reviewer publishes', async () => {
    const m = await row(no);
    const r1 = await api('POST', `/messages/${m.id}/reply`, hdTok, { reply: '感谢您的建议，我们将发布更多图解。' });
    assert.equal(r1.json().status, 'review');
    assert.equal((await api('POST', `/messages/${m.id}/approve`, hdTok, {})).statusCode, 403);
    assert.equal((await api('GET', `/messages/${m.id}`)).statusCode, 404);
    const ok = await api('POST', `/messages/${m.id}/approve`, rvTok, {});
    assert.equal(ok.json().status, 'replied');
    const after = await row(no);
    assert.equal(after.replied_on, '2026-12-07');
    const inbox = await api('GET', '/messages/inbox', rvTok);
    assert.deepEqual(Object.keys(inbox.json()).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.equal(inbox.json().items[0].status, 'replied');
  });

  it('public: the list and the page mask personal data; counts per unit', async () => {
    const list = (await api('GET', '/messages')).json();
    assert.equal(list.total, 1);
    assert.match(list.items[0].body, /139\*{4}5678/);
    assert.doesNotMatch(JSON.stringify(list), /13912345678|王建国/);
    const page = await t.app.inject(list.items[0].url);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /13912345678|王建国/);
    const counts = (await api('GET', '/messages/counts')).json().items;
    const zfb = counts.find((c: { unitId: number }) => c.unitId === zfbId);
    assert.deepEqual([zfb.received, zfb.replied, zfb.onTime], [1, 1, 1]);
    const stats = await messageStats(t.db, { unitId: zfbId });
    assert.equal(stats.onTimeRate, 1);
  });

  it('查询 needs the second factor; the writer rates once (two parallel ratings: one stored)', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf('/zmhd/query');
    const wrong = await b.post('/zmhd/query', { no, factor: '0000', _csrf: csrf });
    assert.equal(wrong.statusCode, 404);
    assert.match(wrong.body, /回执号或验证信息不正确/);
    const right = await b.post('/zmhd/query', { no: no.toLowerCase(), factor: '5678', _csrf: csrf });
    assert.equal(right.statusCode, 200);
    assert.match(right.body, /感谢您的建议/);
    const [x, y] = await Promise.all([b.post('/zmhd/rate', { no, factor: '5678', rating: 'satisfied', comment: '很好', _csrf: csrf }), b.post('/zmhd/rate', { no, factor: '5678', rating: 'unsatisfied', _csrf: csrf })]);
    assert.deepEqual([x.statusCode, y.statusCode], [200, 200]);
    const m = await row(no);
    assert.ok(m.rating === 'satisfied' || m.rating === 'unsatisfied');
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'message.rate').execute()).length, 1);
    const bad = await b.post('/zmhd/rate', { no, factor: '5678', rating: 'great', _csrf: csrf });
    assert.match(bad.body, /每条留言只能评价一次|您的评价/);
  });

  it('transfer restarts the deadline at the receiving unit; merge shows the main reply; withhold hides it', async () => {
    const w = await api('POST', '/messages', undefined, { unit: 'zfb', type: 'complaint', title: '学校门口拥堵', body: '放学时段拥堵。', name: '张伟', phone: '13800001111', publicOk: true });
    const id = (await row(w.json().receiptNo)).id;
    const noReason = await api('POST', `/messages/${id}/transfer`, rvTok, { unit: 'jyj', reason: '' });
    assert.equal(noReason.statusCode, 400);
    const tr = await api('POST', `/messages/${id}/transfer`, rvTok, { unit: 'jyj', reason: '属教育局职责' });
    assert.equal(tr.statusCode, 200);
    assert.equal((await t.db.selectFrom('messages').select(['unit_id', 'transfers']).where('id', '=', id).executeTakeFirstOrThrow()).unit_id, jyjId);
    assert.equal((await api('GET', `/messages/inbox/${id}`, rvTok)).statusCode, 404); // out of the zfb reviewer's scope now
    const dup = await api('POST', '/messages', undefined, { unit: 'zfb', type: 'suggest', title: '政策图解', body: '多发图解。', name: '刘洋', phone: '13800002222', publicOk: true });
    const dupId = (await row(dup.json().receiptNo)).id;
    const mg = await api('POST', `/messages/${dupId}/merge`, rvTok, { into: no });
    assert.equal(mg.statusCode, 200, mg.body);
    const b = new Browser(t.app);
    const q = await b.post('/zmhd/query', { no: dup.json().receiptNo, factor: '2222', _csrf: await b.csrf('/zmhd/query') });
    assert.match(q.body, /合并办理/);
    assert.match(q.body, /感谢您的建议/);
    const s = await staff.post('ly-rv', `/admin/messages/${(await row(no)).id}/withhold`, { reason: '' });
    assert.equal(s.statusCode, 400);
    const twice = await staff.postPairs('ly-rv', `/admin/messages/${(await row(no)).id}/withhold`, [['reason', ''], ['reason', '第二个理由不算'], ['withheld', '1']]);
    assert.equal(twice.statusCode, 400);
    assert.equal(Number((await row(no)).withheld), 0);
    const s2 = await staff.post('ly-rv', `/admin/messages/${(await row(no)).id}/withhold`, { reason: '涉及个人隐私' });
    assert.equal(s2.statusCode, 303);
    assert.equal((await api('GET', '/messages')).json().total, 0);
  });

  it('console: inbox filters, the 3-month flag there and on the console home', async () => {
    const old = await api('POST', '/messages', undefined, { unit: 'zfb', type: 'consult', title: '老问题', body: '一直没人回。', name: '陈静', phone: '13800003333', publicOk: true });
    await t.db.updateTable('messages').set({ received_on: '2026-08-01', clock_from: '2026-08-01', due_on: '2026-08-08' }).where('receipt_no', '=', old.json().receiptNo).execute();
    const { b } = await staff.as('ly-rv');
    const list = await b.get('/admin/messages?state=veto');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /老问题/);
    assert.match(list.body, /超过 3 个月未答复/);
    assert.doesNotMatch(list.body, /建议公开更多政策解读/);
    const home = await b.get('/admin');
    assert.match(home.body, /超过 3 个月未答复的留言（一票否决）/);
    const page = await b.get(`/admin/messages/${(await row(old.json().receiptNo)).id}`);
    assert.match(page.body, /138\*{4}3333/);
    assert.doesNotMatch(page.body, /13800003333/);
    // The search box: % and _ typed are the text, not wildcards (both databases).
    for (const title of ['覆盖率100%了吗', '覆盖率1000户', 'a_b 路段', 'axb 路段']) assert.equal((await api('POST', '/messages', undefined, { unit: 'zfb', type: 'consult', title, body: `请答复：${title}`, name: '陈静', phone: '13800003333', publicOk: true })).statusCode < 300, true);
    const search = async (q: string) => (await b.get(`/admin/messages?q=${encodeURIComponent(q)}`)).body;
    const pct = await search('100%');
    assert.match(pct, /覆盖率100%了吗/);
    assert.doesNotMatch(pct, /覆盖率1000户/);
    const under = await search('a_b');
    assert.match(under, /a_b 路段/);
    assert.doesNotMatch(under, /axb 路段/);
    // The public list is revalidated by anonymous visitors and never stored for staff (platform revalidatePublic).
    const anon = await t.app.inject('/zmhd');
    assert.deepEqual([anon.headers['cache-control'], anon.headers.vary], ['no-cache', 'Cookie']);
    assert.equal((await b.get('/zmhd')).headers['cache-control'], 'private, no-store');
  });

  it('12345 import: mapping by header names, row errors, idempotent, a changed reply updates with an audit row', async () => {
    const csv = (reply: string) =>
      Buffer.from(`工单编号,来电时间,诉求类型,诉求内容,承办单位,答复内容,答复时间\nGD001,2026-11-02 09:00,投诉,路灯不亮,宿城区教育局,${reply},2026-11-04\nGD002,2026-11-03,咨询,怎么报名,火星局,,\nGD003,昨天,咨询,内容,宿城区教育局,,\n`);
    const rows = readTable('orders.csv', csv('已修复'));
    const m = guessMapping(rows[0]!);
    const admin = { ...systemActor(), role: 'admin' as const };
    const r1 = await importOrders(t.db, admin, rows[0]!, await checkRows(t.db, rows, m), m);
    assert.deepEqual([r1.created, r1.updated, r1.unchanged, r1.rejected.length], [1, 0, 0, 2]);
    assert.match(r1.rejected.map((x) => x.errors.join()).join(), /没有名为“火星局”的单位/);
    const r2 = await importOrders(t.db, admin, rows[0]!, await checkRows(t.db, rows, m), m);
    assert.deepEqual([r2.created, r2.updated, r2.unchanged], [0, 0, 1]);
    const rows3 = readTable('orders.csv', csv('已修复并回访'));
    const r3 = await importOrders(t.db, admin, rows3[0]!, await checkRows(t.db, rows3, m), m);
    assert.deepEqual([r3.created, r3.updated], [0, 1]);
    const o = await t.db.selectFrom('messages').selectAll().where('work_order_no', '=', 'GD001').executeTakeFirstOrThrow();
    assert.equal(o.reply, '已修复并回访');
    assert.equal(o.source, '12345');
    assert.equal(o.status, 'replied');
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'message.import-update').execute()).length, 1);
  });
});
