// "相关检索" cannot be planted: a query is offered to others only when it found something, was typed by
// at least SUGGEST_MIN_VISITORS distinct visitors (hashed address per day, never the address itself),
// is plain words (no operators, no free text, short) and passes the word filter; hidden ones never.
// Through the real routes (the page and the API), on SQLite and PostgreSQL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedDemoDocuments } from '../documents/seed.ts';
import { flushSearchStats } from './record.ts';
import { getSegmenter } from './engine.ts';
import { suggestableQuery, SUGGEST_MIN_VISITORS } from './suggest.ts';

describe('相关检索 suggestions', () => {
  let t: TestApp;

  before(async () => {
    t = await buildTestApp();
    await seedDemoDocuments(t.db);
  });
  after(async () => t?.close());

  /** A search typed on the portal by the visitor at `ip`. */
  const page = (q: string, ip: string) => t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}`, remoteAddress: ip });
  const apiSearch = async (q: string, ip = '198.51.100.200') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}`, remoteAddress: ip });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { total: number; related?: string[] };
  };
  /** The 相关检索 links of a results page. */
  const relatedOnPage = (html: string) => {
    const sec = /<h2 id="related-h">相关检索<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    return [...sec.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
  };

  it('one visitor repeating a planted query 50 times does not make it a suggestion', async () => {
    for (let i = 0; i < 50; i++) {
      const res = await page('工作要点 -任意文字', '203.0.113.7');
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /共找到 <strong>0<\/strong>/, 'the planted query finds documents');
    }
    // The same visitor, 50 times, with a real query that has results: still one visitor.
    for (let i = 0; i < 50; i++) await page('招生入学 管理办法', '203.0.113.7');
    await flushSearchStats(t.db);
    const r = await apiSearch('工作要点 火星基地');
    assert.equal(r.total, 0);
    for (const s of r.related ?? []) {
      assert.doesNotMatch(s, /任意文字|-/, `planted text offered: ${JSON.stringify(r.related)}`);
    }
    assert.ok(!(await apiSearch('招生 火星基地')).related?.includes('招生入学 管理办法'), 'one visitor is not enough');
    const html = (await page('工作要点 火星基地', '198.51.100.201')).body;
    assert.ok(!html.includes('任意文字'), 'not on the page either');
  });

  it('the same planted query from many addresses is still never offered (operators, free text, length)', async () => {
    for (let v = 1; v <= 5; v++) {
      await page('工作要点 -任意文字', `192.0.2.${v}`);
      await page('"工作要点" 宿城区', `192.0.2.${v}`);
      await page('标题:工作要点', `192.0.2.${v}`);
      await page('宿城区2020年政务公开工作要点 宿城区人民政府办公室', `192.0.2.${v}`); // > 20 characters
    }
    await flushSearchStats(t.db);
    const r = await apiSearch('工作要点 火星基地');
    for (const s of r.related ?? []) {
      assert.doesNotMatch(s, /任意文字|["-:]|标题|宿城区人民政府办公室/, JSON.stringify(r.related));
    }
  });

  it('three distinct visitors with a real query that has results make it a suggestion (page and API)', async () => {
    const q = '招生入学 管理办法';
    assert.ok(!getSegmenter().domainWords().includes(q), 'not a dictionary word (those are offered anyway)');
    await page(q, '198.51.100.1');
    await flushSearchStats(t.db);
    assert.ok(!(await apiSearch('招生 火星基地')).related?.includes(q), `${SUGGEST_MIN_VISITORS - 1} visitors are not enough`);
    await page(q, '198.51.100.2');
    await flushSearchStats(t.db);
    const r = await apiSearch('招生 火星基地');
    assert.equal(r.total, 0);
    assert.ok(r.related?.includes(q), JSON.stringify(r.related));
    assert.ok(relatedOnPage((await page('招生 火星基地', '198.51.100.9')).body).includes(q));
    // Visitors are stored as day-salted hashes, never the address.
    const rows = await t.db.selectFrom('search_query_visitors').selectAll().where('query', '=', q).execute();
    assert.equal(new Set(rows.map((x) => x.visitor)).size, SUGGEST_MIN_VISITORS);
    for (const row of rows) assert.doesNotMatch(JSON.stringify(row), /198\.51\.100|203\.0\.113/);
  });

  it('IPv6 visitors count per /64 (one host rotating its addresses is one visitor)', async () => {
    const q = '招生方案 解读';
    for (let i = 1; i <= 5; i++) await page(q, `2001:db8:1:2::${i.toString(16)}`);
    await page(q, '2001:db8:9:9::1');
    await flushSearchStats(t.db);
    const rows = await t.db.selectFrom('search_query_visitors').select('visitor').where('query', '=', q).execute();
    assert.equal(new Set(rows.map((x) => x.visitor)).size, 2);
  });

  it('queries without results are never recorded as candidates', async () => {
    for (let v = 1; v <= 4; v++) await page('招生 快来加我微信', `192.0.2.${50 + v}`);
    await flushSearchStats(t.db);
    const rows = await t.db.selectFrom('search_query_visitors').selectAll().where('query', 'like', '%微信%').execute();
    assert.equal(rows.length, 0);
  });

  it('suggestableQuery: plain known words only, no operators, short, word filter', () => {
    assert.equal(suggestableQuery('招生入学 管理办法'), '招生入学 管理办法');
    assert.equal(suggestableQuery('  义务教育   招生 '), '义务教育 招生');
    assert.equal(suggestableQuery('2024年 招生方案'), '2024年 招生方案');
    for (const bad of [
      '工作要点 -任意文字',
      '"工作要点"',
      '标题:工作要点',
      'title:招生',
      '工作要点 OR 招生',
      '宿城区2020年政务公开工作要点 宿城区人民政府办公室',
      '快来加我微信',
      '招生 代开发票',
      '招生，管理办法',
      '<script>',
      'a',
      '',
    ]) {
      assert.equal(suggestableQuery(bad), null, bad);
    }
  });
});
