// 检索统计: seeded rows of search_query_stats are shown per week, most frequent first (ties by query),
// the zero-result list only has queries that found nothing, other weeks are left out, the week selector
// works, and access: admin / unit-admin / editor yes, reviewer 403, anonymous → login.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { currentWeeks, isoWeekOf, weekRange, TOP_N } from './search-stats.tsx';

let t: TestApp;
const { as } = staffSessions(() => t.app);
const [THIS, LAST] = currentWeeks();

before(async () => {
  t = await buildTestApp();
  // Normally created by migration 0008-search; created here only if that migration has not.
  await sql`create table if not exists search_query_stats (week text not null, query text not null, searches integer not null default 0, zero_results integer not null default 0, primary key (week, query))`.execute(t.db);
  await sql`delete from search_query_stats`.execute(t.db);
  const rows: { week: string; query: string; searches: number; zero_results: number }[] = [
    { week: THIS, query: '义务教育招生', searches: 40, zero_results: 0 },
    { week: THIS, query: '政务公开工作要点', searches: 55, zero_results: 0 },
    { week: THIS, query: 'zhengwugongkai', searches: 12, zero_results: 9 },
    { week: THIS, query: '<script>x</script>', searches: 3, zero_results: 3 },
    { week: THIS, query: '行政许可事项清单', searches: 40, zero_results: 1 },
    { week: LAST, query: '低保申请条件', searches: 7, zero_results: 7 },
    { week: '2020-W10', query: '旧周检索词', searches: 999, zero_results: 999 },
  ];
  for (let i = 0; i < 25; i++) rows.push({ week: THIS, query: `填充词${String(i).padStart(2, '0')}`, searches: 1, zero_results: 0 });
  for (const r of rows) await sql`insert into search_query_stats (week, query, searches, zero_results) values (${r.week}, ${r.query}, ${r.searches}, ${r.zero_results})`.execute(t.db);
  await makeUser(t, 'ss-admin', 'admin', 'sucheng');
  await makeUser(t, 'ss-ua', 'unit-admin', 'zfb');
  await makeUser(t, 'ss-ed', 'editor', 'zfb');
  await makeUser(t, 'ss-rev', 'reviewer', 'zfb');
});
after(() => t.close());

const cells = (html: string, cls: string) => {
  const table = new RegExp(`<table class="list ${cls}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr><td>(\d+)<\/td><td>(?:<a [^>]*>)?([^<]*)(?:<\/a>)?<\/td><td>(\d+)<\/td><td>(\d+)<\/td><\/tr>/g)].map((m) => [m[2], Number(m[3]), Number(m[4])]);
};

describe('/admin/search-stats', () => {
  it('shows this week and last week: top queries by count, zero-result queries by zero count', async () => {
    const { b } = await as('ss-admin');
    const res = await b.get('/admin/search-stats');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>检索统计<\/h1>/);
    const sections = res.body.split('<section');
    assert.equal(sections.length, 3, 'two week sections');
    const [, cur, prev] = sections;
    assert.match(cur, /本周：/);
    const top = cells(cur, 'search-top');
    assert.equal(top.length, TOP_N);
    assert.deepEqual(top.slice(0, 5), [
      ['政务公开工作要点', 55, 0],
      ['义务教育招生', 40, 0],
      ['行政许可事项清单', 40, 1],
      ['zhengwugongkai', 12, 9],
      ['&lt;script>x&lt;/script>', 3, 3],
    ]);
    assert.deepEqual(top[5], ['填充词00', 1, 0]);
    assert.ok(!cur.includes('<script>x'), 'queries are escaped');
    assert.deepEqual(cells(cur, 'search-zero'), [
      ['zhengwugongkai', 9, 12],
      ['&lt;script>x&lt;/script>', 3, 3],
      ['行政许可事项清单', 1, 40],
    ]);
    assert.match(cur, /本周共检索 175 次/);
    assert.match(prev, /上周：/);
    assert.deepEqual(cells(prev, 'search-zero'), [['低保申请条件', 7, 7]]);
    assert.ok(!res.body.includes('旧周检索词'), 'other weeks are not shown');
    assert.match(res.body, /<option value="2020-W10">2020 年第 10 周（03月02日—03月08日）<\/option>/);
    assert.match(res.body, /<a href="\/admin\/search-stats"[^>]*>检索统计<\/a>/, 'menu entry');
  });

  it('shows one chosen week; a bad week is a 400 with a message', async () => {
    const { b } = await as('ss-ed');
    const res = await b.get('/admin/search-stats?week=2020-W10');
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.split('<section').length, 2);
    assert.deepEqual(cells(res.body, 'search-top'), [['旧周检索词', 999, 999]]);
    assert.match(res.body, /<option value="2020-W10" selected>/);
    const bad = await b.get('/admin/search-stats?week=2020-W99');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请选择列表中的一周/);
  });

  it('is open to unit admins and editors, closed to reviewers and to the public', async () => {
    assert.equal((await (await as('ss-ua')).b.get('/admin/search-stats')).statusCode, 200);
    assert.equal((await (await as('ss-rev')).b.get('/admin/search-stats')).statusCode, 403);
    const anon = await t.app.inject({ method: 'GET', url: '/admin/search-stats' });
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/login/);
  });

  it('ISO weeks', () => {
    assert.equal(isoWeekOf(new Date('2026-11-28T00:00:00Z')), '2026-W48');
    assert.equal(isoWeekOf(new Date('2021-01-03T00:00:00Z')), '2020-W53');
    assert.equal(isoWeekOf(new Date('2024-12-30T00:00:00Z')), '2025-W01');
    assert.deepEqual(weekRange('2025-W01'), ['2024-12-30', '2025-01-05']);
    assert.equal(weekRange('2021-W53'), null);
    assert.equal(weekRange('x'), null);
    assert.deepEqual(currentWeeks(Date.parse('2026-11-29T17:00:00Z')), ['2026-W49', '2026-W48'], 'Monday 01:00 in Beijing');
  });
});
