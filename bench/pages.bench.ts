// `npm run bench` (issue 15): the public portal under wrk, side by side with nginx and a bare Fastify route
// serving the same bytes, with CPU time per request read from /proc, so the ratios survive a busy machine.
//
// 1. Corpus: BENCH_DOCS published documents (bench/generate.ts) with the search index built (`gongkai
//    reindex`), cached under $TMPDIR/gongkai-bench-cache keyed by the generator's version (a hash of
//    bench/generate.ts, this file's CORPUS_VERSION, the size and the titles file); each run works on a copy
//    (SQLite) or a database created from the cached template (PostgreSQL), so the cache stays pristine.
// 2. The real server: `node bin/gongkai.js serve` (one process, NODE_ENV=production), on the copy. Time to
//    the first served page and the first search are recorded: a search right after the first page (while the search
//    warm-up runs), and, in a process started again, the warm-up's duration (its log line), the first search once it
//    has finished and the same search later not cached (wall and the server's CPU). Then the benchmark waits until background work
//    is finished — every published 主动公开 document in the search index, no undelivered event, the app's CPU
//    idle (< 2 % for 2 s in a row) — and says so.
// 3. Every URL of the static side is fetched once from the app and saved: nginx serves those files (same
//    headers as far as nginx allows), bench/bare-server.mjs (Fastify, one route) serves them from memory.
// 4. wrk (bench/pages.lua, 2 threads, 50 connections) loads each mix — one hot document (cached page), random
//    documents uniform and Zipf over the whole corpus, list pages across units/columns/pages, home, search
//    (evaluation-set queries + 通知/公告/关于 + zero-result queries), 2-word searches — alternating app / nginx /
//    bare Fastify, BENCH_ROUNDS rounds. Per run: req/s, p50/p99, errors, CPU µs per request of the server
//    process(es) (/proc/<pid>/stat utime+stime before/after; nginx: master + workers; PostgreSQL: the backends
//    of the benchmark's database), wrk's own CPU, load average before/after.
// 5. Writes "## Portal pages (issue 15)" of docs/performance.md (replacing the autocannon-based "issue 2" one).
//
// Time: with the corpus cached, about 13 min for SQLite with the defaults (7 mixes × 3 servers × 3 rounds × 10 s of
// load, plus two starts and saving the static copies); BENCH_MIXES=doc-uniform,doc-zipf,list,home,search about 10 min.
// Building the 100k corpus once (generate + reindex) takes a few minutes more. BENCH_DB=both doubles the time.
//
// Knobs: BENCH_DOCS (100000), BENCH_SECONDS per run (10), BENCH_ROUNDS (3), BENCH_QUICK=1 (2,000 documents,
// 2 s runs, 2 rounds; does not touch docs/performance.md unless BENCH_DOCS_FILE is set), BENCH_DB=sqlite|
// postgres|both (sqlite; postgres needs TEST_PG_URL or scripts/pg-local.sh), BENCH_CONNECTIONS (50),
// BENCH_THREADS (wrk threads, 2), BENCH_WARMUP (s of wrk on the app before round 1 of each mix, 2),
// BENCH_STATIC_DOCS (documents saved for the static side, 3000), BENCH_LIST_URLS (300), BENCH_ZIPF_S (1.0),
// BENCH_MIXES (comma list, all), BENCH_WORKERS (the app's WORKERS, 1), BENCH_NO_DOCS=1, BENCH_DOCS_FILE (where the section goes),
// BENCH_CACHE_DIR, BENCH_KEEP=1 (keep the temp dir), BENCH_PROFILE=1 (the measured app with --cpu-prof; the
// profile goes to bench/results/ and its hottest functions are printed; best with BENCH_MIXES=<one mix>).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { planDocuments, insertSqlite, insertKysely, rng, type UnitInfo, TITLES_CSV } from './generate.ts';
import { freePort, ROOT } from './lib.ts';

// The helpers other benchmarks import from here.
export { startApp, machine, writeSection, summariseProfile } from './lib.ts';
import { writeSection, summariseProfile } from './lib.ts';

