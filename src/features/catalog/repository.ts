// Reads of the standard catalog: areas, items, each unit's catalog state (derived from its items' statuses,
// never stored), the deadline, the steps log, and compliance — two queries (items; links joined to their
// documents) and one pass (compliance.ts), whatever the number of items.
import { sql, type Db, type DbOrTrx } from '../../platform/db/index.ts';
import { isFresh } from '../../platform/cache.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { publicSql } from '../documents/public.ts';
import { addToSummary, computeCompliance, emptySummary, type ComplianceSummary, type ItemCompliance, type LinkFact } from './compliance.ts';
import type { CatalogItemRow } from './register.ts';
import { CATALOG_REGISTER } from './register.ts';
import { lastPublishedOf, linkedRecordsOf, linkRows } from '../registers/public.ts';
import { POWER_ITEMS, powerItemUrl, type PowerItemRow } from '../power-lists/public.ts';
import { todayBeijing } from '../../platform/views/format.ts';

const DEFAULT_DEADLINE = (year: number) => `${year}-11-20`;

export async function areasOf(db: DbOrTrx): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('catalog_areas').select(['id', 'name']).where('active', '=', 1).orderBy('position').orderBy('id').execute();
}

export async function deadlineOf(db: DbOrTrx, year: number): Promise<string> {
  const r = await db.selectFrom('catalog_years').select('deadline').where('year', '=', year).executeTakeFirst();
  return r?.deadline ?? DEFAULT_DEADLINE(year);
}

/** The year a page shows by default: the newest with items, else this year. */
export async function currentYear(db: Db, publicOnly = false): Promise<number> {
  let q = db.selectFrom('catalog_items').select((eb) => eb.fn.max('year').as('y'));
  if (publicOnly) q = q.where('published_at', 'is not', null).where('status', '!=', 'retired');
  const r = await q.executeTakeFirst();
  return r?.y ? Number(r.y) : Number(todayBeijing().slice(0, 4));
}

export async function yearsOf(db: Db, publicOnly = false): Promise<number[]> {
  let q = db.selectFrom('catalog_items').select('year').distinct();
  if (publicOnly) q = q.where('published_at', 'is not', null).where('status', '!=', 'retired');
  return (await q.orderBy('year', 'desc').execute()).map((r) => Number(r.year));
}

export type UnitState = 'empty' | 'compiling' | 'returned' | 'submitted' | 'accepted' | 'published';
export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  empty: '未编制',
  compiling: '编制中',
  returned: '退回修改',
  submitted: '已提交，待审核',
  accepted: '已通过，待公布',
  published: '已公布',
};

/** A unit's catalog state from the counts of its items by status. Pure. */
function unitState(counts: Partial<Record<string, number>>): UnitState {
  const n = (s: string) => counts[s] ?? 0;
  const total = Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
  if (!total) return 'empty';
  if (n('returned')) return 'returned';
  if (n('draft')) return 'compiling';
  if (n('submitted')) return 'submitted';
  if (n('approved')) return 'accepted';
  return 'published';
}

export interface UnitCatalog {
  unitId: number;
  counts: Record<string, number>;
  items: number;
  state: UnitState;
  submittedAt: string | null;
  lastStep: { step: string; reason: string | null; at: string; actorName: string } | null;
}

/** Every unit with items in `year` (or in `unitIds`): counts by status, the derived state, the last steps. */
export async function unitCatalogs(db: Db, year: number, unitIds?: number[]): Promise<Map<number, UnitCatalog>> {
  const out = new Map<number, UnitCatalog>();
  const get = (unitId: number) => {
    let u = out.get(unitId);
    if (!u) out.set(unitId, (u = { unitId, counts: {}, items: 0, state: 'empty', submittedAt: null, lastStep: null }));
    return u;
  };
  for (const id of unitIds ?? []) get(id);
  const rows = await db.selectFrom('catalog_items').select(['unit_id', 'status', (eb) => eb.fn.countAll().as('n')]).where('year', '=', year).groupBy(['unit_id', 'status']).execute();
  for (const r of rows) {
    const u = get(r.unit_id);
    u.counts[r.status] = Number(r.n);
    if (r.status !== 'retired') u.items += Number(r.n);
  }
  const steps = await db.selectFrom('catalog_steps').selectAll().where('year', '=', year).where('unit_id', 'is not', null).orderBy('id').execute();
  for (const s of steps) {
    const u = get(s.unit_id!);
    if (s.step === 'submit') u.submittedAt = s.at;
    u.lastStep = { step: s.step, reason: s.reason, at: s.at, actorName: s.actor_name };
  }
  for (const u of out.values()) {
    const { retired: _r, ...live } = u.counts;
    u.state = unitState(live);
  }
  return out;
}

export async function lastPublication(db: Db, year: number): Promise<{ at: string; actorName: string; items: number } | null> {
  const r = await db.selectFrom('catalog_steps').select(['at', 'actor_name', 'items']).where('year', '=', year).where('step', '=', 'publish').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? { at: r.at, actorName: r.actor_name, items: r.items } : null;
}

