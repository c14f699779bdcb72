// Database connection for both dialects: better-sqlite3 (embedded, default) and PostgreSQL (pg).
import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, Kysely, PostgresDialect, SelectQueryNode, SqliteDialect, sql, type DatabaseConnection, type Driver, type QueryResult, type Transaction, type TransactionSettings } from 'kysely';
import SQLite from 'better-sqlite3';
import { createRequire } from 'node:module';
import type PgModule from 'pg';
import type { Database } from './types.ts';
import { clockNow } from '../clock.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type DbOrTrx = Db | Trx;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  url: string;
  close(): Promise<void>;
}

// pg is loaded on the first PostgreSQL connection only (a SQLite site's start does not pay for it).
let pgModule: typeof PgModule | null = null;
function loadPg(): typeof PgModule {
  if (pgModule) return pgModule;
  pgModule = createRequire(import.meta.url)('pg') as typeof PgModule;
  // PostgreSQL returns bigint (count) and numeric as strings; we want numbers for counts.
  pgModule.types.setTypeParser(20, (v: string) => Number(v));
  return pgModule;
}

export function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(`不支持的 DATABASE_URL：${url}`);
}

/** Prepared statements kept per connection (by SQL text; least recently used dropped first). */
const STATEMENT_CACHE = 256;

/**
 * The connection as Kysely's SQLite driver sees it, with prepared statements reused: the driver
 * prepares every query anew (≈ 0.05–0.1 ms each, several per page or search). Safe because the driver
 * runs one query at a time per connection and each statement is run to completion (all/run) before the next.
 */
function withStatementCache(sqlite: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * Thrown when code inside a transaction callback queries through the outer handle instead of `trx`.
 * On SQLite that query would wait forever for the one connection the transaction holds (and every later
 * query of every visitor behind it); on PostgreSQL it runs outside the transaction and can wait on the
 * transaction's own row locks. Refusing it makes the mistake fail at once, in tests, warm or cold.
 */
export class OuterHandleInTransactionError extends Error {
  readonly code = 'DB_OUTER_HANDLE_IN_TRANSACTION';
  constructor() {
    super('在事务内使用了外层数据库句柄（应使用 trx）：on SQLite this query would wait forever for the connection its own transaction holds');
    this.name = 'OuterHandleInTransactionError';
  }
}

/**
 * The transaction callbacks now running, with the driver they belong to (open until the callback returns)
 * and the work to do once the outermost transaction has committed (see afterCommit).
 */
interface TxStore {
  driver: Driver;
  open: boolean;
  after: (() => unknown)[];
}
const inTransaction = new AsyncLocalStorage<TxStore>();
/**
 * Transactions (execute() calls) now running in this process. An AsyncLocalStorage that has run once makes every
 * promise of the process pay Node's async hooks (an init hook and context propagation per promise, on every
 * request); so the storage is disabled whenever no transaction runs and enabled again by the next one. A store
 * left on some resource after its transaction is closed (open: false), which reads the same as no store.
 */
let transactionsRunning = 0;

/**
 * Runs `fn` once the transaction the caller is in has committed (never when it rolls back); outside a
 * transaction, at once. The transaction's `execute()` resolves only after these have run, in order, so a
 * command's caller sees their effects (e.g. the search index after a publication). A failing `fn` is
 * logged and does not undo the commit. Listeners that must not see uncommitted data (caches, events,
 * moving uploaded files into place) use this.
 */
export async function afterCommit(fn: () => unknown): Promise<void> {
  const s = inTransaction.getStore();
  if (s?.open) {
    s.after.push(fn);
    return;
  }
  await fn();
}

/** True while the caller runs inside a transaction callback of this handle's database. */
export function insideTransaction(db: Db): boolean {
  const s = inTransaction.getStore();
  return !!s?.open && s.driver === driverOf.get(db);
}

const driverOf = new WeakMap<object, Driver>();

/** A driver that refuses a new connection to a caller that is inside one of its own transaction callbacks. */
class GuardedDriver implements Driver {
  /** SQLite: the connection wrapped with the asynchronous wait for the write lock (see BusyWaitConnection). */
  private wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  constructor(
    private readonly inner: Driver,
    private readonly sqlite: boolean,
    /** SQLite on a file: a second connection for selects outside transactions (see RoutedConnection). */
    private readonly reader?: SqliteReadConnection,
  ) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const s = inTransaction.getStore();
    if (s?.open && s.driver === this) throw new OuterHandleInTransactionError();
    if (this.reader) return new RoutedConnection(this, this.reader);
    return this.acquireWriter();
  }
  /** The one write connection (Kysely's SQLite driver hands it out under a mutex). */
  async acquireWriter(): Promise<DatabaseConnection> {
    const conn = await this.inner.acquireConnection();
    if (!this.sqlite) return conn;
    let w = this.wrapped.get(conn);
    if (!w) this.wrapped.set(conn, (w = new BusyWaitConnection(conn)));
    return w;
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    if (!this.sqlite) return this.inner.beginTransaction(conn, settings);
    const w = conn instanceof RoutedConnection ? await conn.write() : conn;
    // SQLite: take the write lock when the transaction begins. A deferred `begin` that reads and then
    // writes cannot wait for another process's write (the CLI import beside the site, WORKERS=2): SQLite
    // answers SQLITE_BUSY at once to avoid a deadlock. `begin immediate` waits for the lock — without
    // blocking the event loop (BusyWaitConnection).
    await w.executeQuery(CompiledQuery.raw('begin immediate'));
    (w as BusyWaitConnection).inTransaction = true;
  }
  async commitTransaction(conn: DatabaseConnection) {
    const w = conn instanceof RoutedConnection ? conn.writer! : conn;
    await this.inner.commitTransaction(w instanceof BusyWaitConnection ? w.inner : w);
    if (w instanceof BusyWaitConnection) w.inTransaction = false;
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    const w = conn instanceof RoutedConnection ? conn.writer! : conn;
    if (w instanceof BusyWaitConnection) w.inTransaction = false;
    return this.inner.rollbackTransaction(w instanceof BusyWaitConnection ? w.inner : w);
  }
  async releaseConnection(conn: DatabaseConnection) {
    if (conn instanceof RoutedConnection) {
      const w = conn.writer;
      conn.writer = null;
      if (w) await this.inner.releaseConnection(w instanceof BusyWaitConnection ? w.inner : w);
      return;
    }
    return this.inner.releaseConnection(conn instanceof BusyWaitConnection ? conn.inner : conn);
  }
  async destroy() {
    this.reader?.close();
    return this.inner.destroy();
  }
}

