// Time-limited in-memory caches (unit tree, calendar, taxonomy, search labels …) ask here whether an
// entry is still fresh. GONGKAI_COLD_CACHES=1 makes every entry stale at once, so that the test suite
// runs every request as the first one after start or after a quiet spell (the SQLite pass of `npm test`
// runs that way; the PostgreSQL pass runs warm). A query that only happens on a cache miss — like the
// one that froze the site at the first login after 30 s of quiet — is then exercised by every test.

const cold = process.env.GONGKAI_COLD_CACHES === '1';

/** True while an entry stored at `storedAt` (ms) is younger than `ttlMs`. Always false with cold caches. */
export function isFresh(storedAt: number, ttlMs: number, now = Date.now()): boolean {
  return !cold && now - storedAt < ttlMs;
}

/** True when GONGKAI_COLD_CACHES=1 (every TTL cache misses). */
export function cachesCold(): boolean {
  return cold;
}
