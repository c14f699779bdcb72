// Reads of 政务新媒体: accounts with their last update date (one grouped subquery) and staleness computed for
// today; the public list (published accounts as last published, no responsible person) paged, like the document list.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { publicVersions, whereHasPublicVersion } from '../registers/public.ts';
import { ACCOUNTS } from './register.ts';
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

/**
 * The public list: every account as the public sees it — its last published version while a revision is under
 * way (registers' publicVersions), filtered on those values; ordered by unit, platform and id. A district has
 * dozens to a few hundred accounts, so the list is resolved whole and paged here; the last update dates are read
 * for the page's accounts only.
 */
export async function pagePublicAccounts(db: Db, f: { platform?: string; unitId?: number; page: number; pageSize: number }): Promise<{ items: PublicAccount[]; total: number }> {
  const [rows, tree] = await Promise.all([whereHasPublicVersion(db.selectFrom('new_media_accounts').selectAll()).execute(), loadUnitTree(db)]);
  const shown = (await publicVersions(db, ACCOUNTS, rows))
    .filter((a) => (!f.platform || a.platform === f.platform) && (!f.unitId || a.unit_id === f.unitId))
    .sort((a, b) => a.unit_id - b.unit_id || (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0) || a.id - b.id);
  const page = shown.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
  const last = new Map(
    page.length
      ? (await db.selectFrom('new_media_updates').select(['account_id', (eb) => eb.fn.max('on').as('last_on')]).where('account_id', 'in', page.map((a) => a.id)).groupBy('account_id').execute()).map((r) => [r.account_id, (r.last_on as string | null) ?? null])
      : [],
  );
  const today = todayBeijing();
  return {
    total: shown.length,
    items: page.map((r) => {
      const lastOn = last.get(r.id) ?? null;
      const s = staleness({ opened_on: r.opened_on, closed_on: r.closed_on, lastUpdateOn: lastOn }, today);
      return { id: r.id, platform: r.platform, name: r.name, accountId: r.account_id, unitId: r.unit_id, unit: tree.byId.get(r.unit_id)?.name ?? '', verification: r.verification, openedOn: r.opened_on, closedOn: r.closed_on, filingStatus: r.filing_status, interaction: r.interaction, lastUpdateOn: lastOn, daysSinceUpdate: s.days, stale: s.stale };
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

// The console's and API's lookups of one account.

/** One account's row (any state), or undefined. */
export function accountById(db: DbOrTrx, id: number) {
  return db.selectFrom('new_media_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One account's id and unit (the API's scope check), or undefined. */
export function accountUnit(db: DbOrTrx, id: number): Promise<{ id: number; unit_id: number } | undefined> {
  return db.selectFrom('new_media_accounts').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();
}

/** An account's recorded updates, newest first (by date, then id), at most 100. */
export function updatesOfAccount(db: DbOrTrx, accountId: number) {
  return db.selectFrom('new_media_updates').selectAll().where('account_id', '=', accountId).orderBy('on', 'desc').orderBy('id', 'desc').limit(100).execute();
}
