// PostgreSQL: the titles that hold given words as substrings, through an index (issue 15). searchRelaxed completes a
// query of 2+ words that finds fewer than 3 documents with the documents whose normalised title holds every word as a
// substring, whatever the title's segmentation (engine.ts titleHolds: strpos on search_docs.title_norm) — on
// PostgreSQL a sequential scan with strpos per word over every row: 90–130 ms of server CPU for each such query at
// 100,000 documents (SQLite reads the titles from memory). A title holding a word holds each of the word's
// two-character pieces, so gongkai_title_bigrams(title_norm) — the set of the title's character bigrams as a tsvector,
// one lexeme each — indexed with GIN (an expression index: no column added, no table rewrite; kept current by
// PostgreSQL) finds a superset of those titles; strpos then checks them exactly, as before (engine.ts pgTitled).
// gongkai_search_titled(q) returns the ids the index gives for a tsquery of bigrams, planned with sequential scans off
// (a scan would compute every title's bigrams), as gongkai_search_hits. SQLite needs nothing.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function gongkai_title_bigrams(t text) returns tsvector
    language sql immutable strict parallel safe as $$
      select array_to_tsvector(array(select distinct substr(t, i, 2) from generate_series(1, length(t) - 1) as i))
    $$`.execute(db);
  await sql`create index if not exists search_docs_title_bigrams_idx on search_docs using gin (gongkai_title_bigrams(title_norm))`.execute(db);
  await sql`create or replace function gongkai_search_titled(q tsquery) returns table (id integer)
    language sql stable set enable_seqscan = off as $$
      select document_id from search_docs where gongkai_title_bigrams(title_norm) @@ q
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function if exists gongkai_search_titled(tsquery)`.execute(db);
  await sql`drop index if exists search_docs_title_bigrams_idx`.execute(db);
  await sql`drop function if exists gongkai_title_bigrams(text)`.execute(db);
}
