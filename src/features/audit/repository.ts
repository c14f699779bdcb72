// The audit feature's reads: the audit log of a unit scope (the log page and a record's history) and the
// e-mail outbox page (platform admins). Pages ask these; they hold no query of their own (issue 14).
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';

export interface AuditRowView {
  id: number;
  at: string;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export async function unitNames(db: Db): Promise<Map<number, string>> {
  const tree = await loadUnitTree(db);
  return new Map([...tree.byId.values()].map((n) => [n.id, n.name]));
}

export async function loadAuditRows(db: Db, actor: Actor, f: { entity?: string; id?: string; page: number; pageSize: number }): Promise<{ rows: AuditRowView[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (actor.role !== 'admin') q = q.where('unit_id', 'in', actor.scope.size ? [...actor.scope] : [-1]);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.id) q = q.where('entity_id', '=', f.id);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .select(['id', 'at', 'actor_name', 'action', 'entity', 'entity_id', 'before_json', 'after_json', 'ip'])
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** The outbox page: the newest 100 mails (of one status, when given) with their request's tracking number, and the count of each status. */
export async function mailOutboxPage(db: Db, status: 'pending' | 'sent' | 'failed' | null) {
  let q = db
    .selectFrom('mail_outbox')
    .leftJoin('requests', 'requests.id', 'mail_outbox.request_id')
    .select(['mail_outbox.id', 'mail_outbox.kind', 'mail_outbox.to_addr', 'mail_outbox.subject', 'mail_outbox.body', 'mail_outbox.secret', 'mail_outbox.status', 'mail_outbox.attempts', 'mail_outbox.last_error', 'mail_outbox.created_at', 'mail_outbox.sent_at', 'mail_outbox.next_attempt_at', 'requests.tracking_no'])
    .orderBy('mail_outbox.id', 'desc')
    .limit(100);
  if (status) q = q.where('mail_outbox.status', '=', status);
  const rows = await q.execute();
  const counts = await db.selectFrom('mail_outbox').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  return { rows, counts };
}
