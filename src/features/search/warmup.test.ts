// The first search after start (issue 15): a server that listens answers a search issued right after listen
// (while the index's in-memory fields are read, SQLite) with what it answers later. That the read lets requests
// run between small steps is docvalues.test's (here the first requests' own code compiling would blur it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type net from 'node:net';
import { buildTestApp, unitId, type TestApp } from '../../../test/helpers.ts';
import { searchFor } from './engine.ts';
import { flushSearchStats } from './record.ts';

const N = 3_000;
const TOPICS = ['安全生产', '乡村振兴', '营商环境', '财政预算', '教育收费', '卫生健康', '城市管理'];
const KINDS = ['通知', '公告', '实施方案', '意见', '办法'];

describe('search right after listen', () => {
  let t: TestApp;
  let base = '';
  before(async () => {
    t = await buildTestApp();
    const unit = await unitId(t, 'zfb');
    // The code of the search paths compiled and run once, on the empty index (tests run the TypeScript sources:
    // a first import compiles, which would count as a long stretch below); the fields read then are empty.
    for (const url of ['/search?q=乡村振兴 意见', '/api/v1/search?q=乡村振兴 意见']) assert.equal((await t.app.inject({ method: 'GET', url: encodeURI(url) })).statusCode, 200);
    const at = '2025-03-01T02:00:00.000Z';
    for (let i = 0; i < N; i += 500) {
      const rows = Array.from({ length: Math.min(500, N - i) }, (_, k) => {
        const n = i + k;
        const topic = TOPICS[n % TOPICS.length];
        const kind = KINDS[(n >> 3) % KINDS.length];
        return {
          unit_id: unit, status: 'published', title: `关于做好${topic}工作的${kind}（第${n}号）`, index_no: `WU/${n}`, kind: 'other', genre: 'tongzhi',
          column_code: 'zcwj.bmwj', publisher: '宿城区', written_on: null, published_at: at, keywords: '[]', summary: '',
          body: `<p>为进一步推进${topic}，现将${kind}如下。政务公开 第${n}项。</p>`, validity: n % 9 ? '有效' : '失效', disclosure: '主动公开',
          version: 1, created_at: at, updated_at: at,
        };
      });
      await t.db.insertInto('documents').values(rows as any).execute();
    }
    // As `gongkai reindex` builds the index (derived data): the in-memory fields are not read by it.
    assert.equal(await searchFor(t.db).rebuild(t.db), N);
    assert.ok(searchFor(t.db).memoryBytes() < 1_000, 'the fields are not read yet');
  });
  after(async () => t?.close());

  it('answers the first search as later ones', async () => {
    {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as net.AddressInfo).port}`;
      const q = encodeURIComponent('安全生产 通知');
      const first = await fetch(`${base}/api/v1/search?q=${q}`);
      assert.equal(first.status, 200);
      const a = (await first.json()) as { total: number; items: { id: number }[]; facets: unknown };
      const page = await fetch(`${base}/search?q=${q}`);
      assert.equal(page.status, 200);
      const firstPage = await page.text();
      await new Promise((r) => setTimeout(r, 1_500)); // the warm-up (from listen on) has run
      const later = await fetch(`${base}/api/v1/search?q=${q}&pageSize=20`);
      const b = (await later.json()) as typeof a;
      assert.ok(a.total > 0);
      assert.equal(a.total, b.total);
      assert.deepEqual(a.items.map((i) => i.id), b.items.map((i) => i.id));
      assert.deepEqual(a.facets, b.facets);
      const laterPage = await (await fetch(`${base}/search?q=${q}&page=1`)).text();
      // The results' links (every link but those back to the search pages).
      const ids = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((h) => !h.startsWith('/search'));
      const url = (a.items[0] as { url?: string }).url;
      assert.ok(url && ids(firstPage).some((h) => h.startsWith(url)), `${url} ${ids(firstPage).slice(0, 30).join(' ')}`);
      assert.deepEqual(ids(firstPage), ids(laterPage));
      assert.ok(searchFor(t.db).memoryBytes() > (t.handle.dialect === 'sqlite' ? 10_000 : -1), 'the fields were read');
    }
  });
});

describe('the warm-up after listen', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    const unit = await unitId(t, 'zfb');
    const at = '2025-03-01T02:00:00.000Z';
    const rows = Array.from({ length: 300 }, (_, n) => ({
      unit_id: unit, status: 'published', title: `关于印发${TOPICS[n % TOPICS.length]}工作方案的${KINDS[n % KINDS.length]}（第${n}号）`, index_no: `WW/${n}`, kind: 'other', genre: 'tongzhi',
      column_code: 'zcwj.bmwj', publisher: '宿城区', written_on: null, published_at: at, keywords: '[]', summary: '',
      body: `<p>现将工作方案印发给你们。第${n}项。</p>`, validity: '有效', disclosure: '主动公开', version: 1, created_at: at, updated_at: at,
    }));
    await t.db.insertInto('documents').values(rows as any).execute();
    assert.equal(await searchFor(t.db).rebuild(t.db), 300);
  });
  after(async () => t?.close());

  it('logs its end with its duration, renders its pages without counting them', async () => {
    const logged: Record<string, unknown>[] = [];
    const info = t.app.log.info.bind(t.app.log);
    t.app.log.info = ((obj: unknown, ...rest: unknown[]) => {
      if (obj && typeof obj === 'object') logged.push({ ...(obj as object), msg: rest[0] });
      return info(obj as never, ...(rest as never[]));
    }) as typeof t.app.log.info;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (let i = 0; i < 300 && !logged.some((l) => 'warmupMs' in l); i++) await new Promise((r) => setTimeout(r, 50));
    const line = logged.find((l) => 'warmupMs' in l);
    assert.ok(line, 'the warm-up logs its end');
    assert.match(String(line.msg), /^检索预热完成：\d+ 毫秒/);
    assert.ok(Number(line.warmupMs) >= 0 && Number(line.warmupCpuMs) >= 0 && Number(line.longestStretchCpuMs) >= 0);
    assert.equal(line.pages, 4, 'every warm-up page rendered (no search was asked for meanwhile)');
    assert.ok(searchFor(t.db).memoryBytes() > (t.handle.dialect === 'sqlite' ? 1_000 : -1), 'the fields were read');
    // Not counted as visitors' searches: nothing in the statistics once flushed.
    await flushSearchStats(t.db);
    assert.deepEqual(await t.db.selectFrom('search_query_stats').selectAll().execute(), []);
    // A visitor's search afterwards is counted (the statistics work) and answered.
    const base = `http://127.0.0.1:${(t.app.server.address() as net.AddressInfo).port}`;
    const page = await fetch(`${base}/search?q=${encodeURIComponent('工作方案')}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /工作方案/);
    await flushSearchStats(t.db);
    assert.equal((await t.db.selectFrom('search_query_stats').select('searches').execute()).reduce((a, r) => a + Number(r.searches), 0), 1);
  });
});
