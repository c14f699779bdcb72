// Persistence of 依申请公开: submit / register, the event log, the statutory clock from the stored
// calendar, refusals that change nothing, unit scope, the public status view. Real 2025 dates
// around National Day (2025-10-01…10-08 off, 09-28 and 10-11 make-up working days).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { countOf } from '../../platform/db/index.ts';
import { applyRequestEvent, submitRequest } from './requests.commands.ts';
import { getPublicStatus, getStaffView, hashQueryCode } from './requests.repository.ts';

let t: TestApp;
let unit: number;
let otherUnit: number;
let handler: Actor;
let head: Actor;
let stranger: Actor;
let auditor: Actor;
const deps = () => ({ db: t.db });

const APPLICANT = { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', email: 'zhangsan@example.com', address: '宿迁市宿城区幸福路 1 号' };
const valid = () => ({ applicantType: 'natural', applicant: { ...APPLICANT }, unitId: unit, description: '2024 年本单位道路维修工程的招标文件', form: 'electronic', delivery: 'email' });

const count = (table: 'requests' | 'request_events' | 'audit_log') => countOf(t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')));
const requestAudits = () => countOf(t.db.selectFrom('audit_log').where('entity', '=', 'request').select((eb) => eb.fn.countAll().as('n')));

before(async () => {
  t = await buildTestApp();
  unit = await unitId(t, 'fgj');
  otherUnit = await unitId(t, 'jyj');
  handler = await makeUser(t, 'rq-handler', 'handler', 'fgj');
  head = await makeUser(t, 'rq-head', 'office-head', 'fgj');
  stranger = await makeUser(t, 'rq-stranger', 'handler', 'jyj');
  auditor = await makeUser(t, 'rq-auditor', 'auditor', 'fgj');
});
after(async () => t.close());

describe('submitRequest', () => {
  it('stores an online application with a tracking number and a hashed query code', async () => {
    const r = await submitRequest(deps(), null, valid());
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const { id, trackingNo, queryCode, status } = r.value;
    assert.match(trackingNo, /^SC\d{4}-\d{6}$/);
    assert.match(queryCode, /^[2-9A-HJ-NP-Z]{8}$/);
    assert.equal(status, 'awaiting-confirmation');
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.tracking_no, trackingNo);
    assert.equal(row.query_code_hash, hashQueryCode(queryCode));
    assert.ok(!JSON.stringify(row).includes(queryCode), 'the code itself is not stored');
    assert.equal(row.channel, 'online');
    assert.equal(row.received_on, null);
    assert.equal(row.unit_id, unit);
    assert.deepEqual(JSON.parse(row.applicant), { ...APPLICANT });
    const a = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'request').where('entity_id', '=', String(id)).execute();
    assert.equal(a.length, 1);
    assert.equal(a[0]!.action, 'request.submit');
    assert.ok(!a[0]!.after_json!.includes('11010519491231002X') && !a[0]!.after_json!.includes('张三'), 'no personal data in the audit row');
  });

  it('numbers applications in sequence within the year', async () => {
    const a = await submitRequest(deps(), null, valid());
    const b = await submitRequest(deps(), null, valid());
    assert.ok(a.ok && b.ok);
    const n = (s: string) => Number(s.slice(-6));
    assert.equal(n(b.value.trackingNo), n(a.value.trackingNo) + 1);
  });

  it('refuses invalid applications with field errors and stores nothing', async () => {
    const before = [await count('requests'), await count('audit_log')];
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid(), applicant: { ...APPLICANT, idNumber: '110105194912310021' } }, 'applicant.idNumber'],
      [{ ...valid(), description: '', docRef: '' }, 'description'],
      [{ ...valid(), form: 'fax' }, 'form'],
      [{ ...valid(), delivery: 'pigeon' }, 'delivery'],
      [{ ...valid(), unitId: 999999 }, 'unitId'],
      [{ ...valid(), applicantType: 'alien' }, 'applicantType'],
      [{ ...valid(), website: 'http://spam.example' }, 'website'],
      [{ ...valid(), channel: 'in-person', receivedOn: '2025-09-26' }, 'channel'],
      [{ ...valid(), extra: 1 }, 'extra'],
    ];
    for (const [input, field] of cases) {
      const r = await submitRequest(deps(), null, input);
      assert.ok(!r.ok, field);
      assert.equal(r.error.code, 'VALIDATION', field);
      assert.ok(r.error.fields?.[field], `${field}: ${JSON.stringify(r.error.fields)}`);
    }
    for (const bad of [null, [], 'x', 42]) {
      const r = await submitRequest(deps(), null, bad);
      assert.ok(!r.ok && r.error.code === 'VALIDATION');
    }
    assert.deepEqual([await count('requests'), await count('audit_log')], before);
  });

  it('lets staff register an in-person request with its receipt date, only for their own units', async () => {
    const r = await submitRequest(deps(), handler, { ...valid(), channel: 'in-person', receivedOn: '2025-09-26' });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'in-progress');
    const view = await getStaffView(t.db, handler, r.value.id);
    assert.ok(view.ok);
    assert.equal(view.value.receivedOn, '2025-09-26');
    assert.equal(view.value.dueOn, '2025-10-30');
    const a = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'request').where('entity_id', '=', String(r.value.id)).executeTakeFirstOrThrow();
    assert.equal(a.action, 'request.register');

    const missing = await submitRequest(deps(), handler, { ...valid(), channel: 'post' });
    assert.ok(!missing.ok && missing.error.fields?.receivedOn);
    const before = await count('requests');
    const foreign = await submitRequest(deps(), stranger, { ...valid(), channel: 'in-person', receivedOn: '2025-09-26' });
    assert.ok(!foreign.ok);
    assert.equal(foreign.error.code, 'FORBIDDEN');
    const byAuditor = await submitRequest(deps(), auditor, { ...valid(), channel: 'in-person', receivedOn: '2025-09-26' });
    assert.ok(!byAuditor.ok && byAuditor.error.code === 'FORBIDDEN');
    assert.equal(await count('requests'), before);
  });
});

