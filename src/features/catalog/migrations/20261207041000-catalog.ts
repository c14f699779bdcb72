// 政务公开事项标准目录 (issue 18): the areas (data, seeded from domain.md §3.2), the catalog items (a register
// record of the shared register pattern: features/registers keeps their versions and document links), the
// 政府办's deadline per year, and the log of the catalog-level steps (submitted, returned, accepted, published).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await id(db.schema.createTable('catalog_areas'))
    .addColumn('name', 'text', (c: any) => c.notNull().unique())
    .addColumn('position', 'integer', (c: any) => c.notNull())
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .execute();

  await id(db.schema.createTable('catalog_items'))
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c: any) => c.notNull())
    .addColumn('area_id', 'integer', (c: any) => c.notNull().references('catalog_areas.id'))
    .addColumn('seq', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('level1', 'text', (c: any) => c.notNull())
    .addColumn('level2', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('content', 'text', (c: any) => c.notNull())
    .addColumn('basis', 'text', (c: any) => c.notNull())
    .addColumn('time_limit', 'text', (c: any) => c.notNull())
    .addColumn('subject', 'text', (c: any) => c.notNull())
    .addColumn('channels', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('audience', 'text', (c: any) => c.notNull())
    .addColumn('mode', 'text', (c: any) => c.notNull())
    .addColumn('level', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('catalog_items_unit_year').on('catalog_items').columns(['year', 'unit_id', 'status']).execute();
  await db.schema.createIndex('catalog_items_area').on('catalog_items').columns(['area_id']).execute();

  await db.schema
    .createTable('catalog_years')
    .addColumn('year', 'integer', (c: any) => c.primaryKey())
    .addColumn('deadline', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();

  await id(db.schema.createTable('catalog_steps'))
    .addColumn('year', 'integer', (c: any) => c.notNull())
    .addColumn('unit_id', 'integer', (c: any) => c.references('units.id'))
    .addColumn('step', 'text', (c: any) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('items', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c: any) => c.notNull())
    .addColumn('at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_steps_year_unit').on('catalog_steps').columns(['year', 'unit_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalog_steps').execute();
  await db.schema.dropTable('catalog_years').execute();
  await db.schema.dropTable('catalog_items').execute();
  await db.schema.dropTable('catalog_areas').execute();
}
