// The batched import path (writeBatch): the same outcomes, 索引号, rows and audit rows as record by record —
// numbers per unit and year in file order with taken ones stepped over, one document per record when a
// batch names a document twice, updates with a new version, and nothing public-invisible leaking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, hasShared, sharedPath, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importBatch, importContext, importFile, importRecord, readRecords } from './documents.import.ts';
import { formatIndexNo } from './index-number.ts';

const TITLES = 'data/doc-numbers-cn/titles_dates.csv';
let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t.close();
});

const prefixOf = async (code: string) =>
  (await t.db.selectFrom('units').select('index_prefix').where('code', '=', code).executeTakeFirstOrThrow()).index_prefix;
const doc = (title: string) => t.db.selectFrom('documents').selectAll().where('title', '=', title).execute();

test('a batch numbers its new documents per unit and year in file order, stepping over taken numbers', async () => {
  const zfb = await prefixOf('zfb');
  const jyj = await prefixOf('jyj');
  const ctx = await importContext(t.db, systemActor('批量导入测试'));
  // A document already holds zfb's second number of 2019.
  assert.equal(await importRecord(ctx, { unit: 'zfb', title: '已有文件', indexNo: formatIndexNo(zfb, 2019, 2), writtenOn: '2019-01-02', publishedAt: '2019-01-03T02:00:00.000Z' }), 'created');
  const audits0 = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const ledger0 = await t.db.selectFrom('publication_ledger').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow();
  const out = await importBatch(ctx, [
    { unit: 'zfb', title: '批量甲', writtenOn: '2019-03-01', publishedAt: '2019-03-02T02:00:00.000Z' },
    { unit: 'zfb', title: '批量乙', writtenOn: '2019-04-01', publishedAt: '2019-04-02T02:00:00.000Z' },
    { unit: 'jyj', title: '批量丙', writtenOn: '2019-05-01', publishedAt: '2019-05-02T02:00:00.000Z' },
    { unit: 'zfb', title: '批量丁', writtenOn: '2018-06-01', publishedAt: '2018-06-02T02:00:00.000Z' },
    { unit: 'zfb', title: '', writtenOn: '2018-06-01' }, // refused before any database work
    { unit: 'zfb', title: '批量戊', indexNo: formatIndexNo(zfb, 2019, 2), writtenOn: '2019-07-01' }, // a number of another document
  ]);
  assert.deepEqual(out.slice(0, 4), ['created', 'created', 'created', 'created']);
  assert.ok(typeof out[4] === 'object' && /title|名称/.test(out[4].error), JSON.stringify(out[4]));
  assert.ok(typeof out[5] === 'object' && out[5].error.includes('已属于另一份文件《已有文件》'), JSON.stringify(out[5]));
  assert.equal((await doc('批量甲'))[0].index_no, formatIndexNo(zfb, 2019, 1));
  assert.equal((await doc('批量乙'))[0].index_no, formatIndexNo(zfb, 2019, 3), 'the taken 00002 is stepped over');
  assert.equal((await doc('批量丙'))[0].index_no, formatIndexNo(jyj, 2019, 1));
  assert.equal((await doc('批量丁'))[0].index_no, formatIndexNo(zfb, 2018, 1));
  assert.equal((await doc('批量戊')).length, 0);
  // One version, one audit row and one ledger entry per created document, chained in file order.
  const ids = await Promise.all(['批量甲', '批量乙', '批量丙', '批量丁'].map(async (x) => (await doc(x))[0].id));
  const audits = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.import').where('entity_id', 'in', ids.map(String)).execute();
  assert.equal(audits.length, 4);
  assert.ok(audits.every((a) => a.actor_name.includes('批量导入测试') && a.public_effect === 1));
  const audits1 = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  assert.equal(audits1 - audits0, 4);
  const versions = await t.db.selectFrom('document_versions').select(['document_id', 'version']).where('document_id', 'in', ids).execute();
  assert.equal(versions.length, 4);
  const ledger = await t.db.selectFrom('publication_ledger').select(['seq', 'document_id']).where('seq', '>', ledger0.seq).orderBy('seq').execute();
  assert.deepEqual(ledger.map((l) => l.document_id), ids);
  // The counters moved by what was taken: the next publication of zfb in 2019 gets 00004.
  assert.equal(await importRecord(ctx, { unit: 'zfb', title: '之后的文件', writtenOn: '2019-08-01', publishedAt: '2019-08-02T02:00:00.000Z' }), 'created');
  assert.equal((await doc('之后的文件'))[0].index_no, formatIndexNo(zfb, 2019, 4));
});

