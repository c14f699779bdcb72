// Sessions and API tokens are technical time: written and checked by the wall clock. An app whose clock is set to
// another day (a test setting "today", a replay) neither ends nor lengthens them — before, a session was written with
// the wall clock and checked against the app's clock, so under a clock a year ahead it had already expired (no CSRF
// token on /admin), and under a clock moved on by days in a test it stayed alive forever.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../clock.ts';

const nearNow = (iso: string | null) => iso !== null && Math.abs(Date.parse(iso) - Date.now()) < 10 * 60_000;

for (const [label, years] of [
  ['a year ahead', 1],
  ['a year behind', -1],
] as const) {
  describe(`an app clock ${label} of the wall clock`, () => {
    const clock = fixedClock(`${new Date().getUTCFullYear() + years}-12-07T02:00:00Z`);
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ clock });
      await makeUser(t, 'clock-ed', 'editor', 'zfb');
    });
    after(() => t.close());

    it('staff sign in and stay signed in; the session is dated by the wall clock', async () => {
      const { b } = await staffSessions(() => t.app).as('clock-ed');
      assert.equal((await b.get('/admin')).statusCode, 200);
      clock.advance(3 * 86400_000); // the test's "today" moves on by days: the session does not end by it
      assert.equal((await b.get('/admin')).statusCode, 200);
      const row = await t.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select(['sessions.created_at', 'sessions.expires_at']).where('users.username', '=', 'clock-ed').executeTakeFirstOrThrow();
      assert.ok(nearNow(row.created_at), row.created_at);
      assert.ok(row.expires_at > row.created_at);
    });

    it('an API token issued under that clock identifies its user', async () => {
      const token = await withClock(clock, () => makeToken(t, 'clock-ed'));
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 404, 'authenticated, then not found');
      const row = await t.db.selectFrom('api_tokens').select(['created_at', 'last_used_at']).executeTakeFirstOrThrow();
      assert.ok(nearNow(row.created_at) && nearNow(row.last_used_at), JSON.stringify(row));
    });
  });
}
