// What 政民互动 contributes to other features, on both databases: site health's single-veto check (messages
// unanswered beyond 3 months, rule text from site-health's fixed list, unit scope, records for drill-down) and
// the yearly figures; the assessment's 按时答复 indicator per unit (by the deadline's year; not yet due and
// merged ones not counted); and the 'messages.about' contributions of consultations and key tasks (a link
// while public, refused or unlinked when not).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';
import { contributions } from '../../platform/modules.ts';
import type { AssessmentIndicator } from '../assessment/public.ts';
import { RULES, type HealthCheck, type YearFigure } from '../site-health/public.ts';
import { replyMessage, submitMessage } from './commands.ts';
import type { MessageTable } from './tables.ts';

const clock = fixedClock('2026-12-07T02:00:00Z'); // Monday 2026-12-07; 3 months back: 2026-09-07

describe('messages contributions: site health and assessment', () => {
  let t: TestApp;
  let admin: string;
  let zfb = 0;
  let jyj = 0;
  const write = async (unit: string, title: string, set: Partial<Record<keyof MessageTable, unknown>> = {}) => {
    const r = await withClock(clock, () => submitMessage(t.db, { unit, type: 'consult', title, body: `${title} 13912345678`, name: '王建国', phone: '13912345678', publicOk: true }));
    assert.ok(r.ok);
    if (Object.keys(set).length) await t.db.updateTable('messages').set(set as never).where('id', '=', r.value.id).execute();
    return r.value;
  };
  const check = () => contributions<HealthCheck[]>('health.checks').flat().find((c) => c.key === 'messages-unanswered')!;

  before(async () => {
    t = await buildTestApp({ clock });
    zfb = (await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id;
    jyj = (await t.db.selectFrom('units').select('id').where('code', '=', 'jyj').executeTakeFirstOrThrow()).id;
    await makeUser(t, 'mc-admin', 'admin', 'sucheng');
    admin = await makeToken(t, 'mc-admin');
  });
  after(async () => t?.close());

  it('site health: the single veto with its rule; fails from the first message beyond 3 months; unit scope', async () => {
    const c = check();
    assert.ok(c, 'contributed');
    assert.deepEqual([c.label, c.rule, c.singleVeto], ['留言超过 3 个月未回应', RULES.interactionPoor, true]);
    const ctx = (unitIds: number[] | null) => ({ unitId: unitIds?.[0] ?? null, unitIds, today: '2026-12-07' });
    assert.deepEqual([(await c.evaluate(t.db, ctx(null))).status, (await c.evaluate(t.db, ctx(null))).value], ['ok', '0 条']);
    await write('zfb', '正好 3 个月', { received_on: '2026-09-07', clock_from: '2026-09-07', due_on: '2026-09-14' });
    const old = await write('zfb', '超过 3 个月', { received_on: '2026-09-06', clock_from: '2026-11-30', due_on: '2026-12-07' });
    await write('zfb', '老但已答复', { received_on: '2026-05-06', due_on: '2026-05-13', status: 'replied', reply: '已办', replied_on: '2026-05-10' });
    await write('zfb', '已合并', { received_on: '2026-05-06', due_on: '2026-05-13', status: 'merged' });
    const portal = await c.evaluate(t.db, ctx(null));
    assert.deepEqual([portal.status, portal.value, portal.records.length], ['fail', '1 条', 1]);
    assert.equal(portal.records[0]!.label, `留言 ${old.receiptNo}：超过 3 个月`);
    assert.equal(portal.records[0]!.url, `/admin/messages/${old.id}`);
    assert.equal(portal.records[0]!.detail, '2026-09-06 收到，已 92 天未答复');
    assert.doesNotMatch(JSON.stringify(portal), /13912345678|王建国/);
    assert.equal((await c.evaluate(t.db, ctx([jyj]))).status, 'ok');
    assert.equal((await c.evaluate(t.db, ctx([zfb]))).status, 'fail');
    // Through site health's own API: the row is measured, not 未测量.
    const api = await t.app.inject({ url: '/api/v1/health?unit=zfb', headers: { authorization: `Bearer ${admin}` } });
    assert.equal(api.statusCode, 200, api.body);
    const fig = api.json().figures.find((f: { key: string }) => f.key === 'messages-unanswered');
    assert.deepEqual([fig.status, fig.value, fig.singleVeto], ['fail', '1 条', true]);
  });

  it('yearly figures: received (merged not twice) and answered in the year', async () => {
    const figs = contributions<YearFigure[]>('health.yearFigures').flat();
    const received = figs.find((f) => f.key === 'messages-received')!;
    const answered = figs.find((f) => f.key === 'messages-answered')!;
    assert.equal(await received.count(t.db, 2026), 3);
    assert.equal(await answered.count(t.db, 2026), 1);
    assert.equal(await received.count(t.db, 2025), 0);
  });

  it('assessment: replied within the deadline ÷ messages due in the year, per unit; not yet due and merged not counted', async () => {
    await t.db.deleteFrom('messages').execute();
    const due = (d: string, o: Partial<Record<keyof MessageTable, unknown>> = {}) => ({ received_on: '2026-10-01', clock_from: '2026-10-01', due_on: d, ...o });
    await write('zfb', '按期', due('2026-11-10', { status: 'replied', reply: '好', replied_on: '2026-11-09' }));
    await write('zfb', '超期答复', due('2026-11-20', { status: 'replied', reply: '好', replied_on: '2026-11-25' }));
    await write('zfb', '逾期未答复', due('2026-11-30'));
    await write('zfb', '未到期', due('2026-12-14'));
    await write('zfb', '未到期已答复', due('2026-12-14', { status: 'replied', reply: '好', replied_on: '2026-12-07' }));
    await write('zfb', '已合并', due('2026-11-30', { status: 'merged' }));
    await write('zfb', '去年到期', due('2025-12-30', { received_on: '2025-12-22', status: 'replied', reply: '好', replied_on: '2025-12-29' }));
    const ind = contributions<AssessmentIndicator[]>('assessment.indicators').flat().find((i) => i.key === 'messages')!;
    assert.ok(ind, 'contributed');
    const [r, ...rest] = await ind.compute(t.db, { year: 2026, unitIds: [zfb, jyj], today: '2026-12-07' });
    assert.equal(rest.length, 0, 'jyj has nothing due: 不适用');
    assert.deepEqual([r!.unitId, r!.numerator, r!.denominator, r!.score], [zfb, 2, 4, 50]);
    assert.equal(r!.detail, '答复期限在当年的留言 4 条，按期答复 2 条');
    assert.deepEqual(
      r!.records.map((x) => [x.label.split(' ')[1], x.ok, x.note, x.action]),
      [
        ['按期', true, '期限 2026-11-10，2026-11-09 答复', 'message.read'],
        ['超期答复', false, '期限 2026-11-20，2026-11-25 答复（超期）', 'message.read'],
        ['逾期未答复', false, '期限 2026-11-30，逾期未答复', 'message.read'],
        ['未到期已答复', true, '期限 2026-12-14，2026-12-07 答复', 'message.read'],
      ],
    );
    const y25 = await ind.compute(t.db, { year: 2025, unitIds: [zfb], today: '2026-12-07' });
    assert.deepEqual([y25[0]!.numerator, y25[0]!.denominator], [1, 1]);
    // Through the assessment's API: measured for the unit.
    const api = await t.app.inject({ url: `/api/v1/assessment?year=2026&unit=${zfb}`, headers: { authorization: `Bearer ${admin}` } });
    assert.equal(api.statusCode, 200, api.body);
    const row = JSON.stringify(api.json());
    assert.match(row, /"key":"messages"[^}]*"score":50/);
  });
});

