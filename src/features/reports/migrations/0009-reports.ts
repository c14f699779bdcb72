// 政府信息公开工作年度报告: figures that come from other systems (entered per unit and year with a
// source note), and each unit's report for a year — its narrative, and the tables frozen when it is
// published as a document.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('report_inputs')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('col_key', 'text', (c) => c.notNull())
    // Decimal text ('12.35'): fees in 万元 may have decimals; counts are whole numbers.
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_inputs_pk', ['unit_id', 'year', 'row_key', 'col_key'])
    .execute();

  const t = db.schema.createTable('annual_reports');
  await (pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('snapshot', 'text')
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('annual_reports_unit_year', ['unit_id', 'year'])
    .execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropTable('annual_reports').ifExists().execute();
  await db.schema.dropTable('report_inputs').ifExists().execute();
}
