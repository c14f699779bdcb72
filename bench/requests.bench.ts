// `npm run bench:requests`: the 依申请公开 queue and the due-date computation with 100,000 open
// requests (issue 4). Generates the requests and their events (补正, consultations, extensions, fee
// notices; receipt dates over the last ~60 days; every seeded unit) with batch inserts into a fresh
// SQLite database — and a fresh PostgreSQL database when TEST_PG_URL is set — then measures:
//   (a) the console queue GET /admin/requests as the district's office head (default view, ?due=soon,
//       ?due=overdue, ?page=50), served by the real app (bench/serve.ts via pages.bench's startApp),
//       autocannon at a few connections, per-request latencies → p50/p95/p99;
//   (b) computeClock per request over all of them (µs), the full recompute of the stored due
//       columns of all open requests (s), and entering a missing year (the calendar hook).
// Writes the "## 依申请公开 queue (issue 4)" section of docs/performance.md.
//
// Knobs: BENCH_REQUESTS (100000), BENCH_SECONDS (8), BENCH_CONNECTIONS (4), BENCH_NO_DOCS=1,
// BENCH_KEEP=1 (keep the SQLite file and print its path), TEST_PG_URL (adds PostgreSQL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql, CompiledQuery } from 'kysely';
import { openDatabase, type Db, type DatabaseHandle } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { systemActor } from '../src/platform/access/roles.ts';
import { createUser } from '../src/features/users/users.commands.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { invalidateCalendar, loadCalendar, saveYear } from '../src/platform/calendar/calendar.repository.ts';
import { todayBeijing } from '../src/platform/views/format.ts';
import { computeClock, type Channel, type RequestEvent } from '../src/features/requests/clock.ts';
import { hashQueryCode, formatTrackingNo } from '../src/features/requests/requests.repository.ts';
import { QUEUE_ORDER, dueBounds, recomputeDue } from '../src/features/requests/requests.due.ts';
import { OPEN_STATUSES } from '../src/features/requests/transitions.ts';
import { startApp, machine, writeSection } from './pages.bench.ts';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => any;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const N = Number(process.env.BENCH_REQUESTS || 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const WARMUP = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 4);
const KEEP = process.env.BENCH_KEEP === '1';
const WRITE_DOCS = process.env.BENCH_NO_DOCS !== '1';
const HEADING = '## 依申请公开 queue (issue 4)';
const log = (msg: string) => console.log(`[bench:requests ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-requests-'));
process.on('exit', () => {
  if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

interface GenRequest {
  id: number;
  tracking_no: string;
  query_code_hash: string;
  unit_id: number;
  channel: Channel;
  received_on: string | null;
  applicant_type: string;
  applicant: string;
  description: string;
  doc_ref: string;
  form: string;
  delivery: string;
  status: string;
  created_at: string;
  updated_at: string;
}
interface GenEvent {
  request_id: number;
  type: string;
  on: string;
  payload: string;
  actor_id: null;
  actor_name: string;
  at: string;
}
interface GenPlan {
  requests: GenRequest[];
  events: GenEvent[];
  /** What the clock reads, per request (same order). */
  clocks: { request: { channel: Channel; receivedOn: string | null }; events: RequestEvent[] }[];
  scenarios: Record<string, number>;
  units: number;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'.split('');
const TOPICS = ['道路维修工程招标文件', '征地补偿安置方案', '学校划片方案', '医保基金使用情况', '老旧小区改造计划', '企业环评批复', '行政处罚决定书', '财政预算执行情况'];

/**
 * 100,000 open requests: 45 % online (an eighth of them not yet confirmed), the rest in person,
 * by post or fax; receipt dates uniform over the last 60 days; units weighted (区政府/办公室 ×6,
 * departments ×3, 街道/乡镇 ×1) like the pages benchmark; a realistic mix of steps.
 */
function planRequests(n: number, units: { id: number; type: string; code: string }[], today: string): GenPlan {
  const r = prng(20261128);
  const weighted: number[] = [];
  for (const u of units) {
    const w = u.code === 'sucheng' || u.code === 'zfb' ? 6 : u.type === 'department' ? 3 : 1;
    for (let i = 0; i < w; i++) weighted.push(u.id);
  }
  const year = Number(today.slice(0, 4));
  const now = new Date().toISOString();
  const requests: GenRequest[] = [];
  const events: GenEvent[] = [];
  const clocks: GenPlan['clocks'] = [];
  const scenarios: Record<string, number> = {};
  const idNumber = '11010519491231002X';
  for (let i = 0; i < n; i++) {
    const id = i + 1;
    const x = r.next();
    const channel: Channel = x < 0.45 ? 'online' : x < 0.75 ? 'in-person' : x < 0.92 ? 'post' : 'fax';
    const received = addDays(today, -r.int(0, 59));
    const at = (k: number) => {
      const d = addDays(received, k);
      return d > today ? today : d;
    };
    const evs: RequestEvent[] = [];
    let status = 'in-progress';
    let scenario: string;
    if (channel === 'online' && r.next() < 0.125) {
      scenario = '网上申请待确认';
      status = 'awaiting-confirmation';
    } else {
      if (channel === 'online') evs.push({ type: 'confirm-receipt', on: received });
      const s = r.next();
      if (s < 0.55) scenario = '办理中（无其他步骤）';
      else if (s < 0.63) {
        scenario = '已告知补正，待补正';
        status = 'awaiting-supplement';
        evs.push({ type: 'request-supplement', on: at(r.int(1, 5)), periodDays: 10, items: '请补充所需信息的文号或形成时间' });
      } else if (s < 0.71) {
        scenario = '补正后重新计算';
        const a = r.int(1, 4);
        evs.push({ type: 'request-supplement', on: at(a), periodDays: 10, items: '请补充所需信息的文号或形成时间' });
        evs.push({ type: 'supplement-received', on: at(a + r.int(2, 10)) });
      } else if (s < 0.79) {
        scenario = '征求意见中';
        status = 'in-consultation';
        evs.push({ type: 'consultation-started', on: at(r.int(2, 15)), party: r.next() < 0.7 ? 'third-party' : 'agency' });
      } else if (s < 0.85) {
        scenario = '征求意见已结束';
        const a = r.int(2, 10);
        evs.push({ type: 'consultation-started', on: at(a), party: 'third-party' });
        evs.push({ type: 'consultation-ended', on: at(a + r.int(3, 15)) });
      } else if (s < 0.91) {
        scenario = '已延长答复期限';
        evs.push({ type: 'extend', on: at(r.int(15, 28)), days: r.int(10, 20), reason: '需要检索的信息量较大' });
      } else if (s < 0.95) {
        scenario = '已发收费通知';
        status = 'awaiting-fee';
        evs.push({ type: 'fee-notice', on: at(r.int(3, 15)), basis: 'count', amount: 100 });
      } else {
        scenario = '补正、征求意见并延长';
        evs.push({ type: 'request-supplement', on: at(1), periodDays: 10, items: '请补充所需信息的文号' });
        evs.push({ type: 'supplement-received', on: at(4) });
        evs.push({ type: 'consultation-started', on: at(6), party: 'agency' });
        evs.push({ type: 'consultation-ended', on: at(12) });
        evs.push({ type: 'extend', on: at(20), days: 15, reason: '征求意见后需要进一步核实' });
      }
    }
    scenarios[scenario] = (scenarios[scenario] ?? 0) + 1;
    const receivedOn = status === 'awaiting-confirmation' ? null : received;
    const name = r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.5 ? r.pick(GIVEN) : '');
    requests.push({
      id,
      tracking_no: formatTrackingNo(year, id),
      query_code_hash: hashQueryCode(`BENCH${id}`),
      unit_id: r.pick(weighted),
      channel,
      received_on: receivedOn,
      applicant_type: r.next() < 0.85 ? 'natural' : 'business',
      applicant: JSON.stringify({ name, idType: 'resident-id', idNumber, phone: `139${String(10_000_000 + id).slice(-8)}`, email: null, address: '宿迁市宿城区幸福路 1 号' }),
      description: `申请公开${r.pick(TOPICS)}`,
      doc_ref: '',
      form: 'electronic',
      delivery: 'email',
      status,
      created_at: now,
      updated_at: now,
    });
    for (const e of evs) events.push({ request_id: id, type: e.type, on: e.on, payload: JSON.stringify(e), actor_id: null, actor_name: '基准测试', at: now });
    clocks.push({ request: { channel, receivedOn: channel === 'online' ? null : receivedOn }, events: evs });
  }
  return { requests, events, clocks, scenarios, units: units.length };
}

const REQUEST_COLS = ['id', 'tracking_no', 'query_code_hash', 'unit_id', 'channel', 'received_on', 'applicant_type', 'applicant', 'description', 'doc_ref', 'form', 'delivery', 'status', 'created_at', 'updated_at'] as const;
const EVENT_COLS = ['request_id', 'type', 'on', 'payload', 'actor_id', 'actor_name', 'at'] as const;

function insertSqlite(file: string, plan: GenPlan, year: number) {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  const q = (c: string) => `"${c}"`;
  const insR = db.prepare(`insert into requests (${REQUEST_COLS.map(q).join(',')}) values (${REQUEST_COLS.map((c) => `@${c}`).join(',')})`);
  const insE = db.prepare(`insert into request_events (${EVENT_COLS.map(q).join(',')}) values (${EVENT_COLS.map((c) => `@${c}`).join(',')})`);
  db.transaction(() => {
    for (const r of plan.requests) insR.run(r);
    for (const e of plan.events) insE.run(e);
    db.prepare('insert into request_counters (year, seq) values (?, ?) on conflict (year) do update set seq = excluded.seq').run(year, plan.requests.length);
  })();
  db.close();
}

async function insertPg(db: Db, plan: GenPlan, year: number) {
  for (let i = 0; i < plan.requests.length; i += 1000) await db.insertInto('requests').values(plan.requests.slice(i, i + 1000) as any).execute();
  for (let i = 0; i < plan.events.length; i += 2000) await db.insertInto('request_events').values(plan.events.slice(i, i + 2000)).execute();
  await sql`select setval(pg_get_serial_sequence('requests', 'id'), (select max(id) from requests))`.execute(db);
  await db.insertInto('request_counters').values({ year, seq: plan.requests.length }).onConflict((oc) => oc.column('year').doUpdateSet({ seq: plan.requests.length })).execute();
}

// ---------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

interface PageResult {
  db: string;
  connections: number;
  label: string;
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: string;
}

async function measurePage(dbLabel: string, base: string, cookie: string, label: string, p: string, connections = CONNECTIONS): Promise<PageResult> {
  const first = await fetch(base + p, { headers: { cookie } });
  const html = await first.text();
  if (first.status !== 200 || !html.includes('依申请公开办理')) throw new Error(`${p} answered ${first.status}: ${html.slice(0, 300)}`);
  const total = /共 (\d+) 条/.exec(html)?.[1] ?? '?';
  const opts = { url: base + p, connections, headers: { cookie } };
  await autocannon({ ...opts, duration: WARMUP });
  const latencies: number[] = [];
  const inst = autocannon({ ...opts, duration: SECONDS });
  inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const r = await inst;
  latencies.sort((a, b) => a - b);
  const m: PageResult = {
    db: dbLabel,
    connections,
    label,
    path: p,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total,
  };
  log(`${dbLabel.padEnd(10)} ${label.padEnd(22)} c=${connections} ${m.rps.toFixed(0).padStart(5)} req/s  p50 ${m.p50.toFixed(1)}  p95 ${m.p95.toFixed(1)}  p99 ${m.p99.toFixed(1)} ms  (共 ${total} 条, errors ${m.errors}, non-2xx ${m.non2xx})`);
  return m;
}

const PAGES: [string, string][] = [
  ['default view', '/admin/requests'],
  ['即将到期 (?due=soon)', '/admin/requests?due=soon'],
  ['已超期 (?due=overdue)', '/admin/requests?due=overdue'],
  ['page 50', '/admin/requests?page=50'],
];

interface DbRun {
  db: string;
  insertSeconds: number;
  fill: { seconds: number; examined: number; changed: number };
  again: { seconds: number; examined: number; changed: number };
  entry: { seconds: number; count: number; changed: number; provisionalBefore: number; provisionalAfter: number } | null;
  counts: { open: number; running: number; provisional: number; soon: number; overdue: number };
  pages: PageResult[];
  plans: Record<string, string>;
}

/** A made-up schedule for the first missing year (NOT a real notice): only for this throw-away database. */
function madeUpYear(year: number) {
  return {
    year,
    offDays: [`${year}-01-01`, `${year}-02-08`, `${year}-02-09`, `${year}-02-10`, `${year}-02-11`, `${year}-02-12`],
    workDays: [`${year}-02-06`],
    source: `基准测试用的虚构安排（${year}），不是国务院办公厅的通知`,
  };
}

async function runDb(label: string, handle: DatabaseHandle, url: string, insert: () => Promise<number>, today: string, plan: GenPlan): Promise<DbRun> {
  const t0 = performance.now();
  const insertSeconds = await insert();
  const { db } = handle;
  invalidateCalendar(db);
  const calendar = await loadCalendar(db);

  // The stored columns of all open requests: first fill (every row written), then a recompute
  // that changes nothing (what a calendar entry costs when it examines every open request).
  let t = performance.now();
  const fillR = await db.transaction().execute((trx) => recomputeDue(trx, calendar, today));
  const fill = { seconds: (performance.now() - t) / 1000, ...fillR };
  log(`${label}: full recompute of ${fill.examined} open requests (all written) in ${fill.seconds.toFixed(2)} s`);
  // Rewriting every row leaves as many dead tuples on PostgreSQL: clean up as autovacuum would.
  if (label === 'PostgreSQL') await sql`vacuum analyze requests`.execute(db);
  t = performance.now();
  const againR = await db.transaction().execute((trx) => recomputeDue(trx, calendar, today));
  const again = { seconds: (performance.now() - t) / 1000, ...againR };
  log(`${label}: full recompute again (${again.changed} changed) in ${again.seconds.toFixed(2)} s`);

  const bounds = dueBounds(calendar, today);
  const count = async (f: (q: any) => any) => Number((await f(db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n'))).executeTakeFirst())?.n ?? 0);
  const counts = {
    open: await count((q) => q.where('status', 'not in', ['decided', 'delivered', 'closed'])),
    running: await count((q) => q.where('clock_running', '=', 1)),
    provisional: await count((q) => q.where('due_provisional', '=', 1)),
    soon: await count((q) => q.where('clock_running', '=', 1).where('due_on', '>=', today).where('due_on', '<', bounds.soonBefore)),
    overdue: await count((q) => q.where('clock_running', '=', 1).where('due_on', '<', today)),
  };
  log(`${label}: ${JSON.stringify(counts)}`);

  const plans = await queryPlans(db, label, today);

  // The office head of the district (scope: every unit), logged in.
  const head = await createUser(db, systemActor(), { username: 'bench-head', displayName: '基准测试负责人', role: 'office-head', unit: 'sucheng' });
  if (!head.ok) throw new Error(JSON.stringify(head.error));
  const session = await createSession(db, head.value.id, '127.0.0.1', 'bench');
  const cookie = `gk_sid=${session.cookie}`;
  await handle.close();

  const app = await startApp(url, label === 'SQLite' ? 'req-sqlite' : 'req-pg');
  const pages: PageResult[] = [];
  try {
    for (const [l, p] of PAGES) pages.push(await measurePage(label, app.base, cookie, l, p));
    // One connection: the time to serve one request, without queueing behind the others.
    for (const [l, p] of PAGES) pages.push(await measurePage(label, app.base, cookie, l, p, 1));
  } finally {
    await app.stop();
  }

  // Entering the first missing year (made-up schedule) through saveYear: the hook recomputes.
  let entry: DbRun['entry'] = null;
  const h2 = openDatabase(url);
  const cal2 = await loadCalendar(h2.db);
  const missingYear = [Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1].find((y) => !cal2.isKnownYear(y));
  if (missingYear) {
    const provisionalBefore = Number((await h2.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).where('due_provisional', '=', 1).executeTakeFirst())?.n ?? 0);
    t = performance.now();
    const saved = await saveYear(h2.db, systemActor(), madeUpYear(missingYear));
    const seconds = (performance.now() - t) / 1000;
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    const a = await h2.db.selectFrom('audit_log').select('after_json').where('action', '=', 'request.due-recompute').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const detail = JSON.parse(a.after_json!);
    const provisionalAfter = Number((await h2.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).where('due_provisional', '=', 1).executeTakeFirst())?.n ?? 0);
    entry = { seconds, count: detail.count, changed: detail.changed, provisionalBefore, provisionalAfter };
    log(`${label}: entering ${missingYear} (made-up schedule) recomputed ${detail.count} requests (${detail.changed} changed) in ${seconds.toFixed(2)} s; provisional ${provisionalBefore} → ${provisionalAfter}`);
  }
  await h2.close();
  log(`${label}: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return { db: label, insertSeconds, fill, again, entry, counts, pages, plans };
}

