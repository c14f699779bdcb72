// SQLite: a counter of changes to the search index (issue 15). DocValues (docvalues.ts) keeps the facet fields, titles
// and per-query memos of the index in memory and asked PRAGMA data_version whether anything changed — but that moves on
// ANY commit of another connection, and this process's own writes go through a second connection: the search
// statistics flush every 5 s, sessions, audit rows, the DocValues snapshot itself. Each cleared the memos and re-read the
// rows indexed within the margin. search_index_stamp.n moves with every row written to or removed from search_docs
// (triggers, so every writer counts, the CLI beside the site included); refresh() reads it only when data_version
// moved, and keeps its memos when it did not. PostgreSQL has no DocValues: nothing there.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table search_index_stamp (id integer primary key check (id = 1), n integer not null)`.execute(db);
  await sql`insert into search_index_stamp (id, n) values (1, 0)`.execute(db);
  for (const [name, event] of [
    ['search_docs_stamp_ins', 'insert'],
    ['search_docs_stamp_upd', 'update'],
    ['search_docs_stamp_del', 'delete'],
  ] as const) {
    await sql.raw(`create trigger ${name} after ${event} on search_docs begin update search_index_stamp set n = n + 1 where id = 1; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const name of ['search_docs_stamp_ins', 'search_docs_stamp_upd', 'search_docs_stamp_del']) await sql.raw(`drop trigger if exists ${name}`).execute(db);
  await sql`drop table if exists search_index_stamp`.execute(db);
}