describe('applyRequestEvent: a full lifecycle', () => {
  let id: number;
  let trackingNo: string;
  let code: string;

  /** Applies and checks that a refusal changes nothing. */
  async function refused(actor: Actor, input: Record<string, unknown>, code: string) {
    const before = [await count('request_events'), await requestAudits()];
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const r = await applyRequestEvent(deps(), actor, id, input);
    assert.ok(!r.ok, `${JSON.stringify(input)} should be refused`);
    assert.equal(r.error.code, code, r.error.message);
    assert.deepEqual([await count('request_events'), await requestAudits()], before);
    assert.deepEqual(await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), row);
    return r.error;
  }

  async function step(actor: Actor, input: Record<string, unknown>) {
    const before = await requestAudits();
    const r = await applyRequestEvent(deps(), actor, id, input);
    assert.ok(r.ok, `${JSON.stringify(input)}: ${!r.ok && JSON.stringify(r.error)}`);
    assert.equal(await requestAudits(), before + 1);
    const last = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'request').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(last.action, `request.${input.type}`);
    assert.equal(last.entity_id, String(id));
    return r.value;
  }

  before(async () => {
    const r = await submitRequest(deps(), null, valid());
    assert.ok(r.ok);
    ({ id, trackingNo, queryCode: code } = r.value);
  });

  it('waits for confirmation without a due date', async () => {
    const v = await getStaffView(t.db, handler, id);
    assert.ok(v.ok);
    assert.equal(v.value.status, 'awaiting-confirmation');
    assert.equal(v.value.dueOn, null);
    assert.deepEqual(v.value.allowedEvents, ['confirm-receipt', 'transfer', 'withdraw']);
    await refused(handler, { type: 'decide', on: '2025-09-26', outcome: 'grant' }, 'INVALID_TRANSITION');
  });

  it('confirm-receipt on Fri 2025-09-26: due Thu 2025-10-30 (National Day skipped, 09-28 and 10-11 count)', async () => {
    await refused(handler, { type: 'confirm-receipt', on: '2099-01-01' }, 'VALIDATION');
    const v = await step(handler, { type: 'confirm-receipt', on: '2025-09-26' });
    assert.equal(v.status, 'in-progress');
    assert.equal(v.receivedOn, '2025-09-26');
    assert.equal(v.dueOn, '2025-10-30');
    assert.equal(v.supplementNoticeDueOn, '2025-10-13'); // 09-28, 29, 30, 10-09, 10, 11, 13
    assert.equal(v.provisional, false);
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.received_on, '2025-09-26');
    assert.equal(row.status, 'in-progress');
  });

  it('request-supplement on 2025-09-29 (10 working days → 2025-10-20) stops the clock; once only', async () => {
    await refused(handler, { type: 'request-supplement', on: '2025-09-25', periodDays: 10, items: '请补充所需信息的文号' }, 'VALIDATION'); // before the last step
    await refused(handler, { type: 'request-supplement', on: '2025-09-29' }, 'VALIDATION'); // no period
    const v = await step(handler, { type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '请补充所需信息的文号' });
    assert.equal(v.status, 'awaiting-supplement');
    assert.equal(v.dueOn, null);
    assert.equal(v.supplementDueOn, '2025-10-20');
  });

  it('supplement-received on Fri 2025-10-10 restarts the 20 days: due 2025-11-06', async () => {
    const v = await step(handler, { type: 'supplement-received', on: '2025-10-10' });
    assert.equal(v.status, 'in-progress');
    assert.equal(v.dueOn, '2025-11-06');
    await refused(handler, { type: 'request-supplement', on: '2025-10-10', periodDays: 5, items: '请补充所需信息的文号' }, 'INVALID_TRANSITION');
  });

  it('a consultation 2025-10-13 → 2025-10-17 adds 4 working days: due 2025-11-12', async () => {
    let v = await step(handler, { type: 'consultation-started', on: '2025-10-13', party: 'third-party' });
    assert.equal(v.status, 'in-consultation');
    v = await step(handler, { type: 'consultation-ended', on: '2025-10-17' });
    assert.equal(v.status, 'in-progress');
    assert.equal(v.dueOn, '2025-11-12');
    assert.match(v.dueReason, /暂停 4 个工作日/);
  });

  it('extension: the handler is refused (403), the office head extends by 10 → 2025-11-26, once only', async () => {
    const e = await refused(handler, { type: 'extend', on: '2025-10-20', days: 10 }, 'FORBIDDEN');
    assert.match(e.message, /负责人/);
    await refused(head, { type: 'extend', on: '2025-10-20', days: 21 }, 'VALIDATION');
    const v = await step(head, { type: 'extend', on: '2025-10-20', days: 10 });
    assert.equal(v.dueOn, '2025-11-26');
    await refused(head, { type: 'extend', on: '2025-10-21', days: 5 }, 'INVALID_TRANSITION');
    const ev = await t.db.selectFrom('request_events').selectAll().where('request_id', '=', id).where('type', '=', 'extend').executeTakeFirstOrThrow();
    assert.equal(ev.actor_id, head.id);
    assert.deepEqual(JSON.parse(ev.payload), { type: 'extend', on: '2025-10-20', days: 10 });
  });

  it('decide with exactly one outcome code (partial), then deliver', async () => {
    await refused(handler, { type: 'decide', on: '2025-11-03', outcome: ['grant', 'deny-1'] }, 'VALIDATION');
    await refused(handler, { type: 'decide', on: '2025-11-03', outcome: 'nope' }, 'VALIDATION');
    let v = await step(handler, { type: 'decide', on: '2025-11-03', outcome: 'partial' });
    assert.equal(v.status, 'decided');
    assert.equal(v.outcome, 'partial');
    v = await step(handler, { type: 'deliver', on: '2025-11-04', method: 'email' });
    assert.equal(v.status, 'delivered');
    assert.equal(v.overdue, false);
    assert.equal(v.dueOn, '2025-11-26');
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'delivered');
    assert.equal(row.outcome, 'partial');
    const events = await t.db.selectFrom('request_events').select(['type', 'on']).where('request_id', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => `${e.type}@${e.on}`), [
      'confirm-receipt@2025-09-26',
      'request-supplement@2025-09-29',
      'supplement-received@2025-10-10',
      'consultation-started@2025-10-13',
      'consultation-ended@2025-10-17',
      'extend@2025-10-20',
      'decide@2025-11-03',
      'deliver@2025-11-04',
    ]);
    await refused(handler, { type: 'decide', on: '2025-11-05', outcome: 'grant' }, 'INVALID_TRANSITION');
  });

  it('the public status shows dated steps and the outcome, never personal data; a wrong code is NOT_FOUND', async () => {
    const r = await getPublicStatus(t.db, trackingNo, code);
    assert.ok(r.ok);
    assert.equal(r.value.status, 'delivered');
    assert.equal(r.value.dueOn, '2025-11-26');
    assert.equal(r.value.outcome, 'partial');
    assert.equal(r.value.outcomeLabel, '部分公开');
    assert.deepEqual(r.value.steps.map((s) => s.on), ['2025-09-26', '2025-09-29', '2025-10-10', '2025-10-13', '2025-10-17', '2025-10-20', '2025-11-03', '2025-11-04']);
    const text = JSON.stringify(r.value);
    for (const secret of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, APPLICANT.email, APPLICANT.address, 'zhangsan']) {
      assert.ok(!text.includes(secret), secret);
    }
    const wrong = await getPublicStatus(t.db, trackingNo, code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA');
    const unknown = await getPublicStatus(t.db, 'SC1999-000001', code);
    const empty = await getPublicStatus(t.db, trackingNo, '');
    for (const x of [wrong, unknown, empty]) {
      assert.ok(!x.ok);
      assert.equal(x.error.code, 'NOT_FOUND');
      assert.equal(x.error.message, (wrong as any).error.message);
    }
    // The code is case-insensitive for the applicant's convenience.
    assert.ok((await getPublicStatus(t.db, trackingNo.toLowerCase(), code.toLowerCase())).ok);
  });

  it('unit scope: another unit\'s handler neither sees nor handles it; an auditor reads but cannot handle', async () => {
    const seen = await getStaffView(t.db, stranger, id);
    assert.ok(!seen.ok && seen.error.code === 'NOT_FOUND');
    await refused(stranger, { type: 'review-filed', on: '2025-11-20' }, 'NOT_FOUND');
    const read = await getStaffView(t.db, auditor, id);
    assert.ok(read.ok);
    assert.deepEqual(read.value.allowedEvents, []);
    await refused(auditor, { type: 'review-filed', on: '2025-11-20' }, 'FORBIDDEN');
    assert.ok(!(await getStaffView(t.db, handler, 987654)).ok);
  });
});

