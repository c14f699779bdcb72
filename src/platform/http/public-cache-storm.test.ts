// No render storms in the public page cache (issue 15, CACHE15): concurrent misses of one URL wait for one render;
// an entry whose lifetime ran out with the public data version unchanged is served at once while one render runs in
// the background; after a change with public effect the old bytes are never served; a render that throws throws to
// every waiter and leaves nothing behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Flights, PageCache } from './public-cache.ts';
import { buildTestApp, makeUser, makeToken, type TestApp } from '../../../test/helpers.ts';
import type { ServePublic } from './public-cache.ts';
import { flushSearchStats, isoWeekBeijing } from '../../features/search/record.ts';
import { beijingDay, writeVisitors } from '../../features/search/suggest.ts';

const page = (body: string) => ({ status: 200, type: 'text/html; charset=utf-8', body });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Flights', () => {
  it('runs one function per key for concurrent callers, shares its value, remembers nothing after', async () => {
    const f = new Flights();
    let runs = 0;
    const work = async () => (await sleep(10), ++runs);
    const got = await Promise.all(Array.from({ length: 20 }, () => f.once('k', work)));
    assert.deepEqual(new Set(got), new Set([1]));
    assert.equal(f.size, 0);
    assert.equal(await f.once('k', work), 2, 'the next call runs again');
  });

  it('gives an error to every waiter and runs again on the next call', async () => {
    const f = new Flights();
    let runs = 0;
    const failing = async () => {
      runs++;
      await sleep(5);
      throw new Error('boom');
    };
    const all = await Promise.allSettled(Array.from({ length: 10 }, () => f.once('k', failing)));
    assert.equal(runs, 1);
    assert.ok(all.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'boom'));
    await assert.rejects(f.once('k', failing));
    assert.equal(runs, 2);
  });

  it('starts one background run per key, at most maxBackground at once; a miss meanwhile waits for it', async () => {
    const f = new Flights(2);
    let runs = 0;
    const work = async () => (await sleep(10), ++runs);
    assert.equal(f.background('a', work, () => {}), true);
    assert.equal(f.background('a', work, () => {}), false, 'one per key');
    assert.equal(f.background('b', work, () => {}), true);
    assert.equal(f.background('c', work, () => {}), false, 'at most two at once');
    assert.equal(await f.once('a', work), 1, 'waits for the background run of a');
    await sleep(20);
    assert.equal(runs, 2);
    assert.equal(f.background('c', work, () => {}), true, 'room again');
    await sleep(20);
    const errors: unknown[] = [];
    f.background('d', async () => { throw new Error('x'); }, (e) => errors.push(e));
    await sleep(5);
    assert.equal(errors.length, 1);
  });
});

describe('PageCache stale entries', () => {
  it('serves an expired entry of the same version as stale within its window, never one of another version', () => {
    const c = new PageCache(1_000_000, 1000, 0, 5000);
    c.set('/a', 'v1', page('A'), null, 0);
    assert.deepEqual(c.lookup('/a', 'v1', 999)?.stale, false);
    assert.equal(c.get('/a', 'v1', 1000), undefined, 'get() gives fresh entries only');
    assert.equal(c.hit('/a', 'v1', 1000), undefined, 'the early answer gives fresh entries only');
    assert.deepEqual(c.lookup('/a', 'v1', 1000)?.stale, true);
    assert.equal(c.lookup('/a', 'v1', 5999)?.entry.body.toString(), 'A');
    assert.equal(c.lookup('/a', 'v1', 6000), undefined, 'past the stale window');
    assert.equal(c.size, 0, 'and dropped');
    c.set('/b', 'v1', page('B'), null, 0);
    assert.equal(c.lookup('/b', 'v2', 2000), undefined, 'the version moved: never the old bytes');
    assert.equal(c.lookup('/b', 'v1', 2000), undefined, 'dropped');
  });

  it('never serves stale past a scheduled change', () => {
    const c = new PageCache(1_000_000, 1000, 0, 5000);
    c.set('/a', 'v1', page('A'), 3000, 0);
    assert.equal(c.lookup('/a', 'v1', 2000)?.stale, true, 'expired before the scheduled change: stale until it');
    assert.equal(c.lookup('/a', 'v1', 3000), undefined);
    c.set('/b', 'v1', page('B'), 500, 0);
    assert.equal(c.lookup('/b', 'v1', 499)?.stale, false);
    assert.equal(c.lookup('/b', 'v1', 500), undefined, 'the scheduled change ends the entry');
  });

  it('keeps stale-servable entries within the budget and drops those past their window first', () => {
    const c = new PageCache(40_000, 1000, 0, 1000);
    for (let i = 0; i < 100; i++) c.set(`/d/${i}`, 'v1', page('z'.repeat(1000)), null, 0);
    assert.ok(c.size <= 40_000);
    assert.equal(c.lookup('/d/99', 'v1', 1500)?.stale, true);
    c.set('/late', 'v1', page('y'), null, 2500); // every /d/ entry is past its window now
    assert.equal(c.lookup('/d/99', 'v1', 2500), undefined);
    assert.ok(c.size < 2000, `${c.size}`);
  });
});

