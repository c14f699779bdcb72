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

// Scan resistance (issue 15: the bench's random documents evicted the home and list pages from a plain LRU, list p99
// 457 ms after them): a segmented LRU — entries hit again are protected from one-off ones — and, while the budget is
// full, a page asked for once is not kept at all.
describe('PageCache: a scan of one-off pages keeps the pages asked for again', () => {
  const kb = (c: string) => page(c.repeat(1000));

  it('a scan of one-off keys five times the cache leaves the twice-hit keys in, within the byte bound', () => {
    const c = new PageCache(200_000, 60_000);
    for (let i = 0; i < 20; i++) c.set(`/hot/${i}`, 'v1', kb('h'), null, 0);
    for (let i = 0; i < 20; i++) assert.ok(c.get(`/hot/${i}`, 'v1', 1), `hit /hot/${i}`);
    for (let i = 0; i < 20; i++) c.set(`/cold/${i}`, 'v1', kb('c'), null, 2); // stored once, never hit
    let max = 0;
    for (let i = 0; i < 800; i++) {
      c.set(`/scan/${i}`, 'v1', kb('s'), null, 10 + i);
      max = Math.max(max, c.size);
    }
    assert.ok(max <= 200_000, `byte bound: at most ${max}`);
    for (let i = 0; i < 20; i++) {
      assert.ok(c.get(`/hot/${i}`, 'v1', 1000)?.body.toString().startsWith('hhh'), `/hot/${i} is still held`);
      assert.ok(c.isProtected(`/hot/${i}`));
    }
    // What a plain LRU would have done to them: the ones stored as long ago but never hit again are gone.
    assert.equal([...Array(20).keys()].filter((i) => c.get(`/cold/${i}`, 'v1', 1000)).length, 0);
    assert.ok(c.get('/scan/799', 'v1', 1000), 'the scan itself is kept in the probation part');
  });

  it('protects at most its share of the budget; what falls out of it goes back to probation, not away', () => {
    const c = new PageCache(100_000, 60_000);
    for (let i = 0; i < 80; i++) c.set(`/p/${i}`, 'v1', kb('p'), null, 0);
    const held = [...Array(80).keys()].filter((i) => c.get(`/p/${i}`, 'v1', 1));
    const prot = held.filter((i) => c.isProtected(`/p/${i}`));
    assert.ok(prot.length < held.length, `${prot.length} protected of ${held.length}: not all`);
    assert.ok(prot.length * 1550 <= 80_000 + 1550, `${prot.length} protected: within 80 % of the budget`);
    // The demoted ones are still there and come back on their next hit.
    const demoted = held.filter((i) => !c.isProtected(`/p/${i}`));
    assert.ok(c.get(`/p/${demoted[0]}`, 'v1', 2));
    assert.ok(c.isProtected(`/p/${demoted[0]}`));
    assert.ok(c.size <= 100_000);
  });

  it('pages hit often stay protected while many others are asked for twice each (a Zipf mix after the list pages)', () => {
    const c = new PageCache(200_000, 60_000);
    for (let i = 0; i < 20; i++) c.set(`/list/${i}`, 'v1', kb('l'), null, 0);
    for (let n = 0; n < 10; n++) for (let i = 0; i < 20; i++) c.get(`/list/${i}`, 'v1', 1);
    for (let i = 0; i < 500; i++) {
      c.set(`/doc/${i}`, 'v1', kb('d'), null, 2);
      assert.ok(c.get(`/doc/${i}`, 'v1', 3), 'asked for again: promoted');
    }
    assert.ok(c.size <= 200_000);
    const kept = [...Array(20).keys()].filter((i) => c.get(`/list/${i}`, 'v1', 4)).length;
    assert.equal(kept, 20, `${kept} of 20 list pages kept`);
  });

  it('weighs hits by render cost: list pages (4 ms) stay through documents (0.3 ms) asked for more often meanwhile', () => {
    const c = new PageCache(200_000, 60_000);
    for (let i = 0; i < 20; i++) c.set(`/list/${i}`, 'v1', kb('l'), null, 0, 4);
    for (let n = 0; n < 8; n++) for (let i = 0; i < 20; i++) c.get(`/list/${i}`, 'v1', 1);
    // Then no list page for a while: a Zipf-like flood of documents, each asked for more often than a list page was.
    for (let i = 0; i < 150; i++) {
      c.set(`/doc/${i}`, 'v1', kb('d'), null, 2, 0.3);
      for (let n = 0; n < 12; n++) c.get(`/doc/${i}`, 'v1', 3);
    }
    assert.ok(c.size <= 200_000);
    const kept = [...Array(20).keys()].filter((i) => c.isProtected(`/list/${i}`)).length;
    assert.equal(kept, 20, `${kept} of 20 list pages kept protected`);
    // Documents asked for as often but as cheap: the older ones went back to probation (or out), not the list pages.
    assert.ok([...Array(100).keys()].filter((i) => c.isProtected(`/doc/${i}`)).length < 100);
  });

  it('a protected page rendered again (expired, or for a new version) stays protected; a moved version is never served', () => {
    const c = new PageCache(200_000, 1000, 0, 5000);
    c.set('/h', 'v1', kb('a'), null, 0);
    c.get('/h', 'v1', 1);
    assert.ok(c.isProtected('/h'));
    assert.equal(c.lookup('/h', 'v2', 2), undefined, 'another version: not served');
    c.set('/h', 'v2', kb('b'), null, 3);
    assert.ok(c.isProtected('/h'), 'the new version takes its place');
    assert.ok(c.get('/h', 'v2', 4)?.body.toString().startsWith('bbb'));
    assert.equal(c.lookup('/h', 'v2', 1500)?.stale, true);
    c.set('/h', 'v2', kb('c'), null, 1500);
    assert.ok(c.isProtected('/h'));
    assert.ok(c.size < 3000, `one copy held: ${c.size}`);
  });

  it('admits every page while the budget has room; when full, only a page asked for before', () => {
    const c = new PageCache(20_000, 60_000, 0, 0);
    assert.equal(c.admits('/a', 1000, 0), true);
    for (let i = 0; i < 30; i++) c.set(`/f/${i}`, 'v1', kb('f'), null, 0);
    assert.equal(c.admits('/new', 1000, 1), false, 'first time while full: not kept');
    assert.equal(c.admits('/other', 1000, 1), false);
    assert.equal(c.admits('/new', 1000, 2), true, 'asked for again: kept');
    assert.equal(c.admits('/search', 1000, 2, 35), true, 'an expensive render (35 ms) is kept the first time');
    assert.equal(c.admits('/cheap', 1000, 2, 1), false);
    assert.equal(c.admits('/later', 1000, 60_001), true, 'the oldest entry is past its window: room');
  });
});

