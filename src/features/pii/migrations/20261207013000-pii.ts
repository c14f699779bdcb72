// 发布前把关 (issue 19): per-file scan results, reviewers' resolutions of a document's findings, and the
// site-wide scans with their findings per unit (features/pii/tables.ts).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await db.schema
    .createTable('pii_file_scans')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .execute();
  await id(db.schema.createTable('pii_resolutions'))
    .addColumn('document_id', 'integer', (c: any) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('keys', 'text', (c: any) => c.notNull())
    .addColumn('basis', 'text')
    .addColumn('reason', 'text', (c: any) => c.notNull())
    .addColumn('proposed_by', 'integer')
    .addColumn('proposed_name', 'text', (c: any) => c.notNull())
    .addColumn('proposed_at', 'text', (c: any) => c.notNull())
    .addColumn('confirmed_by', 'integer')
    .addColumn('confirmed_name', 'text')
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema.createIndex('pii_resolutions_document').on('pii_resolutions').column('document_id').execute();
  await id(db.schema.createTable('pii_site_scans'))
    .addColumn('started_at', 'text', (c: any) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('documents', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('findings', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('trigger', 'text', (c: any) => c.notNull())
    .execute();
  await id(db.schema.createTable('pii_site_findings'))
    .addColumn('scan_id', 'integer', (c: any) => c.notNull().references('pii_site_scans.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c: any) => c.notNull())
    .addColumn('document_id', 'integer', (c: any) => c.notNull())
    .addColumn('type', 'text', (c: any) => c.notNull())
    .addColumn('field', 'text', (c: any) => c.notNull())
    .addColumn('location', 'text', (c: any) => c.notNull())
    .addColumn('masked', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('pii_site_findings_scan_unit').on('pii_site_findings').columns(['scan_id', 'unit_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pii_site_findings').execute();
  await db.schema.dropTable('pii_site_scans').execute();
  await db.schema.dropTable('pii_resolutions').execute();
  await db.schema.dropTable('pii_file_scans').execute();
}
