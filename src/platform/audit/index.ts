// Append-only action log, written in the same transaction as the change it records.
import type { DbOrTrx } from '../db/index.ts';
import { afterCommit, nowIso } from '../db/index.ts';
import { actorId, type Actor } from '../access/roles.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
  /**
   * False when the change cannot show on any public page (an application, a login, a draft, a staff
   * read): the public portal's cached pages then stay valid. Default true — an unknown change refreshes them.
   */
  publicEffect?: boolean;
}

type AuditListener = (entry: AuditEntry) => void;
const listeners = new Set<AuditListener>();

/** Called after every audit row written by this process, once its transaction has committed (e.g. to drop local caches). */
export function onAudit(listener: AuditListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Sensitive reads (an applicant's personal data, a file that is not public): who read which record when.
 * A single insert, outside any transaction; the read itself changes nothing.
 */
export async function auditRead(db: DbOrTrx, actor: Actor, entry: Omit<AuditEntry, 'before' | 'after'> & { detail?: unknown }): Promise<void> {
  const { detail, ...rest } = entry;
  await audit(db, actor, { ...rest, after: detail, publicEffect: false });
}

function auditRow(actor: Actor | null, entry: AuditEntry, at: string) {
  return {
    at,
    actor_id: actor ? actorId(actor) : null,
    actor_name: actor ? `${actor.displayName}(${actor.username})${actor.tokenPrefix ? ` 令牌 ${actor.tokenPrefix}…` : ''}` : '匿名',
    action: entry.action,
    entity: entry.entity,
    entity_id: String(entry.entityId),
    unit_id: entry.unitId ?? null,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: actor?.ip ?? null,
    public_effect: entry.publicEffect === false ? 0 : 1,
  };
}

export async function audit(trx: DbOrTrx, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values(auditRow(actor, entry, nowIso())).execute();
  // Listeners (local caches) hear of the change once it is committed: never of one that rolls back.
  if (listeners.size) await afterCommit(() => listeners.forEach((l) => l(entry)));
}

/**
 * Many audit rows of one actor at once (a bulk change: an import batch), several rows per statement —
 * the same rows, in the same order, as one audit() call each.
 */
export async function auditMany(trx: DbOrTrx, actor: Actor | null, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const at = nowIso();
  const rows = entries.map((e) => auditRow(actor, e, at));
  // 12 values per row: 200 rows stay well within both databases' limits on bound parameters.
  for (let k = 0; k < rows.length; k += 200) await trx.insertInto('audit_log').values(rows.slice(k, k + 200)).execute();
  if (listeners.size) await afterCommit(() => entries.forEach((e) => listeners.forEach((l) => l(e))));
}
