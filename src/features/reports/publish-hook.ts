// Publishing the document of an annual report publishes the report (called by publishDocument
// inside its transaction, with its `trx`): the snapshot frozen at submission becomes the next
// revision, with the correction's reason if it is one, and the report is marked published.
import type { Trx } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/access/roles.ts';
import './actions.ts'; // defines this feature's actions

export async function markReportPublished(trx: Trx, documentId: number, publishedAt: string, actor: Actor): Promise<void> {
  const report = await trx.selectFrom('annual_reports').selectAll().where('document_id', '=', documentId).executeTakeFirst();
  if (!report || !report.snapshot) return;
  const already = await trx.selectFrom('annual_report_revisions').select('revision').where('report_id', '=', report.id).where('document_id', '=', documentId).executeTakeFirst();
  if (already) return;
  const revision = Number(report.revision ?? 0) + 1;
  const now = nowIso();
  const by = actor.id > 0 ? actor.id : null;
  const reason = report.status === 'correcting' ? report.correction_reason : null;
  await trx
    .insertInto('annual_report_revisions')
    .values({ report_id: report.id, revision, scope: report.scope ?? 'unit', document_id: documentId, snapshot: report.snapshot, reason, published_at: publishedAt, published_by: by, created_at: now })
    .execute();
  await trx
    .updateTable('annual_reports')
    .set({ status: 'published', revision, published_at: publishedAt, published_by: by, correction_reason: null, updated_at: now })
    .where('id', '=', report.id)
    .execute();
  await audit(trx, actor, { action: 'report.publish', entity: 'annual_report', entityId: report.id, unitId: report.unit_id, after: { year: report.year, revision, documentId, reason } });
}
