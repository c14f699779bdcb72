/**
 * The statutory clock with real dates from the vendored holiday-cn data (2020–2026). Every
 * expected date was counted by hand against the JSON files; comments show the count
 * ("1" = first working day counted). Make-up working days (调休上班) count; rest days do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadBundledCalendar } from '../../platform/calendar/calendar.ts';
import {
  CHANNELS,
  CHANNEL_LABELS,
  RECEIPT_RULES,
  computeClock,
  defaultNoticeMethod,
  eventDateProblem,
  eventTimingProblem,
  type Channel,
  type ClockEvent,
  type ClockRequest,
} from './clock.ts';

const cal = loadBundledCalendar();

// ---------------------------------------------------------------------------
// Receipt + 20 working days, and the 7-working-day 补正 notice limit
// ---------------------------------------------------------------------------

interface DueRow {
  why: string;
  request: ClockRequest;
  events?: ClockEvent[];
  dueOn: string;
  supplementNoticeDueOn: string;
}

const DUE_ROWS: DueRow[] = [
  {
    why: 'Spring Festival 2020 with its COVID-19 extension (01-24…02-02 off)',
    request: { channel: 'in-person', receivedOn: '2020-01-20' },
    // 01-21 1, 01-22 2, 01-23 3, 01-24…02-02 off, 02-03 4, 02-04 5, 02-05 6, 02-06 7 (notice),
    // 02-07 8, 02-10…14 9–13, 02-17…21 14–18, 02-24 19, 02-25 20
    dueOn: '2020-02-25',
    supplementNoticeDueOn: '2020-02-06',
  },
  {
    why: 'signed for on the last working day before Spring Festival 2020',
    request: { channel: 'post', receivedOn: '2020-01-23' },
    // 02-03…07 1–5, 02-10 6, 02-11 7 (notice), 02-12…14 8–10, 02-17…21 11–15, 02-24…28 16–20
    dueOn: '2020-02-28',
    supplementNoticeDueOn: '2020-02-11',
  },
  {
    why: 'National Day 2020 with make-up days 09-27 and 10-10',
    request: { channel: 'in-person', receivedOn: '2020-09-25' },
    // 09-27 Sun 1, 09-28 2, 09-29 3, 09-30 4, 10-01…08 off, 10-09 5, 10-10 Sat 6, 10-12 7 (notice),
    // 10-13…16 8–11, 10-19…23 12–16, 10-26 17, 10-27 18, 10-28 19, 10-29 20
    dueOn: '2020-10-29',
    supplementNoticeDueOn: '2020-10-12',
  },
  {
    why: 'Spring Festival 2024 (02-10…02-17 off; 02-04 and 02-18 make-up Sundays)',
    request: { channel: 'in-person', receivedOn: '2024-02-02' },
    // 02-04 Sun 1, 02-05…08 2–5, 02-09 6, 02-18 Sun 7 (notice), 02-19…23 8–12,
    // 02-26…03-01 13–17, 03-04 18, 03-05 19, 03-06 20
    dueOn: '2024-03-06',
    supplementNoticeDueOn: '2024-02-18',
  },
  {
    why: 'New Year and Spring Festival 2025 (domain.md §7.3)',
    request: { channel: 'post', receivedOn: '2024-12-31' },
    // 01-01 off, 01-02 1, 01-03 2, 01-06 3, 01-07 4, 01-08 5, 01-09 6, 01-10 7 (notice),
    // 01-13…17 8–12, 01-20…24 13–17, 01-26 Sun 18, 01-27 19, 01-28…02-04 off, 02-05 20
    dueOn: '2025-02-05',
    supplementNoticeDueOn: '2025-01-10',
  },
  {
    why: 'fax confirmed just before Spring Festival 2025 (01-26 Sun, 02-08 Sat count)',
    request: { channel: 'fax', receivedOn: '2025-01-20' },
    // 01-21…24 1–4, 01-26 Sun 5, 01-27 6, 01-28…02-04 off, 02-05 7 (notice), 02-06 8, 02-07 9,
    // 02-08 Sat 10, 02-10…14 11–15, 02-17…21 16–20
    dueOn: '2025-02-21',
    supplementNoticeDueOn: '2025-02-05',
  },
  {
    why: 'online, confirmed on the Friday before National Day 2025; the submitted date is ignored',
    request: { channel: 'online', receivedOn: '2025-09-20' },
    events: [{ type: 'confirm-receipt', on: '2025-09-26' }],
    // §7.3: 09-28 Sun 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5, 10-11 Sat 6, 10-13 7 (notice) … 10-30 20
    dueOn: '2025-10-30',
    supplementNoticeDueOn: '2025-10-13',
  },
  {
    why: 'Spring Festival 2026 (02-15…02-23 off; 02-14 and 02-28 make-up Saturdays)',
    request: { channel: 'in-person', receivedOn: '2026-02-13' },
    // 02-14 Sat 1, 02-24 2, 02-25 3, 02-26 4, 02-27 5, 02-28 Sat 6, 03-02 7 (notice) … 03-19 20
    dueOn: '2026-03-19',
    supplementNoticeDueOn: '2026-03-02',
  },
  {
    why: 'handed in on a Saturday: counting starts on the next working day',
    request: { channel: 'in-person', receivedOn: '2025-03-15' },
    // 03-17…21 1–5, 03-24 6, 03-25 7 (notice) … 04-03 14, 04-04…06 off (清明), 04-07…11 15–19, 04-14 20
    dueOn: '2025-04-14',
    supplementNoticeDueOn: '2025-03-25',
  },
];

for (const row of DUE_ROWS) {
  test(`due ${row.dueOn} — ${row.why}`, () => {
    const c = computeClock(row.request, row.events ?? [], cal, row.dueOn);
    assert.equal(c.dueOn, row.dueOn);
    assert.equal(c.supplementNoticeDueOn, row.supplementNoticeDueOn);
    assert.equal(c.phase, 'running');
    assert.equal(c.provisional, false);
    assert.deepEqual(c.unknownYears, []);
    const receivedOn = row.events?.[0]?.on ?? row.request.receivedOn;
    assert.equal(c.receivedOn, receivedOn);
    assert.equal(c.dueReason, `${receivedOn} 收到申请后 20 个工作日`);
    assert.equal(c.supplementNoticeLate, undefined, 'no notice sent');
  });
}

test('channels and their Art. 31 receipt rules', () => {
  assert.deepEqual([...CHANNELS], ['online', 'in-person', 'post', 'fax']);
  assert.equal(CHANNEL_LABELS['in-person'], '当面提交');
  assert.match(RECEIPT_RULES['in-person'], /提交之日/);
  assert.match(RECEIPT_RULES.post, /签收之日/);
  assert.match(RECEIPT_RULES.online, /双方确认之日/);
  assert.match(RECEIPT_RULES.fax, /双方确认之日/);
});

// ---------------------------------------------------------------------------
// No due date before receipt
// ---------------------------------------------------------------------------

test('an online request without confirmation has no due date', () => {
  for (const receivedOn of [undefined, null, '2025-09-26']) {
    const c = computeClock({ channel: 'online', receivedOn }, [], cal, '2025-10-31');
    assert.equal(c.dueOn, null);
    assert.equal(c.receivedOn, null);
    assert.equal(c.phase, 'not-received');
    assert.equal(c.supplementNoticeDueOn, null);
    assert.equal(c.overdue, false);
    assert.equal(c.dueSoon, false);
    assert.equal(c.daysLeft, null);
    assert.equal(c.provisional, false);
    assert.match(c.dueReason, /尚待工作人员确认收到.*确认前不计算答复期限/);
  }
});

test('a registered channel without a receipt date has no due date either', () => {
  const c = computeClock({ channel: 'post' }, [], cal, '2025-10-31');
  assert.equal(c.dueOn, null);
  assert.equal(c.phase, 'not-received');
  assert.match(c.dueReason, /尚未登记收到申请日期/);
});

test('a fax confirmed by an event uses the confirmation day', () => {
  const c = computeClock({ channel: 'fax' }, [{ type: 'confirm-receipt', on: '2020-09-25' }], cal, '2020-09-28');
  assert.equal(c.receivedOn, '2020-09-25');
  assert.equal(c.dueOn, '2020-10-29');
});

// ---------------------------------------------------------------------------
// 补正: notice limit, restart
// ---------------------------------------------------------------------------

test('a 补正 restarts the clock from the day the supplement is received', () => {
  const request: ClockRequest = { channel: 'in-person', receivedOn: '2025-01-20' };
  const notice: ClockEvent = { type: 'request-supplement', on: '2025-01-24', periodDays: 10 };

  // waiting: no reply due date; the applicant's period is 10 working days after the notice:
  // 01-26 Sun 1, 01-27 2, 01-28…02-04 off, 02-05 3, 02-06 4, 02-07 5, 02-08 Sat 6, 02-10 7,
  // 02-11 8, 02-12 9, 02-13 10
  const waiting = computeClock(request, [notice], cal, '2025-02-10');
  assert.equal(waiting.phase, 'awaiting-supplement');
  assert.equal(waiting.dueOn, null);
  assert.equal(waiting.daysLeft, null);
  assert.equal(waiting.overdue, false);
  assert.equal(waiting.supplementNoticeLate, false);
  assert.equal(waiting.supplementDueOn, '2025-02-13');
  assert.equal(waiting.supplementExpired, false);
  assert.match(waiting.dueReason, /2025-01-24 已告知补正，答复期限自收到补正后的申请之日起重新计算/);
  assert.equal(computeClock(request, [notice], cal, '2025-02-13').supplementExpired, false);
  assert.equal(computeClock(request, [notice], cal, '2025-02-14').supplementExpired, true);

  // received 02-10: 02-11…14 1–4, 02-17…21 5–9, 02-24…28 10–14, 03-03…07 15–19, 03-10 20
  const restarted = computeClock(request, [notice, { type: 'supplement-received', on: '2025-02-10' }], cal, '2025-02-10');
  assert.equal(restarted.phase, 'running');
  assert.equal(restarted.receivedOn, '2025-01-20');
  assert.equal(restarted.periodStartOn, '2025-02-10');
  assert.equal(restarted.dueOn, '2025-03-10');
  assert.equal(restarted.dueReason, '2025-02-10 收到补正后的申请后 20 个工作日');
  assert.equal(restarted.supplementNoticeDueOn, '2025-02-05', 'still counted from the first receipt');
  assert.deepEqual(restarted.warnings, []);
  // the original due date (02-21) no longer applies
  assert.notEqual(restarted.dueOn, computeClock(request, [], cal, '2025-02-10').dueOn);
});

test('a supplement received after its period is noted, and still restarts the clock', () => {
  const c = computeClock(
    { channel: 'in-person', receivedOn: '2025-01-20' },
    [
      { type: 'request-supplement', on: '2025-01-24', periodDays: 10 },
      { type: 'supplement-received', on: '2025-02-14' },
    ],
    cal,
    '2025-02-14',
  );
  // 02-14 + 20: 02-17…21 1–5, 02-24…28 6–10, 03-03…07 11–15, 03-10…14 16–20
  assert.equal(c.dueOn, '2025-03-14');
  assert.match(c.warnings.join('\n'), /补正材料（2025-02-14）在补正期限 2025-02-13 届满后收到/);
});

const NOTICE_ROWS: [on: string, late: boolean][] = [
  ['2025-01-21', false], // 1st working day
  ['2025-02-04', false], // inside Spring Festival 2025: before the limit
  ['2025-02-05', false], // the 7th working day itself
  ['2025-02-06', true], // one day late
  ['2025-02-17', true],
];

for (const [on, late] of NOTICE_ROWS) {
  test(`补正 notice on ${on} after receipt on 2025-01-20 (limit 2025-02-05): ${late ? 'late, flagged' : 'on time'}`, () => {
    const c = computeClock(
      { channel: 'in-person', receivedOn: '2025-01-20' },
      [{ type: 'request-supplement', on, periodDays: 15 }],
      cal,
      on,
    );
    assert.equal(c.supplementNoticeDueOn, '2025-02-05');
    assert.equal(c.supplementNoticeLate, late);
    assert.equal(c.warnings.some((w) => /补正通知.*晚于收到申请后 7 个工作日（应不晚于 2025-02-05/.test(w)), late);
  });
}

// ---------------------------------------------------------------------------
// Consultation pauses and extension
// ---------------------------------------------------------------------------

const R2020: ClockRequest = { channel: 'in-person', receivedOn: '2020-09-25' };
const PAUSE_2020: ClockEvent[] = [
  { type: 'consultation-started', on: '2020-10-12', party: 'third-party' },
  { type: 'consultation-ended', on: '2020-10-19' },
];

test('a third-party consultation pause adds the working days in (P, R]', () => {
  // due 10-29; (10-12, 10-19] = 10-13, 10-14, 10-15, 10-16, 10-19 = 5 → 10-30 1, 11-02 2, 11-03 3,
  // 11-04 4, 11-05 5
  const c = computeClock(R2020, PAUSE_2020, cal, '2020-10-20');
  assert.equal(c.dueOn, '2020-11-05');
  assert.equal(c.pausedDays, 5);
  assert.equal(c.phase, 'running');
  assert.equal(c.dueReason, '2020-09-25 收到申请后 20 个工作日；第三方征求意见暂停 5 个工作日');
  assert.deepEqual(c.warnings, []);
});

test('an inter-agency consultation across National Day 2025 (make-up day before P not counted)', () => {
  // received 2025-09-15 (Mon): 09-16…19 1–4, 09-22…26 5–9, 09-28 Sun 10, 09-29 11, 09-30 12,
  // 10-09 13, 10-10 14, 10-11 Sat 15, 10-13…17 16–20 → due 10-17.
  // pause (09-29, 10-10] = 09-30, 10-09, 10-10 = 3 → 10-20, 10-21, 10-22
  const c = computeClock(
    { channel: 'post', receivedOn: '2025-09-15' },
    [
      { type: 'consultation-started', on: '2025-09-29', party: 'agency' },
      { type: 'consultation-ended', on: '2025-10-10' },
    ],
    cal,
    '2025-10-13',
  );
  assert.equal(c.dueOn, '2025-10-22');
  assert.equal(c.dueReason, '2025-09-15 收到申请后 20 个工作日；征求其他机关意见暂停 3 个工作日');
});

test('an extension of 20 after a pause: N working days after the current due date', () => {
  // 11-05 + 20: 11-06 1, 11-09…13 2–6, 11-16…20 7–11, 11-23…27 12–16, 11-30 17, 12-01 18,
  // 12-02 19, 12-03 20
  const c = computeClock(R2020, [...PAUSE_2020, { type: 'extend', on: '2020-10-28', days: 20 }], cal, '2020-10-28');
  assert.equal(c.dueOn, '2020-12-03');
  assert.equal(c.extendedDays, 20);
  assert.equal(c.pausedDays, 5);
  assert.equal(
    c.dueReason,
    '2020-09-25 收到申请后 20 个工作日；第三方征求意见暂停 5 个工作日；延长答复期限 20 个工作日',
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(c.steps.map((s) => [s.type, s.dueOn]), [
    ['received', '2020-10-29'],
    ['consultation-started', '2020-10-29'],
    ['consultation-ended', '2020-11-05'],
    ['extend', '2020-12-03'],
  ]);
});

test('an extension across Spring Festival 2024', () => {
  // received 2024-01-10: 01-11 1, 01-12 2, 01-15…19 3–7, 01-22…26 8–12, 01-29…02-02 13–17,
  // 02-04 Sun 18, 02-05 19, 02-06 20. Extended by 20: 02-07 1, 02-08 2, 02-09 3, 02-10…17 off,
  // 02-18 Sun 4, 02-19…23 5–9, 02-26…03-01 10–14, 03-04…08 15–19, 03-11 20
  const request: ClockRequest = { channel: 'in-person', receivedOn: '2024-01-10' };
  assert.equal(computeClock(request, [], cal, '2024-01-10').dueOn, '2024-02-06');
  const c = computeClock(request, [{ type: 'extend', on: '2024-02-05', days: 20 }], cal, '2024-02-05');
  assert.equal(c.dueOn, '2024-03-11');
  assert.equal(c.dueReason, '2024-01-10 收到申请后 20 个工作日；延长答复期限 20 个工作日');
});

test('an extension of fewer days, and a second extension is not counted', () => {
  // 2020-10-29 + 10: 10-30 1, 11-02…06 2–6, 11-09…12 7–10
  const once = computeClock(R2020, [{ type: 'extend', on: '2020-10-20', days: 10 }], cal, '2020-10-20');
  assert.equal(once.dueOn, '2020-11-12');
  const twice = computeClock(
    R2020,
    [{ type: 'extend', on: '2020-10-20', days: 10 }, { type: 'extend', on: '2020-11-10', days: 10 }],
    cal,
    '2020-11-10',
  );
  assert.equal(twice.dueOn, '2020-11-12');
  assert.equal(twice.extendedDays, 10);
  assert.match(twice.warnings.join('\n'), /只能延长一次/);
});

test('an extension decided after the due date (older records) is not applied: the original due date judges the answer', () => {
  const events: ClockEvent[] = [{ type: 'extend', on: '2020-10-30', days: 20 }];
  const c = computeClock(R2020, events, cal, '2020-10-30');
  assert.match(c.warnings.join('\n'), /延长答复期限的决定（2020-10-30）晚于答复期限 2020-10-29，未予计入/);
  assert.equal(c.dueOn, '2020-10-29');
  assert.equal(c.extendedDays, 0);
  assert.equal(c.overdue, true, 'the queue still shows it as overdue');
  assert.doesNotMatch(c.dueReason, /延长/);
  const answered = computeClock(R2020, [...events, { type: 'decide', on: '2020-11-20', outcome: 'grant' }], cal, '2020-11-20');
  assert.equal(answered.answeredLate, true);
});

test('an open consultation: due date projected to today, days left frozen', () => {
  // started 10-12; today 10-15: (10-12, 10-15] = 3 → 10-29 + 3 = 10-30, 11-02, 11-03.
  // Days left when it started: (10-12, 10-29] = 10-13…16 (4) + 10-19…23 (5) + 10-26…29 (4) = 13.
  // Third party answers within 15 working days: 10-13…16 1–4, 10-19…23 5–9, 10-26…30 10–14, 11-02 15
  const c = computeClock(R2020, [PAUSE_2020[0]!], cal, '2020-10-15');
  assert.equal(c.phase, 'paused');
  assert.equal(c.dueOn, '2020-11-03');
  assert.equal(c.daysLeft, 13);
  assert.equal(c.overdue, false);
  assert.equal(c.dueSoon, false);
  assert.equal(c.consultationReplyDueOn, '2020-11-02');
  assert.equal(
    c.dueReason,
    '2020-09-25 收到申请后 20 个工作日；第三方征求意见中，自 2020-10-12 起暂停（截至 2020-10-15 已顺延 3 个工作日）',
  );
  // a week later the projection has moved, the frozen count has not
  const later = computeClock(R2020, [PAUSE_2020[0]!], cal, '2020-10-22');
  assert.equal(later.daysLeft, 13);
  assert.equal(later.overdue, false);
});

test('a consultation that starts after the due date does not move it', () => {
  const events: ClockEvent[] = [
    { type: 'consultation-started', on: '2020-10-30', party: 'third-party' },
    { type: 'consultation-ended', on: '2020-11-05' },
  ];
  const c = computeClock(R2020, events, cal, '2020-11-06');
  assert.equal(c.dueOn, '2020-10-29');
  assert.equal(c.overdue, true);
  assert.match(c.warnings.join('\n'), /开始时（2020-10-30）已超过答复期限 2020-10-29/);
  const open = computeClock(R2020, [events[0]!], cal, '2020-11-02');
  assert.equal(open.phase, 'paused');
  assert.equal(open.overdue, true);
  assert.equal(open.dueOn, '2020-10-29');
});

test('a consultation longer than 15 working days is counted but flagged', () => {
  // (09-25, 10-23] = 09-27, 09-28, 09-29, 09-30, 10-09, 10-10, 10-12…16, 10-19…23 = 16
  const c = computeClock(
    { channel: 'in-person', receivedOn: '2020-09-18' },
    [
      { type: 'consultation-started', on: '2020-09-25', party: 'third-party' },
      { type: 'consultation-ended', on: '2020-10-23' },
    ],
    cal,
    '2020-10-23',
  );
  assert.equal(c.pausedDays, 16);
  assert.match(c.warnings.join('\n'), /历时 16 个工作日，超过 15 个工作日/);
});

// ---------------------------------------------------------------------------
// Fee window, transfer, stop events
// ---------------------------------------------------------------------------

test('the fee window does not stop the clock (conservative reading)', () => {
  const request: ClockRequest = { channel: 'in-person', receivedOn: '2025-09-26' };
  const events: ClockEvent[] = [
    { type: 'fee-notice', on: '2025-10-09', amount: 5500 },
    { type: 'fee-paid', on: '2025-10-20' },
  ];
  const c = computeClock(request, events, cal, '2025-10-20');
  assert.equal(c.dueOn, '2025-10-30', 'same as without the fee');
  // payment period: 10-10 1, 10-11 Sat 2, 10-13…17 3–7, 10-20…24 8–12, 10-27…31 13–17,
  // 11-03 18, 11-04 19, 11-05 20
  assert.equal(c.feePaymentDueOn, '2025-11-05');
  assert.equal(c.phase, 'running');
  const waiting = computeClock(request, [events[0]!], cal, '2025-10-31');
  assert.equal(waiting.overdue, true, 'still overdue while the fee is unpaid');
});

test('a transfer keeps the due date', () => {
  const c = computeClock(R2020, [{ type: 'transfer', on: '2020-10-09', toUnitId: 7 }], cal, '2020-10-09');
  assert.equal(c.dueOn, '2020-10-29');
  assert.match(c.steps.at(-1)!.text, /转办其他单位，答复期限不变/);
});

const STOP_ROWS: [ClockEvent, string, string | null][] = [
  [{ type: 'decide', on: '2020-10-29', outcome: 'grant' }, 'decide', '2020-10-29'],
  [{ type: 'withdraw', on: '2020-10-20' }, 'withdraw', '2020-10-29'],
  [{ type: 'fee-expired', on: '2020-10-26' }, 'fee-expired', '2020-10-29'],
];

for (const [event, by, dueOn] of STOP_ROWS) {
  test(`${event.type} stops the clock`, () => {
    const c = computeClock(R2020, [event], cal, '2020-11-30');
    assert.equal(c.phase, 'stopped');
    assert.equal(c.stoppedBy, by);
    assert.equal(c.stoppedOn, event.on);
    assert.equal(c.dueOn, dueOn);
    assert.equal(c.overdue, false);
    assert.equal(c.dueSoon, false);
    assert.equal(c.daysLeft, null);
  });
}

test('supplement-expired closes the request without a reply due date', () => {
  const c = computeClock(
    R2020,
    [
      { type: 'request-supplement', on: '2020-09-28', periodDays: 5 },
      { type: 'supplement-expired', on: '2020-10-13' },
    ],
    cal,
    '2020-10-13',
  );
  assert.equal(c.phase, 'stopped');
  assert.equal(c.stoppedBy, 'supplement-expired');
  assert.equal(c.dueOn, null);
  assert.match(c.dueReason, /视为放弃申请/);
});

test('a reply after the due date is marked late; on the due date it is on time', () => {
  const onTime = computeClock(R2020, [{ type: 'decide', on: '2020-10-29', outcome: 'grant' }], cal, '2020-11-02');
  assert.equal(onTime.answeredOn, '2020-10-29');
  assert.equal(onTime.answeredLate, false);
  const late = computeClock(
    R2020,
    [{ type: 'decide', on: '2020-10-30', outcome: 'deny-4' }, { type: 'deliver', on: '2020-11-02', method: 'post' }],
    cal,
    '2020-11-02',
  );
  assert.equal(late.answeredLate, true);
  assert.equal(late.deliveredOn, '2020-11-02');
  assert.match(late.warnings.join('\n'), /答复日期 2020-10-30 晚于答复期限 2020-10-29/);
});

// ---------------------------------------------------------------------------
// dueSoon / overdue / daysLeft from today
// ---------------------------------------------------------------------------

/** Due 2020-10-29 (Thu). [today, daysLeft, dueSoon, overdue, count] */
const TODAY_ROWS: [string, number, boolean, boolean, string][] = [
  ['2020-09-28', 18, false, false, '09-29, 09-30, 10-09, 10-10, 10-12…16, 10-19…23, 10-26…29'],
  ['2020-10-23', 4, false, false, '10-26, 27, 28, 29'],
  ['2020-10-24', 4, false, false, 'Saturday: still 10-26…29'],
  ['2020-10-26', 3, true, false, '10-27, 28, 29 — within 3 working days'],
  ['2020-10-28', 1, true, false, '10-29'],
  ['2020-10-29', 0, true, false, 'due today'],
  ['2020-10-30', -1, false, true, 'one working day late'],
  ['2020-10-31', -1, false, true, 'Saturday after: (10-29, 10-31] has one working day'],
  ['2020-11-02', -2, false, true, '10-30, 11-02'],
];

