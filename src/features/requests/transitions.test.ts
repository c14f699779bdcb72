/**
 * The request state machine: EVERY (status × event) pair for each role, table-driven against a
 * hand-written table (not derived from TRANSITIONS, so a wrong table entry fails here), then the
 * once-only rules, the outcome rules and payload validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { EVENT_TYPES, type EventType } from './clock.ts';
import {
  IMPLIED_OUTCOMES,
  REQUEST_STATUSES,
  REQUEST_STATUS_LABELS,
  allowedEvents,
  applyEvent,
  initialState,
  parseEvent,
  replay,
  type EventInput,
  type RequestState,
  type RequestStatus,
} from './transitions.ts';

// ---------------------------------------------------------------------------
// The expected table: status → event → next status (absent = refused by the status)
// ---------------------------------------------------------------------------

const AFTER_EVENTS = (s: RequestStatus): Partial<Record<EventType, RequestStatus>> => ({
  'review-filed': s,
  'review-result': s,
  'lawsuit-filed': s,
  'lawsuit-result': s,
  'correction-requested': s,
  'correction-answered': s,
});

const EXPECTED: Record<RequestStatus, Partial<Record<EventType, RequestStatus>>> = {
  'awaiting-confirmation': {
    'confirm-receipt': 'in-progress',
    transfer: 'awaiting-confirmation',
    withdraw: 'closed',
  },
  'in-progress': {
    'request-supplement': 'awaiting-supplement',
    'consultation-started': 'in-consultation',
    extend: 'in-progress',
    'fee-notice': 'awaiting-fee',
    'reasons-requested': 'in-progress',
    transfer: 'in-progress',
    decide: 'decided',
    withdraw: 'closed',
  },
  'awaiting-supplement': {
    'supplement-received': 'in-progress',
    'supplement-expired': 'closed',
    'notice-delivered': 'awaiting-supplement',
    withdraw: 'closed',
  },
  'in-consultation': {
    'consultation-ended': 'in-progress',
    extend: 'in-consultation',
    withdraw: 'closed',
  },
  'awaiting-fee': {
    'fee-paid': 'in-progress',
    'fee-expired': 'closed',
    'notice-delivered': 'awaiting-fee',
    extend: 'awaiting-fee',
    withdraw: 'closed',
  },
  decided: { deliver: 'delivered', ...AFTER_EVENTS('decided') },
  delivered: AFTER_EVENTS('delivered'),
  closed: AFTER_EVENTS('closed'),
};

/** A valid payload for each event type. */
const PAYLOAD: Record<EventType, EventInput> = {
  'confirm-receipt': { on: '2025-09-26' },
  'request-supplement': { on: '2025-09-26', periodDays: 10, items: '请补充所需信息的文号' },
  'supplement-received': { on: '2025-09-26' },
  'supplement-expired': { on: '2025-09-26' },
  'consultation-started': { on: '2025-09-26', party: 'third-party' },
  'consultation-ended': { on: '2025-09-26' },
  extend: { on: '2025-09-26', days: 20 },
  'fee-notice': { on: '2025-09-26', amount: 100 },
  'fee-paid': { on: '2025-09-26' },
  'fee-expired': { on: '2025-09-26' },
  'notice-delivered': { on: '2025-09-30', deliveredOn: '2025-09-29', deliveryMethod: 'post' },
  transfer: { on: '2025-09-26', toUnitId: 3 },
  decide: { on: '2025-09-26', outcome: 'grant' },
  deliver: { on: '2025-09-26', method: 'email' },
  withdraw: { on: '2025-09-26' },
  'review-filed': { on: '2025-09-26' },
  'review-result': { on: '2025-09-26', result: 'upheld' },
  'lawsuit-filed': { on: '2025-09-26' },
  'lawsuit-result': { on: '2025-09-26', result: 'corrected' },
  'reasons-requested': { on: '2025-09-26', reason: '一个月内提出 120 件申请' },
  'correction-requested': { on: '2025-09-26', items: '答复中提供的本人社保缴费记录有误' },
  'correction-answered': { on: '2025-09-26', result: 'corrected' },
};

/** The state in `status` with the prerequisites of `type` met (a pending review for its result …). */
function stateFor(status: RequestStatus, type: EventType): RequestState {
  const s: RequestState = { ...initialState('online'), status };
  if (type === 'review-result') s.review = 'pending';
  if (type === 'lawsuit-result') s.lawsuit = 'pending';
  if (type === 'correction-answered') s.correction = 'pending';
  return s;
}

