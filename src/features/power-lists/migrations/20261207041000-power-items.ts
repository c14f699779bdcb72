// 权责清单 / 行政许可事项清单 (issue 18): the items, versioned through the shared register pattern (registers).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('power_items')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('power_type', 'text', (c) => c.notNull())
    .addColumn('sub_items', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('duties', 'text', (c) => c.notNull())
    .addColumn('accountability', 'text', (c) => c.notNull())
    .addColumn('fee', 'text', (c) => c.notNull())
    .addColumn('statutory_days', 'integer')
    .addColumn('promised_days', 'integer')
    .addColumn('basis_checked_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('power_items_code').on('power_items').column('code').unique().execute();
  await db.schema.createIndex('power_items_public').on('power_items').columns(['status', 'power_type', 'code']).execute();
  await db.schema.createIndex('power_items_unit').on('power_items').columns(['unit_id', 'status', 'code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('power_items').ifExists().execute();
}