for (const [today, daysLeft, dueSoon, overdue, count] of TODAY_ROWS) {
  test(`today ${today}: daysLeft ${daysLeft}, dueSoon ${dueSoon}, overdue ${overdue} (${count})`, () => {
    const c = computeClock(R2020, [], cal, today);
    assert.equal(c.dueOn, '2020-10-29');
    assert.equal(c.daysLeft, daysLeft);
    assert.equal(c.dueSoon, dueSoon);
    assert.equal(c.overdue, overdue);
  });
}

test('overdue across rest days and holidays; a due date on a make-up Sunday', () => {
  // received 2025-08-29 (Fri): 09-01…05 1–5, 09-08…12 6–10, 09-15…19 11–15, 09-22…26 16–20
  const fri: ClockRequest = { channel: 'in-person', receivedOn: '2025-08-29' };
  const sat = computeClock(fri, [], cal, '2025-09-27');
  assert.equal(sat.dueOn, '2025-09-26');
  assert.equal(sat.overdue, true);
  assert.equal(sat.daysLeft, -1, '(09-26, 09-27] has no working day, yet the due date has passed');
  const inHoliday = computeClock(fri, [], cal, '2025-10-03');
  assert.equal(inHoliday.overdue, true);
  assert.equal(inHoliday.daysLeft, -3, '09-28 Sun 调休, 09-29, 09-30');

  // received 2025-09-01 (Mon): 09-02…05 1–4, 09-08…12 5–9, 09-15…19 10–14, 09-22…26 15–19,
  // 09-28 Sun 调休 20 — the due date is a make-up working Sunday
  const mon: ClockRequest = { channel: 'in-person', receivedOn: '2025-09-01' };
  const onSunday = computeClock(mon, [], cal, '2025-09-27');
  assert.equal(onSunday.dueOn, '2025-09-28');
  assert.equal(onSunday.daysLeft, 1);
  assert.equal(onSunday.dueSoon, true);
  const after = computeClock(mon, [], cal, '2025-10-05');
  assert.equal(after.daysLeft, -2, '09-29, 09-30');
});

