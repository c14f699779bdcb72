// Route tests of the 工作日历 screens: the list with the "not entered" warning, the year page
// (month grid + form), saving a year, a bad line re-rendered with the input kept, and access.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, type TestApp, staffSessions } from '../../../test/helpers.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { countOf } from '../../platform/db/index.ts';

let t: TestApp;
const { as, post } = staffSessions(() => t.app);
const rows2027 = async () => ({
  years: await countOf(t.db.selectFrom('calendar_years').select((eb) => eb.fn.countAll().as('n')).where('year', '=', 2027)),
  days: await countOf(t.db.selectFrom('calendar_days').select((eb) => eb.fn.countAll().as('n')).where('year', '=', 2027)),
});

const WARNING_2027 = '2027 年节假日安排尚未录入：涉及 2027 年的期限将暂按周末和元旦、劳动节、国庆节计算（春节等农历节日和调休未计）并标注“暂定”，请在国务院办公厅公布通知后录入';

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'k-admin', 'admin', 'sucheng');
  await makeUser(t, 'k-ed', 'editor', 'zfb');
  await makeUser(t, 'k-ua', 'unit-admin', 'zfb');
});
after(() => t.close());

describe('/admin/calendar', () => {
  it('lists the seeded years and warns that 2027 is not entered (the clock is past 2026-11-01)', async () => {
    const { b } = await as('k-admin');
    const res = await b.get('/admin/calendar');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(WARNING_2027), 'the 2027 warning');
    assert.match(res.body, /<a href="\/admin\/calendar\/2027">录入 2027 年节假日安排<\/a>/);
    assert.match(res.body, /<a href="\/admin\/calendar\/2026">2026 年<\/a>/);
    assert.match(res.body, /<tr id="y-2025">[\s\S]*?28 天[\s\S]*?5 天[\s\S]*?content_6986383\.htm[\s\S]*?内置数据（holiday-cn）/);
    assert.match(res.body, /共 20 条/);
    assert.match(res.body, /<a href="\/admin\/calendar" aria-current="page">工作日历<\/a>|<a aria-current="page" href="\/admin\/calendar">工作日历<\/a>/);
  });

  it('opens a year from the form, and refuses a bad one with a message (400)', async () => {
    const { b } = await as('k-admin');
    const go = await b.get('/admin/calendar?year=2028');
    assert.equal(go.statusCode, 303);
    assert.equal(go.headers.location, '/admin/calendar/2028');
    const bad = await b.get('/admin/calendar?year=20x8');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /年份应为 1990 至 2100 之间的四位数字/);
    assert.match(bad.body, /value="20x8"/);
    assert.equal((await b.get('/admin/calendar/abcd')).statusCode, 404);
    assert.equal((await b.get('/admin/calendar/1800')).statusCode, 404);
  });

  it('shows a year as a month grid with 休 / 班 and the form filled in', async () => {
    const { b } = await as('k-admin');
    const res = await b.get('/admin/calendar/2025');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>2025 年节假日安排<\/h1>/);
    assert.equal((res.body.match(/<table class="month">/g) ?? []).length, 12);
    // 2025-10-01 Wed is a holiday, 2025-10-11 Sat a make-up working day
    assert.match(res.body, /<caption>2025 年 10 月<\/caption>[\s\S]*?<td class="off" title="国庆节、中秋节"><span class="d">1<\/span><span class="mark">休/);
    assert.match(res.body, /<td class="work" title="国庆节、中秋节"><span class="d">11<\/span><span class="mark">班/);
    assert.match(res.body, /<textarea id="f-offDays"[^>]*>[^<]*2025-10-01 国庆节、中秋节\n2025-10-02 国庆节、中秋节/);
    assert.match(res.body, /<textarea id="f-workDays"[^>]*>2025-01-26 春节\n/);
    assert.match(res.body, /name="source"[^>]*value="https:\/\/www\.gov\.cn\/zhengce\/zhengceku\/202411\/content_6986383\.htm"|value="https:\/\/www\.gov\.cn\/zhengce\/zhengceku\/202411\/content_6986383\.htm"[^>]*name="source"/);
    assert.doesNotMatch(res.body, /尚未录入/);
    const none = await b.get('/admin/calendar/2027');
    assert.equal(none.statusCode, 200);
    assert.ok(none.body.includes(WARNING_2027));
    assert.match(none.body, /<textarea id="f-offDays"[^>]*><\/textarea>/);
  });

  it('re-renders a bad line with 400, the message next to the field and the input kept; nothing saved', async () => {
    const res = await post('k-admin', '/admin/calendar/2027', { offDays: '2027-01-01 元旦\n2027-02-30 春节', workDays: '2027-02-13 春节', source: '国办发明电〔2026〕X号' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<p class="error" id="f-offDays-error">第 2 行“2027-02-30 春节”不是有效日期，应为“YYYY-MM-DD 名称”<\/p>/);
    assert.match(res.body, /class="error-summary"[\s\S]*?<a href="#f-offDays">第 2 行/);
    assert.match(res.body, /<textarea id="f-offDays"[^>]*>2027-01-01 元旦\n2027-02-30 春节<\/textarea>/);
    assert.match(res.body, /<textarea id="f-workDays"[^>]*>2027-02-13 春节<\/textarea>/);
    assert.match(res.body, /value="国办发明电〔2026〕X号"/);
    assert.deepEqual(await rows2027(), { years: 0, days: 0 });

    const empty = await post('k-admin', '/admin/calendar/2027', { offDays: '2027-01-02\n2027-01-03', workDays: '2027-01-02', source: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /id="f-offDays-error">所列休息日都是周六或周日/);
    assert.match(empty.body, /id="f-workDays-error">2027-01-02 同时列为休息日和调休上班日/);
    assert.match(empty.body, /id="f-source-error">请填写依据/);
    assert.deepEqual(await rows2027(), { years: 0, days: 0 });
  });

  it('saves a year: redirect, flash, rows, audit; the warning goes and due dates become final', async () => {
    assert.equal((await loadCalendar(t.db)).addWorkingDays('2026-12-20', 10).provisional, true);
    const res = await post('k-admin', '/admin/calendar/2027', {
      offDays: '2027-01-01 元旦\n2027-02-05 春节\n2027-02-06 春节\n2027-02-07 春节\n2027-02-08 春节',
      workDays: '2027/2/13 春节',
      source: '测试用（虚构）：国务院办公厅关于2027年部分节假日安排的通知',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/admin/calendar/2027?msg=calendar-saved');
    const { b } = await as('k-admin');
    const page = await b.get('/admin/calendar/2027?msg=calendar-saved');
    assert.match(page.body, /<div class="flash" role="status">节假日安排已保存/);
    assert.match(page.body, /<td class="work" title="春节"><span class="d">13<\/span>/);
    assert.deepEqual(await rows2027(), { years: 1, days: 6 });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'calendar.save').where('entity_id', '=', '2027').execute();
    assert.equal(audit.length, 1);
    const list = await b.get('/admin/calendar');
    assert.ok(!list.body.includes('2027 年节假日安排尚未录入'));
    assert.match(list.body, /<tr id="y-2027">[\s\S]*?5 天[\s\S]*?1 天[\s\S]*?k-admin/);
    const r = (await loadCalendar(t.db)).addWorkingDays('2026-12-20', 10);
    assert.deepEqual([r.date, r.provisional], ['2027-01-04', false]);
  });

  it('is for platform admins only: editors and unit admins get 403 and cannot save', async () => {
    for (const name of ['k-ed', 'k-ua']) {
      const { b } = await as(name);
      assert.equal((await b.get('/admin/calendar')).statusCode, 403, name);
      assert.equal((await b.get('/admin/calendar/2027')).statusCode, 403, name);
      const res = await post(name, '/admin/calendar/2028', { offDays: '2028-01-03 元旦', workDays: '', source: 'x' });
      assert.equal(res.statusCode, 403, name);
      assert.match(res.body, /只有平台管理员可以维护工作日历/);
    }
    assert.equal(await countOf(t.db.selectFrom('calendar_years').select((eb) => eb.fn.countAll().as('n')).where('year', '=', 2028)), 0);
    const anon = await t.app.inject({ method: 'GET', url: '/admin/calendar' });
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/login/);
  });
});
