// Restart to first served page, and the process's own memory (issue 15).
//
// A SQLite database with BENCH_DOCS published documents (bench/generate.ts, search index built once) is made
// once and kept under the temp dir (keyed by N). Then, BENCH_RUNS times (default 5), a fresh server process is
// spawned exactly as `npm start` runs it (`node <its flags> bin/gongkai.js serve`: the ahead-of-time build, built first if
// missing or stale) and the bench measures, from the spawn:
//   - wall time to the first 200 of `/` (polled every 10 ms) and then of one document page,
//   - the process's CPU time (user + system, /proc/<pid>/stat) at that moment — the figure that survives a
//     loaded machine,
//   - then the first search (政务公开 通知) sent at once, as bench:pages sends it: wall time and the process's CPU
//     meanwhile (in the last run also the same search, not from the page cache, once the warm-up is done).
// In the last run it then reads the process's own memory — RSS minus the resident part of the mapped database
// file (/proc/<pid>/smaps) — at these moments: at the first document page; once the search warm-up is done
// (BENCH_SETTLE_MS, 4 s: it starts at listen); after 100 and after BENCH_PAGES (1,000) random document
// pages; after BENCH_SEARCHES (24) searches (pages 1 and 2 of 2-word and one-word queries). Each is split into
// the V8 heap (physical: old / new / code / large objects), array buffers (Buffers: the public page cache's
// bytes, the search's in-memory fields), other native memory (anonymous and [heap] memory minus both:
// jieba's dictionary ≈ 37 MB, SQLite, Node itself) and other mapped files (the node binary, libraries) —
// the V8 and array-buffer figures from bench/startup-probe.mjs, loaded into that run's server with --import
// (it answers SIGUSR2 and does nothing else). CPU per document page and per search are printed beside.
// Medians are printed; the raw runs too.
//
//   BENCH_DOCS=5000 node --import tsx bench/startup.bench.ts          # quick (~1 min the first time)
//   npm run bench:startup                                             # 100,000 documents (the target's size)
// Knobs: BENCH_DOCS (100000), BENCH_RUNS (5), BENCH_PAGES (1000), BENCH_SEARCHES (24), BENCH_SETTLE_MS (4000),
// BENCH_FROM_SOURCE=1 (spawn
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
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 24);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 4000);
const QUERIES = ['政务公开 通知', '安全生产 实施方案', '乡村振兴 规划', '营商环境 措施', '财政 预算', '教育 收费', '卫生 健康', '城市 管理', '通知', '公告', '关于', '社会保障 办法'];
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
function memory(pid: number, dbFile: string): { rss: number; dbMapped: number; own: number; parts: string; anon: number; files: number } {
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
  // Anonymous memory and the [heap]/[stack] areas (what V8 and malloc hold) vs mapped files other than the database.
  let anon = 0;
  for (const [k, v] of parts) if (k === 'anonymous (V8 heap, native allocations)' || k.startsWith('[')) anon += v;
  return { rss, dbMapped, own: rss - dbMapped, parts: shown, anon, files: rss - dbMapped - anon };
}

interface Probe {
  heapPhysical: number;
  heapUsed: number;
  spaces: Record<string, { physical: number; used: number }>;
  arrayBuffers: number;
}