// ---------------------------------------------------------------------------
// Provisional: a year without a schedule
// ---------------------------------------------------------------------------

test('a due date running into 2027 is provisional, with the reason', () => {
  // 2026-12-10 Thu: 12-11 1, 12-14…18 2–6, 12-21…25 7–11, 12-28…31 12–15, 2027-01-01 Fri 元旦
  // (no 2027 schedule: weekends and the fixed-date holidays only), 01-04…08 16–20
  const c = computeClock({ channel: 'in-person', receivedOn: '2026-12-10' }, [], cal, '2026-12-11');
  assert.equal(c.dueOn, '2027-01-08');
  assert.match(c.steps[0]!.detail ?? '', /已扣除元旦假期/);
  assert.equal(c.provisional, true);
  assert.deepEqual(c.unknownYears, [2027]);
  assert.equal(c.dueReason, '2026-12-10 收到申请后 20 个工作日；2027 年节假日安排尚未录入，暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计（暂定）');
  assert.equal(c.supplementNoticeDueOn, '2026-12-21');

  // recomputed when the year is entered (a made-up 2027 schedule: 01-01…03 off): the same day, now exact
  const with2027 = cal.withSchedule({ year: 2027, offDays: ['2027-01-01', '2027-01-02', '2027-01-03'], workDays: [] });
  const exact = computeClock({ channel: 'in-person', receivedOn: '2026-12-10' }, [], with2027, '2026-12-11');
  assert.equal(exact.dueOn, '2027-01-08');
  assert.equal(exact.provisional, false);
  assert.equal(exact.dueReason, '2026-12-10 收到申请后 20 个工作日');
});

