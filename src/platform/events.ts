// Domain events between features, delivered after commit through a transactional outbox.
//
// `emit(trx, type, payload)` writes the event into `platform_events` inside the caller's transaction and
// schedules its delivery for after the commit (db/index.ts afterCommit): the command's caller gets its
// answer once the handlers have run, so e.g. a publication is searchable as soon as the publish request
// answers. An event whose delivery did not finish (the process died, a handler failed) stays pending and
// `deliverPending` delivers it later (at start and by a job, on any node: each event is claimed once).
// Handlers must be idempotent (a retried event is delivered again).
import type { Db, DbOrTrx } from './db/index.ts';
import { afterCommit, nowIso } from './db/index.ts';

export type EventHandler = (db: Db, payload: any, event: { id: number; type: string }) => Promise<void>;

const handlers = new Map<string, { module: string; handler: EventHandler }[]>();

/** Registers a handler (the platform does this from each module's manifest `events`). */
export function on(type: string, handler: EventHandler, module = 'app'): void {
  const list = handlers.get(type) ?? [];
  if (list.some((h) => h.handler === handler)) return;
  list.push({ module, handler });
  handlers.set(type, list);
}

/**
 * Records `type` with `payload` in the caller's transaction; delivered to the handlers after commit.
 * `db` is the outer handle the handlers will use (never the transaction).
 */
export async function emit(trx: DbOrTrx, db: Db, type: string, payload: unknown): Promise<void> {
  const row = await trx
    .insertInto('platform_events')
    .values({ type, payload: JSON.stringify(payload ?? null), created_at: nowIso(), delivered_at: null, attempts: 0, last_error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await afterCommit(() => deliver(db, row.id));
}

/** Delivers one event if nobody else has (claims it first; safe on several nodes). */
async function deliver(db: Db, id: number): Promise<void> {
  const claimed = await db
    .updateTable('platform_events')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), claimed_at: nowIso() }))
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', new Date(Date.now() - CLAIM_MS).toISOString())]))
    .returning(['id', 'type', 'payload'])
    .executeTakeFirst();
  if (!claimed) return;
  const payload = JSON.parse(claimed.payload);
  try {
    for (const { handler } of handlers.get(claimed.type) ?? []) await handler(db, payload, { id: claimed.id, type: claimed.type });
    await db.updateTable('platform_events').set({ delivered_at: nowIso(), last_error: null }).where('id', '=', id).execute();
  } catch (err) {
    await db.updateTable('platform_events').set({ claimed_at: null, last_error: String((err as Error).message ?? err).slice(0, 500) }).where('id', '=', id).execute();
    throw err;
  }
}

/** A claim older than this is taken to be from a process that died mid-delivery. */
const CLAIM_MS = 5 * 60_000;

/** After this many tries an event is no longer delivered again on its own: it is shown as failed (failedEvents). */
export const MAX_DELIVERY_ATTEMPTS = 20;

/** Events that failed MAX_DELIVERY_ATTEMPTS times and wait for a person: how many, by type, and the latest. */
export interface FailedEvents {
  n: number;
  byType: { type: string; n: number }[];
  latest: { id: number; type: string; createdAt: string; lastError: string | null } | null;
}

export async function failedEvents(db: DbOrTrx): Promise<FailedEvents> {
  const failed = db.selectFrom('platform_events').where('delivered_at', 'is', null).where('attempts', '>=', MAX_DELIVERY_ATTEMPTS);
  const byType = (await failed.select(['type', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('type').orderBy('type').execute()).map((r) => ({ type: r.type, n: Number(r.n) }));
  if (!byType.length) return { n: 0, byType, latest: null };
  const l = await failed.select(['id', 'type', 'created_at', 'last_error']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return { n: byType.reduce((s, t) => s + t.n, 0), byType, latest: { id: l.id, type: l.type, createdAt: l.created_at, lastError: l.last_error } };
}

/** Gives the failed events their tries again (the caller writes the audit row in the same transaction); how many. */
export async function retryFailedEvents(trx: DbOrTrx): Promise<number> {
  const r = await trx
    .updateTable('platform_events')
    .set({ attempts: 0, claimed_at: null })
    .where('delivered_at', 'is', null)
    .where('attempts', '>=', MAX_DELIVERY_ATTEMPTS)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Delivers every event still pending (oldest first). Returns how many were delivered. */
export async function deliverPending(db: Db, limit = 1000): Promise<number> {
  const pending = await db
    .selectFrom('platform_events')
    .select('id')
    .where('delivered_at', 'is', null)
    .where('attempts', '<', MAX_DELIVERY_ATTEMPTS)
    .orderBy('id')
    .limit(limit)
    .execute();
  let n = 0;
  for (const { id } of pending) {
    try {
      await deliver(db, id);
      n++;
    } catch (err) {
      console.error(`事件 ${id} 投递失败：${(err as Error).message}`);
    }
  }
  return n;
}

/** Delivered events older than `days` are removed (the audit log keeps the record of what happened). */
export async function pruneDelivered(db: Db, days = 30): Promise<void> {
  await db.deleteFrom('platform_events').where('delivered_at', '<', new Date(Date.now() - days * 86400_000).toISOString()).execute();
}