test('a batch naming one document twice creates it once; a changed record updates it with a new version', async () => {
  const ctx = await importContext(t.db, systemActor(), await unitId(t, 'zfb'));
  const rec = { title: '重复记录', writtenOn: '2020-01-01', docNo: '宿城政办发〔2020〕1号', publishedAt: '2020-01-02T02:00:00.000Z', summary: '一' };
  assert.deepEqual(await importBatch(ctx, [rec, { ...rec }, { title: '另一份', writtenOn: '2020-01-05' }]), ['created', 'unchanged', 'created']);
  assert.equal((await doc('重复记录')).length, 1);
  // The same file again: unchanged; one field changed: updated, version 2, audited.
  assert.deepEqual(await importBatch(ctx, [rec, { title: '另一份', writtenOn: '2020-01-05' }]), ['unchanged', 'unchanged']);
  assert.deepEqual(await importBatch(ctx, [{ ...rec, summary: '二' }, { title: '新的一份', writtenOn: '2020-02-01' }]), ['updated', 'created']);
  const [d] = await doc('重复记录');
  assert.equal(d.summary, '二');
  assert.equal(d.version, 2);
  const upd = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.import-update').where('entity_id', '=', String(d.id)).execute();
  assert.equal(upd.length, 1);
  assert.match(upd[0].after_json!, /"summary":"二"/);
  // A new document named twice with different values in one batch: created, then updated (record by record).
  assert.deepEqual(await importBatch(ctx, [{ title: '同批两次', writtenOn: '2020-03-01', summary: '甲' }, { title: '同批两次', writtenOn: '2020-03-01', summary: '乙' }]), ['created', 'updated']);
  assert.equal((await doc('同批两次'))[0].summary, '乙');
  // Its document.changed event was delivered (search indexed it once, the batch naming it twice).
  const pending = await t.db.selectFrom('platform_events').select(['id', 'last_error']).where('delivered_at', 'is', null).execute();
  assert.deepEqual(pending, []);
  const indexed = await t.db.selectFrom('search_docs').select('document_id').where('document_id', '=', (await doc('同批两次'))[0].id).execute();
  assert.equal(indexed.length, 1);
  // A record with a 索引号, then the same document without one: found by unit + 名称 + 成文日期 + 文号.
  const zfb = await prefixOf('zfb');
  assert.deepEqual(
    await importBatch(ctx, [{ title: '带号的', indexNo: formatIndexNo(zfb, 2031, 7), writtenOn: '2020-04-01', publishedAt: '2031-01-01T00:00:00.000Z' }, { title: '带号的', writtenOn: '2020-04-01', publishedAt: '2031-01-01T00:00:00.000Z' }]),
    ['created', 'unchanged'],
  );
  assert.equal((await doc('带号的')).length, 1);
  // An update then a second record of the same document in one batch: written record by record, both seen.
  assert.deepEqual(await importBatch(ctx, [{ ...rec, summary: '三' }, { ...rec, summary: '四' }]), ['updated', 'updated']);
  const [d2] = await doc('重复记录');
  assert.equal(d2.summary, '四');
  assert.equal(d2.version, 4);
});

test('batches of 500 real records give the same documents and outcomes as one record at a time', { skip: !hasShared(TITLES) && 'shared data absent (../shared/data)', timeout: 600_000 }, async () => {
  // 1,500 real titles into two units: one by importFile (batches), one record by record; then every
  // document compared, 索引号 included. Every 5th line is repeated right after itself (a repeat inside a
  // batch: unchanged), and in the first 100 every 7th again with another 发布日期 (a change inside a batch).
  const all = fs.readFileSync(sharedPath(TITLES), 'utf8').split('\n');
  const lines = [all[0]];
  all.slice(1, 1501).forEach((line, k) => {
    lines.push(line);
    if (k % 5 === 0) lines.push(line);
    if (k < 100 && k % 7 === 0) lines.push(line.replace(/,(\d{4})-(\d{2})-(\d{2})\r?$/, ',$1-$2-28'));
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-batched-')), 'titles.csv');
  fs.writeFileSync(file, lines.join('\n'));
  const map = (r: Record<string, unknown>) => ({ title: r.title, writtenOn: r.issue_date, publishedAt: r.publish_date });
  const [a, b] = [await unitId(t, 'fgj'), await unitId(t, 'czj')];
  const batched = await importFile(await importContext(t.db, systemActor(), a), file, { map });
  const ctx = await importContext(t.db, systemActor(), b);
  const single = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for await (const item of readRecords(file)) {
    const o = await importRecord(ctx, map(item.record!));
    if (typeof o === 'string') single[o]++;
    else single.failed++;
  }
  assert.deepEqual({ created: batched.created, updated: batched.updated, unchanged: batched.unchanged, failed: batched.failed }, single);
  assert.ok(batched.unchanged >= 250 && batched.updated > 0, `repeats and changes inside batches (${JSON.stringify(single)})`);
  const docs = async (unit: number) =>
    (await t.db.selectFrom('documents').select(['title', 'index_no', 'written_on', 'published_at', 'version']).where('unit_id', '=', unit).orderBy('id').execute()).map((d) => ({
      ...d,
      index_no: d.index_no!.split('/')[1], // the number without the unit's prefix
    }));
  assert.deepEqual(await docs(a), await docs(b));
});
