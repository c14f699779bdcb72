// The SQLite connection's prepared-statement cache (withStatementCache in index.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from './index.ts';

describe('SQLite connection', () => {
  it('reuses prepared statements and still sees schema changes, new rows and errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-db-'));
    const h = openDatabase(`sqlite:${path.join(dir, 't.db')}`);
    try {
      await sql`create table t (a integer)`.execute(h.db);
      const read = () => sql<{ a: number }>`select * from t order by a`.execute(h.db).then((r) => r.rows);
      for (let i = 1; i <= 300; i++) await sql`insert into t (a) values (${i})`.execute(h.db); // same statement each time
      assert.equal((await read()).length, 300);
      // A column added after the statement was prepared: the cached statement is re-prepared by SQLite.
      await sql`alter table t add column b text default 'x'`.execute(h.db);
      assert.deepEqual((await read())[0], { a: 1, b: 'x' });
      // More distinct statements than the cache holds: the oldest are dropped, results stay right.
      for (let i = 0; i < 300; i++) assert.equal((await sql<{ n: number }>`select ${i} + 0 as n, ${sql.raw(String(i))} as k`.execute(h.db)).rows[0].n, i);
      // An error leaves the connection usable.
      await assert.rejects(sql`select * from missing_table`.execute(h.db));
      assert.equal((await read()).length, 300);
      // A transaction through the cached begin/commit statements.
      await h.db.transaction().execute(async (trx) => {
        await sql`delete from t where a > 10`.execute(trx);
      });
      assert.equal((await read()).length, 10);
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