test('the expected table covers 8 statuses × 18 events', () => {
  assert.equal(REQUEST_STATUSES.length, 8);
  assert.equal(EVENT_TYPES.length, 18 + 3 + 1); // + 3: Art. 35 and Art. 41 steps; + 1: notice-delivered (issue 12)
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...REQUEST_STATUSES].sort());
});

for (const status of REQUEST_STATUSES) {
  for (const type of EVENT_TYPES) {
    const next = EXPECTED[status][type];
    const headOnly = type === 'extend';
    test(`${status} × ${type}: ${next ? `→ ${next}` : 'refused'}${headOnly ? ' (office head only)' : ''}`, () => {
      const state = stateFor(status, type);
      const before = JSON.stringify(state);
      const input = { type, ...PAYLOAD[type] };

      // office head
      const head = applyEvent(state, input, 'office-head');
      if (next) {
        assert.ok(head.ok, head.ok ? '' : head.error.message);
        assert.equal(head.value.from, status);
        assert.equal(head.value.to, next);
        assert.equal(head.value.state.status, next);
        assert.equal(head.value.event.type, type);
      } else {
        assert.ok(!head.ok);
        assert.equal(head.error.code, 'INVALID_TRANSITION');
        assert.equal(head.error.status, 409);
        assert.ok(head.error.message.includes(`“${REQUEST_STATUS_LABELS[status]}”`), head.error.message);
      }

      // handler: same as the head, except that an extension is always forbidden
      const handler = applyEvent(state, input, 'handler');
      if (headOnly) {
        assert.ok(!handler.ok);
        assert.equal(handler.error.code, 'FORBIDDEN');
        assert.equal(handler.error.status, 403);
        assert.match(handler.error.message, /须经政府信息公开工作机构负责人同意/);
      } else if (next) {
        assert.ok(handler.ok, handler.ok ? '' : handler.error.message);
        assert.equal(handler.value.to, next);
      } else {
        assert.ok(!handler.ok);
        assert.equal(handler.error.code, 'INVALID_TRANSITION');
      }

      // any other role (publishing roles, unknown) is forbidden
      for (const role of ['editor', 'reviewer', 'admin', '']) {
        const other = applyEvent(state, input, role);
        assert.ok(!other.ok);
        assert.equal(other.error.code, 'FORBIDDEN', role);
      }

      // the input state is never modified
      assert.equal(JSON.stringify(state), before);
    });
  }
}

// ---------------------------------------------------------------------------
// Once-only rules
// ---------------------------------------------------------------------------

function run(steps: [EventType, EventInput?][], channel: 'online' | 'in-person' = 'in-person'): RequestState {
  let s = initialState(channel);
  for (const [type, payload] of steps) {
    const r = applyEvent(s, { type, ...(payload ?? PAYLOAD[type]) }, 'office-head');
    assert.ok(r.ok, r.ok ? '' : `${type}: ${r.error.message}`);
    s = r.value.state;
  }
  return s;
}

test('initial status by channel', () => {
  assert.equal(initialState('online').status, 'awaiting-confirmation');
  for (const c of ['in-person', 'post', 'fax'] as const) assert.equal(initialState(c).status, 'in-progress');
});

test('the reply period can be extended only once', () => {
  const s = run([['extend']]);
  assert.equal(s.extended, true);
  const again = applyEvent(s, { type: 'extend', on: '2025-10-10', days: 5 }, 'office-head');
  assert.ok(!again.ok);
  assert.equal(again.error.code, 'INVALID_TRANSITION');
  assert.match(again.error.message, /只能延长一次/);
  // also after moving through a consultation
  const s2 = run([['extend'], ['consultation-started']]);
  const r2 = applyEvent(s2, { type: 'extend', ...PAYLOAD.extend }, 'office-head');
  assert.ok(!r2.ok);
  assert.match(r2.error.message, /只能延长一次/);
  // a handler asking a second time is still told it is the head's call
  const h = applyEvent(s, { type: 'extend', ...PAYLOAD.extend }, 'handler');
  assert.ok(!h.ok);
  assert.equal(h.error.code, 'FORBIDDEN');
});

