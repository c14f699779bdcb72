// CPU time of a search, piece by piece, in one process (issue 15: where the search page's time goes).
//
//   node --import tsx bench/search-cpu.bench.ts [corpus.db]
//
// corpus.db: a SQLite database with the search index built, e.g. the corpus `npm run bench` caches
// (/tmp/gongkai-bench-cache/pages-100000-*.db, the newest by default). It is COPIED to a temp dir first (the
// app migrates its copy); the original is never written. Knobs: BENCH_REPS (timed repetitions per query and
// way, default 3), BENCH_QUERIES (comma-separated; default the 2-word queries of `npm run bench` and
// 通知, 公告, 关于), BENCH_EVAL (how many distinct queries of bench/search-eval/queries.json go into the
// evaluation mix, default all; 0: no mix), BENCH_KEEP=1 (keep the copy). About a minute at 100,000 documents
// (BENCH_REPS=1 BENCH_EVAL=40 BENCH_QUERIES=财政\ 预算,人事\ 任免: ~20 s).
//
// For each query, CPU time of this process (process.cpuUsage; better-sqlite3 runs in it) per search:
//   engine     createSearch(db).search({ q, pageSize: 20 }) — what the page asks for
//   bare       the engine's MATCH expression ranked the way the engine ranks, 20 best:
//              select rowid from search_fts where search_fts match ? order by -bm25(…) desc limit 20
//   page       GET /search?q=… through app.inject, a new URL each time (&n=i: never from the page cache)
//   cached     GET /search?q=… again and again (the platform's public page cache)
// and first: the first search after the app is built (the in-memory fields read then), then the same again, and
// the fields' first read alone from the rows and from the snapshot (BENCH_FIELDS_REPS, default 2);
// then the evaluation mix of `npm run bench`'s search mix, every page uncached (each URL once): the distinct
// evaluation queries once each and 通知 公告 关于 and the zero-result 鲲鹏扶摇九万里 量子引力弦论 xqzvjkwpt 10 times
// each (their share of that mix), mean CPU per page for the whole mix, for the queries that find nothing and
// for the rest; BENCH_TOP=n lists the n dearest pages of that mix (CPU of each; a repeated query its dearest, e.g. the first pinyin query loads the pinyin index);
// how many distinct queries' pages cost over 50 ms CPU, and the longest stretch of CPU a page holds the event loop without a
// turn (pages asked for meanwhile wait behind it: CPU between the ticks of a 1 ms timer, per page; median, p99, max).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDatabase, sql } from '../src/platform/db/index.ts';
import { buildApp } from '../src/app.tsx';
import { searchFor, BM25_SQL, getSegmenter } from '../src/features/search/engine.ts';
import { parseQuery, planQuery, ftsMatch } from '../src/features/search/query.ts';
import { DocValues } from '../src/features/search/docvalues.ts';

const TWO_WORDS = ['政务公开 通知', '安全生产 实施方案', '乡村振兴 规划', '营商环境 措施', '财政 预算', '教育 收费', '卫生 健康', '城市 管理', '社会保障 办法', '行政许可 公告', '人事 任免', '环境 保护'];
const ONE_WORD = ['通知', '公告', '关于'];
const REPS = Number(process.env.BENCH_REPS || 3);
const EVAL = process.env.BENCH_EVAL === undefined ? Infinity : Number(process.env.BENCH_EVAL);
const ZERO = ['鲲鹏扶摇九万里', '量子引力弦论', 'xqzvjkwpt'];
const QUERIES = process.env.BENCH_QUERIES ? process.env.BENCH_QUERIES.split(',') : [...TWO_WORDS, ...ONE_WORD];

function corpusFile(): string {
  if (process.argv[2]) return process.argv[2];
  const dir = path.join(os.tmpdir(), 'gongkai-bench-cache');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^pages-\d+-\w+\.db$/.test(f)).map((f) => path.join(dir, f)) : [];
  found.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  if (!found.length) throw new Error('no corpus: run `npm run bench` once (it caches one) or name a SQLite file with the search index');
  return found[0];
}

