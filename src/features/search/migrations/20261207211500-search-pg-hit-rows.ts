// PostgreSQL search reads each hit's row once (issue 15). gongkai_search_hits (20261207181000) returned the hits' ids
// and pre-rank, and the engine's statement then looked every hit up again in search_docs for the filters, facets and
// title bonus — for a common word (通知 at 100,000 documents: 67,015 hits) a second index probe per hit, ~201,000
// buffers, 40 % of the statement. gongkai_search_rows(q) returns, from the one bitmap heap scan that finds the hits,
// the columns the statement needs (the same pre-rank, tier 0, published_at, the facet fields and title_norm); the
// engine uses it when the text match is the query's only source of hits (engine.ts search). Planned with sequential
// scans off, as gongkai_search_hits. SQLite needs nothing.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function gongkai_search_rows(q tsquery)
    returns table (document_id integer, r double precision, t integer, published_at text, unit_id integer, topic text, genre text, year integer, validity text, kind text, title_norm text)
    language sql stable set enable_seqscan = off as $$
      select document_id, 10 * ts_rank('{0.05,0.2,0.4,1.0}', tsv_title, q) + 1e-9, 0, published_at, unit_id, topic, genre, year, validity, kind, title_norm
      from search_docs where tsv @@ q
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop function if exists gongkai_search_rows(tsquery)`.execute(db);
}
