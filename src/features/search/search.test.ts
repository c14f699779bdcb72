// Search over the demo documents, on SQLite and PostgreSQL (GONGKAI_TEST_DB=postgres): relevance of
// the example queries, 文号 / 索引号 lookups, syntax, ranking rules, visibility, index upkeep
// by the publishing commands, hostile input, the API shape, the page and the reindex command.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { buildTestApp, DIALECT, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { unwrap } from '../../platform/errors.ts';
import { importContext, importRecord } from '../documents/documents.import.ts';
import { approveDocument, changeValidity, createDocument, publishDocument, submitDocument, updateDocument, withdrawDocument } from '../documents/documents.commands.ts';
import { DEMO_DOCUMENTS } from '../../demo/documents.ts';
import { seedDemoDocuments } from '../documents/seed.ts';
import { createSearch, getSegmenter, learnInstallationWords, type SearchEngine, type SearchParams } from './engine.ts';
import { SearchResponse } from './search.schemas.ts';
import { flushSearchStats, isoWeekBeijing } from './record.ts';
import { beijingDay, writeVisitors } from './suggest.ts';
import { main as cli } from '../../cli.ts';
import { buildApp } from '../../app.tsx';
import { openDatabase, sql } from '../../platform/db/index.ts';

const CHECKS = { checks: { political: true, policy: true, wording: true } };

