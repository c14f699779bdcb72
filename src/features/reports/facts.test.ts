// The report's facts: 发布政策解读 counts the documents published that year in the 政策解读 column — the
// column taxonomy's 政策文件 › 政策解读, code 'zcwj.zcjd' (the count read 'zcjd', a code no column has, and said
// 0 every year). Both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, unitId, type TestDb } from '../../../test/helpers.ts';
import { prepareDatabase } from '../seed.ts';
import { COLUMNS } from '../taxonomy/public.ts';
import { buildReport, INTERPRETATION_COLUMN } from './report.ts';

describe('annual report facts: 政策解读', () => {
  let h: TestDb;
  before(async () => {
    h = await createTestDatabase();
    await prepareDatabase(h, { demo: false });
  });
  after(async () => h?.close());

  it('the column is the taxonomy’s 政策解读', () => {
    assert.equal(COLUMNS.find((c) => c.code === INTERPRETATION_COLUMN)?.label, '政策解读');
  });

  it('counts the year’s published documents of the 政策解读 column, not other columns, other years or drafts', async () => {
    const unit = await unitId(h, 'zfb');
    const now = '2025-06-01T00:00:00.000Z';
    let n = 0;
    const doc = (column: string, publishedAt: string | null, status = 'published') =>
      h.db
        .insertInto('documents')
        .values({ unit_id: unit, status, title: `文件${++n}`, index_no: `JD/${n}`, kind: 'other', column_code: column, publisher: '宿城区', published_at: publishedAt, keywords: '[]', summary: '', body: '<p>正文</p>', validity: '有效', disclosure: '主动公开', version: 1, created_at: now, updated_at: now } as any)
        .execute();
    await doc('zcwj.zcjd', '2025-03-01T02:00:00.000Z');
    await doc('zcwj.zcjd', '2025-12-31T15:00:00.000Z'); // 23:00 on 31 December in Beijing: still 2025
    await doc('zcwj.zcjd', '2025-12-31T16:00:00.000Z'); // 1 January 2026 in Beijing
    await doc('zcwj.zcjd', null, 'draft');
    await doc('zcwj.qzfwj', '2025-05-01T02:00:00.000Z');
    const r = (await buildReport(h.db, unit, 2025))!;
    assert.equal(r.facts.interpretations, 2);
    assert.equal(r.facts.publishedTotal, 3);
    assert.match(r.narrative.overview, /发布政策解读 2 篇/);
  });
});
