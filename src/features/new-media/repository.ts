// Reads of 政务新媒体: accounts with their last update date (one grouped subquery) and staleness computed for
// today; the public list (published accounts, no responsible person) paged, like the document list.
import type { Db } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { whereRecordPublic } from '../registers/public.ts';
import { staleness } from './rules.ts';

function withLast(db: Db) {
  return db
    .selectFrom('new_media_accounts as a')
    .leftJoin(db.selectFrom('new_media_updates').select(['account_id', (eb) => eb.fn.max('on').as('last_on')]).groupBy('account_id').as('u'), 'u.account_id', 'a.id');
}

export interface PublicAccount {
  id: number;
  platform: string;
  name: string;
  accountId: string;
  unitId: number;
  unit: string;
  verification: string;
  openedOn: string;
  closedOn: string | null;
  filingStatus: string;
  interaction: string;
  lastUpdateOn: string | null;
  daysSinceUpdate: number;
  stale: boolean;
}

export async function pagePublicAccounts(db: Db, f: { platform?: string; unitId?: number; page: number; pageSize: number }): Promise<{ items: PublicAccount[]; total: number }> {
  let q = whereRecordPublic(withLast(db), 'a');
  if (f.platform) q = q.where('a.platform', '=', f.platform);
  if (f.unitId) q = q.where('a.unit_id', '=', f.unitId);
  const [count, rows, tree] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select(['a.id', 'a.platform', 'a.name', 'a.account_id', 'a.unit_id', 'a.verification', 'a.opened_on', 'a.closed_on', 'a.filing_status', 'a.interaction', 'u.last_on'])
      .orderBy('a.unit_id')
      .orderBy('a.platform')
      .orderBy('a.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    loadUnitTree(db),
  ]);
  const today = todayBeijing();
  return {
    total: Number(count.n),
    items: rows.map((r) => {
      const last = (r.last_on as string | null) ?? null;
      const s = staleness({ opened_on: r.opened_on, closed_on: r.closed_on, lastUpdateOn: last }, today);
      return { id: r.id, platform: r.platform, name: r.name, accountId: r.account_id, unitId: r.unit_id, unit: tree.byId.get(r.unit_id)?.name ?? '', verification: r.verification, openedOn: r.opened_on, closedOn: r.closed_on, filingStatus: r.filing_status, interaction: r.interaction, lastUpdateOn: last, daysSinceUpdate: s.days, stale: s.stale };
    }),
  };
}

export interface StaffAccount extends PublicAccount {
  status: string;
  version: number;
  responsiblePerson: string;
  exceptionReason: string | null;
}

/** Accounts of the given units (all statuses), stale ones first. */
export async function staffAccounts(db: Db, unitIds: number[]): Promise<StaffAccount[]> {
  const rows = await withLast(db)
    .selectAll('a')
    .select('u.last_on')
    .where('a.unit_id', 'in', unitIds.length ? unitIds : [-1])
    .orderBy('a.unit_id')
    .orderBy('a.platform')
    .limit(2000)
    .execute();
  const tree = await loadUnitTree(db);
  const today = todayBeijing();
  return rows
    .map((r) => {
      const last = (r.last_on as string | null) ?? null;
      const s = staleness({ opened_on: r.opened_on, closed_on: r.closed_on, lastUpdateOn: last }, today);
      return { id: r.id, platform: r.platform, name: r.name, accountId: r.account_id, unitId: r.unit_id, unit: tree.byId.get(r.unit_id)?.name ?? '', verification: r.verification, openedOn: r.opened_on, closedOn: r.closed_on, filingStatus: r.filing_status, interaction: r.interaction, lastUpdateOn: last, daysSinceUpdate: s.days, stale: s.stale && r.status !== 'retired', status: r.status, version: r.version, responsiblePerson: r.responsible_person, exceptionReason: r.exception_reason };
    })
    .sort((a, b) => Number(b.stale) - Number(a.stale));
}
