// Reads of 权责清单: the public current list (published items; filters by type, unit and words; paged — never
// the whole list at once), one public item with its bases, linked documents and public history.
import type { Db } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { likeContains } from '../admin/public.ts';
import { history, linkedDocuments, whereRecordPublic, type HistoryEntry, type LinkedDocument } from '../registers/public.ts';
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

function filtered(db: Db, f: Omit<ListFilter, 'page' | 'pageSize'>) {
  let q = whereRecordPublic(db.selectFrom('power_items'));
  if (f.type) q = q.where('power_type', '=', f.type);
  if (f.unitId) q = q.where('unit_id', '=', f.unitId);
  const words = (f.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
  for (const w of words) q = q.where((eb) => eb.or([eb('name', 'like', likeContains(w)), eb('code', 'like', likeContains(w)), eb('sub_items', 'like', likeContains(w))]));
  return q;
}

export async function pagePublicItems(db: Db, f: ListFilter): Promise<{ items: PublicItemSummary[]; total: number }> {
  const [count, rows, tree] = await Promise.all([
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    filtered(db, f)
      .select(['id', 'code', 'name', 'power_type', 'unit_id', 'level', 'statutory_days', 'promised_days'])
      .orderBy('code')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    loadUnitTree(db),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
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
    })),
  };
}

export interface PublicItem extends PublicItemSummary {
  subItems: string[];
  basis: { law: string; article: string; url: string | null }[];
  duties: string;
  accountability: string;
  fee: string;
  publishedAt: string;
  version: number;
  documents: LinkedDocument[];
  history: HistoryEntry[];
}

/** A published item as the public sees it (null when not public). */
export async function publicItem(db: Db, id: number): Promise<PublicItem | null> {
  const r = await whereRecordPublic(db.selectFrom('power_items').selectAll()).where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return toPublic(db, r);
}

async function toPublic(db: Db, r: PowerItemRow): Promise<PublicItem> {
  const [tree, documents, hist] = await Promise.all([loadUnitTree(db), linkedDocuments(db, POWER_ITEMS, r.id, { publicOnly: true }), history(db, POWER_ITEMS, r.id, { publicOnly: true })]);
  const docUrl = new Map(documents.map((d) => [d.id, d.url]));
  return {
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
    subItems: linesOf(r.sub_items),
    basis: parseBases(r.basis).map((b) => ({ law: b.law, article: b.article, url: b.documentId ? docUrl.get(b.documentId) ?? null : null })),
    duties: r.duties,
    accountability: r.accountability,
    fee: r.fee,
    publishedAt: r.published_at!,
    version: r.version,
    documents,
    history: hist,
  };
}

/** The units that have published items (the unit filter's options). */
export async function unitsWithItems(db: Db): Promise<{ id: number; name: string }[]> {
  const [rows, tree] = await Promise.all([whereRecordPublic(db.selectFrom('power_items')).select('unit_id').distinct().execute(), loadUnitTree(db)]);
  return rows.map((r) => ({ id: r.unit_id, name: tree.byId.get(r.unit_id)?.name ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}
