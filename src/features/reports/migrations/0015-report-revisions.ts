// Annual reports, frozen at publication (issue 12): every published version of a unit's report for
// a year is a revision with the full report as it was published (tables, narrative, the records
// behind each number) and, for a correction, its reason. annual_reports keeps the working state:
// the scope it was submitted with, the pending correction's reason, and the latest revision number.
// Reports whose document was already published before this migration are marked published, their
// frozen numbers kept as revision 1.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  const t = db.schema.createTable('annual_report_revisions');
  await (pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('annual_reports.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('unit'))
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    // JSON text: the report as published (see features/reports/frozen.ts).
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_report_revisions_report_rev', ['report_id', 'revision'])
    .execute();
  await db.schema.alterTable('annual_reports').addColumn('scope', 'text', (c) => c.notNull().defaultTo('unit')).execute();
  await db.schema.alterTable('annual_reports').addColumn('correction_reason', 'text').execute();
  await db.schema.alterTable('annual_reports').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await backfillPublished(db);
}

/** A report whose document was published before this migration is published: revision 1, its frozen numbers kept. */
export async function backfillPublished(db: Any): Promise<void> {
  const rows = await db
    .selectFrom('annual_reports')
    .innerJoin('documents', 'documents.id', 'annual_reports.document_id')
    .select(['annual_reports.id', 'annual_reports.snapshot', 'annual_reports.document_id', 'documents.published_at', 'documents.updated_by'])
    .where('documents.status', '=', 'published')
    .where('annual_reports.revision', '=', 0)
    .execute();
  // technical time: when the migration ran
  const now = new Date().toISOString();
  for (const r of rows) {
    const at = r.published_at ?? now;
    await db.updateTable('annual_reports').set({ status: 'published', published_at: at, published_by: r.updated_by, revision: 1 }).where('id', '=', r.id).execute();
    await db
      .insertInto('annual_report_revisions')
      .values({ report_id: r.id, revision: 1, scope: 'unit', document_id: r.document_id, snapshot: r.snapshot ?? '{}', reason: null, published_at: at, published_by: r.updated_by, created_at: now })
      .execute();
  }
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropTable('annual_report_revisions').ifExists().execute();
  await db.schema.alterTable('annual_reports').dropColumn('revision').execute();
  await db.schema.alterTable('annual_reports').dropColumn('correction_reason').execute();
  await db.schema.alterTable('annual_reports').dropColumn('scope').execute();
}
