// Reads of 重点领域信息: the public lists (published records, filterable by area, year, town and category), one
// public record, the 施教区 lookup over the published 招生范围 records, and the counts per area.
import type { Db } from '../../platform/db/index.ts';
import { documentUrl, publicOnly } from '../documents/public.ts';
import { isRecordPublic, whereRecordPublic } from '../registers/public.ts';
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

export async function pagePublicRecords(db: Db, f: ListFilter): Promise<{ items: PublicRecord[]; total: number }> {
  let q = whereRecordPublic(db.selectFrom('key_area_records as r'), 'r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('units as t', 't.id', 'r.town_id');
  if (f.area) q = q.where('r.area', '=', f.area);
  if (f.year) q = q.where('r.year', '=', f.year);
  if (f.townId) q = q.where('r.town_id', '=', f.townId);
  if (f.category) q = q.where('r.category', '=', f.category);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .select(['r.id', 'r.area', 'r.category', 'r.year', 'r.title', 'r.summary', 'r.published_at', 'r.document_id', 'u.name as unit', 't.name as town'])
      .orderBy('r.year', 'desc')
      .orderBy('r.published_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  const docIds = rows.map((r) => r.document_id).filter((x): x is number => x !== null);
  const publicDocs = new Set(docIds.length ? (await publicOnly(db.selectFrom('documents').select('documents.id').where('documents.id', 'in', docIds)).execute()).map((d) => d.id) : []);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      area: r.area,
      areaLabel: AREA_BY_KEY.get(r.area)?.label ?? r.area,
      category: r.category,
      year: r.year,
      town: r.town,
      unit: r.unit,
      title: r.title,
      summary: r.summary,
      publishedAt: r.published_at!,
      url: recordUrl(r.id),
      document: r.document_id && publicDocs.has(r.document_id) ? { id: r.document_id, url: documentUrl(r.document_id) } : null,
    })),
  };
}

export async function publicRecord(db: Db, id: number): Promise<(KeyAreaRecordRow & { unit: string; town: string | null }) | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const r = await db
    .selectFrom('key_area_records as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('units as t', 't.id', 'r.town_id')
    .selectAll('r')
    .select(['u.name as unit', 't.name as town'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  return r && isRecordPublic(r) ? r : null;
}

/** Published records per area (the index page). */
export async function countsByArea(db: Db): Promise<Map<string, number>> {
  const rows = await whereRecordPublic(db.selectFrom('key_area_records as r'), 'r').select(['r.area', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('r.area').execute();
  return new Map(rows.map((r) => [r.area, Number(r.n)]));
}

/** The years and towns that have published records of an area (the filters offer only these). */
export async function filterOptions(db: Db, area?: string): Promise<{ years: number[]; towns: { id: number; name: string }[] }> {
  let q = whereRecordPublic(db.selectFrom('key_area_records as r'), 'r');
  if (area) q = q.where('r.area', '=', area);
  const years = (await q.select('r.year').distinct().orderBy('r.year', 'desc').execute()).map((r) => r.year);
  const towns = await db.selectFrom('units').select(['id', 'name']).where('type', '=', 'town').orderBy('position').execute();
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
  const base = whereRecordPublic(db.selectFrom('key_area_records as r'), 'r').where('r.area', '=', 'ywjy').where('r.category', '=', ZONE_CATEGORY);
  const years = (await base.select('r.year').distinct().orderBy('r.year', 'desc').execute()).map((r) => r.year);
  const y = year && years.includes(year) ? year : years[0] ?? null;
  if (y === null || !query.trim()) return { year: y, years, hits: [], needsNumber: [] };
  const rows = await base.select(['r.id', 'r.year', 'r.schools']).where('r.year', '=', y).orderBy('r.id').execute();
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
