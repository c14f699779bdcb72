// Hostile posts to the login form (issue 14: forms parsed by schemas): a repeated username counts once (its first
// value), unknown fields are ignored, a value too long gets its field's Chinese message (400), a JSON list carries
// no CSRF token — never a 500, and no session or login row for the user named second.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeUser, PASSWORD, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
const sessions = () => t.db.selectFrom('sessions').select('id').execute();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'lf-ed', 'editor', 'zfb');
});
after(() => t.close());

it('登录: repeated, unknown, too long and non-form bodies open no session', async () => {
  const b = new Browser(t.app);
  const csrf = await b.csrf('/login');
  const post = (pairs: [string, string][]) =>
    t.app.inject({ method: 'POST', url: '/login', headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([...pairs, ['_csrf', csrf]]).toString() });
  const repeated = await post([['username', 'nobody-here'], ['username', 'lf-ed'], ['password', PASSWORD], ['role', 'admin']]);
  assert.equal(repeated.statusCode, 401);
  assert.match(repeated.body, /用户名或密码不正确/);
  const long = await post([['username', 'x'.repeat(101)], ['password', PASSWORD]]);
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /不能超过 100 个字/);
  const list = await t.app.inject({ method: 'POST', url: '/login', headers: { cookie: b.cookieHeader(), 'content-type': 'application/json' }, payload: JSON.stringify([{ username: 'lf-ed', password: PASSWORD, _csrf: csrf }]) });
  assert.equal(list.statusCode, 403, 'a JSON list carries no CSRF token');
  assert.deepEqual(await sessions(), []);
  const rows = await t.db.selectFrom('login_attempts').select(['username', 'ok']).execute();
  assert.ok(!rows.some((r) => r.username === 'lf-ed'), JSON.stringify(rows));
});
