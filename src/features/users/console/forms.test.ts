// Hostile posts to the 用户 and 我的账号 forms (issue 14: forms parsed by schemas): a repeated field counts once
// (its first value), unknown fields are ignored, a value of the wrong type is no value, a body that is not a form
// is refused in Chinese — never a 500, and nothing is stored.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, PASSWORD, staffSessions, unitId, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
const { as, postPairs } = staffSessions(() => t.app);
const usersNamed = (name: string) => t.db.selectFrom('users').select('id').where('username', '=', name).execute();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'uf-admin', 'admin', 'sucheng');
  await makeUser(t, 'uf-ed', 'editor', 'zfb');
});
after(() => t.close());

it('新建用户: the first of a repeated username counts, unknown fields are ignored; nothing is created', async () => {
  const zfb = String(await unitId(t, 'zfb'));
  const res = await postPairs('uf-admin', '/admin/users', [
    ['username', 'x'],
    ['username', 'uf-hostile'],
    ['displayName', '恶意用户'],
    ['role', 'editor'],
    ['unit', zfb],
    ['password', PASSWORD],
    ['active', '1'],
    ['password_hash', 'x'],
  ]);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /用户名为 3–40 位字母、数字、下划线、点或连字符/);
  assert.equal((await usersNamed('x')).length + (await usersNamed('uf-hostile')).length, 0);
});

it('a JSON list instead of a form is refused in Chinese (400), a JSON object as a field is no value', async () => {
  const { b, csrf } = await as('uf-admin');
  const headers = { cookie: b.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf };
  const list = await t.app.inject({ method: 'POST', url: '/admin/users', headers, payload: JSON.stringify([{ username: 'uf-list' }]) });
  assert.equal(list.statusCode, 400);
  assert.match(list.body, /请通过页面上的表单提交/);
  const obj = await t.app.inject({ method: 'POST', url: '/admin/users', headers, payload: JSON.stringify({ username: { $ne: '' }, displayName: ['甲'], role: 'editor', password: PASSWORD }) });
  assert.equal(obj.statusCode, 400);
  assert.match(obj.body, /用户名为 3–40 位/);
  assert.equal((await usersNamed('uf-list')).length, 0);
  // 我的账号: a current password sent as a list of two is its first value (wrong here); the password stays.
  const ed = await as('uf-ed');
  const before = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'uf-ed').executeTakeFirstOrThrow();
  const pw = await t.app.inject({
    method: 'POST',
    url: '/admin/account/password',
    headers: { cookie: ed.b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['current', 'wrong-one-1'], ['current', PASSWORD], ['password', 'New-Passw0rd-999'], ['confirm', 'New-Passw0rd-999'], ['_csrf', ed.csrf]]).toString(),
  });
  assert.equal(pw.statusCode, 400);
  assert.match(pw.body, /当前密码不正确/);
  const after = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'uf-ed').executeTakeFirstOrThrow();
  assert.equal(after.password_hash, before.password_hash);
});
