// Query statistics for staff (top and zero-result queries per week): counted in memory per search
// (page 1), written in batches (flushSearchStats). With them, the (hashed) visitors of queries that
// may become 相关检索 suggestions (suggest.ts).
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { clockNow } from '../../platform/clock.ts';
import { sql } from '../../platform/db/index.ts';
import { beijingDay, suggestableQuery, visitorAddress, writeVisitors, type VisitorHit } from './suggest.ts';

/** ISO week 'YYYY-Www' of an instant, in Beijing time. */
export function isoWeekBeijing(at = clockNow()): string {
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

interface Pending {
  week: string;
  query: string;
  searches: number;
  zero: number;
}
/** Counts not yet written, per database (one write per few seconds instead of one per search). */
const pending = new Map<DbOrTrx, Map<string, Pending>>();
/** Visitors of suggestable queries that found something, not yet written (hashed when written). */
const pendingVisitors = new Map<DbOrTrx, Map<string, VisitorHit>>();
const timers = new Map<DbOrTrx, ReturnType<typeof setInterval>>();
const FLUSH_EVERY_MS = 5_000;
const FLUSH_AT = 500;

/**
 * Counts a search (page 1 of a non-empty query). Kept in memory and written with the others every
 * few seconds, when 500 distinct queries wait, when staff open the statistics page and when the app
 * stops: a search never waits for (or contends for) a write. Each app node adds its own counts.
 */
export function recordSearch(db: DbOrTrx, text: string, total: number, at = clockNow(), visitorIp?: string): void {
  const query = statsKey(text);
  if (!query) return;
  const week = isoWeekBeijing(at);
  let m = pending.get(db);
  if (!m) pending.set(db, (m = new Map()));
  const key = `${week}\u0000${query}`;
  const p = m.get(key) ?? { week, query, searches: 0, zero: 0 };
  p.searches++;
  if (total === 0) p.zero++;
  m.set(key, p);
  // A candidate for 相关检索: found something and is plain words (suggest.ts); who typed it counts.
  const candidate = visitorIp && total > 0 ? suggestableQuery(text) : null;
  let v = pendingVisitors.get(db);
  if (candidate) {
    if (!v) pendingVisitors.set(db, (v = new Map()));
    const hit = { day: beijingDay(at), query: candidate, address: visitorAddress(visitorIp!) };
    v.set(`${hit.day}\u0000${hit.query}\u0000${hit.address}`, hit);
  }
  if (m.size >= FLUSH_AT || (v?.size ?? 0) >= FLUSH_AT) void flushSearchStats(db);
  else if (!timers.has(db)) {
    const timer = setInterval(() => void flushSearchStats(db), FLUSH_EVERY_MS);
    timer.unref();
    timers.set(db, timer);
  }
}

/** Writes the waiting counts (one transaction). Statistics must never break anything: errors are dropped. */
export async function flushSearchStats(db: DbOrTrx): Promise<void> {
  const m = pending.get(db);
  const timer = timers.get(db);
  if (timer) clearInterval(timer);
  timers.delete(db);
  const visitors = [...(pendingVisitors.get(db)?.values() ?? [])];
  pendingVisitors.delete(db);
  if (!m?.size && !visitors.length) return;
  pending.delete(db);
  const rows = [...(m?.values() ?? [])];
  try {
    const write = async (trx: DbOrTrx) => {
      for (const r of rows) {
        await trx
          .insertInto('search_query_stats')
          .values({ week: r.week, query: r.query, searches: r.searches, zero_results: r.zero })
          .onConflict((oc) =>
            oc.columns(['week', 'query']).doUpdateSet({
              searches: sql`search_query_stats.searches + ${r.searches}`,
              zero_results: sql`search_query_stats.zero_results + ${r.zero}`,
            }),
          )
          .execute();
      }
      await writeVisitors(trx, db, visitors);
    };
    if (db.isTransaction) await write(db);
    else await (db as Db).transaction().execute(write);
  } catch {
    // Statistics must never break a search (nor the shutdown).
  }
}
