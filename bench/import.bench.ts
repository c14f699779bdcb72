// `npm run bench:import`: the document import (issue 14, "bulk writes are batched") over the 34,578 real
// titles of ../shared/data/doc-numbers-cn/titles_dates.csv, their 文号 joined from doc_numbers.csv on the
// URL. Builds a fresh database (SQLite in a temporary directory; PostgreSQL too when TEST_PG_URL is set),
// writes the records to a CSV file with the column names staff use (名称, 文号, 成文日期, 发布日期) and
// times `importFile` — what `gongkai import documents <文件> --unit zfb` runs — from the first line read to
// the last document searchable: validation, the documents, versions, audit rows, ledger entries, the
// document.changed events and the search index they update. Then imports the same file again (every
// row unchanged) and checks that every created document is in the search index.
// Writes the "## Import (issue 14)" section of docs/performance.md.
//
// Knobs: BENCH_ROWS (all), BENCH_KEEP=1 (keep the SQLite file), TEST_PG_URL (adds PostgreSQL),
// BENCH_NO_WRITE=1 (print only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import '../src/features/index.ts'; // installs the features (the search handler of document.changed)
import { openDatabase, type DatabaseHandle } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { importContext, importFile, IMPORT_BATCH_ROWS, type ImportReport } from '../src/features/documents/documents.import.ts';
import { systemActor } from '../src/platform/access/roles.ts';
import { machine, writeSection } from './pages.bench.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DATA = new URL('../../shared/data/doc-numbers-cn/', import.meta.url).pathname;
const HEADING = '## Import (issue 14)';
/** Measured once, 2026-12-07 (the code before batching is gone): kept in the section by every run. */
const BEFORE_AFTER = `Three steps, the first 8,000 records on SQLite (\`BENCH_ROWS=8000\`; each row measured the same day on this machine):

| SQLite, 8,000 records | Time | Rows/s | CPU | Rows per CPU-second | Same file again | load average |
|---|---:|---:|---:|---:|---:|---:|
| one transaction per record (before, session 7) | 121.7 s | 66 | 24.0 s | 333 | 9.5 s | 10–18 |
| 500 records per transaction, record by record inside (session 7) | 26.5 s | 302 | 7.8 s | 1,026 | 2.8 s | 10–18 |
| the same, session 8, quieter machine | 6.8 s | 1,171 | 6.5 s | 1,228 | 0.9 s | 3 |
| 500 per transaction, written together (session 8, writeBatch) | 3.4 s | 2,342 | 3.1 s | **2,547** | 0.8 s | 8 |

What changed in session 8 (documents.import.ts writeBatch; a statement-by-statement profile showed SQL ~45 % of the CPU,
Kysely's query building ~15 %, CSV parsing ~7 %): the stored documents a batch names are read in two queries (by 索引号;
by unit + 名称 + 成文日期 + 文号) instead of one or two per record; automatic 索引号 are taken per unit and year in one
counter step (allocateIndexNos: the same numbers as one at a time, taken ones stepped over); new documents are inserted
100 per statement, their audit rows 200 per statement (platform auditMany); search indexes a batch with multi-row FTS5
and search_docs statements (writeMany) instead of three statements per document; a CSV file without a 索引号 column is
read once (the first pass only reserves explicit numbers). A record that changes a document an earlier record of the
same batch created or changed ends a segment: what came before is written and the batch goes on (same outcomes as
record by record — import-batched.test.ts compares both on 1,500 real records with repeats and changes inside batches).

`;
const log = (m: string) => console.log(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${m}`);

interface Run {
  db: string;
  rows: number;
  report: ImportReport;
  secs: number;
  /** CPU time of this process (user + system) during the import. */
  cpuSecs: number;
  again: ImportReport;
  againSecs: number;
  indexed: number;
  written?: string;
}

function buildCsv(dir: string, limit: number): { file: string; rows: number; withDocNo: number } {
  const titles = parse(fs.readFileSync(path.join(DATA, 'titles_dates.csv')), { columns: true, bom: true }) as Record<string, string>[];
  const numbers = new Map<string, string>();
  for (const r of parse(fs.readFileSync(path.join(DATA, 'doc_numbers.csv')), { columns: true, bom: true }) as Record<string, string>[]) {
    if (r.doc_number) numbers.set(r.url, r.doc_number);
  }
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['名称,文号,成文日期,发布日期'];
  let withDocNo = 0;
  for (const r of titles.slice(0, limit)) {
    const no = numbers.get(r.url) ?? '';
    if (no) withDocNo++;
    lines.push([r.title, no, r.issue_date, r.publish_date].map((v) => q(v ?? '')).join(','));
  }
  const file = path.join(dir, 'titles.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, rows: lines.length - 1, withDocNo };
}

async function runOn(label: string, h: DatabaseHandle, file: string, rows: number): Promise<Run> {
  await prepareDatabase(h, { demo: false });
  const zfb = await h.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
  const ctx = await importContext(h.db, systemActor('基准测试导入'), zfb.id);
  log(`${label}: importing ${rows} rows`);
  let t = performance.now();
  const cpu0 = process.cpuUsage();
  let last = 0;
  const report = await importFile(ctx, file, {
    maxProblems: 50,
    onProgress: (r) => {
      if (r.read - last >= 5000) {
        last = r.read;
        log(`${label}: ${r.read} rows, ${Math.round(r.read / ((performance.now() - t) / 1000))} rows/s`);
      }
    },
  });
  const secs = (performance.now() - t) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpuSecs = (c.user + c.system) / 1e6;
  log(`${label}: read ${report.read}, created ${report.created}, unchanged ${report.unchanged}, failed ${report.failed} in ${secs.toFixed(1)} s = ${Math.round(report.read / secs)} rows/s (process CPU ${cpuSecs.toFixed(1)} s)`);
  t = performance.now();
  const again = await importFile(await importContext(h.db, systemActor('基准测试导入'), zfb.id), file, { maxProblems: 50 });
  const againSecs = (performance.now() - t) / 1000;
  log(`${label}: again: unchanged ${again.unchanged}, created ${again.created}, updated ${again.updated} in ${againSecs.toFixed(1)} s`);
  const n = await h.db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const pending = await h.db.selectFrom('platform_events').select((eb) => eb.fn.countAll<number>().as('n')).where('delivered_at', 'is', null).executeTakeFirstOrThrow();
  if (Number(pending.n)) throw new Error(`${pending.n} events not delivered`);
  return { db: label, rows, report, secs, cpuSecs, again, againSecs, indexed: Number(n.n) };
}

async function main() {
  const limit = Number(process.env.BENCH_ROWS || Infinity);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-bench-import-'));
  const { file, rows, withDocNo } = buildCsv(dir, limit);
  log(`${rows} records (${withDocNo} with a 文号) in ${file}`);
  const runs: Run[] = [];

  const dbFile = path.join(dir, 'import.db');
  const h = openDatabase(`sqlite:${dbFile}`);
  const walBefore = 0;
  const sqliteRun = await runOn('SQLite', h, file, rows);
  await h.close();
  const size = fs.statSync(dbFile).size;
  sqliteRun.written = `database file ${(size / 1024 ** 2).toFixed(0)} MB after both runs`;
  void walBefore;
  runs.push(sqliteRun);
  const sqliteVersion = new SQLite(':memory:').prepare('select sqlite_version() as v').get() as { v: string };

  let pgVersion: string | null = null;
  const admin = process.env.TEST_PG_URL;
  if (admin) {
    const name = `gk_bench_import_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    pgVersion = ((await c.query('show server_version')).rows[0] as { server_version: string }).server_version;
    await c.query(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const ph = openDatabase(url.toString());
    try {
      runs.push(await runOn('PostgreSQL', ph, file, rows));
    } finally {
      await ph.close();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  } else log('TEST_PG_URL not set: PostgreSQL skipped');

  if (process.env.BENCH_KEEP) log(`kept ${dbFile}`);
  else fs.rmSync(dir, { recursive: true, force: true });

  const m = machine('-', sqliteVersion.v, pgVersion);
  const table = runs
    .map(
      (r) =>
        `| ${r.db} | ${r.report.read.toLocaleString('en')} | ${r.report.created.toLocaleString('en')} / ${r.report.unchanged.toLocaleString('en')} / ${r.report.failed.toLocaleString('en')} | ${r.secs.toFixed(1)} s | ${Math.round(r.report.read / r.secs).toLocaleString('en')} | ${r.cpuSecs.toFixed(1)} s | **${Math.round(r.report.read / r.cpuSecs).toLocaleString('en')}** | ${r.againSecs.toFixed(1)} s (${Math.round(r.again.read / r.againSecs).toLocaleString('en')} rows/s, ${r.again.unchanged.toLocaleString('en')} unchanged) | ${r.indexed.toLocaleString('en')} |`,
    )
    .join('\n');
  const section = `${HEADING}

\`gongkai import documents\` of ${rows.toLocaleString('en')} real records: the titles, 成文日期 and 发布日期 of
../shared/data/doc-numbers-cn/titles_dates.csv with the 文号 of doc_numbers.csv joined on the URL (${withDocNo.toLocaleString('en')} have one),
as a CSV file with the column names staff use, into one unit of a fresh database (no demo data). Timed from the first line
read to the last document searchable: validation, documents, versions, audit rows, ledger entries, the \`document.changed\`
events and the search index they update (delivered after each commit, as in the CLI). The import commits ${IMPORT_BATCH_ROWS} rows per
transaction with one \`document.changed\` event per batch (a row the database refuses is reported alone: the batch is then
redone with a savepoint per row); before batching, each row was its own transaction plus one indexing transaction.
"Rows/s" is wall-clock time; "CPU" is the importing process's user + system time (the database server's not included):
on a shared, overloaded machine the wall clock mostly measures the wait for a CPU, the CPU time what the import costs.
The second run imports the same file again (idempotent).

| Database | Rows read | created / unchanged / failed | Time | Rows/s | CPU | Rows per CPU-second | Same file again | In the search index |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${table}

${BEFORE_AFTER}No record of this file is refused (a refused one is reported with its line); the same title with the same dates appears
more than once in the source (re-publications, sometimes with another 发布日期): those count as unchanged, or as updated when
only the 发布日期 differs — which is why a run of the same file again updates a few documents back and forth.
${sqliteRun.written ? `SQLite: ${sqliteRun.written}.` : ''}

Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}, ${m.memory} RAM, ${m.os}, Node ${m.node}, SQLite ${m.sqlite}${m.pg ? `, PostgreSQL ${m.pg} (local, fsync off as in scripts/pg-local.sh)` : ''};
load average ${m.load} at the end (other engineers' tests shared the machine), ${m.date}.

Command: \`TEST_PG_URL=$(bash scripts/pg-local.sh | tail -1) npm run bench:import\` (BENCH_ROWS limits the records; a full
run rewrites this section, keeping the before/after table and the notes, which are measurements of 2026-12-07).
`;
  console.log('\n' + section);
  if (!process.env.BENCH_NO_WRITE && !Number.isFinite(limit)) writeSection(path.join(ROOT, 'docs/performance.md'), section, HEADING);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