describe('search', () => {
  let t: TestApp;
  let engine: SearchEngine;
  let editor: Actor, reviewer: Actor;
  const deps = () => ({ db: t.db });
  const idOf = new Map<string, number>();

  const search = (p: Partial<SearchParams> & { q: string }) => engine.search(t.db, p);
  const titles = async (p: Partial<SearchParams> & { q: string }) => (await search(p)).items.map((i) => i.title);
  const api = (qs: string) => t.app.inject({ method: 'GET', url: `/api/v1/search?${qs}` });

  async function importDoc(rec: Record<string, unknown>): Promise<number> {
    const ctx = await importContext(t.db, systemActor('测试'));
    const r = await importRecord(ctx, { unit: 'zfb', topic: 'zhzw.zwgk', genre: 'tongzhi', column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', keywords: [], summary: '', ...rec });
    assert.equal(typeof r, 'string', JSON.stringify(r));
    const row = await t.db.selectFrom('documents').select('id').where('title', '=', rec.title as string).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return row.id;
  }

  async function release(id: number, publishedAt?: string) {
    unwrap(await submitDocument(deps(), editor, id));
    unwrap(await approveDocument(deps(), reviewer, id, CHECKS));
    unwrap(await publishDocument(deps(), reviewer, id, publishedAt ? { publishedAt } : {}));
    return id;
  }
  const draft = async (title: string, body: string) =>
    unwrap(await createDocument(deps(), editor, { title, column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', body: `<p>${body}</p>`, topic: 'zhzw.zwgk', genre: 'tongzhi' })).id;

  before(async () => {
    t = await buildTestApp();
    engine = createSearch(t.db);
    editor = await makeUser(t, 'se-ed', 'editor', 'zfb');
    reviewer = await makeUser(t, 'se-rv', 'reviewer', 'zfb');
    // The demo documents (as seedDemo loads them), through the importer: indexing is part of importing.
    await seedDemoDocuments(t.db);
    for (const r of await t.db.selectFrom('documents').select(['id', 'title']).execute()) idOf.set(r.title, r.id);
  });
  after(async () => t?.close());

  it('indexes every imported demo document', async () => {
    const n = await t.db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), DEMO_DOCUMENTS.length);
  });

  it('finds the right document first for the example queries of the issue', async () => {
    const a = await titles({ q: '义务教育招生' });
    assert.match(a[0], /义务教育.*招生/, a.slice(0, 3).join(' | '));
    const b = await titles({ q: '宿城区政务公开工作要点' });
    assert.ok(b.length >= 7);
    for (const x of b.slice(0, 7)) assert.match(x, /^宿城区20\d\d年政务公开工作要点$/, b.slice(0, 8).join(' | '));
    const b2 = await titles({ q: '宿城区2020年政务公开工作要点' });
    assert.equal(b2[0], '宿城区2020年政务公开工作要点');
    const c = await titles({ q: '行政许可事项清单' });
    assert.equal(c[0], '宿城区行政许可事项清单（2023年版）');
    // Short forms: 低保 finds the 最低生活保障 rules; 年报 the annual reports.
    assert.match((await titles({ q: '低保' }))[0], /最低生活保障/);
    assert.match((await titles({ q: '年报 2023' }))[0], /2023年政府信息公开工作年度报告/);
    // A word outside the dictionary inside a compound of the title (城镇老旧小区改造).
    assert.equal((await titles({ q: '老旧小区' }))[0], '宿城区2023年城镇老旧小区改造项目批准和实施情况');
  });

  it('finds a document by its 文号 typed loosely, or by a part of it, before documents that only mention it', async () => {
    const target = '宿城区农村公路养护管理办法'; // 宿城政办规发〔2020〕2号; the 废止 decision lists that number in its body
    for (const q of ['宿城政办规发〔2020〕2号', '宿城政办规发[2020]2号', '宿城政办规发2020 2号', '宿城政办规发（2020）2号', '宿城政办规发［２０２０］２号']) {
      const r = await search({ q });
      assert.equal(r.items[0]?.title, target, `${q}: ${r.items.map((i) => i.title).join(' | ')}`);
    }
    const part = await titles({ q: '宿城政办规发〔2020' });
    assert.ok(part.slice(0, 3).includes(target), part.join(' | '));
    const byIndexNo = await search({ q: '321302/2020-00974' });
    assert.equal(byIndexNo.items[0]?.title, '宿城区2020年政务公开工作要点');
    const partIndexNo = await search({ q: '2020-00974' });
    assert.equal(partIndexNo.items[0]?.title, '宿城区2020年政务公开工作要点');
  });

  it('ranks title matches over body matches, an exact phrase over scattered words, and a valid document over a repealed twin', async () => {
    const phrase = await importDoc({ title: '关于加强农村饮水安全管理的通知', body: '<p>做好农村饮水安全工作。</p>' });
    const scattered = await importDoc({ title: '关于农村安全和饮水工作的通知', body: '<p>农村饮水和生产安全。</p>' });
    const bodyOnly = await importDoc({ title: '关于做好春季农村工作的通知', body: '<p>重点抓好农村饮水安全管理和防汛。</p>' });
    const r = await search({ q: '饮水安全' });
    const ids = r.items.map((i) => i.id);
    assert.equal(ids[0], phrase);
    assert.ok(ids.indexOf(scattered) > 0 && ids.indexOf(bodyOnly) > 0);
    assert.ok(ids.indexOf(phrase) < ids.indexOf(bodyOnly));
    // Quoted: only where the words are adjacent.
    const quoted = (await search({ q: '"饮水安全"' })).items.map((i) => i.id);
    assert.ok(quoted.includes(phrase) && quoted.includes(bodyOnly));
    assert.ok(!quoted.includes(scattered), 'scattered words do not match a quoted phrase');

    const valid = await importDoc({ title: '宿城区殡葬管理暂行规定', body: '<p>殡葬设施建设和管理。</p>', publishedAt: '2022-01-05T02:00:00.000Z' });
    const repealed = await importDoc({
      title: '宿城区殡葬管理暂行规定（旧）', body: '<p>殡葬设施建设和管理。</p>', publishedAt: '2022-01-06T02:00:00.000Z',
      validity: '废止', validityOn: '2023-01-01', validityReason: '已被新规定替代',
    });
    const v = (await search({ q: '殡葬管理暂行规定' })).items.map((i) => i.id);
    assert.ok(v.indexOf(valid) >= 0 && v.indexOf(valid) < v.indexOf(repealed), 'the valid one first although the repealed one is newer');
  });

  it('excludes words, searches titles only, and filters by facets', async () => {
    const ex = await titles({ q: '政务公开工作要点 -2020' });
    assert.ok(ex.length >= 5);
    assert.ok(!ex.includes('宿城区2020年政务公开工作要点'), ex.join(' | '));
    const all = await search({ q: '', pageSize: 100 });
    const notPlan = await search({ q: '-工作要点', pageSize: 100 });
    assert.ok(notPlan.total > 0 && notPlan.total <= all.total - 7, `${notPlan.total} of ${all.total}`);
    assert.ok(notPlan.items.every((i) => !i.title.includes('工作要点')));
    const both = await titles({ q: '义务教育' });
    const titleOnly = await titles({ q: '义务教育', titleOnly: true });
    assert.ok(titleOnly.length > 0 && titleOnly.length < both.length);
    for (const x of titleOnly) assert.match(x, /义务教育/);
    assert.deepEqual(await titles({ q: 'title:义务教育' }), titleOnly);

    const jyj = await unitId(t, 'jyj');
    const r = await search({ q: '教育', unit: jyj, pageSize: 100 });
    assert.ok(r.total > 0);
    for (const i of r.items) assert.equal(i.unitId, jyj);
    assert.deepEqual(r.facets.unit.map((f) => f.value), [String(jyj)]);
    const y = await search({ q: '政务公开工作要点', year: 2021 });
    assert.ok(y.items.every((i) => i.publishedAt!.startsWith('2021')));
    const range = await search({ q: '政务公开工作要点', from: '2021-01-01', to: '2022-12-31', sort: 'date' });
    assert.ok(range.items.length >= 1 && range.items.every((i) => i.publishedAt! >= '2020-12-31T16' && i.publishedAt! < '2022-12-31T16'));
    const inv = await search({ q: '', validity: '废止' });
    assert.ok(inv.total >= 1 && inv.items.every((i) => i.validity === '废止'));
  });

  it('counts facets over visible documents only: drafts, scheduled and withdrawn documents never appear', async () => {
    const word = '琥珀蜜蜂养殖';
    const published = await release(await draft(`${word}扶持办法`, `支持${word}。`));
    await draft(`${word}草稿`, `草稿${word}。`);
    const scheduled = await release(await draft(`${word}定时发布`, `定时${word}。`), new Date(Date.now() + 86_400_000).toISOString());
    const gone = await release(await draft(`${word}撤稿文件`, `撤稿${word}。`));
    assert.equal((await search({ q: word })).total, 3 - 1, 'published and (for now) the one to withdraw');
    unwrap(await withdrawDocument(deps(), reviewer, gone, { reason: '内容有误' }));
    const r = await search({ q: word });
    assert.deepEqual(r.items.map((i) => i.id), [published]);
    assert.equal(r.total, 1);
    for (const f of Object.values(r.facets)) assert.equal(f.reduce((s, x) => s + x.count, 0), 1);
    // The scheduled one is indexed, and hidden by its publication time.
    assert.ok(await t.db.selectFrom('search_docs').select('document_id').where('document_id', '=', scheduled).executeTakeFirst());
    assert.equal((await t.db.selectFrom('search_docs').select('document_id').where('document_id', '=', gone).executeTakeFirst()), undefined);
    const apiR = await api(`q=${encodeURIComponent(word)}`);
    assert.equal(apiR.json().total, 1);
  });

  it('answers the same through the in-memory facet fields (SQLite) as through SQL, after changes too', async () => {
    const fast = createSearch(t.db);
    const plain = createSearch(t.db, { memoryFacets: false });
    // Never ranks only the title-bonus documents (bm25 for every hit), for comparison.
    const cands = createSearch(t.db, { candidateMin: Infinity });
    // Always ranks group by group of title bonus inside SQLite (topByBonus), however few the hits.
    const grouped = createSearch(t.db, { candidateMin: 0 });
    const cases: Partial<SearchParams>[] = [
      { q: '政务公开' }, { q: '宿城区 政务公开 要点' }, { q: '义务教育招生' }, { q: '行政许可 清单', page: 1, pageSize: 3 },
      { q: '政务公开', page: 2, pageSize: 5 }, { q: '政务公开', sort: 'date' }, { q: '政务公开', validity: '失效' },
      { q: '公开', topic: 'zhzw' }, { q: '公开', genre: 'tongzhi', year: 2020 }, { q: '公开', from: '2020-01-01', to: '2021-12-31' },
      { q: '公开', unit: await unitId(t, 'zfb') }, { q: '公开 -要点' }, { q: '宿城政办发〔2020〕' }, { q: 'zhengwugongkai' }, { q: '低保' },
      { q: '公开', pageSize: 3 }, { q: '政务公开', pageSize: 5 }, { q: '宿城区 政务公开 要点', pageSize: 4 }, { q: '公开 -要点', pageSize: 2, page: 2 },
      { q: '政务公开 要点', titleOnly: true }, { q: '政务公开 要点', titleOnly: true, pageSize: 3 }, { q: '义务教育', titleOnly: true, pageSize: 1 },
      // Nothing found: did-you-mean keeps the words that find the most and still find something together.
      { q: '义务教育 火星基地' }, { q: '政务公开 火星基地 要点 宿城区' }, { q: '政务公开 义务教育 火星基地' }, { q: '政务公开 义务教育 火星基地', year: 1999 },
      { q: '政务公开 义务教育 火星基地 宿城区 要点 安全生产 收费' }, // keeps 政务公开 义务教育 宿城区 要点: the rest find nothing with them
    ];
    const strip = (r: Awaited<ReturnType<SearchEngine['search']>>) => ({ total: r.total, items: r.items, facets: r.facets, didYouMean: r.didYouMean });
    const compare = async () => {
      for (const c of cases) {
        const p = { q: '', ...c };
        const expected = strip(await plain.search(t.db, p));
        assert.deepEqual(strip(await fast.search(t.db, p)), expected, JSON.stringify(p));
        assert.deepEqual(strip(await cands.search(t.db, p)), expected, `all ranked: ${JSON.stringify(p)}`);
        assert.deepEqual(strip(await grouped.search(t.db, p)), expected, `by bonus group: ${JSON.stringify(p)}`);
      }
    };
    await compare();
    // A document published before 1970 (a negative time in memory) is found, counted and filtered like any other.
    const old = await importDoc({ title: '关于渔业资源繁殖保护的规定', writtenOn: '1954-03-01', publishedAt: '1954-03-02T00:00:00.000Z', body: '<p>保护渔业资源繁殖。</p>' });
    for (const p of [{ q: '渔业资源 繁殖' }, { q: '渔业资源 繁殖', year: 1954 }, { q: '渔业资源 繁殖', to: '1960-01-01' }, { q: '渔业资源', pageSize: 1 }]) {
      const r = await fast.search(t.db, p);
      assert.deepEqual(r.items.map((i) => i.id), [old], JSON.stringify(p));
      assert.equal(r.total, 1);
      assert.deepEqual(r.facets.year, [{ value: '1954', label: '1954年', count: 1 }]);
      assert.deepEqual(strip(r), strip(await plain.search(t.db, p)));
    }
    // A change of facet fields is seen by the next search (validity of a published document).
    const id = idOf.get('宿城区2020年政务公开工作要点')!;
    const before = (await fast.search(t.db, { q: '宿城区2020年政务公开工作要点', validity: '失效' })).items.map((i) => i.id);
    assert.ok(!before.includes(id));
    unwrap(await changeValidity(deps(), reviewer, id, { validity: '失效', on: '2025-01-01', reason: '测试' }));
    try {
      assert.ok((await fast.search(t.db, { q: '宿城区2020年政务公开工作要点', validity: '失效' })).items.some((i) => i.id === id));
      await compare();
    } finally {
      unwrap(await changeValidity(deps(), reviewer, id, { validity: '有效' }));
    }
    assert.ok(!(await fast.search(t.db, { q: '宿城区2020年政务公开工作要点', validity: '失效' })).items.some((i) => i.id === id));
  });

  it('sees index changes made through another connection (a reindex in another process)', async () => {
    const fast = createSearch(t.db);
    const q = { q: '宿城区2020年政务公开工作要点', validity: '失效' };
    const id = idOf.get('宿城区2020年政务公开工作要点')!;
    assert.ok(!(await fast.search(t.db, q)).items.some((i) => i.id === id)); // read into memory now
    const other = openDatabase(t.handle.url);
    try {
      unwrap(await changeValidity({ db: other.db }, reviewer, id, { validity: '失效', on: '2025-01-01', reason: '测试' }));
      assert.ok((await fast.search(t.db, q)).items.some((i) => i.id === id), 'the other connection’s change is seen');
      unwrap(await changeValidity({ db: other.db }, reviewer, id, { validity: '有效' }));
      assert.ok(!(await fast.search(t.db, q)).items.some((i) => i.id === id));
    } finally {
      await other.close();
    }
  });

  it('keeps the index in step with publishing, editing, validity and withdrawal', async () => {
    const word = '珊瑚礁保护';
    const id = await draft(`关于${word}的通知`, '内容');
    assert.equal((await search({ q: word })).total, 0, 'a draft is not searchable');
    await release(id);
    assert.deepEqual((await search({ q: word })).items.map((i) => i.id), [id], 'searchable at once');
    unwrap(await changeValidity(deps(), reviewer, id, { validity: '失效', on: '2026-01-01', reason: '到期' }));
    assert.equal((await search({ q: word })).items[0].validity, '失效');
    const row = await t.db.selectFrom('search_docs').select('validity').where('document_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.validity, '失效');
    unwrap(await withdrawDocument(deps(), reviewer, id, { reason: '撤回' }));
    assert.equal((await search({ q: word })).total, 0, 'withdrawn: gone');
    // Editing a draft that mentions the word does not make it visible.
    const other = await draft('另一个文件', '无关');
    unwrap(await updateDocument(deps(), editor, other, { body: `<p>${word}</p>` }));
    assert.equal((await search({ q: word })).total, 0);
  });

  it('finds text of attachments and says which one matched', async () => {
    const id = await importDoc({ title: '关于公布2024年农业补贴名单的通知', body: '<p>名单见附件。</p>' });
    const now = new Date().toISOString();
    await t.db.insertInto('files').values({ sha256: 'a'.repeat(64), size: 10, created_at: now }).execute();
    const att = await t.db
      .insertInto('attachments')
      .values({ document_id: id, sha256: 'a'.repeat(64), filename: '补贴名单.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 10, position: 1, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('search_attachment_text').values({ attachment_id: att.id, document_id: id, text: '耿车镇 张家村 稻谷种植补贴 1200元' }).execute();
    await engine.indexDocument(t.db, id);
    const r = await search({ q: '稻谷种植补贴' });
    assert.equal(r.items[0]?.id, id);
    assert.deepEqual(r.items[0].matchedAttachment, { id: att.id, filename: '补贴名单.xlsx', url: `/xxgk/documents/${id}/files/${att.id}` });
    assert.match(r.items[0].snippet, /<mark>稻谷<\/mark>|<mark>稻谷种植补贴<\/mark>/);
  });

  it('suggests Chinese for pinyin input and for queries with no result', async () => {
    const r = await search({ q: 'zhengwugongkai' });
    assert.equal(r.didYouMean, '政务公开');
    const z = await search({ q: '义务教育 火星基地' });
    assert.equal(z.total, 0);
    assert.equal(z.didYouMean, '义务教育');
  });

  // Did-you-mean on PostgreSQL plans each call with the query's own words, from the text index (migration
  // 20261207223000): gongkai_search_keep's statements run as PL/pgSQL prepared statements, and a generic plan (after
  // five calls) chose a scan of every published row by date, reading each tsvector back — 0.6–1.1 s a zero-result page
  // at 100,000 documents (docs/performance.md, LD13). The same suggestion call after call (past the generic-plan
  // point), as SQLite gives from memory; on PostgreSQL the function carries the settings.
  it('keeps the words of a query that finds nothing that find something together, call after call', async () => {
    for (let i = 0; i < 8; i++) {
      const r = await engine.search(t.db, { q: '政务公开 鲲鹏扶摇', page: 1, pageSize: 20, sort: 'relevance' });
      assert.equal(r.total, 0);
      assert.equal(r.didYouMean, '政务公开', `call ${i + 1}`);
    }
    if (DIALECT === 'postgres') {
      const { rows } = await sql<{ cfg: string[] | null }>`select proconfig as cfg from pg_proc where proname = 'gongkai_search_keep'`.execute(t.db);
      assert.equal(rows.length, 1);
      const cfg = rows[0].cfg ?? [];
      for (const c of ['enable_indexscan=off', 'plan_cache_mode=force_custom_plan', 'enable_seqscan=off']) assert.ok(cfg.includes(c), cfg.join(', '));
    }
  });

  it("learns the installation's unit names, and finds documents indexed before a name was learnt", async () => {
    const id = await importDoc({ title: '关于宿城区数据资源服务中心开放时间的通知', body: '<p>数据资源服务中心开放时间调整。</p>' });
    const now = new Date().toISOString();
    await t.db.insertInto('units').values({ code: 'sjzx', name: '宿城区数据资源服务中心', type: 'department', parent_id: null, index_prefix: 'X', position: 99, created_at: now, updated_at: now } as any).execute();
    assert.ok(!getSegmenter().cut('宿城区数据资源服务中心').includes('宿城区数据资源服务中心'));
    await learnInstallationWords(t.db, true);
    assert.ok(getSegmenter().cut('宿城区数据资源服务中心通知').includes('宿城区数据资源服务中心'));
    // Indexed with the old segmentation, found with the new one (the query word also matches its parts).
    assert.equal((await search({ q: '宿城区数据资源服务中心' })).items[0]?.id, id);
  });

  it('offers related queries that enough distinct visitors searched with results (suggest.test.ts has the rest)', async () => {
    await t.db.insertInto('search_query_stats').values([
      { week: isoWeekBeijing(), query: '招生范围', searches: 5, zero_results: 0 },
      { week: isoWeekBeijing(), query: '招生火星', searches: 9, zero_results: 9 },
    ]).execute();
    const day = beijingDay();
    await writeVisitors(t.db, t.db, ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((address) => ({ day, query: '招生范围', address })));
    const r = await search({ q: '招生 火星基地' });
    assert.equal(r.total, 0);
    assert.ok(r.related?.includes('招生范围'), JSON.stringify(r.related));
    assert.ok(!r.related?.includes('招生火星'), 'queries that never found anything are not offered');
  });

  it('answers the API with the documented shape, highlighted and escaped', async () => {
    const r = await api('q=' + encodeURIComponent('行政许可事项清单'));
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    const body = r.json();
    const c = TypeCompiler.Compile(SearchResponse);
    assert.ok(c.Check(body), JSON.stringify([...c.Errors(body)].slice(0, 3)));
    const first = body.items[0];
    assert.equal(first.title, '宿城区行政许可事项清单（2023年版）');
    assert.match(first.titleHighlighted, /<mark>行政许可事项清单<\/mark>/);
    assert.deepEqual(Object.keys(body.facets).sort(), ['genre', 'kind', 'topic', 'unit', 'validity', 'year']);
    assert.ok(body.facets.unit.every((f: any) => f.label && f.count > 0));
    for (const bad of ['pageSize=0', 'pageSize=101', 'page=0', 'from=2020-1-1', 'validity=bogus', 'sort=x', 'unit=nosuchunit', 'year=abc', 'foo=1', 'from=2021-01-02&to=2021-01-01']) {
      const b = await api(`q=x&${bad}`);
      assert.equal(b.statusCode, 400, bad);
      assert.equal(b.json().error.code, 'VALIDATION', bad);
    }
    const paged = await api('q=' + encodeURIComponent('政务公开') + '&pageSize=2&page=2');
    assert.equal(paged.json().items.length, 2);
    assert.equal(paged.json().page, 2);
  });

  it('ranks the text that holds a typed passage first, typed verbatim or in spoken form (phrase bonus, issue 15)', async () => {
    // The passage in a long text among many common words; two shorter texts hold every word of it, scattered
    // (a higher bm25 by length alone).
    const filler = '各级人民政府应当加强管理工作，有关部门按照职责做好监督检查。'.repeat(40);
    const passage = '船舶靠泊作业期间码头经营人应当核查防污设备';
    const gap = '其他事项由市人民政府另行规定并向社会公布。';
    const target = await release(await draft('港口管理条例', `${filler}第二十条 ${passage}，并记录在案。${filler}`));
    const scattered = [
      await release(await draft('港口作业规定', `码头经营人负责核查。${gap}船舶作业期间，防污设备应当完好。${gap}靠泊期间不得检修。`)),
      await release(await draft('港口设备通知', `防污设备由码头经营人核查；${gap}船舶靠泊作业期间，${gap}应当另行安排。`)),
    ];
    for (const q of [passage, '船舶 靠泊 作业 期间 码头 经营人 核查 防污 设备', `${passage.slice(0, 10)}，${passage.slice(10)}`]) {
      const r = await search({ q });
      assert.ok(r.total >= 3, `${q}: ${r.total}`);
      assert.equal(r.items[0]?.id, target, `${q}: ${r.items.map((i) => i.title).join(' / ')}`);
      assert.ok(scattered.every((id) => r.items.some((i) => i.id === id)), q);
      if (engine.dialect === 'sqlite') {
        const plain = await createSearch(t.db, { memoryFacets: false }).search(t.db, { q });
        assert.deepEqual(plain.items.map((i) => [i.id, i.score]), r.items.map((i) => [i.id, i.score]), `SQL path: ${q}`);
      }
    }
  });

  it('finds the document a query names when a word of it is typed slightly wrong (issue 15, title queries)', async () => {
    const lakes = await release(await draft('市水务局关于进一步做好2020年河湖水面积达标工作的通知', '各区水务局：请做好河湖水面积统计。'));
    const review = await release(await draft('最高人民法院关于仲裁司法审查案件报核问题的有关规定', '为正确审理仲裁司法审查案件，制定本规定。'));
    const green = await release(await draft('城市绿化养护管理规定', '城市绿地的养护，由园林绿化部门负责。'));
    // One whose title holds those words too, withdrawn: it left the index (the fields in memory keep its title).
    const gone = await release(await draft('区水务局2020年河湖水面积达标情况的公告', '河湖水面积达标情况。'));
    await search({ q: '水务局2020年湖水面积达标' });
    unwrap(await withdrawDocument(deps(), reviewer, gone, { reason: '内容有误' }));
    // Every word in the title, whatever its segmentation (湖水 and 面积 in 河湖水面积; 案件 … 核 in 案件报核): first.
    for (const [q, id] of [['水务局2020年湖水面积达标', lakes], ['仲裁司法审查案件核的规定', review]] as const) {
      const r = await search({ q });
      assert.equal(r.items[0]?.id, id, `${q}: ${r.items.map((i) => i.title).join(' / ')}`);
      assert.ok(r.total >= r.items.length, q);
      assert.ok(!r.items.some((i) => i.id === gone), `${q}: a withdrawn document`);
      if (engine.dialect === 'sqlite') {
        // The title pass from the titles in memory gives what its SQL gives.
        const plain = await createSearch(t.db, { memoryFacets: false }).search(t.db, { q });
        assert.deepEqual(r.items.map((i) => [i.id, i.score]), plain.items.map((i) => [i.id, i.score]), `SQL path: ${q}`);
      }
    }
    // A word no document holds: the documents holding every other word, after those holding them all.
    const r = await search({ q: '城市 绿化 养护 紫罗兰' });
    assert.equal(r.items[0]?.id, green, r.items.map((i) => i.title).join(' / '));
    if (engine.dialect === 'sqlite') {
      // The parts that find nothing are not searched (mayFind): the same page as the SQL path, which searches each.
      for (const q of ['城市 绿化 养护 紫罗兰', '紫罗兰 城市 火星基地 绿化 养护', '火星基地 紫罗兰 政务公开 宿城区']) {
        const plain = await createSearch(t.db, { memoryFacets: false }).search(t.db, { q });
        assert.deepEqual((await search({ q })).items.map((i) => [i.id, i.score, i.titleHighlighted]), plain.items.map((i) => [i.id, i.score, i.titleHighlighted]), `SQL path: ${q}`);
      }
      // Parts that find only what the query found (not searched again) or more: the same page as the SQL path.
      for (const q of ['城市 绿化 养护 管理', '城市 绿化 养护 管理 部门 负责']) {
        const plain = await createSearch(t.db, { memoryFacets: false }).search(t.db, { q });
        assert.deepEqual((await search({ q })).items.map((i) => [i.id, i.score, i.titleHighlighted, i.snippet]), plain.items.map((i) => [i.id, i.score, i.titleHighlighted, i.snippet]), `SQL path: ${q}`);
      }
    }
    // The completion lets the event loop turn between its searches (pages asked for meanwhile are served).
    let turns = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const completed = await search({ q: '城市 绿化 养护 紫罗兰' });
    done = true;
    assert.equal(completed.items[0]?.id, green);
    assert.ok(turns >= 2, `event-loop turns during the search: ${turns}`);
    assert.equal((await search({ q: '城市 绿化 养护 紫罗兰', page: 2 })).items.length, 0, 'page 2: the strict result');
    assert.equal((await search({ q: '城市 绿化 养护 紫罗兰', sort: 'date' })).total, 0, 'by date: the strict result');
    assert.equal((await search({ q: '绿化 紫罗兰' })).total, 0, 'two words: not completed');
    const viaApi = await api(`q=${encodeURIComponent('城市 绿化 养护 紫罗兰')}`);
    assert.equal(viaApi.statusCode, 200);
    assert.equal(viaApi.json().items[0]?.id, green);
  });

  it('never answers hostile queries with a 500, on the API and on the page', async () => {
    const hostile = [
      '', ' ', '"', '""', '"""', '*', '^', ':', 'NEAR', 'AND', 'OR NOT', 'a AND', '(', ')', '{title}: x', 'title:', 'NEAR("a" "b", 2)', 'x*', '^x',
      "'; DROP TABLE documents; --", '1 OR 1=1', '%', '_', '\\', '\u0000', '\u200b', '😀🎉', '𠮷野家', '-', '--', '-"', '"a', 'a"b"c',
      '政'.repeat(10_000), 'a '.repeat(3000), '〔', '〔2020〕', '号', '321302/', '/', '-2020', 'zhengwu', '<script>alert(1)</script>',
    ];
    for (const q of hostile) {
      const r = await api('q=' + encodeURIComponent(q));
      assert.equal(r.statusCode, 200, `${JSON.stringify(q.slice(0, 20))}: ${r.body.slice(0, 200)}`);
      const p = await t.app.inject({ method: 'GET', url: '/search?q=' + encodeURIComponent(q) });
      assert.equal(p.statusCode, 200, `page ${JSON.stringify(q.slice(0, 20))}`);
      assert.ok(!p.body.includes('<script>alert'), 'escaped');
    }
    const bad = await t.app.inject({ method: 'GET', url: '/search?q=x&page=abc&year=99999&unit=nope&from=bad&validity=x' });
    assert.equal(bad.statusCode, 200);
  });

  it('renders the results page with facets, highlights, metadata and paging, and the advanced form', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/search?q=' + encodeURIComponent('政务公开工作要点') });
    assert.equal(r.statusCode, 200);
    const html = r.body;
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /共找到 <strong>\d+<\/strong> 条结果/);
    assert.match(html, /<mark>[^<]*<\/mark>/);
    assert.match(html, /发布机构：宿城区人民政府办公室 · 公开日期：20\d\d-\d\d-\d\d/);
    assert.match(html, /href="\/search\?q=[^"]*&amp;unit=\d+"/);
    assert.match(html, /<label for="search-q">/);
    assert.equal((html.match(/<h1/g) ?? []).length, 1);
    const dated = await t.app.inject({ method: 'GET', url: '/search?q=' + encodeURIComponent('政务公开工作要点') + '&sort=date' });
    assert.match(dated.body, /<strong>按日期<\/strong>/);
    const adv = await t.app.inject({ method: 'GET', url: '/search/advanced' });
    assert.equal(adv.statusCode, 200);
    for (const f of ['adv-q', 'adv-unit', 'adv-topic', 'adv-genre', 'adv-validity', 'adv-from', 'adv-to']) assert.match(adv.body, new RegExp(`<label for="${f}">`));
    const py = await t.app.inject({ method: 'GET', url: '/search?q=zhengwugongkai' });
    assert.match(py.body, /“zhengwugongkai”没有找到结果，以下是“政务公开”的检索结果/);
    assert.match(py.body, /共找到 <strong>[1-9]\d*<\/strong> 条结果/);
    const empty = await t.app.inject({ method: 'GET', url: '/search' });
    assert.equal(empty.statusCode, 200);
    assert.doesNotMatch(empty.body, /共找到/);
  });

  it('counts searches per week and normalised query, with zero-result searches', async () => {
    const week = isoWeekBeijing();
    await t.app.inject({ method: 'GET', url: '/search?q=' + encodeURIComponent('ＺＺ测试词') });
    await api('q=' + encodeURIComponent('zz测试词'));
    await api('q=' + encodeURIComponent('zz测试词') + '&page=2');
    // Counted in memory, written in batches: nothing yet, then both after the flush.
    assert.equal(await t.db.selectFrom('search_query_stats').select('searches').where('week', '=', week).where('query', '=', 'zz测试词').executeTakeFirst(), undefined);
    await flushSearchStats(t.db);
    const row = await t.db.selectFrom('search_query_stats').selectAll().where('week', '=', week).where('query', '=', 'zz测试词').executeTakeFirstOrThrow();
    assert.equal(row.searches, 2);
    assert.equal(row.zero_results, 2);
  });

  it('rebuilds the index with `gongkai reindex`, dropping rows that should not be there', async () => {
    const before = await t.db.selectFrom('search_docs').select('document_id').orderBy('document_id').execute();
    // Damage the index: lose some rows, keep a stale one for a withdrawn document.
    await t.db.deleteFrom('search_docs').where('document_id', '<=', 5).execute();
    const gone = await t.db.selectFrom('documents').select('id').where('status', '=', 'withdrawn').executeTakeFirstOrThrow();
    await t.db.insertInto('search_docs').values({ document_id: gone.id, unit_id: 1, topic: null, genre: null, kind: 'other', validity: '有效', year: 2020, published_at: '2020-01-01T00:00:00.000Z', title_norm: 'x', doc_no_key: null, index_no_key: null, indexed_at: '2000-01-01T00:00:00.000Z', ...(t.handle.dialect === 'postgres' ? { tsv: '' } : {}) } as any).execute();
    const saved = { url: process.env.DATABASE_URL, dir: process.env.DATA_DIR };
    process.env.DATABASE_URL = t.handle.url;
    process.env.DATA_DIR = t.config.dataDir;
    const logs: string[] = [];
    const origLog = console.log;
    const origWrite = process.stderr.write.bind(process.stderr);
    let progress = '';
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    (process.stderr as any).write = (s: string) => ((progress += s), true);
    try {
      assert.equal(await cli(['reindex']), 0);
    } finally {
      console.log = origLog;
      (process.stderr as any).write = origWrite;
      process.env.DATABASE_URL = saved.url;
      process.env.DATA_DIR = saved.dir;
    }
    assert.match(progress, /\r重建检索索引 \[#+\.*\] 100% \d+\/\d+/);
    assert.match(logs.join('\n'), /已重建检索索引：\d+ 件文件/);
    const afterRows = await t.db.selectFrom('search_docs').select('document_id').orderBy('document_id').execute();
    assert.deepEqual(afterRows, before);
    assert.equal((await titles({ q: '宿城区2020年政务公开工作要点' }))[0], '宿城区2020年政务公开工作要点');
  });

  it('builds an empty index when the app starts on a database that has documents', async () => {
    const before = await t.db.selectFrom('search_docs').select('document_id').orderBy('document_id').execute();
    await t.db.deleteFrom('search_docs').execute();
    if (t.handle.dialect === 'sqlite') {
      await sql`delete from search_fts`.execute(t.db);
    }
    const app2 = await buildApp(t.config, t.handle);
    await app2.ready();
    try {
      const afterRows = await t.db.selectFrom('search_docs').select('document_id').orderBy('document_id').execute();
      assert.deepEqual(afterRows, before);
      const r = await app2.inject({ method: 'GET', url: '/api/v1/search?q=' + encodeURIComponent('行政许可事项清单') });
      assert.equal(r.json().items[0].title, '宿城区行政许可事项清单（2023年版）');
    } finally {
      await app2.close();
    }
  });
});
