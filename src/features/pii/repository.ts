// Reads of the 个人信息检查 console pages (issue 14: the queries of routes and views live here). The gate's own
// reads are in gate.ts, resolutions.ts and unit-findings.ts.
import type { DbOrTrx } from '../../platform/db/index.ts';

/** A document's fields the gate checks, with its unit and status (undefined: no such document). */
export async function documentForCheck(db: DbOrTrx, id: number) {
  return db.selectFrom('documents').select(['id', 'unit_id', 'title', 'summary', 'body', 'status']).where('id', '=', id).executeTakeFirst();
}

/** A document's override resolutions (proposed and confirmed), newest first. */
export async function overridesOf(db: DbOrTrx, documentId: number) {
  return db.selectFrom('pii_resolutions').selectAll().where('document_id', '=', documentId).where('kind', '=', 'override').orderBy('id', 'desc').execute();
}

/** The latest finished site-wide scan (undefined: none yet). */
export async function latestDoneSiteScan(db: DbOrTrx) {
  return db.selectFrom('pii_site_scans').selectAll().where('status', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * A site scan's findings with unit name and document title, by unit name then document, at most 1,000;
 * `unitIds` null: every unit, else only these (none: nothing).
 */
export async function siteScanFindings(db: DbOrTrx, scanId: number, unitIds: number[] | null) {
  let q = db
    .selectFrom('pii_site_findings')
    .innerJoin('units', 'units.id', 'pii_site_findings.unit_id')
    .innerJoin('documents', 'documents.id', 'pii_site_findings.document_id')
    .select(['pii_site_findings.unit_id', 'units.name as unit', 'pii_site_findings.document_id', 'documents.title', 'pii_site_findings.type', 'pii_site_findings.location', 'pii_site_findings.masked'])
    .where('pii_site_findings.scan_id', '=', scanId)
    .orderBy('units.name')
    .orderBy('pii_site_findings.document_id')
    .limit(1000);
  if (unitIds) q = q.where('pii_site_findings.unit_id', 'in', unitIds.length ? unitIds : [0]);
  return q.execute();
}