/**
 * SQLite's own wait for a lock (busy_timeout) sleeps inside the synchronous better-sqlite3 call: the whole
 * process stands still meanwhile — every visitor's request, not only the write that waits. Beside a
 * writer that takes the lock again and again (the CLI import, a second worker), the site spent most of
 * its time blocked (measured by bench:load: requests waiting over 10 s). So busy_timeout is short
 * (SQLITE_BUSY_BLOCK_MS) and a statement that gets SQLITE_BUSY outside a transaction — `begin immediate`,
 * or a single-statement write — is tried again after an asynchronous pause, until SQLITE_BUSY_WAIT_MS
 * have passed. Inside a transaction (the write lock held) a statement is never retried.
 */
class BusyWaitConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(readonly inner: DatabaseConnection) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const started = Date.now();
    for (;;) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (err) {
        if (!isSqliteBusy(err) || this.inTransaction || Date.now() - started > BUSY_WAIT_MS) throw err;
        // Short pauses: another writer's gap between two of its transactions is a millisecond or less, and
        // a try is only a failed lock attempt (no work is repeated).
        await new Promise((r) => setTimeout(r, 1 + Math.random() * 3));
      }
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * SQLite on a file: selects outside a transaction run on a second, read-only connection. Kysely's SQLite
 * driver has one connection behind a mutex, so a write waiting (asynchronously) for another process's write
 * lock — the CLI import beside the site — or a transaction awaiting work held back every page of every
 * visitor: bench:load measured p90 1 s and p99 8.4 s on SQLite, all of it during the import. With WAL a
 * reader sees every committed change and never waits for a writer. One logical connection per acquire:
 * plain selects go to the reader until the first statement that is not one (or a transaction) takes the
 * write connection, which then serves everything up to the release — so a transaction reads its own writes.
 */
class RoutedConnection implements DatabaseConnection {
  writer: DatabaseConnection | null = null;
  constructor(
    private readonly driver: GuardedDriver,
    private readonly reader: SqliteReadConnection,
  ) {}
  async write(): Promise<DatabaseConnection> {
    if (!this.writer) this.writer = await this.driver.acquireWriter();
    return this.writer;
  }
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.writer && isPlainSelect(query)) return this.reader.executeQuery<R>(query);
    return (await this.write()).executeQuery<R>(query);
  }
  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // A stream keeps its statement open: the write connection (behind the mutex) serves it.
    yield* (await this.write()).streamQuery<R>(query, chunkSize);
  }
}

/** A select that changes nothing: built by Kysely as one, or raw SQL that starts with `select`. */
function isPlainSelect(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true;
  return query.query.kind === 'RawNode' && /^\s*select\b/i.test(query.sql) && !/\breturning\b/i.test(query.sql);
}

