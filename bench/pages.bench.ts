// `npm run bench`: the portal's document page and a list page with 100,000 published documents, served by
// the real app (child process, NODE_ENV=production, logger off) and, side by side in the same run, by
// nginx serving the same pages saved as static files. autocannon: 50 connections, 3 s warm-up + 15 s.
// Writes the "Portal pages (issue 2)" section of docs/performance.md.
//
// Knobs (environment): BENCH_DOCS (100000), BENCH_SECONDS (15), BENCH_CONNECTIONS (50),
// BENCH_PROFILE=1 (run the app with --cpu-prof, print the hottest functions), BENCH_KEEP=1 (keep the
// temp dir), BENCH_NO_DOCS=1 (don't touch docs/performance.md), BENCH_ONLY=document|list (one page only,
// for profiling; implies BENCH_NO_DOCS), TEST_PG_URL (adds PostgreSQL rows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { planDocuments, insertSqlite, insertKysely, type Plan, type UnitInfo } from './generate.ts';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<any>;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const N = Number(process.env.BENCH_DOCS || 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS || 15);
const WARMUP = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const PROFILE = process.env.BENCH_PROFILE === '1';
const KEEP = process.env.BENCH_KEEP === '1';
const ONLY = process.env.BENCH_ONLY || '';
const WRITE_DOCS = process.env.BENCH_NO_DOCS !== '1' && !ONLY;
const LIST_UNIT = 'zfb';
const LIST_COLUMN = 'zcwj.qzfbwj';
const LIST_PAGE = 3;

