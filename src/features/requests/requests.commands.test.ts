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
import { requestOutcomesForReport } from './requests.report.ts';

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
    // As if submitted on 2025-09-25: the steps below are dated from 2025-09-26.
    await t.db.updateTable('requests').set({ created_at: '2025-09-25T01:00:00.000Z' }).where('id', '=', id).execute();
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
    await t.db.updateTable('requests').set({ created_at: '2025-09-25T01:00:00.000Z' }).where('id', '=', r.value.id).execute();
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
    const before = await t.db.selectFrom('requests').select('closed_on').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(before.closed_on, null, 'open: no closing date (issue 15)');
    const w = await applyRequestEvent(deps(), admin, id, { type: 'withdraw', on: '2025-10-21' });
    assert.ok(w.ok);
    assert.equal(w.value.status, 'closed');
    assert.equal(w.value.outcome, 'other-3');
    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.outcome, row.closed_on], ['closed', 'other-3', '2025-10-21']);
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
    // The closing event's date is kept on the request (the annual report counts by it, issue 15).
    const row = await t.db.selectFrom('requests').select('closed_on').where('id', '=', r.value.id).executeTakeFirstOrThrow();
    assert.equal(row.closed_on, '2025-10-14');
  });
});

// ---------------------------------------------------------------------------
// Issue 12 (engineer B)
// ---------------------------------------------------------------------------

