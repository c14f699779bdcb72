// Issue 12, public pages: the Art. 20 page quotes the law word for word (compared with the official
// text of the 2019 条例 in /work/shared/data/laws-cn), /xxgk gives the two annual-report deadlines of
// Art. 49, and the 公开目录 lists 索引号, 名称, 内容概述 and 生成日期 as Art. 12 requires.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { buildTestApp, hasShared, sharedPath, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { ART20_CATEGORIES } from '../taxonomy/seed-data.ts';
import { importContext, importRecord } from './documents.import.ts';

const LAWS = 'data/laws-cn/laws.jsonl.gz';
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** The 15 items of Art. 20 as printed in the official text (without the closing ；/。). */
function officialArt20(): { intro: string; items: string[] } {
  const lines = zlib.gunzipSync(fs.readFileSync(sharedPath(LAWS))).toString('utf8').split('\n');
  const law = lines.filter(Boolean).map((l) => JSON.parse(l)).find((d) => d.title === '中华人民共和国政府信息公开条例' && d.file_date === '2019-04-03');
  assert.ok(law, 'the 2019 revision is in laws-cn');
  const body: string = law.body;
  const from = body.indexOf('第二十条 ');
  const to = body.indexOf('第二十一条 ');
  const art = body.slice(from, to);
  const intro = art.slice('第二十条 '.length, art.indexOf('\n')).trim();
  const items = NUMERALS.map((n) => {
    const m = new RegExp(`\\(${n}\\)([^\\n]+?)[；。]\\s*$`, 'm').exec(art);
    assert.ok(m, `item (${n}) found`);
    return m[1];
  });
  return { intro, items };
}

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"');

describe('public pages (issue 12)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t?.close();
  });

  it('the Art. 20 page quotes every item of the law exactly', { skip: !hasShared(LAWS) && 'shared data absent' }, async () => {
    const { intro, items } = officialArt20();
    assert.equal(items.length, 15);
    const res = await t.app.inject('/xxgk/art20');
    assert.equal(res.statusCode, 200);
    const page = text(res.body);
    assert.ok(page.includes(intro), `the page quotes the opening sentence: ${intro}`);
    items.forEach((official, i) => {
      assert.equal(ART20_CATEGORIES[i].no, i + 1);
      assert.equal(ART20_CATEGORIES[i].label, official, `item (${NUMERALS[i]}) has the official wording`);
      assert.ok(page.includes(official), `the page shows item (${NUMERALS[i]}) as in the law: ${official}`);
    });
    // Each category page carries the wording in its heading.
    const five = await t.app.inject('/xxgk/art20/5');
    assert.equal(five.statusCode, 200);
    assert.ok(text(five.body).includes(items[4]));
    assert.ok(text(five.body).includes('办理行政许可'));
    const six = await t.app.inject('/xxgk/art20/6');
    assert.ok(text(six.body).includes('实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定'));
  });

  it('/xxgk gives the two annual-report deadlines of Art. 49', async () => {
    const res = await t.app.inject('/xxgk');
    assert.equal(res.statusCode, 200);
    const page = text(res.body);
    assert.ok(!page.includes('各单位每年1月31日前'), 'not every unit publishes by 31 January');
    assert.match(page, /政府部门、街道乡镇[^。]*1月31日前/);
    assert.match(page, /县级以上人民政府[^。]*3月31日前/);
  });

  it('the 公开目录 lists 索引号, 名称, 内容概述 and 生成日期 of every item (Art. 12)', async () => {
    const ctx = await importContext(t.db, systemActor('测试导入'));
    const rec = {
      unit: 'jyj',
      title: '宿城区教育局关于2024年义务教育招生工作的通知',
      indexNo: '014416330/2019-08262',
      docNo: '宿城教发〔2024〕5号',
      column: 'tjxx',
      summary: '明确2024年义务教育阶段学校招生范围、报名时间和入学材料。',
      writtenOn: '2024-04-02',
      formedOn: '2024-04-01',
      publishedAt: '2024-04-08 09:00',
    };
    assert.equal(await importRecord(ctx, rec), 'created');
    for (const url of ['/xxgk/catalog/jyj', '/xxgk/catalog/jyj?column=tjxx']) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      const table = /<table class="doc-table[^"]*"[^>]*>([\s\S]*?)<\/table>/.exec(res.body)?.[1] ?? '';
      const head = text(/<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '');
      for (const label of ['索引号', '名称', '内容概述', '生成日期']) assert.ok(head.includes(label), `${url}: column ${label} in ${head}`);
      const row = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(rec.title));
      assert.ok(row, `${url}: the document is listed`);
      const cells = text(row);
      assert.ok(cells.includes(rec.indexNo), `${url}: 索引号`);
      assert.ok(cells.includes(rec.summary), `${url}: 内容概述`);
      assert.ok(cells.includes('2024-04-01'), `${url}: 生成日期 is the 形成日期`);
      assert.ok(cells.includes(rec.docNo), `${url}: 文号 still shown`);
    }
  });
});
