// Events that failed 20 times are not lost from sight: the platform administrator's console home alerts,
// /admin/events names the types and the latest error, and a retry (audited) gives them their tries again —
// the next 事件补发 delivers them. Other roles see no alert and may not open the page. Both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { deliverPending, MAX_DELIVERY_ATTEMPTS, on } from '../../platform/events.ts';

describe('failed events on the console home', () => {
  let t: TestApp;
  const staff = staffSessions(() => t.app);
  const delivered: unknown[] = [];
  let id = 0;
  before(async () => {
    t = await buildTestApp();
    await makeUser(t, 'fe-admin', 'admin', 'sucheng');
    await makeUser(t, 'fe-rv', 'reviewer', 'zfb');
    on('test.failed-events', async (_db, payload) => void delivered.push(payload), 'test');
    const now = new Date().toISOString();
    id = (
      await t.db
        .insertInto('platform_events')
        .values({ type: 'test.failed-events', payload: JSON.stringify({ n: 1 }), created_at: now, claimed_at: null, delivered_at: null, attempts: MAX_DELIVERY_ATTEMPTS, last_error: '索引目录不可写' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(async () => t?.close());

  it('the administrator is alerted; the page names the type and the error; other roles see nothing and are refused', async () => {
    assert.equal(await deliverPending(t.db), 0, 'not retried on its own');
    const home = await (await staff.as('fe-admin')).b.get('/admin');
    assert.match(home.body, /有 1 个事件投递失败/);
    assert.match(home.body, /href="\/admin\/events"/);
    const page = await (await staff.as('fe-admin')).b.get('/admin/events');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /test\.failed-events/);
    assert.match(page.body, /索引目录不可写/);
    const rv = await staff.as('fe-rv');
    assert.doesNotMatch((await rv.b.get('/admin')).body, /事件投递失败/);
    assert.equal((await rv.b.get('/admin/events')).statusCode, 403);
    assert.equal((await staff.post('fe-rv', '/admin/events/retry', {})).statusCode, 403);
    const row = await t.db.selectFrom('platform_events').select(['attempts', 'delivered_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([Number(row.attempts), row.delivered_at], [MAX_DELIVERY_ATTEMPTS, null]);
  });

  it('a retry gives them their tries again with an audit row; the next delivery run delivers them and the alert goes', async () => {
    const r = await staff.post('fe-admin', '/admin/events/retry', {});
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/admin/events?msg=retried&n=1');
    const row = await t.db.selectFrom('platform_events').select(['attempts', 'delivered_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(row.attempts), 0);
    const a = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'events.retry').executeTakeFirstOrThrow();
    assert.match(String(a.after_json), /"retried":1/);
    assert.equal(await deliverPending(t.db), 1);
    assert.deepEqual(delivered, [{ n: 1 }]);
    assert.ok((await t.db.selectFrom('platform_events').select('delivered_at').where('id', '=', id).executeTakeFirstOrThrow()).delivered_at);
    assert.doesNotMatch((await (await staff.as('fe-admin')).b.get('/admin')).body, /事件投递失败/);
    assert.match((await (await staff.as('fe-admin')).b.get('/admin/events')).body, /目前没有投递失败的事件/);
  });
});