describe('messages about a consultation or a key task', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true, clock });
  });
  after(async () => t?.close());

  it('links while public; a draft or unknown subject is refused; unpublished later: no link', async () => {
    const c = await t.db.selectFrom('consultations').select(['id', 'title']).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    const task = await t.db.selectFrom('tasks').select(['id', 'title']).where('published_at', 'is not', null).where('status', '!=', 'retired').orderBy('id').executeTakeFirstOrThrow();
    const form = await t.app.inject(`/zmhd/write?about=consultation:${c.id}`);
    assert.match(form.body, new RegExp(`留言涉及的征求意见：<a href="/yjzj/${c.id}">`));
    const base = { unit: 'zfb', type: 'opinion', title: '对决策的意见', body: '意见内容', name: '张伟', phone: '13800001234', publicOk: true };
    const m1 = await withClock(clock, () => submitMessage(t.db, { ...base, about: `consultation:${c.id}` }));
    const m2 = await withClock(clock, () => submitMessage(t.db, { ...base, body: '关于任务', about: { kind: 'task', id: task.id } }));
    assert.ok(m1.ok && m2.ok);
    for (const [about, msg] of [
      ['consultation:99999', /不存在或未公开/],
      ['task:99999', /不存在或未公开/],
      ['planet:1', /不存在或未公开/],
      ['consultation:abc', /无法识别/],
    ] as const) {
      const r = await submitMessage(t.db, { ...base, body: about, about });
      assert.ok(!r.ok && r.error.fields?.about && msg.test(r.error.fields.about), about);
    }
    const staff = { ...(await makeUser(t, 'ab-rv', 'reviewer', 'zfb')) };
    for (const m of [m1, m2]) assert.ok((await withClock(clock, () => replyMessage(t.db, staff, m.ok ? m.value.id : 0, { reply: '感谢您的意见。' }))).ok);
    const p1 = await t.app.inject(`/zmhd/${m1.ok ? m1.value.id : 0}`);
    assert.match(p1.body, new RegExp(`涉及征求意见：<a href="/yjzj/${c.id}">`));
    const p2 = await t.app.inject(`/zmhd/${m2.ok ? m2.value.id : 0}`);
    assert.match(p2.body, new RegExp(`涉及重点任务：<a href="/zdrw/${task.id}">`));
    // The consultation is no longer public: the message stays, without the link.
    await t.db.updateTable('consultations').set({ status: 'draft' } as never).where('id', '=', c.id).execute();
    const p3 = await t.app.inject(`/zmhd/${m1.ok ? m1.value.id : 0}`);
    assert.equal(p3.statusCode, 200);
    assert.doesNotMatch(p3.body, /涉及征求意见/);
    const r = await submitMessage(t.db, { ...base, body: '又一条', about: `consultation:${c.id}` });
    assert.ok(!r.ok && /不存在或未公开/.test(r.error.fields?.about ?? ''));
  });
});