test('an extension that reaches into 2027 makes an exact date provisional', () => {
  // received 2026-11-02 (Mon): 11-03…06 1–4, 11-09…13 5–9, 11-16…20 10–14, 11-23…27 15–19, 11-30 20
  const request: ClockRequest = { channel: 'in-person', receivedOn: '2026-11-02' };
  assert.equal(computeClock(request, [], cal, '2026-11-02').provisional, false);
  // + 20: 12-01…04 1–4, 12-07…11 5–9, 12-14…18 10–14, 12-21…25 15–19, 12-28 20 (late December
  // depends on the 2027 notice: provisional)
  const c = computeClock(request, [{ type: 'extend', on: '2026-11-25', days: 20 }], cal, '2026-11-25');
  assert.equal(c.dueOn, '2026-12-28');
  assert.equal(c.provisional, true);
  assert.deepEqual(c.unknownYears, [2027]);
  assert.match(c.dueReason, /延长答复期限 20 个工作日；2027 年节假日安排尚未录入，暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计（暂定）$/);
});

// ---------------------------------------------------------------------------
// Event dates and bad input
// ---------------------------------------------------------------------------

test('eventDateProblem: a real date, not in the future, not before the last step or receipt', () => {
  const request: ClockRequest = { channel: 'in-person', receivedOn: '2025-09-26' };
  const events = [{ on: '2025-10-09' }];
  assert.equal(eventDateProblem(request, events, '2025-10-10', '2025-10-10'), null);
  assert.equal(eventDateProblem(request, events, '2025-10-09', '2025-10-10'), null, 'same day as the last step');
  assert.match(eventDateProblem(request, events, '2025-10-11', '2025-10-10') ?? '', /不能晚于今天/);
  assert.match(eventDateProblem(request, events, '2025-10-08', '2025-10-10') ?? '', /不能早于上一步骤的日期 2025-10-09/);
  assert.match(eventDateProblem(request, [], '2025-09-25', '2025-10-10') ?? '', /不能早于收到申请日期 2025-09-26/);
  assert.match(eventDateProblem(request, [], '2025-02-30', '2025-10-10') ?? '', /YYYY-MM-DD/);
  assert.match(eventDateProblem(request, [], 20251010, '2025-10-10') ?? '', /YYYY-MM-DD/);
  const online: ClockRequest = { channel: 'online', receivedOn: null };
  assert.equal(eventDateProblem(online, [], '2025-09-20', '2025-10-10'), null);
});

