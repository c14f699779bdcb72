// The one visibility rule (access.ts): the rule on a row, and a document's replacement shown to the
// public only while it is itself public — the page and the public API no longer name a 依申请公开 or
// withdrawn replacement (the 失效文件清单 already did not).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { unwrap } from '../../platform/errors.ts';
import { approveDocument, changeValidity, createDocument, publishDocument, submitDocument, withdrawDocument } from './documents.commands.ts';
import { isPublic, publicState } from './access.ts';

const CHECKS = { checks: { political: true, policy: true, wording: true } };

describe('visibility rule', () => {
  it('public: published, 主动公开 and its time has come; withdrawn after publication: a tombstone', () => {
    const now = '2026-03-01T00:00:00.000Z';
    const row = (status: string, disclosure: string, published_at: string | null) => publicState({ status, disclosure, published_at }, now);
    assert.equal(row('published', '主动公开', '2026-02-01T00:00:00.000Z'), 'public');
    assert.equal(row('published', '主动公开', now), 'public');
    assert.equal(row('published', '主动公开', '2026-03-02T00:00:00.000Z'), 'scheduled');
    assert.equal(row('published', '依申请公开', '2026-02-01T00:00:00.000Z'), null);
    assert.equal(row('published', '不予公开', '2026-02-01T00:00:00.000Z'), null);
    assert.equal(row('withdrawn', '主动公开', '2026-02-01T00:00:00.000Z'), 'tombstone');
    assert.equal(row('withdrawn', '依申请公开', '2026-02-01T00:00:00.000Z'), null);
    assert.equal(row('approved', '主动公开', null), null);
    assert.equal(row('draft', '主动公开', null), null);
    assert.equal(isPublic({ status: 'published', disclosure: '主动公开', published_at: '2026-03-02T00:00:00.000Z' }, now), false);
  });
});

describe('a replacement is named to the public only while it is public', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  const ids: Record<string, number> = {};
  const deps = () => ({ db: t.db });
  async function released(title: string, fields: Record<string, unknown> = {}) {
    const id = unwrap(await createDocument(deps(), ed, { title, column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', body: '<p>正文</p>', ...fields })).id;
    unwrap(await submitDocument(deps(), ed, id));
    unwrap(await approveDocument(deps(), rv, id, CHECKS));
    unwrap(await publishDocument(deps(), rv, id, {}));
    return id;
  }

  before(async () => {
    t = await buildTestApp();
    ed = await makeUser(t, 'acc-ed', 'editor', 'zfb');
    rv = await makeUser(t, 'acc-rv', 'reviewer', 'zfb');
    ids.onRequest = await released('依申请公开的新办法REPLACEMARK', { disclosure: '依申请公开' });
    ids.old = await released('旧办法OLDMARK');
    unwrap(await changeValidity(deps(), rv, ids.old, { validity: '已修改', on: '2025-01-01', reason: '已修改', replacedBy: ids.onRequest }));
    ids.public = await released('公开的新办法PUBMARK');
    ids.old2 = await released('旧办法二OLD2MARK');
    unwrap(await changeValidity(deps(), rv, ids.old2, { validity: '废止', on: '2025-01-01', reason: '已替代', replacedBy: ids.public }));
  });
  after(() => t.close());

  it('a 依申请公开 replacement is not named on the page, in the public API or in the 失效文件清单', async () => {
    const row = await t.db.selectFrom('documents').select(['replaced_by_id', 'validity']).where('id', '=', ids.old).executeTakeFirstOrThrow();
    assert.deepEqual(row, { replaced_by_id: ids.onRequest, validity: '已修改' });
    const page = await t.app.inject(`/xxgk/documents/${ids.old}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('OLDMARK'));
    assert.ok(!page.body.includes('REPLACEMARK'), 'the page does not name a replacement the public may not see');
    const api = await t.app.inject(`/api/v1/documents/${ids.old}`);
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().replacedBy, null);
    const invalid = await t.app.inject('/xxgk/invalid');
    assert.ok(invalid.body.includes('OLDMARK') && !invalid.body.includes('REPLACEMARK'));
  });

  it('a public replacement is linked; once withdrawn, it is not', async () => {
    const page = await t.app.inject(`/xxgk/documents/${ids.old2}`);
    assert.ok(page.body.includes(`<a href="/xxgk/documents/${ids.public}">公开的新办法PUBMARK</a>`));
    assert.equal((await t.app.inject(`/api/v1/documents/${ids.old2}`)).json().replacedBy.id, ids.public);
    unwrap(await withdrawDocument(deps(), rv, ids.public, { reason: '内容有误' }));
    const after = await t.app.inject(`/xxgk/documents/${ids.old2}`);
    assert.equal(after.statusCode, 200);
    assert.ok(!after.body.includes('PUBMARK'));
    assert.equal((await t.app.inject(`/api/v1/documents/${ids.old2}`)).json().replacedBy, null);
    // Staff still see what the record says.
    const staff = await t.db.selectFrom('documents').select('replaced_by_id').where('id', '=', ids.old2).executeTakeFirstOrThrow();
    assert.equal(staff.replaced_by_id, ids.public);
  });
});