/**
 * EXPLAIN of the queue's queries as the route builds them: the district's office head (scope: every
 * unit, so no unit filter) and a department's handler (one unit).
 */
async function queryPlans(db: Db, label: string, today: string): Promise<Record<string, string>> {
  const unit = (await db.selectFrom('units').select('id').where('code', '=', 'fgj').executeTakeFirstOrThrow()).id;
  const district = db.selectFrom('requests').where('requests.status', 'in', [...OPEN_STATUSES]);
  const dept = district.where('requests.unit_id', 'in', [unit]);
  const overdue = (q: typeof district) => q.where('requests.clock_running', '=', 1).where('requests.due_on', '<', today);
  const page = (q: typeof district) => q.select(['requests.id', 'requests.unit_id', 'requests.applicant', 'requests.due_reason']);
  const queries: Record<string, CompiledQuery> = {
    'district, default view, page 50': page(district).orderBy(QUEUE_ORDER).orderBy('requests.id').limit(20).offset(980).compile(),
    'district, 已超期, page 1': page(overdue(district)).orderBy('requests.due_on').orderBy('requests.id').limit(20).compile(),
    'district, count, default view': district.select((eb) => eb.fn.countAll().as('n')).compile(),
    'district, count, 已超期': overdue(district).select((eb) => eb.fn.countAll().as('n')).compile(),
    'one department, default view, page 1': page(dept).orderBy(QUEUE_ORDER).orderBy('requests.id').limit(20).compile(),
    'one department, 已超期, page 1': page(overdue(dept)).orderBy('requests.due_on').orderBy('requests.id').limit(20).compile(),
  };
  const out: Record<string, string> = {};
  for (const [k, c] of Object.entries(queries)) {
    const prefix = label === 'SQLite' ? 'explain query plan ' : 'explain ';
    const rows = (await db.executeQuery(CompiledQuery.raw(prefix + c.sql, [...c.parameters]))).rows as Record<string, unknown>[];
    out[k] = rows.map((r) => String(r.detail ?? r['QUERY PLAN'] ?? JSON.stringify(r))).join('\n');
    log(`${label} plan, ${k}:\n    ${out[k]!.split('\n').join('\n    ')}`);
  }
  return out;
}

