// Restart to first served page, and the process's own memory (issue 15).
//
// A SQLite database with BENCH_DOCS published documents (bench/generate.ts, search index built once) is made
// once and kept under the temp dir (keyed by N). Then, BENCH_RUNS times (default 5), a fresh server process is
// spawned exactly as `npm start` runs it (`node bin/gongkai.js serve`: the ahead-of-time build, built first if
// missing or stale) and the bench measures, from the spawn:
//   - wall time to the first 200 of `/` (polled every 10 ms) and then of one document page,
//   - the process's CPU time (user + system, /proc/<pid>/stat) at that moment — the figure that survives a
//     loaded machine.
// After the last run's first pages it requests BENCH_PAGES (1,000) random document pages and reads the
// process's own memory: RSS minus the resident part of the mapped database file (/proc/<pid>/smaps).
// Medians are printed; the raw runs too.
//
//   BENCH_DOCS=5000 node --import tsx bench/startup.bench.ts          # quick (~1 min the first time)
//   npm run bench:startup                                             # 100,000 documents (the target's size)
// Knobs: BENCH_DOCS (100000), BENCH_RUNS (5), BENCH_PAGES (1000), BENCH_FROM_SOURCE=1 (spawn
// `node --import tsx src/server.ts` instead, i.e. no ahead-of-time build: the "before" figure),
// BENCH_DIR (where the database is kept; default $TMPDIR/gongkai-startup-<N>), BENCH_PROFILE=1 (--cpu-prof into
// BENCH_DIR/prof for the first run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { openDatabase } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { planDocuments, insertSqlite, type UnitInfo } from './generate.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const N = Number(process.env.BENCH_DOCS || 100_000);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const PAGES = Number(process.env.BENCH_PAGES || 1000);
const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';
const DIR = process.env.BENCH_DIR || path.join(os.tmpdir(), `gongkai-startup-${N}`);
const DB_FILE = path.join(DIR, 'bench.db');
const TICK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
const log = (msg: string) => console.log(`[startup ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** CPU seconds (user + system) of a live process. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK; // utime, stime (fields 14, 15)
}

/** RSS, and the resident part of mappings of the database file (and its -wal/-shm), in bytes. */
function memory(pid: number, dbFile: string): { rss: number; dbMapped: number; own: number; parts: string } {
  let rss = 0;
  let dbMapped = 0;
  let current = '';
  const parts = new Map<string, number>();
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      current = head[1] ?? '';
      continue;
    }
    const m = /^Rss:\s+(\d+) kB/.exec(line);
    if (!m) continue;
    const b = Number(m[1]) * 1024;
    rss += b;
    if (current.startsWith(dbFile)) dbMapped += b;
    const kind = current.startsWith(dbFile) ? 'database' : !current ? 'anonymous (V8 heap, native allocations)' : current.startsWith('[') ? current : current.endsWith('.node') ? 'native addons' : 'other files (node, libraries)';
    parts.set(kind, (parts.get(kind) ?? 0) + b);
  }
  const shown = [...parts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1024 ** 2).toFixed(0)} MB`).join(', ');
  return { rss, dbMapped, own: rss - dbMapped, parts: shown };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function makeDatabase(): Promise<void> {
  if (fs.existsSync(path.join(DIR, 'ready'))) return;
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const t = Date.now();
  const url = `sqlite:${DB_FILE}`;
  let h = openDatabase(url);
  await prepareDatabase(h, { demo: false });
  const units = (await h.db.selectFrom('units').select(['id', 'code', 'name', 'type', 'index_prefix']).orderBy('position').execute()) as UnitInfo[];
  const terms = await h.db.selectFrom('terms').select(['kind', 'code', 'parent_code']).execute();
  await h.close();
  insertSqlite(DB_FILE, planDocuments(N, units, terms));
  log(`${N} documents inserted in ${((Date.now() - t) / 1000).toFixed(1)} s; building the search index (npx gongkai reindex)`);
  // The search index as a running site has it (a restart of a site, not its first start).
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'reindex'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fs.writeFileSync(path.join(DIR, 'ready'), new Date().toISOString());
  log(`database ready in ${((Date.now() - t) / 1000).toFixed(1)} s (${(fs.statSync(DB_FILE).size / 1024 ** 2).toFixed(0)} MB)`);
}

