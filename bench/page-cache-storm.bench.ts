// Render storms in the public page cache, counted (issue 15, CACHE15). One app in this process, wrk (bench/pages.lua,
// 50 connections) against it, every render counted per URL; round 1 right after a 2 s warm-up, each later round
// only once every entry's lifetime ran out with the data version unchanged (PAGE_CACHE_TTL_MS × 1.25 + 1 s) — what
// `npm run bench` rounds 2–3 see with the 2-minute lifetime. Prints per round: req/s, p50/p99, renders (in all, of
// one URL, of one URL at once), render wall time, CPU µs/request of this process, event-loop delay.
//
//   node --import tsx bench/page-cache-storm.bench.ts                      # search2 mix, 2,000 docs, ~70 s
//   BENCH_DOCS=100000 MIX=list node --import tsx bench/page-cache-storm.bench.ts
//   BENCH_DB_URL=postgres://…/a_copy MIX=list node --import tsx bench/page-cache-storm.bench.ts
//
// Knobs: MIX search2 (12 two-word searches) | list (300 catalog list pages) | search (the 272 queries of the
// search mix); SECS per round (5); ROUNDS (3); PAGE_CACHE_TTL_MS (20000: must exceed SECS so that entries expire
// between rounds, not within one); BENCH_DOCS picks the SQLite corpus npm run bench cached in
// $TMPDIR/gongkai-bench-cache (run `BENCH_QUICK=1 npm run bench` once for 2,000); it works on a copy.
// BENCH_DB_URL: a database of your own instead (it is migrated: give a copy).
//
// FLOOD=<seconds> (issue 15, scan resistance): each round is preceded by that many seconds of doc-uniform traffic
// (random documents over the whole corpus, as `npm run bench` runs before its list mix) instead of the wait for
// expiry (PAGE_CACHE_TTL_MS defaults to 600000 then; FLOOD_MIX=zipf: the doc-zipf mix instead, s = 1 over a fixed
// shuffle of the documents); the round prints how many of the mix's requests were served
// without a render (from the page cache) and what the flood rendered. Quick probe, ~1.5 min:
//   BENCH_DOCS=100000 MIX=list FLOOD=10 SECS=5 ROUNDS=2 node --import tsx bench/page-cache-storm.bench.ts
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FLOOD = Number(process.env.FLOOD || 0);
process.env.PAGE_CACHE_TTL_MS ||= FLOOD ? '600000' : '20000';
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-storm-'));
let DB = process.env.BENCH_DB_URL ?? '';
if (!DB) {
  const N = process.env.BENCH_DOCS || '2000';
  const dir = process.env.BENCH_CACHE_DIR || path.join(os.tmpdir(), 'gongkai-bench-cache');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(`pages-${N}-`) && f.endsWith('.db')).map((f) => path.join(dir, f)) : [];
  found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!found.length) throw new Error(`no cached corpus of ${N} documents in ${dir}: run BENCH_QUICK=1 npm run bench (2,000) or npm run bench (100,000) once, or give BENCH_DB_URL`);
  fs.copyFileSync(found[0], path.join(tmpDir, 'work.db'));
  DB = `sqlite:${path.join(tmpDir, 'work.db')}`;
}
const MIX = process.env.MIX || 'search2';
const SECS = Number(process.env.SECS || 5);
const ROUNDS = Number(process.env.ROUNDS || 3);
const TTL = Number(process.env.PAGE_CACHE_TTL_MS || 20000);
const { loadConfig } = await import(path.join(ROOT, 'src/config.ts'));
const { openDatabase } = await import(path.join(ROOT, 'src/platform/db/index.ts'));
const { prepareDatabase } = await import(path.join(ROOT, 'src/features/seed.ts'));
const { buildApp } = await import(path.join(ROOT, 'src/app.tsx'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = tmpDir;
const config = { ...loadConfig({ DATABASE_URL: DB, DATA_DIR: dataDir, NODE_ENV: 'production', SEED_DEMO: 'false', LOG_LEVEL: 'warn' } as any), databaseUrl: DB };
{
  const h = openDatabase(DB);
  await prepareDatabase(h, { demo: false });
  await h.close();
}
const handle = openDatabase(DB);
const app = await buildApp(config, handle, { logger: { level: 'warn' } });
let renders = 0;
let renderMs = 0;
let maxRenderMs = 0;
const variants = new Set<string>();
const perKey = new Map<string, number>();
const inFlight = new Map<string, number>();
let maxConcurrentSameKey = 0;
const serve = app.servePublic;
app.servePublic = (req: any, reply: any, render: any, variant: any) =>
  serve(req, reply, async () => {
    renders++;
    variants.add(String(variant));
    perKey.set(req.url, (perKey.get(req.url) ?? 0) + 1);
    const n = (inFlight.get(req.url) ?? 0) + 1;
    inFlight.set(req.url, n);
    maxConcurrentSameKey = Math.max(maxConcurrentSameKey, n);
    const t0 = performance.now();
    try {
      return await render();
    } finally {
      const ms = performance.now() - t0;
      renderMs += ms;
      maxRenderMs = Math.max(maxRenderMs, ms);
      inFlight.set(req.url, inFlight.get(req.url)! - 1);
    }
  }, variant);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as any).port;
const base = `http://127.0.0.1:${port}`;

// URL sets as bench/pages.bench.ts makes them (list: a sample of unit catalog pages and unit × column × page 1–5).
const db = handle.db;
let urls: string[];
const ENC = encodeURIComponent;
if (MIX === 'search2') {
  const S2 = ['政务公开 通知', '安全生产 实施方案', '乡村振兴 规划', '营商环境 措施', '财政 预算', '教育 收费', '卫生 健康', '城市 管理', '社会保障 办法', '行政许可 公告', '人事 任免', '环境 保护'];
  urls = S2.map((q) => `/search?q=${ENC(q)}`);
} else if (MIX === 'search') {
  const ev = [...new Set((JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/search-eval/queries.json'), 'utf8')).queries as { q: string }[]).map((q) => q.q))];
  urls = [...ev, ...['通知', '公告', '关于', '鲲鹏扶摇九万里', '量子引力弦论', 'xqzvjkwpt'].flatMap((q) => Array(10).fill(q))].map((q) => `/search?q=${ENC(q)}`);
} else {
  const units = new Map<number, string>((await db.selectFrom('units').select(['id', 'code']).execute()).map((u: any) => [Number(u.id), String(u.code)]));
  const groups = await db.selectFrom('documents').select(['unit_id', 'column_code', (eb: any) => eb.fn.countAll().as('n')]).where('status', '=', 'published').where('disclosure', '=', '主动公开').groupBy(['unit_id', 'column_code']).execute();
  const c: string[] = [...new Set([...units.values()])].map((u) => `/xxgk/catalog/${ENC(u)}`);
  for (const g of groups as any[]) {
    const code = units.get(g.unit_id);
    if (!code || !g.column_code) continue;
    for (let p = 1; p <= Math.min(5, Math.ceil(Number(g.n) / 20)); p++) c.push(`/xxgk/catalog/${ENC(code)}?column=${ENC(g.column_code)}&page=${p}`);
  }
  let seed = 15;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  for (let i = c.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [c[i], c[j]] = [c[j], c[i]]; }
  urls = c.slice(0, 300);
}
const file = path.join(dataDir, 'paths.txt');
fs.writeFileSync(file, urls.join('\n') + '\n');

const floodFile = path.join(dataDir, 'flood.txt');
if (FLOOD) {
  const ids = await db.selectFrom('documents').select('id').where('status', '=', 'published').where('disclosure', '=', '主动公开').execute();
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  for (let i = ids.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
  fs.writeFileSync(floodFile, ids.map((r: any) => `/xxgk/documents/${r.id}`).join('\n') + '\n');
}

function wrk(secs: number, paths = file, mode = 'uniform'): Promise<any> {
  return new Promise((resolve, reject) => {
    const w = spawn('wrk', ['-t2', '-c50', `-d${secs}s`, '--timeout', '30s', '-s', path.join(ROOT, 'bench/pages.lua'), base, '--', paths, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    w.stdout.on('data', (d) => (out += d));
    w.on('exit', () => {
      const m = /PAGESJSON (\{.*\})/.exec(out);
      m ? resolve(JSON.parse(m[1])) : reject(new Error(out));
    });
  });
}

await sleep(7000); // search warm-up after listen (search feature: WARM_AFTER_MS) and settle
const warm = await wrk(2);
console.log(`# ${DB.replace(/:\/\/[^@]*@/, '://')} mix=${MIX} urls=${urls.length} ttl=${TTL} ms; warm-up ${warm.requests} req, renders ${renders}`);
for (let round = 1; round <= ROUNDS; round++) {
  let flood = '';
  if (FLOOD) {
    renders = 0;
    const f = await wrk(FLOOD, floodFile, process.env.FLOOD_MIX || 'uniform');
    await sleep(300);
    flood = `flood (${process.env.FLOOD_MIX || 'uniform'}): ${f.requests} documents, ${renders} rendered (${(100 * (1 - renders / Math.max(1, f.requests))).toFixed(1)} % from the cache); `;
  } else if (round > 1) await sleep(TTL * 1.25 + 1000);
  renders = 0;
  renderMs = 0;
  maxRenderMs = 0;
  variants.clear();
  perKey.clear();
  maxConcurrentSameKey = 0;
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  const c0 = process.cpuUsage();
  const r = await wrk(SECS);
  await sleep(300);
  const c = process.cpuUsage(c0);
  eld.disable();
  const cpuUs = (c.user + c.system) / (r.requests + 50);
  const maxPerKey = Math.max(0, ...perKey.values());
  console.log(
    `round ${round}: ${flood}${r.requests} req (${(r.requests / (r.duration_us / 1e6)).toFixed(0)}/s) p50 ${r.latency_ms.p50.toFixed(1)} p99 ${r.latency_ms.p99.toFixed(1)} max ${r.latency_ms.max.toFixed(1)} ms; errors ${JSON.stringify(r.errors)}; ` +
      `renders ${renders} over ${perKey.size} keys, ${(100 * (1 - renders / Math.max(1, r.requests))).toFixed(1)} % from the cache (max ${maxPerKey} of one key, ${maxConcurrentSameKey} of one key at once; variants rendered: ${variants.size}; render wall ${renderMs.toFixed(0)} ms in all, longest ${maxRenderMs.toFixed(0)} ms); CPU ${cpuUs.toFixed(0)} µs/req; event-loop delay p99 ${(eld.percentile(99) / 1e6).toFixed(0)} max ${(eld.max / 1e6).toFixed(0)} ms; load ${os.loadavg()[0].toFixed(1)}`,
  );
}
await app.close();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
