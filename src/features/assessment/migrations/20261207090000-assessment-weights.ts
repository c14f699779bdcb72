// 考核 (issue 19): the weights the 政府办 sets per year, one row per indicator (tenths: 0.1 steps, no floats).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assessment_weights')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('weight_tenths', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addPrimaryKeyConstraint('assessment_weights_pk', ['year', 'indicator'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessment_weights').ifExists().execute();
}