/** computeClock over every generated request: a warm-up pass, then each call timed. */
function clockMicro(plan: GenPlan, calendar: Awaited<ReturnType<typeof loadCalendar>>, today: string) {
  for (const c of plan.clocks) computeClock(c.request, c.events, calendar, today);
  const times: number[] = new Array(plan.clocks.length);
  const t0 = performance.now();
  for (let i = 0; i < plan.clocks.length; i++) {
    const c = plan.clocks[i]!;
    const s = performance.now();
    computeClock(c.request, c.events, calendar, today);
    times[i] = (performance.now() - s) * 1000;
  }
  const totalMs = performance.now() - t0;
  times.sort((a, b) => a - b);
  return { n: times.length, totalMs, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), mean: (totalMs * 1000) / times.length };
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const today = todayBeijing();
  const year = Number(today.slice(0, 4));

  // SQLite: seed (migrations, units, calendar), plan, batch insert.
  const file = path.join(tmp, 'requests.db');
  const sqliteUrl = `sqlite:${file}`;
  let h = openDatabase(sqliteUrl);
  await prepareDatabase(h, { demo: false });
  const units = (await h.db.selectFrom('units').select(['id', 'type', 'code']).execute()) as { id: number; type: string; code: string }[];
  const sqliteVersion = (await sql<{ v: string }>`select sqlite_version() as v`.execute(h.db)).rows[0]?.v ?? '?';
  const calendar = await loadCalendar(h.db);
  await h.close();
  let t = performance.now();
  const plan = planRequests(N, units, today);
  const planSeconds = (performance.now() - t) / 1000;
  log(`planned ${N} requests with ${plan.events.length} events over ${units.length} units in ${planSeconds.toFixed(1)} s`);

  const micro = clockMicro(plan, calendar, today);
  log(`computeClock: ${micro.n} requests in ${micro.totalMs.toFixed(0)} ms; p50 ${micro.p50.toFixed(1)} µs, p95 ${micro.p95.toFixed(1)} µs, p99 ${micro.p99.toFixed(1)} µs`);

  const runs: DbRun[] = [];
  h = openDatabase(sqliteUrl);
  runs.push(
    await runDb('SQLite', h, sqliteUrl, async () => {
      const s = performance.now();
      insertSqlite(file, plan, year);
      const sec = (performance.now() - s) / 1000;
      log(`SQLite: inserted ${N} requests and ${plan.events.length} events in ${sec.toFixed(1)} s`);
      return sec;
    }, today, plan),
  );
  if (KEEP) log(`SQLite file kept: ${file}`);

  let pgVersion: string | null = null;
  const pgAdmin = process.env.TEST_PG_URL;
  if (pgAdmin) {
    const name = `gk_bench_rq_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdmin });
    await admin.connect();
    await admin.query(`create database ${name}`);
    pgVersion = ((await admin.query('show server_version')).rows[0]?.server_version as string) ?? '?';
    await admin.end();
    const url = new URL(pgAdmin);
    url.pathname = `/${name}`;
    try {
      const ph = openDatabase(url.toString());
      await prepareDatabase(ph, { demo: false });
      const pgUnits = await ph.db.selectFrom('units').select(['id', 'code']).execute();
      // Same plan; unit ids map by code (they are equal on a fresh seed, but do not rely on it).
      const byCode = new Map(pgUnits.map((u) => [u.code, u.id]));
      const sqliteCode = new Map(units.map((u) => [u.id, u.code]));
      const pgPlan = { ...plan, requests: plan.requests.map((r) => ({ ...r, unit_id: byCode.get(sqliteCode.get(r.unit_id)!)! })) };
      runs.push(
        await runDb('PostgreSQL', ph, url.toString(), async () => {
          const s = performance.now();
          await insertPg(ph.db, pgPlan, year);
          await sql`analyze`.execute(ph.db);
          const sec = (performance.now() - s) / 1000;
          log(`PostgreSQL ${pgVersion}: inserted in ${sec.toFixed(1)} s`);
          return sec;
        }, today, pgPlan),
      );
    } finally {
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }

  const m = machine('n/a', sqliteVersion, pgVersion);
  const md = report({ started, loadBefore, today, plan, micro, runs, m });
  console.log('\n' + md);
  if (WRITE_DOCS) {
    writeSection(path.join(ROOT, 'docs/performance.md'), md, HEADING);
    log('docs/performance.md updated');
  }
}

function report(x: { started: string; loadBefore: string; today: string; plan: GenPlan; micro: ReturnType<typeof clockMicro>; runs: DbRun[]; m: ReturnType<typeof machine> }): string {
  const num = (n: number) => Math.round(n).toLocaleString('en-US');
  const f1 = (n: number) => n.toFixed(1);
  const pageRows = x.runs.flatMap((r) => r.pages.map((p) => `| ${p.db} | ${p.connections} | ${p.label} | \`${p.path}\` | ${p.total} | ${num(p.rps)} | ${f1(p.p50)} | ${f1(p.p95)} | ${f1(p.p99)} | ${p.errors} | ${p.non2xx} |`));
  const dueRows = x.runs.map(
    (r) =>
      `| ${r.db} | ${f1(r.insertSeconds)} s | ${r.fill.seconds.toFixed(2)} s (${num(r.fill.changed)} written) | ${r.again.seconds.toFixed(2)} s (${num(r.again.changed)} written) | ${
        r.entry ? `${r.entry.seconds.toFixed(2)} s: ${num(r.entry.count)} examined, ${num(r.entry.changed)} changed; 暂定 ${num(r.entry.provisionalBefore)} → ${num(r.entry.provisionalAfter)}` : 'no missing year'
      } |`,
  );
  const c = x.runs[0]!.counts;
  const scen = Object.entries(x.plan.scenarios)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${num(v)}`)
    .join('，');
  const m = x.m;
  return `${HEADING}

