// PostgreSQL search against SQLite search on the same corpus, by CPU time (issue 15: "PostgreSQL search
// within 3× of SQLite, with its better ranking kept"). One process, engine.search() directly (no HTTP, the
// same work on both sides): CPU of this process (process.cpuUsage; better-sqlite3 runs in it) and, for
// PostgreSQL, also of the database server's backends serving this database (/proc/<pid>/stat of each
// backend of pg_stat_activity for it; the server must run on this machine).
//
//   node --import tsx bench/search-eval/pg-cpu.ts            (BENCH_DOCS=2000: the corpus `npm run bench` caches)
//   BENCH_DOCS=100000 BENCH_REPS=1 node --import tsx bench/search-eval/pg-cpu.ts
//   (BENCH_RELAX=0: engine without searchRelaxed; BENCH_VERBOSE=1: each query's CPU on both sides)
//
// Corpus: the one `BENCH_DB=both BENCH_DOCS=n npm run bench` caches — $TMPDIR/gongkai-bench-cache/pages-<n>-<key>.db
// (copied; the copy is migrated) and the PostgreSQL template database gk_bench_tpl_<n>_<key> (a database is
// made from it and migrated: the search feature's migrations upgrade it as they would a site's database).
// Queries: the 12 two-word queries and 通知 公告 关于 of `npm run bench`, and the first BENCH_EVAL (default 60)
// distinct queries of queries.json; each searched once untimed, then BENCH_REPS (default 3) times timed, the
// two databases alternating query by query. About a minute at 2,000 documents on a loaded 2-CPU machine.
// TEST_PG_URL (default postgres://postgres@127.0.0.1:54329/postgres) names the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, sql, type DatabaseHandle } from '../../src/platform/db/index.ts';
import { prepareDatabase } from '../../src/features/seed.ts';
import { createSearch, type SearchEngine } from '../../src/features/search/engine.ts';

const N = Number(process.env.BENCH_DOCS || 2000);
const REPS = Number(process.env.BENCH_REPS || 3);
const EVAL = Number(process.env.BENCH_EVAL ?? 60);
/** BENCH_RELAX=0: without the completion of poor results (engine searchRelaxed), to see its cost. */
const RELAX = process.env.BENCH_RELAX !== '0';
const PG_URL = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:54329/postgres';
const TWO_WORDS = ['政务公开 通知', '安全生产 实施方案', '乡村振兴 规划', '营商环境 措施', '财政 预算', '教育 收费', '卫生 健康', '城市 管理', '社会保障 办法', '行政许可 公告', '人事 任免', '环境 保护'];
const ONE_WORD = ['通知', '公告', '关于'];

const cacheDir = path.join(os.tmpdir(), 'gongkai-bench-cache');
const cached = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => new RegExp(`^pages-${N}-\\w+\\.db$`).test(f)) : [];
cached.sort((a, b) => fs.statSync(path.join(cacheDir, b)).mtimeMs - fs.statSync(path.join(cacheDir, a)).mtimeMs);
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
const templates = (await admin.query(`select datname from pg_database where datname like $1`, [`gk_bench_tpl_${N}_%`])).rows.map((r) => r.datname as string);
const pair = cached.map((f) => ({ file: path.join(cacheDir, f), tpl: `gk_bench_tpl_${N}_${f.slice(`pages-${N}-`.length, -3)}` })).find((x) => templates.includes(x.tpl));
if (!pair) {
  console.error(`no cached corpus of ${N} documents for both databases: run \`BENCH_DB=both BENCH_DOCS=${N} npm run bench\` once (it caches them)`);
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-pg-cpu-'));
const file = path.join(tmp, 'corpus.db');
fs.copyFileSync(pair.file, file);
const dbName = `gk_pg_cpu_${process.pid}`;
await admin.query(`create database ${dbName} template ${pair.tpl}`);
const u = new URL(PG_URL);
u.pathname = `/${dbName}`;
const cleanup = async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
};

/** Last CPU ticks read of every backend seen on our database: a backend the pool closes (idle 10 s) keeps its
 * last reading, so the sum never drops (summing the live backends alone went negative when one ended). */
