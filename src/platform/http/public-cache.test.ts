// PageCache: what it keeps (issue 15: own memory — expired copies are dropped, the budget holds), and the cached
// pages answered before routing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { gzipCopy, PageCache } from './public-cache.ts';
import { buildTestApp, makeUser, Browser, type TestApp } from '../../../test/helpers.ts';

const page = (body: string) => ({ status: 200, type: 'text/html; charset=utf-8', body });

describe('PageCache', () => {
  it('drops entries past their time when it stores another, oldest first, and keeps those still valid', () => {
    const c = new PageCache(1_000_000, 1000);
    for (let i = 0; i < 50; i++) c.set(`/d/${i}`, 'v1', page('x'.repeat(1000)), null, i * 10); // expire at 1000 … 1490
    const full = c.size;
    assert.ok(full > 50 * 1000);
    c.set('/late', 'v1', page('y'), null, 1255); // /d/0 … /d/25 expired (expires ≤ 1255)
    for (let i = 0; i < 50; i++) assert.equal(c.get(`/d/${i}`, 'v1', 1255) !== undefined, i > 25, `/d/${i}`);
    assert.ok(c.size < full * 0.6, `${c.size} of ${full}`);
    assert.equal(c.get('/late', 'v1', 1256)?.body.toString(), 'y');
  });

  it('spreads the lifetimes of entries stored together over ttl × (1 ± spread/2)', () => {
    const c = new PageCache(10_000_000, 1000, 0.5);
    for (let i = 0; i < 200; i++) c.set(`/d/${i}`, 'v1', page('x'), null, 0);
    const alive = (t: number) => [...Array(200).keys()].filter((i) => c.hit(`/d/${i}`, 'v1', t)).length;
    assert.equal(alive(749), 200, 'none before 0.75 × ttl');
    const mid = alive(1000);
    assert.ok(mid > 40 && mid < 160, `${mid} of 200 alive at ttl: spread, not all at once`);
    assert.equal(alive(1250), 0, 'none after 1.25 × ttl');
  });

  it('keeps a gzip copy in a buffer of its own size', () => {
    const body = Buffer.from('<p>政务公开</p>'.repeat(500));
    const z = gzipCopy(body);
    assert.equal(z.buffer.byteLength, z.length, 'not a view of zlib 16 KB chunk');
    assert.deepEqual(gunzipSync(z), body);
  });

  it('keeps within its budget, dropping the least recently used, and forgets nothing still valid needlessly', () => {
    const c = new PageCache(40_000, 60_000);
    for (let i = 0; i < 100; i++) c.set(`/d/${i}`, 'v1', page('z'.repeat(1000)), null, 0);
    assert.ok(c.size <= 40_000);
    assert.ok(c.get('/d/99', 'v1', 1), 'the newest is kept');
    assert.equal(c.get('/d/0', 'v1', 1), undefined, 'the oldest went first');
    const held = [...Array(100).keys()].filter((i) => c.get(`/d/${i}`, 'v1', 2)).length;
    assert.ok(held >= 25, `${held} pages held`);
  });
});

// Cached public pages answered before Fastify's routing (app.tsx earlyPublicAnswer): the same answer as the route
// gives from the cache (status, every header but Date, body), 304 on If-None-Match, gzip, the 适老化 copy; staff and
// requests with an Authorization header go through the route; entries stored with a variant (search) are left alone.
describe('cached public pages answered before routing', () => {
  let t: TestApp;
  let base = '';
  let early = 0;
  before(async () => {
    t = await buildTestApp({ demo: true });
    const hit = t.app.publicCacheHit;
    t.app.publicCacheHit = (key: string) => {
      const r = hit(key);
      if (r) early++;
      return r;
    };
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const a = t.app.server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(async () => {
    await t?.close();
  });

  /** Raw answer: status, headers without Date (lower-case, in order), body bytes. */
  function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: string[][]; body: Buffer }> {
    return new Promise((resolve, reject) => {
      http
        .get(base + path, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const hs: string[][] = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i].toLowerCase() !== 'date') hs.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
            resolve({ status: res.statusCode!, headers: hs, body: Buffer.concat(chunks) });
          });
        })
        .on('error', reject);
    });
  }
  /** The routed answer (an Authorization header outside /api/ changes nothing for the route but skips the early answer). */
  const routed = (path: string, headers: Record<string, string> = {}) => get(path, { ...headers, authorization: 'Basic eDp4' });

  async function aDocument(): Promise<string> {
    const home = await get('/', { authorization: 'Basic eDp4' });
    assert.equal(home.status, 200);
    return /\/xxgk\/documents\/\d+/.exec(home.body.toString())![0];
  }

  async function same(path: string, headers: Record<string, string> = {}) {
    await routed(path, headers); // stores the entry (or finds it)
    const before = early;
    const viaRoute = await routed(path, headers);
    assert.equal(early, before, 'the Authorization header skips the early answer');
    const first = await get(path, headers);
    assert.equal(early, before + 1, `${path} answered before routing`);
    assert.deepEqual({ ...first, body: first.body.toString('base64') }, { ...viaRoute, body: viaRoute.body.toString('base64') });
    return first;
  }

  it('answers a cached document page, its gzip copy, a 304, the 适老化 copy and a feed exactly as the route does', async () => {
    const url = await aDocument();
    const plain = await same(url);
    assert.equal(plain.status, 200);
    const h = Object.fromEntries(plain.headers);
    assert.match(h['content-security-policy'], /default-src 'self'/);
    assert.equal(h['x-frame-options'], 'SAMEORIGIN');
    assert.equal(h['cache-control'], 'public, max-age=60');
    assert.equal(h['content-length'], String(plain.body.length));
    assert.match(plain.body.toString(), /<html/);

    const gz = await same(url, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(Object.fromEntries(gz.headers)['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);

    const notModified = await same(url, { 'if-none-match': h.etag });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body.length, 0);

    const elder = await same(url, { cookie: 'gk_elder=1; other=x' });
    assert.notDeepEqual(elder.body, plain.body, 'the 适老化 page is its own entry');

    const feed = await same('/feeds/all.xml');
    assert.match(Object.fromEntries(feed.headers)['content-type'], /atom\+xml/);
    assert.equal(Object.fromEntries(feed.headers)['content-security-policy'], undefined);
  });

  it('never answers staff, a HEAD or a page cached with a variant (search) before routing', async () => {
    const url = await aDocument();
    await get(url);
    await makeUser(t, 'early-editor', 'admin', (await t.db.selectFrom('units').select('code').executeTakeFirstOrThrow()).code);
    const b = new Browser(t.app);
    assert.equal((await b.login('early-editor')).statusCode, 303);
    const before = early;
    const staff = await get(url, { cookie: b.cookieHeader() });
    assert.equal(staff.status, 200);
    assert.equal(Object.fromEntries(staff.headers)['cache-control'], 'private, no-store');
    assert.match(staff.body.toString(), /early-editor/);
    const head = await new Promise<number>((resolve, reject) => http.request(base + url, { method: 'HEAD' }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end());
    assert.equal(head, 200);
    await get('/search?q=%E9%80%9A%E7%9F%A5');
    const s = await get('/search?q=%E9%80%9A%E7%9F%A5');
    assert.equal(s.status, 200);
    assert.equal(early, before, 'none of these answered before routing');
  });
});
