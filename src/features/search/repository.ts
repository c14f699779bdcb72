// Reads of the search pages and the 检索统计 console page (issue 14: the queries of routes and views live here).
// The index itself is read and written by engine.ts, suggest.ts, record.ts and docvalues.ts.
import type { DbOrTrx } from '../../platform/db/index.ts';
import { publicOrScheduled } from '../documents/public.ts';
import { popularQueries, type PopularQuery } from './suggest.ts';

/** The unit with this code (undefined: none). */
export async function unitByCode(db: DbOrTrx, code: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst();
}

/** Whether the search index holds any document. */
export async function searchIndexHasRows(db: DbOrTrx): Promise<boolean> {
  return !!(await db.selectFrom('search_docs').select('document_id').limit(1).executeTakeFirst());
}

/** How many documents are public or scheduled (what a rebuild of the index would read). */
export async function countPublicOrScheduled(db: DbOrTrx): Promise<number> {
  const row = await publicOrScheduled(db.selectFrom('documents'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The choices of the advanced search form: units in order, active topics and genres in order. */
export async function advancedSearchChoices(db: DbOrTrx) {
  const [units, terms] = await Promise.all([
    db.selectFrom('units').select(['id', 'name']).orderBy('position').execute(),
    db.selectFrom('terms').select(['kind', 'code', 'label', 'parent_code']).where('active', '=', 1).where('kind', 'in', ['topic', 'genre']).orderBy('position').execute(),
  ]);
  return { units, terms };
}

export const TOP_N = 20;

export interface WeekStats {
  week: string;
  searches: number;
  top: { query: string; searches: number; zeroResults: number }[];
  zero: { query: string; zeroResults: number; searches: number }[];
}

export async function loadWeekStats(db: DbOrTrx, week: string): Promise<WeekStats> {
  const base = db.selectFrom('search_query_stats').where('week', '=', week);
  const [top, zero, sum] = await Promise.all([
    base.select(['query', 'searches', 'zero_results']).orderBy('searches', 'desc').orderBy('query').limit(TOP_N).execute(),
    base.select(['query', 'searches', 'zero_results']).where('zero_results', '>', 0).orderBy('zero_results', 'desc').orderBy('query').limit(TOP_N).execute(),
    base.select((eb) => eb.fn.sum<number>('searches').as('n')).executeTakeFirst(),
  ]);
  return {
    week,
    searches: Number(sum?.n ?? 0),
    top: top.map((r) => ({ query: r.query, searches: Number(r.searches), zeroResults: Number(r.zero_results) })),
    zero: zero.map((r) => ({ query: r.query, searches: Number(r.searches), zeroResults: Number(r.zero_results) })),
  };
}

/** The weeks with statistics, newest first. */
export async function knownWeeks(db: DbOrTrx, limit = 104): Promise<string[]> {
  const rows = await db.selectFrom('search_query_stats').select('week').distinct().orderBy('week', 'desc').limit(limit).execute();
  return rows.map((r) => r.week);
}

export interface SuggestionAdmin {
  offered: PopularQuery[];
  hidden: { query: string; by: string | null; at: string }[];
  banned: { word: string; by: string | null; at: string }[];
}

export async function loadSuggestionAdmin(db: DbOrTrx): Promise<SuggestionAdmin> {
  const [offered, hidden, banned] = await Promise.all([
    popularQueries(db, { limit: 50 }),
    db
      .selectFrom('search_suggestion_hidden as h')
      .leftJoin('users as u', 'u.id', 'h.hidden_by')
      .select(['h.query', 'h.hidden_at', 'u.display_name'])
      .orderBy('h.hidden_at', 'desc')
      .limit(500)
      .execute(),
    db
      .selectFrom('search_banned_words as b')
      .leftJoin('users as u', 'u.id', 'b.added_by')
      .select(['b.word', 'b.added_at', 'u.display_name'])
      .orderBy('b.word')
      .limit(1000)
      .execute(),
  ]);
  return {
    offered,
    hidden: hidden.map((r) => ({ query: r.query, by: r.display_name, at: r.hidden_at })),
    banned: banned.map((r) => ({ word: r.word, by: r.display_name, at: r.added_at })),
  };
}