async function get(url: string): Promise<number> {
  try {
    const r = await fetch(url);
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0; // not listening yet
  }
}

interface Run {
  homeMs: number;
  docMs: number;
  cpuAtHome: number;
  cpuAtDoc: number;
}

async function oneRun(i: number, ids: number[], last: boolean): Promise<Run & { mem?: ReturnType<typeof memory> }> {
  const port = await freePort();
  const prof = PROFILE && i === 0 ? ['--cpu-prof', `--cpu-prof-dir=${path.join(DIR, 'prof')}`] : [];
  const args = FROM_SOURCE ? [...prof, '--import', 'tsx', path.join(ROOT, 'src/server.ts')] : [...prof, path.join(ROOT, 'bin/gongkai.js'), 'serve'];
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: `sqlite:${DB_FILE}`, DATA_DIR: path.join(DIR, 'files'), SEED_DEMO: 'false', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1' };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if ((await get(`${base}/`)) === 200) break;
      if (performance.now() - t0 > 120_000) throw new Error('no 200 from / within 120 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    const homeMs = performance.now() - t0;
    const cpuAtHome = cpuSeconds(child.pid!);
    const docId = ids[(i * 7919) % ids.length]!;
    const status = await get(`${base}/xxgk/documents/${docId}`);
    if (status !== 200) throw new Error(`document ${docId} answered ${status}`);
    const docMs = performance.now() - t0;
    const cpuAtDoc = cpuSeconds(child.pid!);
    let mem: ReturnType<typeof memory> | undefined;
    if (last) {
      let seed = 12345;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
      for (let k = 0; k < PAGES; k++) {
        const id = ids[next() % ids.length]!;
        const s = await get(`${base}/xxgk/documents/${id}`);
        if (s !== 200) throw new Error(`document ${id} answered ${s}`);
      }
      mem = memory(child.pid!, DB_FILE);
    }
    return { homeMs, docMs, cpuAtHome, cpuAtDoc, mem };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mb = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MB`;

async function main() {
  await makeDatabase();
  if (!FROM_SOURCE) {
    // What `npm start` does first (prestart): the ahead-of-time build when missing or older than the sources.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
  const h = openDatabase(`sqlite:${DB_FILE}`);
  const ids = (await h.db.selectFrom('documents').select('id').where('status', '=', 'published').orderBy('id').execute()).map((r) => r.id);
  await h.close();
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  log(`${N} documents, ${RUNS} cold starts of ${FROM_SOURCE ? 'node --import tsx src/server.ts (from source)' : 'node bin/gongkai.js serve (ahead-of-time build)'}; load ${load()} on ${os.availableParallelism()} CPUs`);
  const runs: Run[] = [];
  let mem: ReturnType<typeof memory> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(i, ids, i === RUNS - 1);
    runs.push(r);
    if (r.mem) mem = r.mem;
    log(`run ${i + 1}: first 200 of / ${r.homeMs.toFixed(0)} ms (CPU ${r.cpuAtHome.toFixed(2)} s), document page ${r.docMs.toFixed(0)} ms (CPU ${r.cpuAtDoc.toFixed(2)} s)`);
  }
  log(`median of ${RUNS}: / ${median(runs.map((r) => r.homeMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuAtHome)).toFixed(2)} s CPU; document page ${median(runs.map((r) => r.docMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuAtDoc)).toFixed(2)} s CPU`);
  if (mem) log(`after ${PAGES} random document pages: RSS ${mb(mem.rss)}, database file mapped ${mb(mem.dbMapped)}, own memory ${mb(mem.own)} (${mem.parts})`);
  log(`load after: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
