// 回应关切 (issue 16): the register of public concerns and their responses.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('concerns')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_kind', 'text')
    .addColumn('response_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('response_text', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('concerns_status').on('concerns').columns(['status', 'first_seen_at']).execute();
  await db.schema.createIndex('concerns_area').on('concerns').columns(['area', 'responded_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('concerns').ifExists().execute();
}