test('invalid dates are refused with a Chinese message', () => {
  assert.throws(() => computeClock(R2020, [], cal, '2020/10/29'), /今天的日期/);
  assert.throws(() => computeClock({ channel: 'in-person', receivedOn: '2020-02-30' }, [], cal, '2020-10-29'), /收到申请日期/);
  assert.throws(() => computeClock(R2020, [{ type: 'transfer', on: 'x' }], cal, '2020-10-29'), /日期“x”无效/);
  assert.throws(() => computeClock({ channel: 'email' as Channel }, [], cal, '2020-10-29'), /申请渠道/);
});

// ---------------------------------------------------------------------------
// Issue 12 (engineer B): the applicant's periods run from the receipt of the notice; steps that
// come too early (视为放弃) or too late (extension) are refused
// ---------------------------------------------------------------------------

const R2025: ClockRequest = { channel: 'in-person', receivedOn: '2025-09-26' };
const SUPP_EMAIL: ClockEvent = { type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '文号', deliveryMethod: 'email' };
const SUPP_POST: ClockEvent = { type: 'request-supplement', on: '2025-09-29', periodDays: 10, items: '文号', deliveryMethod: 'post' };

test('a 补正 notice by e-mail is received the day it is sent: the period counts from then', () => {
  // 09-30 1, 10-01…08 off, 10-09 2, 10-10 3, 10-11 Sat 调休 4, 10-13…17 5–9, 10-20 10
  const c = computeClock(R2025, [SUPP_EMAIL], cal, '2025-10-01');
  assert.equal(c.supplementDueOn, '2025-10-20');
  assert.equal(c.supplementNotice?.basis, 'same-day');
  assert.equal(c.supplementNotice?.deliveredOn, '2025-09-29');
  assert.match(c.supplementNotice?.reason ?? '', /^补正告知书 2025-09-29 以电子邮件发出，以发出之日为申请人收到之日；补正期限自收到之日起 10 个工作日，至 2025-10-20：自 2025-09-29 起第 10 个工作日（已扣除国庆节、中秋节假期；调休上班日 2025-10-11 计入）$/);
  assert.match(c.steps.at(-1)!.text, /补正期限自申请人收到告知书之日起 10 个工作日（至 2025-10-20）/);
  // an older record without a method counts from its date too
  const legacy = computeClock(R2025, [{ type: 'request-supplement', on: '2025-09-29', periodDays: 10 }], cal, '2025-10-01');
  assert.deepEqual([legacy.supplementDueOn, legacy.supplementNotice?.basis], ['2025-10-20', 'unrecorded']);
});

