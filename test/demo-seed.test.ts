// The first start of a new database: migrations, the unit tree, the demo staff and documents,
// with the real 2020 work plan and its real metadata.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDb } from './helpers.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { ROLES } from '../src/platform/access/roles.ts';
import { verifyPassword } from '../src/platform/auth/password.ts';
import { fmtDate } from '../src/platform/views/format.ts';

let h: TestDb;
let creds: Awaited<ReturnType<typeof prepareDatabase>>['credentials'];
before(async () => {
  h = await createTestDatabase();
  const r = await prepareDatabase(h, { demo: true });
  assert.equal(r.fresh, true);
  creds = r.credentials;
});
after(async () => h.cleanup());

test('the unit tree of 宿城区: government, office, ≥5 departments, ≥3 towns/streets', async () => {
  const units = await h.db.selectFrom('units').selectAll().execute();
  const byType = (t: string) => units.filter((u) => u.type === t).map((u) => u.name);
  assert.ok(byType('government').includes('宿城区人民政府'));
  assert.ok(units.some((u) => u.name === '宿城区人民政府办公室'));
  assert.ok(byType('department').length >= 5);
  assert.ok(byType('town').length >= 3);
  for (const u of units) assert.ok(u.office_address && u.office_hours && u.phone && u.email, `${u.name} has its 公开指南 contacts`);
});

test('one demo user per role, each with a random password printed once (only its hash stored)', async () => {
  const users = await h.db.selectFrom('users').selectAll().execute();
  for (const role of ROLES) assert.ok(users.some((u) => u.role === role), `a demo ${role}`);
  assert.equal(creds.length, users.length);
  for (const c of creds) {
    const u = users.find((x) => x.username === c.username)!;
    assert.notEqual(u.password_hash, c.password);
    assert.equal(await verifyPassword(c.password, u.password_hash), true);
  }
  assert.equal(new Set(creds.map((c) => c.password)).size, creds.length, 'no two demo passwords alike');
});

test('at least 50 published documents across units, topics and years', async () => {
  const docs = await h.db.selectFrom('documents').selectAll().where('status', '=', 'published').execute();
  assert.ok(docs.length >= 50, `${docs.length} documents`);
  assert.ok(new Set(docs.map((d) => d.unit_id)).size >= 8);
  assert.ok(new Set(docs.map((d) => d.topic)).size >= 10);
  assert.ok(new Set(docs.map((d) => d.published_at!.slice(0, 4))).size >= 6);
  assert.ok(docs.filter((d) => d.validity !== '有效').length >= 4, 'the 失效文件清单 has entries');
  assert.equal(new Set(docs.map((d) => d.index_no)).size, docs.length, 'index numbers are unique');
});

test('the real work plan with its real metadata and full text', async () => {
  const d = await h.db
    .selectFrom('documents')
    .innerJoin('units', 'units.id', 'documents.unit_id')
    .select(['documents.title', 'documents.index_no', 'documents.column_code', 'documents.publisher', 'documents.published_at', 'documents.body', 'units.name as unit'])
    .where('documents.index_no', '=', '321302/2020-00974')
    .executeTakeFirstOrThrow();
  assert.equal(d.title, '宿城区2020年政务公开工作要点');
  assert.equal(d.unit, '宿城区人民政府办公室');
  assert.equal(d.publisher, '宿城区人民政府办公室');
  assert.equal(d.column_code, 'zd');
  const col = await h.db.selectFrom('terms').select('label').where('kind', '=', 'column').where('code', '=', 'zd').executeTakeFirstOrThrow();
  assert.match(col.label, /信息公开制度/);
  assert.equal(fmtDate(d.published_at), '2020-10-12', '公开日期 2020-10-12, Beijing time');
  assert.match(d.body, /2020年是全面建成小康社会和十三五规划收官之年/);
  assert.match(d.body, /把好政治关、政策关、文字关/);
  assert.match(d.body, /纳入政府信息公开工作年度报告,并向社会公开。/);
});

test('a second start does not seed again', async () => {
  const r = await prepareDatabase(h, { demo: true });
  assert.equal(r.fresh, false);
  assert.equal(r.credentials.length, 0);
});

test('demo requests are registered and handled through the commands; the 2025 report of the office reconciles', async () => {
  const { DEMO_REQUESTS } = await import('../src/demo/requests.ts');
  const { buildReport } = await import('../src/features/reports/report.ts');
  const rows = await h.db.selectFrom('requests').select(['id', 'status', 'outcome']).execute();
  assert.equal(rows.length, DEMO_REQUESTS.length);
  assert.ok(rows.some((r) => r.status === 'awaiting-supplement'), 'one waits for a 补正');
  assert.ok(rows.some((r) => r.outcome === 'other-3'), 'one was withdrawn');
  const zfb = await h.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
  const report = (await buildReport(h.db, zfb.id, 2025))!;
  assert.ok(report.publishable, JSON.stringify(report.checks.filter((c) => !c.ok)));
  const value = (k: string) => report.requests.rows.find((r) => r.key === k)!.values!.total;
  assert.equal(value('carried-over'), 2);
  assert.ok(value('new') >= 15);
  assert.equal(value('carried-forward'), 2, 'two 2025 requests were answered in January 2026');
});

test('the office\'s 2025 annual report is published in its 政府信息公开年报 column with an 索引号', async () => {
  const zfb = await h.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
  const r = await h.db.selectFrom('annual_reports').selectAll().where('unit_id', '=', zfb.id).where('year', '=', 2025).executeTakeFirstOrThrow();
  const doc = await h.db.selectFrom('documents').selectAll().where('id', '=', r.document_id!).executeTakeFirstOrThrow();
  assert.equal(doc.status, 'published');
  assert.equal(doc.column_code, 'nb');
  assert.match(doc.index_no ?? '', /\/2026-\d{5}$/);
  assert.ok(doc.body.includes('<table class="report-table">'), 'the tables survive sanitising');
  assert.ok(doc.body.includes('（七）总计'));
});
