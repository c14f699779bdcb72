// SQLite search, the first search after start (issue 15): a snapshot of the index's in-memory fields
// (features/search/docvalues.ts DocValues), read back at start in ~0.1 s instead of building them from every
// row of search_docs (~1.8 s of CPU at 100,000 documents). Derived data, like search_docs: a few BLOB parts
// of one snapshot (part 0 its description as JSON), each with the snapshot's id, replaced whole. PostgreSQL
// keeps no such fields (its search counts in SQL): nothing there.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table search_docvalues (part integer primary key, id text not null, data blob not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop table search_docvalues`.execute(db);
}
