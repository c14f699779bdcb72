// Import: line-numbered problem reports, idempotency by 索引号, and the 34,578 real titles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, hasShared, sharedPath, unitId, DIALECT, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importFile } from './documents.import.ts';
import { exportDocuments } from './documents.export.ts';
import { withWarmCaches } from '../../platform/cache.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t.close();
});

const SAMPLE = new URL('../../../test/fixtures/import-sample.csv', import.meta.url).pathname;

test('CSV import with Chinese headers reports every bad line and imports the rest, idempotently', async () => {
  const ctx = await importContext(t.db, systemActor());
  const r1 = await importFile(ctx, SAMPLE);
  assert.equal(r1.read, 7);
  assert.equal(r1.created, 2);
  assert.equal(r1.failed, 5);
  const byLine = new Map(r1.problems.map((p) => [p.line, p.reason]));
  // The multi-line quoted body makes the data start at physical line 2; csv-parse counts records.
  assert.match(byLine.get(4)!, /title: 请填写名称/);
  assert.match(byLine.get(5)!, /缺少发布单位/);
  assert.match(byLine.get(6)!, /docNo: 文号无法识别/);
  assert.match(byLine.get(7)!, /writtenOn: 日期格式/);
  assert.match(byLine.get(8)!, /单位“nosuchunit”不存在/);

  const kept = await t.db.selectFrom('documents').selectAll().where('index_no', '=', '321302/2019-00801').executeTakeFirstOrThrow();
  assert.equal(kept.title, '宿城区2019年政务公开工作要点');
  assert.equal(kept.status, 'published');
  assert.equal(kept.body, '<p>第一段。</p>\n<p>第二段。</p>');
  const gen = await t.db.selectFrom('documents').selectAll().where('doc_no', '=', '宿城政办发〔2019〕31号').executeTakeFirstOrThrow();
  assert.match(gen.index_no!, /^321302\/2019-\d{5}$/);
  assert.equal(gen.validity, '废止');
  assert.equal(gen.validity_reason, '被新方案替代');
  assert.equal(gen.published_at, '2019-06-05T02:30:00.000Z', 'Beijing 10:30 stored as UTC');
  const audits = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'document').execute();
  assert.equal(audits.filter((a) => a.action === 'document.import').length, 2);

  const r2 = await importFile(ctx, SAMPLE);
  assert.equal(r2.created, 0);
  assert.equal(r2.unchanged, 2);
  const count = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 2);
});

test('JSONL import: broken lines reported by number, changed records update with a new version', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-imp-'));
  const file = path.join(dir, 'docs.jsonl');
  const rec = { title: '关于公布2024年区级行政许可事项清单的通知', indexNo: '321302/2024-00042', unit: 'zfb', writtenOn: '2024-03-01', keywords: ['行政许可'] };
  fs.writeFileSync(file, [JSON.stringify(rec), '{not json', '[1,2]', '', JSON.stringify({ ...rec, indexNo: 'bad index' })].join('\n'));
  const ctx = await importContext(t.db, systemActor());
  const r = await importFile(ctx, file);
  assert.equal(r.created, 1);
  assert.deepEqual(r.problems.map((p) => p.line), [2, 3, 5]);
  assert.match(r.problems[0].reason, /不是有效的 JSON/);
  assert.match(r.problems[2].reason, /indexNo: 索引号格式/);

  fs.writeFileSync(file, JSON.stringify({ ...rec, title: rec.title + '（更正）' }));
  const r2 = await importFile(ctx, file);
  assert.equal(r2.updated, 1);
  const row = await t.db.selectFrom('documents').selectAll().where('index_no', '=', rec.indexNo).executeTakeFirstOrThrow();
  assert.equal(row.version, 2);
  assert.match(row.title, /更正/);
  const versions = await t.db.selectFrom('document_versions').select('version').where('document_id', '=', row.id).execute();
  assert.deepEqual(versions.map((v) => v.version).sort(), [1, 2]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('export writes the same fields the import reads (round trip)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-exp-'));
  const file = path.join(dir, 'out.jsonl');
  const out = fs.createWriteStream(file);
  const n = await exportDocuments(t.db, out, { format: 'jsonl' });
  await new Promise<void>((r) => out.end(r));
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, n);
  assert.ok(n >= 3);
  const ctx = await importContext(t.db, systemActor());
  const again = await importFile(ctx, file);
  assert.equal(again.failed, 0, JSON.stringify(again.problems));
  assert.equal(again.created + again.updated, 0, 'a re-import of an export changes nothing');
  fs.rmSync(dir, { recursive: true, force: true });
});

const TITLES = 'data/doc-numbers-cn/titles_dates.csv';
test('imports the 34,578 real titles of titles_dates.csv with a report', { skip: !hasShared(TITLES) && 'shared data absent (../shared/data)', timeout: 600_000 }, async (tt) => {
  const zfb = await unitId(t, 'zfb');
  const ctx = await importContext(t.db, systemActor(), zfb);
  // On PostgreSQL each record is its own transaction over the network: import a 2,000-line slice there
  // (the full file is imported in the SQLite pass).
  let file = sharedPath(TITLES);
  if (DIALECT === 'postgres') {
    const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, 2001);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-titles-')), 'titles.csv');
    fs.writeFileSync(file, lines.join('\n'));
  }
  const started = Date.now();
  // A bulk throughput test: caches work normally here even in the cold-cache pass (a reload per row would
  // only measure the reload; the cold paths are covered by every other test).
  const report = await withWarmCaches(() =>
    importFile(ctx, file, {
      map: (r) => ({ title: r.title, writtenOn: r.issue_date, publishedAt: r.publish_date }),
      maxProblems: 100,
    }),
  );
  const secs = (Date.now() - started) / 1000;
  tt.diagnostic(`read ${report.read}, created ${report.created}, unchanged ${report.unchanged}, failed ${report.failed} in ${secs.toFixed(1)} s`);
  for (const p of report.problems.slice(0, 10)) tt.diagnostic(`line ${p.line}: ${p.reason}`);
  // One title holds a quoted line break, so records can be fewer than physical lines.
  if (DIALECT === 'postgres') assert.ok(report.read >= 1990 && report.read <= 2000, `read ${report.read}`);
  else assert.equal(report.read, 34578);
  assert.equal(report.read, report.created + report.updated + report.unchanged + report.failed);
  // The source repeats some titles with the same dates (re-publications): those count as unchanged.
  assert.ok(report.failed < report.read * 0.01, `almost no row fails (${report.failed})`);
  assert.ok(report.created > report.read * 0.85, `most rows create a document (${report.created})`);
  const n = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', zfb).executeTakeFirstOrThrow();
  assert.ok(Number(n.n) >= report.created);
});
