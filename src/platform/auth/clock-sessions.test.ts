// Sessions and API tokens are dated by the app's clock, the same clock that checks them: staff can sign in to an app
// whose clock is a year ahead of the wall clock (a test setting "today", a replay) — before, a session was written
// with the wall clock's expiry and read against the app's clock, so it had already expired (no CSRF token on /admin).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../clock.ts';

const clock = fixedClock(`${new Date().getUTCFullYear() + 1}-12-07T02:00:00Z`);
const year = new Date(clock.now()).getUTCFullYear();
let t: TestApp;

before(async () => {
  t = await buildTestApp({ clock });
  await makeUser(t, 'clock-ed', 'editor', 'zfb');
});
after(() => t.close());

test('a session made under an app clock a year ahead is valid, dated by that clock', async () => {
  const { b } = await staffSessions(() => t.app).as('clock-ed');
  const page = await b.get('/admin');
  assert.equal(page.statusCode, 200);
  const row = await t.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select(['sessions.created_at', 'sessions.expires_at']).where('users.username', '=', 'clock-ed').executeTakeFirstOrThrow();
  assert.ok(row.created_at.startsWith(`${year}-12-07`), row.created_at);
  assert.ok(row.expires_at > row.created_at && row.expires_at.startsWith(`${year}-12-`), row.expires_at);
});

test('an API token issued under that clock identifies its user', async () => {
  const token = await withClock(clock, () => makeToken(t, 'clock-ed'));
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.statusCode, 404, 'authenticated, then not found');
  const row = await t.db.selectFrom('api_tokens').select(['created_at', 'last_used_at']).executeTakeFirstOrThrow();
  assert.ok(row.created_at.startsWith(`${year}-12-07`), row.created_at);
  assert.ok(row.last_used_at?.startsWith(`${year}-12-07`), String(row.last_used_at));
});
