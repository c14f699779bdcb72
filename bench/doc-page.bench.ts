// Probe of the uncached document page (issue 15: `/xxgk/documents/:id` at random over the whole corpus, anonymous,
// no cookies, no Accept-Encoding): the server as `npm start` runs it (bin/gongkai.js serve with scripts.start's
// Node.js flags), wrk with 50 connections over uniformly random ids (bench/pages.lua), CPU µs a request from
// /proc/<pid>/stat (utime + stime of the server over the run, divided by wrk's requests), p50/p99 and the load
// average beside each run. Several trees (copies of the repository at different commits) are run side by side,
// alternating round by round, each on its own copy of the corpus — an A/B that a busy machine does not skew.
//
//   BENCH_DB=/tmp/gongkai-bench-cache/pages-100000-<key>.db [U_TREES=/tmp/a,/tmp/b] [BENCH_SECONDS=5] [BENCH_ROUNDS=3] \
//     [BENCH_CONNECTIONS=50] [BENCH_MIX=uniform|list|path:/livez] [BENCH_PROFILE=1] [BENCH_NO_SEARCH=1] node --import tsx bench/doc-page.bench.ts
//
// The corpus is copied (never written); the copies go when the probe ends. BENCH_MIX=list loads the bench's list
// pages instead (each unit's catalog page and unit × column × page 1–3). After its first page each server answers one
// search, as in the pages bench (BENCH_NO_SEARCH=1: not). BENCH_PROFILE=1 starts the servers with
// --cpu-prof (profiles under bench/results/doc-page-<tree>-<time>/, hottest functions printed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { freePort, ROOT, summariseProfile } from './lib.ts';

const DB = process.env.BENCH_DB;
if (!DB || !fs.existsSync(DB)) throw new Error('BENCH_DB=<a corpus .db file> (e.g. the pages bench cache) is required');
const TREES = (process.env.U_TREES || ROOT).split(',').filter(Boolean);
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const MIX = process.env.BENCH_MIX || 'uniform';
const PROFILE = process.env.BENCH_PROFILE === '1';
const TICK_US = 1e6 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const log = (s: string) => console.log(`[doc-page ${new Date().toISOString().slice(11, 19)}] ${s}`);

/** utime, stime (µs) and minor page faults of a process (/proc/<pid>/stat). */
function stat(pid: number): { user: number; sys: number; minflt: number } {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * TICK_US, sys: Number(f[12]) * TICK_US, minflt: Number(f[7]) };
  } catch {
    return { user: 0, sys: 0, minflt: 0 };
  }
}
const cpuUs = (pid: number) => {
  const s = stat(pid);
  return s.user + s.sys;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-page-'));
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

// The URL set: every published 主动公开 document (uniform), or the list pages.
const ro = new SQLite(DB, { readonly: true });
let paths: string[];
if (MIX.startsWith('path:')) {
  paths = [MIX.slice(5)]; // one URL (e.g. path:/livez: what the app's request path costs without a page)
} else if (MIX === 'list') {
  const units = ro.prepare(`select id, code from units`).all() as { id: number; code: string }[];
  const cols = ro.prepare(`select distinct unit_id, column_code from documents where status = 'published' and column_code is not null`).all() as { unit_id: number; column_code: string }[];
  const code = new Map(units.map((u) => [u.id, u.code]));
  paths = units.map((u) => `/xxgk/catalog/${encodeURIComponent(u.code)}`);
  for (const c of cols) for (let p = 1; p <= 3; p++) paths.push(`/xxgk/catalog/${encodeURIComponent(code.get(c.unit_id)!)}?column=${encodeURIComponent(c.column_code)}&page=${p}`);
  paths = paths.slice(0, 300);
} else {
  paths = (ro.prepare(`select id from documents where status = 'published' and disclosure = '主动公开' order by id`).all() as { id: number }[]).map((r) => `/xxgk/documents/${r.id}`);
}
ro.close();
const pathsFile = path.join(tmp, 'paths.txt');
fs.writeFileSync(pathsFile, paths.join('\n') + '\n');
log(`${paths.length} ${MIX === 'uniform' ? 'document' : MIX} URLs; trees: ${TREES.join(', ')}`);

interface Server {
  tree: string;
  base: string;
  child: ChildProcess;
}

async function start(tree: string, i: number): Promise<Server> {
  const copy = path.join(tmp, `db-${i}.db`);
  fs.copyFileSync(DB!, copy);
  for (const s of ['-wal', '-shm']) if (fs.existsSync(DB + s)) fs.copyFileSync(DB + s, copy + s);
  const port = await freePort();
  const startFlags = String(JSON.parse(fs.readFileSync(path.join(tree, 'package.json'), 'utf8')).scripts?.start ?? '').split(/\s+/).filter((a) => a.startsWith('--'));
  const profDir = path.join(ROOT, 'bench/results', `doc-page-${i}-${Date.now()}`);
  const prof = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = spawn(process.execPath, [...startFlags, ...prof, path.join(tree, 'bin/gongkai.js'), 'serve'], {
    cwd: tree,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: `sqlite:${copy}`, DATA_DIR: path.join(tmp, `files-${i}`), PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', WORKERS: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  for (let k = 0; ; k++) {
    if (child.exitCode !== null) throw new Error(`server of ${tree} exited ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/`)).status === 200) break;
    } catch {}
    if (k > 1200) throw new Error(`no page from ${tree} after 120 s`);
    await sleep(100);
  }
  // As the pages bench does after its restart: one search (jieba's dictionary and the search code loaded), so the
  // heap the document pages run beside is the one a real site has.
  if (process.env.BENCH_NO_SEARCH !== '1') await (await fetch(`${base}/search?q=${encodeURIComponent('政务公开 通知')}`)).arrayBuffer();
  if (PROFILE) (child as ChildProcess & { profDir?: string }).profDir = profDir;
  return { tree, base, child };
}