describe('issue 12: the applicant\'s periods, closing and extending on time, transfers', () => {
  const registered = async (receivedOn: string, extra: Record<string, unknown> = {}) => {
    const r = await submitRequest(deps(), handler, { ...valid(), channel: 'in-person', receivedOn, ...extra });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    return r.value.id;
  };
  const apply = (actor: Actor, id: number, input: Record<string, unknown>) => applyRequestEvent(deps(), actor, id, input);

  it('supplement-expired is refused (409, with the first possible date) until the period has run', async () => {
    const id = await registered('2025-09-26');
    const s = await apply(handler, id, { type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '请补充所需信息的文号' });
    assert.ok(s.ok);
    // e-mail (the applicant's chosen way) is the default: received the day it is sent
    assert.equal(s.value.supplementNotice?.method, 'email');
    assert.equal(s.value.supplementDueOn, '2025-10-20');
    const before = await count('request_events');
    for (const on of ['2025-09-29', '2025-10-20']) {
      const x = await apply(handler, id, { type: 'supplement-expired', on });
      assert.ok(!x.ok);
      assert.equal(x.error.code, 'INVALID_TRANSITION');
      assert.equal(x.error.status, 409);
      assert.equal(x.error.details?.earliestOn, '2025-10-21');
      assert.match(x.error.message, /2025-10-21 起方可记录/);
    }
    assert.equal(await count('request_events'), before);
    const ok = await apply(handler, id, { type: 'supplement-expired', on: '2025-10-21' });
    assert.ok(ok.ok);
    assert.deepEqual([ok.value.status, ok.value.outcome], ['closed', 'other-1']);
  });

  it('a notice by post: the period waits for the signed-for date, recorded with notice-delivered', async () => {
    const id = await registered('2025-09-26', { form: 'paper', delivery: 'post' });
    const s = await apply(handler, id, { type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '请补充所需信息的文号' });
    assert.ok(s.ok);
    assert.equal(s.value.supplementNotice?.method, 'post');
    assert.equal(s.value.supplementDueOn, null);
    assert.match(s.value.supplementNotice?.reason ?? '', /尚未登记申请人签收的日期/);
    const early = await apply(handler, id, { type: 'supplement-expired', on: '2025-11-03' });
    assert.ok(!early.ok);
    assert.equal(early.error.code, 'INVALID_TRANSITION');
    assert.match(early.error.message, /请先登记告知书送达/);
    const bad = await apply(handler, id, { type: 'notice-delivered', on: '2025-10-13', deliveredOn: '2025-09-28' });
    assert.ok(!bad.ok);
    assert.match(bad.error.fields?.deliveredOn ?? '', /不能早于补正告知书发出日期 2025-09-29/);
    const d = await apply(handler, id, { type: 'notice-delivered', on: '2025-10-13', deliveredOn: '2025-10-10' });
    assert.ok(d.ok, JSON.stringify(!d.ok && d.error));
    assert.equal(d.value.status, 'awaiting-supplement');
    assert.equal(d.value.supplementDueOn, '2025-10-23');
    const ev = await t.db.selectFrom('request_events').select('payload').where('request_id', '=', id).where('type', '=', 'notice-delivered').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(ev.payload), { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-10' });
    assert.equal((await apply(handler, id, { type: 'supplement-expired', on: '2025-10-23' })).ok, false);
    assert.ok((await apply(handler, id, { type: 'supplement-expired', on: '2025-10-24' })).ok);
  });

  it('fee-expired only after 20 working days from the receipt of the fee notice; feePaymentDueOn in the staff view', async () => {
    const id = await registered('2025-09-26', { delivery: 'online' });
    const f = await apply(handler, id, { type: 'fee-notice', on: '2025-10-09', basis: 'pages', pages: 100 });
    assert.ok(f.ok, JSON.stringify(!f.ok && f.error));
    assert.equal(f.value.feePaymentDueOn, '2025-11-05');
    assert.equal(f.value.feeNotice?.method, 'online');
    const view = await getStaffView(t.db, handler, id);
    assert.ok(view.ok);
    assert.equal(view.value.feePaymentDueOn, '2025-11-05');
    assert.match(view.value.feeNotice?.reason ?? '', /缴费期限自收到之日起 20 个工作日，至 2025-11-05/);
    const early = await apply(handler, id, { type: 'fee-expired', on: '2025-11-05' });
    assert.ok(!early.ok);
    assert.equal(early.error.details?.earliestOn, '2025-11-06');
    const late = await apply(handler, id, { type: 'fee-expired', on: '2025-11-06' });
    assert.ok(late.ok);
    assert.deepEqual([late.value.status, late.value.outcome], ['closed', 'other-2']);
  });

  it('an extension decided after the due date is refused (409) and changes nothing', async () => {
    const id = await registered('2025-09-26'); // due 2025-10-30
    const before = await count('request_events');
    const x = await apply(head, id, { type: 'extend', on: '2025-10-31', days: 10 });
    assert.ok(!x.ok);
    assert.equal(x.error.code, 'INVALID_TRANSITION');
    assert.match(x.error.message, /答复期限 2025-10-30 已届满.*第三十三条/);
    assert.equal(await count('request_events'), before);
    const onTime = await apply(head, id, { type: 'extend', on: '2025-10-30', days: 10 });
    assert.ok(onTime.ok);
    assert.equal(onTime.value.dueOn, '2025-11-13');
  });

  it('an online request cannot be confirmed as received before it was submitted', async () => {
    const r = await submitRequest(deps(), null, valid());
    assert.ok(r.ok);
    await t.db.updateTable('requests').set({ created_at: '2025-09-26T03:00:00.000Z' }).where('id', '=', r.value.id).execute();
    const x = await apply(handler, r.value.id, { type: 'confirm-receipt', on: '2025-09-25' });
    assert.ok(!x.ok);
    assert.equal(x.error.code, 'VALIDATION');
    assert.match(x.error.fields?.on ?? '', /确认收到申请的日期不能早于申请提交之日 2025-09-26/);
    assert.ok((await apply(handler, r.value.id, { type: 'confirm-receipt', on: '2025-09-26' })).ok);
  });

  it('a transfer after receipt stays with the receiving unit, which answers and counts it; before receipt it moves', async () => {
    const zrgh = await unitId(t, 'zrgh');
    const id = await registered('2025-04-01');
    const noOrgan = await apply(handler, id, { type: 'transfer', on: '2025-04-02' });
    assert.ok(!noOrgan.ok && noOrgan.error.fields?.organName);
    const r = await apply(handler, id, { type: 'transfer', on: '2025-04-02', toUnitId: zrgh });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal(r.value.unitId, unit, 'not moved');
    assert.equal(r.value.status, 'in-progress');
    assert.equal(r.value.dueOn, '2025-04-29'); // unchanged: 04-04…06 清明, 04-27 Sun 调休
    const zrghName = (await t.db.selectFrom('units').select('name').where('id', '=', zrgh).executeTakeFirstOrThrow()).name;
    assert.equal(r.value.referral?.organName, zrghName);
    assert.equal(r.value.referral?.toUnitId, zrgh);
    const ev = JSON.parse((await t.db.selectFrom('request_events').select('payload').where('request_id', '=', id).where('type', '=', 'transfer').executeTakeFirstOrThrow()).payload);
    assert.equal(ev.mode, 'refer');
    assert.equal(ev.organName, zrghName);
    // An organ outside the platform, with its contact, as the letter needs it.
    const id2 = await registered('2025-04-01');
    const r2 = await apply(handler, id2, { type: 'transfer', on: '2025-04-02', organName: '宿迁市公安局宿城分局', organContact: '0527-84000000' });
    assert.ok(r2.ok);
    assert.deepEqual(r2.value.referral, { on: '2025-04-02', organName: '宿迁市公安局宿城分局', organContact: '0527-84000000', toUnitId: null });
    const d = await apply(handler, id, { type: 'decide', on: '2025-04-10', outcome: 'unable-1' });
    assert.ok(d.ok);

    // Before receipt (an online request to the wrong unit): moved, with where it came from.
    const online = await submitRequest(deps(), null, valid());
    assert.ok(online.ok);
    await t.db.updateTable('requests').set({ created_at: '2025-03-31T03:00:00.000Z' }).where('id', '=', online.value.id).execute();
    const m = await apply(handler, online.value.id, { type: 'transfer', on: '2025-04-01', toUnitId: otherUnit });
    assert.ok(m.ok);
    assert.equal(m.value.unitId, otherUnit);
    const mev = JSON.parse((await t.db.selectFrom('request_events').select('payload').where('request_id', '=', online.value.id).where('type', '=', 'transfer').executeTakeFirstOrThrow()).payload);
    assert.deepEqual(mev, { type: 'transfer', on: '2025-04-01', toUnitId: otherUnit, mode: 'move', fromUnitId: unit });
    assert.ok((await apply(stranger, online.value.id, { type: 'confirm-receipt', on: '2025-04-01' })).ok);

    // The annual report counts each once, by the unit that answers it.
    const mine = (await requestOutcomesForReport(t.db, { year: 2025, unitIds: [unit] })).requests.map((f) => f.id);
    const theirs = (await requestOutcomesForReport(t.db, { year: 2025, unitIds: [zrgh] })).requests.map((f) => f.id);
    const other = (await requestOutcomesForReport(t.db, { year: 2025, unitIds: [otherUnit] })).requests.map((f) => f.id);
    assert.ok(mine.includes(id) && mine.includes(id2), 'referred requests stay in the receiving unit\'s report');
    assert.ok(!theirs.includes(id) && !theirs.includes(id2));
    assert.ok(other.includes(online.value.id) && !mine.includes(online.value.id), 'a request moved before receipt is counted by the new unit only');
  });
});
