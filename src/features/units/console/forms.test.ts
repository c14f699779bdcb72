// Hostile posts to the 单位 forms (issue 14: forms parsed by schemas): the first of a repeated field counts,
// unknown fields (a column name) are ignored, a bad parent id is a Chinese 404 — never a 500, nothing changes.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
const { postPairs } = staffSessions(() => t.app);
const unitRow = (id: number) => t.db.selectFrom('units').select(['name', 'index_prefix', 'parent_id']).where('id', '=', id).executeTakeFirstOrThrow();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'unf-admin', 'admin', 'sucheng');
});
after(() => t.close());

it('单位信息: a repeated name counts once (its first, empty value), a column name is ignored; the unit is unchanged', async () => {
  const zfb = await unitId(t, 'zfb');
  const before = await unitRow(zfb);
  const res = await postPairs('unf-admin', `/admin/units/${zfb}`, [
    ['name', ''],
    ['name', '改过的名字'],
    ['index_prefix', 'HACKED'],
    ['parent_id', '1'],
  ]);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /请填写单位名称/);
  assert.deepEqual(await unitRow(zfb), before);
});

it('新建下级单位: a parent id that is not a number is 上级单位不存在 (404); nothing is created', async () => {
  const count = async () => (await t.db.selectFrom('units').select('id').execute()).length;
  const n = await count();
  const res = await postPairs('unf-admin', '/admin/units', [
    ['parent', 'abc'],
    ['code', 'hostile'],
    ['type', 'department'],
    ['name', '恶意单位'],
  ]);
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /上级单位不存在|不存在/);
  assert.equal(await count(), n);
});