/** Bump when what the cached corpus holds changes (besides bench/generate.ts, which is hashed). */
const CORPUS_VERSION = 'pages-15.1';
const QUICK = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_DOCS || (QUICK ? 2000 : 100_000));
const SECONDS = Number(process.env.BENCH_SECONDS || (QUICK ? 2 : 10));
const ROUNDS = Number(process.env.BENCH_ROUNDS || (QUICK ? 2 : 3));
const WARMUP = Number(process.env.BENCH_WARMUP ?? (QUICK ? 1 : 2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const THREADS = Number(process.env.BENCH_THREADS || 2);
const STATIC_DOCS = Number(process.env.BENCH_STATIC_DOCS || 3000);
const LIST_URLS = Number(process.env.BENCH_LIST_URLS || 300);
const ZIPF_S = Number(process.env.BENCH_ZIPF_S || 1.0);
const WHICH = process.env.BENCH_DB || 'sqlite';
/** WORKERS of the measured app (its CPU is the primary's plus every worker's). */
const APP_WORKERS = process.env.BENCH_WORKERS || '1';
const DOCS_FILE = process.env.BENCH_DOCS_FILE || path.join(ROOT, 'docs/performance.md');
const WRITE_DOCS = process.env.BENCH_NO_DOCS !== '1' && (!QUICK || !!process.env.BENCH_DOCS_FILE);
const CACHE_DIR = process.env.BENCH_CACHE_DIR || path.join(os.tmpdir(), 'gongkai-bench-cache');
const KEEP = process.env.BENCH_KEEP === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';
const BIN = path.join(ROOT, 'bin/gongkai.js');
const HEADING = '## Portal pages (issue 15)';

const MIXES = [
  { key: 'doc-hot', label: 'document page, one hot URL (cached)', kind: 'd' },
  { key: 'doc-uniform', label: 'document page, random over the corpus (uniform)', kind: 'd' },
  { key: 'doc-zipf', label: `document page, random over the corpus (Zipf s = ${ZIPF_S})`, kind: 'd' },
  { key: 'list', label: 'list pages across units / columns / pages', kind: 'l' },
  { key: 'home', label: 'home page', kind: 'h' },
  { key: 'search', label: 'search page: evaluation set, 通知/公告/关于, zero-result', kind: 's' },
  { key: 'search2', label: 'search page: 2 common words', kind: 's' },
] as const;
type MixKey = (typeof MIXES)[number]['key'];
const ONLY_MIXES = process.env.BENCH_MIXES ? new Set(process.env.BENCH_MIXES.split(',')) : null;
const mixes = MIXES.filter((m) => !ONLY_MIXES || ONLY_MIXES.has(m.key));

const COMMON = ['通知', '公告', '关于'];
const ZERO = ['鲲鹏扶摇九万里', '量子引力弦论', 'xqzvjkwpt'];
const TWO_WORDS = ['政务公开 通知', '安全生产 实施方案', '乡村振兴 规划', '营商环境 措施', '财政 预算', '教育 收费', '卫生 健康', '城市 管理', '社会保障 办法', '行政许可 公告', '人事 任免', '环境 保护'];

// ---------------------------------------------------------------------------------------------
// Set up by main() (importing this module for its helpers has no side effects).
let tmp = '';
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
function setUp() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-pages-'));
  fs.chmodSync(tmp, 0o755); // nginx workers (user nobody when root) must read the saved pages
  process.on('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      console.error(`\n${sig}: stopping`);
      void Promise.allSettled(cleanups.map((c) => c())).finally(() => process.exit(130));
    });
}
const log = (msg: string) => console.log(`[pages ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
function shuffle<T>(a: T[], seed: number): T[] {
  const r = rng(seed);
  const out = a.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CPU time from /proc (µs). Field 14/15 = utime/stime of all the process's threads, in clock ticks.
const TICK_US = 1e6 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100);
function statFields(pid: number | string): string[] | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  } catch {
    return null;
  }
}
/** utime + stime (+ cutime + cstime with `children`) of one process, µs; 0 when it is gone. */
function cpuUs(pid: number, children = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const v = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return v * TICK_US;
}
/** The processes whose parent is `ppid`. */
function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = statFields(d);
    if (f && Number(f[1]) === ppid) out.push(Number(d));
  }
  return out;
}
/** PostgreSQL backends serving database `name` (their command line names it): pid → CPU µs. */
function pgBackends(name: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres:') && cmd.split(' ').includes(name)) m.set(Number(d), cpuUs(Number(d)));
    } catch {}
  }
  return m;
}
function rssOf(pid: number): { rss: number; anon: number } {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s) ?? [, 0])[1]) * 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon') };
}

// ---------------------------------------------------------------------------------------------
// The corpus, cached.
function corpusKey(): string {
  const h = crypto.createHash('sha1');
  h.update(CORPUS_VERSION + '\0' + N + '\0');
  h.update(fs.readFileSync(path.join(ROOT, 'bench/generate.ts')));
  h.update(fs.existsSync(TITLES_CSV) ? String(fs.statSync(TITLES_CSV).size) : 'no-titles');
  return h.digest('hex').slice(0, 12);
}

function cli(env: NodeJS.ProcessEnv, args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`gongkai ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
const cliEnv = (databaseUrl: string): NodeJS.ProcessEnv => ({ ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: path.join(tmp, 'files'), SEED_DEMO: 'false', LOG_LEVEL: 'warn' });

async function fill(h: DatabaseHandle, insert: (plan: ReturnType<typeof planDocuments>) => Promise<void>): Promise<string> {
  await prepareDatabase(h, { demo: false });
  const units = (await h.db.selectFrom('units').select(['id', 'code', 'name', 'type', 'index_prefix']).orderBy('position').execute()) as UnitInfo[];
  const terms = await h.db.selectFrom('terms').select(['kind', 'code', 'parent_code']).execute();
  const plan = planDocuments(N, units, terms);
  await insert(plan);
  return plan.titleSource;
}

interface Corpus {
  label: 'SQLite' | 'PostgreSQL';
  url: string;
  dbName: string | null;
  version: string;
  cached: boolean;
  buildSeconds: number;
  titleSource: string;
}

async function sqliteCorpus(): Promise<Corpus> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `pages-${N}-${corpusKey()}.db`);
  const meta = file + '.json';
  let cached = fs.existsSync(file) && fs.existsSync(meta);
  const t = Date.now();
  if (!cached) {
    const partial = file + '.partial';
    for (const f of [partial, partial + '-wal', partial + '-shm']) fs.rmSync(f, { force: true });
    log(`SQLite corpus: generating ${N} documents into ${partial} (cached afterwards)`);
    const h = openDatabase(`sqlite:${partial}`);
    const titleSource = await fill(h, async (plan) => {
      await h.close();
      insertSqlite(partial, plan);
    });
    log('SQLite corpus: building the search index (gongkai reindex)');
    cli(cliEnv(`sqlite:${partial}`), ['reindex']);
    const db = new SQLite(partial);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.close();
    fs.writeFileSync(meta, JSON.stringify({ titleSource, seconds: (Date.now() - t) / 1000 }));
    fs.renameSync(partial, file);
  }
  const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as { titleSource: string; seconds: number };
  const work = path.join(tmp, 'bench.db');
  fs.copyFileSync(file, work);
  const db = new SQLite(work, { readonly: true });
  const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  log(`SQLite corpus: ${cached ? 'cached' : 'built'} ${file} (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB), working on a copy`);
  return { label: 'SQLite', url: `sqlite:${work}`, dbName: null, version: `SQLite ${v} (better-sqlite3, WAL)`, cached, buildSeconds: m.seconds, titleSource: m.titleSource };
}