// ---------------------------------------------------------------------------------------------
// Cleanup: every child (app servers, nginx) is killed on exit, Ctrl-C or error.
const children = new Set<ChildProcess>();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
fs.chmodSync(tmp, 0o755); // nginx workers (user nobody) must read the saved pages
const cleanups: (() => Promise<void> | void)[] = [];
function killAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}
process.on('exit', () => {
  killAll();
  if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping`);
    process.exit(130);
  });
}
const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

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

async function waitFor(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts bench/serve.ts in a child process and resolves with its base URL. */
export async function startApp(databaseUrl: string, label: string): Promise<{ base: string; stop: () => Promise<void>; profDir: string }> {
  const profDir = path.join(tmp, `prof-${label}`);
  const args = ['--import', 'tsx', ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), path.join(ROOT, 'bench/serve.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: path.join(tmp, 'files'), SEED_DEMO: 'false', LOG_LEVEL: 'silent', PG_POOL_MAX: process.env.PG_POOL_MAX || '10' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('app did not start within 60 s')), 60_000);
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /READY (\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening`)));
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`);
  return {
    base,
    profDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          children.delete(child);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function startNginx(www: string): Promise<{ base: string; version: string }> {
  let version: string;
  try {
    version = (execFileSync('sh', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' }).match(/nginx\/\S+/) ?? ['nginx'])[0];
  } catch {
    throw new Error('nginx is not installed (apt-get install nginx); it serves the static copies for comparison');
  }
  const port = await freePort();
  const dir = path.join(tmp, 'nginx');
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
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
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { text/html html; }
  charset utf-8;
  server {
    listen 127.0.0.1:${port};
    root ${www};
  }
}
`,
  );
  const child = spawn('nginx', ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/doc.html`);
  return { base, version };
}

// ---------------------------------------------------------------------------------------------
interface Measured {
  target: string;
  server: string;
  url: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  bytes: number;
}

async function measure(target: string, server: string, url: string, nextPath?: () => string): Promise<Measured | null> {
  if (ONLY && !target.startsWith(ONLY)) return null;
  // nextPath: a different path for every request (to measure the uncached path).
  const requests = nextPath ? [{ setupRequest: (req: { path: string }) => ({ ...req, path: nextPath() }) }] : undefined;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP, requests }); // warm-up, discarded
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  const m: Measured = {
    target,
    server,
    url,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
    bytes: Math.round(r.throughput.total / Math.max(1, r.requests.total)),
  };
  log(`${target.padEnd(24)} ${server.padEnd(18)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  errors ${m.errors}  non-2xx ${m.non2xx}`);
  return m;
}

interface Fetched {
  html: string;
  ms: number;
  setCookie: string[];
}

async function fetchPage(url: string): Promise<Fetched> {
  const t = performance.now();
  const r = await fetch(url);
  const html = await r.text();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`${url} answered ${r.status}: ${html.slice(0, 300)}`);
  return { html, ms, setCookie: r.headers.getSetCookie() };
}

async function seedAndPlan(handle: DatabaseHandle): Promise<{ units: UnitInfo[]; plan: Plan }> {
  await prepareDatabase(handle, { demo: false });
  const units = (await handle.db.selectFrom('units').select(['id', 'code', 'name', 'type', 'index_prefix']).orderBy('position').execute()) as UnitInfo[];
  const terms = await handle.db.selectFrom('terms').select(['kind', 'code', 'parent_code']).execute();
  return { units, plan: planDocuments(N, units, terms) };
}

/** The document the benchmark opens: a mid-range 区政府办公室 document with a 文号 and an attachment. */
async function pickDocument(handle: DatabaseHandle, zfbId: number): Promise<{ id: number; indexNo: string; title: string }> {
  const { db } = handle;
  const ids = await db
    .selectFrom('documents')
    .innerJoin('attachments', 'attachments.document_id', 'documents.id')
    .select(['documents.id', 'documents.index_no', 'documents.title'])
    .where('documents.unit_id', '=', zfbId)
    .where('documents.doc_no', 'is not', null)
    .where('documents.validity', '=', '有效')
    .orderBy('documents.id')
    .execute();
  const row = ids[Math.floor(ids.length / 2)];
  return { id: row.id, indexNo: row.index_no!, title: row.title };
}

export function machine(nginxVersion: string, sqliteVersion: string, pgVersion: string | null) {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [, os.cpus()[0]?.model ?? '?'])[1];
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    nginx: nginxVersion,
    sqlite: sqliteVersion,
    pg: pgVersion,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' / '),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

// ---------------------------------------------------------------------------------------------
let loadBefore = '';
let startedAt = '';
async function main() {
  const t0 = Date.now();
  startedAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  if (os.loadavg()[0] > cpus * 0.25) log(`warning: load average ${loadBefore} on ${cpus} CPUs: other work will skew the numbers`);
  const results: Measured[] = [];
  const www = path.join(tmp, 'www');
  fs.mkdirSync(www, { recursive: true, mode: 0o755 });

  // 1. SQLite database with N published documents.
  const file = path.join(tmp, 'bench.db');
  const sqliteUrl = `sqlite:${file}`;
  let h = openDatabase(sqliteUrl);
  const { units, plan } = await seedAndPlan(h);
  const sqliteVersion = ((await sql<{ v: string }>`select sqlite_version() as v`.execute(h.db)).rows[0]?.v) ?? '?';
  await h.close();
  let t = Date.now();
  insertSqlite(file, plan);
  const genSeconds = (Date.now() - t) / 1000;
  log(`SQLite: ${N} documents inserted in ${genSeconds.toFixed(1)} s (${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MB); titles: ${plan.titleSource}`);
  h = openDatabase(sqliteUrl);
  const zfb = units.find((u) => u.code === LIST_UNIT)!;
  const doc = await pickDocument(h, zfb.id);
  const listTotal = Number(
    (await h.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).where('unit_id', '=', zfb.id).where('column_code', '=', LIST_COLUMN).executeTakeFirst())?.n ?? 0,
  );
  const published = Number((await h.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'published').executeTakeFirst())?.n ?? 0);
  const ids = (await h.db.selectFrom('documents').select('id').where('status', '=', 'published').orderBy('id').execute()).map((r) => r.id);
  await h.close();
  const randomDoc = () => `/xxgk/documents/${ids[Math.floor(Math.random() * ids.length)]}`;
  const docPath = `/xxgk/documents/${doc.id}`;
  const listPath = `/xxgk/catalog/${LIST_UNIT}?column=${encodeURIComponent(LIST_COLUMN)}&page=${LIST_PAGE}`;

  // 2. The app (SQLite) and nginx with the saved pages.
  const app = await startApp(sqliteUrl, 'sqlite');
  const docFirst = await fetchPage(app.base + docPath);
  const docHtml = docFirst.html;
  if (!docHtml.includes(doc.indexNo)) throw new Error(`the document page does not show its 索引号 ${doc.indexNo}`);
  const listFirst = await fetchPage(app.base + listPath);
  const listHtml = listFirst.html;
  const cookies = [...new Set([...docFirst.setCookie, ...listFirst.setCookie].map((c) => c.split('=')[0]))];
  fs.writeFileSync(path.join(www, 'doc.html'), docHtml, { mode: 0o644 });
  fs.writeFileSync(path.join(www, 'list.html'), listHtml, { mode: 0o644 });
  const nginx = await startNginx(www);
  if ((await fetchPage(`${nginx.base}/doc.html`)).html !== docHtml) throw new Error('nginx serves a different document page');
  log(`app ${app.base}  nginx ${nginx.base} (${nginx.version}, worker_processes auto = ${os.availableParallelism?.() ?? os.cpus().length})`);
  log(`document page ${docPath} (${Buffer.byteLength(docHtml)} B), list page ${listPath} (${Buffer.byteLength(listHtml)} B, ${listTotal} documents in the column)`);

  const push = (m: Measured | null) => m && results.push(m);
  push(await measure('document page', 'app (SQLite)', app.base + docPath));
  push(await measure('document page', 'nginx (static)', `${nginx.base}/doc.html`));
  push(await measure('list page', 'app (SQLite)', app.base + listPath));
  push(await measure('list page', 'nginx (static)', `${nginx.base}/list.html`));
  push(await measure('document page, random id', 'app (SQLite)', app.base + docPath, randomDoc));
  await app.stop();

  // 3. Optionally the same pages from PostgreSQL.
  let pgVersion: string | null = null;
  let pgCold: { doc: number; list: number } | null = null;
  const pgAdmin = process.env.TEST_PG_URL;
  if (pgAdmin) {
    const name = `gk_bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdmin });
    await admin.connect();
    await admin.query(`create database ${name}`);
    pgVersion = ((await admin.query('show server_version')).rows[0]?.server_version as string) ?? '?';
    await admin.end();
    const dropDb = async () => {
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
    cleanups.push(dropDb);
    const url = new URL(pgAdmin);
    url.pathname = `/${name}`;
    const ph = openDatabase(url.toString());
    const { plan: pgPlan } = await seedAndPlan(ph);
    t = Date.now();
    await insertKysely(ph.db, pgPlan);
    await sql`analyze`.execute(ph.db); // what autovacuum does shortly after a bulk load
    log(`PostgreSQL ${pgVersion}: ${N} documents inserted in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const pgDoc = await ph.db.selectFrom('documents').select('id').where('index_no', '=', doc.indexNo).executeTakeFirstOrThrow();
    const pgIds = (await ph.db.selectFrom('documents').select('id').where('status', '=', 'published').execute()).map((r) => r.id);
    await ph.close();
    const pgApp = await startApp(url.toString(), 'pg');
    const pgDocPath = `/xxgk/documents/${pgDoc.id}`;
    pgCold = { doc: (await fetchPage(pgApp.base + pgDocPath)).ms, list: (await fetchPage(pgApp.base + listPath)).ms };
    push(await measure('document page', 'app (PostgreSQL)', pgApp.base + pgDocPath));
    push(await measure('list page', 'app (PostgreSQL)', pgApp.base + listPath));
    push(await measure('document page, random id', 'app (PostgreSQL)', pgApp.base + pgDocPath, () => `/xxgk/documents/${pgIds[Math.floor(Math.random() * pgIds.length)]}`));
    await pgApp.stop();
  }
  for (const c of cleanups) await c();

  // 4. Report.
  const m = machine(nginx.version, sqliteVersion, pgVersion);
  const report = renderReport({
    results, m, docPath, listPath, docBytes: Buffer.byteLength(docHtml), listBytes: Buffer.byteLength(listHtml), listTotal, published, genSeconds,
    titleSource: plan.titleSource, doc, cookies, cold: { doc: docFirst.ms, list: listFirst.ms }, pgCold,
  });
  console.log('\n' + report.table + '\n');
  for (const line of report.verdicts) console.log(line);
  if (WRITE_DOCS) {
    writeSection(path.join(ROOT, 'docs/performance.md'), report.markdown);
    log('docs/performance.md updated');
  }
  if (PROFILE) {
    for (const label of ['sqlite', 'pg']) {
      const dir = path.join(tmp, `prof-${label}`);
      if (!fs.existsSync(dir)) continue;
      // The main thread's profile is the big one (the others are tsx's loader thread).
      const f = fs.readdirSync(dir).sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)[0];
      if (!f) continue;
      const dest = path.join(ROOT, 'bench/results', `app-${label}-${f}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(path.join(dir, f), dest);
      console.log(`\nCPU profile (${label}): ${path.relative(ROOT, dest)}`);
      console.log(summariseProfile(dest));
    }
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// ---------------------------------------------------------------------------------------------
function renderReport(x: {
  results: Measured[];
  m: ReturnType<typeof machine>;
  docPath: string;
  listPath: string;
  docBytes: number;
  listBytes: number;
  listTotal: number;
  published: number;
  genSeconds: number;
  titleSource: string;
  doc: { indexNo: string; title: string };
  cookies: string[];
  cold: { doc: number; list: number };
  pgCold: { doc: number; list: number } | null;
}) {
  // The static copy a row is compared with: the same page; random documents against the document page.
  const nginxOf = (target: string) => x.results.find((r) => r.server.startsWith('nginx') && target.startsWith(r.target));
  const num = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows = x.results.map((r) => {
    const ng = nginxOf(r.target);
    const ratio = r.server.startsWith('app') && ng ? (r.rps / ng.rps).toFixed(2) + '×' : '';
    return `| ${r.target} | ${r.server} | ${num(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${ratio} |`;
  });
  const table = ['| Page | Served by | req/s | p50 ms | p99 ms | errors | non-2xx | app/nginx |', '|---|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
  const targeted = x.results.filter((r) => r.server.startsWith('app') && (r.target === 'document page' || r.target === 'list page'));
  let missed = false;
  const verdicts = targeted.map((r) => {
    const ng = nginxOf(r.target)!;
    const ratio = r.rps / ng.rps;
    const ok = ratio >= 0.5 && r.p99 < 50 && r.errors === 0 && r.non2xx === 0;
    if (!ok) missed = true;
    return `- ${r.target}, ${r.server}: ${ratio.toFixed(2)}× nginx (target ≥ 0.5×), p99 ${r.p99} ms (target < 50 ms) — **${ok ? 'target met' : 'target missed'}**`;
  });
  const m = x.m;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const markdown = `## Portal pages (issue 2)

Measured by \`npm run bench\` (bench/pages.bench.ts), started ${startedAt}.

**Targets:** with 100,000 published documents, the document page and a list page at 50 concurrent
connections reach **at least 0.5× the requests per second of nginx** serving the same page saved as a
static file, with **p99 latency under 50 ms**.

### Machine

| | |
|---|---|
| CPUs (\`nproc\`) | ${m.nproc} |
| CPU model | ${m.cpu} |
| Memory | ${m.memory} |
| OS | ${m.os} |
| Load average before the run (1/5/15 min) | ${loadBefore} |
| Node.js | ${m.node} |
| nginx | ${m.nginx} (\`worker_processes auto\` = ${m.nproc} workers, \`access_log off\`, sendfile, keep-alive) |
| SQLite | ${m.sqlite} (better-sqlite3, WAL) |
| PostgreSQL | ${m.pg ? `${m.pg} (local cluster of scripts/pg-local.sh, pool of ${process.env.PG_POOL_MAX || 10})` : 'not measured (TEST_PG_URL not set)'} |

The app, nginx and the load generator share these ${m.nproc} CPUs: the app is one Node.js process
(no cluster), nginx runs ${m.nproc} workers, autocannon runs in one thread of the bench process.
Numbers from a busy machine (load average above) are lower and noisier than from an idle one.

### Results

${CONNECTIONS} connections, ${WARMUP} s warm-up (discarded) then ${SECONDS} s per row, one after the other in one run.
req/s is autocannon's mean of per-second samples; latencies are per request. Every request is an anonymous GET
without cookies, as a first-time visitor sends it.

${table}

${verdicts.join('\n')}

- **document page** \`${x.docPath}\` (${num(x.docBytes)} bytes of HTML; 《${x.doc.title}》, ${x.doc.indexNo}) and
  **list page** \`${x.listPath}\` (${num(x.listBytes)} bytes; page ${LIST_PAGE} of the ${num(x.listTotal)} documents of that unit and column):
  the same URL again and again. The app renders a public page once and then serves it from its in-memory page
  cache (checked against the data version on every request), so these rows measure that path. The first,
  uncached request took ${ms(x.cold.doc)} (document) and ${ms(x.cold.list)} (list) on SQLite${x.pgCold ? `, ${ms(x.pgCold.doc)} and ${ms(x.pgCold.list)} on PostgreSQL` : ''}.
- **document page, random id**: every request asks for one of the ${num(x.published)} documents at random, so
  nearly every request misses the page cache (query, render, cache insert); compared with nginx's document-page row.
  Not one of the issue's targets; it shows what an uncached page costs.
- Cookies set by the app on these pages: ${x.cookies.length ? x.cookies.map((c) => `\`${c}\``).join(', ') : 'none'}.
${missed ? '\nTo see where the time goes: `BENCH_PROFILE=1 BENCH_ONLY=document npm run bench` (or `BENCH_ONLY=list`) runs the app with\n`--cpu-prof`, keeps the profile under bench/results/ and prints the hottest functions.\n' : ''}
### Data

${num(x.published)} published documents, generated deterministically by bench/generate.ts and inserted in ${x.genSeconds.toFixed(1)} s
through better-sqlite3 (one transaction, prepared statements); on PostgreSQL through Kysely in batches of 500, then \`ANALYZE\`
(what autovacuum does shortly after a bulk load). The SQLite file is not \`ANALYZE\`d (the app does not do that either).

- Titles: ${x.titleSource}.
- Units: all seeded units; 区政府 and 区政府办公室 weighted ×6, departments ×3, 街道/乡镇 ×1.
- Publication times uniform over 2008-01-01 to now (Beijing time); 成文日期 0–19 days earlier.
- Columns: a third of each unit's documents in its own column (区政府办公室 → 区政府办公室文件, 区政府 → 区政府文件,
  departments → 部门文件, 街道/乡镇 → 乡村振兴), the rest over every leaf column; random leaf 主题分类, random 体裁分类.
- 70 % with a 文号 (\`<机关代字>〔<year>〕<n>号\`, parsed by the product's parser); bodies of about 2 KB of HTML paragraphs;
  3 % 失效/废止/已修改; a third with one attachment.
- 索引号 \`<unit prefix>/<year>-<NNNNN>\`, numbered in publication order per unit and Beijing year, with matching \`index_counters\`.
`;
  return { table, verdicts, markdown };
}

/** Replaces (or appends) the `heading` section ("## Portal pages (issue 2)"), keeping the rest of the file. */
export function writeSection(file: string, section: string, heading = '## Portal pages (issue 2)') {
  const head = '# Performance\n\nBenchmarks of the gongkai portal. Each section is rewritten by the benchmark that produces it.\n\n';
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : head;
  const start = text.indexOf(heading);
  if (start < 0) text = text.replace(/\s*$/, '\n\n') + section;
  else {
    const next = text.indexOf('\n## ', start + 5);
    text = text.slice(0, start) + section + (next < 0 ? '' : '\n' + text.slice(next + 1));
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text.replace(/\n{3,}/g, '\n\n'));
}

/** Self time per function (top 25) and inclusive time of the project's own functions, from a .cpuprofile. */
export function summariseProfile(file: string): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  prof.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const label = (n: (typeof prof.nodes)[number]) => {
    const u = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT + '/', '');
    return `${n.callFrame.functionName || '(anonymous)'} ${u ? `${u}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (!node.callFrame.url.includes('/src/')) continue;
      const l = label(node);
      if (seen.has(l)) continue;
      seen.add(l);
      inclBy.set(l, (inclBy.get(l) ?? 0) + us);
    }
  }
  const fmt = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([l, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${l}`)
      .join('\n');
  return `self time (top 25):\n${fmt(selfBy, 25)}\ninclusive time, project code (top 25):\n${fmt(inclBy, 25)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then(() => process.exit(0))
    .catch(async (err) => {
      console.error(err);
      for (const c of cleanups) await Promise.resolve(c()).catch(() => {});
      process.exit(1);
    });
}
