// Sessions, logout, CSRF on the login form, open-redirect protection, API tokens, 适老化 cookie.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, Browser, PASSWORD, type TestApp } from '../../../test/helpers.ts';
import { safeBack } from './index.tsx';
import { invalidateUnitTree } from '../access/unit-tree.ts';
import { buildApp } from '../../app.tsx';
import { trustProxy } from '../../config.ts';
import { hashPassword, verifyPassword, passwordProblem, randomPassword } from './password.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'wang', 'editor', 'zfb');
});
after(async () => t.close());

test('passwords: scrypt hashes verify, differ per salt, and weak ones are refused', async () => {
  const a = await hashPassword('correct horse 1');
  const b = await hashPassword('correct horse 1');
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse 1', a), true);
  assert.equal(await verifyPassword('correct horse 2', a), false);
  assert.equal(await verifyPassword('x', 'garbage'), false);
  assert.equal(passwordProblem('short1'), '密码至少 10 个字符');
  assert.equal(passwordProblem('onlyletterslong'), '密码需同时包含字母和数字');
  for (let i = 0; i < 2000; i++) assert.equal(passwordProblem(randomPassword()), null, 'generated passwords meet the policy');
});

test('safeBack allows only same-site paths', () => {
  const table: [unknown, string][] = [
    ['/admin/documents?x=1', '/admin/documents?x=1'],
    ['//evil.example/', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
  ];
  for (const [input, want] of table) assert.equal(safeBack(input), want, String(input));
});

test('login sets an HttpOnly session cookie stored hashed in the database; logout deletes it', async () => {
  const b = new Browser(t.app);
  const res = await b.login('wang');
  assert.equal(res.statusCode, 303);
  const raw = res.headers['set-cookie'];
  const sid = (Array.isArray(raw) ? raw : [raw]).find((c) => String(c).startsWith('gk_sid='))!;
  assert.match(String(sid), /HttpOnly/i);
  assert.match(String(sid), /SameSite=Lax/i);
  const sessions = await t.db.selectFrom('sessions').selectAll().execute();
  assert.equal(sessions.length, 1);
  assert.notEqual(sessions[0].id, b.cookies.get('gk_sid'), 'the database holds a hash, not the cookie value');
  const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.login').execute();
  assert.equal(audit.length, 1);

  const csrf = sessions[0].csrf_token;
  const out = await b.post('/logout', { _csrf: csrf });
  assert.equal(out.statusCode, 303);
  assert.equal((await t.db.selectFrom('sessions').selectAll().execute()).length, 0);
});

test('login form without the CSRF token is refused and creates no session', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `username=wang&password=${encodeURIComponent(PASSWORD)}`,
  });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /页面已过期或来源无法验证/);
  assert.equal((await t.db.selectFrom('sessions').selectAll().execute()).length, 0);
});

test('wrong password: 401 page in Chinese; expired session is not accepted', async () => {
  const b = new Browser(t.app);
  const bad = await b.login('wang', 'wrong-password-1');
  assert.equal(bad.statusCode, 401);
  assert.match(bad.body, /用户名或密码不正确/);
  assert.match(bad.body, /value="wang"/, 'the username is kept in the form');

  const ok = await b.login('wang');
  assert.equal(ok.statusCode, 303);
  await t.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
  const page = await b.get('/login');
  assert.equal(page.statusCode, 200, 'an expired session is anonymous again: the login form shows');
  assert.match(page.body, /工作人员登录/);
});

test('API tokens: valid token identifies the user, revoked or unknown token is 401 JSON', async () => {
  const token = await makeToken(t, 'wang');
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.statusCode, 404, 'authenticated, then not found');
  const used = await t.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
  assert.ok(used.last_used_at);
  await t.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).execute();
  const revoked = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { authorization: `Bearer ${token}` } });
  assert.equal(revoked.statusCode, 401);
  assert.equal(revoked.json().error.code, 'UNAUTHENTICATED');
  const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { authorization: 'Bearer gk_nonsense' } });
  assert.equal(unknown.statusCode, 401);
});

