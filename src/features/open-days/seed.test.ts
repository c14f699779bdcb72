// The demo seed: two open days — one open for registration (dates relative to today), one held with its
// published summary and questions/answers — shown on the public pages, registrants' data never public.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';

describe('open days demo seed', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(async () => t?.close());

  it('one open for registration, one past with a published summary', async () => {
    const rows = await t.db.selectFrom('open_days').selectAll().orderBy('id').execute();
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((r) => r.status), ['published', 'published']);
    const upcoming = (await t.app.inject('/api/v1/open-days')).json();
    assert.equal(upcoming.total, 1);
    assert.equal(upcoming.items[0].state, 'open');
    assert.deepEqual(upcoming.items[0].seats, { capacity: 30, confirmed: 6, left: 24, waiting: 0 });
    const past = (await t.app.inject('/api/v1/open-days?which=past')).json();
    assert.equal(past.total, 1);
    assert.equal(past.items[0].hasSummary, true);
    const page = await t.app.inject(`/kfr/${past.items[0].id}`);
    assert.match(page.body, /活动总结[\s\S]*问1：/);
    const list = await t.app.inject('/kfr');
    assert.match(list.body, /剩余 24 个名额/);
    assert.doesNotMatch((await t.app.inject(`/kfr/${upcoming.items[0].id}`)).body, /13900000001|王演示/);
  });
});
