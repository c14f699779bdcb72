// containsText: % _ and \ typed by a user are literal on both databases (SQLite has no default LIKE escape).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { containsText, likePattern } from './like.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
  await t.db.schema.createTable('like_probe').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('title', 'text', (c) => c.notNull()).execute();
  const titles = ['完成率100%的通知', '完成率1000的通知', 'a_b 规划', 'axb 规划', '路径 C:\\temp 说明', '路径 C:temp 说明'];
  await (t.db as any).insertInto('like_probe').values(titles.map((title, i) => ({ id: i + 1, title }))).execute();
});
after(() => t.close());

const find = async (text: string) =>
  ((await (t.db as any).selectFrom('like_probe').select('title').where(containsText('title', text)).orderBy('id').execute()) as { title: string }[]).map((r) => r.title);

test('a title with 100% and a_b: the characters are the text, not wildcards', async () => {
  assert.deepEqual(await find('100%'), ['完成率100%的通知']);
  assert.deepEqual(await find('a_b'), ['a_b 规划']);
  assert.deepEqual(await find('C:\\temp'), ['路径 C:\\temp 说明']);
  assert.deepEqual(await find('规划'), ['a_b 规划', 'axb 规划']);
  assert.deepEqual(await find('%'), ['完成率100%的通知']);
  assert.deepEqual(await find('_'), ['a_b 规划']);
});

test('the pattern escapes exactly % _ and \\', () => {
  assert.equal(likePattern('100%_a\\b'), '%100\\%\\_a\\\\b%');
});