test('适老化 switch sets a cookie and redirects only to same-site paths', async () => {
  const on = await t.app.inject({ method: 'GET', url: '/elder?on=1&back=%2Fxxgk' });
  assert.equal(on.statusCode, 303);
  assert.equal(on.headers.location, '/xxgk');
  assert.match(String(on.headers['set-cookie']), /gk_elder=1/);
  const evil = await t.app.inject({ method: 'GET', url: '/elder?on=1&back=%2F%2Fevil.example' });
  assert.equal(evil.headers.location, '/');
  const page = await t.app.inject({ method: 'GET', url: '/login', headers: { cookie: 'gk_elder=1' } });
  assert.match(page.body, /<body class="elder">/);
  assert.match(page.body, /退出关怀模式/);
});

test('security headers are set on HTML pages', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/login' });
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('anonymous pages without a form set no cookie; the login form issues the CSRF cookie once', async () => {
  const home = await t.app.inject({ method: 'GET', url: '/' });
  assert.equal(home.statusCode, 200);
  assert.equal(home.headers['set-cookie'], undefined, 'a cacheable public page must not set cookies');
  const login = await t.app.inject({ method: 'GET', url: '/login' });
  const cookie = String(login.headers['set-cookie']);
  assert.match(cookie, /^gk_csrf=[A-Za-z0-9_-]{32}/);
  const token = /gk_csrf=([^;]+)/.exec(cookie)![1];
  assert.match(login.body, new RegExp(`name="_csrf" value="${token}"`));
  const again = await t.app.inject({ method: 'GET', url: '/login', headers: { cookie: `gk_csrf=${token}` } });
  assert.equal(again.headers['set-cookie'], undefined);
  assert.match(again.body, new RegExp(`value="${token}"`));
});

test('the first login after the unit-tree cache expired succeeds at once, and the site keeps answering', async () => {
  // Regression: login read the unit tree through the outer handle inside its transaction; with the
  // 30-second cache expired that query waited forever for the transaction's own SQLite connection, and
  // every later database request of every visitor queued behind it while /healthz still said 200.
  invalidateUnitTree(t.db);
  const b = new Browser(t.app);
  const within = <T,>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms))]);
  const res = await within(b.login('wang'), 5000);
  assert.notEqual(res, 'hung', 'login must not hang');
  assert.equal((res as { statusCode: number }).statusCode, 303);
  const home = await within(b.get('/admin'), 5000);
  assert.notEqual(home, 'hung', 'the next request must not queue behind a stuck transaction');
  assert.equal((home as { statusCode: number }).statusCode, 200);
  const health = await within(t.app.inject({ method: 'GET', url: '/healthz' }), 5000);
  assert.equal((health as { statusCode: number }).statusCode, 200);
});

test('the lockout message gives the time in Beijing time', async () => {
  await makeUser(t, 'locked1', 'editor', 'zfb');
  await t.db.insertInto('login_locks').values({ username: 'locked1', source: '127.0.0.1', failures: 0, lockouts: 1, locked_until: '2099-05-01T01:30:00.000Z', updated_at: new Date().toISOString() }).execute();
  const res = await new Browser(t.app).login('locked1');
  assert.equal(res.statusCode, 423);
  assert.match(res.body, /2099-05-01 09:30（北京时间）/);
  assert.doesNotMatch(res.body, /UTC/);
});