export interface ItemFilter {
  year: number;
  unitId?: number;
  areaId?: number;
  publicOnly: boolean;
}

export type ItemRow = CatalogItemRow & { unitName: string; areaName: string };

function itemsQuery(db: Db, f: ItemFilter) {
  let q = db
    .selectFrom('catalog_items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin('catalog_areas as a', 'a.id', 'i.area_id')
    .where('i.year', '=', f.year)
    .where('i.status', '!=', 'retired');
  // Public: every item published once and not retired — one under revision shows its last published version.
  if (f.publicOnly) q = q.where('i.published_at', 'is not', null);
  if (f.unitId) q = q.where('i.unit_id', '=', f.unitId);
  if (f.areaId) q = q.where('i.area_id', '=', f.areaId);
  return q;
}

/**
 * Items under revision (edited after publication: back to draft, submitted or approved) as last published —
 * the public sees the published version until the revision is published (register_versions' publish snapshot).
 * (registers' lastPublishedOf: one query per 500 items.)
 */
async function asPublished(db: Db, rows: ItemRow[]): Promise<ItemRow[]> {
  const revising = rows.filter((r) => r.status !== 'published');
  if (!revising.length) return rows;
  const snaps = await lastPublishedOf(db, CATALOG_REGISTER, revising.map((r) => r.id));
  const areas = new Map((await areasOf(db)).map((a) => [a.id, a.name]));
  const out: ItemRow[] = [];
  for (const r of rows) {
    if (r.status === 'published') out.push(r);
    else {
      const snap = snaps.get(r.id);
      if (snap) out.push({ ...r, ...snap, unitName: r.unitName, areaName: areas.get(Number(snap.area_id)) ?? r.areaName, status: 'published' } as ItemRow);
    }
  }
  return out;
}

export async function listItems(db: Db, f: ItemFilter, page?: { page: number; pageSize: number }): Promise<{ items: ItemRow[]; total: number }> {
  const q = itemsQuery(db, f);
  const rows = q.selectAll('i').select(['u.name as unitName', 'a.name as areaName']).orderBy('u.position').orderBy('u.id').orderBy('a.position').orderBy('i.seq').orderBy('i.id');
  if (f.publicOnly) {
    // The public list is one district's catalog (thousands of rows at most): versions resolved, then the page.
    const all = await asPublished(db, (await rows.execute()) as ItemRow[]);
    return { items: page ? all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize) : all, total: all.length };
  }
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { items: (await (page ? rows.limit(page.pageSize).offset((page.page - 1) * page.pageSize) : rows).execute()) as ItemRow[], total };
}

/** Public items by id (as last published), in catalog order — e.g. those a document fulfils. */
export async function publicItemsByIds(db: Db, ids: number[]): Promise<ItemRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('catalog_items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin('catalog_areas as a', 'a.id', 'i.area_id')
    .selectAll('i')
    .select(['u.name as unitName', 'a.name as areaName'])
    .where('i.id', 'in', ids)
    .where('i.published_at', 'is not', null)
    .where('i.status', '!=', 'retired')
    .orderBy('i.year', 'desc')
    .orderBy('u.position')
    .orderBy('i.seq')
    .execute();
  return asPublished(db, rows as ItemRow[]);
}

export async function getItem(db: DbOrTrx, id: number): Promise<ItemRow | undefined> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return undefined;
  return (await db
    .selectFrom('catalog_items as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin('catalog_areas as a', 'a.id', 'i.area_id')
    .selectAll('i')
    .select(['u.name as unitName', 'a.name as areaName'])
    .where('i.id', '=', id)
    .executeTakeFirst()) as ItemRow | undefined;
}

export interface Compliance {
  byItem: Map<number, ItemCompliance>;
  byUnit: Map<number, ComplianceSummary>;
  total: ComplianceSummary;
}

/**
 * Compliance of every item of `year` (optionally of some units / only published items): one query for the
 * items, one for their links joined to the documents, one pass. `publicOnly`: only public items, and only
 * documents the public may read count as published (the documents feature's rule).
 */
export async function compliance(db: Db, opts: { year: number; unitIds?: number[]; publicOnly: boolean; today?: string }): Promise<Compliance> {
  // The public pages and API ask the same question on every view: kept per data version (the newest audit row
  // that can change something public — every publication, edit of a public record and calendar change writes
  // one), day and question, for a minute at most.
  if (opts.publicOnly && !opts.today) {
    const version = String((await sql<{ v: number | string | null }>`select max(id) as v from audit_log where public_effect = 1`.execute(db)).rows[0]?.v ?? 0);
    const key = `${version}|${todayBeijing()}|${opts.year}|${opts.unitIds?.join(',') ?? '*'}`;
    let perDb = publicCache.get(db);
    if (!perDb) publicCache.set(db, (perDb = new Map()));
    const hit = perDb.get(key);
    if (hit && isFresh(hit.at, PUBLIC_TTL_MS)) return hit.value;
    const value = await computeFor(db, opts);
    if (perDb.size >= 8) perDb.delete(perDb.keys().next().value!);
    // technical time: cache age
    perDb.set(key, { at: Date.now(), value });
    return value;
  }
  return computeFor(db, opts);
}