/**
 * How a read statement's rows become objects: better-sqlite3 builds each row object in C++ by setting one property
 * at a time (~20 % of a one-row statement of 46 columns: the public document page's, issue 15); its rows as arrays
 * (`.raw()`) turned into objects by a function made once per statement from its column names — an object literal,
 * the same keys in the same order with the same values — cost less, and the objects share one shape. null: the
 * statement keeps better-sqlite3's objects (not a reader, or a column named __proto__ or twice, where an object
 * literal could differ from what better-sqlite3 makes). `width`: the number of columns the function was made for —
 * a row of another width (SQLite prepared the statement again after a schema change, e.g. `select *` after another
 * process added a column) makes it again from the statement's columns as they are now.
 */
type RowMaker = { make: (values: unknown[]) => unknown; width: number } | null;
function rowMakerOf(stmt: SQLite.Statement): RowMaker {
  if (!stmt.reader) return null;
  const names = stmt.columns().map((c) => c.name);
  if (new Set(names).size !== names.length || names.includes('__proto__')) {
    stmt.raw(false);
    return null;
  }
  stmt.raw(true);
  const make = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (values: unknown[]) => unknown;
  return { make, width: names.length };
}

/** The read-only second connection of a SQLite file (statements reused like the writer's; rows made by rowMakerOf). */
class SqliteReadConnection {
  private readonly stmts: { prepare(sql: string): SQLite.Statement; close(): void };
  private readonly makers = new WeakMap<SQLite.Statement, RowMaker>();
  constructor(file: string) {
    const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
    sqlite.pragma(`busy_timeout = ${BUSY_BLOCK_MS}`);
    tuneConnection(sqlite);
    this.stmts = withStatementCache(sqlite);
  }
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.stmts.prepare(query.sql);
    let maker = this.makers.get(stmt);
    if (maker === undefined) this.makers.set(stmt, (maker = rowMakerOf(stmt)));
    const started = Date.now();
    for (;;) {
      try {
        const rows = stmt.all(query.parameters as unknown[]) as unknown[];
        if (maker !== null) {
          for (let i = 0; i < rows.length; i++) {
            const values = rows[i] as unknown[];
            if (values.length !== maker.width) {
              // Prepared again by SQLite with other columns: made again from the columns as they are now.
              maker = rowMakerOf(stmt);
              if (maker !== null && maker.width !== values.length) {
                stmt.raw(false);
                maker = null;
              }
              this.makers.set(stmt, maker);
              return this.executeQuery<R>(query);
            }
            rows[i] = maker.make(values);
          }
        }
        return { rows: rows as R[] };
      } catch (err) {
        // A WAL reader is busy only in rare moments (another process recovering or resetting the WAL).
        if (!isSqliteBusy(err) || Date.now() - started > BUSY_WAIT_MS) throw err;
        await new Promise((r) => setTimeout(r, 1 + Math.random() * 3));
      }
    }
  }
  close(): void {
    this.stmts.close();
  }
}

