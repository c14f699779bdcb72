// 重点领域信息公开 (issue 18): key-area records (features/key-areas/tables.ts). Their versions and document
// links are in the shared register tables (registers' migration).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('key_area_records')
    .addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('area', 'text', (c: any) => c.notNull())
    .addColumn('category', 'text', (c: any) => c.notNull())
    .addColumn('year', 'integer', (c: any) => c.notNull())
    .addColumn('town_id', 'integer', (c: any) => c.references('units.id'))
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('summary', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('details', 'text', (c: any) => c.notNull().defaultTo('{}'))
    .addColumn('schools', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('document_id', 'integer')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('key_area_records_area_year').on('key_area_records').columns(['area', 'status', 'year']).execute();
  await db.schema.createIndex('key_area_records_unit').on('key_area_records').column('unit_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('key_area_records').execute();
}