const backendTicks = new Map<number, number>();
async function pollBackends(): Promise<void> {
  const { rows } = await admin.query(`select pid from pg_stat_activity where datname = $1`, [dbName]);
  for (const { pid } of rows) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      backendTicks.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      // ended meanwhile: its last reading stays
    }
  }
}
/** CPU ms of the server's backends connected to our database (utime + stime of each, clock ticks of 10 ms). */
async function serverCpuMs(): Promise<number> {
  await pollBackends();
  let ticks = 0;
  for (const t of backendTicks.values()) ticks += t;
  return ticks * 10;
}
const ownCpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

try {
  const sqliteH = openDatabase(`sqlite:${file}`);
  const pgH = openDatabase(u.toString());
  for (const h of [sqliteH, pgH]) await prepareDatabase(h, { demo: false }); // migrations (an upgrade of an older cache)
  // VACUUM as autovacuum would have on a site's database (the cached template was only analysed: the first searches
  // set hint bits, writing the pages they read). At 100k it changed little: 7.71× without, 8.24× with (BENCH_VACUUM=0).
  if (process.env.BENCH_VACUUM !== '0') await sql`vacuum (analyze)`.execute(pgH.db);
  else await sql`analyze`.execute(pgH.db);
  const docs = async (h: DatabaseHandle) => Number((await h.db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const all = [...new Set((JSON.parse(fs.readFileSync(new URL('./queries.json', import.meta.url), 'utf8')).queries as { q: string }[]).map((q) => q.q))];
  const queries = [...TWO_WORDS, ...ONE_WORD, ...all.slice(0, EVAL)];
  const sides: { name: string; h: DatabaseHandle; engine: SearchEngine; own: number; server: number }[] = [
    { name: 'SQLite', h: sqliteH, engine: createSearch(sqliteH.db, { relax: RELAX }), own: 0, server: 0 },
    { name: 'PostgreSQL', h: pgH, engine: createSearch(pgH.db, { relax: RELAX }), own: 0, server: 0 },
  ];
  console.log(`corpus ${pair.file} / ${pair.tpl}: ${await docs(sqliteH)} / ${await docs(pgH)} indexed documents; ${queries.length} queries × ${REPS}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const s of sides) for (const q of queries) await s.engine.search(s.h.db, { q, pageSize: 20 }); // warm-up: statements, caches, the in-memory fields
  const poller = setInterval(() => void pollBackends().catch(() => undefined), 1000); // readings of backends before they end
  poller.unref();
  const per: { q: string; ms: number[] }[] = [];
  for (const q of queries) {
    const row = { q, ms: [] as number[] };
    for (const s of sides) {
      const c0 = ownCpuMs();
      const s0 = s.name === 'PostgreSQL' ? await serverCpuMs() : 0;
      for (let r = 0; r < REPS; r++) await s.engine.search(s.h.db, { q, pageSize: 20 });
      const own = ownCpuMs() - c0;
      const server = s.name === 'PostgreSQL' ? (await serverCpuMs()) - s0 : 0;
      s.own += own;
      s.server += server;
      row.ms.push((own + server) / REPS);
    }
    per.push(row);
  }
  if (process.env.BENCH_VERBOSE) for (const r of per) console.log(`${r.q.slice(0, 24).padEnd(26)} ${r.ms.map((x) => x.toFixed(2).padStart(8)).join(' ')}  ${(r.ms[1] / r.ms[0]).toFixed(2)}×`);
  const n = queries.length * REPS;
  const [lite, pgs] = sides;
  const liteMs = lite.own / n;
  const pgMs = (pgs.own + pgs.server) / n;
  console.log(`SQLite: ${liteMs.toFixed(2)} ms CPU per search`);
  console.log(`PostgreSQL: ${pgMs.toFixed(2)} ms CPU per search (this process ${(pgs.own / n).toFixed(2)} + server ${(pgs.server / n).toFixed(2)}; the server's CPU counted in 10 ms ticks over all searches)`);
  console.log(`PostgreSQL / SQLite: ${(pgMs / liteMs).toFixed(2)}× (target ≤ 3×); load average after ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  await sqliteH.close();
  await pgH.close();
} finally {
  await cleanup();
}
process.exit(0);
