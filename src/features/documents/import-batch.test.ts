// The import commits IMPORT_BATCH_ROWS records per transaction (issue 14, bulk writes batched): a record
// the database refuses in the middle of a batch is reported with its line and the rest of its batch is
// still imported (the batch is redone with a savepoint per record); each batch sends one document.changed
// event naming all its documents; every document still gets its version, audit row and ledger entry, and
// the ledger chain stays whole across the rolled-back record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildTestApp, DIALECT, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importFile, IMPORT_BATCH_ROWS } from './documents.import.ts';
import { verifyLedger } from './ledger.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await buildTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-batch-'));
});
after(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = async (table: 'documents' | 'document_versions' | 'publication_ledger', where?: [string, string]) => {
  let q = t.db.selectFrom(table as 'documents').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as 'title', 'like', where[1]);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

test('a record the database refuses mid-batch is reported alone; one event per batch; versions, audit and ledger for every document', { timeout: 120_000 }, async () => {
  const ROWS = IMPORT_BATCH_ROWS * 2 + 100; // three batches
  const BAD = IMPORT_BATCH_ROWS + 17; // in the second batch
  // A database-level refusal no validation can foresee (a trigger standing in for e.g. a constraint).
  if (DIALECT === 'postgres') {
    await sql`create function gk_refuse_title() returns trigger language plpgsql as $$ begin if new.title like '%拒绝写入%' then raise exception '数据库拒绝了这一行'; end if; return new; end $$`.execute(t.db);
    await sql`create trigger gk_refuse before insert on documents for each row execute function gk_refuse_title()`.execute(t.db);
  } else {
    await sql`create trigger gk_refuse before insert on documents when new.title like '%拒绝写入%' begin select raise(abort, '数据库拒绝了这一行'); end`.execute(t.db);
  }
  try {
    const lines = ['名称,成文日期,发布日期'];
    for (let i = 1; i <= ROWS; i++) lines.push(`${i === BAD ? '拒绝写入的文件' : '批量导入测试'} ${i},2024-03-${String((i % 28) + 1).padStart(2, '0')},2024-04-01`);
    const file = path.join(dir, 'batch.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const eventsBefore = await t.db.selectFrom('platform_events').select('id').where('type', '=', 'document.changed').execute();
    const auditBefore = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'document.import').executeTakeFirstOrThrow()).n);
    const ledgerBefore = await count('publication_ledger');

    const progress: number[] = [];
    const ctx = await importContext(t.db, systemActor('批量导入测试'), await unitId(t, 'zfb'));
    const r = await importFile(ctx, file, { onProgress: (p) => progress.push(p.read) });
    assert.equal(r.read, ROWS);
    assert.equal(r.created, ROWS - 1);
    assert.equal(r.failed, 1);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].line, BAD + 1, 'the line of the refused record (header is line 1)');
    assert.match(r.problems[0].reason, /^无法写入：.*数据库拒绝了这一行/);
    assert.deepEqual(progress.slice(0, 3), [IMPORT_BATCH_ROWS, IMPORT_BATCH_ROWS * 2, ROWS], 'progress after each batch');

    assert.equal(await count('documents', ['title', '批量导入测试 %']), ROWS - 1);
    assert.equal(await count('documents', ['title', '拒绝写入%']), 0);
    const events = await t.db.selectFrom('platform_events').select(['id', 'payload', 'delivered_at']).where('type', '=', 'document.changed').where('id', 'not in', eventsBefore.length ? eventsBefore.map((e) => e.id) : [0]).orderBy('id').execute();
    assert.equal(events.length, 3, 'one document.changed event per batch');
    const ids = events.flatMap((e) => (JSON.parse(e.payload) as { ids: number[] }).ids);
    assert.equal(ids.length, ROWS - 1);
    assert.equal(new Set(ids).size, ROWS - 1);
    assert.ok(events.every((e) => e.delivered_at), 'delivered after each commit');
    const indexed = Number((await t.db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).where('document_id', 'in', ids).executeTakeFirstOrThrow()).n);
    assert.equal(indexed, ROWS - 1, 'every imported document is in the search index');

    const versions = Number((await t.db.selectFrom('document_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('document_id', 'in', ids).where('action', '=', 'import').executeTakeFirstOrThrow()).n);
    assert.equal(versions, ROWS - 1);
    const audits = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'document.import').executeTakeFirstOrThrow()).n);
    assert.equal(audits - auditBefore, ROWS - 1);
    assert.equal((await count('publication_ledger')) - ledgerBefore, ROWS - 1);
    const v = await verifyLedger(t.db);
    assert.equal(v.broken, null, JSON.stringify(v.broken));

    // Running it again changes nothing and refuses the same record again.
    const again = await importFile(ctx, file);
    assert.equal(again.unchanged, ROWS - 1);
    assert.equal(again.failed, 1);
    assert.equal(again.problems[0].line, BAD + 1);
  } finally {
    await sql`drop trigger gk_refuse${sql.raw(DIALECT === 'postgres' ? ' on documents' : '')}`.execute(t.db);
    if (DIALECT === 'postgres') await sql`drop function gk_refuse_title()`.execute(t.db);
  }
});
