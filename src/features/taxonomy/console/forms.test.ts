// Hostile posts to the 分类 forms (issue 14: forms parsed by schemas): the first of a repeated field counts,
// unknown fields are ignored, a JSON list is refused in Chinese — never a 500, and no term is added or renamed.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
const { as, postPairs } = staffSessions(() => t.app);
const terms = () => t.db.selectFrom('terms').select(['id', 'label', 'active']).orderBy('id').execute();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'tf-admin', 'admin', 'sucheng');
});
after(() => t.close());

it('新增分类 and 修改名称: repeated, unknown and non-form bodies store nothing', async () => {
  const before = await terms();
  const add = await postPairs('tf-admin', '/admin/terms', [
    ['kind', 'topic'],
    ['label', ''],
    ['label', '恶意分类'],
    ['active', '0'],
    ['id', '1'],
  ]);
  assert.equal(add.statusCode, 400);
  assert.match(add.body, /请填写分类名称/);
  const { b, csrf } = await as('tf-admin');
  const list = await t.app.inject({
    method: 'POST',
    url: `/admin/terms/${before[0].id}`,
    headers: { cookie: b.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf },
    payload: JSON.stringify(['恶意名称']),
  });
  assert.equal(list.statusCode, 400);
  assert.match(list.body, /请通过页面上的表单提交/);
  const rename = await postPairs('tf-admin', `/admin/terms/${before[0].id}`, [['label', ''], ['label', '恶意名称']]);
  assert.equal(rename.statusCode, 400);
  assert.match(rename.body, /请填写分类名称/);
  assert.deepEqual(await terms(), before);
});
