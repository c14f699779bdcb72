// Time-limited in-memory caches (unit tree, calendar, taxonomy, search labels …) ask here whether an
// entry is still fresh. GONGKAI_COLD_CACHES=1 makes every entry stale at once, so that the test suite
// runs every request as the first one after start or after a quiet spell (the SQLite pass of `npm test`
// runs that way; the PostgreSQL pass runs warm). A query that only happens on a cache miss — like the
// one that froze the site at the first login after 30 s of quiet — is then exercised by every test.

import { AsyncLocalStorage } from 'node:async_hooks';

const cold = process.env.GONGKAI_COLD_CACHES === '1';
const warm = new AsyncLocalStorage<true>();

/** True while an entry stored at `storedAt` (ms) is younger than `ttlMs`. Always false with cold caches. */
export function isFresh(storedAt: number, ttlMs: number, now = Date.now()): boolean {
  return (!cold || warm.getStore() === true) && now - storedAt < ttlMs;
}

/** True when GONGKAI_COLD_CACHES=1 (every TTL cache misses). */
export function cachesCold(): boolean {
  return cold && warm.getStore() !== true;
}

/**
 * Runs `fn` with the caches working normally even under GONGKAI_COLD_CACHES=1: for tests that measure
 * bulk throughput (importing 34,578 real documents), where a reload per row would only measure the reload.
 */
export function withWarmCaches<T>(fn: () => T): T {
  return warm.run(true, fn);
}
