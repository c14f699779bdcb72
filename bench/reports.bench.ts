// `npm run bench:reports`: generating the district's annual report (issue 5) over 100,000 requests
// and 200,000 documents. Builds a fresh SQLite database (and a PostgreSQL one when TEST_PG_URL is
// set) with the seeded unit tree, 200,000 published documents (bench/generate.ts, 10 % 行政规范性
// 文件) and 100,000 requests received over 2024–2025 with their closing events (decide, withdraw,
// 补正 expired; a tenth still open at the end of 2025; some reviews), then times buildReport —
// everything the report page needs: the request and review tables, section 二 from the documents,
// the facts of the narrative and the cross-checks — for the whole district (区政府 and every unit
// under it) and for the office alone. Writes the "## Annual report (issue 5)" section of
// docs/performance.md.
//
// Knobs: BENCH_REQUESTS (100000), BENCH_DOCUMENTS (200000), BENCH_RUNS (15 warm runs), BENCH_COLD_RUNS (5
// cold runs, each on a newly opened database), BENCH_KEEP=1 (keep the SQLite file), TEST_PG_URL (adds
// PostgreSQL), BENCH_WRITE (1/0; default: write docs/performance.md only at the full size). A quick run:
//   BENCH_REQUESTS=10000 BENCH_DOCUMENTS=20000 BENCH_RUNS=5 BENCH_COLD_RUNS=3 npm run bench:reports
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, type Db, type DatabaseHandle } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { buildReport, loadReport } from '../src/features/reports/report.ts';
import { freezeReport } from '../src/features/reports/frozen.ts';
import { APPLICANT_TYPES, OUTCOME_CODES } from '../src/features/requests/public.ts';
import { addDays, insertKysely, insertSqlite, planDocuments, rng } from './generate.ts';
import { machine, writeSection } from './pages.bench.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const N_REQ = Number(process.env.BENCH_REQUESTS || 100_000);
const N_DOC = Number(process.env.BENCH_DOCUMENTS || 200_000);
const RUNS = Number(process.env.BENCH_RUNS || 15);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS || 5);
/** docs/performance.md is rewritten only by the full-size run (or BENCH_WRITE=1). */
const WRITE = process.env.BENCH_WRITE ? process.env.BENCH_WRITE === '1' : N_REQ >= 100_000 && N_DOC >= 200_000;
const HEADING = '## Annual report (issue 5)';
const log = (m: string) => console.log(`[bench:reports ${new Date().toISOString().slice(11, 19)}] ${m}`);

interface Req {
  tracking_no: string;
  query_code_hash: string;
  unit_id: number;
  channel: string;
  received_on: string;
  applicant_type: string;
  applicant: string;
  description: string;
  doc_ref: string;
  form: string;
  delivery: string;
  status: string;
  outcome: string | null;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}
interface Ev {
  type: string;
  on: string;
  payload: string;
}

