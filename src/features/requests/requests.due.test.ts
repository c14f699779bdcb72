// The stored due columns (migration 0005, requests.due.ts): after every kind of event they equal
// what the pure clock computes from the events; entering a missing calendar year (admin page or
// seeding) turns provisional due dates definitive — after its transaction, in short batches of their own —
// with an audit row; the
// console home alerts admins and handlers. Runs on SQLite and, with GONGKAI_TEST_DB=postgres, on PostgreSQL.
import { withWarmCaches } from '../../platform/cache.ts';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, Browser, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { invalidateCalendar, loadCalendar, saveYear, seedCalendar } from '../../platform/calendar/calendar.repository.ts';
import { loadBundledCalendar, loadBundledSchedules } from '../../platform/calendar/calendar.ts';
import { computeClock } from './clock.ts';
import { applyRequestEvent, submitRequest } from './requests.commands.ts';
import { clockRequest, loadEvents } from './requests.repository.ts';
import { backfillDue, dueBounds, dueColumns, recomputeDue, recomputeOnCalendarChange, DUE_RECOMPUTE_EVENT, NO_DUE_REASON, type DueRecomputePayload } from './requests.due.ts';
import { deliverPending } from '../../platform/events.ts';
import { insideTransaction, nowIso } from '../../platform/db/index.ts';
import * as migration0012 from './migrations/0012-request-due-recompute.ts';

let t: TestApp;
let fgj: number;
let head: Actor;
let admin: Actor;

