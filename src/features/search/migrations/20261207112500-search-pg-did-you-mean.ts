// PostgreSQL did-you-mean in one round trip (issue 15). A search that finds nothing suggests the words that
// find the most while together still finding something (engine.ts finish): each word counted, then greedily
// combined — up to 11 statements, each a round trip with its own planning. gongkai_search_keep(qs, at) does
// the same in the server: qs are the words' tsqueries, `at` the publication cut-off; it returns whether each
// word is kept (counts of published hits, most first, ties in the given order; a word is kept when the AND of
// the kept words and it still finds a published document). Planned with sequential scans off, as
// gongkai_search_hits (20261207111500-search-pg-hits.ts). SQLite needs nothing (its counts come from memory).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function gongkai_search_keep(qs text[], at text) returns boolean[]
    language plpgsql stable set enable_seqscan = off as $$
    declare
      cnt int[] := array[]::int[];
      keep boolean[] := array[]::boolean[];
      kq tsquery := null;
      q tsquery;
      i int;
      c int;
    begin
      for i in 1 .. coalesce(array_length(qs, 1), 0) loop
        select count(*) into c from search_docs d where d.tsv @@ to_tsquery('simple', qs[i]) and d.published_at <= at;
        cnt := cnt || c;
        keep := keep || false;
      end loop;
      for i in select u.o from unnest(cnt) with ordinality as u(c, o) where u.c > 0 order by u.c desc, u.o loop
        q := to_tsquery('simple', qs[i]);
        if kq is null then
          kq := q;
          keep[i] := true;
        elsif exists (select 1 from search_docs d where d.tsv @@ (kq && q) and d.published_at <= at) then
          kq := kq && q;
          keep[i] := true;
        end if;
      end loop;
      return keep;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop function if exists gongkai_search_keep(text[], text)`.execute(db);
}
