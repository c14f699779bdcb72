// 索引号 allocation: concurrent first publications never share or skip a number, each unit and year
// has its own counter, and numbers taken by imported documents are stepped over. SQLite and PostgreSQL
// (where the Promise.all below really runs in parallel on the connection pool).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { unwrap } from '../../platform/errors.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from './documents.commands.ts';
import { importContext, importRecord } from './documents.import.ts';
import { formatIndexNo } from './index-number.ts';

const CHECKS = { checks: { political: true, policy: true, wording: true } };

describe('index numbers (索引号)', () => {
  let t: TestApp;
  const editors: Record<string, Actor> = {};
  const reviewers: Record<string, Actor> = {};
  const prefix: Record<string, string> = {};

  before(async () => {
    t = await buildTestApp();
    for (const unit of ['fgj', 'zfb', 'jyj', 'czj']) {
      editors[unit] = await makeUser(t, `${unit}-editor`, 'editor', unit);
      reviewers[unit] = await makeUser(t, `${unit}-reviewer`, 'reviewer', unit);
      prefix[unit] = (await t.db.selectFrom('units').select('index_prefix').where('code', '=', unit).executeTakeFirstOrThrow()).index_prefix;
    }
  });
  after(() => t.close());

  /** `n` documents of `unit`, created, submitted and approved: ready for their first publication. */
  async function approved(unit: string, n: number): Promise<number[]> {
    const deps = { db: t.db };
    const ids: number[] = [];
    for (let i = 1; i <= n; i++) {
      const doc = unwrap(await createDocument(deps, editors[unit], { title: `${unit} 文件 ${i}`, column: 'zd', writtenOn: '2026-01-05', body: '<p>正文</p>' }));
      unwrap(await submitDocument(deps, editors[unit], doc.id));
      unwrap(await approveDocument(deps, reviewers[unit], doc.id, CHECKS));
      ids.push(doc.id);
    }
    return ids;
  }

  const publishAll = (unit: string, ids: number[], publishedAt: string) =>
    Promise.all(ids.map((id) => publishDocument({ db: t.db }, reviewers[unit], id, { publishedAt })));

  function seqs(indexNos: string[], unit: string, year: number): number[] {
    const re = new RegExp(`^${prefix[unit]}/${year}-(\\d{5})$`);
    return indexNos
      .map((no) => {
        const m = re.exec(no);
        assert.ok(m, `${no} has the form ${prefix[unit]}/${year}-NNNNN`);
        return Number(m[1]);
      })
      .sort((a, b) => a - b);
  }

  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('formats <prefix>/<YYYY>-<NNNNN>', () => {
    assert.equal(formatIndexNo('321302', 2020, 974), '321302/2020-00974');
    assert.equal(formatIndexNo('11321302MB0000011A', 2026, 1), '11321302MB0000011A/2026-00001');
  });

  it('gives 40 concurrent first publications of one unit 40 distinct numbers, 1..40 without gaps', async () => {
    const ids = await approved('fgj', 40);
    const results = await publishAll('fgj', ids, '2026-03-01 09:00');
    for (const r of results) assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
    const numbers = results.map((r) => (r.ok ? r.value.indexNo! : ''));
    assert.equal(new Set(numbers).size, 40, 'no number is shared');
    assert.deepEqual(seqs(numbers, 'fgj', 2026), range(1, 40), 'no number is skipped');

    const rows = await t.db.selectFrom('documents').select(['id', 'index_no', 'status']).where('id', 'in', ids).execute();
    assert.ok(rows.every((r) => r.status === 'published'));
    assert.deepEqual(rows.map((r) => r.index_no).sort(), [...numbers].sort(), 'the stored numbers are the ones returned');
    const counter = await t.db.selectFrom('index_counters').selectAll().where('unit_id', '=', await unitId(t, 'fgj')).where('year', '=', 2026).executeTakeFirstOrThrow();
    assert.equal(counter.seq, 40);
  });

  it('keeps an independent counter per unit, also when both publish at once', async () => {
    const zfb = await approved('zfb', 6);
    const jyj = await approved('jyj', 6);
    const [a, b] = await Promise.all([publishAll('zfb', zfb, '2026-04-01 09:00'), publishAll('jyj', jyj, '2026-04-01 09:00')]);
    assert.deepEqual(seqs(a.map((r) => unwrap(r).indexNo!), 'zfb', 2026), range(1, 6));
    assert.deepEqual(seqs(b.map((r) => unwrap(r).indexNo!), 'jyj', 2026), range(1, 6));
    assert.equal(prefix.zfb, '321302');
  });

  it('keeps an independent counter per year, taken from the publication date', async () => {
    const [id] = await approved('zfb', 1);
    const r = unwrap(await publishDocument({ db: t.db }, reviewers.zfb, id, { publishedAt: '2025-12-31 23:30' }));
    assert.equal(r.indexNo, '321302/2025-00001', 'a publication at 23:30 Beijing time on 31 December counts for 2025');
  });

  it('steps over a number already taken by an imported document', async () => {
    const ctx = await importContext(t.db, systemActor('测试导入'));
    const taken = `${prefix.czj}/2026-00003`;
    const imported = await importRecord(ctx, { unit: 'czj', title: '导入的文件', indexNo: taken, writtenOn: '2026-01-02', publishedAt: '2026-01-03T01:00:00.000Z', column: 'zd' });
    assert.equal(imported, 'created');

    const ids = await approved('czj', 6);
    const results = await publishAll('czj', ids, '2026-05-01 09:00');
    const numbers = results.map((r) => unwrap(r).indexNo!);
    assert.ok(!numbers.includes(taken), 'the imported number is not given again');
    assert.deepEqual(seqs(numbers, 'czj', 2026), [1, 2, 4, 5, 6, 7]);
    const holders = await t.db.selectFrom('documents').select('title').where('index_no', '=', taken).execute();
    assert.deepEqual(holders.map((h) => h.title), ['导入的文件'], 'the imported document keeps its number');
  });

  it('never changes a number once given', async () => {
    const row = await t.db.selectFrom('documents').select(['id', 'index_no']).where('index_no', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const deps = { db: t.db };
    // publishing again is refused (state), so the number cannot be reallocated
    const again = await publishDocument(deps, reviewers.fgj, row.id, {});
    assert.equal(again.ok ? 'published again' : again.error.code, 'INVALID_TRANSITION');
    const after = await t.db.selectFrom('documents').select('index_no').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(after.index_no, row.index_no);
  });
});
