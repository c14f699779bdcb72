// 政民互动 (issue 17): messages from the public and imported 12345 work orders, their transfers, uploaded
// import files awaiting a mapping, and the feature's small settings (features/messages/tables.ts).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await id(db.schema.createTable('messages'))
    .addColumn('receipt_no', 'text', (c: any) => c.notNull().unique())
    .addColumn('source', 'text', (c: any) => c.notNull())
    .addColumn('work_order_no', 'text', (c: any) => c.unique())
    .addColumn('dedup_key', 'text', (c: any) => c.unique())
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('type', 'text', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('public_ok', 'integer', (c: any) => c.notNull())
    .addColumn('withheld', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('withheld_reason', 'text')
    .addColumn('about_kind', 'text')
    .addColumn('about_id', 'integer')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('received_on', 'text', (c: any) => c.notNull())
    .addColumn('clock_from', 'text', (c: any) => c.notNull())
    .addColumn('due_on', 'text', (c: any) => c.notNull())
    .addColumn('due_provisional', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('reply', 'text')
    .addColumn('reply_draft', 'text')
    .addColumn('reply_drafted_by', 'integer')
    .addColumn('return_reason', 'text')
    .addColumn('replied_by', 'integer')
    .addColumn('replied_at', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('merged_into', 'integer')
    .addColumn('rating', 'text')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('transfers', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_unit_status').on('messages').columns(['unit_id', 'status', 'received_on']).execute();
  await db.schema.createIndex('messages_public').on('messages').columns(['status', 'public_ok', 'withheld', 'replied_at']).execute();
  await db.schema.createIndex('messages_merged').on('messages').column('merged_into').execute();

  await id(db.schema.createTable('message_transfers'))
    .addColumn('message_id', 'integer', (c: any) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('from_unit_id', 'integer', (c: any) => c.notNull())
    .addColumn('to_unit_id', 'integer', (c: any) => c.notNull())
    .addColumn('reason', 'text', (c: any) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('message_transfers_message').on('message_transfers').column('message_id').execute();

  await id(db.schema.createTable('message_imports'))
    .addColumn('filename', 'text', (c: any) => c.notNull())
    .addColumn('rows', 'text', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();

  await db.schema
    .createTable('message_settings')
    .addColumn('key', 'text', (c: any) => c.primaryKey())
    .addColumn('value', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('message_settings').execute();
  await db.schema.dropTable('message_imports').execute();
  await db.schema.dropTable('message_transfers').execute();
  await db.schema.dropTable('messages').execute();
}
