// PostgreSQL did-you-mean planned on the text index only (issue 15). gongkai_search_keep (20261207180000) runs its
// two statements — each word's published hits counted up to 500, and `exists` of the words kept so far with the next —
// as PL/pgSQL prepared statements. After five calls PostgreSQL may use a generic plan, which cannot see the words:
// with `limit 500` / `exists` it chose an index scan over search_docs_published_idx filtering every published row by
// its tsvector (read back out of line), which stops early only when the words are common. For a query whose words
// are common alone but never together (国办发〔2001〕41号: 国办发 & 2001 & 41 & 号) that visited all 100,000 rows:
// 774,620 buffers, 0.6–1.1 s of server CPU for one search page at 100,000 documents (bench:pages' PostgreSQL search
// mix: 6 pages a second, 270–300 ms of database CPU each). The function now plans each call with its own words and
// without plain index scans, so the hits come from the GIN index (bitmap scans): the same statements 0.5–9 ms.
// ALTER FUNCTION … SET changes only the function's settings, not its body. SQLite needs nothing.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter function gongkai_search_keep(text[], text) set enable_indexscan = off`.execute(db);
  await sql`alter function gongkai_search_keep(text[], text) set plan_cache_mode = force_custom_plan`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter function gongkai_search_keep(text[], text) reset enable_indexscan`.execute(db);
  await sql`alter function gongkai_search_keep(text[], text) reset plan_cache_mode`.execute(db);
}