// A page the full cache did not keep is still served whole: its gzip, a 304 to the ETag of its kept copy; its next
// request keeps it; a page asked for twice before a flood of one-off pages is still served from the cache after it.
describe('servePublic with a full page cache', () => {
  let t: TestApp;
  const renders = new Map<string, number>();
  before(async () => {
    const saved = process.env.PAGE_CACHE_MB;
    process.env.PAGE_CACHE_MB = '1';
    try {
      t = await buildTestApp({ demo: true });
    } finally {
      if (saved === undefined) delete process.env.PAGE_CACHE_MB;
      else process.env.PAGE_CACHE_MB = saved;
    }
    const serve = t.app.servePublic;
    t.app.servePublic = (req, reply, render, variant) =>
      serve(req, reply, () => {
        renders.set(req.url, (renders.get(req.url) ?? 0) + 1);
        return render();
      }, variant);
  });
  after(async () => {
    await t?.close();
  });

  it('keeps the twice-asked pages through a flood, sends one-off pages whole without keeping them', async () => {
    const id = (await t.db.selectFrom('documents').select('id').where('status', '=', 'published').where('disclosure', '=', '主动公开').orderBy('id').executeTakeFirstOrThrow()).id;
    const doc = `/xxgk/documents/${id}`;
    const hot = ['/', '/xxgk', doc];
    for (const u of [...hot, ...hot]) assert.equal((await t.app.inject(u)).statusCode, 200);
    // A flood of one-off URLs (the same page under other query strings: other keys), well over 1 MB of pages.
    const size = Buffer.byteLength((await t.app.inject(`${doc}?flood=0`)).body);
    const n = Math.ceil((3 * 1024 * 1024) / size);
    let unkept = 0;
    for (let i = 1; i <= n; i++) {
      const r = await t.app.inject(`${doc}?flood=${i}`);
      assert.equal(r.statusCode, 200);
      if (r.headers.etag === undefined) unkept++;
    }
    assert.ok(unkept > n / 2, `${unkept} of ${n} one-off pages not kept once the cache was full`);
    for (const u of hot) {
      const before = renders.get(u);
      assert.equal((await t.app.inject(u)).statusCode, 200);
      assert.equal(renders.get(u), before, `${u} still served from the cache`);
    }
    // A one-off page not kept: whole, gzip on request, 304 to the ETag its kept copy gets; kept on its next request.
    const u = `${doc}?flood=${n}`;
    // (A render of 20 ms or more is kept at once: on a loaded machine one may take that long, so try a few.)
    let plain = await t.app.inject(`${doc}?flood=${n + 1}`);
    for (let i = 10; i < 15 && plain.headers.etag !== undefined; i++) plain = await t.app.inject(`${doc}?flood=${n + i}`);
    assert.equal(plain.headers.etag, undefined);
    assert.equal(plain.headers['cache-control'], 'public, max-age=60');
    assert.match(plain.body, /<\/html>\s*$/);
    const gz = await t.app.inject({ url: `${doc}?flood=${n + 2}`, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
    const kept = await t.app.inject(u); // asked for the second time: kept now
    assert.match(String(kept.headers.etag), /^"[A-Za-z0-9_-]{22}"$/);
    const rendersBefore = renders.get(u);
    const nm = await t.app.inject({ url: `${doc}?flood=${n + 3}`, headers: { 'if-none-match': String(kept.headers.etag) } });
    assert.equal(nm.statusCode, 304, 'the same bytes: the ETag of a kept copy matches');
    assert.equal(nm.headers.etag, kept.headers.etag);
    assert.equal((await t.app.inject(u)).body, kept.body);
    assert.equal(renders.get(u), rendersBefore, 'served from the cache');
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
