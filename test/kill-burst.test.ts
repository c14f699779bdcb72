// kill -9 in the middle of a burst of document publications and of request workflow events (issue 13).
// A child process (test/kill-burst.worker.ts) runs the app's own commands and acknowledges each write
// after it committed; it is killed with SIGKILL part-way, three times, and each time the database must
// hold every acknowledged write, no partial row (a published document without its 索引号, version,
// audit row or ledger entry; a request event without the request's state, or without its audit row),
// nothing twice, and a publication ledger that verifies. A last run completes the burst. Both databases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createTestDatabase, type TestDb } from './helpers.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { systemActor, type Actor } from '../src/platform/access/roles.ts';
import { createUser } from '../src/features/users/users.commands.ts';
import { approveDocument, createDocument, submitDocument } from '../src/features/documents/documents.commands.ts';
import { submitRequest } from '../src/features/requests/requests.commands.ts';
import { verifyLedger } from '../src/features/documents/ledger.ts';
import { replay } from '../src/features/requests/transitions.ts';
import { STEPS } from './kill-burst.worker.ts';

const WORKER = new URL('./kill-burst.worker.ts', import.meta.url).pathname;
const DOCS = 120;
const REQUESTS = 60;
const KILLS = 3;

let h: TestDb;
before(async () => {
  h = await createTestDatabase();
  await prepareDatabase(h, { demo: false });
  for (const [username, role, unit] of [
    ['kb-editor', 'editor', 'zfb'],
    ['kb-reviewer', 'reviewer', 'zfb'],
    ['kb-handler', 'handler', 'fgj'],
  ] as const) {
    const r = await createUser(h.db, systemActor(), { username, role, unit, password: 'kill-Burst-Passw0rd', displayName: username });
    assert.ok(r.ok);
  }
});
after(async () => h?.cleanup());

interface Run {
  acks: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

/** Runs the worker; with `killAfter`, SIGKILLs it once that many more writes have been acknowledged. */
function runWorker(what: 'publish' | 'events', killAfter?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, what], { env: { ...process.env, DATABASE_URL: h.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: string[] = [];
    let buf = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('ACK ')) acks.push(line.slice(4));
        if (killAfter !== undefined && !killed && acks.length >= killAfter) {
          killed = true;
          child.kill('SIGKILL'); // mid-burst: the next transaction is already under way
        }
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ acks, killed, code, stderr }));
  });
}

const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);

/** Published ⇔ 索引号, publication time, 'publish' version, audit row and exactly one ledger entry; numbers unique and gap-free. */
async function checkDocuments(): Promise<{ published: Map<number, string> }> {
  const { db } = h;
  const docs = await db.selectFrom('documents').select(['id', 'status', 'index_no', 'published_at', 'version']).where('title', 'like', '中断发布测试 %').orderBy('id').execute();
  assert.equal(docs.length, DOCS, 'no document lost or added');
  const ledger = await db.selectFrom('publication_ledger').select(['document_id', 'action', 'index_no']).execute();
  const versions = await db.selectFrom('document_versions').select(['document_id', 'action', 'version']).where('action', '=', 'publish').execute();
  const audits = await db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'document.publish').execute();
  const published = new Map<number, string>();
  for (const d of docs) {
    const inLedger = ledger.filter((l) => Number(l.document_id) === d.id);
    const v = versions.filter((x) => x.document_id === d.id);
    const a = audits.filter((x) => x.entity_id === String(d.id));
    if (d.status === 'published') {
      assert.ok(d.index_no && d.published_at, `document ${d.id} published without 索引号 or date`);
      assert.deepEqual(inLedger.map((l) => [l.action, l.index_no]), [['publish', d.index_no]], `document ${d.id}: one ledger entry`);
      assert.equal(v.length, 1, `document ${d.id}: one publish version`);
      assert.equal(v[0].version, d.version, `document ${d.id}: the version row is the row's version`);
      assert.equal(a.length, 1, `document ${d.id}: one audit row`);
      published.set(d.id, d.index_no!);
    } else {
      assert.equal(d.status, 'approved', `document ${d.id}`);
      assert.equal(d.index_no, null, `document ${d.id}: 索引号 without publication`);
      assert.deepEqual([inLedger.length, v.length, a.length], [0, 0, 0], `document ${d.id}: traces of a publication that did not commit`);
    }
  }
  // 索引号: unique, and per prefix/year numbered 1…n without a gap (a rolled-back transaction takes its number back).
  const byYear = new Map<string, number[]>();
  for (const no of published.values()) {
    const m = /^(.*)-(\d+)$/.exec(no)!;
    byYear.set(m[1], [...(byYear.get(m[1]) ?? []), Number(m[2])]);
  }
  for (const [k, seqs] of byYear) {
    seqs.sort((x, y) => x - y);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `${k}: numbers 1…${seqs.length} without gap or duplicate`);
  }
  const v = await verifyLedger(db);
  assert.equal(v.broken, null, JSON.stringify(v.broken));
  return { published };
}

