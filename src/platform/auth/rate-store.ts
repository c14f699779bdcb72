// A @fastify/rate-limit store kept in the database: every node of a multi-node installation (and every
// worker of WORKERS=n) counts against the same allowance per address. One atomic upsert per check; a
// fixed window per key, as the plugin's own in-memory store does.
import type { Db } from '../db/index.ts';
import { sql } from '../db/index.ts';

interface StoreParams {
  routeInfo?: { method?: string; url?: string };
}
type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** Expired counters are deleted now and then (about one check in 200). */
const SWEEP_ODDS = 0.005;

export function databaseRateLimitStore(db: Db) {
  // Limiters made with createRateLimit() have no route: they are told apart by the order of creation,
  // which is the same on every node (the same code registers them in the same order).
  let unnamed = 0;
  return class DatabaseRateLimitStore {
    readonly prefix: string;
    constructor(params: StoreParams, prefix = 'global') {
      this.prefix = prefix;
    }
    incr(key: string, cb: Callback, timeWindow: number, _max: number): void {
      const now = Date.now();
      const k = `${this.prefix}|${key}`.slice(0, 500);
      sql<{ count: number | string; window_start: number | string }>`
        insert into rate_limits (key, window_start, count) values (${k}, ${now}, 1)
        on conflict (key) do update set
          count = case when rate_limits.window_start + ${timeWindow} <= ${now} then 1 else rate_limits.count + 1 end,
          window_start = case when rate_limits.window_start + ${timeWindow} <= ${now} then ${now} else rate_limits.window_start end
        returning count, window_start`
        .execute(db)
        .then(async (r) => {
          const row = r.rows[0];
          const start = Number(row.window_start);
          cb(null, { current: Number(row.count), ttl: Math.max(0, start + timeWindow - now) });
          if (Math.random() < SWEEP_ODDS) await db.deleteFrom('rate_limits').where('window_start', '<', now - 24 * 3600_000).execute();
        })
        .catch((err: Error) => cb(err));
    }
    child(params: StoreParams): DatabaseRateLimitStore {
      const route = params.routeInfo?.url ? `${params.routeInfo.method ?? ''} ${params.routeInfo.url}` : `limiter-${++unnamed}`;
      return new DatabaseRateLimitStore(params, route);
    }
  };
}
