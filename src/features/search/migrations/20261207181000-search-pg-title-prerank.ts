// PostgreSQL pre-rank on the title alone (issue 15). gongkai_search_hits (20261207111500) scored every hit with
// ts_rank of its whole stored tsvector, which for a long document lies out of line (TOAST) and is read back for each
// hit: 通知 at 100,000 documents, 67,015 hits, ~307,000 buffers, 776 ms of CPU per search against SQLite's 90. The
// pre-rank only chooses which hits get the engine's relevance (10 × ts_rank_cd of the whole vector, engine.ts
// pgRerankedPage: the best PG_RERANK_EXTRA beyond the page), so it now reads search_docs.tsv_title — the title's
// words (weight A of tsv: title and title sub-words), a generated column, small and stored in the row, kept current
// with tsv by PostgreSQL itself; existing rows are filled when the column is added. Every text hit's pre-rank is
// > 0 (1e-9 added), as pgRerankedPage expects of a text hit (a 文号-only hit has 0). SQLite needs nothing.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table search_docs add column if not exists tsv_title tsvector generated always as (ts_filter(tsv, '{a}')) stored`.execute(db);
  await sql`create or replace function gongkai_search_hits(q tsquery) returns table (id integer, r double precision)
    language sql stable set enable_seqscan = off as $$
      select document_id, 10 * ts_rank('{0.05,0.2,0.4,1.0}', tsv_title, q) + 1e-9 from search_docs where tsv @@ q
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  const { up: whole } = await import('./20261207111500-search-pg-hits.ts');
  await whole(db);
  await sql`alter table search_docs drop column if exists tsv_title`.execute(db);
}
