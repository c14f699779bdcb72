// PostgreSQL search hits through the GIN index, always (issue 15). search_docs.tsv of a document with a long
// body is stored out of line (TOAST); the planner does not count reading it back, so on a small table, or
// for a common word, it chose a sequential scan that read back and tested every document's tsvector
// (2,000 documents: 55 ms for `城市 & 管理` against 0.6 ms through the index, whose answer needs no recheck
// of the tsvector). gongkai_search_hits(q) returns the hits of a tsquery with 10 × ts_rank, the cheap
// pre-rank (the engine computes ts_rank_cd, its relevance, for the best candidates only: engine.ts
// pgRerankedPage), gongkai_search_ids(q) their ids alone (counting), both planned with sequential scans off — a
// setting of these functions alone (SET clause), which ordinary roles may set; SQLite needs nothing.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function gongkai_search_hits(q tsquery) returns table (id integer, r double precision)
    language sql stable set enable_seqscan = off as $$
      select document_id, 10 * ts_rank('{0.05,0.2,0.4,1.0}', tsv, q) from search_docs where tsv @@ q
    $$`.execute(db);
  await sql`create or replace function gongkai_search_ids(q tsquery) returns table (id integer)
    language sql stable set enable_seqscan = off as $$
      select document_id from search_docs where tsv @@ q
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function if exists gongkai_search_hits(tsquery)`.execute(db);
  await sql`drop function if exists gongkai_search_ids(tsquery)`.execute(db);
}
