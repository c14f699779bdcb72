// searchRelaxed's title pass, on SQLite and PostgreSQL (GONGKAI_TEST_DB=postgres): a query of two words that finds
// fewer than 3 documents lists the documents whose title holds both words as substrings, even where the title's
// segmentation has neither as a word (河湖 / 水面 / 积: no 湖水, no 面积). On PostgreSQL the titles come through the
// index of their character bigrams (engine.ts pgTitled, migration 20261207213000), which must hold every title's
// pieces — also after a title is edited — and must not drop a title for a word of one character.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importRecord } from '../documents/documents.import.ts';
import { createSearch, type SearchEngine } from './engine.ts';

describe('search title pass', () => {
  let t: TestApp;
  let engine: SearchEngine;
  const ids = async (q: string) => (await engine.search(t.db, { q })).items.map((i) => i.id);

  async function importDoc(title: string, body: string): Promise<number> {
    const ctx = await importContext(t.db, systemActor('测试'));
    const r = await importRecord(ctx, { unit: 'zfb', topic: 'zhzw.zwgk', genre: 'tongzhi', column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', keywords: [], summary: '', title, body: `<p>${body}</p>` });
    assert.equal(typeof r, 'string', JSON.stringify(r));
    return (await t.db.selectFrom('documents').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  }

  before(async () => {
    t = await buildTestApp();
    engine = createSearch(t.db);
  });
  after(async () => t?.close());

  it('finds titles that hold the words apart from their segmentation, and edited titles by their new words', async () => {
    const lake = await importDoc('上海2020年河湖水面积达标情况', '本市河道整治成效。');
    await importDoc('上海2020年绿化覆盖率情况', '本市绿化建设成效。');
    assert.deepEqual(await ids('湖水 面积'), [lake]);
    assert.deepEqual(await ids('湖水 面积 达标'), [lake]);
    assert.deepEqual(await ids('湖水 积'), [lake], 'a word of one character narrows nothing');
    assert.deepEqual(await ids('湖水 绿化'), []);
    // The title changed and the document indexed again: found by its new words only (the index follows the row).
    await t.db.updateTable('documents').set({ title: '上海2021年江河水位监测情况' }).where('id', '=', lake).execute();
    await engine.indexDocument(t.db, lake);
    assert.deepEqual(await ids('河水 位监'), [lake]);
    assert.deepEqual(await ids('湖水 面积'), []);
  });
});
