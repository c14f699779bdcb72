// Register → register links (issue 18: a catalog item links the documents and the register records that fulfil it).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('register_record_links')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.notNull())
    .addColumn('target_register', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addUniqueConstraint('register_record_links_unique', ['register', 'record_id', 'target_register', 'target_id'])
    .execute();
  await db.schema.createIndex('register_record_links_target').on('register_record_links').columns(['target_register', 'target_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('register_record_links').ifExists().execute();
}
