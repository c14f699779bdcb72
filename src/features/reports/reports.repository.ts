// Loading the documents of section 二 an annual report counts. The requests of sections 三 and 四 are read
// through the requests feature's query (requestOutcomesForReport in requests/public.ts); the counting
// itself is pure (aggregate.ts); this file only reads.
import type { DbOrTrx } from '../../platform/db/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';

/** Counts of section 二 for one document kind (规章 / 行政规范性文件) over the units in scope. */
export interface ActiveDocCounts {
  /** Made in the year: published documents of the kind with 成文日期 in the year. */
  made: number[];
  /** Published in the year (the 2019 format's 本年新公开数量). */
  published: number[];
  /**
   * Repealed in the year: 有效性 changed to 废止 or 失效 — or 已修改 with a successor document (replaced
   * by another, as the 失效文件清单 lists it) — with a date in the year.
   */
  repealed: number[];
  /**
   * Valid at the end of the year: published by then and 有效, or 已修改 without a successor (still in
   * force as amended); a document no longer in force only from a date after the year still counts.
   */
  valid: number[];
  /** All published by the end of the year (the 2019 format's 对外公开总数量). */
  total: number[];
}

/** Document ids per cell, for drill-down; the count is the array's length. */
export async function loadActiveDocCounts(db: DbOrTrx, unitIds: readonly number[], year: number, kind: string): Promise<ActiveDocCounts> {
  const out: ActiveDocCounts = { made: [], published: [], repealed: [], valid: [], total: [] };
  if (unitIds.length === 0) return out;
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'written_on', 'published_at', 'validity', 'validity_on', 'replaced_by_id'])
    .where('unit_id', 'in', [...unitIds])
    .where('kind', '=', kind)
    .where('status', '=', 'published')
    .orderBy('id')
    .execute();
  for (const d of rows) {
    const publishedOn = d.published_at ? todayBeijing(Date.parse(d.published_at)) : null;
    if (d.written_on && d.written_on >= start && d.written_on <= end) out.made.push(d.id);
    if (publishedOn && publishedOn >= start && publishedOn <= end) out.published.push(d.id);
    const gone = d.validity === '废止' || d.validity === '失效' || (d.validity === '已修改' && d.replaced_by_id !== null);
    if (gone && d.validity_on && d.validity_on >= start && d.validity_on <= end) out.repealed.push(d.id);
    if (publishedOn && publishedOn <= end) {
      out.total.push(d.id);
      const stillValid = !gone || (d.validity_on !== null && d.validity_on > end);
      if (stillValid) out.valid.push(d.id);
    }
  }
  return out;
}

// Reads of the console pages and the API (issue 14: the queries of routes and views live here).

/** The annual_reports rows of these units for a year, with their document's status and publication time. */
export async function annualReportsWithDocuments(db: DbOrTrx, unitIds: readonly number[], year: number) {
  if (!unitIds.length) return [];
  return db
    .selectFrom('annual_reports')
    .leftJoin('documents', 'documents.id', 'annual_reports.document_id')
    .select(['annual_reports.unit_id', 'annual_reports.status', 'annual_reports.document_id', 'annual_reports.published_at as report_published_at', 'documents.status as doc_status', 'documents.published_at'])
    .where('annual_reports.year', '=', year)
    .where('annual_reports.unit_id', 'in', unitIds)
    .execute();
}

/**
 * Reports published as plain documents: public documents (published_at ≤ `now`) of these units in the
 * report column (`column` or below it) whose title names the year and an annual report, earliest first.
 */
export async function plainReportDocuments(db: DbOrTrx, opts: { unitIds: readonly number[]; year: number; now: string; column: string }) {
  const { unitIds, year, now, column } = opts;
  return db
    .selectFrom('documents')
    .select(['id', 'unit_id', 'published_at'])
    .where('unit_id', 'in', unitIds)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .where((eb) => eb.or([eb('column_code', '=', column), eb('column_code', 'like', `${column}.%`)]))
    .where('title', 'like', `%${year}年%`)
    .where((eb) => eb.or([eb('title', 'like', '%年度报告%'), eb('title', 'like', '%年报%')]))
    .orderBy('published_at')
    .execute();
}

/** The status of a unit's annual report of a year (undefined: none started). */
export async function annualReportStatus(db: DbOrTrx, unitId: number, year: number): Promise<{ status: string } | undefined> {
  return db.selectFrom('annual_reports').select(['status']).where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
}

/** Documents of a statistics cell's page, by id. */
export async function documentsOfCell(db: DbOrTrx, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('documents').select(['id', 'unit_id', 'title', 'index_no', 'written_on', 'validity', 'validity_on']).where('id', 'in', ids).orderBy('id').execute();
}

/** The status of each of these documents, by id. */
export async function documentStatuses(db: DbOrTrx, ids: number[]): Promise<Map<number, string>> {
  const rows = await db.selectFrom('documents').select(['id', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((d) => [d.id, d.status]));
}