/** Requests over 2024–2025 with their closing and review events; `events[i]` belong to `requests[i]`. */
function planRequests(n: number, units: { id: number; type: string; code: string }[]) {
  const rand = rng(20251231);
  const weighted: number[] = [];
  for (const u of units) for (let i = 0; i < (u.code === 'zfb' || u.code === 'sucheng' ? 6 : u.type === 'department' ? 3 : 1); i++) weighted.push(u.id);
  const outcomes = OUTCOME_CODES.filter((c) => c !== 'other-1' && c !== 'other-2' && c !== 'other-3');
  const requests: Req[] = [];
  const events: Ev[][] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const received = new Date(start + Math.floor(rand() * 730) * 86400_000).toISOString().slice(0, 10);
    const type = rand() < 0.8 ? 'natural' : APPLICANT_TYPES[1 + Math.floor(rand() * 5)]!;
    const evs: Ev[] = [];
    let status = 'in-progress';
    let outcome: string | null = null;
    const r = rand();
    const closeOn = addDays(received, 5 + Math.floor(rand() * 30));
    if (r < 0.1 && received >= '2025-11-01') {
      // still open at the end of 2025
    } else if (r < 0.14) {
      evs.push({ type: 'withdraw', on: closeOn, payload: JSON.stringify({ type: 'withdraw', on: closeOn }) });
      status = 'closed';
      outcome = 'other-3';
    } else if (r < 0.17) {
      const ask = addDays(received, 3);
      evs.push({ type: 'request-supplement', on: ask, payload: JSON.stringify({ type: 'request-supplement', on: ask, periodDays: 10, items: '请补充文号' }) });
      evs.push({ type: 'supplement-expired', on: closeOn, payload: JSON.stringify({ type: 'supplement-expired', on: closeOn }) });
      status = 'closed';
      outcome = 'other-1';
    } else {
      outcome = rand() < 0.45 ? 'grant' : outcomes[Math.floor(rand() * outcomes.length)]!;
      evs.push({ type: 'decide', on: closeOn, payload: JSON.stringify({ type: 'decide', on: closeOn, outcome }) });
      status = 'decided';
      if (rand() < 0.02) {
        const f = addDays(closeOn, 20);
        evs.push({ type: 'review-filed', on: f, payload: JSON.stringify({ type: 'review-filed', on: f }) });
        if (rand() < 0.7) {
          const res = addDays(f, 60);
          evs.push({ type: 'review-result', on: res, payload: JSON.stringify({ type: 'review-result', on: res, result: rand() < 0.8 ? 'upheld' : 'corrected' }) });
        }
      }
    }
    const created = `${received}T01:00:00.000Z`;
    requests.push({
      tracking_no: `SC${received.slice(0, 4)}-${String(i + 1).padStart(7, '0')}`,
      query_code_hash: '0'.repeat(64),
      unit_id: weighted[Math.floor(rand() * weighted.length)]!,
      channel: 'post',
      received_on: received,
      applicant_type: type,
      applicant: JSON.stringify({ name: '测试申请人', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13900000000' }),
      description: '测试申请',
      doc_ref: '',
      form: 'paper',
      delivery: 'pickup',
      status,
      outcome,
      // As the commands keep it: the date of the last closing event.
      closed_on: [...evs].reverse().find((e) => ['decide', 'withdraw', 'supplement-expired', 'fee-expired'].includes(e.type))?.on ?? null,
      created_at: created,
      // As the commands leave it: the instant the last step was recorded.
      updated_at: evs.length ? `${evs[evs.length - 1]!.on}T02:00:00.000Z` : created,
    });
    events.push(evs);
  }
  return { requests, events };
}

function insertRequestsSqlite(file: string, plan: ReturnType<typeof planRequests>) {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const cols = Object.keys(plan.requests[0]!);
  const ins = db.prepare(`insert into requests (${cols.join(', ')}) values (${cols.map((c) => '@' + c).join(', ')})`);
  const ev = db.prepare('insert into request_events (request_id, type, "on", payload, actor_id, actor_name, at) values (?, ?, ?, ?, null, ?, ?)');
  db.transaction(() => {
    plan.requests.forEach((r, i) => {
      const { lastInsertRowid } = ins.run(r);
      for (const e of plan.events[i]!) ev.run(Number(lastInsertRowid), e.type, e.on, e.payload, '基准测试', `${e.on}T02:00:00.000Z`);
    });
  })();
  db.close();
}

async function insertRequestsKysely(db: Db, plan: ReturnType<typeof planRequests>) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < plan.requests.length; i += 500) {
      const ids = await trx.insertInto('requests').values(plan.requests.slice(i, i + 500)).returning('id').execute();
      const evs = ids.flatMap((r, j) => plan.events[i + j]!.map((e) => ({ request_id: r.id, type: e.type, on: e.on, payload: e.payload, actor_id: null, actor_name: '基准测试', at: `${e.on}T02:00:00.000Z` })));
      for (let k = 0; k < evs.length; k += 1000) await trx.insertInto('request_events').values(evs.slice(k, k + 1000)).execute();
    }
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** Wall and CPU milliseconds of one call (CPU of this process: with PostgreSQL the server's CPU is not in it). */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, value };
}

const TARGETS = [
  ['district (区政府 + all units)', 'sucheng', 'tree'],
  ['office alone (区政府办公室)', 'zfb', 'unit'],
] as const;

/**
 * Cold: the first report built after opening the database (a new handle each time: SQLite's page cache
 * and PostgreSQL's connection are new; the OS file cache and this process's compiled code are not).
 * Warm: later builds on the same handle. Published: the same report once published, read from its
 * frozen snapshot (loadReport without `live`), with no request or document read.
 */