test('补正 is notified once: no second notice after the supplement came in', () => {
  const s = run([['request-supplement'], ['supplement-received']]);
  assert.equal(s.status, 'in-progress');
  assert.equal(s.supplementRequested, true);
  assert.equal(s.supplementReceived, true);
  const again = applyEvent(s, { type: 'request-supplement', ...PAYLOAD['request-supplement'] }, 'handler');
  assert.ok(!again.ok);
  assert.equal(again.error.code, 'INVALID_TRANSITION');
  assert.match(again.error.message, /一次性告知/);
});

test('one fee notice per request', () => {
  const s = run([['fee-notice'], ['fee-paid']]);
  const again = applyEvent(s, { type: 'fee-notice', ...PAYLOAD['fee-notice'] }, 'handler');
  assert.ok(!again.ok);
  assert.equal(again.error.code, 'INVALID_TRANSITION');
});

test('review and lawsuit: filed once, result only when pending, lawsuit after review recorded', () => {
  const decided = run([['decide'], ['deliver']]);
  const noReview = applyEvent(decided, { type: 'review-result', ...PAYLOAD['review-result'] }, 'handler');
  assert.ok(!noReview.ok);
  assert.match(noReview.error.message, /请先登记行政复议/);

  const filed = run([['decide'], ['deliver'], ['review-filed']]);
  assert.equal(filed.review, 'pending');
  const twice = applyEvent(filed, { type: 'review-filed', ...PAYLOAD['review-filed'] }, 'handler');
  assert.ok(!twice.ok);
  assert.match(twice.error.message, /已登记过行政复议/);

  const done = run([['decide'], ['deliver'], ['review-filed'], ['review-result', { on: '2025-12-01', result: 'upheld' }], ['lawsuit-filed']]);
  assert.equal(done.review, 'upheld');
  assert.equal(done.lawsuit, 'pending');
  assert.equal(done.lawsuitAfterReview, true);
  assert.equal(done.status, 'delivered');

  const direct = run([['decide'], ['lawsuit-filed'], ['lawsuit-result', { on: '2026-03-01', result: 'other' }]]);
  assert.equal(direct.lawsuitAfterReview, false);
  assert.equal(direct.lawsuit, 'other');
  assert.equal(direct.status, 'decided');
});

// ---------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------

test('decide sets exactly one outcome code', () => {
  const s = run([['decide', { on: '2025-10-09', outcome: 'deny-4' }]]);
  assert.equal(s.outcome, 'deny-4');
  assert.equal(s.status, 'decided');
});

const DECIDE_REFUSALS: [string, unknown, 'VALIDATION' | 'INVALID_TRANSITION', RegExp][] = [
  ['no outcome', undefined, 'VALIDATION', /请选择办理结果/],
  ['empty outcome', '', 'VALIDATION', /请选择办理结果/],
  ['empty list', [], 'VALIDATION', /请选择办理结果/],
  ['two outcomes as a list', ['grant', 'deny-1'], 'VALIDATION', /只能选择一个办理结果/],
  ['one outcome in a list', ['grant'], 'VALIDATION', /只能选择一个办理结果/],
  ['two outcomes in one string', 'grant,deny-1', 'VALIDATION', /只能选择一个办理结果/],
  ['unknown code', 'deny-9', 'VALIDATION', /不在年度报告规定的办理结果之内/],
  ['a number', 1, 'VALIDATION', /不在年度报告规定的办理结果之内/],
  ['other-1 is recorded via supplement-expired', 'other-1', 'INVALID_TRANSITION', /补正期满未补正/],
  ['other-2 is recorded via fee-expired', 'other-2', 'INVALID_TRANSITION', /逾期未缴费/],
  ['unable-3 without a supplement', 'unable-3', 'INVALID_TRANSITION', /已告知补正并收到补正材料/],
];

for (const [why, outcome, code, re] of DECIDE_REFUSALS) {
  test(`decide refused: ${why}`, () => {
    const s = initialState('in-person');
    const r = applyEvent(s, { type: 'decide', on: '2025-10-09', outcome }, 'handler');
    assert.ok(!r.ok);
    assert.equal(r.error.code, code);
    assert.match(r.error.fields?.outcome ?? '', re);
  });
}

test('unable-3 is allowed once a supplement was received', () => {
  const s = run([['request-supplement'], ['supplement-received'], ['decide', { on: '2025-10-20', outcome: 'unable-3' }]]);
  assert.equal(s.outcome, 'unable-3');
});

