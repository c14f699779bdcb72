// The SQLite connection's prepared-statement cache (withStatementCache in index.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'kysely';
import SQLite from 'better-sqlite3';
import { openDatabase, insideTransaction, OuterHandleInTransactionError } from './index.ts';
import { createTestDatabase } from '../../../test/helpers.ts';

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

describe('SQLite read connection rows (arrays made into objects once per statement)', () => {
  it('gives the rows better-sqlite3 gives: keys in order, values and types, duplicate and __proto__ names, a new column', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-db-'));
    const file = path.join(dir, 't.db');
    const h = openDatabase(`sqlite:${file}`);
    const plain = new SQLite(file, { readonly: true });
    try {
      await sql`create table t (id integer primary key, "名称" text, n real, b blob, z text, "a b" integer)`.execute(h.db);
      await sql`insert into t ("名称", n, b, z, "a b") values ('甲', 1.5, x'00ff', null, 7), ('乙"\n', -2, null, 'z', null)`.execute(h.db);
      const same = async (text: string) => {
        const mine = (await sql.raw(text).execute(h.db)).rows;
        const theirs = plain.prepare(text).all();
        assert.deepEqual(mine, theirs, text);
        for (let i = 0; i < mine.length; i++) assert.deepEqual(Object.keys(mine[i] as object), Object.keys(theirs[i] as object), text);
        if (mine.length) assert.equal(Object.getPrototypeOf(mine[0]), Object.prototype, text);
        return mine as Record<string, unknown>[];
      };
      const rows = await same('select * from t order by id');
      assert.deepEqual(rows[0], { id: 1, 名称: '甲', n: 1.5, b: Buffer.from([0, 255]), z: null, 'a b': 7 });
      await same('select id, id + 1 as "x", "名称" as "名称", 3 as "3", 2 as "1" from t order by id');
      await same('select 1 as a, 2 as a'); // a name twice: the last value, as better-sqlite3 gives it
      const proto = await same('select 1 as "__proto__", 2 as x');
      assert.equal(Object.getPrototypeOf(proto[0]), Object.prototype);
      await same('select * from t where id = 99'); // no row
      // A column added while the statement is prepared: SQLite prepares it again with the new columns.
      await sql`alter table t add column c text default 'c'`.execute(h.db);
      plain.close();
      const plain2 = new SQLite(file, { readonly: true });
      try {
        assert.deepEqual((await sql.raw('select * from t order by id').execute(h.db)).rows, plain2.prepare('select * from t order by id').all());
        assert.equal(((await sql.raw('select * from t order by id').execute(h.db)).rows[0] as { c: string }).c, 'c');
      } finally {
        plain2.close();
      }
    } finally {
      if (plain.open) plain.close();
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('transactions refuse the outer handle inside their callbacks (both dialects)', () => {
  // On SQLite a query through the outer handle inside a transaction callback waits forever for the one
  // connection the transaction holds: the first staff login after the unit-tree cache expired froze the
  // whole site that way. The handle now refuses such a query at once, so the mistake fails in tests.
  it('throws OuterHandleInTransactionError instead of waiting, and the handle keeps working', async () => {
    const h = await createTestDatabase();
    try {
      await sql`create table t (a integer)`.execute(h.db);
      const attempt = h.db.transaction().execute(async (trx) => {
        await sql`insert into t (a) values (1)`.execute(trx);
        assert.equal(insideTransaction(h.db), true);
        await sql`select count(*) as n from t`.execute(h.db); // the mistake
      });
      const outcome = await Promise.race([attempt.then(() => 'committed', (e) => e), new Promise((r) => setTimeout(() => r('hung'), 3000))]);
      assert.ok(outcome instanceof OuterHandleInTransactionError, `expected the guard's error, got ${String(outcome)}`);
      // The transaction rolled back; the handle answers afterwards and outside any transaction.
      assert.equal(insideTransaction(h.db), false);
      const n = (await sql<{ n: number }>`select count(*) as n from t`.execute(h.db)).rows[0].n;
      assert.equal(Number(n), 0);
      // A transaction inside a transaction callback through the outer handle is refused the same way.
      await assert.rejects(
        h.db.transaction().execute(async () => h.db.transaction().execute(async () => undefined)),
        OuterHandleInTransactionError,
      );
      // Work started inside a callback but run after it returned may use the handle.
      let later: Promise<unknown> = Promise.resolve();
      await h.db.transaction().execute(async (trx) => {
        await sql`insert into t (a) values (2)`.execute(trx);
        later = new Promise((r) => setTimeout(r, 20)).then(() => sql`select count(*) as n from t`.execute(h.db));
      });
      const after = (await later) as { rows: { n: number }[] };
      assert.equal(Number(after.rows[0].n), 1);
      // Isolation-level builders are guarded too.
      await assert.rejects(
        h.db.transaction().setIsolationLevel('serializable').execute(async () => sql`select 1`.execute(h.db)),
        OuterHandleInTransactionError,
      );
    } finally {
      await h.cleanup();
    }
  });

  it('parallel transactions and outside queries still wait for each other normally', async () => {
    const h = await createTestDatabase();
    try {
      await sql`create table t (a integer)`.execute(h.db);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2
            ? h.db.transaction().execute(async (trx) => {
                await sql`insert into t (a) values (${i})`.execute(trx);
              })
            : sql`select count(*) from t`.execute(h.db),
        ),
      );
      assert.equal(Number((await sql<{ n: number }>`select count(*) as n from t`.execute(h.db)).rows[0].n), 10);
    } finally {
      await h.cleanup();
    }
  });
});

describe('two writers at once (two processes, e.g. the CLI import beside the site)', () => {
  it('read-then-write transactions on two connections all commit (SQLite begins them immediate)', async () => {
    const h = await createTestDatabase();
    const other = openDatabase(h.url); // a second connection, as a second process has
    try {
      await sql`create table c (id integer primary key, n integer not null)`.execute(h.db);
      await sql`insert into c (id, n) values (1, 0)`.execute(h.db);
      const bump = (db: typeof h.db) =>
        db.transaction().execute(async (trx) => {
          const n = (await sql<{ n: number }>`select n from c where id = 1`.execute(trx)).rows[0].n;
          await new Promise((r) => setTimeout(r, 5));
          await sql`update c set n = ${Number(n) + 1} where id = 1`.execute(trx);
        });
      const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? h.db : other.db)));
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      if (h.dialect === 'sqlite') {
        assert.equal(failed.length, 0, `no SQLITE_BUSY: ${failed.map((f) => String(f.reason?.code ?? f.reason)).join(', ')}`);
        // Serialised writes: no lost update either.
        assert.equal(Number((await sql<{ n: number }>`select n from c where id = 1`.execute(h.db)).rows[0].n), 40);
      } else {
        assert.equal(failed.length, 0);
      }
    } finally {
      await other.close();
      await h.cleanup();
    }
  });
});

