// The demo catalogs: three units' 2020 catalogs, published by the 政府办, with linked demo documents — one item
// published late and items with no document show on the public page (both databases).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';

describe('catalog demo seed', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(async () => t?.close());

  it('three units, published, with one late item and items without a document', async () => {
    const rows = await t.db.selectFrom('catalog_items').select(['unit_id', 'status']).execute();
    assert.equal(rows.length, 10);
    assert.equal(new Set(rows.map((r) => r.unit_id)).size, 3);
    assert.ok(rows.every((r) => r.status === 'published'));
    const list = (await t.app.inject('/api/v1/catalog?year=2020&pageSize=100')).json();
    assert.equal(list.total, 10);
    const states = list.items.map((i: { compliance: { state: string } }) => i.compliance.state);
    assert.equal(states.filter((s: string) => s === 'late').length, 1, states.join());
    assert.ok(states.includes('missing'), states.join());
    assert.ok(states.includes('on-request'), states.join());
    const page = await t.app.inject('/bzml');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2020 年政务公开事项标准目录/);
    assert.match(page.body, /超过时限公开 [1-9]/);
  });
});
