// Reads of 权责清单: the public current list (items as last published — one under revision keeps its published version; filters by type, unit and words; paged — never
// the whole list at once), one public item with its bases, linked documents and public history.
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { containsText } from '../../platform/db/like.ts';
import { linkedDocuments, publicHistory, pagePublicVersions, publicVersionOf, publicVersionsUnderRevision, whereHasPublicVersion, whereRecordPublic, type HistoryEntry, type LinkedDocument } from '../registers/public.ts';
import { POWER_ITEMS } from './register.ts';
import { linesOf, parseBases } from './rules.ts';
import type { PowerItemRow } from './tables.ts';

export interface ListFilter {
  type?: string;
  unitId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

export interface PublicItemSummary {
  id: number;
  code: string;
  name: string;
  powerType: string;
  unitId: number;
  unit: string;
  level: string;
  statutoryDays: number | null;
  promisedDays: number | null;
  url: string;
}

export const itemUrl = (id: number) => `/qzqd/${id}`;

/** The list's filters (type, unit, up to five words in name, code or sub-items) as SQL, and the same in JS. */
function filters(f: Omit<ListFilter, 'page' | 'pageSize'>) {
  const words = (f.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
  return {
    filter: (q: SelectQueryBuilder<any, any, any>) => {
      if (f.type) q = q.where('power_type', '=', f.type);
      if (f.unitId) q = q.where('unit_id', '=', f.unitId);
      for (const w of words) q = q.where((eb) => eb.or([containsText('name', w), containsText('code', w), containsText('sub_items', w)]));
      return q;
    },
    matches: (r: PowerItemRow) =>
      (!f.type || r.power_type === f.type) &&
      (!f.unitId || r.unit_id === f.unitId) &&
      words.every((w) => [r.name, r.code, r.sub_items].some((v) => v.toLowerCase().includes(w.toLowerCase()))),
  };
}

/**
 * One page of the public current list: each item as last published (an item under revision keeps its published
 * version until the revision is published), filtered on those values; paged in SQL (registers' pagePublicVersions).
 */
export async function pagePublicItems(db: Db, f: ListFilter): Promise<{ items: PublicItemSummary[]; total: number }> {
  const [{ items: rows, total }, tree] = await Promise.all([pagePublicVersions(db, POWER_ITEMS, { ...filters(f), orderBy: 'code', page: f.page, pageSize: f.pageSize }), loadUnitTree(db)]);
  return { total, items: rows.map((r) => summaryOf(r, tree)) };
}

const summaryOf = (r: PowerItemRow, tree: Awaited<ReturnType<typeof loadUnitTree>>): PublicItemSummary => ({
  id: r.id,
  code: r.code,
  name: r.name,
  powerType: r.power_type,
  unitId: r.unit_id,
  unit: tree.byId.get(r.unit_id)?.name ?? '',
  level: r.level,
  statutoryDays: r.statutory_days,
  promisedDays: r.promised_days,
  url: itemUrl(r.id),
});

export interface PublicItem extends PublicItemSummary {
  subItems: string[];
  basis: { law: string; article: string; url: string | null }[];
  duties: string;
  accountability: string;
  fee: string;
  publishedAt: string;
  version: number;
  documents: LinkedDocument[];
  history: readonly HistoryEntry[];
}

/**
 * An item as the public sees it: as last published (null when never published or retired). `documents: false`
 * (the public page, which shows the linked documents only as the links of its legal bases): the linked documents
 * are read only when a basis names a document (otherwise `documents` is empty).
 */
export async function publicItem(db: Db, id: number, opts: { documents?: boolean } = {}): Promise<PublicItem | null> {
  const r = await publicVersionOf(db, POWER_ITEMS, await whereHasPublicVersion(db.selectFrom('power_items').selectAll()).where('id', '=', id).executeTakeFirst());
  return r ? toPublic(db, r, opts.documents !== false) : null;
}

async function toPublic(db: Db, r: PowerItemRow, allDocuments: boolean): Promise<PublicItem> {
  const bases = parseBases(r.basis);
  const needDocuments = allDocuments || bases.some((b) => b.documentId);
  const [tree, documents, hist] = await Promise.all([loadUnitTree(db), needDocuments ? linkedDocuments(db, POWER_ITEMS, r.id, { publicOnly: true }) : [], publicHistory(db, POWER_ITEMS, r)]);
  const docUrl = new Map(documents.map((d) => [d.id, d.url]));
  return {
    ...summaryOf(r, tree),
    subItems: linesOf(r.sub_items),
    basis: bases.map((b) => ({ law: b.law, article: b.article, url: b.documentId ? docUrl.get(b.documentId) ?? null : null })),
    duties: r.duties,
    accountability: r.accountability,
    fee: r.fee,
    publishedAt: r.published_at!,
    version: r.version,
    documents,
    history: hist,
  };
}

/** The units that have public items (the unit filter's options), by their published values. */
export async function unitsWithItems(db: Db): Promise<{ id: number; name: string }[]> {
  const [rows, revising, tree] = await Promise.all([
    whereRecordPublic(db.selectFrom('power_items')).select('unit_id').distinct().execute(),
    publicVersionsUnderRevision(db, POWER_ITEMS),
    loadUnitTree(db),
  ]);
  const ids = new Set([...rows.map((r) => r.unit_id), ...revising.map((r) => r.unit_id)]);
  return [...ids].map((id) => ({ id, name: tree.byId.get(id)?.name ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** An item's id and unit (undefined when there is no such item): the scope check of staff routes. */
export async function itemUnit(db: Db, id: number): Promise<{ id: number; unit_id: number } | undefined> {
  return db.selectFrom('power_items').select(['id', 'unit_id']).where('id', '=', id).executeTakeFirst();
}

/** An item as stored (its working version), or undefined. */
export async function getItem(db: Db, id: number): Promise<PowerItemRow | undefined> {
  return db.selectFrom('power_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The console's list: one page of the items of these units (optionally of one status) by code, and how many there are. */
export async function pageStaffItems(db: Db, unitIds: readonly number[], status: string, page: number, pageSize: number) {
  let base = db.selectFrom('power_items').where('unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  if (status) base = base.where('status', '=', status);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.select(['id', 'code', 'name', 'power_type', 'unit_id', 'status', 'version', 'updated_at']).orderBy('code').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { count, rows };
}