describe('SQLite reads never wait behind a write that waits for the lock', () => {
  it('a page read answers while a write of this process waits for the write lock another process holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-db-'));
    const file = path.join(dir, 't.db');
    const h = openDatabase(`sqlite:${file}`);
    const SQLite = (await import('better-sqlite3')).default;
    const other = new SQLite(file); // another process's connection (the CLI import)
    try {
      await sql`create table t (a integer)`.execute(h.db);
      await sql`insert into t (a) values (1)`.execute(h.db);
      other.exec('begin immediate; insert into t (a) values (2)'); // holds the write lock
      let written = false;
      const write = h.db.transaction().execute(async (trx) => {
        await sql`insert into t (a) values (3)`.execute(trx);
      }).then(() => (written = true));
      const single = sql`insert into t (a) values (4)`.execute(h.db);
      await new Promise((r) => setTimeout(r, 50)); // both writes are now waiting for the lock
      const started = Date.now();
      const rows = await Promise.race([
        sql<{ a: number }>`select a from t order by a`.execute(h.db).then((r) => r.rows.map((x) => Number(x.a))),
        new Promise<'waited'>((r) => setTimeout(() => r('waited'), 2000)),
      ]);
      assert.deepEqual(rows, [1], 'the read answered with what is committed, without waiting for the writes');
      assert.ok(Date.now() - started < 1000);
      // Kysely-built selects too.
      const built = await h.db.selectFrom('t' as any).select('a' as any).execute();
      assert.equal(built.length, 1);
      assert.equal(written, false, 'the transaction still waits for the lock');
      other.exec('commit');
      await write;
      await single;
      assert.deepEqual((await sql<{ a: number }>`select a from t order by a`.execute(h.db)).rows.map((x) => Number(x.a)), [1, 2, 3, 4]);
      // A transaction reads its own writes (everything in it runs on the write connection).
      await h.db.transaction().execute(async (trx) => {
        await sql`insert into t (a) values (5)`.execute(trx);
        assert.equal((await sql<{ n: number }>`select count(*) as n from t`.execute(trx)).rows[0].n, 5);
      });
    } finally {
      other.close();
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('opening a SQLite file while another process writes to it', () => {
  it('does not fail when the statistics want refreshing and the write lock is held (the CLI beside the site)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-db-'));
    const file = path.join(dir, 't.db');
    const SQLite = (await import('better-sqlite3')).default;
    const other = new SQLite(file);
    try {
      other.pragma('journal_mode = WAL');
      other.exec('create table t (a integer, b text); create index t_a on t(a);');
      const ins = other.prepare('insert into t (a, b) values (?, ?)');
      other.transaction(() => {
        for (let i = 0; i < 5000; i++) ins.run(i % 50, 'x');
      })();
      other.exec('begin immediate; insert into t (a, b) values (1, 1)'); // the site's write in progress
      const h = openDatabase(`sqlite:${file}`); // threw SQLITE_BUSY from `pragma optimize`
      try {
        assert.equal((await sql<{ n: number }>`select count(*) as n from t`.execute(h.db)).rows[0].n, 5000);
      } finally {
        other.exec('commit');
        await h.close();
      }
    } finally {
      other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
