// perPublicVersion: a value derived from public data is computed once per public data version, again after a
// change with public effect (at once, in this process), not after one without (an application, a staff read),
// again after its lifetime, and a failed computation is not kept.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { audit } from '../audit/index.ts';
import { systemActor } from '../access/roles.ts';
import { perPublicVersion, perPublicVersionKeyed, publicVersionOf } from './public-memo.ts';
import { publicVersionOf as cacheReader } from './public-cache.ts';

describe('perPublicVersion', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('computes once per public version, again after a public change, not after a private one', async () => {
    let n = 0;
    const value = perPublicVersion(async () => ++n);
    assert.equal(await value(t.db), 1);
    assert.equal(await value(t.db), 1);
    await audit(t.db, systemActor(), { action: 'test.private', entity: 'test', entityId: 1, publicEffect: false });
    assert.equal(await value(t.db), 1, 'a change without public effect keeps the value');
    await audit(t.db, systemActor(), { action: 'test.public', entity: 'test', entityId: 1 });
    assert.equal(await value(t.db), 2, 'a public change is seen on the next read');
    assert.equal(await value(t.db), 2);
  });

  it('keyed: one value per key and public version, all recomputed after a public change; one reader per database', async () => {
    const calls: string[] = [];
    const counts = perPublicVersionKeyed(async (_db, key: string) => {
      calls.push(key);
      return `${key}#${calls.length}`;
    });
    assert.equal(await counts(t.db, 'a'), 'a#1');
    assert.equal(await counts(t.db, 'b'), 'b#2');
    assert.equal(await counts(t.db, 'a'), 'a#1');
    await audit(t.db, systemActor(), { action: 'test.public', entity: 'test', entityId: 2 });
    assert.equal(await counts(t.db, 'b'), 'b#3');
    assert.equal(await counts(t.db, 'a'), 'a#4');
    assert.equal(publicVersionOf(t.db), cacheReader(t.db), 'the page cache and the memos share one version reader');
    assert.equal(t.app.publicVersion, publicVersionOf(t.db));
  });

  it('is not recomputed while the public version stays the same, however long (issue 15: list counts every 30 s)', async (c) => {
    let n = 0;
    const value = perPublicVersion(async () => ++n);
    const counts = perPublicVersionKeyed(async (_db, key: string) => `${key}${++n}`);
    assert.equal(await value(t.db), 1);
    assert.equal(await counts(t.db, 'a'), 'a2');
    const now = Date.now();
    c.mock.method(Date, 'now', () => now + 3_600_000); // an hour later; the version is read again (once a second)
    assert.equal(await value(t.db), 1);
    assert.equal(await counts(t.db, 'a'), 'a2');
    await audit(t.db, systemActor(), { action: 'test.public', entity: 'test', entityId: 3 });
    assert.equal(await value(t.db), 3, 'the version moved: computed again');
    assert.equal(await counts(t.db, 'a'), 'a4');
  });

  it('recomputes after its lifetime when given one, and does not keep a failure', async () => {
    let n = 0;
    const short = perPublicVersion(async () => ++n, 30);
    assert.equal(await short(t.db), 1);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(await short(t.db), 2);
    let fail = true;
    const flaky = perPublicVersion(async () => {
      if (fail) throw new Error('boom');
      return 'ok';
    });
    await assert.rejects(flaky(t.db), /boom/);
    fail = false;
    assert.equal(await flaky(t.db), 'ok');
  });
});