test('closing events imply their annual-report row', () => {
  assert.deepEqual(IMPLIED_OUTCOMES, { 'supplement-expired': 'other-1', 'fee-expired': 'other-2', withdraw: 'other-3' });
  assert.equal(run([['request-supplement'], ['supplement-expired']]).outcome, 'other-1');
  assert.equal(run([['fee-notice'], ['fee-expired']]).outcome, 'other-2');
  assert.equal(run([['consultation-started'], ['withdraw']]).outcome, 'other-3');
  assert.equal(run([['withdraw']], 'online').outcome, 'other-3');
});

// ---------------------------------------------------------------------------
// Payload validation
// ---------------------------------------------------------------------------

const PAYLOAD_REFUSALS: [string, EventInput, string, RegExp][] = [
  ['unknown event type', { type: 'approve', on: '2025-10-09' }, 'type', /不认识的办理步骤/],
  ['no event type', { on: '2025-10-09' }, 'type', /请选择办理步骤/],
  ['no date', { type: 'transfer' }, 'on', /请填写日期/],
  ['impossible date', { type: 'transfer', on: '2025-02-29' }, 'on', /YYYY-MM-DD/],
  ['extension of 21 days', { type: 'extend', on: '2025-10-09', days: 21 }, 'days', /1 至 20 个工作日/],
  ['extension of 0 days', { type: 'extend', on: '2025-10-09', days: 0 }, 'days', /1 至 20 个工作日/],
  ['extension of 2.5 days', { type: 'extend', on: '2025-10-09', days: 2.5 }, 'days', /1 至 20 个工作日/],
  ['补正 without a period', { type: 'request-supplement', on: '2025-10-09' }, 'periodDays', /补正期限/],
  ['补正 period 61', { type: 'request-supplement', on: '2025-10-09', periodDays: 61 }, 'periodDays', /1 至 60/],
  ['consultation with nobody', { type: 'consultation-started', on: '2025-10-09', party: 'press' }, 'party', /第三方或其他机关/],
  ['negative fee', { type: 'fee-notice', on: '2025-10-09', amount: -1 }, 'amount', /不小于 0/],
  ['delivery by pigeon', { type: 'deliver', on: '2025-10-09', method: 'pigeon' }, 'method', /送达方式/],
  ['review result 尚未审结', { type: 'review-result', on: '2025-10-09', result: 'pending' }, 'result', /维持、纠正或其他/],
  ['transfer to unit 0', { type: 'transfer', on: '2025-10-09', toUnitId: 0 }, 'toUnitId', /转办单位/],
  ['补正 without what to supplement', { type: 'request-supplement', on: '2025-10-09', periodDays: 10 }, 'items', /需要补正的事项/],
  ['补正 with blank items', { type: 'request-supplement', on: '2025-10-09', periodDays: 10, items: '  ' }, 'items', /需要补正的事项/],
  ['a note of 1,001 characters', { type: 'transfer', on: '2025-10-09', note: '说'.repeat(1001) }, 'note', /1000 个字/],
  ['a note that is not text', { type: 'decide', on: '2025-10-09', outcome: 'grant', note: 5 }, 'note', /应为文字/],
  ['fee basis unknown', { type: 'fee-notice', on: '2025-10-09', basis: 'hours' }, 'basis', /按件计收或按量计收/],
  ['fee by pages without pages', { type: 'fee-notice', on: '2025-10-09', basis: 'pages' }, 'pages', /页数/],
  ['fee by count with pages', { type: 'fee-notice', on: '2025-10-09', basis: 'count', pages: 40 }, 'pages', /按件计收时不填写页数/],
];

test('free text is trimmed and kept on the event: note, items, with, reason', () => {
  const s = parseEvent({ type: 'request-supplement', on: '2025-10-09', periodDays: '5', items: ' 请补充文号 ', note: '\n电话告知\n' });
  assert.ok(s.ok);
  assert.deepEqual(s.value, { type: 'request-supplement', on: '2025-10-09', periodDays: 5, items: '请补充文号', note: '电话告知' });
  const c = parseEvent({ type: 'consultation-started', on: '2025-10-09', party: 'agency', with: '区财政局' });
  assert.ok(c.ok);
  assert.deepEqual(c.value, { type: 'consultation-started', on: '2025-10-09', party: 'agency', with: '区财政局' });
  const e = parseEvent({ type: 'extend', on: '2025-10-09', days: 20, reason: '' });
  assert.ok(e.ok);
  assert.deepEqual(e.value, { type: 'extend', on: '2025-10-09', days: 20 }, 'an empty reason is left out');
  const f = parseEvent({ type: 'fee-notice', on: '2025-10-09' });
  assert.ok(f.ok);
  assert.deepEqual(f.value, { type: 'fee-notice', on: '2025-10-09', basis: 'count' });
});

