// Fee notices priced by the fee measures (国办函〔2020〕109号) from the stored requests: the
// applicant's monthly count at the organ, or the pages. Real receipt dates in September/October 2025.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { applyRequestEvent, submitRequest } from './requests.commands.ts';

let t: TestApp;
let unit: number;
let otherUnit: number;
let handler: Actor;
let otherHandler: Actor;
const deps = () => ({ db: t.db });

const ZHANG = { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678' };
const LI = { name: '李四', idType: 'passport', idNumber: 'E12345678', phone: '13912345679' };

async function register(actor: Actor, unitId: number, applicant: object, receivedOn: string): Promise<number> {
  const r = await submitRequest(deps(), actor, {
    channel: 'post',
    receivedOn,
    applicantType: 'natural',
    applicant,
    unitId,
    description: `关于 ${receivedOn} 的信息`,
    form: 'paper',
    delivery: 'pickup',
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value.id;
}

const feeNotice = (actor: Actor, id: number, extra: Record<string, unknown> = {}) =>
  applyRequestEvent(deps(), actor, id, { type: 'fee-notice', on: '2025-10-20', ...extra });

const lastPayload = async (id: number) => {
  const e = await t.db.selectFrom('request_events').select('payload').where('request_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return JSON.parse(e.payload);
};

let september: number[] = [];

before(async () => {
  t = await buildTestApp();
  unit = await unitId(t, 'fgj');
  otherUnit = await unitId(t, 'jyj');
  handler = await makeUser(t, 'fee-handler', 'handler', 'fgj');
  otherHandler = await makeUser(t, 'fee-handler-2', 'handler', 'jyj');
  // Zhang files 31 requests with fgj in September 2025 (registered out of order on purpose), Li one.
  const days = Array.from({ length: 31 }, (_, i) => `2025-09-${String((i % 30) + 1).padStart(2, '0')}`).reverse();
  const ids: [string, number][] = [];
  for (const d of days) ids.push([d, await register(handler, unit, ZHANG, d)]);
  // Rank order: receipt date, then id.
  ids.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  september = ids.map(([, id]) => id);
});
after(async () => t.close());

describe('fee notice priced by the monthly count', () => {
  it('refuses a notice for one of the first 10 requests of the month: they are free', async () => {
    const r = await feeNotice(handler, september[9]!);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'VALIDATION');
    assert.match(r.error.fields!.basis!, /第 10 件申请，每月 10 件以内不收费/);
    const n = await t.db.selectFrom('request_events').select('id').where('request_id', '=', september[9]!).execute();
    assert.equal(n.length, 0, 'nothing recorded');
  });

  it('charges the 11th request 100 元 and records rank, amount and breakdown', async () => {
    const r = await feeNotice(handler, september[10]!, { note: '申请数量较大' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal(r.value.status, 'awaiting-fee');
    const p = await lastPayload(september[10]!);
    assert.equal(p.amount, 100);
    assert.equal(p.basis, 'count');
    assert.equal(p.monthlyCount, 11);
    assert.equal(p.note, '申请数量较大');
    assert.match(p.detail, /第11件 1件×100元=100元；合计100元/);
    const step = r.value.events.at(-1)!;
    assert.equal(step.type, 'fee-notice');
  });

  it('charges the 31st request at the 200 元 band', async () => {
    const r = await feeNotice(handler, september[30]!);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal((await lastPayload(september[30]!)).amount, 200);
  });

  it('refuses a stated amount that differs from the computed one', async () => {
    const r = await feeNotice(handler, september[20]!, { amount: 50 });
    assert.ok(!r.ok);
    assert.match(r.error.fields!.amount!, /应为 100 元/);
    const ok2 = await feeNotice(handler, september[20]!, { amount: 100 });
    assert.ok(ok2.ok, JSON.stringify(!ok2.ok && ok2.error));
  });

  it('counts per applicant, per organ and per calendar month', async () => {
    const li = await register(handler, unit, LI, '2025-09-15');
    assert.match((await feeNotice(handler, li)).ok ? '' : 'refused', /refused/);
    const october = await register(handler, unit, ZHANG, '2025-10-09');
    const r1 = await feeNotice(handler, october);
    assert.ok(!r1.ok && /第 1 件/.test(r1.error.fields!.basis!));
    const elsewhere = await register(otherHandler, otherUnit, ZHANG, '2025-09-30');
    const r2 = await feeNotice(otherHandler, elsewhere);
    assert.ok(!r2.ok && /第 1 件/.test(r2.error.fields!.basis!));
  });
});

describe('fee notice priced by pages', () => {
  it('charges 250 pages 4,700 元 and refuses 30 pages as free', async () => {
    const a = await register(handler, unit, LI, '2025-10-09');
    const free = await feeNotice(handler, a, { basis: 'pages', pages: 30 });
    assert.ok(!free.ok);
    assert.match(free.error.fields!.pages!, /未超过 30 页/);
    const missing = await feeNotice(handler, a, { basis: 'pages' });
    assert.ok(!missing.ok && missing.error.fields!.pages);
    const r = await feeNotice(handler, a, { basis: 'pages', pages: '250' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const p = await lastPayload(a);
    assert.equal(p.amount, 4700);
    assert.equal(p.pages, 250);
    assert.equal(p.basis, 'pages');
  });
});