describe('transfer', () => {
  it('moves the request to another unit, which then owns it', async () => {
    const r = await submitRequest(deps(), null, valid());
    assert.ok(r.ok);
    const v = await applyRequestEvent(deps(), handler, r.value.id, { type: 'transfer', on: '2025-09-26', toUnitId: otherUnit });
    assert.ok(v.ok, JSON.stringify(!v.ok && v.error));
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', r.value.id).executeTakeFirstOrThrow();
    assert.equal(row.unit_id, otherUnit);
    assert.ok((await getStaffView(t.db, stranger, r.value.id)).ok);
    assert.ok(!(await getStaffView(t.db, handler, r.value.id)).ok);
  });
});

describe('roles: admins act as office heads within their scope', () => {
  it('a unit admin of the unit may extend; a unit admin of another unit sees nothing; the platform admin may act anywhere', async () => {
    const unitAdmin = await makeUser(t, 'rq-unitadmin', 'unit-admin', 'fgj');
    const otherAdmin = await makeUser(t, 'rq-otheradmin', 'unit-admin', 'jyj');
    const admin = await makeUser(t, 'rq-admin', 'admin', 'sucheng');
    const r = await submitRequest(deps(), handler, { ...valid(), channel: 'in-person', receivedOn: '2025-09-26' });
    assert.ok(r.ok);
    const id = r.value.id;
    const refusedOther = await applyRequestEvent(deps(), otherAdmin, id, { type: 'extend', on: '2025-10-20', days: 5 });
    assert.ok(!refusedOther.ok && refusedOther.error.code === 'NOT_FOUND');
    const ext = await applyRequestEvent(deps(), unitAdmin, id, { type: 'extend', on: '2025-10-20', days: 5 });
    assert.ok(ext.ok, JSON.stringify(!ext.ok && ext.error));
    // 2025-10-30 + 5 working days: 10-31, 11-03, 04, 05, 06.
    assert.equal(ext.value.dueOn, '2025-11-06');
    const w = await applyRequestEvent(deps(), admin, id, { type: 'withdraw', on: '2025-10-21' });
    assert.ok(w.ok);
    assert.equal(w.value.status, 'closed');
    assert.equal(w.value.outcome, 'other-3');
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.outcome], ['closed', 'other-3']);
  });

  it('a 补正 period that passes closes the request as 视为放弃 (other-1)', async () => {
    const r = await submitRequest(deps(), handler, { ...valid(), channel: 'in-person', receivedOn: '2025-09-26' });
    assert.ok(r.ok);
    const s = await applyRequestEvent(deps(), handler, r.value.id, { type: 'request-supplement', on: '2025-09-29', periodDays: 5, items: '请补充所需信息的文号' });
    assert.ok(s.ok);
    // 09-30, 10-09, 10, 11 (make-up), 13.
    assert.equal(s.value.supplementDueOn, '2025-10-13');
    const x = await applyRequestEvent(deps(), handler, r.value.id, { type: 'supplement-expired', on: '2025-10-14' });
    assert.ok(x.ok);
    assert.deepEqual([x.value.status, x.value.outcome, x.value.dueOn], ['closed', 'other-1', null]);
  });
});