async function postgresCorpus(): Promise<Corpus | null> {
  let admin = process.env.TEST_PG_URL;
  if (!admin) {
    try {
      admin = execFileSync('bash', [path.join(ROOT, 'scripts/pg-local.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
    } catch {
      log('PostgreSQL: no TEST_PG_URL and no local server (scripts/pg-local.sh failed): skipped');
      return null;
    }
  }
  const urlOf = (name: string) => {
    const u = new URL(admin!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const q = async <T = any>(text: string): Promise<T[]> => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const tpl = `gk_bench_tpl_${N}_${corpusKey()}`;
  const version = String((await q<{ v: string }>('select version() as v'))[0].v).split(' on ')[0];
  const cached = (await q(`select 1 from pg_database where datname = '${tpl}'`)).length > 0;
  const t = Date.now();
  let titleSource = '';
  if (!cached) {
    const partial = `${tpl}_partial`;
    await q(`drop database if exists ${partial} with (force)`);
    await q(`create database ${partial}`);
    log(`PostgreSQL corpus: generating ${N} documents into ${partial} (kept as the template ${tpl})`);
    const h = openDatabase(urlOf(partial));
    titleSource = await fill(h, async (plan) => {
      await insertKysely(h.db, plan);
    });
    await sql`analyze`.execute(h.db);
    await h.close();
    log('PostgreSQL corpus: building the search index (gongkai reindex)');
    cli(cliEnv(urlOf(partial)), ['reindex']);
    await q(`alter database ${partial} rename to ${tpl}`);
    await q(`comment on database ${tpl} is '${JSON.stringify({ titleSource, seconds: (Date.now() - t) / 1000 }).replaceAll("'", "''")}'`);
  }
  const meta = JSON.parse((await q<{ c: string }>(`select shobj_description(oid, 'pg_database') as c from pg_database where datname = '${tpl}'`))[0]?.c || '{}');
  const work = `gk_bench_${crypto.randomBytes(4).toString('hex')}`;
  await q(`create database ${work} template ${tpl}`);
  cleanups.push(async () => {
    await q(`drop database if exists ${work} with (force)`);
  });
  log(`PostgreSQL corpus: ${cached ? 'cached' : 'built'} template ${tpl} (drop it to rebuild), working on ${work}`);
  return { label: 'PostgreSQL', url: urlOf(work), dbName: work, version: `${version} (app pool ${process.env.PG_POOL_MAX || 10})`, cached, buildSeconds: meta.seconds ?? 0, titleSource: meta.titleSource ?? titleSource };
}

// ---------------------------------------------------------------------------------------------
interface Wrk {
  requests: number;
  duration_us: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/** CPU of wrk itself: our own reaped children's time (field cutime + cstime of /proc/self/stat). */
const selfChildrenUs = () => {
  const f = statFields('self')!;
  return (Number(f[13]) + Number(f[14])) * TICK_US;
};

async function wrk(base: string, pathsFile: string, mode: 'uniform' | 'zipf', seconds: number): Promise<Wrk> {
  const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', path.join(ROOT, 'bench/pages.lua'), base, '--', pathsFile, mode, String(ZIPF_S)];
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  children.delete(child);
  const m = /PAGESJSON (\{.*\})/.exec(out);
  if (code !== 0 || !m) throw new Error(`wrk exited ${code}: ${out}`);
  return JSON.parse(m[1]) as Wrk;
}

interface Server {
  name: 'app' | 'nginx' | 'bare Fastify';
  base: string;
  /** Process ids whose CPU counts (read again before each run: nginx workers are stable, the app is one). */
  pids: () => number[];
  paths: Record<MixKey, string>;
}

interface Run {
  db: string;
  mix: MixKey;
  server: Server['name'];
  round: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  socketErrors: number;
  badStatus: number;
  cpuUsPerReq: number;
  dbCpuUsPerReq: number | null;
  wrkCpuUsPerReq: number;
  settledMs: number;
  bytesPerReq: number;
  loadBefore: string;
  loadAfter: string;
}

/** Waits until the processes use < 5 % of a CPU over 200 ms (at most 60 s); returns how long that took. */
async function settle(pids: number[]): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < 300; i++) {
    const a = new Map(pids.map((p) => [p, cpuUs(p)]));
    await sleep(200);
    let used = 0;
    for (const [p, us] of a) used += Math.max(0, cpuUs(p) - us);
    if (used < (PROFILE ? 30_000 : 10_000)) break;
  }
  return performance.now() - t;
}

async function measure(db: Corpus, s: Server, mix: MixKey, round: number, seconds: number): Promise<Run> {
  const mode = mix === 'doc-zipf' ? 'zipf' : 'uniform';
  const pids = s.pids();
  // With PostgreSQL the app may be idle while its backends still work: they settle too.
  const settlePids = () => [...pids, ...(db.dbName && s.name === 'app' ? pgBackends(db.dbName).keys() : [])];
  await settle(settlePids()); // the previous run's requests still being worked off do not count here
  const loadBefore = loadavg();
  const pgBefore = db.dbName && s.name === 'app' ? pgBackends(db.dbName) : null;
  const wrkBefore = selfChildrenUs();
  const before = pids.reduce((a, p) => a + cpuUs(p), 0);
  const w = await wrk(s.base, s.paths[mix], mode, seconds);
  const wrkAfter = selfChildrenUs();
  // The requests in flight when wrk stopped (one a connection) are worked off and counted with this run.
  const settledMs = await settle(settlePids());
  const after = pids.reduce((a, p) => a + cpuUs(p), 0);
  let dbCpu: number | null = null;
  if (pgBefore) {
    const pgAfter = pgBackends(db.dbName!);
    dbCpu = 0;
    for (const [pid, us] of pgAfter) dbCpu += us - (pgBefore.get(pid) ?? 0);
  }
  const loadAfter = loadavg();
  const n = w.requests + CONNECTIONS;
  const r: Run = {
    db: db.label,
    mix,
    server: s.name,
    round,
    rps: w.requests / (w.duration_us / 1e6),
    p50: w.latency_ms.p50,
    p99: w.latency_ms.p99,
    requests: w.requests,
    socketErrors: w.errors.connect + w.errors.read + w.errors.write + w.errors.timeout,
    badStatus: w.errors.status,
    cpuUsPerReq: (after - before) / n,
    dbCpuUsPerReq: dbCpu === null ? null : dbCpu / n,
    wrkCpuUsPerReq: (wrkAfter - wrkBefore) / Math.max(1, w.requests),
    settledMs,
    bytesPerReq: w.bytes / Math.max(1, w.requests),
    loadBefore,
    loadAfter,
  };
  log(
    `${db.label} r${round} ${mix.padEnd(11)} ${s.name.padEnd(12)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ` +
      `CPU ${r.cpuUsPerReq.toFixed(0)} µs/req${r.dbCpuUsPerReq !== null ? ` + db ${r.dbCpuUsPerReq.toFixed(0)}` : ''}  wrk ${r.wrkCpuUsPerReq.toFixed(0)}  settled ${(settledMs / 1000).toFixed(1)} s  errors ${r.socketErrors}/${r.badStatus}  load ${loadBefore} → ${loadAfter}`,
  );
  return r;
}

// ---------------------------------------------------------------------------------------------
async function startNginx(www: string, headers: Record<string, Record<string, string>>): Promise<{ base: string; version: string; pids: () => number[] }> {
  const version = (execFileSync('sh', ['-c', 'nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1'], { encoding: 'utf8' }).match(/nginx\/\S+/) ?? ['nginx'])[0];
  const bin = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const port = await freePort();
  const dir = path.join(tmp, 'nginx');
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  const esc = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
  // One location per kind of page, with the headers the app sent for it (nginx adds Server, Date,
  // Last-Modified, Accept-Ranges of its own; ETag off).
  const locations = Object.entries(headers)
    .map(([kind, hs]) => {
      const type = hs['content-type'] ?? 'text/html; charset=utf-8';
      const adds = Object.entries(hs)
        .filter(([k]) => k !== 'content-type')
        .map(([k, v]) => `      add_header ${k} "${esc(v)}" always;`)
        .join('\n');
      return `    location /${kind}/ {\n      types { }\n      default_type "${esc(type)}";\n${adds}\n    }`;
    })
    .join('\n');
  fs.writeFileSync(
    conf,
    `# generated by bench/pages.bench.ts
worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  etag off;
  server_tokens off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  open_file_cache max=20000 inactive=60s;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${www};
${locations}
  }
}
`,
  );
  const child = spawn(bin, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/h/0.html`)).ok) break;
    } catch {}
    if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start (see ${dir}/error.log)`);
    await sleep(100);
  }
  const master = child.pid!;
  const workers = childPids(master);
  cleanups.push(async () => void child.kill('SIGTERM'));
  return { base, version, pids: () => [master, ...workers] };
}

async function startBare(www: string, headersFile: string): Promise<{ base: string; pid: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/bare-server.mjs'), www, headersFile, String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('READY')) resolve();
    });
    child.once('exit', (c) => reject(new Error(`bare Fastify exited ${c}`)));
  });
  cleanups.push(async () => void child.kill('SIGTERM'));
  return { base: `http://127.0.0.1:${port}`, pid: child.pid! };
}

// ---------------------------------------------------------------------------------------------
interface DbOutcome {
  corpus: Corpus;
  runs: Run[];
  published: number;
  startToFirstPageMs: number;
  /** A search right after the first page (the warm-up running): wall and the server's CPU. */
  firstSearch: { ms: number; cpuMs: number };
  laterSearchMs: number;
  /** The first search of a restarted process once its warm-up has finished. */
  warmSearch: { ms: number; cpuMs: number };
  /** The same search later in that process, not from the page cache (median of 3 by CPU). */
  uncachedSearch: { ms: number; cpuMs: number };
  /** From listen to the search warm-up's end (its log line); NaN when it logged none. */
  warmupMs: number;
  waitedMs: number;
  waitNote: string;
  memory: { rss: number; anon: number };
  saved: Record<string, { count: number; bytes: number }>;
  searchHits: { q: string; total: number }[];
  hotDoc: string;
  listUrls: number;
  nginxVersion: string;
  searchQueries: number;
}

const ENC = encodeURIComponent;

