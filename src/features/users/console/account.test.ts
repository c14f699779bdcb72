// 我的账号 and API tokens: own tokens only (minted after re-entering the password), expiry, revocation by
// the owner or a manager, revocation of all tokens on a password reset or when the account is disabled,
// the token named in the audit log; sessions that end after 30 minutes of quiet.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, PASSWORD, unitId, type TestApp, staffSessions } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { resolveApiToken, SESSION_IDLE_MINUTES } from '../../../platform/auth/sessions.ts';
import { issueToken } from '../users.commands.ts';

let t: TestApp;
const u: Record<string, Actor> = {};
const { as, post } = staffSessions(() => t.app);
const secretOn = (body: string) => /<p class="secret"><code>([^<]+)<\/code><\/p>/.exec(body)?.[1];
const api = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as any });
const tokensOf = (id: number) => t.db.selectFrom('api_tokens').selectAll().where('user_id', '=', id).orderBy('id').execute();

before(async () => {
  t = await buildTestApp();
  u.ua = await makeUser(t, 'a-ua', 'unit-admin', 'zfb');
  u.rev = await makeUser(t, 'a-rev', 'reviewer', 'zfb');
  u.ed = await makeUser(t, 'a-ed', 'editor', 'zfb');
  u.other = await makeUser(t, 'a-jyj', 'unit-admin', 'jyj');
});
after(() => t.close());

describe('API tokens are minted by their owner only', () => {
  it('a unit admin cannot mint a token for a reviewer (page route gone, command refuses)', async () => {
    const res = await post('a-ua', `/admin/users/${u.rev.id}/tokens`, { name: 'x' });
    assert.equal(res.statusCode, 404);
    const r = await issueToken(t.db, u.ua, 'a-rev', 'x');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'FORBIDDEN');
    assert.equal((await tokensOf(u.rev.id)).length, 0);
  });

  it('the owner mints one after re-entering the password; a wrong password mints nothing', async () => {
    const wrong = await post('a-ed', '/admin/account/tokens', { name: '办公系统', current: 'not-my-password-1' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /当前密码不正确/);
    assert.equal((await tokensOf(u.ed.id)).length, 0);
    const res = await post('a-ed', '/admin/account/tokens', { name: '办公系统', current: PASSWORD });
    assert.equal(res.statusCode, 200);
    const token = secretOn(res.body)!;
    assert.match(token, /^gk_/);
    const [row] = await tokensOf(u.ed.id);
    assert.equal(row.name, '办公系统');
    const days = (Date.parse(row.expires_at!) - Date.parse(row.created_at)) / 86400_000;
    assert.equal(Math.round(days), 90, 'expires after 90 days by default');
    // It works, and what it does is logged under the token.
    const created = await api('POST', '/api/v1/documents', token, { title: '令牌起草的文件', column: 'zd', writtenOn: '2026-03-02', body: '<p>正文。</p>' });
    assert.equal(created.statusCode, 201, created.body);
    const audit = await t.db.selectFrom('audit_log').select(['actor_id', 'actor_name']).where('action', '=', 'document.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.actor_id, u.ed.id);
    assert.match(audit.actor_name, new RegExp(`令牌 ${row.prefix}`));
    // The account page lists it without showing it.
    const page = await (await as('a-ed')).b.get('/admin/account');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /办公系统/);
    assert.ok(!page.body.includes(token));
  });

  it('an expired token is refused', async () => {
    const token = (await issueToken(t.db, u.ed, 'a-ed', 'short')) as { ok: true; value: string };
    assert.ok(await resolveApiToken(t.db, token.value, '127.0.0.1'));
    await t.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('name', '=', 'short').execute();
    assert.equal(await resolveApiToken(t.db, token.value, '127.0.0.1'), null);
    const res = await api('GET', '/api/v1/requests', token.value);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code ?? res.json().error?.code, 'UNAUTHENTICATED');
  });

  it('the owner or a manager of the owner’s unit revokes; others cannot', async () => {
    const t1 = ((await issueToken(t.db, u.ed, 'a-ed', 'r1')) as { value: string }).value;
    const t2 = ((await issueToken(t.db, u.ed, 'a-ed', 'r2')) as { value: string }).value;
    const id = async (name: string) => (await t.db.selectFrom('api_tokens').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    // Another unit's admin: refused, nothing changes.
    const refused = await post('a-jyj', `/admin/tokens/${await id('r1')}/revoke`, {});
    assert.equal(refused.statusCode, 403);
    assert.ok(await resolveApiToken(t.db, t1, '127.0.0.1'));
    // The owner.
    const own = await post('a-ed', `/admin/tokens/${await id('r1')}/revoke`, { back: '/admin/account' });
    assert.equal(own.statusCode, 303);
    assert.equal(await resolveApiToken(t.db, t1, '127.0.0.1'), null);
    // The unit admin, from the user's page.
    const mgr = await post('a-ua', `/admin/tokens/${await id('r2')}/revoke`, { back: `/admin/users/${u.ed.id}` });
    assert.equal(mgr.statusCode, 303);
    assert.match(String(mgr.headers.location), new RegExp(`/admin/users/${u.ed.id}\\?msg=token-revoked`));
    assert.equal(await resolveApiToken(t.db, t2, '127.0.0.1'), null);
    const actions = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'token.revoke').execute();
    assert.equal(actions.length, 2);
  });

  it('a password reset or a disabled account revokes every token of the user', async () => {
    const ed2 = await makeUser(t, 'a-ed2', 'editor', 'zfb');
    const tok = ((await issueToken(t.db, ed2, 'a-ed2', 'x')) as { value: string }).value;
    const reset = await post('a-ua', `/admin/users/${ed2.id}`, { displayName: 'a-ed2', role: 'editor', unit: String(await unitId(t, 'zfb')), active: '1', password: '', generatePassword: 'on' });
    assert.equal(reset.statusCode, 200);
    assert.equal(await resolveApiToken(t.db, tok, '127.0.0.1'), null);
    const tok2 = ((await issueToken(t.db, ed2, 'a-ed2', 'y')) as { value: string }).value;
    const disable = await post('a-ua', `/admin/users/${ed2.id}`, { displayName: 'a-ed2', role: 'editor', unit: String(await unitId(t, 'zfb')), active: '0', password: '' });
    assert.equal(disable.statusCode, 303);
    assert.ok((await tokensOf(ed2.id)).every((r) => r.revoked_at), 'all revoked');
    assert.equal(await resolveApiToken(t.db, tok2, '127.0.0.1'), null);
  });
});

