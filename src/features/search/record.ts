// Query statistics for staff (top and zero-result queries per week): one upsert per search (page 1).
import type { DbOrTrx } from '../../platform/db/index.ts';
import { sql } from '../../platform/db/index.ts';

/** ISO week 'YYYY-Www' of an instant, in Beijing time. */
export function isoWeekBeijing(at = Date.now()): string {
  const bj = new Date(at + 8 * 3600_000);
  const d = new Date(Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The query as counted: normalised text (already NFKC and lower-case from the parser), at most 100 characters. */
export function statsKey(text: string): string {
  return [...text.replace(/\s+/g, ' ').trim()].slice(0, 100).join('');
}

export async function recordSearch(db: DbOrTrx, text: string, total: number, at = Date.now()): Promise<void> {
  const query = statsKey(text);
  if (!query) return;
  const zero = total === 0 ? 1 : 0;
  try {
    await db
      .insertInto('search_query_stats')
      .values({ week: isoWeekBeijing(at), query, searches: 1, zero_results: zero })
      .onConflict((oc) =>
        oc.columns(['week', 'query']).doUpdateSet({
          searches: sql`search_query_stats.searches + 1`,
          zero_results: sql`search_query_stats.zero_results + ${zero}`,
        }),
      )
      .execute();
  } catch {
    // Statistics must never break a search.
  }
}
