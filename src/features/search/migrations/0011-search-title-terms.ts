// Search, the title bonuses from memory (bench:search):
// - search_docs.title_terms: the title's distinct words and sub-words, space-joined, as segmented when
//   the document was indexed. The SQLite search keeps them in memory as lists of documents per word
//   (features/search/docvalues.ts TitleTerms) and finds the documents whose title holds every word of
//   a query there, instead of an FTS5 query of title markers.
// - SQLite: search_fts loses its 7th column (tmark, the title markers that query read). The index is
//   derived data: it is recreated empty here and rebuilt when the application starts (the search
//   plugin's onReady, as for any empty index; `npx gongkai reindex` does the same by hand).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_docs').addColumn('title_terms', 'text').execute();
  if (isPostgres(db)) return;
  await sql`drop table search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(
    title, title_sub, meta, body, attachments, sub,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`insert into search_fts(search_fts, rank) values ('automerge', 8)`.execute(db);
  await db.deleteFrom('search_docs').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_docs').dropColumn('title_terms').execute();
}