describe('servePublic without render storms', () => {
  let t: TestApp;
  let renders = new Map<string, number>();
  let fail = false;
  let token = '';
  const count = () => [...renders.values()].reduce((a, b) => a + b, 0);

  before(async () => {
    const saved = { ttl: process.env.PAGE_CACHE_TTL_MS, stale: process.env.PAGE_CACHE_STALE_MS };
    process.env.PAGE_CACHE_TTL_MS = '400'; // lives 300–500 ms
    process.env.PAGE_CACHE_STALE_MS = '60000';
    try {
      t = await buildTestApp({ demo: true });
    } finally {
      for (const [k, v] of [['PAGE_CACHE_TTL_MS', saved.ttl], ['PAGE_CACHE_STALE_MS', saved.stale]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    // Every render counted per URL and marked with its number, so that bytes of different renders differ.
    const serve: ServePublic = t.app.servePublic;
    t.app.servePublic = (req, reply, render, variant) =>
      serve(req, reply, async () => {
        const n = (renders.get(req.url) ?? 0) + 1;
        renders.set(req.url, n);
        const r = await render();
        await new Promise((res) => setImmediate(res)); // a render takes a while: concurrent requests arrive meanwhile
        if (fail) throw new Error('render failed');
        return { ...r, body: `${r.body}<!--render ${n}-->` };
      }, variant);
    const unit = (await t.db.selectFrom('units').select('code').orderBy('id').executeTakeFirstOrThrow()).code;
    await makeUser(t, 'storm-admin', 'admin', unit);
    token = await makeToken(t, 'storm-admin');
  });
  after(async () => {
    await t?.close();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  async function aDocument(skip = 0): Promise<{ url: string; id: number }> {
    const rows = await t.db.selectFrom('documents').select('id').where('status', '=', 'published').where('disclosure', '=', '主动公开').orderBy('id').offset(skip).limit(1).execute();
    return { url: `/xxgk/documents/${rows[0].id}`, id: rows[0].id };
  }
  const waitFor = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await sleep(5);
    assert.ok(cond(), 'in time');
  };

  it('N parallel requests for one uncached URL: one render, the same bytes for all', async () => {
    const { url } = await aDocument(0);
    renders = new Map();
    const all = await Promise.all(Array.from({ length: 30 }, () => get(url)));
    assert.equal(renders.get(url), 1);
    assert.ok(all.every((r) => r.statusCode === 200));
    assert.equal(new Set(all.map((r) => r.body)).size, 1);
    assert.match(all[0].body, /<!--render 1-->$/);
    // The same for a search page (stored with a variant).
    const s = '/search?q=%E9%80%9A%E7%9F%A5';
    const found = await Promise.all(Array.from({ length: 10 }, () => get(s)));
    assert.equal(renders.get(s), 1);
    assert.equal(new Set(found.map((r) => r.body)).size, 1);
  });

  it('after the lifetime, same version: the old bytes at once, one background render, the new bytes next', async () => {
    const { url } = await aDocument(1);
    renders = new Map();
    const first = await get(url);
    assert.match(first.body, /<!--render 1-->$/);
    await sleep(550); // past every lifetime (≤ 500 ms)
    const stale = await Promise.all(Array.from({ length: 20 }, () => get(url)));
    assert.ok(stale.every((r) => r.statusCode === 200 && r.body === first.body), 'the expired bytes, at once');
    assert.equal(stale[0].headers.etag, first.headers.etag);
    await waitFor(() => renders.get(url) === 2);
    await sleep(20);
    assert.equal(renders.get(url), 2, 'one background render for 20 requests');
    const next = await get(url);
    assert.match(next.body, /<!--render 2-->$/, 'the next request gets the new bytes');
    assert.equal(renders.get(url), 2);
  });

  it('after a public change (a withdrawal) the old bytes are never served, fresh or expired', async () => {
    const a = await aDocument(2);
    const b = await aDocument(3);
    renders = new Map();
    assert.equal((await get(b.url)).statusCode, 200);
    await sleep(550); // b expired: stale-servable while the version is unchanged
    assert.equal((await get(a.url)).statusCode, 200); // a fresh
    for (const d of [a, b]) {
      const w = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${d.id}/withdraw`, headers: { authorization: `Bearer ${token}` }, payload: { reason: '内容已过时' } });
      assert.equal(w.statusCode, 200, w.body);
    }
    const [ra, rb] = [await get(a.url), await get(b.url)];
    for (const r of [ra, rb]) {
      assert.notEqual(r.statusCode, 200);
      assert.match(r.body, /撤/, 'the withdrawal notice, on the very next request');
    }
    assert.equal(renders.get(a.url), 2);
    assert.equal(renders.get(b.url), 2);
  });

  it('a search page is rendered again when the 相关检索 on offer change, not when a visitor is new or searches again', async () => {
    const s = '/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80'; // 政务公开
    const little = (q: string) => `/search?q=${encodeURIComponent(q)}`; // finds nothing: its page offers 相关检索
    renders = new Map();
    await flushSearchStats(t.db);
    assert.equal((await get(s)).statusCode, 200);
    assert.equal((await get(little('招生 火星基地'))).statusCode, 200);
    await flushSearchStats(t.db); // a new visitor of 政务公开: nothing new to offer (one visitor is not enough)
    await get(little('招生 木星基地')); // a page that reads the offered list again
    await get(s);
    assert.equal(renders.get(s), 1, 'not rendered again for a new visitor that changes nothing on offer (was: every 5 s flush)');
    for (let i = 0; i < 3; i++) {
      await get(s); // the same visitor again (counted)
      await flushSearchStats(t.db);
    }
    await get(s);
    assert.equal(renders.get(s), 1, 'not rendered again for the same visitor searching again');
    // Three distinct visitors of a query with results: it is offered from the next read of the list on.
    await t.db.insertInto('search_query_stats').values({ week: isoWeekBeijing(), query: '招生范围', searches: 5, zero_results: 0 }).execute();
    await writeVisitors(t.db, t.db, ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((address) => ({ day: beijingDay(), query: '招生范围', address })));
    const after = await get(little('招生 土星基地')); // reads the list again: it changed
    assert.match(after.body, /招生范围/);
    await get(s);
    assert.equal(renders.get(s), 2, 'rendered again once what is on offer changed');
    const before = await get(little('招生 火星基地'));
    assert.match(before.body, /招生范围/, 'a page cached with the old list is not served after the list changed');
  });

  it('a render that throws: the error to every waiter, nothing kept, the next request renders again', async () => {
    const { url } = await aDocument(4);
    renders = new Map();
    fail = true;
    let all;
    try {
      all = await Promise.all(Array.from({ length: 10 }, () => get(url)));
    } finally {
      fail = false;
    }
    assert.equal(renders.get(url), 1);
    assert.ok(all.every((r) => r.statusCode === 500), all.map((r) => r.statusCode).join());
    const again = await get(url);
    assert.equal(again.statusCode, 200);
    assert.equal(renders.get(url), 2);
    assert.match(again.body, /<!--render 2-->$/);
  });

  it('a background render that throws drops the stale entry: the next request renders (and gets its answer)', async () => {
    const { url } = await aDocument(5);
    renders = new Map();
    const first = await get(url);
    await sleep(550);
    fail = true;
    try {
      const stale = await get(url);
      assert.equal(stale.body, first.body);
      await waitFor(() => renders.get(url) === 2);
      await sleep(20);
    } finally {
      fail = false;
    }
    const next = await get(url);
    assert.equal(renders.get(url), 3);
    assert.match(next.body, /<!--render 3-->$/);
    assert.ok(count() >= 3);
  });
});
