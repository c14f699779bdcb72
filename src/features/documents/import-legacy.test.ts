// Issue 12, imports of legacy archives: every index-number shape observed on real government sites
// (domain.md §4.2) is accepted and kept as it is, paired with real 文号, titles and dates from
// /work/shared/data/doc-numbers-cn; a document marked 失效/废止 without a known date is imported,
// stored with an unknown date, shown as 失效日期不详 and counted in the 失效文件清单.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildTestApp, hasShared, sharedPath, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importFile, importRecord } from './documents.import.ts';
import { isIndexNo, normalizeIndexNo } from './index-number.ts';

/** Index numbers seen in the wild (domain.md §4.2), with the publisher whose documents they number. */
const REAL_INDEX_NOS: { indexNo: string; shape: string; source: string }[] = [
  { indexNo: '000014349/2017-00110', shape: '9-char organization code / YYYY-NNNNN (national scheme)', source: 'State Council' },
  { indexNo: '000013338/2023-00079', shape: 'organization code / YYYY-NNNNN', source: 'State Council' },
  { indexNo: '014416330/2019-08262', shape: 'organization code / YYYY-NNNNN', source: 'Shanghai Municipal Government' },
  { indexNo: '11441700007280420Y/2021-00050', shape: '18-char USCC / YYYY-NNNNN', source: 'Guangdong Provincial Government' },
  { indexNo: '113708280043326001/2024-02411', shape: 'USCC / YYYY-NNNNN', source: 'Henan Provincial Government' },
  { indexNo: '11341702486344515H/202110-00013', shape: 'USCC / YYYYMM-NNNNN', source: 'Sichuan Provincial Government' },
  { indexNo: '01527918X-2020-153077', shape: 'organization code - YYYY - 6-digit serial', source: 'Yunnan Provincial Government' },
  { indexNo: '035210000/2025-00016', shape: 'local code (no valid checksum) / YYYY-NNNNN', source: 'State Council' },
  // The two provincial/municipal schemes of §4.2 are described, not quoted: numbers built by their rules.
  { indexNo: '530000011010220230001', shape: 'Yunnan 21-digit numeric scheme (built by the rule)', source: 'Yunnan Provincial Government' },
  { indexNo: '330203-0101-01-0102-20070101-1', shape: 'Ningbo 地区-部门-类别-分组-YYYYMMDD-序号 (built by the rule)', source: 'Shanghai Municipal Government' },
];

const DOCNOS = 'data/doc-numbers-cn/doc_numbers.csv';
const TITLES = 'data/doc-numbers-cn/titles_dates.csv';

describe('index-number shapes (pure)', () => {
  for (const c of REAL_INDEX_NOS) {
    it(`accepts ${c.indexNo} — ${c.shape}`, () => {
      assert.equal(isIndexNo(c.indexNo), true);
      assert.equal(normalizeIndexNo(` ${c.indexNo} `), c.indexNo, 'kept as it is (trimmed)');
    });
  }
  it('normalises full-width characters typed in spreadsheets', () => {
    assert.equal(normalizeIndexNo('００００１４３４９／２０１７－００１１０'), '000014349/2017-00110');
  });
  for (const bad of ['', 'bad index', '索引号', '2017', 'abc/def', '000014349//2017-00110', '-000014349/2017', '000014349/2017-00110/', 'x'.repeat(30) + '/2017-00110' + '1'.repeat(20)]) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(isIndexNo(bad), false));
  }
});

