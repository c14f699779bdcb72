// Search, faster at scale (bench:search):
// - search_docs.indexed_at gets an index: the SQLite search keeps the facet fields of every indexed
//   document in memory (features/search/docvalues.ts) and, after a change, reads only the rows
//   indexed since it last looked.
// - SQLite: search_fts gets a 7th column, tmark: title markers (every title word once more, prefixed
//   with U+E000; features/search/engine.ts titleMarkers), weight 0 in bm25. The index is derived data:
//   it is recreated empty here and rebuilt when the application starts (the search plugin's onReady,
//   as for any empty index; `npx gongkai reindex` does the same by hand).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('search_docs_indexed_at_idx').on('search_docs').columns(['indexed_at']).execute();
  if (isPostgres(db)) return;
  await sql`drop table search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(
    title, title_sub, meta, body, attachments, sub, tmark,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
  )`.execute(db);
  // FTS5 merges 8 segments of a level instead of 4: each posting is rewritten about half as often
  // while indexing (1,000,000 documents: from 6 merge levels to 3–4), for about as many segments to read.
  await sql`insert into search_fts(search_fts, rank) values ('automerge', 8)`.execute(db);
  await db.deleteFrom('search_docs').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_docs_indexed_at_idx').execute();
}