async function measure(open: () => DatabaseHandle, label: string) {
  const rows: string[] = [];
  for (const [name, code, scope] of TARGETS) {
    const cold: { ms: number; cpu: number }[] = [];
    const warm: { ms: number; cpu: number }[] = [];
    let counted = 0;
    for (let c = 0; c < COLD_RUNS; c++) {
      const h = open();
      try {
        const unit = (await h.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
        for (let i = 0; i < (c === 0 ? RUNS + 1 : 1); i++) {
          const t = await timed(() => buildReport(h.db, unit, 2025, scope));
          const r = t.value!;
          if (!r.publishable) throw new Error(`${label} ${name}: the generated report does not reconcile`);
          counted = (r.requests.rows.find((x) => x.key === 'new')!.values!.total ?? 0) + (r.requests.rows.find((x) => x.key === 'carried-over')!.values!.total ?? 0);
          (i === 0 ? cold : warm).push(t);
        }
      } finally {
        await h.close();
      }
    }
    // Published: freeze the report as submission does (with the ids behind every cell) and read it back.
    const h = open();
    let published = { ms: 0, cpu: 0 };
    let freezeMs = 0;
    try {
      const unit = (await h.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
      const f = await timed(() => buildReport(h.db, unit, 2025, scope, { ids: true }));
      freezeMs = f.ms;
      const now = new Date().toISOString();
      await h.db.deleteFrom('annual_report_revisions').execute();
      await h.db.deleteFrom('annual_reports').execute();
      const { id } = await h.db
        .insertInto('annual_reports')
        .values({ unit_id: unit, year: 2025, format: f.value!.format, status: 'published', scope, narrative: '{}', snapshot: freezeReport(f.value!), revision: 1, published_at: now, created_at: now, updated_at: now } as any)
        .returning('id')
        .executeTakeFirstOrThrow();
      await h.db.insertInto('annual_report_revisions').values({ report_id: id, revision: 1, scope, document_id: null, snapshot: freezeReport(f.value!), reason: null, published_at: now, published_by: null, created_at: now } as any).execute();
      const times: { ms: number; cpu: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = await timed(() => loadReport(h.db, unit, 2025));
        if (t.value?.revision !== 1) throw new Error('the published report was not read from its snapshot');
        times.push(t);
      }
      published = { ms: pct(times.map((t) => t.ms), 50), cpu: pct(times.map((t) => t.cpu), 50) };
    } finally {
      await h.db.deleteFrom('annual_report_revisions').execute();
      await h.db.deleteFrom('annual_reports').execute();
      await h.close();
    }
    const heap = process.memoryUsage().heapUsed / 1024 ** 2;
    const p = (xs: { ms: number; cpu: number }[], q: number, k: 'ms' | 'cpu') => pct(xs.map((x) => x[k]), q).toFixed(0);
    log(
      `${label} ${name}: cold p50 ${p(cold, 50, 'ms')} ms (CPU ${p(cold, 50, 'cpu')} ms), max ${p(cold, 100, 'ms')} ms; warm p50 ${p(warm, 50, 'ms')} ms (CPU ${p(warm, 50, 'cpu')} ms), p95 ${p(warm, 95, 'ms')} ms; ` +
        `with ids (submission) ${freezeMs.toFixed(0)} ms; published ${published.ms.toFixed(1)} ms; heap ${heap.toFixed(0)} MB (${counted} requests in the 2025 table)`,
    );
    rows.push(
      `| ${label} | ${name} | ${counted.toLocaleString('en')} | ${p(cold, 50, 'ms')} | ${p(cold, 50, 'cpu')} | ${p(cold, 100, 'ms')} | ${p(warm, 50, 'ms')} | ${p(warm, 50, 'cpu')} | ${p(warm, 95, 'ms')} | ${freezeMs.toFixed(0)} | ${published.ms.toFixed(1)} | ${heap.toFixed(0)} |`,
    );
  }
  return rows;
}

async function setup(handle: DatabaseHandle, insert: (units: { id: number; type: string; code: string; name: string; index_prefix: string }[]) => Promise<void>) {
  await prepareDatabase(handle, { demo: false });
  const units = await handle.db.selectFrom('units').select(['id', 'type', 'code', 'name', 'index_prefix']).execute();
  await insert(units);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-reports-'));
  const rows: string[] = [];
  try {
    // SQLite
    const file = path.join(tmp, 'bench.sqlite');
    const h = openDatabase(`sqlite:${file}`);
    let terms: { kind: string; code: string; parent_code: string | null }[] = [];
    await setup(h, async (units) => {
      terms = await h.db.selectFrom('terms').select(['kind', 'code', 'parent_code']).execute();
      log(`planning ${N_DOC} documents and ${N_REQ} requests`);
      const docs = planDocuments(N_DOC, units.map((u) => ({ id: u.id, code: u.code, name: u.name, type: u.type, index_prefix: u.index_prefix })) as any, terms);
      const reqs = planRequests(N_REQ, units);
      await h.close();
      insertSqlite(file, docs);
      insertRequestsSqlite(file, reqs);
    });
    rows.push(...(await measure(() => openDatabase(`sqlite:${file}`), 'SQLite')));

    // PostgreSQL
    const url = process.env.TEST_PG_URL;
    if (url) {
      const name = `gongkai_bench_reports_${process.pid}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create database ${name}`);
      try {
        const u = new URL(url);
        u.pathname = `/${name}`;
        const hp = openDatabase(u.toString());
        await setup(hp, async (units) => {
          const docs = planDocuments(N_DOC, units as any, await hp.db.selectFrom('terms').select(['kind', 'code', 'parent_code']).execute());
          await insertKysely(hp.db, docs);
          await insertRequestsKysely(hp.db, planRequests(N_REQ, units));
        });
        await hp.close();
        rows.push(...(await measure(() => openDatabase(u.toString()), 'PostgreSQL')));
      } finally {
        await admin.query(`drop database if exists ${name}`);
        await admin.end();
      }
    } else log('TEST_PG_URL not set: PostgreSQL skipped');
  } finally {
    if (process.env.BENCH_KEEP === '1') log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  const m = machine('-', SQLite.prototype ? (new SQLite(':memory:').prepare('select sqlite_version() v').get() as { v: string }).v : '?', null);
  const section = `${HEADING}

Measured by \`npm run bench:reports\` (bench/reports.bench.ts), ${m.date}, on ${m.nproc} × ${m.cpu}, ${m.memory}, Node ${m.node}, SQLite ${m.sqlite}; load before the run ${m.load}.

**Target (issue 5):** generating a district report over 100,000 requests and 200,000 documents, p95 reported.

Data: ${N_DOC.toLocaleString('en')} published documents (bench/generate.ts: real titles from titles_dates.csv, 2008–2026, 10 % 行政规范性文件, 3 % 失效/废止) and ${N_REQ.toLocaleString('en')} requests received uniformly over 2024–2025 across the seeded units (区政府 and its office weighted ×6, departments ×3, towns ×1), 80 % 自然人; outcomes: 45 % 予以公开, the rest spread over the other codes, 4 % withdrawn, 3 % 补正 not made, ~1 % still open at the end of 2025, 2 % with a 行政复议. One report = everything the report page computes: the 25 × 7 request table (counted in SQL; the ids behind a cell are read when the cell is opened), section 四, section 二 from the documents, the narrative's facts and the cross-checks. In process (no HTTP). **Cold** = the first report after opening the database (${COLD_RUNS} fresh handles); **warm** = ${RUNS} more on the first handle; **with ids** = the build submission freezes (the ids behind every cell, once); **published** = loadReport of the published report, from its frozen snapshot (p50 of ${RUNS}). CPU = this process's CPU time (process.cpuUsage; with PostgreSQL the server's CPU is not included).

| Database | Report | Requests in the 2025 table | cold p50 ms | cold CPU ms | cold max ms | warm p50 ms | warm CPU ms | warm p95 ms | with ids ms | published ms | heap MB |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
  if (WRITE) {
    writeSection(path.join(ROOT, 'docs/performance.md'), section, HEADING);
    log('docs/performance.md updated');
  } else log(`small run: docs/performance.md left as it is (BENCH_WRITE=1 writes it)\n${rows.join('\n')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