for (const [why, input, field, re] of PAYLOAD_REFUSALS) {
  test(`payload refused: ${why}`, () => {
    const r = parseEvent(input);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'VALIDATION');
    assert.match(r.error.fields?.[field] ?? '', re);
  });
}

test('payload refusals through applyEvent change nothing (status allowed, payload wrong)', () => {
  const s = initialState('in-person');
  const r = applyEvent(s, { type: 'extend', on: '2025-10-09', days: 30 }, 'office-head');
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'VALIDATION');
  assert.equal(s.extended, false);
});

test('form values arrive as strings: numbers are accepted as text', () => {
  const r = parseEvent({ type: 'extend', on: '2025-10-09', days: '15' });
  assert.ok(r.ok);
  assert.deepEqual(r.value, { type: 'extend', on: '2025-10-09', days: 15 });
  const c = parseEvent({ type: 'consultation-started', on: '2025-10-09' });
  assert.ok(c.ok);
  assert.deepEqual(c.value, { type: 'consultation-started', on: '2025-10-09', party: 'third-party' });
});

// ---------------------------------------------------------------------------
// allowedEvents and replay
// ---------------------------------------------------------------------------

test('allowedEvents: the buttons a role sees', () => {
  const s = initialState('in-person');
  assert.deepEqual(allowedEvents(s, 'handler'), [
    'request-supplement', 'consultation-started', 'fee-notice', 'transfer', 'decide', 'withdraw', 'reasons-requested',
  ]);
  assert.deepEqual(allowedEvents(s, 'office-head'), [
    'request-supplement', 'consultation-started', 'extend', 'fee-notice', 'transfer', 'decide', 'withdraw', 'reasons-requested',
  ]);
  const extended = run([['extend'], ['request-supplement'], ['supplement-received']]);
  assert.deepEqual(allowedEvents(extended, 'office-head'), ['consultation-started', 'fee-notice', 'transfer', 'decide', 'withdraw', 'reasons-requested']);
  assert.deepEqual(allowedEvents(s, 'editor'), []);
  assert.deepEqual(allowedEvents(run([['decide']]), 'handler'), ['deliver', 'review-filed', 'lawsuit-filed', 'correction-requested']);
});

test('replay rebuilds the state from stored events; a bad sequence names the step', () => {
  const events = [
    { type: 'confirm-receipt', on: '2020-09-25' },
    { type: 'consultation-started', on: '2020-10-12', party: 'third-party' },
    { type: 'consultation-ended', on: '2020-10-19' },
    { type: 'extend', on: '2020-10-28', days: 20 },
    { type: 'decide', on: '2020-11-20', outcome: 'partial' },
    { type: 'deliver', on: '2020-11-23', method: 'post' },
  ];
  const r = replay('online', events);
  assert.ok(r.ok);
  assert.equal(r.value.status, 'delivered');
  assert.equal(r.value.outcome, 'partial');
  assert.equal(r.value.extended, true);

  const bad = replay('online', [...events.slice(0, 4), { type: 'extend', on: '2020-11-01', days: 5 }]);
  assert.ok(!bad.ok);
  assert.equal(bad.error.code, 'INVALID_TRANSITION');
  assert.match(bad.error.message, /^第 5 个办理步骤无效：答复期限只能延长一次/);

  const early = replay('online', [{ type: 'decide', on: '2020-09-25', outcome: 'grant' }]);
  assert.ok(!early.ok);
  assert.match(early.error.message, /“待确认收到”状态，不能作出答复/);
});

// ---------------------------------------------------------------------------
// Issue 12 (engineer B): notice delivery, and transfer before / after receipt
// ---------------------------------------------------------------------------