test('kill -9 during a burst of publications: every acknowledged publication whole, nothing partial or twice, the ledger verifies', { timeout: 300_000 }, async () => {
  const { db } = h;
  const sys: Actor = systemActor();
  const editor = await db.selectFrom('users').selectAll().where('username', '=', 'kb-editor').executeTakeFirstOrThrow();
  const { actorForUser } = await import('../src/platform/auth/sessions.ts');
  const ed = (await actorForUser(db, editor, 'session'))!;
  for (let i = 1; i <= DOCS; i++) {
    const c = await createDocument({ db }, ed, { title: `中断发布测试 ${i}`, column: 'zd', writtenOn: '2026-03-02', body: `<p>正文 ${i}</p>` });
    assert.ok(c.ok, JSON.stringify(!c.ok && c.error));
    assert.ok((await submitDocument({ db }, ed, c.value.id)).ok);
    assert.ok((await approveDocument({ db }, sys, c.value.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
  }

  const acked = new Map<number, string>();
  for (let k = 0; k < KILLS; k++) {
    const run = await runWorker('publish', 10 + k * 5);
    assert.ok(run.killed, `killed part-way (${run.acks.length} acknowledged; ${run.stderr.slice(0, 500)})`);
    for (const a of run.acks) {
      const [id, no] = a.split(' ');
      acked.set(Number(id), no);
    }
    const { published } = await checkDocuments();
    for (const [id, no] of acked) assert.equal(published.get(id), no, `acknowledged publication of ${id} (${no}) present`);
    assert.ok(published.size < DOCS, 'the burst was not complete when killed');
  }
  const last = await runWorker('publish');
  assert.equal(last.code, 0, last.stderr);
  const { published } = await checkDocuments();
  assert.equal(published.size, DOCS, 'the re-run published the rest');
  for (const [id, no] of acked) assert.equal(published.get(id), no, 'an acknowledged 索引号 never changes');
  assert.equal(await count(db.selectFrom('publication_ledger').select((eb) => eb.fn.countAll().as('n'))), DOCS);
});

/** Every request's stored state is its events replayed; each event has its audit row; no event twice. */
async function checkRequests(): Promise<Map<number, number>> {
  const { db } = h;
  const rows = await db.selectFrom('requests').selectAll().orderBy('id').execute();
  assert.equal(rows.length, REQUESTS);
  const events = await db.selectFrom('request_events').select(['request_id', 'type', 'payload']).orderBy('id').execute();
  const audits = await db.selectFrom('audit_log').select(['entity_id', 'action']).where('entity', '=', 'request').where('action', '!=', 'request.submit').execute();
  const done = new Map<number, number>();
  for (const r of rows) {
    const ev = events.filter((e) => e.request_id === r.id);
    assert.deepEqual(ev.map((e) => e.type), STEPS.slice(0, ev.length).map((s) => s.type), `request ${r.id}: the steps in order, none twice`);
    const state = replay('online', ev.map((e) => JSON.parse(e.payload)));
    assert.ok(state.ok);
    assert.equal(r.status, state.value.status, `request ${r.id}: stored status is its events' (${ev.length} events)`);
    assert.equal(r.received_on, ev.length ? STEPS[0].on : null, `request ${r.id}: receipt date`);
    assert.equal(r.due_on === null, ev.length === 0, `request ${r.id}: due date stored with the receipt`);
    const a = audits.filter((x) => x.entity_id === String(r.id)).map((x) => x.action).sort();
    assert.deepEqual(a, ev.map((e) => `request.${e.type}`).sort(), `request ${r.id}: one audit row per event`);
    done.set(r.id, ev.length);
  }
  return done;
}

test('kill -9 during a burst of request events: every acknowledged event present with the request state, nothing partial or twice', { timeout: 300_000 }, async () => {
  const { db } = h;
  const fgj = (await db.selectFrom('units').select('id').where('code', '=', 'fgj').executeTakeFirstOrThrow()).id;
  for (let i = 1; i <= REQUESTS; i++) {
    const r = await submitRequest({ db }, null, {
      applicantType: 'natural',
      applicant: { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678' },
      unitId: fgj,
      description: `中断办理测试 ${i}`,
      form: 'electronic',
      delivery: 'online',
    });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  }
  // As if submitted on 2025-09-25 (the steps are dated from 2025-09-26).
  await db.updateTable('requests').set({ created_at: '2025-09-25T01:00:00.000Z' }).execute();

  const acked = new Set<string>();
  for (let k = 0; k < KILLS; k++) {
    const run = await runWorker('events', 15 + k * 10);
    assert.ok(run.killed, `killed part-way (${run.acks.length} acknowledged; ${run.stderr.slice(0, 500)})`);
    run.acks.forEach((a) => acked.add(a));
    const done = await checkRequests();
    for (const a of acked) {
      const [id, type] = a.split(' ');
      const i = STEPS.findIndex((s) => s.type === type);
      assert.ok((done.get(Number(id)) ?? 0) > i, `acknowledged ${type} of request ${id} present`);
    }
    assert.ok([...done.values()].some((n) => n < STEPS.length), 'the burst was not complete when killed');
  }
  const last = await runWorker('events');
  assert.equal(last.code, 0, last.stderr);
  const done = await checkRequests();
  assert.deepEqual([...new Set(done.values())], [STEPS.length], 'the re-run completed every request');
  assert.equal(await count(db.selectFrom('request_events').select((eb) => eb.fn.countAll().as('n'))), REQUESTS * STEPS.length);
});