/** Waits until the server uses < 3 % of a CPU for 2 s in a row (the search warm-up, the snapshot), at most 90 s. */
async function idle(s: Server): Promise<void> {
  for (let quiet = 0, k = 0; quiet < 2 && k < 90; k++) {
    const a = cpuUs(s.child.pid!);
    await sleep(1000);
    quiet = cpuUs(s.child.pid!) - a < (PROFILE ? 150_000 : 30_000) ? quiet + 1 : 0;
  }
}

function wrk(base: string, seconds: number): Promise<{ requests: number; p50: number; p99: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', path.join(ROOT, 'bench/pages.lua'), base, '--', pathsFile, 'uniform'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(c);
    let out = '';
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    c.on('exit', (code) => {
      children.delete(c);
      const m = /PAGESJSON (\{.*\})/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`wrk exited ${code}: ${out}`));
      const j = JSON.parse(m[1]);
      const e = j.errors;
      resolve({ requests: j.requests, p50: j.latency_ms.p50, p99: j.latency_ms.p99, errors: e.connect + e.read + e.write + e.status + e.timeout });
    });
  });
}

const servers: Server[] = [];
for (const [i, t] of TREES.entries()) servers.push(await start(t, i));
for (const s of servers) await idle(s);
for (const s of servers) await wrk(s.base, 3); // warm-up (discarded)
const results = new Map<string, number[]>();
for (let round = 1; round <= ROUNDS; round++) {
  for (const s of servers) {
    await sleep(300);
    const before = load();
    const s0 = stat(s.child.pid!);
    const r = await wrk(s.base, SECONDS);
    await sleep(100); // the requests in flight when wrk stopped (one a connection)
    const s1 = stat(s.child.pid!);
    const n = r.requests + CONNECTIONS;
    const us = (s1.user + s1.sys - s0.user - s0.sys) / n;
    const split = `user ${((s1.user - s0.user) / n).toFixed(0)} + sys ${((s1.sys - s0.sys) / n).toFixed(0)}, ${((s1.minflt - s0.minflt) / n).toFixed(2)} minor faults/request`;
    (results.get(s.tree) ?? results.set(s.tree, []).get(s.tree)!).push(us);
    log(`round ${round} ${s.tree}: ${(r.requests / SECONDS).toFixed(0)} req/s, ${us.toFixed(0)} µs CPU/request (${split}), p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}, load ${before} → ${load()}`);
  }
}
for (const [t, v] of results) {
  const sorted = [...v].sort((a, b) => a - b);
  log(`${t}: CPU µs/request median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} (${sorted.map((x) => x.toFixed(0)).join(' ')})`);
}
for (const s of servers) {
  await new Promise<void>((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
  const dir = (s.child as ChildProcess & { profDir?: string }).profDir;
  if (dir && fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir)) {
      log(`profile ${path.join(dir, f)}`);
      console.log(summariseProfile(path.join(dir, f)));
    }
  }
}
process.exit(0);
