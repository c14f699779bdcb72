// The working-day calendar in the database: seeding from the bundled holiday-cn data, reading it
// back (same answers as the bundled calendar), entering a year (provisional → final, audited),
// refusing bad input without changing anything, and the admin alert (missingYears).
// Runs on SQLite and, with GONGKAI_TEST_DB=postgres, on PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cachesCold, withWarmCaches } from '../cache.ts';
import { buildTestApp, makeUser, type TestApp } from '../../../test/helpers.ts';
import { countOf } from '../db/index.ts';
import { systemActor, type Actor } from '../access/roles.ts';
import { loadBundledCalendar, loadBundledSchedules } from './calendar.ts';
import {
  checkYearInput,
  formatDayLines,
  getCalendarYear,
  invalidateCalendar,
  listCalendarYears,
  loadCalendar,
  missingYearMessage,
  missingYears,
  parseDayLines,
  saveYear,
  seedCalendar,
  type SaveYearInput,
} from './calendar.repository.ts';

let t: TestApp;
let admin: Actor;
let editor: Actor;

before(async () => {
  t = await buildTestApp();
  admin = await makeUser(t, 'cal-admin', 'admin', 'sucheng');
  editor = await makeUser(t, 'cal-editor', 'editor', 'zfb');
});
after(async () => {
  await t.close();
});

const bundled = loadBundledCalendar();

/** A made-up 2027 schedule (NOT the real one — the 2027 notice is not in the bundled data). */
const MADE_UP_2027 = {
  year: 2027,
  offDays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  workDays: ['2027-02-13'],
  names: { '2027-01-01': '元旦', '2027-02-05': '春节', '2027-02-13': '春节' },
  source: '测试用：国务院办公厅关于2027年部分节假日安排的通知（虚构）',
};

