// Reads of 重点领域信息: the public lists (published records as last published, filterable by area, year, town and category), one
// public record, the 施教区 lookup over the published 招生范围 records, and the counts per area.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { documentUrl, publicOnly } from '../documents/public.ts';
import { pagePublicVersions, publicVersionOf, publicVersionsUnderRevision, whereHasPublicVersion, whereRecordPublic } from '../registers/public.ts';
import { KEY_AREA_REGISTER } from './register.ts';
import { matchZones, type ZoneMatch } from './address.ts';
import { detailsOf, schoolsOf } from './commands.ts';
import { AREA_BY_KEY, ZONE_CATEGORY, zonesOf, type School } from './templates.ts';
import type { KeyAreaRecordRow } from './tables.ts';

export interface PublicRecord {
  id: number;
  area: string;
  areaLabel: string;
  category: string;
  year: number;
  town: string | null;
  unit: string;
  title: string;
  summary: string;
  publishedAt: string;
  url: string;
  /** The record's document in the catalog, while it is public. */
  document: { id: number; url: string } | null;
}

export interface ListFilter {
  area?: string;
  year?: number;
  townId?: number;
  category?: string;
  page: number;
  pageSize: number;
}

export const recordUrl = (id: number) => `/zdly/records/${id}`;

// What the public sees of a record under revision is its last published version (registers' publicVersions),
// filtered and ordered on those values; the published rows are read in SQL, the few under revision come resolved
// per data version (publicVersionsUnderRevision).
const ORDER: [keyof KeyAreaRecordRow & string, 'asc' | 'desc'][] = [['year', 'desc'], ['published_at', 'desc'], ['id', 'desc']];

async function unitNames(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const want = [...new Set(ids.filter((x): x is number => x !== null))];
  return new Map(want.length ? (await db.selectFrom('units').select(['id', 'name']).where('id', 'in', want).execute()).map((u) => [u.id, u.name]) : []);
}

export async function pagePublicRecords(db: Db, f: ListFilter): Promise<{ items: PublicRecord[]; total: number }> {
  const { items: rows, total } = await pagePublicVersions(db, KEY_AREA_REGISTER, {
    filter: (q) => {
      if (f.area) q = q.where('area', '=', f.area);
      if (f.year) q = q.where('year', '=', f.year);
      if (f.townId) q = q.where('town_id', '=', f.townId);
      if (f.category) q = q.where('category', '=', f.category);
      return q;
    },
    matches: (r) => (!f.area || r.area === f.area) && (!f.year || r.year === f.year) && (!f.townId || r.town_id === f.townId) && (!f.category || r.category === f.category),
    orderBy: ORDER,
    page: f.page,
    pageSize: f.pageSize,
  });
  const docIds = rows.map((r) => r.document_id).filter((x): x is number => x !== null);
  const [publicDocs, names] = await Promise.all([
    docIds.length ? publicOnly(db.selectFrom('documents').select('documents.id').where('documents.id', 'in', docIds)).execute().then((d) => new Set(d.map((x) => x.id))) : new Set<number>(),
    unitNames(db, rows.flatMap((r) => [r.unit_id, r.town_id])),
  ]);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      area: r.area,
      areaLabel: AREA_BY_KEY.get(r.area)?.label ?? r.area,
      category: r.category,
      year: r.year,
      town: r.town_id === null ? null : (names.get(r.town_id) ?? null),
      unit: names.get(r.unit_id) ?? '',
      title: r.title,
      summary: r.summary,
      publishedAt: r.published_at!,
      url: recordUrl(r.id),
      document: r.document_id && publicDocs.has(r.document_id) ? { id: r.document_id, url: documentUrl(r.document_id) } : null,
    })),
  };
}

/** A record as the public sees it (its last published version while under revision), or null. */
export async function publicRecord(db: Db, id: number): Promise<(KeyAreaRecordRow & { unit: string; town: string | null }) | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  const r = await publicVersionOf(db, KEY_AREA_REGISTER, await whereHasPublicVersion(db.selectFrom('key_area_records').selectAll()).where('id', '=', id).executeTakeFirst());
  if (!r) return null;
  const names = await unitNames(db, [r.unit_id, r.town_id]);
  return { ...r, unit: names.get(r.unit_id) ?? '', town: r.town_id === null ? null : (names.get(r.town_id) ?? null) };
}