test('/healthz answers 503 with a code when the database does not answer within the timeout', async () => {
  const ok = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().db, 'ok');
  const slow = await buildApp(t.config, t.handle, { healthTimeoutMs: 300 });
  await slow.ready();
  try {
    // Hold the database: on SQLite a transaction holds the one connection, as a stuck one would.
    if (t.handle.dialect === 'sqlite') {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const trx = t.db.transaction().execute(async () => held);
      const started = Date.now();
      const res = await slow.inject({ method: 'GET', url: '/healthz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'DB_UNAVAILABLE');
      assert.ok(Date.now() - started < 3000, 'answers within about the timeout');
      release();
      await trx;
    }
    const again = await slow.inject({ method: 'GET', url: '/healthz' });
    assert.equal(again.statusCode, 200);
  } finally {
    await slow.close();
  }
});

describe('login lockout cannot be raced, enumerated or used to lock an account for everyone', () => {
  const loginFrom = async (ip: string, username: string, password: string) => {
    const b = new Browser(t.app);
    const csrf = await b.csrf('/login');
    return t.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: ip,
      headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
    });
  };

  test('30 parallel wrong passwords: at most 5 are checked, the source is locked, audited once', async () => {
    await makeUser(t, 'race1', 'editor', 'zfb');
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => loginFrom('10.0.0.7', 'race1', `wrong-${i}`)));
    const codes = results.map((r) => r.statusCode);
    assert.ok(codes.filter((c) => c === 401).length <= 5, `checked: ${codes.join(',')}`);
    assert.ok(codes.filter((c) => c === 423).length >= 25, `refused unchecked: ${codes.join(',')}`);
    const lock = await t.db.selectFrom('login_locks').selectAll().where('username', '=', 'race1').where('source', '=', '10.0.0.7').executeTakeFirstOrThrow();
    assert.ok(lock.locked_until! > new Date(started).toISOString());
    assert.equal(Number(lock.lockouts), 1);
    const audits = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.locked').where('after_json', 'like', '%race1%').execute();
    assert.equal(audits.length, 1, 'one lock, one audit row');
    // The right password from the locked source is refused; from another source it works.
    assert.equal((await loginFrom('10.0.0.7', 'race1', PASSWORD)).statusCode, 423);
    assert.equal((await loginFrom('10.0.0.8', 'race1', PASSWORD)).statusCode, 303);
  });

  test('unknown and known accounts answer the same way, in about the same time', async () => {
    await makeUser(t, 'known1', 'editor', 'zfb');
    const time = async (ip: string, user: string) => {
      const s = performance.now();
      const r = await loginFrom(ip, user, 'not-the-password-1');
      return { status: r.statusCode, ms: performance.now() - s, body: r.body };
    };
    const known: number[] = [], unknown: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const k = await time('10.1.0.1', 'known1');
      const u = await time('10.1.0.1', 'nobody-here');
      assert.equal(k.status, u.status, `attempt ${i}: same status`);
      const norm = (html: string) => html.replace(/known1|nobody-here/g, '').replace(/name="_csrf" value="[^"]*"/g, '').replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '');
      assert.equal(norm(k.body), norm(u.body), `attempt ${i}: same page`);
      if (i <= 4) {
        known.push(k.ms);
        unknown.push(u.ms);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Both run one scrypt check: an unknown name is not answered in a fraction of the time.
    assert.ok(median(unknown) > median(known) * 0.4, `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`);
  });

  test('each further lock of the same account and source lasts twice as long; a password reset lifts them', async () => {
    const { lockMinutes } = await import('./login-locks.ts');
    assert.deepEqual([0, 1, 2, 3, 10].map(lockMinutes), [15, 30, 60, 120, 1440]);
    await makeUser(t, 'esc1', 'editor', 'zfb');
    for (let i = 0; i < 5; i++) await loginFrom('10.2.0.1', 'esc1', `bad-${i}`);
    const first = await t.db.selectFrom('login_locks').selectAll().where('username', '=', 'esc1').executeTakeFirstOrThrow();
    // Let the first lock run out, fail five more times.
    await t.db.updateTable('login_locks').set({ locked_until: '2000-01-01T00:00:00.000Z' }).where('username', '=', 'esc1').execute();
    for (let i = 0; i < 5; i++) await loginFrom('10.2.0.1', 'esc1', `bad-${i}`);
    const second = await t.db.selectFrom('login_locks').selectAll().where('username', '=', 'esc1').executeTakeFirstOrThrow();
    const minutes = (r: typeof first) => (Date.parse(r.locked_until!) - Date.parse(r.updated_at)) / 60_000;
    assert.equal(Math.round(minutes(first)), 15);
    assert.equal(Math.round(minutes(second)), 30);
    assert.equal(Number(second.lockouts), 2);
  });
});