async function snapshot() {
  const years = await t.db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  const days = await t.db.selectFrom('calendar_days').selectAll().orderBy('date').execute();
  const audits = await countOf(t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')));
  return { years, days, audits };
}

describe('seeding', () => {
  it('loads the bundled years 2007–2026 with every day; 2027 (no days yet) stays unentered', async () => {
    const years = await t.db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
    assert.deepEqual(
      years.map((y) => y.year),
      Array.from({ length: 20 }, (_, i) => 2007 + i),
    );
    assert.ok(years.every((y) => y.entered_by === null && /^https?:\/\/www\.gov\.cn\//.test(y.source)));
    const expected = loadBundledSchedules().reduce((n, s) => n + s.offDays.length + s.workDays.length, 0);
    assert.equal(await countOf(t.db.selectFrom('calendar_days').select((eb) => eb.fn.countAll().as('n'))), expected);
    // a notice's late-December dates belong to the notice's year (2023 lists 2022-12-31)
    const d = await t.db.selectFrom('calendar_days').selectAll().where('date', '=', '2022-12-31').executeTakeFirstOrThrow();
    assert.deepEqual({ kind: d.kind, year: d.year, name: d.name }, { kind: 'off', year: 2023, name: '元旦' });
    const oct = await t.db.selectFrom('calendar_days').selectAll().where('date', '=', '2025-10-11').executeTakeFirstOrThrow();
    assert.deepEqual({ kind: oct.kind, year: oct.year, name: oct.name }, { kind: 'work', year: 2025, name: '国庆节、中秋节' });
    const seedAudit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.seed').execute();
    assert.equal(seedAudit.length, 1);
    assert.equal(JSON.parse(seedAudit[0].after_json!).years.length, 20);
  });

  it('is idempotent: a second run inserts nothing', async () => {
    const before = await snapshot();
    assert.deepEqual(await seedCalendar(t.db), []);
    assert.deepEqual(await snapshot(), before);
  });

  it('lists the years newest first with their counts', async () => {
    const list = await listCalendarYears(t.db);
    assert.equal(list.length, 20);
    assert.equal(list[0].year, 2026);
    const y2025 = list.find((y) => y.year === 2025)!;
    assert.deepEqual({ off: y2025.offDays, work: y2025.workDays, by: y2025.enteredBy }, { off: 28, work: 5, by: null });
  });
});

describe('loadCalendar', () => {
  const VECTORS: [string, number, string][] = [
    // domain.md §7.3
    ['2025-09-26', 20, '2025-10-30'],
    ['2025-09-26', 40, '2025-11-27'],
    ['2024-12-31', 20, '2025-02-05'],
    ['2025-01-20', 7, '2025-02-05'],
    ['2026-02-13', 20, '2026-03-19'],
    ['2026-09-18', 15, '2026-10-15'],
    // Spring Festival 2020 and its extension; National Day 2020 (09-27, 10-10 count)
    ['2020-01-23', 1, '2020-02-03'],
    ['2020-09-25', 5, '2020-10-09'],
    ['2020-09-30', 3, '2020-10-12'],
    // a notice's late-December date (2022-12-31, listed by 2023)
    ['2022-12-29', 2, '2023-01-03'],
  ];

  it('gives the same answers as the bundled calendar (§7.3 vectors and more)', async () => {
    const cal = await loadCalendar(t.db);
    for (const [start, n, expected] of VECTORS) {
      const r = cal.addWorkingDays(start, n);
      assert.equal(r.date, expected, `${start} + ${n}`);
      assert.equal(r.provisional, false, `${start} + ${n}`);
      assert.equal(r.reason, bundled.addWorkingDays(start, n).reason);
    }
    assert.deepEqual(cal.knownYears(), bundled.knownYears());
  });

  it('agrees with the bundled calendar on every day 2007–2027', async () => {
    const cal = await loadCalendar(t.db);
    for (let d = Date.UTC(2007, 0, 1); d <= Date.UTC(2027, 11, 31); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      assert.deepEqual(cal.dayInfo(date), bundled.dayInfo(date), date);
    }
  });

  it('is cached per database and rebuilt after invalidateCalendar', async () =>
    withWarmCaches(async () => {
      const a = await loadCalendar(t.db);
      assert.equal(await loadCalendar(t.db), a);
      invalidateCalendar(t.db);
      const b = await loadCalendar(t.db);
      assert.notEqual(b, a);
      assert.deepEqual(b.schedules, a.schedules);
    }));

  it('misses every time with cold caches (GONGKAI_COLD_CACHES=1), as after 30 s of quiet', async () => {
    const a = await loadCalendar(t.db);
    const b = await loadCalendar(t.db);
    if (cachesCold()) assert.notEqual(b, a, 'read again');
    else assert.equal(b, a, 'cached');
    assert.deepEqual(b.schedules, a.schedules);
  });
});

describe('missingYears', () => {
  it('asks for the current year when absent, and for next year from November on', async () => {
    assert.deepEqual(await missingYears(t.db, '2026-06-01'), []);
    assert.deepEqual(await missingYears(t.db, '2026-10-31'), []);
    assert.deepEqual(await missingYears(t.db, '2026-11-01'), [2027]);
    assert.deepEqual(await missingYears(t.db, '2026-12-31'), [2027]);
    assert.deepEqual(await missingYears(t.db, '2027-03-01'), [2027]);
    assert.deepEqual(await missingYears(t.db, '2027-11-15'), [2027, 2028]);
    assert.deepEqual(await missingYears(t.db, '2025-11-15'), []);
    assert.deepEqual(await missingYears(t.db, '2006-05-01'), [2006]);
    await assert.rejects(missingYears(t.db, '2026-13-01'), RangeError);
    assert.equal(missingYearMessage(2027), '2027 年节假日安排尚未录入：涉及 2027 年的期限将暂按周末和元旦、劳动节、国庆节计算（春节等农历节日和调休未计）并标注“暂定”，请在国务院办公厅公布通知后录入');
  });
});

describe('checkYearInput and parseDayLines', () => {
  const base: SaveYearInput = { year: 2027, offDays: ['2027-01-01'], workDays: [], source: '通知' };
  const fields = (over: Partial<SaveYearInput>) => checkYearInput({ ...base, ...over }).fields;

  it('accepts the year and 7 days around it, and normalises', () => {
    const r = checkYearInput({ ...base, offDays: ['2027-01-01', '2026-12-25', '2027-01-01', '2028-01-07'], workDays: ['2027-02-13'], names: { '2027-01-01': ' 元旦 ', '2099-01-01': 'x' }, source: '  国办通知  ' });
    assert.deepEqual(r.fields, {});
    assert.deepEqual(r.schedule, { year: 2027, offDays: ['2026-12-25', '2027-01-01', '2028-01-07'], workDays: ['2027-02-13'], names: { '2027-01-01': '元旦' }, source: '国办通知' });
  });

  it('refuses bad years, dates, overlaps, weekends-only, empty lists and a missing source', () => {
    assert.match(fields({ year: 1800 }).year, /年份应为 1990 至 2100/);
    assert.match(fields({ year: '20x7' }).year, /年份/);
    assert.match(fields({ offDays: ['2027-02-30'] }).offDays, /“2027-02-30”不是有效日期/);
    assert.match(fields({ offDays: ['2026-12-24', '2027-01-01'] }).offDays, /2026-12-24 不属于 2027 年（只能填写 2026-12-25 至 2028-01-07 之间的日期）/);
    assert.match(fields({ offDays: ['2027-01-01', '2028-01-08'] }).offDays, /2028-01-08 不属于 2027 年/);
    assert.match(fields({ offDays: ['2027-01-01'], workDays: ['2027-01-01'] }).workDays, /2027-01-01 同时列为休息日和调休上班日/);
    assert.match(fields({ offDays: ['2027-01-02', '2027-01-03'] }).offDays, /都是周六或周日/);
    assert.match(fields({ offDays: [] }).offDays, /请至少填写一个休息日/);
    assert.match(fields({ offDays: 'x' }).offDays, /应为日期列表/);
    assert.match(fields({ source: '   ' }).source, /请填写依据/);
    assert.match(fields({ names: { '2027-01-01': '长'.repeat(41) } }).offDays, /名称不能超过 40 个字/);
    const many = fields({ offDays: ['a', 'b', 'c', 'd', 'e'] }).offDays;
    assert.match(many, /另有 2 处问题$/);
  });

  it('parses "YYYY-MM-DD 名称" lines with their numbers in messages', () => {
    assert.deepEqual(parseDayLines('2027-01-01 元旦\r\n\n# 注释\n2027/2/5　春节\n2027年2月6日 春节\n2027-02-07\n'), {
      dates: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07'],
      names: { '2027-01-01': '元旦', '2027-02-05': '春节', '2027-02-06': '春节' },
    });
    const bad = parseDayLines('2027-01-01 元旦\n2027-02-30 春节\n2027-01-01\n元旦');
    assert.equal(bad.error, '第 2 行“2027-02-30 春节”不是有效日期，应为“YYYY-MM-DD 名称”；第 3 行的 2027-01-01 与第 1 行重复；第 4 行“元旦”不是有效日期，应为“YYYY-MM-DD 名称”');
    assert.deepEqual(parseDayLines(''), { dates: [], names: {} });
    assert.equal(formatDayLines(['2027-01-01', '2027-01-02'], { '2027-01-01': '元旦' }), '2027-01-01 元旦\n2027-01-02');
  });
});

describe('saveYear', () => {
  it('enters 2027: a provisional result becomes final, with rows and an audit row', async () => {
    const cal0 = await loadCalendar(t.db); // fills the cache: saveYear must drop it
    const r0 = cal0.addWorkingDays('2026-12-20', 10);
    // 2027-01-01 (元旦) is skipped even before the notice is entered; the date is still 暂定.
    assert.deepEqual([r0.date, r0.provisional, r0.unknownYears], ['2027-01-04', true, [2027]]);
    assert.match(r0.reason, /2027 年节假日安排尚未录入，暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计（暂定）/);
    assert.equal(cal0.addWorkingDays('2026-12-24', 1).provisional, true); // year-end look-ahead

    const r = await saveYear(t.db, admin, MADE_UP_2027);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error.fields));
    assert.equal(r.value.created, true);

    const cal = await loadCalendar(t.db);
    assert.notEqual(cal, cal0);
    // 12-21…25 1–5, 12-28…31 6–9, 2027-01-01 now a holiday, 01-04 Mon 10
    const r1 = cal.addWorkingDays('2026-12-20', 10);
    assert.deepEqual([r1.date, r1.provisional, r1.unknownYears], ['2027-01-04', false, []]);
    assert.match(r1.reason, /已扣除元旦假期/);
    assert.equal(cal.addWorkingDays('2026-12-24', 1).provisional, false);
    // 02-05…11 off, 02-12 Fri 1, 02-13 Sat 调休 2, 02-15 Mon 3
    const r2 = cal.addWorkingDays('2027-02-04', 3);
    assert.deepEqual([r2.date, r2.provisional, r2.makeUpDaysCounted], ['2027-02-15', false, ['2027-02-13']]);
    assert.deepEqual(await missingYears(t.db, '2026-11-15'), []);

    const year = await t.db.selectFrom('calendar_years').selectAll().where('year', '=', 2027).executeTakeFirstOrThrow();
    assert.equal(year.entered_by, admin.id);
    assert.equal(year.source, MADE_UP_2027.source);
    const days = await t.db.selectFrom('calendar_days').selectAll().where('year', '=', 2027).orderBy('date').execute();
    assert.equal(days.length, 9);
    assert.deepEqual(days.find((d) => d.date === '2027-02-13'), { date: '2027-02-13', kind: 'work', name: '春节', year: 2027 });
    const audits = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.save').execute();
    assert.equal(audits.length, 1);
    assert.equal(audits[0].entity, 'calendar');
    assert.equal(audits[0].entity_id, '2027');
    assert.equal(audits[0].actor_id, admin.id);
    assert.equal(audits[0].before_json, null);
    assert.deepEqual(JSON.parse(audits[0].after_json!).offDays, MADE_UP_2027.offDays);

    const stored = await getCalendarYear(t.db, 2027);
    assert.equal(stored?.enteredBy, 'cal-admin');
    assert.deepEqual(stored?.names, MADE_UP_2027.names);
  });

  it('replaces the year on a second save, with before and after in the audit row', async () => {
    const r = await saveYear(t.db, admin, { ...MADE_UP_2027, offDays: ['2027-01-01'], workDays: [], names: {}, source: '更正' });
    assert.ok(r.ok);
    assert.equal(r.value.created, false);
    const days = await t.db.selectFrom('calendar_days').selectAll().where('year', '=', 2027).execute();
    assert.deepEqual(days, [{ date: '2027-01-01', kind: 'off', name: null, year: 2027 }]);
    const last = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.save').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(JSON.parse(last.before_json!).offDays.length, 8);
    assert.equal(JSON.parse(last.before_json!).source, MADE_UP_2027.source);
    assert.deepEqual(JSON.parse(last.after_json!), { source: '更正', offDays: ['2027-01-01'], workDays: [] });
    assert.equal((await loadCalendar(t.db)).addWorkingDays('2027-02-04', 3).date, '2027-02-09'); // the made-up Spring Festival is gone
  });

  it('refuses invalid input, other years\' dates and non-admins — nothing changes', async () => {
    const before = await snapshot();
    const cal = await loadCalendar(t.db);
    const cases: [Actor, SaveYearInput, string, string, RegExp][] = [
      [admin, { ...MADE_UP_2027, offDays: ['2027-02-30'] }, 'VALIDATION', 'offDays', /不是有效日期/],
      [admin, { ...MADE_UP_2027, offDays: ['2027-01-01', '2027-02-13'] }, 'VALIDATION', 'workDays', /同时列为/],
      [admin, { ...MADE_UP_2027, offDays: ['2027-01-02', '2027-01-03'], workDays: [] }, 'VALIDATION', 'offDays', /都是周六或周日/],
      [admin, { ...MADE_UP_2027, source: '' }, 'VALIDATION', 'source', /请填写依据/],
      [admin, { ...MADE_UP_2027, year: 2150 }, 'VALIDATION', 'year', /年份/],
      // 2022-12-31 belongs to the 2023 notice: one date, one notice
      [admin, { year: 2022, offDays: ['2022-01-03', '2022-12-31'], workDays: [], source: '更正' }, 'VALIDATION', 'offDays', /2022-12-31 已列入 2023 年的节假日安排/],
      [editor, MADE_UP_2027, 'FORBIDDEN', '', /只有平台管理员/],
    ];
    for (const [actor, input, code, field, message] of cases) {
      const r = await saveYear(t.db, actor, input);
      assert.equal(r.ok, false, JSON.stringify(input));
      if (r.ok) continue;
      assert.equal(r.error.code, code);
      assert.match(field ? r.error.fields?.[field] ?? '' : r.error.message, message, JSON.stringify(input));
    }
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual((await loadCalendar(t.db)).schedules, cal.schedules);
  });

  it('the system actor (admin role) may save too', async () => {
    const r = await saveYear(t.db, systemActor('测试'), { year: 2028, offDays: ['2028-01-03'], workDays: [], source: '虚构' });
    assert.ok(r.ok);
    const y = await t.db.selectFrom('calendar_years').selectAll().where('year', '=', 2028).executeTakeFirstOrThrow();
    assert.equal(y.entered_by, null);
    assert.equal(await countOf(t.db.selectFrom('calendar_days').select((eb) => eb.fn.countAll().as('n')).where('year', '=', 2028)), 1);
  });
});
