// The rules of 政民互动, table-driven with real dates on the bundled holiday calendar (2024–2026).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundledCalendar, WorkCalendar } from '../../platform/calendar/calendar.ts';
import { addMonths, isOverdue, isVeto, onTime, publicText, replyDays, replyDeadline, secondFactorMatches, normalizeReceipt, type ClockFacts } from './rules.ts';
import { vetoCutoff } from './repository.ts';
import { parseDate, typeOf } from './import12345.ts';

const cal = loadBundledCalendar();

describe('messages rules', () => {
  it('reply deadline: N working days strictly after the day received, over holidays and make-up days', () => {
    const cases: [from: string, days: number, due: string][] = [
      ['2026-12-07', 5, '2026-12-14'], // Mon → next Mon
      ['2026-12-05', 5, '2026-12-11'], // received on a Saturday: counts from Monday
      ['2024-09-27', 5, '2024-10-10'], // 国庆 2024: 09-29 (Sun) is a make-up working day, 10-01…07 off
      ['2025-01-24', 5, '2025-02-07'], // 春节 2025: 01-28…02-04 off, 01-26 and 02-08 make-up days
      ['2025-09-30', 5, '2025-10-14'], // 国庆+中秋 2025: 10-01…08 off, 10-11 make-up day
      ['2026-02-13', 5, '2026-02-27'], // 春节 2026: 02-15…23 off, 02-14 and 02-28 make-up days
      ['2024-04-30', 10, '2024-05-16'], // 劳动节 2024: 05-01…05 off, 05-11 (Sat) a make-up working day
      ['2026-12-07', 1, '2026-12-08'],
    ];
    for (const [from, days, due] of cases) assert.equal(replyDeadline(cal, from, days).dueOn, due, `${from} + ${days}`);
    assert.equal(replyDeadline(cal, '2026-12-07', 5).provisional, false);
  });

  it('a deadline reaching a year without a holiday schedule is provisional and says so', () => {
    const only2026 = new WorkCalendar(cal.schedules.filter((s) => s.year <= 2026));
    const d = replyDeadline(only2026, '2026-12-30', 5);
    assert.equal(d.provisional, true);
    assert.match(d.reason, /2027/);
    assert.equal(d.dueOn, '2027-01-07'); // 元旦 1 Jan is fixed by date; weekends skipped
  });

  it('reply days per type from the environment (default 5; 1–60; bad values ignored)', () => {
    assert.deepEqual(replyDays({}), { consult: 5, suggest: 5, complaint: 5, opinion: 5 });
    assert.deepEqual(replyDays({ MESSAGE_REPLY_DAYS: '7', MESSAGE_REPLY_DAYS_COMPLAINT: '15' }), { consult: 7, suggest: 7, complaint: 15, opinion: 7 });
    assert.deepEqual(replyDays({ MESSAGE_REPLY_DAYS: '0', MESSAGE_REPLY_DAYS_OPINION: 'x' }), { consult: 5, suggest: 5, complaint: 5, opinion: 5 });
  });

  it('months: clamped at the month end', () => {
    const cases: [string, number, string][] = [
      ['2026-11-30', 3, '2027-02-28'],
      ['2027-11-30', 3, '2028-02-29'],
      ['2026-09-07', 3, '2026-12-07'],
      ['2026-12-07', -3, '2026-09-07'],
      ['2026-05-31', -3, '2026-02-28'],
    ];
    for (const [d, n, want] of cases) assert.equal(addMonths(d, n), want);
  });

  it('overdue, the 3-month single-veto flag and on time, from the dates', () => {
    const f = (status: ClockFacts['status'], receivedOn: string, dueOn: string, repliedOn: string | null = null): ClockFacts => ({ status, receivedOn, dueOn, repliedOn });
    const today = '2026-12-07';
    const cases: [ClockFacts, overdue: boolean, veto: boolean, onTime: boolean | null][] = [
      [f('open', '2026-12-01', '2026-12-08'), false, false, null],
      [f('open', '2026-11-20', '2026-11-27'), true, false, null],
      [f('review', '2026-09-07', '2026-09-14'), true, false, null], // exactly 3 months: not yet
      [f('open', '2026-09-06', '2026-09-11'), true, true, null], // more than 3 months
      [f('replied', '2026-01-05', '2026-01-12', '2026-01-12'), false, false, true],
      [f('replied', '2026-01-05', '2026-01-12', '2026-01-13'), false, false, false],
      [f('merged', '2026-01-05', '2026-01-12'), false, false, null],
    ];
    for (const [m, o, v, t] of cases) {
      assert.equal(isOverdue(m, today), o, JSON.stringify(m));
      assert.equal(isVeto(m, today), v, JSON.stringify(m));
      assert.equal(onTime(m), t, JSON.stringify(m));
    }
  });

  it('the 3-month cutoff counts back calendar months from today, clamped at the month end', () => {
    const cases: [today: string, received: string, flagged: boolean][] = [
      ['2025-05-29', '2025-02-28', false], // 05-29 − 3 months = 02-28 (clamped): exactly 3 months
      ['2025-05-31', '2025-02-27', true],
      ['2026-12-07', '2026-09-07', false],
      ['2026-12-07', '2026-09-06', true],
      ['2027-03-01', '2026-11-30', true],
    ];
    for (const [today, received, flagged] of cases) assert.equal(isVeto({ status: 'open', receivedOn: received, dueOn: received, repliedOn: null }, today), flagged, `${received} ${today}`);
    assert.equal(vetoCutoff('2025-05-31'), '2025-02-28');
  });

  it('masking of what the public sees: phones, ID numbers and e-mails in the text', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['我的电话13912345678，请联系', /139\*{4}5678/, /13912345678/],
      ['身份证号 11010519491231002X 的老人', /\*{4}/, /11010519491231002X/],
      ['邮箱 zhangsan@example.com', /z\*\*\*@example\.com/, /zhangsan@/],
    ];
    for (const [text, shown, hidden] of cases) {
      const out = publicText(text);
      assert.match(out, shown, out);
      assert.doesNotMatch(out, hidden, out);
    }
    assert.equal(publicText('没有个人信息的留言'), '没有个人信息的留言');
  });

  it('receipt and second factor: last 4 of the phone, or the e-mail when no phone', () => {
    assert.equal(normalizeReceipt(' ly20261207-abc234 '), 'LY20261207-ABC234');
    assert.equal(normalizeReceipt('ＬＹ20261207－ABC234'), 'LY20261207-ABC234');
    assert.equal(secondFactorMatches({ phone: '13912345678', email: null }, '5678'), true);
    assert.equal(secondFactorMatches({ phone: '13912345678', email: null }, '1234'), false);
    assert.equal(secondFactorMatches({ phone: '13912345678', email: null }, ''), false);
    assert.equal(secondFactorMatches({ phone: '0527-84356789', email: null }, '6789'), true);
    assert.equal(secondFactorMatches({ phone: null, email: 'A@b.cn' }, 'a@B.cn'), true);
    assert.equal(secondFactorMatches({ phone: null, email: 'a@b.cn' }, '5678'), false);
  });

  it('12345 cells: dates as written or as Excel serials; types as the hotline names them', () => {
    const dates: [string, string | null][] = [
      ['2026-03-05 09:12:00', '2026-03-05'],
      ['2026/3/5', '2026-03-05'],
      ['2026年3月5日', '2026-03-05'],
      ['46086.4', '2026-03-05'],
      ['2026-02-30', null],
      ['明天', null],
    ];
    for (const [v, want] of dates) assert.equal(parseDate(v), want, v);
    assert.equal(typeOf('投诉'), 'complaint');
    assert.equal(typeOf('求助'), 'complaint');
    assert.equal(typeOf('咨询'), 'consult');
    assert.equal(typeOf('建议'), 'suggest');
    assert.equal(typeOf('对决策执行的意见'), 'opinion');
    assert.equal(typeOf('其他乱填'), null);
  });
});