/** Every record's public version of an area (or all areas) — the published rows and those under revision. */
async function allPublic(db: Db, where: (r: KeyAreaRecordRow) => boolean, filter: (q: any) => any): Promise<KeyAreaRecordRow[]> {
  const [published, revising] = await Promise.all([filter(whereRecordPublic(db.selectFrom('key_area_records').selectAll())).execute() as Promise<KeyAreaRecordRow[]>, publicVersionsUnderRevision(db, KEY_AREA_REGISTER)]);
  return [...published, ...revising.filter(where)];
}

/** Public records per area (the index page). */
export async function countsByArea(db: Db): Promise<Map<string, number>> {
  const [rows, revising] = await Promise.all([
    whereRecordPublic(db.selectFrom('key_area_records as r'), 'r').select(['r.area', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('r.area').execute(),
    publicVersionsUnderRevision(db, KEY_AREA_REGISTER),
  ]);
  const out = new Map(rows.map((r) => [r.area, Number(r.n)]));
  for (const r of revising) out.set(r.area, (out.get(r.area) ?? 0) + 1);
  return out;
}

/** The years and towns that have public records of an area (the filters offer only these). */
export async function filterOptions(db: Db, area?: string): Promise<{ years: number[]; towns: { id: number; name: string }[] }> {
  let q = whereRecordPublic(db.selectFrom('key_area_records as r'), 'r');
  if (area) q = q.where('r.area', '=', area);
  const [published, revising, towns] = await Promise.all([
    q.select('r.year').distinct().execute(),
    publicVersionsUnderRevision(db, KEY_AREA_REGISTER),
    db.selectFrom('units').select(['id', 'name']).where('type', '=', 'town').orderBy('position').execute(),
  ]);
  const years = [...new Set([...published.map((r) => r.year), ...revising.filter((r) => !area || r.area === area).map((r) => r.year)])].sort((a, b) => b - a);
  return { years, towns };
}

export interface SchoolHit extends ZoneMatch {
  /** The school's facts from the 招生范围 record. */
  info: School;
  year: number;
  recordId: number;
  recordUrl: string;
}

/**
 * Which school(s) serve an address: the published 招生范围 records of the year (default: the latest year that
 * has any) and their 施教区.
 */
export async function lookupSchools(db: Db, query: string, year?: number): Promise<{ year: number | null; years: number[]; hits: SchoolHit[]; needsNumber: string[] }> {
  const zones = (await allPublic(db, (r) => r.area === 'ywjy' && r.category === ZONE_CATEGORY, (q) => q.where('area', '=', 'ywjy').where('category', '=', ZONE_CATEGORY))).sort((a, b) => a.id - b.id);
  const years = [...new Set(zones.map((r) => r.year))].sort((a, b) => b - a);
  const y = year && years.includes(year) ? year : years[0] ?? null;
  if (y === null || !query.trim()) return { year: y, years, hits: [], needsNumber: [] };
  const rows = zones.filter((r) => r.year === y);
  const hits: SchoolHit[] = [];
  const needs = new Set<string>();
  for (const r of rows) {
    const schools = schoolsOf(r);
    const res = matchZones(zonesOf(schools), query);
    res.needsNumber.forEach((n) => needs.add(n));
    for (const m of res.matches) hits.push({ ...m, info: schools.find((s) => s.name === m.school)!, year: r.year, recordId: r.id, recordUrl: recordUrl(r.id) });
  }
  return { year: y, years, hits, needsNumber: [...needs] };
}

export { detailsOf, schoolsOf };

// The console's reads.

/** Records of these units (any state), optionally of one area, the latest changed first, at most 500. */
export function staffRecords(db: DbOrTrx, unitIds: number[], area?: string): Promise<KeyAreaRecordRow[]> {
  let q = db.selectFrom('key_area_records').selectAll().where('unit_id', 'in', unitIds.length ? unitIds : [-1]);
  if (area) q = q.where('area', '=', area);
  return q.orderBy('updated_at', 'desc').limit(500).execute();
}

/** One record (any state), or undefined. */
export function recordById(db: DbOrTrx, id: number): Promise<KeyAreaRecordRow | undefined> {
  return db.selectFrom('key_area_records').selectAll().where('id', '=', id).executeTakeFirst();
}
