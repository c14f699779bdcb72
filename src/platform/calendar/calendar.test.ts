/**
 * Table-driven tests of the working-day calendar with real dates from the vendored holiday-cn
 * data (src/platform/calendar/data/2020.json … 2026.json). Every expected date was counted by hand
 * against the JSON; the comment on each row shows the count ("1" = first working day counted).
 * Make-up working days (调休上班, isOffDay=false) count; rest days (isOffDay=true) do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import {
  WorkCalendar,
  fixedHolidayName,
  UnknownYearError,
  loadBundledCalendar,
  loadBundledSchedules,
  holidayCnToSchedule,
  isIsoDate,
  type YearSchedule,
} from './calendar.ts';

const cal = loadBundledCalendar();

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

// ---------------------------------------------------------------------------
// addWorkingDays
// ---------------------------------------------------------------------------

interface AddRow {
  start: string;
  n: number;
  expected: string;
  why: string;
}

const ADD_ROWS: AddRow[] = [
  // --- domain.md §7.3 test vectors -------------------------------------------------------
  {
    start: '2025-09-26', n: 20, expected: '2025-10-30',
    // 09-28 Sun 调休 1, 09-29 2, 09-30 3, 10-01…10-08 off, 10-09 4, 10-10 5, 10-11 Sat 调休 6,
    // 10-13…17 7–11, 10-20…24 12–16, 10-27 17, 10-28 18, 10-29 19, 10-30 Thu 20
    why: '§7.3 reply deadline across National Day + Mid-Autumn 2025',
  },
  {
    start: '2025-09-26', n: 40, expected: '2025-11-27',
    // continuing from 10-30 (20): 10-31 21, 11-03…07 22–26, 11-10…14 27–31, 11-17…21 32–36,
    // 11-24 37, 11-25 38, 11-26 39, 11-27 Thu 40
    why: '§7.3 with a 20-day extension',
  },
  {
    start: '2024-12-31', n: 20, expected: '2025-02-05',
    // 01-01 off (元旦), 01-02 1, 01-03 2, 01-06…10 3–7, 01-13…17 8–12, 01-20…24 13–17,
    // 01-26 Sun 调休 18, 01-27 19, 01-28…02-04 off (春节), 02-05 Wed 20
    why: '§7.3 across New Year 2025 and Spring Festival 2025',
  },
  {
    start: '2025-01-20', n: 7, expected: '2025-02-05',
    // 01-21 1, 01-22 2, 01-23 3, 01-24 4, 01-26 Sun 调休 5, 01-27 6, 01-28…02-04 off, 02-05 7
    why: '§7.3 补正 notice (7 working days)',
  },
  {
    start: '2026-02-13', n: 20, expected: '2026-03-19',
    // 02-14 Sat 调休 1, 02-15…02-23 off (春节, 9 days), 02-24 2, 02-25 3, 02-26 4, 02-27 5,
    // 02-28 Sat 调休 6, 03-02…06 7–11, 03-09…13 12–16, 03-16 17, 03-17 18, 03-18 19, 03-19 Thu 20
    why: '§7.3 across Spring Festival 2026',
  },
  {
    start: '2026-09-18', n: 15, expected: '2026-10-15',
    // 09-20 Sun 调休 1, 09-21…24 2–5, 09-25…27 off (中秋), 09-28 6, 09-29 7, 09-30 8,
    // 10-01…07 off (国庆), 10-08 9, 10-09 10, 10-10 Sat 调休 11, 10-12 12, 10-13 13, 10-14 14, 10-15 15
    why: '§7.3 third-party consultation period (15 working days)',
  },
  // --- Spring Festival 2020 with the COVID-19 extension (01-24…02-02 off; 01-19 调休) ------
  {
    start: '2020-01-17', n: 1, expected: '2020-01-19',
    // 01-18 Sat rest, 01-19 Sun 调休 1
    why: 'Spring Festival 2020: Sunday 01-19 is a make-up working day',
  },
  {
    start: '2020-01-23', n: 1, expected: '2020-02-03',
    // 01-24…02-02 all off (extended by the 2020-01-27 notice; 01-31 Fri is off, 02-01 Sat is
    // no longer a make-up day), 02-03 Mon 1
    why: 'Spring Festival 2020 extension: nothing counts until 02-03',
  },
  {
    start: '2020-01-23', n: 5, expected: '2020-02-07',
    // 02-03 1, 02-04 2, 02-05 3, 02-06 4, 02-07 Fri 5
    why: 'Spring Festival 2020, five working days',
  },
  {
    start: '2020-01-31', n: 1, expected: '2020-02-03',
    // start on the extension day itself: 02-01 Sat, 02-02 Sun off, 02-03 1
    why: 'start inside the 2020 extension',
  },
  // --- National Day + Mid-Autumn 2020 (10-01…10-08 off; 09-27 and 10-10 调休) ---------------
  {
    start: '2020-09-25', n: 5, expected: '2020-10-09',
    // 09-26 Sat rest, 09-27 Sun 调休 1, 09-28 2, 09-29 3, 09-30 4, 10-01…08 off, 10-09 Fri 5
    why: 'National Day 2020: 09-27 counts',
  },
  {
    start: '2020-09-30', n: 3, expected: '2020-10-12',
    // 10-01…08 off, 10-09 Fri 1, 10-10 Sat 调休 2, 10-11 Sun rest, 10-12 Mon 3
    why: 'National Day 2020: 10-10 counts',
  },
  // --- Spring Festival 2024 (02-10…02-17 off; 02-04 and 02-18 调休) ------------------------
  {
    start: '2024-02-02', n: 1, expected: '2024-02-04',
    // 02-03 Sat rest, 02-04 Sun 调休 1
    why: 'Spring Festival 2024: Sunday 02-04 counts',
  },
  {
    start: '2024-02-08', n: 3, expected: '2024-02-19',
    // 02-09 Fri (除夕 was not a statutory day before 2025) 1, 02-10…17 off, 02-18 Sun 调休 2, 02-19 3
    why: 'Spring Festival 2024: 02-18 counts',
  },
  // --- Spring Festival 2025 (01-28…02-04 off; 01-26 and 02-08 调休) ------------------------
  {
    start: '2025-01-24', n: 2, expected: '2025-01-27',
    // 01-25 Sat rest, 01-26 Sun 调休 1, 01-27 Mon 2
    why: 'Spring Festival 2025: 01-26 counts',
  },
  {
    start: '2025-02-07', n: 1, expected: '2025-02-08',
    // 02-08 Sat 调休 1
    why: 'Spring Festival 2025: 02-08 counts',
  },
  {
    start: '2025-01-27', n: 2, expected: '2025-02-06',
    // 01-28…02-04 off (除夕 01-28 is statutory from 2025), 02-05 1, 02-06 2
    why: 'Spring Festival 2025 block',
  },
  // --- Start on a weekend or inside a holiday: the next working day is day 1 ---------------
  {
    start: '2025-03-15', n: 1, expected: '2025-03-17',
    // Sat start: 03-16 Sun rest, 03-17 Mon 1 (same as from Fri 03-14)
    why: 'start on an ordinary Saturday',
  },
  {
    start: '2025-03-15', n: 20, expected: '2025-04-14',
    // 03-17…21 1–5, 03-24…28 6–10, 03-31…04-03 11–14, 04-04…06 off (清明), 04-07…11 15–19, 04-14 20
    why: 'start on a Saturday, across Qingming 2025',
  },
  {
    start: '2025-10-03', n: 1, expected: '2025-10-09',
    // start inside the National Day block: 10-04…08 off, 10-09 Thu 1
    why: 'start inside a holiday block',
  },
  {
    start: '2025-10-03', n: 3, expected: '2025-10-11',
    // 10-09 1, 10-10 2, 10-11 Sat 调休 3
    why: 'start inside a holiday block, ending on a make-up Saturday',
  },
  // --- N = 0 and N = 1 -------------------------------------------------------------------
  { start: '2025-09-26', n: 0, expected: '2025-09-26', why: 'N = 0 leaves the date unchanged' },
  { start: '2025-10-03', n: 0, expected: '2025-10-03', why: 'N = 0 on a holiday: still unchanged' },
  {
    start: '2025-09-26', n: 1, expected: '2025-09-28',
    // 09-27 Sat rest, 09-28 Sun 调休 1
    why: 'N = 1 lands on a make-up Sunday',
  },
  { start: '2025-03-18', n: 1, expected: '2025-03-19', why: 'N = 1 on an ordinary Tuesday' },
  // --- Year boundaries (December dates live in the next year's file) ---------------------
  {
    start: '2021-12-31', n: 1, expected: '2022-01-04',
    // 2022-01-01…03 off (元旦, 2022.json), 01-04 Tue 1
    why: 'New Year 2022',
  },
  {
    start: '2022-12-30', n: 1, expected: '2023-01-03',
    // 2022-12-31 off (listed in 2023.json), 2023-01-01, 01-02 off, 01-03 Tue 1
    why: 'New Year 2023 block starts in 2022',
  },
  {
    start: '2023-09-28', n: 3, expected: '2023-10-09',
    // 09-29…10-06 off, 10-07 Sat 调休 1, 10-08 Sun 调休 2, 10-09 Mon 3
    why: 'Mid-Autumn + National Day 2023 with two make-up days in a row',
  },
];

for (const row of ADD_ROWS) {
  test(`addWorkingDays(${row.start}, ${row.n}) = ${row.expected} — ${row.why}`, () => {
    const r = cal.addWorkingDays(row.start, row.n);
    assert.equal(r.date, row.expected);
    assert.equal(r.provisional, false);
    assert.deepEqual(r.unknownYears, []);
  });
}

test('a start on a weekend or holiday gives the same result as from the last working day before it', () => {
  // "N working days strictly after the start" already makes the next working day day 1.
  const pairs: [string, string][] = [
    ['2025-03-15', '2025-03-14'], // Sat vs Fri
    ['2025-03-16', '2025-03-14'], // Sun vs Fri
    ['2025-10-03', '2025-09-30'], // inside National Day 2025 vs the last working day before it
    ['2025-10-08', '2025-09-30'],
    ['2020-01-27', '2020-01-23'], // inside Spring Festival 2020 (extended)
    ['2024-02-14', '2024-02-09'], // inside Spring Festival 2024
  ];
  for (const [rest, work] of pairs) {
    assert.notEqual(cal.isWorkingDay(rest), true, rest);
    assert.equal(cal.isWorkingDay(work), true, work);
    for (const n of [1, 2, 7, 15, 20]) {
      assert.equal(cal.addWorkingDays(rest, n).date, cal.addWorkingDays(work, n).date, `${rest} +${n}`);
    }
    // …and the first counted day is the next working day
    assert.equal(cal.addWorkingDays(rest, 1).date, cal.nextWorkingDay(rest).date);
  }
});

test('reasons are Chinese and name the holidays and make-up days', () => {
  const r = cal.addWorkingDays('2025-09-26', 20);
  assert.equal(
    r.reason,
    '自 2025-09-26 起第 20 个工作日（已扣除国庆节、中秋节假期；调休上班日 2025-09-28、2025-10-11 计入）',
  );
  assert.deepEqual(r.holidaysSkipped, ['国庆节', '中秋节']);
  assert.deepEqual(r.makeUpDaysCounted, ['2025-09-28', '2025-10-11']);

  const r2 = cal.addWorkingDays('2024-12-31', 20);
  assert.equal(r2.reason, '自 2024-12-31 起第 20 个工作日（已扣除元旦、春节假期；调休上班日 2025-01-26 计入）');

  // 2020-02-03 is listed as a working day but is a Monday: not reported as a make-up day
  const r3 = cal.addWorkingDays('2020-01-23', 1);
  assert.deepEqual(r3.makeUpDaysCounted, []);
  assert.deepEqual(r3.holidaysSkipped, ['春节']);

  assert.equal(cal.addWorkingDays('2025-03-18', 1).reason, '自 2025-03-18 起第 1 个工作日');
  assert.match(cal.addWorkingDays('2025-09-26', 0).reason, /0 个工作日/);
});

// ---------------------------------------------------------------------------
// isWorkingDay / dayInfo
// ---------------------------------------------------------------------------

const DAY_ROWS: [date: string, working: boolean, kind: string, why: string][] = [
  ['2020-01-19', true, 'makeup-workday', 'Sunday 调休 before Spring Festival 2020'],
  ['2020-01-24', false, 'holiday', '除夕 2020 (Fri)'],
  ['2020-01-31', false, 'holiday', 'COVID-19 extension (Fri)'],
  ['2020-02-01', false, 'holiday', 'was a make-up Saturday before the extension'],
  ['2020-02-03', true, 'makeup-workday', 'Monday, listed as work in the dataset (harmless)'],
  ['2020-09-27', true, 'makeup-workday', 'Sunday 调休 for National Day 2020'],
  ['2020-10-08', false, 'holiday', 'National Day + Mid-Autumn 2020, 8th day'],
  ['2020-10-10', true, 'makeup-workday', 'Saturday 调休 for National Day 2020'],
  ['2024-02-04', true, 'makeup-workday', 'Sunday 调休, Spring Festival 2024'],
  ['2024-02-09', true, 'workday', '除夕 2024 was a working day (not listed)'],
  ['2024-02-18', true, 'makeup-workday', 'Sunday 调休, Spring Festival 2024'],
  ['2025-01-26', true, 'makeup-workday', 'Sunday 调休, Spring Festival 2025'],
  ['2025-01-28', false, 'holiday', '除夕 2025, statutory since 2025'],
  ['2025-02-08', true, 'makeup-workday', 'Saturday 调休, Spring Festival 2025'],
  ['2025-10-01', false, 'holiday', 'National Day 2025'],
  ['2025-03-15', false, 'weekend', 'ordinary Saturday'],
  ['2025-03-18', true, 'workday', 'ordinary Tuesday'],
  ['2026-01-04', true, 'makeup-workday', 'Sunday 调休 after New Year 2026'],
  ['2022-12-31', false, 'holiday', 'listed in 2023.json'],
  ['2018-12-29', true, 'makeup-workday', 'Saturday 调休 listed in 2019.json'],
  ['2018-12-31', false, 'holiday', 'Monday off, listed in 2019.json'],
];

for (const [date, working, kind, why] of DAY_ROWS) {
  test(`isWorkingDay(${date}) = ${working} — ${why}`, () => {
    assert.equal(cal.isWorkingDay(date), working);
    const info = cal.dayInfo(date);
    assert.equal(info.kind, kind);
    assert.equal(info.working, working);
    assert.equal(info.provisional, false);
    assert.equal(info.weekday, weekdayOf(date));
  });
}

test('dayInfo carries the holiday name', () => {
  assert.equal(cal.dayInfo('2025-10-01').name, '国庆节、中秋节');
  assert.equal(cal.dayInfo('2025-03-18').name, undefined);
});

// ---------------------------------------------------------------------------
// workingDaysBetween: working days in (P, R] — P excluded, R included
// ---------------------------------------------------------------------------

const BETWEEN_ROWS: [p: string, r: string, days: number, why: string][] = [
  // (09-29, 10-10]: 09-30 Tue 1, 10-01…08 off, 10-09 Thu 2, 10-10 Fri 3. The make-up Sunday 09-28
  // lies before P and 09-29 is P itself, so neither counts.
  ['2025-09-29', '2025-10-10', 3, 'pause across National Day 2025'],
  // (09-26, 10-11]: 09-28 Sun 调休, 09-29, 09-30, 10-09, 10-10, 10-11 Sat 调休 = 6
  ['2025-09-26', '2025-10-11', 6, 'both 2025 make-up days inside'],
  // (01-20, 02-03]: 01-21, 01-22, 01-23, then 01-24…02-02 off, 02-03 = 4
  ['2020-01-20', '2020-02-03', 4, 'Spring Festival 2020 with the extension'],
  // (02-07, 02-18]: 02-08 Thu, 02-09 Fri, 02-10…17 off, 02-18 Sun 调休 = 3
  ['2024-02-07', '2024-02-18', 3, 'Spring Festival 2024, R on a make-up day'],
  // (10-01, 10-07]: all off = 0
  ['2025-10-01', '2025-10-07', 0, 'pause entirely inside a holiday'],
  // (03-17, 03-17] is empty
  ['2025-03-17', '2025-03-17', 0, 'P = R'],
  // (03-14, 03-21]: 03-17…21 = 5 (the weekend does not count)
  ['2025-03-14', '2025-03-21', 5, 'an ordinary week'],
];

for (const [p, r, days, why] of BETWEEN_ROWS) {
  test(`workingDaysBetween(${p}, ${r}) = ${days} — ${why}`, () => {
    assert.equal(cal.workingDaysBetween(p, r), days);
    const c = cal.countWorkingDays(p, r);
    assert.equal(c.days, days);
    assert.equal(c.provisional, false);
  });
}

test('workingDaysBetween refuses R before P', () => {
  assert.throws(() => cal.workingDaysBetween('2025-10-10', '2025-09-29'), RangeError);
});

test('a consultation pause moves the due date by the working days in (P, R]', () => {
  // due 2025-10-30; pause (09-29, 10-10] = 3 working days → 10-31 Fri 1, 11-03 2, 11-04 3
  const r = cal.shiftDueForPause('2025-10-30', '2025-09-29', '2025-10-10');
  assert.equal(r.date, '2025-11-04');
  assert.equal(r.provisional, false);
  assert.match(r.reason, /3 个工作日不计入期限，到期日由 2025-10-30 顺延至 2025-11-04/);
  assert.equal(r.date, cal.addWorkingDays('2025-10-30', cal.workingDaysBetween('2025-09-29', '2025-10-10')).date);
});

test('extendDue = addWorkingDays(due, n)', () => {
  // §7.3: 2025-09-26 + 20 = 10-30; extended by 20 → 11-27 (= 2025-09-26 + 40)
  const r = cal.extendDue('2025-10-30', 20);
  assert.equal(r.date, '2025-11-27');
  assert.equal(r.date, cal.addWorkingDays('2025-10-30', 20).date);
  assert.equal(r.reason, '自原到期日 2025-10-30 起延长 20 个工作日');
});

test('nextWorkingDay', () => {
  assert.equal(cal.nextWorkingDay('2025-09-30').date, '2025-10-09');
  assert.equal(cal.nextWorkingDay('2025-09-27').date, '2025-09-28'); // Sat → make-up Sunday
  assert.equal(cal.nextWorkingDay('2020-01-23').date, '2020-02-03');
  assert.equal(cal.nextWorkingDay('2025-03-18').date, '2025-03-19');
});

// ---------------------------------------------------------------------------
// Unknown years: provisional, never silent
// ---------------------------------------------------------------------------

test('known years: 2007–2026 known, 2027 (no days yet) and 2006 unknown', () => {
  for (let y = 2007; y <= 2026; y++) assert.equal(cal.isKnownYear(y), true, String(y));
  assert.equal(cal.isKnownYear(2027), false);
  assert.equal(cal.isKnownYear(2006), false);
  assert.deepEqual(cal.knownYears(), Array.from({ length: 20 }, (_, i) => 2007 + i));
});

test('a due date running into 2027 is provisional, on weekends and the fixed-date holidays, with a Chinese reason', () => {
  // 2026-12-10 Thu + 20: 12-11 1, 12-14…18 2–6, 12-21…25 7–11, 12-28…31 12–15,
  // 2027-01-01 Fri 元旦 (fixed by 《全国年节及纪念日放假办法》 even without the 2027 notice),
  // 01-04…08 16–20
  const r = cal.addWorkingDays('2026-12-10', 20);
  assert.equal(r.date, '2027-01-08');
  assert.equal(r.provisional, true);
  assert.deepEqual(r.unknownYears, [2027]);
  assert.deepEqual(r.holidaysSkipped, ['元旦']);
  assert.match(r.reason, /^自 2026-12-10 起第 20 个工作日（已扣除元旦假期）；2027 年节假日安排尚未录入，暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计（暂定）$/);
  assert.equal(cal.isWorkingDay('2027-01-01'), 'unknown-year');
  const info = cal.dayInfo('2027-01-01');
  assert.equal(info.working, false); // the fallback answer, flagged
  assert.equal(info.kind, 'holiday');
  assert.equal(info.name, '元旦');
  assert.equal(info.provisional, true);
  assert.deepEqual(info.unknownYears, [2027]);
  const plainDay = cal.dayInfo('2027-02-08'); // a Monday, perhaps in 春节 (lunar, unknown): a working day, provisional
  assert.deepEqual([plainDay.working, plainDay.kind, plainDay.provisional], [true, 'workday', true]);
});

test('unknown years skip 劳动节 1–2 May and 国庆节 1–3 Oct; the lunar holidays and 调休 stay unknown', () => {
  // 2028 (no schedule): 04-28 Fri; 05-01 Mon and 05-02 Tue are 劳动节 → the next working day is 05-03.
  const may = cal.addWorkingDays('2028-04-28', 1);
  assert.deepEqual([may.date, may.provisional, may.unknownYears, may.holidaysSkipped], ['2028-05-03', true, [2028], ['劳动节']]);
  // 09-29 Fri; 09-30 Sat, 10-01 Sun, 10-02 Mon, 10-03 Tue rest → 10-04, 10-05 (2 working days).
  const oct = cal.addWorkingDays('2028-09-29', 2);
  assert.deepEqual([oct.date, oct.holidaysSkipped], ['2028-10-05', ['国庆节']]);
  assert.match(oct.reason, /已扣除国庆节假期.*2028 年节假日安排尚未录入.*（暂定）$/);
  // (10-01, 10-08] in 2028 counts 10-04…06 only.
  assert.equal(cal.countWorkingDays('2028-10-01', '2028-10-08').days, 3);
  // Which law applies by year: 劳动节 is 2 days from 2025, 1 day 2008–2024, 3 days before 2008.
  assert.equal(fixedHolidayName('2028-05-02'), '劳动节');
  assert.equal(fixedHolidayName('2024-05-02'), null);
  assert.equal(fixedHolidayName('2024-05-01'), '劳动节');
  assert.equal(fixedHolidayName('2006-05-03'), '劳动节');
  assert.equal(fixedHolidayName('2030-10-03'), '国庆节');
  assert.equal(fixedHolidayName('2030-10-04'), null);
  assert.equal(fixedHolidayName('2030-01-01'), '元旦');
  assert.equal(fixedHolidayName('2030-02-03'), null, '春节 is lunar: unknown, never guessed');
  // A known year is never touched by the fallback: 2026-05-02…05 follow the notice.
  assert.equal(cal.dayInfo('2026-05-05').working, false);
  assert.equal(cal.dayInfo('2026-10-08').working, true);
});

test('late December of the last known year depends on next year (year-end look-ahead)', () => {
  // 2026-12-01 Tue + 20: 12-02…04 1–3, 12-07…11 4–8, 12-14…18 9–13, 12-21…25 14–18, 12-28 19,
  // 12-29 20. The 2027 notice may still move 12-25…12-31 (cf. 2018-12-29/31, 2022-12-31).
  const r = cal.addWorkingDays('2026-12-01', 20);
  assert.equal(r.date, '2026-12-29');
  assert.equal(r.provisional, true);
  assert.deepEqual(r.unknownYears, [2027]);
  assert.match(r.reason, /2027 年节假日安排尚未录入（可能调整 2026 年末的工作日），暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计（暂定）/);
  assert.equal(cal.isWorkingDay('2026-12-29'), 'unknown-year');

  // 2026-11-20 Fri + 20 ends 12-18 (11-23…27, 11-30…12-04, 12-07…11, 12-14…18): exact
  const early = cal.addWorkingDays('2026-11-20', 20);
  assert.equal(early.date, '2026-12-18');
  assert.equal(early.provisional, false);

  // with the look-ahead disabled, the same computation is exact
  const plain = new WorkCalendar(loadBundledSchedules(), { yearEndLookaheadDays: 0 });
  const r0 = plain.addWorkingDays('2026-12-01', 20);
  assert.equal(r0.date, '2026-12-29');
  assert.equal(r0.provisional, false);
});

test('pauses and counts touching 2027 are provisional; workingDaysBetween throws instead of guessing', () => {
  const c = cal.countWorkingDays('2026-12-20', '2027-01-10');
  assert.equal(c.provisional, true);
  assert.deepEqual(c.unknownYears, [2027]);
  assert.throws(() => cal.workingDaysBetween('2026-12-20', '2027-01-10'), (e: unknown) => {
    assert.ok(e instanceof UnknownYearError);
    assert.deepEqual(e.years, [2027]);
    assert.match(e.message, /2027 年节假日安排尚未录入/);
    return true;
  });
  const s = cal.shiftDueForPause('2026-12-31', '2026-12-20', '2026-12-22');
  assert.equal(s.provisional, true);
  assert.match(s.reason, /暂定/);
});

test('entering the 2027 schedule makes the computation exact again', () => {
  // A made-up 2027 schedule (NOT the real one): New Year 2027-01-01 (Fri) … 01-03 off.
  const with2027 = cal.withSchedule({ year: 2027, offDays: ['2027-01-01', '2027-01-02', '2027-01-03'], workDays: [] });
  const r = with2027.addWorkingDays('2026-12-10', 20);
  assert.equal(r.provisional, false);
  assert.equal(r.date, '2027-01-08'); // the same day as the provisional result (元旦 was already skipped), now exact
  assert.equal(cal.isKnownYear(2027), false); // the original calendar is unchanged
});

test('dates before the data (2006) are provisional too', () => {
  const r = cal.addWorkingDays('2006-06-01', 1);
  assert.equal(r.provisional, true);
  assert.deepEqual(r.unknownYears, [2006]);
});

// ---------------------------------------------------------------------------
// Data sanity 2020–2026
// ---------------------------------------------------------------------------

test('each year 2020–2026 loads with its holiday blocks and make-up days', () => {
  const schedules = new Map(cal.schedules.map((s) => [s.year, s]));
  // Weekday rest days minus weekend make-up days = statutory holiday days of the year:
  // 11 before 2025, 13 from 2025 (4 days for 春节, 2 for 劳动节); 2020 has 11 + 2 from the
  // COVID-19 extension (Fri 01-31 off, and Sat 02-01 no longer a make-up day).
  const expectedNet: Record<number, number> = { 2020: 13, 2021: 11, 2022: 11, 2023: 11, 2024: 11, 2025: 13, 2026: 13 };
  for (let year = 2020; year <= 2026; year++) {
    const s = schedules.get(year);
    assert.ok(s, `${year} loaded`);
    assert.ok(s.offDays.length >= 7, `${year}: ${s.offDays.length} off days`);
    assert.ok(s.workDays.length >= 5, `${year}: ${s.workDays.length} make-up days`);
    assert.ok(s.source?.includes('gov.cn'), `${year} cites the gov.cn notice`);
    const weekdayOff = s.offDays.filter((d) => ![0, 6].includes(weekdayOf(d))).length;
    const weekendWork = s.workDays.filter((d) => [0, 6].includes(weekdayOf(d))).length;
    assert.equal(weekdayOff - weekendWork, expectedNet[year], `${year} net statutory days`);
    // Fixed-date statutory holidays are always rest days
    for (const md of ['01-01', '05-01', '10-01', '10-02', '10-03']) {
      assert.equal(cal.isWorkingDay(`${year}-${md}`), false, `${year}-${md}`);
    }
    // Every listed make-up working day is a working day, every listed rest day is not
    for (const d of s.workDays) assert.equal(cal.isWorkingDay(d), true, d);
    for (const d of s.offDays) assert.equal(cal.isWorkingDay(d), false, d);
  }
  assert.deepEqual(cal.conflicts, []);
});

test('the vendored files are the holiday-cn files, merged across years', () => {
  const files = loadBundledSchedules();
  assert.equal(files.length, 21); // 2007…2027
  const y2027 = files.find((s) => s.year === 2027);
  assert.deepEqual(y2027 && [y2027.offDays, y2027.workDays], [[], []]);
  // 2023.json carries 2022-12-31; the merged calendar knows it
  const y2023 = files.find((s) => s.year === 2023);
  assert.ok(y2023?.offDays.includes('2022-12-31'));
  const raw = JSON.parse(readFileSync(new URL('./data/2025.json', import.meta.url), 'utf8'));
  assert.deepEqual(holidayCnToSchedule(raw), files.find((s) => s.year === 2025));
});

// ---------------------------------------------------------------------------
// Construction and validation
// ---------------------------------------------------------------------------

test('fromHolidayCn: file order does not matter; later notice wins a conflict', () => {
  const a = { year: 2030, papers: ['x'], days: [{ name: '元旦', date: '2030-01-01', isOffDay: true }] };
  const b = { year: 2031, papers: [], days: [{ name: '元旦', date: '2030-12-31', isOffDay: true }] };
  const c = { year: 2030, papers: [], days: [{ name: '元旦', date: '2030-12-31', isOffDay: false }] };
  const one = WorkCalendar.fromHolidayCn([b, a, c]);
  const two = WorkCalendar.fromHolidayCn([c, a, b]);
  for (const k of [one, two]) {
    assert.equal(k.isWorkingDay('2030-01-01'), false);
    assert.equal(k.dayInfo('2030-12-31').working, false); // 2031's notice overrides 2030's
    assert.deepEqual(k.conflicts, [{ date: '2030-12-31', years: [2030, 2031] }]);
  }
});

test('schedules from a table: names optional, same-year rows merged', () => {
  const rows: YearSchedule[] = [
    { year: 2030, offDays: ['2030-10-01'], workDays: [] },
    { year: 2030, offDays: ['2030-10-02'], workDays: ['2030-09-29'], source: 'manual' },
  ];
  const k = new WorkCalendar(rows);
  assert.deepEqual(k.schedules, [
    { year: 2030, offDays: ['2030-10-01', '2030-10-02'], workDays: ['2030-09-29'], source: 'manual' },
  ]);
  // 2030-09-30 Mon + 1: 10-01 Tue, 10-02 Wed off → 10-03 Thu; unnamed holidays are reported generically
  const r = k.addWorkingDays('2030-09-30', 1);
  assert.equal(r.date, '2030-10-03');
  assert.match(r.reason, /已扣除法定节假日假期/);
});

test('invalid input is refused with a clear message', () => {
  assert.throws(() => cal.addWorkingDays('2025-02-30', 1), /无效/);
  assert.throws(() => cal.addWorkingDays('2025/01/01', 1), RangeError);
  assert.throws(() => cal.addWorkingDays('2025-01-01', -1), RangeError);
  assert.throws(() => cal.addWorkingDays('2025-01-01', 1.5), RangeError);
  assert.throws(() => cal.addWorkingDays('2025-01-01', Number.NaN), RangeError);
  assert.throws(() => new WorkCalendar([{ year: 2030, offDays: ['2030-01-01'], workDays: ['2030-01-01'] }]), RangeError);
  assert.throws(() => new WorkCalendar([{ year: 2030, offDays: ['2030-13-01'], workDays: [] }]), RangeError);
  assert.throws(() => WorkCalendar.fromHolidayCn([{ year: 2030 }]), TypeError);
  assert.equal(isIsoDate('2024-02-29'), true);
  assert.equal(isIsoDate('2025-02-29'), false);
});

test('arithmetic does not depend on the host time zone', () => {
  // All day arithmetic is on UTC day numbers; re-running under another TZ must agree.
  const before = process.env.TZ;
  try {
    process.env.TZ = 'America/Los_Angeles';
    assert.equal(cal.addWorkingDays('2025-09-26', 20).date, '2025-10-30');
    assert.equal(cal.dayInfo('2025-03-15').kind, 'weekend');
    process.env.TZ = 'Pacific/Kiritimati';
    assert.equal(cal.addWorkingDays('2024-12-31', 20).date, '2025-02-05');
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});