describe('import of legacy archives (issue 12)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t?.close();
  });

  it('imports documents numbered in every real index-number shape, with real 文号, titles and dates', { skip: !(hasShared(DOCNOS) && hasShared(TITLES)) && 'shared data absent' }, async () => {
    const numbers = parse(fs.readFileSync(sharedPath(DOCNOS)), { columns: true, bom: true }) as Record<string, string>[];
    const titles = new Map((parse(fs.readFileSync(sharedPath(TITLES)), { columns: true, bom: true }) as Record<string, string>[]).map((r) => [r.url, r]));
    const used = new Set<string>();
    const ctx = await importContext(t.db, systemActor('测试导入'));
    for (const c of REAL_INDEX_NOS) {
      // The first document of that publisher with a 文号, a title and a 成文日期 not used yet.
      const src = numbers.find((r) => r.source === c.source && r.doc_number && titles.get(r.url)?.issue_date && !used.has(r.url));
      assert.ok(src, `a real document of ${c.source}`);
      used.add(src.url);
      const meta = titles.get(src.url)!;
      const rec = { unit: 'zfb', indexNo: c.indexNo, title: meta.title, docNo: src.doc_number, writtenOn: meta.issue_date, publishedAt: meta.publish_date || meta.issue_date, column: 'zd' };
      const r = await importRecord(ctx, rec);
      assert.equal(r, 'created', `${c.indexNo} (${c.shape}) with ${src.doc_number}: ${JSON.stringify(r)}`);
      const row = await t.db.selectFrom('documents').selectAll().where('index_no', '=', c.indexNo).executeTakeFirstOrThrow();
      assert.equal(row.title, meta.title.replace(/\s+/g, ' ').trim());
      assert.equal(row.written_on, meta.issue_date);
      assert.equal(row.status, 'published');
      assert.ok(row.doc_no, 'the 文号 is kept');
      // Importing the same record again changes nothing (matched on the index number).
      assert.equal(await importRecord(ctx, rec), 'unchanged');
      // The public page shows the number as given.
      const page = await t.app.inject(`/xxgk/documents/${row.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(c.indexNo), `${c.indexNo} on the document page`);
    }
  });

  it('refuses a malformed index number with a message, and imports the rest of the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-legacy-'));
    const file = path.join(dir, 'legacy.csv');
    fs.writeFileSync(
      file,
      ['名称,索引号,单位,成文日期', '宿城区2018年政务公开工作要点,321302/2018-00017,zfb,2018-03-02', '索引号有空格的文件,3213 02/2018-00018,zfb,2018-03-02'].join('\n'),
    );
    const report = await importFile(await importContext(t.db, systemActor('测试导入')), file);
    assert.equal(report.created, 1);
    assert.equal(report.failed, 1);
    assert.equal(report.problems[0].line, 3);
    assert.match(report.problems[0].reason, /indexNo: 索引号/);
    const n = await t.db.selectFrom('documents').select('id').where('title', '=', '索引号有空格的文件').execute();
    assert.equal(n.length, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a 失效 document without a known date: stored as unknown, shown as 失效日期不详, counted in the 失效文件清单', async () => {
    const before = await t.app.inject('/xxgk/invalid?unit=jyj');
    const countOf = (html: string) => (html.match(/<tr><td/g) ?? []).length;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-legacy-'));
    const file = path.join(dir, 'legacy.csv');
    fs.writeFileSync(
      file,
      [
        '名称,索引号,文号,单位,成文日期,有效性,失效日期,失效原因',
        '宿城区教育局关于做好2009年中小学招生工作的通知,014416330/2009-00031,宿城教发〔2009〕12号,jyj,2009-05-06,失效,,',
        '宿城区教育局关于印发学校安全管理办法的通知,014416330/2010-00007,宿城教发〔2010〕3号,jyj,2010-02-01,废止,,被新办法替代',
        '宿城区教育局关于2011年暑期安全工作的通知,014416330/2011-00020,,jyj,2011-06-20,失效,2011-09-01,有效期届满',
      ].join('\n'),
    );
    const report = await importFile(await importContext(t.db, systemActor('测试导入')), file);
    assert.equal(report.failed, 0, JSON.stringify(report.problems));
    assert.equal(report.created, 3);
    const rows = await t.db.selectFrom('documents').selectAll().where('index_no', 'in', ['014416330/2009-00031', '014416330/2010-00007', '014416330/2011-00020']).orderBy('index_no').execute();
    assert.deepEqual(
      rows.map((r) => [r.validity, r.validity_on, r.validity_reason]),
      [
        ['失效', null, null],
        ['废止', null, '被新办法替代'],
        ['失效', '2011-09-01', '有效期届满'],
      ],
    );

    const page = await t.app.inject(`/xxgk/documents/${rows[0].id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('失效日期不详'), 'the document page says the date is unknown');
    const repealed = await t.app.inject(`/xxgk/documents/${rows[1].id}`);
    assert.ok(repealed.body.includes('废止日期不详'));

    // Listed and counted: all three in the unit's list; the year filter only finds the dated one.
    const list = await t.app.inject('/xxgk/invalid?unit=jyj');
    assert.equal(list.statusCode, 200);
    assert.equal(countOf(list.body) - countOf(before.body), 3);
    for (const r of rows) assert.ok(list.body.includes(r.title));
    assert.ok(list.body.includes('不详'));
    const y2011 = await t.app.inject('/xxgk/invalid?unit=jyj&year=2011');
    assert.ok(y2011.body.includes(rows[2].title));
    assert.ok(!y2011.body.includes(rows[0].title) && !y2011.body.includes(rows[1].title));
    // The year filter offers 日期不详: exactly the undated ones.
    assert.match(list.body, /<option value="unknown"[^>]*>日期不详<\/option>/);
    const undated = await t.app.inject('/xxgk/invalid?unit=jyj&year=unknown');
    assert.equal(undated.statusCode, 200);
    assert.equal(countOf(undated.body), 2);
    assert.ok(undated.body.includes(rows[0].title) && undated.body.includes(rows[1].title) && !undated.body.includes(rows[2].title));
    assert.match(undated.body, /<option value="unknown" selected[^>]*>日期不详/);
    // Unknown dates come last on both databases (PostgreSQL sorts NULL first in a descending order).
    const order = [rows[2], rows[0], rows[1]].map((r) => list.body.indexOf(r.title));
    assert.ok(order[0] < order[1] && order[0] < order[2], 'the dated document comes before the undated ones');

    // A document with 有效性 有效 still needs no date; an unknown validity is still refused.
    const again = await importRecord(await importContext(t.db, systemActor('测试导入')), { unit: 'jyj', title: '有效性写错的文件', validity: '过期' });
    assert.ok(typeof again === 'object' && /validity: 有效性应为/.test(again.error));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