Measured by \`npm run bench:requests\` (bench/requests.bench.ts), started ${x.started}; "today" = ${x.today} (Beijing).

**Target (issue 4):** the queue page and the due-date computation with 100,000 open requests, p95 reported.

### Machine

| | |
|---|---|
| CPUs (\`nproc\`) | ${m.nproc} |
| CPU model | ${m.cpu} |
| Memory | ${m.memory} |
| OS | ${m.os} |
| Load average (1/5/15 min) | before the run ${x.loadBefore}; after it ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} |
| Node.js | ${m.node} |
| SQLite | ${m.sqlite} (better-sqlite3, WAL) |
| PostgreSQL | ${m.pg ? `${m.pg} (local cluster of scripts/pg-local.sh, pool of ${process.env.PG_POOL_MAX || 10})` : 'not measured (TEST_PG_URL not set)'} |

The app (one Node.js process, bench/serve.ts), the bench process with autocannon and PostgreSQL share these CPUs. A load
average well above the number of CPUs means other work ran at the same time: every time below is then inflated (queueing
for a CPU), the 4-connection rows most. Compare rows of one run with each other rather than across runs.

### Queue page

GET as the office head (政府信息公开工作机构负责人) of 区政府 (scope: all ${x.plan.units} units, i.e. all ${num(N)} requests),
session cookie; ${CONNECTIONS} connections, then 1 connection (the service time of one request without queueing),
${WARMUP} s warm-up then ${SECONDS} s per row. Latencies per request (from autocannon's
response events; exact percentiles). "Rows" is the page's own total (共 N 条).

| Database | Connections | View | Path | Rows | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |
|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|
${pageRows.join('\n')}

The order (\`due_on\` ascending, nulls last, then id), both filters and the total are SQL over the stored due columns
(migration 0005); only the page's 20 rows are rendered, and of those only the requests in an open consultation are clocked
from their events (their projected due date moves every working day). The page query itself walks an index and stops after
the page (plans below); most of a request's time is the exact total (共 N 条), a \`count(*)\` over every matching index entry:
100,000 for the default view, fewer for 已超期 and far fewer for 即将到期, which is why that view is the fastest.

Query plans (EXPLAIN) of the queries as the route builds them, for the district and for one department (发展和改革局):

${x.runs.map((r) => `${r.db}:\n\n\`\`\`\n${Object.entries(r.plans).map(([k, v]) => `-- ${k}\n${v}`).join('\n')}\n\`\`\``).join('\n\n')}