/** Page cache, memory-mapped reads and in-memory temporary tables: the same on every connection. */
function tuneConnection(sqlite: SQLite.Database): void {
  // Reads through the OS page cache without a system call per page (search joins and FTS5 doclists
  // touch many pages; bench:search; SQLite maps at most the first 2 GiB of the file), a page cache of
  // 16 MiB (SQLite's default is 2 MiB) for what lies beyond, and temporary tables (materialised CTEs,
  // sorts) in memory. The cache is allocated as pages are read (a small database never fills it).
  // With the file mapped, what fills the cache are pages written or read from the WAL and pages past
  // 2 GiB: at 256 MiB, the default until issue 15, the process held 30-50 MB more own memory after a mix of
  // pages and searches at 100,000 documents than with 16 or 2 MiB (same search CPU), and the two
  // connections could grow to 512 MB (MEM15, docs/performance.md).
  // A rebuild raises the writer's to 1 GiB while it runs (engine.ts). SQLITE_CACHE_MB / SQLITE_MMAP_MB
  // override the defaults.
  sqlite.pragma(`mmap_size = ${Math.max(0, Number(process.env.SQLITE_MMAP_MB ?? 2047)) * 1024 * 1024}`);
  sqlite.pragma(`cache_size = -${Math.max(2, Number(process.env.SQLITE_CACHE_MB ?? 16)) * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
}

/** A pragma run once while opening the database, tried again (up to ~5 s) while another process holds the lock. */
function openPragma(sqlite: SQLite.Database, pragma: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; ; i++) {
    try {
      sqlite.pragma(pragma);
      return;
    } catch (err) {
      if (!isSqliteBusy(err) || i >= 500) throw err;
      Atomics.wait(pause, 0, 0, 10); // opening is synchronous anyway: a short blocking pause
    }
  }
}

/** How long a SQLite statement may block the process waiting for a lock (busy_timeout), ms. */
const BUSY_BLOCK_MS = Math.max(0, Number(process.env.SQLITE_BUSY_BLOCK_MS ?? 1));
/** How long a statement waits for the write lock in all (asynchronously, between tries), ms. */
const BUSY_WAIT_MS = Math.max(0, Number(process.env.SQLITE_BUSY_WAIT_MS ?? 30_000));

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/** Transaction builders whose callbacks run marked as inside a transaction of `driver`. */
function guardBuilder<B extends object>(builder: B, driver: Driver): B {
  return new Proxy(builder, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'execute') {
        return (callback: (trx: unknown) => Promise<unknown>) => {
          transactionsRunning++;
          return (async () => {
            const outer = inTransaction.getStore();
            const store: TxStore = { driver, open: true, after: [] };
            const result = await value.call(target, (trx: unknown) =>
              inTransaction.run(store, async () => {
                try {
                  return await callback(trx);
                } finally {
                  store.open = false;
                }
              }),
            );
            // Committed. Nested in another open transaction (of another database): wait for that one.
            if (outer?.open) {
              outer.after.push(...store.after);
              return result;
            }
            for (const fn of store.after) {
              try {
                await fn();
              } catch (err) {
                console.error(`提交后的处理出错：${(err as Error).stack ?? err}`);
              }
            }
            return result;
          })().finally(() => {
            if (--transactionsRunning === 0) inTransaction.disable();
          });
        };
      }
      // setIsolationLevel / setAccessMode return new builders: guard those too.
      return (...args: unknown[]) => {
        const out = value.apply(target, args);
        return out && typeof out === 'object' && typeof (out as { execute?: unknown }).execute === 'function' ? guardBuilder(out, driver) : out;
      };
    },
  });
}

/** A Kysely instance whose transactions refuse the outer handle inside their callbacks (see GuardedDriver). */
function guardedKysely(dialect: SqliteDialect | PostgresDialect, reader?: SqliteReadConnection): Db {
  let driver: GuardedDriver | undefined;
  const guarded = new Proxy(dialect, {
    get(target, prop) {
      if (prop === 'createDriver') return () => (driver = new GuardedDriver(target.createDriver(), target instanceof SqliteDialect, reader));
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const db = new Kysely<Database>({ dialect: guarded });
  const d = driver!;
  driverOf.set(db, d);
  const transaction = db.transaction.bind(db);
  (db as { transaction: Db['transaction'] }).transaction = () => guardBuilder(transaction(), d);
  return db;
}

export function openDatabase(url: string): DatabaseHandle {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file);
    // Switching a new file to WAL needs the write lock: another process opening it at the same moment waits.
    openPragma(sqlite, 'journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_BLOCK_MS}`);
    tuneConnection(sqlite);
    // Planner statistics (what SQLite recommends on open): without them list queries may pick an index
    // that matches the sort but not the filter, and read every row. Cheap when the statistics are fresh.
    // Opportunistic: when another process holds the write lock (the site beside the CLI), the statistics
    // are brought up to date by the next start instead of failing this one (SQLITE_BUSY).
    try {
      sqlite.pragma('optimize = 0x10002');
    } catch (err) {
      if (!isSqliteBusy(err)) throw err;
    }
    // Selects outside transactions on a second connection (RoutedConnection); SQLITE_READ_CONNECTION=0: one.
    const reader = file !== ':memory:' && process.env.SQLITE_READ_CONNECTION !== '0' ? new SqliteReadConnection(file) : undefined;
    const db = guardedKysely(new SqliteDialect({ database: withStatementCache(sqlite) }), reader);
    return { db, dialect, url, close: () => db.destroy() };
  }
  const pool = new (loadPg().Pool)({ connectionString: url, max: Number(process.env.PG_POOL_MAX || 10) });
  // An idle pooled connection can be closed by the server (restart, failover, administrator command).
  // pg then emits 'error' on the pool; without a listener that would crash the process. The pool
  // drops the broken client and opens a new one on the next query, so logging is enough.
  pool.on('error', (err) => {
    if ((err as { code?: string }).code !== '57P01') console.error(`PostgreSQL 空闲连接出错（已丢弃）：${err.message}`);
  });
  const db = guardedKysely(new PostgresDialect({ pool }));
  return { db, dialect, url, close: () => db.destroy() };
}

/** Largest id a table can hold: ids are 32-bit integers on PostgreSQL (a larger one is a database error there). */
export const MAX_ID = 2_147_483_647;

/** True for a number that can be the id of a stored row (positive, at most MAX_ID). */
export function isStoredId(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_ID;
}

/** Current instant as stored: ISO-8601 UTC text, by the clock of the caller's context (platform/clock.ts). */
export function nowIso(): string {
  return new Date(clockNow()).toISOString();
}

/** Count helper: both dialects give a number after the type parser above. */
export async function countOf(query: { executeTakeFirst(): Promise<{ n: unknown } | undefined> }): Promise<number> {
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export { sql };