/** The server's V8 and array-buffer figures (bench/startup-probe.mjs answers SIGUSR2), or null. */
async function probe(pid: number, out: string): Promise<Probe | null> {
  fs.rmSync(out, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 500; i++) {
    if (fs.existsSync(out)) return JSON.parse(fs.readFileSync(out, 'utf8')) as Probe;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

/** One line of the memory breakdown. */
function stageLine(label: string, m: ReturnType<typeof memory>, p: Probe | null, cpu: number): string {
  const MB = (b: number) => (b / 1024 ** 2).toFixed(0);
  let line = `${label.padEnd(24)} own ${MB(m.own).padStart(4)} MB (CPU ${cpu.toFixed(2)} s): `;
  if (p) {
    const sp = (n: string) => MB(p.spaces[n]?.physical ?? 0);
    line += `V8 heap ${MB(p.heapPhysical)} (used ${MB(p.heapUsed)}; old ${sp('old_space')}, new ${sp('new_space')}, code ${sp('code_space')}, large ${sp('large_object_space')}), `;
    line += `array buffers ${MB(p.arrayBuffers)}, other native ${MB(Math.max(0, m.anon - p.heapPhysical - p.arrayBuffers))}, `;
  } else line += `anonymous and [heap] ${MB(m.anon)}, `;
  return line + `files ${MB(m.files)}; database mapped ${MB(m.dbMapped)}`;
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
  /** The first search, sent right after the document page (as bench:pages sends it): wall ms and the process's CPU ms meanwhile. */
  searchMs: number;
  searchCpuMs: number;
}

/** The search of the first-search figures (bench:pages' too). */
const FIRST_SEARCH = '/search?q=' + encodeURIComponent('政务公开 通知');

async function oneRun(i: number, ids: number[], last: boolean): Promise<Run & { mem?: ReturnType<typeof memory>; stages?: string[] }> {
  const port = await freePort();
  const prof = PROFILE && i === 0 ? ['--cpu-prof', `--cpu-prof-dir=${path.join(DIR, 'prof')}`] : [];
  const probeOut = path.join(DIR, `probe-${process.pid}.json`);
  const withProbe = last ? ['--import', path.join(ROOT, 'bench/startup-probe.mjs')] : [];
  // With the Node.js flags of `npm start` (package.json scripts.start: --max-semi-space-size), as bench:pages starts it.
  const startFlags = String(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? '').split(/\s+/).filter((a) => a.startsWith('--'));
  const args = FROM_SOURCE ? [...prof, ...withProbe, '--import', 'tsx', path.join(ROOT, 'src/server.ts')] : [...startFlags, ...prof, ...withProbe, path.join(ROOT, 'bin/gongkai.js'), 'serve'];
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: `sqlite:${DB_FILE}`, DATA_DIR: path.join(DIR, 'files'), SEED_DEMO: 'false', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', STARTUP_PROBE_OUT: probeOut };
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
    // The first search after start, at once (the warm-up after listen may still run: it shares its work).
    const ts = performance.now();
    if ((await get(`${base}${FIRST_SEARCH}`)) !== 200) throw new Error('the first search failed');
    const searchMs = performance.now() - ts;
    const searchCpuMs = (cpuSeconds(child.pid!) - cpuAtDoc) * 1000;
    let mem: ReturnType<typeof memory> | undefined;
    let stages: string[] | undefined;
    if (last) {
      const pid = child.pid!;
      stages = [];
      const stage = async (label: string) => {
        const p = await probe(pid, probeOut); // first: the figures then, not after the smaps read
        const m = memory(pid, DB_FILE);
        stages!.push(stageLine(label, m, p, cpuSeconds(pid)));
        return m;
      };
      await stage('at the first page');
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      await stage('search warm-up done');
      // The same search once the warm-up is done, not from the page cache (another URL): what a later search costs.
      const tl = performance.now();
      const cl = cpuSeconds(pid);
      if ((await get(`${base}${FIRST_SEARCH}&n=1`)) !== 200) throw new Error('the later search failed');
      stages.push(`  the first search again, uncached, after the warm-up: ${(performance.now() - tl).toFixed(0)} ms wall, ${((cpuSeconds(pid) - cl) * 1000).toFixed(0)} ms CPU`);
      let seed = 12345;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
      const pages = async (n: number) => {
        for (let k = 0; k < n; k++) {
          const id = ids[next() % ids.length]!;
          const s = await get(`${base}/xxgk/documents/${id}`);
          if (s !== 200) throw new Error(`document ${id} answered ${s}`);
        }
      };
      const c0 = cpuSeconds(pid);
      await pages(Math.min(100, PAGES));
      if (PAGES > 100) await stage('after 100 pages');
      await pages(PAGES - Math.min(100, PAGES));
      const c1 = cpuSeconds(pid);
      mem = await stage(`after ${PAGES} pages`);
      stages.push(`  CPU per document page ${(((c1 - c0) / Math.max(1, PAGES)) * 1000).toFixed(2)} ms (random ids, most not cached)`);
      if (SEARCHES > 0) {
        const c2 = cpuSeconds(pid);
        for (let k = 0; k < SEARCHES; k++) {
          const q = QUERIES[Math.floor(k / 2) % QUERIES.length]!;
          const s = await get(`${base}/search?q=${encodeURIComponent(q)}&page=${(k % 2) + 1}`);
          if (s !== 200) throw new Error(`search ${q} answered ${s}`);
        }
        const c3 = cpuSeconds(pid);
        await stage(`after ${SEARCHES} searches`);
        stages.push(`  CPU per search ${(((c3 - c2) / SEARCHES) * 1000).toFixed(1)} ms (each query's pages 1 and 2)`);
      }
      fs.rmSync(probeOut, { force: true });
    }
    return { homeMs, docMs, cpuAtHome, cpuAtDoc, searchMs, searchCpuMs, mem, stages };
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
  let stages: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await oneRun(i, ids, i === RUNS - 1);
    runs.push(r);
    if (r.mem) mem = r.mem;
    if (r.stages) stages = r.stages;
    log(`run ${i + 1}: first 200 of / ${r.homeMs.toFixed(0)} ms (CPU ${r.cpuAtHome.toFixed(2)} s), document page ${r.docMs.toFixed(0)} ms (CPU ${r.cpuAtDoc.toFixed(2)} s), first search right after it ${r.searchMs.toFixed(0)} ms (CPU ${r.searchCpuMs.toFixed(0)} ms)`);
  }
  log(`median of ${RUNS}: / ${median(runs.map((r) => r.homeMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuAtHome)).toFixed(2)} s CPU; document page ${median(runs.map((r) => r.docMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.cpuAtDoc)).toFixed(2)} s CPU; first search ${median(runs.map((r) => r.searchMs)).toFixed(0)} ms wall, ${median(runs.map((r) => r.searchCpuMs)).toFixed(0)} ms CPU`);
  if (mem) log(`after ${PAGES} random document pages: RSS ${mb(mem.rss)}, database file mapped ${mb(mem.dbMapped)}, own memory ${mb(mem.own)} (${mem.parts})`);
  if (stages.length) log(`own memory of the last run (target ≤ 200 MB at 100,000 documents):\n  ${stages.join('\n  ')}`);
  log(`load after: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