const source = corpusFile();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-search-cpu-'));
const file = path.join(tmp, 'corpus.db');
fs.copyFileSync(source, file);
process.on('exit', () => process.env.BENCH_KEEP !== '1' && fs.rmSync(tmp, { recursive: true, force: true }));

const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: `sqlite:${file}`, DATA_DIR: path.join(tmp, 'files'), SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
const handle = openDatabase(config.databaseUrl);
const app = await buildApp(config, handle, { logger: false });
await app.ready();
const engine = searchFor(app.db);
const seg = getSegmenter();
const ENC = encodeURIComponent;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function cpuOf(f: (i: number) => Promise<unknown>, n: number): Promise<number> {
  const c0 = cpuMs();
  for (let i = 0; i < n; i++) await f(i);
  return (cpuMs() - c0) / n;
}
const fmt = (x: number) => x.toFixed(2).padStart(8);
let seq = 0;
const page = async (q: string, fresh: boolean) => {
  const res = await app.inject(`/search?q=${ENC(q)}${fresh ? `&n=${++seq}` : ''}`);
  if (res.statusCode !== 200) throw new Error(`/search?q=${q}: ${res.statusCode}`);
};

console.log(`corpus ${source} (copied), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${REPS} repetitions`);
const first = await cpuOf(() => engine.search(app.db, { q: QUERIES[0], pageSize: 20 }), 1);
const again = await cpuOf(() => engine.search(app.db, { q: QUERIES[0], pageSize: 20 }), 1);
console.log(`first search after start (${QUERIES[0]}): ${first.toFixed(1)} ms CPU; the same again ${again.toFixed(1)} ms`);
// The in-memory fields' first read (what the first search after start waits for), each way on a fresh copy of the
// fields: from the rows of search_docs (no snapshot), writing the snapshot, and from the snapshot (BENCH_FIELDS_REPS times).
// (The copy is not migrated here: its table as migration 20261207140000 makes it.)
await sql`create table if not exists search_docvalues (part integer primary key, id text not null, data blob not null)`.execute(app.db);
for (let r = 0; r < Number(process.env.BENCH_FIELDS_REPS ?? 2); r++) {
  await sql`delete from search_docvalues`.execute(app.db);
  const rows = new DocValues();
  rows.snapshotDb = app.db;
  const fromRows = await cpuOf(() => rows.refresh(app.db), 1);
  const writing = await cpuOf(() => rows.saved(), 1);
  const snap = new DocValues();
  snap.snapshotDb = app.db;
  const fromSnap = await cpuOf(() => snap.refresh(app.db), 1);
  console.log(`in-memory fields, first read: from the rows ${fromRows.toFixed(0)} ms CPU (${rows.source}), writing the snapshot ${writing.toFixed(0)}, from the snapshot ${fromSnap.toFixed(0)} (${snap.source}, ${snap.count} documents)`);
}
console.log(`${'query'.padEnd(14)} ${'hits'.padStart(7)} ${'engine'.padStart(8)} ${'bare'.padStart(8)} ${'page'.padStart(8)} ${'cached'.padStart(8)}   (ms CPU per search)`);
const sums = { engine: 0, bare: 0, page: 0, cached: 0 };
for (const q of QUERIES) {
  const r = await engine.search(app.db, { q, pageSize: 20 }); // each way once untimed (statements prepared, pages read)
  const m = ftsMatch(planQuery(seg, parseQuery(q)));
  const bareQ = () => (m ? sql`select rowid from search_fts where search_fts match ${m} order by ${sql.raw(BM25_SQL)} desc limit 20`.execute(app.db) : Promise.resolve());
  await bareQ();
  await page(q, true);
  await page(q, false);
  const e = await cpuOf(() => engine.search(app.db, { q, pageSize: 20 }), REPS);
  const b = await cpuOf(bareQ, REPS);
  const p = await cpuOf(() => page(q, true), REPS);
  const c = await cpuOf(() => page(q, false), Math.max(REPS, 20));
  if (TWO_WORDS.includes(q)) {
    sums.engine += e;
    sums.bare += b;
    sums.page += p;
    sums.cached += c;
  }
  console.log(`${q.padEnd(14 - [...q].length)} ${String(r.total).padStart(7)} ${fmt(e)} ${fmt(b)} ${fmt(p)} ${fmt(c)}   engine/bare ${(e / b).toFixed(2)}×`);
}
const n = QUERIES.filter((q) => TWO_WORDS.includes(q)).length;
if (n) console.log(`2-word queries, mean: engine ${(sums.engine / n).toFixed(2)}, bare ${(sums.bare / n).toFixed(2)}, page ${(sums.page / n).toFixed(2)}, cached page ${(sums.cached / n).toFixed(2)} ms CPU; load average after ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (EVAL > 0) {
  const all = [...new Set((JSON.parse(fs.readFileSync(new URL('./search-eval/queries.json', import.meta.url), 'utf8')).queries as { q: string }[]).map((q) => q.q))];
  const mix = [...all.slice(0, EVAL), ...[...ONE_WORD, ...ZERO].flatMap((q) => Array(10).fill(q) as string[])];
  const found = { n: 0, ms: 0 };
  const none = { n: 0, ms: 0 };
  const each = new Map<string, number>();
  // The longest stretch of CPU a page holds the event loop (pages asked for meanwhile wait that long): CPU between the
  // ticks of a 1 ms timer, the largest per page.
  let lastTick = cpuMs();
  let stretch = 0;
  const ticker = setInterval(() => {
    const now = cpuMs();
    stretch = Math.max(stretch, now - lastTick);
    lastTick = now;
  }, 1);
  const stretches: number[] = [];
  for (const q of mix) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    lastTick = cpuMs();
    stretch = 0;
    const c0 = cpuMs();
    const res = await app.inject(`/search?q=${ENC(q)}&n=${++seq}`);
    const ms = cpuMs() - c0;
    stretches.push(Math.max(stretch, cpuMs() - lastTick));
    if (res.statusCode !== 200) throw new Error(`/search?q=${q}: ${res.statusCode}`);
    const bucket = /共找到 <strong>0<\/strong> 条结果/.test(res.body) ? none : found;
    bucket.n++;
    bucket.ms += ms;
    each.set(q, Math.max(each.get(q) ?? 0, ms));
  }
  // BENCH_TOP=n: the n dearest pages of the mix (what a render queue behind a cache miss waits for).
  for (const [q, ms] of [...each].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_TOP || 0))) console.log(`${ms.toFixed(1).padStart(8)} ms CPU  ${q}`);
  clearInterval(ticker);
  const over = [...each.values()].filter((ms) => ms > 50).length;
  stretches.sort((a, b) => a - b);
  console.log(`pages over 50 ms CPU: ${over} of ${each.size} distinct queries (each its dearest page); longest stretch without an event-loop turn per page: median ${stretches[stretches.length >> 1].toFixed(1)}, p99 ${stretches[Math.floor(stretches.length * 0.99)].toFixed(1)}, max ${stretches[stretches.length - 1].toFixed(1)} ms CPU`);
  const mean = (b: { n: number; ms: number }) => (b.n ? b.ms / b.n : 0).toFixed(2);
  console.log(`evaluation mix, uncached pages: ${mix.length} pages (${Math.min(EVAL, all.length)} evaluation queries + 通知 公告 关于 and 3 zero-result queries 10× each), mean ${mean({ n: found.n + none.n, ms: found.ms + none.ms })} ms CPU; finding something ${mean(found)} (${found.n} pages), finding nothing ${mean(none)} (${none.n}); load average after ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
await app.close();
await handle.close();
