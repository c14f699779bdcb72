// `npm run bench:load` (issue 13): 200 connections × 60 s of mixed public traffic with writes (wrk,
// bench/load-import.lua) against the real server on a fresh database with the demo data, while the CLI
// import (`node bin/gongkai.js import documents`, its own process) loads a CSV of a few thousand real
// titles into the same database. Passes when wrk saw no socket error and no status outside 2xx/3xx (so no
// 5xx), the import reports 0 failed rows and every imported title is in the database exactly once, and
// every acknowledged write of the load (303 application, 201 draft) is a row. SQLite, then PostgreSQL
// when a server is available (TEST_PG_URL, or scripts/pg-local.sh).
//
// Installs wrk and nginx when missing (bench/setup.sh, apt-get). Writes its subsection of the
// "Reliability measurements" section of docs/performance.md (between the bench:load markers).
//
// Knobs: LOAD_SECONDS (60), LOAD_CONNECTIONS (200), LOAD_THREADS (2), LOAD_IMPORT_ROWS (3000),
// LOAD_DB=sqlite|postgres|both (both), BENCH_NO_DOCS=1 (don't touch docs/performance.md), BENCH_KEEP=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/index.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BIN = path.join(ROOT, 'bin/gongkai.js');
const SECONDS = Number(process.env.LOAD_SECONDS || 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS || 200);
const THREADS = Number(process.env.LOAD_THREADS || 2);
const ROWS = Number(process.env.LOAD_IMPORT_ROWS || 3000);
const WHICH = process.env.LOAD_DB || 'both';
const WRITE_DOCS = process.env.BENCH_NO_DOCS !== '1';
const KEEP = process.env.BENCH_KEEP === '1';
const TITLES = path.resolve(ROOT, '../shared/data/doc-numbers-cn/titles_dates.csv');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-load-'));
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
const log = (msg: string) => console.log(`[load ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the CLI (bin/gongkai.js) to completion; throws with its output on a non-zero exit. */
function cli(env: NodeJS.ProcessEnv, args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gongkai ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// The CSV: real titles (unique, none of the demo's), their 成文日期 and 发布日期, a short body.
function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function readTitles(): { title: string; writtenOn: string; publishedOn: string }[] {
  const text = fs.readFileSync(TITLES, 'utf8');
  const out: { title: string; writtenOn: string; publishedOn: string }[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    // source,url,title,issue_date,publish_date — titles may be quoted and contain commas.
    const m = /^(?:"[^"]*(?:""[^"]*)*"|[^,]*),(?:"[^"]*(?:""[^"]*)*"|[^,]*),("(?:[^"]|"")*"|[^,]*),(\d{4}-\d{2}-\d{2})?,(\d{4}-\d{2}-\d{2})?\r?$/.exec(line);
    if (!m) continue;
    let title = m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1];
    // As the app stores a title: runs of white space as one space (count by title must find it).
    title = title.replace(/\s+/g, ' ').trim();
    if (title.length < 6 || title.length > 200 || seen.has(title)) continue;
    const writtenOn = m[2] ?? '';
    const publishedOn = m[3] ?? '';
    if (!publishedOn || publishedOn < '2008-01-01' || publishedOn > '2026-01-01' || (writtenOn && writtenOn > publishedOn)) continue;
    seen.add(title);
    out.push({ title, writtenOn, publishedOn });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
interface Target {
  label: string;
  url: string;
  drop: () => Promise<void>;
  version: string;
}

async function sqliteTarget(): Promise<Target> {
  const file = path.join(tmp, 'load.db');
  const h = openDatabase(`sqlite:${path.join(tmp, 'version.db')}`);
  const v = (await sql<{ v: string }>`select sqlite_version() as v`.execute(h.db)).rows[0].v;
  await h.close();
  return { label: 'SQLite', url: `sqlite:${file}`, version: `SQLite ${v} (better-sqlite3, WAL)`, drop: async () => {} };
}

async function postgresTarget(): Promise<Target | null> {
  let admin = process.env.TEST_PG_URL;
  if (!admin) {
    try {
      admin = execFileSync('bash', [path.join(ROOT, 'scripts/pg-local.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
    } catch {
      log('PostgreSQL: no TEST_PG_URL and no local server (scripts/pg-local.sh failed): skipped');
      return null;
    }
  }
  const name = `gk_load_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  const version = (await c.query('select version() as v')).rows[0].v.split(' on ')[0];
  await c.end();
  const url = new URL(admin!);
  url.pathname = `/${name}`;
  return {
    label: 'PostgreSQL',
    url: url.toString(),
    version: `${version} (scripts/pg-local.sh; app pool 10, import its own)`,
    drop: async () => {
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`drop database if exists ${name} with (force)`);
      await c2.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
interface WrkResult {
  statuses: Record<string, number>;
  kinds: Record<string, number>;
  requests: number;
  duration_us: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
}

interface Outcome {
  target: Target;
  wrk: WrkResult;
  wrkCommand: string;
  importLine: string;
  importMs: number;
  importStartedAfterMs: number;
  importFinishedBeforeEnd: boolean;
  imported: { created: number; updated: number; unchanged: number; failed: number };
  titlesInDb: number;
  titlesDuplicated: number;
  applications: { acknowledged: number; rows: number };
  drafts: { acknowledged: number; rows: number };
  serverErrorLines: string[];
  loadBefore: string;
  loadAfter: string;
  checks: { ok: boolean; what: string }[];
}

async function runOne(target: Target, rows: { title: string; writtenOn: string; publishedOn: string }[]): Promise<Outcome> {
  const dir = path.join(tmp, target.label.toLowerCase());
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: target.url,
    DATA_DIR: path.join(dir, 'files'),
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    PG_POOL_MAX: process.env.PG_POOL_MAX || '10',
  };

  // The server as `npm start` runs it: migrations and the demo data on the fresh database, then listen.
  log(`${target.label}: starting the server (fresh database, demo data)`);
  const server = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(server);
  let serverOut = '';
  server.stdout!.on('data', (d) => (serverOut += d));
  server.stderr!.on('data', (d) => (serverOut += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}: ${serverOut}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch {}
    if (i > 1200) throw new Error(`server not healthy after 120 s: ${serverOut}`);
    await sleep(100);
  }

  // Background work finished: every published 主动公开 document is in the search index.
  const h: DatabaseHandle = openDatabase(target.url);
  const published = async () =>
    Number((await h.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').where('disclosure', '=', '主动公开').executeTakeFirstOrThrow()).n);
  const indexed = async () => Number((await h.db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  for (let i = 0; ; i++) {
    const [p, x] = [await published(), await indexed()];
    if (p > 0 && x >= p) {
      log(`${target.label}: healthy; search index built (${x} of ${p} published documents)`);
      break;
    }
    if (i > 600) throw new Error(`search index not built after 60 s (${x} of ${p})`);
    await sleep(100);
  }
  const probe = await fetch(`${base}/search?q=${encodeURIComponent('政务公开')}`);
  if (probe.status !== 200) throw new Error(`/search answered ${probe.status}`);

  // A staff token for the draft writes (the CLI, as an administrator would make one).
  cli(env, ['user', 'add', 'load-editor', '--role', 'editor', '--unit', 'zfb', '--password', `Load-${crypto.randomBytes(6).toString('hex')}-9`]);
  const token = cli(env, ['token', 'create', 'load-editor', '--name', '压测']).trim().split('\n').pop()!.trim();

  const docIds = (await h.db.selectFrom('documents').select('id').where('status', '=', 'published').where('disclosure', '=', '主动公开').execute()).map((r) => r.id);
  const units = (await h.db.selectFrom('units').select('code').execute()).map((r) => r.code);
  const applyUnit = (await h.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id;
  const demoTitles = new Set((await h.db.selectFrom('documents').select('title').execute()).map((r) => r.title));
  const importRows = rows.filter((r) => !demoTitles.has(r.title)).slice(0, ROWS);
  if (importRows.length < ROWS) throw new Error(`only ${importRows.length} usable titles`);
  const csv = path.join(dir, 'import.csv');
  fs.writeFileSync(
    csv,
    ['title,writtenOn,publishedAt,body', ...importRows.map((r, i) => [r.title, r.writtenOn, r.publishedOn, `压测导入正文第 ${i + 1} 件：${r.title}。`].map(csvField).join(','))].join('\n') + '\n',
  );
  const before = {
    requests: Number((await h.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    drafts: Number((await h.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('title', 'like', '压测草稿 %').executeTakeFirstOrThrow()).n),
  };

  const script = path.join(dir, 'load.lua');
  fs.writeFileSync(
    script,
    `DOC_IDS = { ${docIds.join(', ')} }\nUNITS = { ${units.map((u) => JSON.stringify(u)).join(', ')} }\nAPPLY_UNIT_ID = ${applyUnit}\nTOKEN = ${JSON.stringify(token)}\n` +
      fs.readFileSync(path.join(ROOT, 'bench/load-import.lua'), 'utf8'),
  );

  // wrk and the import together. The import starts 3 s into the load, so it runs under full load.
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const wrkArgs = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--timeout', '10s', '--latency', '-s', script, base];
  const wrkCommand = `wrk -t${THREADS} -c${CONNECTIONS} -d${SECONDS}s --timeout 10s --latency -s bench/load-import.lua ${'<base>'}`;
  log(`${target.label}: ${wrkCommand} + gongkai import documents (${ROWS} rows) from t = 3 s`);
  const started = Date.now();
  const wrkChild = spawn('wrk', wrkArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(wrkChild);
  let wrkOut = '';
  wrkChild.stdout!.on('data', (d) => (wrkOut += d));
  wrkChild.stderr!.on('data', (d) => (wrkOut += d));
  const wrkDone = new Promise<number>((r) => wrkChild.on('exit', (code) => r(code ?? -1)));
  await sleep(3000);
  const importStartedAfterMs = Date.now() - started;
  const imp = spawn(process.execPath, [BIN, 'import', 'documents', csv, '--unit', 'zfb'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(imp);
  let impOut = '';
  let impErr = '';
  imp.stdout!.on('data', (d) => (impOut += d));
  imp.stderr!.on('data', (d) => (impErr += d));
  const impStarted = Date.now();
  let importEnded = 0;
  const impDone = new Promise<number>((r) =>
    imp.on('exit', (code) => {
      importEnded = Date.now();
      r(code ?? -1);
    }),
  );
  const [wrkCode, impCode] = await Promise.all([wrkDone, impDone]);
  const wrkEnded = Date.now();
  const loadAfter = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  if (wrkCode !== 0) throw new Error(`wrk exited ${wrkCode}: ${wrkOut}`);
  const m = /LOADJSON (\{.*\})/.exec(wrkOut);
  if (!m) throw new Error(`no result from wrk: ${wrkOut}`);
  const wrk = JSON.parse(m[1]) as WrkResult;
  console.log(wrkOut.replace(/LOADJSON.*\n?/, ''));
  if (impCode !== 0) log(`import exited ${impCode}: ${impErr.slice(-2000)}`);
  const im = /新增 (\d+)，更新 (\d+)，未变化 (\d+)，失败 (\d+)/.exec(impOut);
  const imported = im ? { created: Number(im[1]), updated: Number(im[2]), unchanged: Number(im[3]), failed: Number(im[4]) } : { created: 0, updated: 0, unchanged: 0, failed: -1 };
  const importLine = impOut.trim().split('\n')[0] ?? '';
  log(`${target.label}: import: ${importLine}`);

  // Every imported title in the database exactly once.
  let titlesInDb = 0;
  let titlesDuplicated = 0;
  const titles = importRows.map((r) => r.title);
  for (let i = 0; i < titles.length; i += 500) {
    const got = await h.db.selectFrom('documents').select(['title', (eb) => eb.fn.countAll<number>().as('n')]).where('title', 'in', titles.slice(i, i + 500)).groupBy('title').execute();
    titlesInDb += got.length;
    titlesDuplicated += got.filter((g) => Number(g.n) > 1).length;
  }
  const afterRequests = Number((await h.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const afterDrafts = Number((await h.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('title', 'like', '压测草稿 %').executeTakeFirstOrThrow()).n);
  await h.close();

  // Stop the server; its log (level warn) holds any server error.
  await new Promise<void>((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
    setTimeout(() => server.kill('SIGKILL'), 10_000).unref();
  });
  const serverErrorLines = serverOut.split('\n').filter((l) => /"level":50|"statusCode":5\d\d|Error/.test(l)).slice(0, 10);

  const s = wrk.statuses;
  const count = (pred: (code: number) => boolean) => Object.entries(s).reduce((a, [c, n]) => a + (pred(Number(c)) ? n : 0), 0);
  const socketErrors = wrk.errors.connect + wrk.errors.read + wrk.errors.write + wrk.errors.timeout;
  const bad = count((c) => c < 200 || c >= 400);
  const fivexx = count((c) => c >= 500);
  const applications = { acknowledged: s['303'] ?? 0, rows: afterRequests - before.requests };
  const drafts = { acknowledged: s['201'] ?? 0, rows: afterDrafts - before.drafts };
  const checks = [
    { ok: socketErrors === 0, what: `socket errors ${socketErrors} (connect ${wrk.errors.connect}, read ${wrk.errors.read}, write ${wrk.errors.write}, timeout ${wrk.errors.timeout})` },
    { ok: bad === 0 && wrk.errors.status === 0, what: `responses outside 2xx/3xx ${bad} (wrk: ${wrk.errors.status})` },
    { ok: fivexx === 0, what: `5xx ${fivexx}` },
    { ok: imported.failed === 0 && imported.created === ROWS, what: `import: ${importRows.length} rows, created ${imported.created}, failed ${imported.failed}` },
    { ok: titlesInDb === ROWS && titlesDuplicated === 0, what: `imported titles in the database ${titlesInDb} of ${ROWS}, duplicated ${titlesDuplicated}` },
    // Every acknowledged write is a row. A few more rows than acknowledgements: requests still in flight
    // when wrk stopped at the end of the run were written, their answers not counted (at most one a connection).
    { ok: applications.rows >= applications.acknowledged && applications.rows - applications.acknowledged <= CONNECTIONS, what: `applications acknowledged (303) ${applications.acknowledged}, rows ${applications.rows}` },
    { ok: drafts.rows >= drafts.acknowledged && drafts.rows - drafts.acknowledged <= CONNECTIONS, what: `drafts acknowledged (201) ${drafts.acknowledged}, rows ${drafts.rows}` },
    { ok: importEnded - started < SECONDS * 1000 + 1000 || importEnded <= wrkEnded, what: `import ran ${((importEnded - impStarted) / 1000).toFixed(1)} s from t = ${(importStartedAfterMs / 1000).toFixed(1)} s` },
  ];
  for (const c of checks) log(`${target.label}: ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`);
  await target.drop();
  return {
    target,
    wrk,
    wrkCommand,
    importLine,
    importMs: importEnded - impStarted,
    importStartedAfterMs,
    importFinishedBeforeEnd: importEnded <= wrkEnded,
    imported,
    titlesInDb,
    titlesDuplicated,
    applications,
    drafts,
    serverErrorLines,
    loadBefore,
    loadAfter,
    checks,
  };
}

// ---------------------------------------------------------------------------------------------
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function markdown(outcomes: Outcome[]): string {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [, '?'])[1];
  const wrkVersion = (spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.match(/wrk \S+/) ?? ['wrk'])[0];
  const lines: string[] = [];
  lines.push('<!-- bench:load begin (written by npm run bench:load, bench/load-import.bench.ts) -->');
  lines.push(`### Load with writes and a concurrent CLI import (issue 13)`);
  lines.push('');
  lines.push(`Measured by \`npm run bench:load\` (bench/load-import.bench.ts, wrk script bench/load-import.lua), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,`);
  lines.push(`on ${os.availableParallelism()} CPUs (\`nproc\`), ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node.js ${process.version}, ${wrkVersion}; ${outcomes.map((o) => o.target.version).join('; ')}.`);
  lines.push(`The server (\`node bin/gongkai.js serve\`, one process, \`TRUST_PROXY=true\`), wrk (${THREADS} threads), the import and PostgreSQL share these CPUs.`);
  lines.push('');
  lines.push(`Command: \`${outcomes[0]?.wrkCommand}\`, and from t = 3 s \`node bin/gongkai.js import documents import.csv --unit zfb\` (${fmt(ROWS)} rows: real titles from`);
  lines.push('../shared/data/doc-numbers-cn/titles_dates.csv, unique and none of the demo data\'s, with their 成文日期 and 发布日期) against the same database. Fresh database');
  lines.push('with the demo data each time; the load starts once /healthz answers 200 and every published document is in the search index.');
  lines.push('Mix per request: 55 % a random published document page, 17 % a unit\'s list page 1–3, 18 % a search of one or two common words,');
  lines.push('6 % an online application (POST /ysqgk/apply, form with the CSRF double-submit cookie, honeypot empty; 303 to the receipt),');
  lines.push('4 % a draft through the API (POST /api/v1/documents with an editor\'s token; 201). Each request from a random 10.x.y.z');
  lines.push('address in X-Forwarded-For (the per-address limits apply per visitor, not to the generator as a whole).');
  lines.push('');
  lines.push('| Database | requests | req/s | p50 ms | p99 ms | max ms | socket errors | non-2xx/3xx | 5xx | statuses | applications 303 → rows | drafts 201 → rows | import (rows, time) | import failed | titles in DB | result |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---|');
  for (const o of outcomes) {
    const w = o.wrk;
    const socket = w.errors.connect + w.errors.read + w.errors.write + w.errors.timeout;
    const bad = Object.entries(w.statuses).reduce((a, [c, n]) => a + (Number(c) < 200 || Number(c) >= 400 ? n : 0), 0);
    const fivexx = Object.entries(w.statuses).reduce((a, [c, n]) => a + (Number(c) >= 500 ? n : 0), 0);
    const st = Object.entries(w.statuses).sort().map(([c, n]) => `${c}: ${fmt(n)}`).join(', ');
    const ok = o.checks.every((c) => c.ok);
    lines.push(
      `| ${o.target.label} | ${fmt(w.requests)} | ${fmt(w.requests / (w.duration_us / 1e6))} | ${w.latency_ms.p50.toFixed(1)} | ${w.latency_ms.p99.toFixed(1)} | ${w.latency_ms.max.toFixed(0)} | ${socket} | ${bad} | ${fivexx} | ${st} | ${fmt(o.applications.acknowledged)} → ${fmt(o.applications.rows)} | ${fmt(o.drafts.acknowledged)} → ${fmt(o.drafts.rows)} | ${fmt(o.imported.created)} created in ${(o.importMs / 1000).toFixed(1)} s${o.importFinishedBeforeEnd ? '' : ' (finished after the load)'} | ${o.imported.failed} | ${fmt(o.titlesInDb)} of ${fmt(ROWS)}, ${o.titlesDuplicated} twice | ${ok ? '**pass**' : '**FAIL**: ' + o.checks.filter((c) => !c.ok).map((c) => c.what).join('; ')} |`,
    );
  }
  lines.push('');
  lines.push(`Load average before / after: ${outcomes.map((o) => `${o.target.label} ${o.loadBefore} → ${o.loadAfter}`).join('; ')} (other engineers' work shares the machine).`);
  lines.push('<!-- bench:load end -->');
  return lines.join('\n');
}

/** Replaces the bench:load block inside "## Reliability measurements", or appends it at that section's end. */
function writeDocs(block: string) {
  const file = path.join(ROOT, 'docs/performance.md');
  const text = fs.readFileSync(file, 'utf8');
  const re = /<!-- bench:load begin[^]*?<!-- bench:load end -->/;
  if (re.test(text)) return fs.writeFileSync(file, text.replace(re, block));
  const start = text.indexOf('## Reliability measurements');
  if (start < 0) throw new Error('docs/performance.md has no "## Reliability measurements" section');
  const next = text.indexOf('\n## ', start + 3);
  const end = next < 0 ? text.length : next;
  const section = text.slice(start, end).replace(/\s*$/, '');
  fs.writeFileSync(file, text.slice(0, start) + section + '\n\n' + block + '\n' + (next < 0 ? '' : text.slice(end)));
}

// ---------------------------------------------------------------------------------------------
execFileSync('bash', [path.join(ROOT, 'bench/setup.sh')], { stdio: 'inherit' });
if (os.loadavg()[0] > os.availableParallelism() * 0.5) log(`warning: load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}: other work shares the CPUs`);
const titles = readTitles();
log(`${titles.length} usable real titles`);
const outcomes: Outcome[] = [];
if (WHICH !== 'postgres') outcomes.push(await runOne(await sqliteTarget(), titles));
if (WHICH !== 'sqlite') {
  const t = await postgresTarget();
  if (t) outcomes.push(await runOne(t, titles));
}
const block = markdown(outcomes);
console.log('\n' + block);
if (WRITE_DOCS) {
  writeDocs(block);
  log('docs/performance.md updated');
}
const failed = outcomes.some((o) => o.checks.some((c) => !c.ok));
process.exit(failed ? 1 : 0);
