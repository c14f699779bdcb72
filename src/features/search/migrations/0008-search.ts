// Full-text search index (features/search). Only documents the public may see (published, 主动公开)
// are in it; the publication time is checked at query time, so scheduled documents are indexed
// when published but stay invisible until their time.
//
// search_docs: one row per indexed document with the facet fields and the normalised title,
//   文号 key and 索引号 key (for exact and partial 文号/索引号 lookups).
// SQLite: search_fts, an FTS5 table, CONTENTLESS (content='') with contentless_delete=1, rowid =
//   document id. It stores only the inverted index of the space-joined jieba tokens, not a second
//   copy of the text (titles and bodies are in `documents`; snippets are built from there).
//   Columns: title / title_sub / meta / body / attachments / sub. `title`, `meta`, `body` and
//   `attachments` hold the coarse (precise-mode) tokens in order, so phrase queries match exact
//   adjacency; `title_sub` and `sub` hold the finer sub-words (教育 of 义务教育), kept apart so
//   they do not break phrase positions. bm25() weights the columns (title first).
// PostgreSQL: search_docs.tsv = setweight(title + title sub-words, 'A') || meta 'B' || body 'C'
//   || attachments and sub-words 'D', all to_tsvector('simple', segmented); GIN index; pg_trgm
//   GIN indexes on the 文号 and 索引号 keys for substring lookups.
// search_attachment_text: text extracted from attachments (filled by features/search/extract.ts).
// search_query_stats: searches and zero-result searches per normalised query and ISO week (Beijing).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);

  let docs = db.schema
    .createTable('search_docs')
    // No foreign key to documents: this is derived data, written for every indexed document, and on
    // SQLite the parent check on each write cost ~17 ms per document on a cold connection (35 → 180+
    // documents/s without it, bench:search). Documents are never deleted (withdrawal keeps the row);
    // rebuild() and removeDocument() drop rows that no longer belong.
    .addColumn('document_id', 'integer', (c) => c.primaryKey())
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('genre', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('validity', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('title_norm', 'text', (c) => c.notNull())
    .addColumn('doc_no_key', 'text')
    .addColumn('index_no_key', 'text')
    .addColumn('indexed_at', 'text', (c) => c.notNull());
  if (pg) docs = docs.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
  await docs.execute();
  await db.schema.createIndex('search_docs_published_idx').on('search_docs').columns(['published_at']).execute();
  await db.schema.createIndex('search_docs_docno_idx').on('search_docs').columns(['doc_no_key']).execute();
  await db.schema.createIndex('search_docs_indexno_idx').on('search_docs').columns(['index_no_key']).execute();

  if (pg) {
    await sql`create index search_docs_tsv_idx on search_docs using gin (tsv)`.execute(db);
    const { rows } = await sql<{ n: number }>`select count(*) as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
    if (Number(rows[0]?.n) > 0) {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create index search_docs_docno_trgm_idx on search_docs using gin (doc_no_key gin_trgm_ops)`.execute(db);
      await sql`create index search_docs_indexno_trgm_idx on search_docs using gin (index_no_key gin_trgm_ops)`.execute(db);
    }
  } else {
    await sql`create virtual table search_fts using fts5(
      title, title_sub, meta, body, attachments, sub,
      content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
    )`.execute(db);
  }

  await db.schema
    .createTable('search_attachment_text')
    .addColumn('attachment_id', 'integer', (c) => c.primaryKey().references('attachments.id').onDelete('cascade'))
    .addColumn('document_id', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_attachment_text_doc_idx').on('search_attachment_text').columns(['document_id']).execute();

  await db.schema
    .createTable('search_query_stats')
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('searches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('zero_results', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('search_query_stats_pk', ['week', 'query'])
    .execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropTable('search_query_stats').ifExists().execute();
  await db.schema.dropTable('search_attachment_text').ifExists().execute();
  if (!isPostgres(db)) await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_docs').ifExists().execute();
}