async function fetchTimed(url: string, attempts = 3): Promise<{ status: number; ms: number; body: Buffer; headers: Headers }> {
  for (let i = 1; ; i++) {
    const t = performance.now();
    try {
      // As wrk asks: no Accept-Encoding (fetch would ask for gzip/br and hand back the decoded bytes).
      const r = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
      const body = Buffer.from(await r.arrayBuffer());
      return { status: r.status, ms: performance.now() - t, body, headers: r.headers };
    } catch (err) {
      // A kept-alive connection the server has just closed: once more on a new one.
      if (i >= attempts) throw new Error(`${url}: ${(err as Error).message} (${String((err as { cause?: unknown }).cause ?? '')})`);
      log(`warning: ${url}: ${(err as Error).message} (${String((err as { cause?: unknown }).cause ?? '')}); again`);
    }
  }
}

async function runDb(corpus: Corpus): Promise<DbOutcome> {
  const dir = path.join(tmp, corpus.label.toLowerCase());
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: corpus.url,
    DATA_DIR: path.join(dir, 'files'),
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    WORKERS: APP_WORKERS,
    PG_POOL_MAX: process.env.PG_POOL_MAX || '10',
  };
  // 1. The server as `npm start` runs it (started twice: once to save the static copies, then afresh for the
  //    measurements, so no page is in its cache from the saving; the second start is the "restart" figure).
  const base = `http://127.0.0.1:${port}`;
  let profiled = 0;
  const startServer = async (logLevel = 'warn') => {
    const t0 = performance.now();
    const prof = PROFILE && profiled++ === 1 ? ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'prof')}`] : [];
    // With the Node.js flags of `npm start` (package.json scripts.start: --max-semi-space-size, issue 15 memory).
    const startFlags = String(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? '').split(/\s+/).filter((a) => a.startsWith('--'));
    const child = spawn(process.execPath, [...startFlags, ...prof, BIN, 'serve'], { cwd: ROOT, env: { ...env, LOG_LEVEL: logLevel }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const out = { text: '' };
    child.stdout!.on('data', (d) => (out.text += d));
    child.stderr!.on('data', (d) => (out.text += d));
    cleanups.push(async () => void child.kill('SIGTERM'));
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${out.text}`);
      try {
        if ((await fetch(`${base}/`)).status === 200) break;
      } catch {}
      if (i > 3000) throw new Error(`no page served after 300 s: ${out.text}`);
      await sleep(100);
    }
    return { child, out, firstPageMs: performance.now() - t0 };
  };
  const stopServer = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  log(`${corpus.label}: node bin/gongkai.js serve`);
  let { child: server, out: serverOut, firstPageMs: startToFirstPageMs } = await startServer();
  log(`${corpus.label}: first page ${(startToFirstPageMs / 1000).toFixed(1)} s after start`);

  // 2. Background work finished before anything is measured.
  const h = openDatabase(corpus.url);
  const count = async (q: any) => Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const waitForBackground = async (pid: number) => {
    const tw = performance.now();
    let note = '';
    for (let i = 0; ; i++) {
      const health = await fetch(`${base}/healthz`).then((r) => r.status).catch(() => 0);
      const published = await count(h.db.selectFrom('documents').where('status', '=', 'published').where('disclosure', '=', '主动公开'));
      const indexed = await count(h.db.selectFrom('search_docs'));
      const pending = await count(h.db.selectFrom('platform_events').where('delivered_at', 'is', null).where('attempts', '<', 20));
      if (health === 200 && indexed >= published && pending === 0) {
        note = `/healthz 200 (serve applies migrations before it listens), search index ${indexed} of ${published} published documents, 0 undelivered events`;
        break;
      }
      if (i % 50 === 0) log(`${corpus.label}: waiting for background work: healthz ${health}, indexed ${indexed} of ${published}, ${pending} undelivered events`);
      if (i > 3000) throw new Error(`background work not finished after 300 s (indexed ${indexed} of ${published}, ${pending} events)`);
      await sleep(100);
    }
    // Idle: below 2 % of a CPU for 2 s in a row (15 % under --cpu-prof, whose sampling costs CPU itself).
    const idle = PROFILE ? 150_000 : 20_000;
    let quiet = 0;
    let used = 0;
    let idleNote = `then the app's CPU below ${idle / 10_000} % for 2 s in a row`;
    for (let i = 0; quiet < 2; i++) {
      const a = cpuUs(pid);
      await sleep(1000);
      used = cpuUs(pid) - a;
      quiet = used < idle ? quiet + 1 : 0;
      if (i % 15 === 14) log(`${corpus.label}: waiting for the app to become idle: ${(used / 10_000).toFixed(0)} % of a CPU in the last second`);
      if (i >= 120) {
        idleNote = `**the app did not become idle within 120 s (${(used / 10_000).toFixed(0)} % of a CPU in the last second): measured anyway**`;
        log(`${corpus.label}: warning: ${idleNote}`);
        break;
      }
    }
    const ms = performance.now() - tw;
    note += `; ${idleNote} (waited ${(ms / 1000).toFixed(1)} s in all)`;
    log(`${corpus.label}: background work finished: ${note}`);
    return { note, ms };
  };
  await waitForBackground(server.pid!);

  // 3. The URL sets.
  const ids = (await h.db.selectFrom('documents').select('id').where('status', '=', 'published').where('disclosure', '=', '主动公开').orderBy('id').execute()).map((r) => r.id as number);
  const withAtt = (await h.db.selectFrom('documents').innerJoin('attachments', 'attachments.document_id', 'documents.id').select('documents.id').where('documents.status', '=', 'published').where('documents.disclosure', '=', '主动公开').orderBy('documents.id').execute()).map((r) => r.id as number);
  const hotId = withAtt[Math.floor(withAtt.length / 2)] ?? ids[Math.floor(ids.length / 2)];
  const units = new Map((await h.db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.id as number, u.code as string]));
  const groups = await h.db
    .selectFrom('documents')
    .select(['unit_id', 'column_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'published')
    .where('disclosure', '=', '主动公开')
    .groupBy(['unit_id', 'column_code'])
    .execute();
  const listCandidates: string[] = [...new Set([...units.values()])].map((c) => `/xxgk/catalog/${ENC(c)}`);
  for (const g of groups) {
    const code = units.get(g.unit_id as number);
    if (!code || !g.column_code) continue;
    const pages = Math.min(5, Math.ceil(Number(g.n) / 20));
    for (let p = 1; p <= pages; p++) listCandidates.push(`/xxgk/catalog/${ENC(code)}?column=${ENC(g.column_code as string)}&page=${p}`);
  }
  const listUrls = shuffle(listCandidates, 15).slice(0, LIST_URLS);
  const evalQueries = [...new Set((JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/search-eval/queries.json'), 'utf8')).queries as { q: string }[]).map((q) => q.q))];
  // Each one-word common query and each zero-result query 10 times: together about a quarter of the mix.
  const searchQueries = [...evalQueries, ...[...COMMON, ...ZERO].flatMap((q) => Array(10).fill(q))];

  // 4. Save what the static side serves: fetched once from the app.
  const www = path.join(dir, 'www');
  const headers: Record<string, Record<string, string>> = {};
  const saved: Record<string, { count: number; bytes: number }> = {};
  const staticPath = new Map<string, string>();
  const toSave: { kind: string; url: string }[] = [];
  const docSample = [...new Set([hotId, ...shuffle(ids, 16).slice(0, STATIC_DOCS)])];
  for (const id of docSample) toSave.push({ kind: 'd', url: `/xxgk/documents/${id}` });
  for (const u of listUrls) toSave.push({ kind: 'l', url: u });
  toSave.push({ kind: 'h', url: '/' });
  for (const q of new Set([...searchQueries, ...TWO_WORDS])) toSave.push({ kind: 's', url: `/search?q=${ENC(q)}` });
  const skip = new Set(['content-encoding', 'date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'etag', 'last-modified', 'set-cookie', 'server']);
  let next = 0;
  const counters = new Map<string, number>();
  const failed: string[] = [];
  const ts = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < toSave.length) {
        const { kind, url } = toSave[next++];
        const r = await fetchTimed(base + url);
        if (r.status !== 200) {
          failed.push(`${url} ${r.status}`);
          continue;
        }
        if (!headers[kind]) {
          headers[kind] = {};
          r.headers.forEach((v, k) => {
            if (!skip.has(k)) headers[kind][k] = v;
          });
        }
        const i = counters.get(kind) ?? 0;
        counters.set(kind, i + 1);
        fs.mkdirSync(path.join(www, kind), { recursive: true, mode: 0o755 });
        fs.writeFileSync(path.join(www, kind, `${i}.html`), r.body, { mode: 0o644 });
        staticPath.set(url, `/${kind}/${i}.html`);
        saved[kind] = { count: i + 1, bytes: (saved[kind]?.bytes ?? 0) + r.body.length };
      }
    }),
  );
  if (failed.length) log(`${corpus.label}: ${failed.length} URLs did not answer 200 and are left out: ${failed.slice(0, 5).join(', ')}`);
  log(`${corpus.label}: saved ${[...counters].map(([k, n]) => `${k} ${n}`).join(', ')} pages in ${((performance.now() - ts) / 1000).toFixed(1)} s`);
  const headersFile = path.join(dir, 'headers.json');
  fs.writeFileSync(headersFile, JSON.stringify(headers, null, 2));
  const searchHits: { q: string; total: number }[] = [];
  for (const q of [...COMMON, ...ZERO, ...TWO_WORDS]) {
    const r = await fetch(`${base}/api/v1/search?q=${ENC(q)}`);
    const j = (await r.json().catch(() => ({}))) as { total?: number };
    searchHits.push({ q, total: Number(j.total ?? NaN) });
  }
  log(`${corpus.label}: hits: ${searchHits.map((s) => `${s.q} ${s.total}`).join(', ')}`);

  // Restart: the measured process has seen none of the saving requests.
  await stopServer(server);
  ({ child: server, out: serverOut, firstPageMs: startToFirstPageMs } = await startServer());
  // A search timed with the server's CPU meanwhile (its own work: nothing else asks it anything then).
  const searchTimed = async (url: string) => {
    const c0 = cpuUs(server.pid!);
    const r = await fetchTimed(url);
    return { ms: r.ms, cpuMs: (cpuUs(server.pid!) - c0) / 1000 };
  };
  const q2 = `${base}/search?q=${ENC(TWO_WORDS[0])}`;
  // (1) The worst case: a search right after the first page, while the search warm-up (from listen on) still runs.
  const firstSearch = await searchTimed(q2);
  const laterSearch = await fetchTimed(q2);
  log(`${corpus.label}: restarted: first page ${(startToFirstPageMs / 1000).toFixed(1)} s after start; first search ${firstSearch.ms.toFixed(0)} ms (${firstSearch.cpuMs.toFixed(0)} ms CPU), the same again ${laterSearch.ms.toFixed(0)} ms (page cache)`);
  // "The same again" is answered from the page cache, so it is no measure of a later search: restart once more, wait
  // for the warm-up's end (its log line, 检索预热完成, gives its duration from listen) and for background work, then
  // (2) the first search of that process — what a visitor's first search after start costs — and (3) the same search
  // later, not from the page cache (&n=…: a URL of its own), the median of three.
  await stopServer(server);
  // (info: the warm-up's end is an info line; the app logs no line per request without ACCESS_LOG=1.)
  ({ child: server, out: serverOut } = await startServer('info'));
  let warmupMs = NaN;
  for (let i = 0; i < 600 && Number.isNaN(warmupMs); i++) {
    const m = /"warmupMs":(\d+)/.exec(serverOut.text);
    if (m) warmupMs = Number(m[1]);
    else await sleep(100);
  }
  await waitForBackground(server.pid!);
  const warmSearch = await searchTimed(q2);
  const later3 = [];
  for (let i = 1; i <= 3; i++) later3.push(await searchTimed(`${q2}&n=${i}`));
  later3.sort((a, b) => a.cpuMs - b.cpuMs);
  const uncachedSearch = later3[1];
  log(`${corpus.label}: restarted again: search warm-up finished ${warmupMs} ms after listen; the first search then ${warmSearch.ms.toFixed(0)} ms (${warmSearch.cpuMs.toFixed(0)} ms CPU); later, not cached, ${uncachedSearch.ms.toFixed(0)} ms (${uncachedSearch.cpuMs.toFixed(0)} ms CPU, median of 3)`);
  const { note, ms: waitedMs } = await waitForBackground(server.pid!);
  await h.close();

  // 5. Paths files: the app gets the real URLs (documents over the whole corpus); the static side the
  //    saved copies (documents: the sample). Zipf: the file's order is the rank order.
  const write = (name: string, paths: string[]) => {
    const f = path.join(dir, `${name}.paths`);
    fs.writeFileSync(f, paths.join('\n') + '\n');
    return f;
  };
  const okUrl = (u: string) => staticPath.has(u);
  const appPaths: Record<MixKey, string> = {
    'doc-hot': write('app-doc-hot', [`/xxgk/documents/${hotId}`]),
    'doc-uniform': write('app-doc-uniform', ids.map((id) => `/xxgk/documents/${id}`)),
    'doc-zipf': write('app-doc-zipf', shuffle(ids, 17).map((id) => `/xxgk/documents/${id}`)),
    list: write('app-list', listUrls.filter(okUrl)),
    home: write('app-home', ['/']),
    search: write('app-search', searchQueries.map((q) => `/search?q=${ENC(q)}`).filter(okUrl)),
    search2: write('app-search2', TWO_WORDS.map((q) => `/search?q=${ENC(q)}`).filter(okUrl)),
  };
  const st = (urls: string[]) => urls.filter(okUrl).map((u) => staticPath.get(u)!);
  const docSampleUrls = docSample.slice(1).map((id) => `/xxgk/documents/${id}`);
  const staticPaths: Record<MixKey, string> = {
    'doc-hot': write('static-doc-hot', st([`/xxgk/documents/${hotId}`])),
    'doc-uniform': write('static-doc-uniform', st(docSampleUrls)),
    'doc-zipf': write('static-doc-zipf', st(shuffle(docSampleUrls, 18))),
    list: write('static-list', st(listUrls)),
    home: write('static-home', st(['/'])),
    search: write('static-search', st(searchQueries.map((q) => `/search?q=${ENC(q)}`))),
    search2: write('static-search2', st(TWO_WORDS.map((q) => `/search?q=${ENC(q)}`))),
  };

  // 6. nginx and the bare Fastify route.
  const nginx = await startNginx(www, headers);
  const bare = await startBare(www, headersFile);
  for (const [u, p] of [[`/xxgk/documents/${hotId}`, staticPath.get(`/xxgk/documents/${hotId}`)!], ['/', '/h/0.html']]) {
    const a = (await fetchTimed(base + u)).body;
    const b = (await fetchTimed(nginx.base + p)).body;
    const c = (await fetchTimed(bare.base + p)).body;
    if (!a.equals(b) || !a.equals(c)) log(`${corpus.label}: warning: ${u} differs between the app and its saved copy (${a.length} / ${b.length} / ${c.length} bytes)`);
  }
  log(`${corpus.label}: app ${base} (pid ${server.pid}), ${nginx.version} ${nginx.base} (${nginx.pids().length - 1} workers), bare Fastify ${bare.base}`);
  const servers: Server[] = [
    { name: 'app', base, pids: () => [server.pid!, ...childPids(server.pid!)], paths: appPaths },
    { name: 'nginx', base: nginx.base, pids: nginx.pids, paths: staticPaths },
    { name: 'bare Fastify', base: bare.base, pids: () => [bare.pid], paths: staticPaths },
  ];

  // 7. The runs: every mix, app / nginx / bare Fastify one after the other, ROUNDS rounds.
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mix of mixes) {
      if (round === 1 && WARMUP > 0) await wrk(base, appPaths[mix.key], mix.key === 'doc-zipf' ? 'zipf' : 'uniform', WARMUP);
      for (const s of servers) runs.push(await measure(corpus, s, mix.key, round, SECONDS));
    }
  }
  const memory = rssOf(server.pid!);
  await stopServer(server);
  const profDir = path.join(dir, 'prof');
  if (PROFILE && fs.existsSync(profDir)) {
    // The main thread's profile is the big one (the others are worker threads).
    const f = fs.readdirSync(profDir).sort((a, b) => fs.statSync(path.join(profDir, b)).size - fs.statSync(path.join(profDir, a)).size)[0];
    if (f) {
      const dest = path.join(ROOT, 'bench/results', `pages-${corpus.label.toLowerCase()}-${f}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(path.join(profDir, f), dest);
      log(`${corpus.label}: CPU profile of the measured app: ${path.relative(ROOT, dest)}\n${summariseProfile(dest)}`);
    }
  }
  const errLines = serverOut.text.split('\n').filter((l) => /"level":(50|60)|Error/.test(l));
  if (errLines.length) log(`${corpus.label}: server log errors:\n${errLines.slice(0, 10).join('\n')}`);
  for (const c of children) if (c.exitCode === null && c !== server) c.kill('SIGTERM');
  return {
    corpus,
    runs,
    published: ids.length,
    startToFirstPageMs,
    firstSearch,
    laterSearchMs: laterSearch.ms,
    warmSearch,
    uncachedSearch,
    warmupMs,
    waitedMs,
    waitNote: note,
    memory,
    saved,
    searchHits,
    hotDoc: `/xxgk/documents/${hotId}`,
    listUrls: listUrls.filter(okUrl).length,
    nginxVersion: nginx.version,
    searchQueries: searchQueries.length,
  };
}

// ---------------------------------------------------------------------------------------------
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');

interface Summary {
  mix: MixKey;
  server: Server['name'];
  rps: number;
  p50: number;
  p99: number;
  cpu: number;
  dbCpu: number | null;
  errors: number;
}

function summarise(o: DbOutcome) {
  const rows: Summary[] = [];
  const ratios = new Map<MixKey, { nginx: number; bare: number; cpuNginx: number; cpuBare: number }>();
  for (const m of mixes) {
    for (const s of ['app', 'nginx', 'bare Fastify'] as const) {
      const rs = o.runs.filter((r) => r.mix === m.key && r.server === s);
      if (!rs.length) continue;
      const db = rs.map((r) => r.dbCpuUsPerReq).filter((x): x is number => x !== null);
      rows.push({ mix: m.key, server: s, rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), cpu: median(rs.map((r) => r.cpuUsPerReq)), dbCpu: db.length ? median(db) : null, errors: rs.reduce((a, r) => a + r.socketErrors + r.badStatus, 0) });
    }
    // Ratios per round (the three ran within a minute of each other), then the median over rounds.
    const per = (other: Server['name'], f: (a: Run, b: Run) => number) =>
      median(
        Array.from({ length: ROUNDS }, (_, i) => {
          const a = o.runs.find((r) => r.mix === m.key && r.server === 'app' && r.round === i + 1);
          const b = o.runs.find((r) => r.mix === m.key && r.server === other && r.round === i + 1);
          return a && b ? f(a, b) : NaN;
        }),
      );
    const appCpu = (a: Run) => a.cpuUsPerReq + (a.dbCpuUsPerReq ?? 0);
    ratios.set(m.key, {
      nginx: per('nginx', (a, b) => a.rps / b.rps),
      bare: per('bare Fastify', (a, b) => a.rps / b.rps),
      cpuNginx: per('nginx', (a, b) => b.cpuUsPerReq / appCpu(a)),
      cpuBare: per('bare Fastify', (a, b) => b.cpuUsPerReq / appCpu(a)),
    });
  }
  return { rows, ratios };
}

function verdicts(outcomes: DbOutcome[]): string[] {
  const out: string[] = [];
  const mark = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? '**met**' : '**not met**');
  for (const o of outcomes) {
    const { rows, ratios } = summarise(o);
    const L = o.corpus.label;
    const app = (m: MixKey) => rows.find((r) => r.mix === m && r.server === 'app');
    for (const m of ['doc-hot', 'list', 'home'] as MixKey[]) {
      const r = ratios.get(m);
      if (!r) continue;
      const ok = r.nginx >= 0.4 && r.bare >= 0.8;
      out.push(`- ${L}, cached public page (${m}${m === 'list' ? `, ${fmt(o.listUrls)} URLs: cached as far as the app's page cache holds them` : ''}): ${fmt(r.nginx, 2)}× nginx (target ≥ 0.4×), ${fmt(r.bare, 2)}× bare Fastify (target ≥ 0.8×, i.e. within 1.25×); by CPU per request ${fmt(r.cpuNginx, 2)}× / ${fmt(r.cpuBare, 2)}× — ${mark(ok)}`);
    }
    const u = ratios.get('doc-uniform');
    const ua = app('doc-uniform');
    if (u && ua) out.push(`- ${L}, uncached document page at random over ${fmt(o.published)} documents: ${fmt(u.nginx, 2)}× nginx (target ≥ 0.15×), p99 ${fmt(ua.p99, 1)} ms (target < 50 ms) — ${mark(u.nginx >= 0.15 && ua.p99 < 50)}`);
    const s2 = app('search2');
    if (s2) {
      const cpu = s2.cpu + (s2.dbCpu ?? 0);
      out.push(`- ${L}, search results page, 2 common words at ${fmt(o.published)} documents: ${fmt(s2.rps)} searches/s, ${fmt(cpu / 1000, 1)} ms CPU each${s2.dbCpu !== null ? ' (app + database)' : ''} (target ≥ 300/s, ≈ 3 ms CPU) — ${mark(s2.rps >= 300)}; caveat: /search goes through the page cache since 07c370e and this mix repeats ${TWO_WORDS.length} URLs, so it measures cached pages — a 2-word search not in the cache costs ~25 ms CPU (bench/search-cpu.bench.ts)`);
    }
    const fs_ = (x: { ms: number; cpuMs: number }) => `${fmt(x.ms)} ms (${fmt(x.cpuMs)} ms CPU)`;
    const asLater = (x: { cpuMs: number }) => x.cpuMs <= Math.max(1.25 * o.uncachedSearch.cpuMs, o.uncachedSearch.cpuMs + 20);
    out.push(`- ${L}, search warm-up after start: finished ${fmt(o.warmupMs)} ms after listen (its log line)`);
    out.push(`- ${L}, first search after start, sent once the warm-up has finished: ${fs_(o.warmSearch)}; the same search later, not cached: ${fs_(o.uncachedSearch)} (target: as fast as later ones, judged by CPU within 1.25× or 20 ms) — ${mark(asLater(o.warmSearch))}`);
    out.push(`- ${L}, worst case, a search sent right after the first page (while the warm-up runs): ${fs_(o.firstSearch)}; from the page cache again: ${fmt(o.laterSearchMs)} ms — ${asLater(o.firstSearch) ? 'as fast as later ones' : 'slower than later ones: it loads what the warm-up has not loaded yet'}`);
    out.push(`- ${L}, restart to first served page (a fresh process on the prepared database, ${fmt(o.published)} documents, index built): ${fmt(o.startToFirstPageMs / 1000, 1)} s (target ≤ 3 s) — ${mark(o.startToFirstPageMs <= 3000)}`);
    out.push(`- ${L}, own memory after the runs (RssAnon; RSS ${fmt(o.memory.rss / 2 ** 20)} MB including mapped files): ${fmt(o.memory.anon / 2 ** 20)} MB (target ≤ 200 MB at 100k) — ${N >= 100_000 ? mark(o.memory.anon <= 200 * 2 ** 20) : 'not judged below 100k documents'}`);
  }
  const sq = outcomes.find((o) => o.corpus.label === 'SQLite');
  const pq = outcomes.find((o) => o.corpus.label === 'PostgreSQL');
  if (sq && pq) {
    const cpu = (o: DbOutcome, m: MixKey) => {
      const r = summarise(o).rows.find((x) => x.mix === m && x.server === 'app');
      return r ? r.cpu + (r.dbCpu ?? 0) : NaN;
    };
    for (const m of ['search', 'search2'] as MixKey[]) {
      const ratio = cpu(pq, m) / cpu(sq, m);
      out.push(`- PostgreSQL search within 3× of SQLite (${m}, CPU per search, app + database server): ${fmt(ratio, 2)}× — ${mark(ratio <= 3)}`);
    }
  } else out.push('- PostgreSQL search within 3× of SQLite: not measured in this run (BENCH_DB=both)');
  return out;
}

/** The share of Zipf(ZIPF_S) requests over n ranks that fall on the top `top` fraction. */
function zipfShare(n: number, top: number): number {
  let all = 0;
  let head = 0;
  const k = Math.max(1, Math.round(n * top));
  for (let i = 1; i <= n; i++) {
    const w = 1 / i ** ZIPF_S;
    all += w;
    if (i <= k) head += w;
  }
  return head / all;
}

function markdown(outcomes: DbOutcome[], startedAt: string, loadStart: string, loadEnd: string, seconds: number): string {
  const cpuModel = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [, '?'])[1];
  const wrkVersion = (spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.match(/wrk \S+/) ?? ['wrk'])[0];
  const nproc = os.availableParallelism();
  const L: string[] = [];
  L.push(HEADING, '');
  L.push(`Measured by \`npm run bench\` (bench/pages.bench.ts, wrk script bench/pages.lua, bare route bench/bare-server.mjs), started ${startedAt}, ${fmt(seconds / 60, 1)} min in all.`);
  L.push(`Settings: ${fmt(N)} documents, ${SECONDS} s per run, ${ROUNDS} rounds, ${CONNECTIONS} connections, wrk ${THREADS} threads${QUICK ? ' (**BENCH_QUICK smoke run — not the real numbers**)' : ''}.`);
  L.push('');
  L.push('This section replaces the autocannon-based "Portal pages (issue 2)" one. Its 0.73× nginx did not hold: autocannon runs in');
  L.push("one Node.js thread and could not load nginx (it got 3.9–4.6k req/s from nginx where wrk got 11.5–12k in the same minute), it");
  L.push('requested one URL again and again, and one rerun measured while the search index was still being rebuilt in the background.');
  L.push('');
  L.push('### Machine');
  L.push('');
  L.push('| | |', '|---|---|');
  L.push(`| CPUs (\`nproc\`) | ${nproc} |`, `| CPU model | ${cpuModel} |`, `| Memory | ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB |`, `| OS | ${os.type()} ${os.release()} |`);
  L.push(`| Node.js | ${process.version} |`, `| Load generator | ${wrkVersion} |`, `| nginx | ${outcomes[0]?.nginxVersion ?? '?'} (\`worker_processes auto\`, access_log off, sendfile, open_file_cache, keep-alive) |`);
  for (const o of outcomes) L.push(`| ${o.corpus.label} | ${o.corpus.version} |`);
  L.push(`| Load average at start / end (1/5/15 min) | ${loadStart} → ${loadEnd} |`);
  L.push('');
  L.push(`The app (\`node bin/gongkai.js serve\`, one process), nginx (${nproc} workers), the bare Fastify route, wrk and PostgreSQL share these`);
  L.push('CPUs, and other work ran on the machine: absolute req/s are noisy. What counts are the ratios taken in the same round (app,');
  L.push("nginx and bare Fastify one after the other within a minute) and the **CPU time per request**: the server's utime + stime from");
  L.push(`/proc/<pid>/stat divided by the requests of the run (app: its one process, all threads; nginx:`);
  L.push('master + workers; bare Fastify: its process; PostgreSQL: the backends serving the benchmark database, from /proc/<pid>/stat');
  L.push('of the `postgres:` processes whose command line names it). Before a run the servers are left to finish the previous run\'s');
  L.push(`requests (CPU below 5 % over 200 ms); after it they finish the ${CONNECTIONS} requests in flight when wrk stopped (one a connection),`);
  L.push(`and the CPU until then is divided by wrk's completed requests + ${CONNECTIONS}. "wrk µs" is the load generator's own CPU per request.`);
  L.push('');
  L.push('### Method');
  L.push('');
  L.push('- Corpus: bench/generate.ts (deterministic; titles: ' + (outcomes[0]?.corpus.titleSource ?? '?') + '), search index built by `gongkai reindex`,');
  L.push('  cached under `$TMPDIR/gongkai-bench-cache` (SQLite file; PostgreSQL template database `gk_bench_tpl_…`) keyed by a hash of');
  L.push('  bench/generate.ts and the corpus version; each run works on a copy. ' + outcomes.map((o) => `${o.corpus.label}: ${o.corpus.cached ? 'from the cache' : `built in ${fmt(o.corpus.buildSeconds)} s`}`).join('; ') + '.');
  for (const o of outcomes) L.push(`- ${o.corpus.label}: before measuring, ${o.waitNote}.`);
  L.push('- Static side: every URL the static mixes use was fetched once from the app and saved; nginx serves the files and bench/bare-server.mjs');
  L.push('  (Fastify 5, one route, logger off) serves them from memory, both with the headers the app sent for that kind of page (content type,');
  L.push("  CSP and the other security headers, cache headers); nginx adds its own Server/Date/Last-Modified. Documents: the app's mixes draw");
  L.push(`  from the whole corpus; the static side from a sample of ${fmt(STATIC_DOCS)} saved pages (a static server's cost does not depend on which`);
  L.push('  file; holding 100k pages in the bare route\'s memory would not be a fair bare route either), with the same distribution.');
  L.push('- Mixes (wrk, bench/pages.lua; each request picks a path at random):');
  for (const m of mixes) {
    const o = outcomes[0];
    const extra =
      m.key === 'doc-hot' ? ` \`${o?.hotDoc}\`, the same URL every time` :
      m.key === 'doc-uniform' ? ` (app: ${fmt(o?.published ?? 0)} documents)` :
      m.key === 'doc-zipf' ? ` (rank order a fixed shuffle of the ids; the top 1 % of the documents get ${fmt(100 * zipfShare(o?.published ?? N, 0.01))} % of the requests)` :
      m.key === 'list' ? ` (${fmt(o?.listUrls ?? 0)} URLs: each unit's catalog page, and unit × column × page 1–5, sampled)` :
      m.key === 'search' ? ` (${fmt(o?.searchQueries ?? 0)} entries: the ${fmt((o?.searchQueries ?? 60) - 60)} distinct queries of bench/search-eval/queries.json, and each of ${COMMON.join(' ')} and the zero-result ${ZERO.join(' ')} 10 times)` :
      m.key === 'search2' ? ` (${TWO_WORDS.join('、')})` : '';
    L.push(`  - **${m.key}**: ${m.label}${extra}`);
  }
  if (outcomes[0]) L.push(`- Hits (API) — ${outcomes.map((o) => `${o.corpus.label}: ` + o.searchHits.map((s) => `${s.q} ${fmt(s.total)}`).join(', ')).join('; ')}.`);
  L.push(`- Each mix: a ${WARMUP} s wrk warm-up on the app before round 1 (discarded), then per round app, nginx, bare Fastify for ${SECONDS} s each.`);
  L.push('  Every request is an anonymous GET without cookies and without Accept-Encoding.');
  L.push('');
  L.push('### Targets (issue 15)');
  L.push('');
  L.push(...verdicts(outcomes));
  L.push('- Not measured here: the annual report (`npm run bench:reports`), search API speed against the bare FTS query and relevance');
  L.push('  (`npm run bench:search`), restart with the calendar recomputation, memory at 1M documents, WORKERS scaling on ≥ 4 cores.');
  L.push('');
  for (const o of outcomes) {
    const { rows, ratios } = summarise(o);
    L.push(`### ${o.corpus.label}: medians over ${ROUNDS} rounds`);
    L.push('');
    L.push('| Mix | Served by | req/s | p50 ms | p99 ms | CPU µs/req | DB CPU µs/req | errors | app/nginx req/s | app/bare req/s | app/nginx by CPU | app/bare by CPU |');
    L.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      const q = r.server === 'app' ? ratios.get(r.mix) : undefined;
      L.push(`| ${r.mix} | ${r.server} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.cpu)} | ${r.dbCpu === null ? '' : fmt(r.dbCpu)} | ${r.errors} | ${q ? fmt(q.nginx, 3) + '×' : ''} | ${q ? fmt(q.bare, 2) + '×' : ''} | ${q ? fmt(q.cpuNginx, 3) + '×' : ''} | ${q ? fmt(q.cpuBare, 2) + '×' : ''} |`);
    }
    L.push('');
    L.push('"by CPU": the other server\'s CPU per request divided by the app\'s (app + database server on PostgreSQL), i.e. the throughput ratio');
    L.push('if each had the CPUs to itself. Saved pages: ' + Object.entries(o.saved).map(([k, v]) => `${{ d: 'documents', l: 'lists', h: 'home', s: 'search' }[k] ?? k} ${fmt(v.count)} (mean ${fmt(v.bytes / v.count)} B)`).join(', ') + '.');
    L.push('');
    L.push(`<details><summary>${o.corpus.label}: every run</summary>`);
    L.push('');
    L.push('| Round | Mix | Served by | req/s | p50 ms | p99 ms | requests | socket errors | non-2xx/3xx | CPU µs/req | DB CPU µs/req | wrk µs/req | B/req | load before → after |');
    L.push('|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of o.runs)
      L.push(`| ${r.round} | ${r.mix} | ${r.server} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.requests)} | ${r.socketErrors} | ${r.badStatus} | ${fmt(r.cpuUsPerReq)} | ${r.dbCpuUsPerReq === null ? '' : fmt(r.dbCpuUsPerReq)} | ${fmt(r.wrkCpuUsPerReq)} | ${fmt(r.bytesPerReq)} | ${r.loadBefore} → ${r.loadAfter} |`);
    L.push('');
    L.push('</details>');
    L.push('');
  }
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------
async function main() {
  setUp();
  const t0 = Date.now();
  const startedAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  execFileSync('bash', [path.join(ROOT, 'bench/setup.sh')], { stdio: 'inherit' });
  const loadStart = loadavg();
  if (os.loadavg()[0] > os.availableParallelism() * 0.5) log(`warning: load average ${loadStart} on ${os.availableParallelism()} CPUs: other work shares the CPUs`);
  // Load, warm-ups, ~0.5 s settling a run, and about 2 min for the two starts and saving the static copies.
  const est = ROUNDS * mixes.length * 3 * (SECONDS + 0.5) + mixes.length * WARMUP + (QUICK ? 60 : 120);
  log(`${N} documents, ${mixes.length} mixes × 3 servers × ${ROUNDS} rounds × ${SECONDS} s: about ${fmt(est / 60, 1)} min per database once the corpus is cached`);
  const outcomes: DbOutcome[] = [];
  if (WHICH === 'sqlite' || WHICH === 'both') outcomes.push(await runDb(await sqliteCorpus()));
  if (WHICH === 'postgres' || WHICH === 'both') {
    const c = await postgresCorpus();
    if (c) outcomes.push(await runDb(c));
  }
  for (const c of cleanups.splice(0)) await c().catch(() => {});
  const md = markdown(outcomes, startedAt, loadStart, loadavg(), (Date.now() - t0) / 1000);
  console.log('\n' + md);
  if (WRITE_DOCS) {
    writeSection(DOCS_FILE, md + keptNotes(DOCS_FILE), HEADING, ['## Portal pages (issue 2)']);
    log(`${path.relative(ROOT, DOCS_FILE)} updated`);
  } else log('docs/performance.md not touched (BENCH_QUICK or BENCH_NO_DOCS; BENCH_DOCS_FILE=<file> to write one)');
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * The subsections of the section in `file` that engineers wrote by hand beside the measured figures — a "### " heading
 * with a session tag such as "(HOT15, session 10)" or "(SP15)" — kept below the new figures instead of being replaced.
 */
export function keptNotes(file: string): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(HEADING);
  if (start < 0) return '';
  const next = text.indexOf('\n## ', start + 5);
  const section = text.slice(start, next < 0 ? undefined : next + 1);
  const kept = section
    .split(/\n(?=### )/)
    .slice(1)
    .filter((block) => /^### [^\n]*\([A-Z]{1,4}\d{2}\b/.test(block));
  return kept.length ? '\n' + kept.map((b) => b.trimEnd() + '\n').join('\n') : '';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then(() => process.exit(0))
    .catch(async (err) => {
      console.error(err);
      for (const c of cleanups) await c().catch(() => {});
      process.exit(1);
    });
}