describe('TRUST_PROXY never believes a client’s own X-Forwarded-For', () => {
  test('parsing: true means a proxy on this machine, numbers are hops, lists are checked', () => {
    const table: [string | undefined, false | number | string][] = [
      [undefined, false],
      ['false', false],
      ['true', 'loopback'],
      ['1', 1],
      ['127.0.0.1, 10.0.0.0/8', '127.0.0.1,10.0.0.0/8'],
      ['::1', '::1'],
    ];
    for (const [input, want] of table) assert.equal(trustProxy(input), want, String(input));
    assert.throws(() => trustProxy('everyone'), /TRUST_PROXY/);
  });

  test('the address used for limits and locks is the proxy-reported one only behind a trusted proxy', async () => {
    const ipSeen = async (trust: false | number | string, remoteAddress: string, xff: string) => {
      const app = await buildApp({ ...t.config, trustProxy: trust }, t.handle);
      await app.ready();
      try {
        const page = await app.inject({ method: 'GET', url: '/login', remoteAddress });
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
        const cookie = (page.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
        const user = `tp-${Math.random().toString(36).slice(2, 8)}`;
        await app.inject({
          method: 'POST',
          url: '/login',
          remoteAddress,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': xff },
          payload: new URLSearchParams({ username: user, password: 'wrong-password-1', _csrf: csrf }).toString(),
        });
        return (await t.db.selectFrom('login_attempts').select('ip').where('username', '=', user).executeTakeFirstOrThrow()).ip;
      } finally {
        await app.close();
      }
    };
    assert.equal(await ipSeen(false, '203.0.113.9', '198.51.100.1'), '203.0.113.9', 'no proxy trusted');
    assert.equal(await ipSeen('loopback', '203.0.113.9', '198.51.100.1'), '203.0.113.9', 'a client is not a trusted proxy');
    assert.equal(await ipSeen('loopback', '127.0.0.1', '198.51.100.1'), '198.51.100.1', 'the local proxy reports the client');
    assert.equal(await ipSeen(1, '127.0.0.1', '6.6.6.6, 198.51.100.2'), '198.51.100.2', 'one hop: the forged first entry is ignored');
  });

  test('/livez answers without the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/livez' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { ok: true });
  });
});

test('rate limits are shared by all nodes on one database (not N times the allowance)', async () => {
  const nodes = await Promise.all([0, 1].map(async () => {
    const app = await buildApp(t.config, t.handle, { loginRateLimit: 4 });
    await app.ready();
    return app;
  }));
  try {
    const attempt = async (app: (typeof nodes)[number]) => {
      const page = await app.inject({ method: 'GET', url: '/login', remoteAddress: '192.0.2.77' });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
      const cookie = (page.cookies as { name: string; value: string }[]).map((c) => `${c.name}=${c.value}`).join('; ');
      return (
        await app.inject({
          method: 'POST',
          url: '/login',
          remoteAddress: '192.0.2.77',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ username: 'rl-nobody', password: 'x', _csrf: csrf }).toString(),
        })
      ).statusCode;
    };
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push(await attempt(nodes[i % 2]));
    assert.deepEqual(codes.slice(0, 4).map((c) => c !== 429), [true, true, true, true], codes.join(','));
    assert.deepEqual(codes.slice(4), [429, 429], `over the shared allowance of 4: ${codes.join(',')}`);
    const row = await t.db.selectFrom('rate_limits').selectAll().where('key', 'like', '%192.0.2.77').executeTakeFirstOrThrow();
    assert.equal(Number(row.count), 6);
  } finally {
    for (const n of nodes) await n.close();
  }
});
