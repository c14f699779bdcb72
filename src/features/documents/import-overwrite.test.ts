// The importer never overwrites another document: explicit index numbers in a file are reserved before
// automatic ones are handed out, a number that belongs to a different document is refused as a conflict,
// and re-running the same file changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importFile } from './documents.import.ts';
import { formatIndexNo } from './index-number.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await buildTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-imp-'));
});
after(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const csv = (name: string, rows: string[][]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, ['title,indexNo,unit,writtenOn,publishedAt,body', ...rows.map((r) => r.join(','))].join('\n'));
  return file;
};

test('a row without an index number does not take the number a later row names', async () => {
  const zfb = await unitId(t, 'zfb');
  const prefix = (await t.db.selectFrom('units').select('index_prefix').where('id', '=', zfb).executeTakeFirstOrThrow()).index_prefix;
  const first = formatIndexNo(prefix, 2020, 1); // what the first automatic number of 2020 would be
  const file = csv('a.csv', [
    ['甲文件（无索引号）', '', 'zfb', '2020-03-01', '2020-03-02', '甲'],
    ['乙文件（带索引号）', first, 'zfb', '2020-04-01', '2020-04-02', '乙'],
  ]);
  const ctx = await importContext(t.db, systemActor());
  const r1 = await importFile(ctx, file);
  assert.deepEqual([r1.created, r1.updated, r1.failed], [2, 0, 0], JSON.stringify(r1.problems));
  const rows = await t.db.selectFrom('documents').select(['title', 'index_no', 'body']).where('unit_id', '=', zfb).orderBy('title').execute();
  const byTitle = new Map(rows.map((r) => [r.title, r]));
  assert.equal(byTitle.get('乙文件（带索引号）')!.index_no, first);
  assert.notEqual(byTitle.get('甲文件（无索引号）')!.index_no, first);
  assert.match(byTitle.get('甲文件（无索引号）')!.body, /甲/, 'the first document is intact');

  // Re-running the same file changes nothing.
  const r2 = await importFile(await importContext(t.db, systemActor()), file);
  assert.deepEqual([r2.created, r2.updated, r2.unchanged, r2.failed], [0, 0, 2, 0]);

  // A row naming the number of a different document is refused; that document is untouched.
  const taken = byTitle.get('甲文件（无索引号）')!.index_no!;
  const clash = csv('b.csv', [['丙文件（撞号）', taken, 'zfb', '2021-01-01', '2021-01-02', '丙']]);
  const r3 = await importFile(await importContext(t.db, systemActor()), clash);
  assert.equal(r3.failed, 1);
  assert.match(r3.problems[0].reason, /已属于另一份文件《甲文件（无索引号）》/);
  const still = await t.db.selectFrom('documents').select(['title', 'body']).where('index_no', '=', taken).executeTakeFirstOrThrow();
  assert.equal(still.title, '甲文件（无索引号）');
  // The same document with a corrected body is still an update.
  const fix = csv('c.csv', [['乙文件（带索引号）', first, 'zfb', '2020-04-01', '2020-04-02', '乙（更正）']]);
  const r4 = await importFile(await importContext(t.db, systemActor()), fix);
  assert.equal(r4.updated, 1);
});