const DELIVERY_REFUSALS: [string, EventInput, string, RegExp][] = [
  ['a notice delivered by pigeon', { type: 'request-supplement', on: '2025-10-09', periodDays: 5, items: '文号', deliveryMethod: 'pigeon' }, 'deliveryMethod', /网上送达、电子邮件、邮寄或当面送达/],
  ['a notice received before it was sent', { type: 'fee-notice', on: '2025-10-09', deliveredOn: '2025-10-08' }, 'deliveredOn', /不能早于发出日期 2025-10-09/],
  ['a notice received on an impossible date', { type: 'request-supplement', on: '2025-10-09', periodDays: 5, items: '文号', deliveredOn: '2025-10-32' }, 'deliveredOn', /YYYY-MM-DD/],
  ['a receipt recorded before it happened', { type: 'notice-delivered', on: '2025-10-09', deliveredOn: '2025-10-10' }, 'deliveredOn', /不能晚于登记日期 2025-10-09/],
  ['a receipt of an unknown notice', { type: 'notice-delivered', on: '2025-10-09', notice: 'decide' }, 'notice', /补正告知书.*收费通知/],
  ['an organ name of 201 characters', { type: 'transfer', on: '2025-10-09', organName: '局'.repeat(201) }, 'organName', /200 个字/],
];

for (const [why, input, field, re] of DELIVERY_REFUSALS) {
  test(`payload refused: ${why}`, () => {
    const r = parseEvent(input);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'VALIDATION');
    assert.match(r.error.fields?.[field] ?? '', re);
  });
}

test('a notice keeps its delivery; notice-delivered defaults the date to the day recorded', () => {
  const s = parseEvent({ type: 'request-supplement', on: '2025-10-09', periodDays: '5', items: '文号', deliveryMethod: 'post', deliveredOn: '2025-10-11' });
  assert.ok(s.ok);
  assert.deepEqual(s.value, { type: 'request-supplement', on: '2025-10-09', periodDays: 5, items: '文号', deliveryMethod: 'post', deliveredOn: '2025-10-11' });
  const d = parseEvent({ type: 'notice-delivered', on: '2025-10-13', deliveredOn: '' });
  assert.ok(d.ok);
  assert.deepEqual(d.value, { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-13' });
});

test('notice-delivered is about the notice the status waits for; a stated other one is refused', () => {
  const fee = { ...initialState('in-person'), status: 'awaiting-fee' as const, feeNoticed: true };
  const r = applyEvent(fee, { type: 'notice-delivered', on: '2025-10-13', deliveredOn: '2025-10-10' }, 'handler');
  assert.ok(r.ok);
  assert.deepEqual(r.value.event, { type: 'notice-delivered', on: '2025-10-13', notice: 'fee-notice', deliveredOn: '2025-10-10' });
  assert.equal(r.value.to, 'awaiting-fee');
  const wrong = applyEvent(fee, { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement' }, 'handler');
  assert.ok(!wrong.ok);
  assert.equal(wrong.error.code, 'VALIDATION');
  assert.match(wrong.error.fields?.notice ?? '', /只能登记收费通知的送达/);
});

test('transfer before receipt moves the request (a unit is required); after receipt it is a referral (Art. 36(五))', () => {
  const waiting = initialState('online');
  const noUnit = applyEvent(waiting, { type: 'transfer', on: '2025-10-09', organName: '区教育局' }, 'handler');
  assert.ok(!noUnit.ok);
  assert.match(noUnit.error.fields?.toUnitId ?? '', /请选择转办单位/);
  const moved = applyEvent(waiting, { type: 'transfer', on: '2025-10-09', toUnitId: 7 }, 'handler');
  assert.ok(moved.ok);
  assert.deepEqual(moved.value.event, { type: 'transfer', on: '2025-10-09', toUnitId: 7, mode: 'move' });
  assert.equal(moved.value.to, 'awaiting-confirmation');

  const received = initialState('in-person');
  const nobody = applyEvent(received, { type: 'transfer', on: '2025-10-09' }, 'handler');
  assert.ok(!nobody.ok);
  assert.match(nobody.error.fields?.organName ?? '', /第三十六条第（五）项/);
  const referred = applyEvent(received, { type: 'transfer', on: '2025-10-09', organName: '宿迁市公安局宿城分局', organContact: '0527-8000000', mode: 'move' }, 'handler');
  assert.ok(referred.ok);
  assert.deepEqual(referred.value.event, { type: 'transfer', on: '2025-10-09', mode: 'refer', organName: '宿迁市公安局宿城分局', organContact: '0527-8000000' });
  assert.equal(referred.value.to, 'in-progress', 'the request stays, to be answered here');
  // Older records: a transfer after receipt without a unit or an organ still replays.
  const legacy = replay('in-person', [{ type: 'transfer', on: '2025-10-09' }, { type: 'decide', on: '2025-10-20', outcome: 'unable-1' }]);
  assert.ok(legacy.ok);
  assert.equal(legacy.value.status, 'decided');
});
