// 检索统计: seeded rows of search_query_stats are shown per week, most frequent first (ties by query),
// the zero-result list only has queries that found nothing, other weeks are left out, the week selector
// works, and access: admin / unit-admin / editor yes, reviewer 403, anonymous → login. The platform
// administrator hides and shows 相关检索 suggestions and extends the word filter there (audited).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../../test/helpers.ts';
import { currentWeeks, isoWeekOf, weekRange, TOP_N } from './search-stats.tsx';
import { beijingDay, relatedQueries } from '../suggest.ts';

let t: TestApp;
const { as, post } = staffSessions(() => t.app);
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
  // Visitors of suggestable queries (hashes; as written by the search routes, see suggest.test.ts).
  const day = beijingDay();
  const visitors = (query: string, n: number) => Array.from({ length: n }, (_, i) => ({ day, query, visitor: `h${i}` }));
  await t.db.insertInto('search_query_visitors').values([...visitors('招生范围', 3), ...visitors('义务教育 招生', 4), ...visitors('招生 少数', 2), ...visitors('招生 刷单', 5)]).execute();
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
    const sections = res.body.split('<section aria-labelledby="w-');
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
    assert.equal(res.body.split('<section aria-labelledby="w-').length, 2);
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

  const suggestRows = (html: string) => {
    const table = /<table class="list search-suggest">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    return [...table.matchAll(/<tr><td>([^<]*)<\/td><td>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]);
  };
  const hiddenRows = (html: string) => {
    const table = /<table class="list search-hidden">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    return [...table.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((m) => m[1]);
  };
  const related = () => relatedQueries(t.db, ['招生'], '招生 火星基地');

  it('lists the queries offered as 相关检索 (enough visitors, filter passed), with a hide button for the administrator', async () => {
    const res = await (await as('ss-admin')).b.get('/admin/search-stats');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(suggestRows(res.body), [
      ['义务教育 招生', 4],
      ['招生范围', 3],
    ]);
    assert.match(res.body, /<form method="post" action="\/admin\/search-stats\/suggestions"[^>]*>[\s\S]*?name="query" value="招生范围"[\s\S]*?<button[^>]*>隐藏<\/button>/);
    const ed = await (await as('ss-ed')).b.get('/admin/search-stats');
    assert.deepEqual(suggestRows(ed.body).length, 2, 'editors see the list');
    assert.doesNotMatch(ed.body, /action="\/admin\/search-stats\/suggestions"/, 'but cannot hide');
    assert.ok((await related()).includes('招生范围'));
  });

  it('the administrator hides a suggestion (audited; never offered while hidden) and shows it again', async () => {
    const hide = await post('ss-admin', '/admin/search-stats/suggestions', { action: 'hide', query: '招生范围' });
    assert.equal(hide.statusCode, 303, hide.body);
    assert.match(String(hide.headers.location), /^\/admin\/search-stats\?msg=suggestion-hidden/);
    const row = await t.db.selectFrom('search_suggestion_hidden').selectAll().where('query', '=', '招生范围').executeTakeFirstOrThrow();
    assert.ok(row.hidden_by && row.hidden_at);
    const audits = () => t.db.selectFrom('audit_log').select(['action', 'entity_id', 'actor_name']).where('action', 'like', 'search.suggestion.%').orderBy('id').execute();
    assert.deepEqual((await audits()).map((a) => [a.action, a.entity_id]), [['search.suggestion.hide', '招生范围']]);
    assert.ok(!(await related()).includes('招生范围'), 'hidden: not offered');
    const page = await (await as('ss-admin')).b.get('/admin/search-stats?msg=suggestion-hidden');
    assert.match(page.body, /已隐藏，不再作为相关检索推荐/);
    assert.deepEqual(suggestRows(page.body), [['义务教育 招生', 4]]);
    assert.deepEqual(hiddenRows(page.body), ['招生范围']);
    // Hiding twice changes nothing and writes no second audit row.
    assert.equal((await post('ss-admin', '/admin/search-stats/suggestions', { action: 'hide', query: '招生范围' })).statusCode, 303);
    assert.equal((await audits()).length, 1);
    const show = await post('ss-admin', '/admin/search-stats/suggestions', { action: 'unhide', query: '招生范围' });
    assert.equal(show.statusCode, 303);
    assert.equal(await t.db.selectFrom('search_suggestion_hidden').selectAll().where('query', '=', '招生范围').executeTakeFirst(), undefined);
    assert.deepEqual((await audits()).map((a) => a.action), ['search.suggestion.hide', 'search.suggestion.unhide']);
    assert.ok((await related()).includes('招生范围'), 'offered again');
  });

  it('only the platform administrator may hide; bad input is a 400 page, not a 500', async () => {
    for (const who of ['ss-ed', 'ss-ua']) {
      const res = await post(who, '/admin/search-stats/suggestions', { action: 'hide', query: '义务教育 招生' });
      assert.equal(res.statusCode, 403, who);
      assert.match(res.body, /只有平台管理员/);
    }
    assert.equal(await t.db.selectFrom('search_suggestion_hidden').selectAll().executeTakeFirst(), undefined);
    const empty = await post('ss-admin', '/admin/search-stats/suggestions', { action: 'hide', query: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写检索词/);
    assert.match(empty.body, /<input type="text" id="f-query" name="query" value="  "[^>]*aria-invalid="true"/);
    const odd = await post('ss-admin', '/admin/search-stats/suggestions', { action: 'frobnicate', query: '招生范围' });
    assert.equal(odd.statusCode, 400);
    assert.match(odd.body, /操作无效/);
    const anon = await t.app.inject({ method: 'POST', url: '/admin/search-stats/suggestions', payload: 'action=hide&query=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok([303, 403].includes(anon.statusCode), String(anon.statusCode));
  });

  it('the administrator can hide any query typed in, e.g. a dictionary word offered as 相关检索', async () => {
    assert.ok((await related()).includes('招生入学'), 'a dictionary word with 招生');
    const res = await post('ss-admin', '/admin/search-stats/suggestions', { action: 'hide', query: ' 招生入学 ' });
    assert.equal(res.statusCode, 303);
    assert.ok(await t.db.selectFrom('search_suggestion_hidden').selectAll().where('query', '=', '招生入学').executeTakeFirst());
    assert.ok(!(await related()).includes('招生入学'));
    assert.equal((await post('ss-admin', '/admin/search-stats/suggestions', { action: 'unhide', query: '招生入学' })).statusCode, 303);
    assert.ok((await related()).includes('招生入学'));
  });

  it('the administrator adds a word to the filter (audited): suggestions containing it are no longer offered', async () => {
    const add = await post('ss-admin', '/admin/search-stats/banned-words', { action: 'add', word: ' 范 围 ' });
    assert.equal(add.statusCode, 303, add.body);
    assert.ok(await t.db.selectFrom('search_banned_words').selectAll().where('word', '=', '范围').executeTakeFirst());
    assert.ok(!(await related()).includes('招生范围'));
    const page = await (await as('ss-admin')).b.get('/admin/search-stats');
    assert.deepEqual(suggestRows(page.body), [['义务教育 招生', 4]]);
    assert.match(page.body, /<table class="list search-banned">[\s\S]*?<td>范围<\/td>/);
    assert.equal((await post('ss-ed', '/admin/search-stats/banned-words', { action: 'add', word: '义务' })).statusCode, 403);
    const remove = await post('ss-admin', '/admin/search-stats/banned-words', { action: 'remove', word: '范围' });
    assert.equal(remove.statusCode, 303);
    assert.ok((await related()).includes('招生范围'));
    const audits = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'like', 'search.banned-word.%').orderBy('id').execute();
    assert.deepEqual(audits.map((a) => [a.action, a.entity_id]), [['search.banned-word.add', '范围'], ['search.banned-word.remove', '范围']]);
    const long = await post('ss-admin', '/admin/search-stats/banned-words', { action: 'add', word: '字'.repeat(21) });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /屏蔽词不能超过 20 个字/);
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

it('currentWeeks() without an argument takes the clock of the context (time is a dependency)', async () => {
  const { fixedClock, withClock } = await import('../../../platform/clock.ts');
  assert.deepEqual(withClock(fixedClock('2026-11-29T15:59:59Z'), () => currentWeeks()), ['2026-W48', '2026-W47'], 'Sunday 23:59:59 in Beijing');
  assert.deepEqual(withClock(fixedClock('2026-11-29T16:00:00Z'), () => currentWeeks()), ['2026-W49', '2026-W48'], 'Monday 00:00 in Beijing');
});