test('a 补正 notice by post has no end date until the day it was signed for is recorded', () => {
  const pending = computeClock(R2025, [SUPP_POST], cal, '2025-10-30');
  assert.equal(pending.supplementDueOn, null);
  assert.equal(pending.supplementExpired, false, 'never expired while the receipt is unknown');
  assert.equal(pending.supplementNotice?.basis, 'pending');
  assert.match(pending.supplementNotice?.reason ?? '', /以邮寄发出，尚未登记申请人签收的日期，补正期限自收到之日起 10 个工作日，暂无法确定截止日期/);
  assert.match(pending.steps.at(-1)!.text, /待登记收到日期/);
  // signed for on Fri 10-10: 10-11 Sat 调休 1, 10-13…17 2–6, 10-20…23 7–10
  const signed = computeClock(R2025, [SUPP_POST, { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-10' }], cal, '2025-10-24');
  assert.equal(signed.supplementDueOn, '2025-10-23');
  assert.equal(signed.supplementExpired, true);
  assert.equal(signed.supplementNotice?.basis, 'recorded');
  assert.match(signed.supplementNotice?.reason ?? '', /补正告知书 2025-09-29 发出，申请人 2025-10-10 收到（邮寄，以签收之日为准）；补正期限自收到之日起 10 个工作日，至 2025-10-23/);
  assert.match(signed.steps.at(-1)!.text, /登记补正告知书送达：申请人 2025-10-10 收到，补正期限至 2025-10-23/);
  // a second record corrects the first (the latest wins)
  const corrected = computeClock(
    R2025,
    [SUPP_POST, { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-10' }, { type: 'notice-delivered', on: '2025-10-14', notice: 'request-supplement', deliveredOn: '2025-10-13' }],
    cal,
    '2025-10-14',
  );
  assert.equal(corrected.supplementDueOn, '2025-10-27'); // 10-14…17 1–4, 10-20…24 5–9, 10-27 10
  // the reply clock is not affected: it restarts from the supplement
  assert.equal(computeClock(R2025, [SUPP_POST, { type: 'supplement-received', on: '2025-10-20' }], cal, '2025-10-20').dueOn, '2025-11-17');
});

test('the fee payment period: 20 working days from the receipt of the notice', () => {
  const notice: ClockEvent = { type: 'fee-notice', on: '2025-10-09', amount: 100, deliveryMethod: 'post' };
  const pending = computeClock(R2025, [notice], cal, '2025-10-10');
  assert.equal(pending.feePaymentDueOn, null);
  assert.equal(pending.dueOn, '2025-10-30', 'the reply clock keeps running');
  // signed for 10-13: 10-14…17 1–4, 10-20…24 5–9, 10-27…31 10–14, 11-03…07 15–19, 11-10 20
  const signed = computeClock(R2025, [notice, { type: 'notice-delivered', on: '2025-10-15', notice: 'fee-notice', deliveredOn: '2025-10-13' }], cal, '2025-10-15');
  assert.equal(signed.feePaymentDueOn, '2025-11-10');
  assert.match(signed.feeNotice?.reason ?? '', /收费通知 2025-10-09 发出，申请人 2025-10-13 收到（邮寄，以签收之日为准）；缴费期限自收到之日起 20 个工作日，至 2025-11-10/);
  const inline = computeClock(R2025, [{ ...notice, deliveryMethod: 'in-person', deliveredOn: '2025-10-09' }], cal, '2025-10-10');
  assert.equal(inline.feePaymentDueOn, '2025-11-05');
});

test('the notice method assumed from how the applicant obtains information', () => {
  assert.deepEqual(['email', 'online', 'post', 'pickup', 'x'].map(defaultNoticeMethod), ['email', 'online', 'post', 'in-person', 'online']);
});

test('supplement-expired is refused until the period has run, with the first possible date', () => {
  const at = (on: string, events: ClockEvent[] = [SUPP_EMAIL]) => eventTimingProblem(R2025, events, { type: 'supplement-expired', on }, cal, on);
  for (const on of ['2025-09-29', '2025-10-13', '2025-10-20']) {
    const p = at(on);
    assert.ok(p, on);
    assert.equal(p.code, 'INVALID_TRANSITION');
    assert.equal(p.earliestOn, '2025-10-21');
    assert.match(p.message, /补正期限自申请人收到补正告知书之日（2025-09-29）起 10 个工作日，至 2025-10-20 届满；期满前不能记录“补正期满未补正（视为放弃）”，2025-10-21 起方可记录/);
    assert.equal(p.fields.on, p.message);
  }
  assert.equal(at('2025-10-21'), null);
  // by post, before the receipt is recorded: refused without a date
  const post = at('2025-12-01', [SUPP_POST]);
  assert.ok(post);
  assert.equal(post.code, 'INVALID_TRANSITION');
  assert.equal(post.earliestOn, undefined);
  assert.match(post.message, /尚未登记申请人收到的日期（以签收之日为准）.*请先登记告知书送达/);
  assert.equal(at('2025-10-24', [SUPP_POST, { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-10' }]), null);
  assert.equal(at('2025-10-23', [SUPP_POST, { type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-10' }])?.earliestOn, '2025-10-24');
});

test('fee-expired is refused until the 20 working days have run', () => {
  const events: ClockEvent[] = [{ type: 'fee-notice', on: '2025-10-09', amount: 100, deliveryMethod: 'email' }];
  const early = eventTimingProblem(R2025, events, { type: 'fee-expired', on: '2025-10-09' }, cal, '2025-10-09');
  assert.equal(early?.code, 'INVALID_TRANSITION');
  assert.equal(early?.earliestOn, '2025-11-06');
  assert.match(early?.message ?? '', /缴费期限自申请人收到收费通知之日（2025-10-09）起 20 个工作日，至 2025-11-05 届满/);
  assert.equal(eventTimingProblem(R2025, events, { type: 'fee-expired', on: '2025-11-05' }, cal, '2025-11-05')?.earliestOn, '2025-11-06');
  assert.equal(eventTimingProblem(R2025, events, { type: 'fee-expired', on: '2025-11-06' }, cal, '2025-11-06'), null);
});

test('an extension is refused once the due date has passed; an open consultation moves the due date first', () => {
  const late = eventTimingProblem(R2020, [], { type: 'extend', on: '2020-10-30', days: 10 }, cal, '2020-10-30');
  assert.equal(late?.code, 'INVALID_TRANSITION');
  assert.match(late?.message ?? '', /答复期限 2020-10-29 已届满，不能在 2020-10-30 延长答复期限.*第三十三条第二款/);
  assert.equal(eventTimingProblem(R2020, [], { type: 'extend', on: '2020-10-29', days: 10 }, cal, '2020-10-29'), null, 'on the due date itself');
  // consultation from 10-20: on 11-02 the due date has moved by (10-20, 11-02] = 9 working days → 11-11
  const open: ClockEvent[] = [{ type: 'consultation-started', on: '2020-10-20', party: 'agency' }];
  assert.equal(eventTimingProblem(R2020, open, { type: 'extend', on: '2020-11-02', days: 5 }, cal, '2020-11-02'), null);
  // the extension is applied, the pause then added: 10-29 + 12 paused + 5 = 11-23, without a warning
  const c = computeClock(R2020, [...open, { type: 'extend', on: '2020-11-02', days: 5 }, { type: 'consultation-ended', on: '2020-11-05' }], cal, '2020-11-05');
  assert.equal(c.dueOn, '2020-11-23');
  assert.deepEqual(c.warnings, []);
  // a consultation that began after the due date leaves nothing to extend
  const afterDue: ClockEvent[] = [{ type: 'consultation-started', on: '2020-10-30', party: 'third-party' }];
  assert.equal(eventTimingProblem(R2020, afterDue, { type: 'extend', on: '2020-11-02', days: 5 }, cal, '2020-11-02')?.code, 'INVALID_TRANSITION');
});

test('a notice receipt: not before the notice, not after the step or today', () => {
  const bad = (event: ClockEvent, events: ClockEvent[] = [SUPP_POST], today = '2025-10-20') => eventTimingProblem(R2025, events, event, cal, today)?.fields;
  assert.match(bad({ type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-09-28' })?.deliveredOn ?? '', /不能早于补正告知书发出日期 2025-09-29/);
  assert.match(bad({ type: 'notice-delivered', on: '2025-10-13', notice: 'request-supplement', deliveredOn: '2025-10-14' })?.deliveredOn ?? '', /不能晚于登记日期 2025-10-13/);
  assert.match(bad({ type: 'notice-delivered', on: '2025-10-13', notice: 'fee-notice', deliveredOn: '2025-10-13' })?.notice ?? '', /此前没有收费通知/);
  assert.match(bad({ ...SUPP_POST, deliveredOn: '2025-10-21' } as ClockEvent, [], '2025-10-20')?.deliveredOn ?? '', /不能晚于今天/);
  assert.equal(bad({ ...SUPP_POST, deliveredOn: '2025-10-20' } as ClockEvent, [], '2025-10-20'), undefined);
});

test('an online request: no step, in particular no confirmation of receipt, before its submission', () => {
  const online: ClockRequest = { channel: 'online', submittedOn: '2025-09-26' };
  assert.match(eventDateProblem(online, [], '2025-09-25', '2025-10-10', 'confirm-receipt') ?? '', /确认收到申请的日期不能早于申请提交之日 2025-09-26.*第三十一条第（三）项/);
  assert.match(eventDateProblem(online, [], '2025-09-25', '2025-10-10', 'withdraw') ?? '', /不能早于申请提交之日 2025-09-26/);
  assert.equal(eventDateProblem(online, [], '2025-09-26', '2025-10-10', 'confirm-receipt'), null, 'the day of submission');
});

test('a transfer after receipt is a referral: the due date stays, the organ is named; before receipt it moves', () => {
  const c = computeClock(R2020, [{ type: 'transfer', on: '2020-10-09', mode: 'refer', organName: '宿迁市自然资源和规划局宿城分局', organContact: '0527-84000000' }], cal, '2020-10-09');
  assert.equal(c.dueOn, '2020-10-29');
  assert.deepEqual(c.referral, { on: '2020-10-09', organName: '宿迁市自然资源和规划局宿城分局', organContact: '0527-84000000', toUnitId: null });
  assert.match(c.steps.at(-1)!.text, /不属于本机关负责公开，本机关将告知申请人向宿迁市自然资源和规划局宿城分局申请（联系方式：0527-84000000）（《政府信息公开条例》第三十六条第（五）项），答复期限不变/);
  const moved = computeClock({ channel: 'online' }, [{ type: 'transfer', on: '2020-10-09', mode: 'move', toUnitId: 7, fromUnitId: 3 }, { type: 'confirm-receipt', on: '2020-10-12' }], cal, '2020-10-12');
  assert.equal(moved.referral, null);
  assert.equal(moved.receivedOn, '2020-10-12');
  assert.match(moved.steps[0]!.text, /转由负责的单位办理，答复期限自该单位确认收到申请之日起计算/);
});