### Due-date computation

- **computeClock** (pure, in memory) over the ${num(x.micro.n)} generated requests: ${num(x.micro.totalMs)} ms in all,
  mean ${f1(x.micro.mean)} µs, p50 ${f1(x.micro.p50)} µs, **p95 ${f1(x.micro.p95)} µs**, p99 ${f1(x.micro.p99)} µs per request.
- **Stored columns** (requests.due.ts \`recomputeDue\`: read rows and events in batches of 500, clock, write changed rows with one
  statement per 200): 

| Database | Batch insert of the data | Full recompute, first fill | Full recompute, nothing changed | Entering the missing year (saveYear + hook, one transaction) |
|---|---:|---:|---:|---|
${dueRows.join('\n')}

Entering a year recomputes, inside the save's transaction, only the open requests that can depend on it (provisional ones,
open consultations, and those whose receipt-to-due span meets that year's notice window), and writes one audit row
\`request.due-recompute\` with the count. The year's schedule used here is made up (the database is thrown away).

### Data

${num(N)} open requests (${num(c.running)} with a running clock, ${num(c.soon)} 即将到期, ${num(c.overdue)} 已超期, ${num(c.provisional)} 暂定 before the
missing year was entered) and ${num(x.plan.events.length)} events, generated deterministically in bench/requests.bench.ts and inserted with
prepared statements in one transaction (SQLite) or Kysely batches of 1,000 requests / 2,000 events followed by \`ANALYZE\` (PostgreSQL; after the first fill of the due columns rewrote every row, \`VACUUM ANALYZE requests\`, as autovacuum would).
Receipt dates uniform over the 60 days up to today; 45 % online (an eighth not yet confirmed), 30 % in person, 17 % by post, 8 % by fax;
units weighted like the pages benchmark (区政府/区政府办公室 ×6, departments ×3, 街道/乡镇 ×1). Steps: ${scen}.
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then(() => process.exit(0))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
