// PostgreSQL did-you-mean with capped counts (issue 15). gongkai_search_keep (20261207112500) counted every published
// hit of each word of a query that finds nothing — a heap visit per hit, whose out-of-line tsvector is read back for
// the recheck: 1.7–2.5 s of server CPU for such a query at 100,000 documents. The counts only order the words (most
// first, ties in the order typed), so each is now counted up to 500 (engine.ts DID_YOU_MEAN_COUNT_CAP, which the
// SQLite path applies to its counts from memory too: both suggest the same words): words found at least that often
// keep the order typed. Otherwise the same function. SQLite needs nothing.
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
        select count(*) into c from (select 1 from search_docs d where d.tsv @@ to_tsquery('simple', qs[i]) and d.published_at <= at limit 500) h;
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
  // Back to the uncapped counts of 20261207112500.
  const { up: uncapped } = await import('./20261207112500-search-pg-did-you-mean.ts');
  await uncapped(db);
}