const PUBLIC_TTL_MS = 60_000;
const publicCache = new WeakMap<Db, Map<string, { at: number; value: Compliance }>>();

async function computeFor(db: Db, opts: { year: number; unitIds?: number[]; publicOnly: boolean; today?: string }): Promise<Compliance> {
  const { year, unitIds, publicOnly } = opts;
  if (unitIds && !unitIds.length) return { byItem: new Map(), byUnit: new Map(), total: emptySummary() };
  let items: { id: number; unit_id: number; time_limit: string; mode: string }[];
  if (publicOnly) {
    items = [];
    for (const unitId of unitIds ?? [undefined]) items.push(...(await listItems(db, { year, unitId, publicOnly: true })).items);
  } else {
    let iq = db.selectFrom('catalog_items').select(['id', 'unit_id', 'time_limit', 'mode']).where('year', '=', year).where('status', '!=', 'retired');
    if (unitIds) iq = iq.where('unit_id', 'in', unitIds);
    items = await iq.execute();
  }
  // Only the columns the check needs (no titles: pages read those for the items they show).
  let lq = db
    .selectFrom(linkRows(db, CATALOG_REGISTER).as('l'))
    .innerJoin('catalog_items as i', 'i.id', 'l.record_id')
    .innerJoin('documents as d', 'd.id', 'l.document_id')
    .select(['l.record_id', 'l.document_id', 'd.formed_on', 'd.written_on', 'd.status', 'd.published_at'])
    .where('i.year', '=', year)
    .where('i.status', '!=', 'retired');
  // Public: only documents the public may read now count (the documents feature's rule).
  if (publicOnly) lq = lq.where('i.published_at', 'is not', null).where(publicSql('d'));
  if (unitIds) lq = lq.where('i.unit_id', 'in', unitIds);
  const rows = await lq.execute();
  const links: LinkFact[] = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    links[k] = { itemId: r.record_id, documentId: r.document_id, startOn: r.formed_on ?? r.written_on ?? null, publishedAt: r.status === 'published' ? r.published_at : null };
  }
  const byItem = computeCompliance(items, links, opts.today ?? todayBeijing(), await loadCalendar(db));
  const byUnit = new Map<number, ComplianceSummary>();
  const total = emptySummary();
  for (const it of items) {
    const c = byItem.get(it.id)!;
    let s = byUnit.get(it.unit_id);
    if (!s) byUnit.set(it.unit_id, (s = emptySummary()));
    addToSummary(s, c);
    addToSummary(total, c);
  }
  return { byItem, byUnit, total };
}

export interface LinkedPowerItem {
  id: number;
  code: string;
  name: string;
  url: string;
}

/** The 权责清单事项 linked to each of `ids` (public: each as the public sees it — as last published while revised). One query. */
export async function powerItemsOf(db: DbOrTrx, ids: number[], opts: { publicOnly: boolean }): Promise<Map<number, LinkedPowerItem[]>> {
  const links = await linkedRecordsOf<PowerItemRow>(db, CATALOG_REGISTER, ids, POWER_ITEMS, opts);
  return new Map([...links].map(([id, rows]) => [id, rows.map((r) => ({ id: r.id, code: r.row.code, name: r.row.name, url: powerItemUrl(r.id) }))]));
}

/** A unit's id and name (throws when there is none: the caller has just resolved it). */
export async function unitIdAndName(db: DbOrTrx, unitId: number): Promise<{ id: number; name: string }> {
  return db.selectFrom('units').select(['id', 'name']).where('id', '=', unitId).executeTakeFirstOrThrow();
}

/** The unit and status of a year's items in these statuses, of these units (null: every unit; an empty list matches none). */
export async function itemStatuses(db: DbOrTrx, year: number, statuses: string[], unitIds: readonly number[] | null): Promise<{ unit_id: number; status: string }[]> {
  let q = db.selectFrom('catalog_items').select(['unit_id', 'status']).where('year', '=', year).where('status', 'in', statuses);
  if (unitIds !== null) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : [0]);
  return q.execute();
}

/** The units with a published (not retired) item in a year's catalog, by name: the public page's unit filter. */
export async function unitsWithPublishedItems(db: DbOrTrx, year: number): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('catalog_items as i').innerJoin('units as u', 'u.id', 'i.unit_id').select(['u.id', 'u.name']).distinct().where('i.year', '=', year).where('i.published_at', 'is not', null).where('i.status', '!=', 'retired').orderBy('u.name').execute();
}

/** The name of the root unit (the district government), or undefined when there are no units. */
export async function rootUnitName(db: DbOrTrx): Promise<string | undefined> {
  const root = await db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('position').limit(1).executeTakeFirst();
  return root?.name;
}

/** The ids of the documents linked to any catalog item. */
export async function documentsLinkedToItems(db: DbOrTrx): Promise<Set<number>> {
  const rows = await db.selectFrom('register_links').select('document_id').distinct().where('register', '=', CATALOG_REGISTER.name).execute();
  return new Set(rows.map((r) => r.document_id));
}