const APPLICANT = { name: '李四', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', email: 'lisi@example.com', address: '宿迁市宿城区幸福路 2 号' };

async function register(receivedOn: string | null, unit = fgj) {
  const input: Record<string, unknown> = {
    applicantType: 'natural',
    applicant: { ...APPLICANT },
    unitId: unit,
    description: '本单位 2025 年道路维修工程的招标文件',
    form: 'electronic',
    delivery: 'email',
  };
  if (receivedOn) Object.assign(input, { channel: 'in-person', receivedOn });
  const r = await submitRequest({ db: t.db }, receivedOn ? head : null, input);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
}

async function event(id: number, input: Record<string, unknown>) {
  const r = await applyRequestEvent({ db: t.db }, head, id, input);
  assert.ok(r.ok, `${String(input.type)}: ${JSON.stringify(!r.ok && r.error)}`);
  return r.value;
}

const stored = async (id: number) => {
  const r = await t.db.selectFrom('requests').select(['due_on', 'due_reason', 'due_provisional', 'clock_running']).where('id', '=', id).executeTakeFirstOrThrow();
  return { due_on: r.due_on, due_reason: r.due_reason, due_provisional: Number(r.due_provisional), clock_running: Number(r.clock_running) };
};

/** What the pure clock says now for the stored request and its events. */
async function expected(id: number) {
  const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await loadEvents(t.db, id);
  const clock = computeClock(clockRequest(row), events.map((e) => e.payload), await loadCalendar(t.db), todayBeijing());
  return { clock, cols: dueColumns(clock) };
}

async function assertStoredMatches(id: number, label: string) {
  const { clock, cols } = await expected(id);
  assert.deepEqual(await stored(id), cols, `stored columns after ${label}`);
  return clock;
}

before(async () => {
  t = await buildTestApp();
  fgj = await unitId(t, 'fgj');
  head = await makeUser(t, 'due-head', 'office-head', 'fgj');
  admin = await makeUser(t, 'due-admin', 'admin', 'sucheng');
  await makeUser(t, 'due-handler', 'handler', 'fgj');
  await makeUser(t, 'due-stranger', 'handler', 'jyj');
});
after(async () => t.close());

describe('dueColumns', () => {
  it('maps the clock: running counts, paused does not unless the pause began after the due date', () => {
    const cal = loadBundledCalendar();
    const running = computeClock({ channel: 'in-person', receivedOn: '2025-09-26' }, [], cal, '2025-10-09');
    assert.deepEqual(dueColumns(running), { due_on: '2025-10-30', due_reason: running.dueReason, due_provisional: 0, clock_running: 1 });
    const paused = computeClock({ channel: 'in-person', receivedOn: '2025-09-26' }, [{ type: 'consultation-started', on: '2025-10-09', party: 'agency' }], cal, '2025-10-10');
    assert.equal(dueColumns(paused).clock_running, 0);
    const late = computeClock({ channel: 'in-person', receivedOn: '2025-09-26' }, [{ type: 'consultation-started', on: '2025-11-03', party: 'agency' }], cal, '2025-11-05');
    assert.deepEqual([dueColumns(late).clock_running, dueColumns(late).due_on], [1, '2025-10-30']);
    const online = computeClock({ channel: 'online' }, [{ type: 'withdraw', on: '2025-10-01' }], cal, '2025-10-02');
    assert.deepEqual(dueColumns(online), { due_on: null, due_reason: NO_DUE_REASON, due_provisional: 0, clock_running: 0 });
  });

  it('dueBounds: 即将到期 ends before the 4th working day after today (across National Day 2025)', () => {
    const cal = loadBundledCalendar();
    // 2025-09-29 (Mon): working days after it are 09-30, then 10-09 (holiday 10-01…10-08), 10-10, 10-11 (make-up Saturday).
    assert.deepEqual(dueBounds(cal, '2025-09-29'), { today: '2025-09-29', soonBefore: '2025-10-11' });
  });
});

describe('stored columns follow every event', () => {
  it('registration, 补正, supplement, consultation, extension, decision, delivery, review', async () => {
    const r = await register('2025-09-01');
    let c = await assertStoredMatches(r.id, 'registration');
    assert.equal(c.phase, 'running');
    assert.equal((await stored(r.id)).clock_running, 1);
    await event(r.id, { type: 'request-supplement', on: '2025-09-03', periodDays: 10, items: '请补充文号' });
    c = await assertStoredMatches(r.id, 'request-supplement');
    assert.equal((await stored(r.id)).due_on, null, 'no due date while awaiting the supplement');
    await event(r.id, { type: 'supplement-received', on: '2025-09-10' });
    await assertStoredMatches(r.id, 'supplement-received');
    await event(r.id, { type: 'consultation-started', on: '2025-09-15', party: 'third-party' });
    await assertStoredMatches(r.id, 'consultation-started');
    assert.equal((await stored(r.id)).clock_running, 0, 'the clock does not run during the consultation');
    await event(r.id, { type: 'consultation-ended', on: '2025-09-25' });
    c = await assertStoredMatches(r.id, 'consultation-ended');
    assert.ok(c.pausedDays > 0);
    const before = (await stored(r.id)).due_on!;
    await event(r.id, { type: 'extend', on: '2025-10-09', days: 10 });
    c = await assertStoredMatches(r.id, 'extend');
    assert.ok((await stored(r.id)).due_on! > before, 'the extension moves the stored date');
    assert.ok((await stored(r.id)).due_reason.includes('延长答复期限 10 个工作日'));
    await event(r.id, { type: 'decide', on: '2025-10-20', outcome: 'grant' });
    await assertStoredMatches(r.id, 'decide');
    assert.equal((await stored(r.id)).clock_running, 0);
    await event(r.id, { type: 'deliver', on: '2025-10-21', method: 'email' });
    await assertStoredMatches(r.id, 'deliver');
    await event(r.id, { type: 'review-filed', on: '2025-11-03' });
    await assertStoredMatches(r.id, 'review-filed');
  });

  it('online: not received, confirmed, withdrawn; 补正 expired', async () => {
    const online = await register(null);
    await assertStoredMatches(online.id, 'online submission');
    assert.deepEqual([(await stored(online.id)).due_on, (await stored(online.id)).clock_running], [null, 0]);
    assert.ok((await stored(online.id)).due_reason.includes('尚待工作人员确认收到'));
    // Submitted online on 2025-06-02 (no step may be dated before the submission).
    await t.db.updateTable('requests').set({ created_at: '2025-06-02T01:00:00.000Z' }).where('id', '=', online.id).execute();
    await event(online.id, { type: 'confirm-receipt', on: '2025-06-03' });
    const c = await assertStoredMatches(online.id, 'confirm-receipt');
    assert.equal(c.dueOn, loadBundledCalendar().addWorkingDays('2025-06-03', 20).date);
    await event(online.id, { type: 'withdraw', on: '2025-06-05' });
    await assertStoredMatches(online.id, 'withdraw');

    const r = await register('2025-05-06');
    await event(r.id, { type: 'request-supplement', on: '2025-05-07', periodDays: 5, items: '请补充身份证明' });
    await event(r.id, { type: 'supplement-expired', on: '2025-05-20' });
    await assertStoredMatches(r.id, 'supplement-expired');
  });

  it('a consultation started after the due date keeps counting (overdue)', async () => {
    const r = await register('2025-03-03');
    await event(r.id, { type: 'consultation-started', on: '2025-04-15', party: 'agency' });
    const c = await assertStoredMatches(r.id, 'late consultation');
    assert.equal(c.overdue, true);
    assert.equal((await stored(r.id)).clock_running, 1);
  });

  it('recomputeDue rewrites wrong columns and leaves right ones', async () => {
    const r = await register('2025-08-01');
    const right = await stored(r.id);
    await t.db.updateTable('requests').set({ due_on: '2000-01-01', due_reason: 'x', clock_running: 0 }).where('id', '=', r.id).execute();
    const res = await recomputeDue(t.db, await loadCalendar(t.db), todayBeijing());
    assert.ok(res.changed >= 1 && res.examined >= res.changed);
    assert.deepEqual(await stored(r.id), right);
    const again = await recomputeDue(t.db, await loadCalendar(t.db), todayBeijing());
    assert.equal(again.changed, 0, 'nothing left to change');
  });
});

describe('backfill', () => {
  it('computes rows never computed (created before migration 0005), closed ones too, once', async () => {
    const open = await register('2025-07-01');
    const closed = await register('2025-07-02');
    await event(closed.id, { type: 'withdraw', on: '2025-07-03' });
    const right = [await stored(open.id), await stored(closed.id)];
    await t.db.updateTable('requests').set({ due_on: null, due_reason: '', due_provisional: 0, clock_running: 0 }).where('id', 'in', [open.id, closed.id]).execute();
    assert.equal(await backfillDue(t.db), 2);
    assert.deepEqual([await stored(open.id), await stored(closed.id)], right);
    assert.equal(await backfillDue(t.db), 0, 'nothing left');
  });

  it('migration 0012 (issue 12): open requests are recomputed at start, so an extension recorded after the due date no longer hides it', async () => {
    const open = await register('2025-09-26'); // due 2025-10-30
    // As recorded before issue 12: an extension decided on 10-31, and the columns it produced.
    await t.db
      .insertInto('request_events')
      .values({ request_id: open.id, type: 'extend', on: '2025-10-31', payload: JSON.stringify({ type: 'extend', on: '2025-10-31', days: 10 }), actor_id: null, actor_name: '旧记录', at: new Date().toISOString() })
      .execute();
    await t.db.updateTable('requests').set({ due_on: '2025-11-14', due_reason: '2025-09-26 收到申请后 20 个工作日；延长答复期限 10 个工作日' }).where('id', '=', open.id).execute();
    const closed = await register('2025-09-26');
    await event(closed.id, { type: 'withdraw', on: '2025-09-29' });
    const closedCols = await stored(closed.id);
    await migration0012.up(t.db as any);
    assert.equal((await stored(open.id)).due_reason, '');
    assert.deepEqual(await stored(closed.id), closedCols, 'closed requests keep their columns');
    assert.ok((await backfillDue(t.db)) >= 1);
    const cols = await stored(open.id);
    assert.deepEqual(cols, (await expected(open.id)).cols);
    assert.equal(cols.due_on, '2025-10-30');
    assert.equal(cols.clock_running, 1, 'listed as 已超期 again');
  });
});

describe('entering a missing year recomputes provisional due dates', () => {
  const bundled2026 = () => loadBundledSchedules().find((s) => s.year === 2026)!;

  async function remove2026() {
    await t.db.deleteFrom('calendar_days').where('year', '=', 2026).execute();
    await t.db.deleteFrom('calendar_years').where('year', '=', 2026).execute();
    invalidateCalendar(t.db);
  }

  const audits = () => t.db.selectFrom('audit_log').selectAll().where('action', '=', 'request.due-recompute').orderBy('id').execute();

  it('saving the year on the calendar page turns them definitive, with one audit row', async () => {
    await remove2026();
    // Received 2026-01-20: without the 2026 notice, 20 working days on weekends and the fixed-date
    // holidays end 02-17; with it, 春节 (02-15…23 off) and the make-up Saturday 02-14 give 02-24.
    const r = await register('2026-01-20');
    const closed = await register('2025-12-11');
    await event(closed.id, { type: 'decide', on: '2025-12-12', outcome: 'grant' });
    const before = await stored(r.id);
    assert.equal(before.due_provisional, 1);
    assert.ok(before.due_reason.includes('2026 年节假日安排尚未录入'), before.due_reason);
    const weekendsOnly = before.due_on;

    // The console home alerts the admin (link to the calendar) and the unit's handler (count in scope).
    const b = new Browser(t.app);
    await b.login('due-admin');
    const home = await b.get('/admin');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<strong>\d+<\/strong> 件申请的答复期限为暂定（跨入 2026/);
    assert.ok(home.body.includes('href="/admin/calendar/2026"'));
    const hb = new Browser(t.app);
    await hb.login('due-handler');
    const handlerHome = (await hb.get('/admin')).body;
    assert.match(handlerHome, /您管理范围内有 <strong>\d+<\/strong> 件申请的答复期限为暂定/);
    const sb = new Browser(t.app);
    await sb.login('due-stranger');
    assert.ok(!(await sb.get('/admin')).body.includes('答复期限为暂定'), 'another unit has none');
    const calPage = await b.get('/admin/calendar/2026');
    assert.equal(calPage.statusCode, 200);
    assert.match(calPage.body, /目前有 \d+ 件办理中的依申请公开申请，答复期限为暂定/);

    const n = (await audits()).length;
    const s = bundled2026();
    const saved = await saveYear(t.db, admin, { year: 2026, offDays: s.offDays, workDays: s.workDays, names: s.names, source: s.source });
    assert.ok(saved.ok, JSON.stringify(!saved.ok && saved.error));

    const after = await stored(r.id);
    assert.equal(after.due_provisional, 0);
    const exact = computeClock({ channel: 'in-person', receivedOn: '2026-01-20' }, [], loadBundledCalendar(), todayBeijing());
    assert.equal(after.due_on, exact.dueOn);
    assert.equal(weekendsOnly, '2026-02-17');
    assert.equal(after.due_on, '2026-02-24', 'Spring Festival 2026 and its make-up day now count');
    assert.ok(!after.due_reason.includes('暂定'));
    assert.deepEqual(after, dueColumns(exact));
    assert.equal(Number((await stored(closed.id)).due_provisional), 1, 'closed requests are not recomputed');

    const rows = await audits();
    assert.equal(rows.length, n + 1, 'one audit row');
    const last = rows[rows.length - 1]!;
    const detail = JSON.parse(last.after_json!);
    assert.equal(detail.year, 2026);
    assert.ok(detail.count >= 1 && detail.changed >= 1);
    assert.equal(last.actor_id, admin.id);
    assert.ok(!(await b.get('/admin')).body.includes('跨入 2026'), 'the alert about 2026 is gone');
  });

  it('seeding the bundled year does the same', async () => {
    await remove2026();
    await recomputeDue(t.db, await loadCalendar(t.db), todayBeijing());
    const r = await register('2025-12-15');
    assert.equal((await stored(r.id)).due_provisional, 1);
    const n = (await audits()).length;
    assert.deepEqual(await seedCalendar(t.db), [2026]);
    assert.equal((await stored(r.id)).due_provisional, 0);
    assert.deepEqual(await stored(r.id), (await expected(r.id)).cols);
    const rows = await audits();
    assert.equal(rows.length, n + 1);
    assert.equal(JSON.parse(rows[rows.length - 1]!.after_json!).year, 2026);
  });

  it('recomputes after the calendar commits, one short transaction per batch; an interrupted run is finished by redelivery', async () => {
    await remove2026();
    await recomputeDue(t.db, await loadCalendar(t.db), todayBeijing());
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await register('2026-01-20')).id);
    for (const id of ids) assert.equal((await stored(id)).due_provisional, 1);
    // The year entered as saveYear enters it, and the process stops right after the commit: the calendar rows
    // and the outbox event are there, the due dates not yet recomputed.
    const s = bundled2026();
    await t.db.insertInto('calendar_years').values({ year: 2026, source: s.source ?? 'x', entered_by: admin.id, entered_at: nowIso() }).execute();
    await t.db
      .insertInto('calendar_days')
      .values([...s.offDays.map((date) => ({ date, kind: 'off' as const, name: null, year: 2026 })), ...s.workDays.map((date) => ({ date, kind: 'work' as const, name: null, year: 2026 }))])
      .execute();
    invalidateCalendar(t.db);
    const { scope: _scope, ...actor } = admin;
    const payload: DueRecomputePayload = { years: [2026], how: 'save', actor };
    await t.db
      .insertInto('platform_events')
      .values({ type: DUE_RECOMPUTE_EVENT, payload: JSON.stringify(payload), created_at: nowIso(), delivered_at: null, attempts: 0, last_error: null })
      .execute();
    const n = (await audits()).length;

    // A run in batches of 3 that stops after its second batch: each batch committed on its own, and between
    // batches no transaction is open — another write goes through at once.
    const seen: number[] = [];
    await assert.rejects(
      recomputeOnCalendarChange(t.db, payload, {
        batchSize: 3,
        onBatch: async (done) => {
          assert.equal(insideTransaction(t.db), false, 'no transaction held between batches');
          seen.push(done.examined);
          if (done.batches === 1) ids.push((await register('2026-01-20')).id); // a write between two batches
          if (done.batches === 2) throw new Error('进程中断');
        },
      }),
      /进程中断/,
    );
    assert.deepEqual(seen, [3, 6], 'batches of 3');
    // Oldest first: the newest of the seven (beyond the first six examined) is still provisional; the one
    // registered between the batches got its definitive date from its own write.
    assert.equal((await stored(ids[6]!)).due_provisional, 1, 'not reached before the interruption');
    assert.equal((await stored(ids[7]!)).due_provisional, 0);
    assert.equal((await audits()).length, n, 'no audit row for an unfinished run');

    // The events job delivers the event again: the rest is recomputed, with the audit row.
    assert.ok((await deliverPending(t.db)) >= 1);
    for (const id of ids) assert.deepEqual(await stored(id), (await expected(id)).cols, `request ${id}`);
    for (const id of ids) assert.equal((await stored(id)).due_on, '2026-02-24');
    const rows = await audits();
    assert.equal(rows.length, n + 1, 'one audit row');
    assert.equal(rows[rows.length - 1]!.actor_id, admin.id);
    assert.equal(JSON.parse(rows[rows.length - 1]!.after_json!).year, 2026);
    const left = await t.db.selectFrom('platform_events').select('id').where('type', '=', DUE_RECOMPUTE_EVENT).where('delivered_at', 'is', null).execute();
    assert.deepEqual(left, []);
  });

  // Needs a warm cache to be stale (the SQLite pass runs with cold caches).
  it('a write with a stale cached calendar does not keep a year entered meanwhile provisional', () => withWarmCaches(async () => {
    await remove2026();
    await loadCalendar(t.db); // cached without 2026 (as in another process for up to 30 s)
    const s = bundled2026();
    await t.db.insertInto('calendar_years').values({ year: 2026, source: s.source ?? 'x', entered_by: null, entered_at: new Date().toISOString() }).execute();
    await t.db
      .insertInto('calendar_days')
      .values([...s.offDays.map((date) => ({ date, kind: 'off' as const, name: null, year: 2026 })), ...s.workDays.map((date) => ({ date, kind: 'work' as const, name: null, year: 2026 }))])
      .execute();
    assert.equal((await loadCalendar(t.db)).isKnownYear(2026), false, 'the cache is stale');
    const r = await register('2025-12-16');
    const cols = await stored(r.id);
    assert.equal(cols.due_provisional, 0);
    invalidateCalendar(t.db);
    assert.deepEqual(cols, (await expected(r.id)).cols);
  }));
});