describe('my password', () => {
  it('needs the current one; ends the account’s other sessions and keeps this one', async () => {
    const me = await makeUser(t, 'a-pw', 'editor', 'zfb');
    const other = new Browser(t.app);
    assert.equal((await other.login('a-pw')).statusCode, 303);
    const wrong = await post('a-pw', '/admin/account/password', { current: 'wrong-password-9', password: 'new-Passw0rd-456', confirm: 'new-Passw0rd-456' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /当前密码不正确/);
    const mismatch = await post('a-pw', '/admin/account/password', { current: PASSWORD, password: 'new-Passw0rd-456', confirm: 'different-1' });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /两次输入的新密码不一致/);
    const ok = await post('a-pw', '/admin/account/password', { current: PASSWORD, password: 'new-Passw0rd-456', confirm: 'new-Passw0rd-456' });
    assert.equal(ok.statusCode, 303);
    assert.equal((await (await as('a-pw')).b.get('/admin/account')).statusCode, 200, 'this session stays');
    assert.equal((await other.get('/admin')).statusCode, 303, 'the other session ended');
    assert.equal((await new Browser(t.app).login('a-pw', 'new-Passw0rd-456')).statusCode, 303);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.password').where('entity_id', '=', String(me.id)).execute();
    assert.equal(audit.length, 1);
    assert.ok(!String(audit[0].after_json).includes('new-Passw0rd'));
  });
});

describe('sessions end after quiet', () => {
  it(`a session unused for ${SESSION_IDLE_MINUTES} minutes ends; one in use stays`, async () => {
    await makeUser(t, 'a-idle', 'editor', 'zfb');
    const b = new Browser(t.app);
    await b.login('a-idle');
    const row = await t.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.id').where('users.username', '=', 'a-idle').executeTakeFirstOrThrow();
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    await t.db.updateTable('sessions').set({ last_seen_at: ago(SESSION_IDLE_MINUTES - 5) }).where('id', '=', row.id).execute();
    assert.equal((await b.get('/admin')).statusCode, 200, 'still within the idle limit');
    const touched = await t.db.selectFrom('sessions').select('last_seen_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.ok(touched.last_seen_at! > ago(1), 'use is recorded');
    await t.db.updateTable('sessions').set({ last_seen_at: ago(SESSION_IDLE_MINUTES + 1) }).where('id', '=', row.id).execute();
    const res = await b.get('/admin');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /\/login/);
    assert.equal(await t.db.selectFrom('sessions').select('id').where('id', '=', row.id).executeTakeFirst(), undefined);
  });
});

describe('every staff page links to 我的账号', () => {
  it('for each role, and the page opens', async () => {
    for (const [name, role] of [['a-aud', 'auditor'], ['a-hd', 'handler']] as const) {
      await makeUser(t, name, role, 'zfb');
      const { b } = await as(name);
      const home = await b.get('/admin');
      assert.match(home.body, /href="\/admin\/account"/);
      assert.equal((await b.get('/admin/account')).statusCode, 200);
    }
  });
});
