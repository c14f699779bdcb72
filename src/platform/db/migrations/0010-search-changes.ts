// Search, faster at scale (bench:search):
// - search_docs.indexed_at gets an index: the SQLite search keeps the facet fields of every indexed
//   document in memory (features/search/docvalues.ts) and, after a change, reads only the rows
//   indexed since it last looked.
// - SQLite: the index now also holds title markers (every title word once more, prefixed with U+E000,
//   in the title_sub column; features/search/engine.ts titleMarkers). The index is derived data: it is
//   emptied here and rebuilt when the application starts (the search plugin's onReady, as for any
//   empty index; `npx gongkai reindex` does the same by hand).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('search_docs_indexed_at_idx').on('search_docs').columns(['indexed_at']).execute();
  if (isPostgres(db)) return;
  await sql`insert into search_fts(search_fts) values ('delete-all')`.execute(db);
  await db.deleteFrom('search_docs').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_docs_indexed_at_idx').execute();
}
