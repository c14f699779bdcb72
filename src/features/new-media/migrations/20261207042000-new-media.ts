// 政务新媒体 registry (issue 18): accounts (a register of the shared pattern) and their recorded updates. One
// active account per platform per unit is enforced here too: a partial unique index (both dialects) over the
// accounts that are open (not closed, not retired) and not an approved exception.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('new_media_accounts')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('responsible_person', 'text', (c) => c.notNull())
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('filing_status', 'text', (c) => c.notNull())
    .addColumn('interaction', 'text', (c) => c.notNull())
    .addColumn('exception_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('published_at', 'text')
    .execute();
  await sql`create unique index new_media_one_active on new_media_accounts (unit_id, platform) where closed_on is null and exception_reason is null and status <> 'retired'`.execute(db);
  await db.schema.createIndex('new_media_public').on('new_media_accounts').columns(['status', 'platform', 'unit_id']).execute();
  await db.schema
    .createTable('new_media_updates')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('account_id', 'integer', (c) => c.notNull().references('new_media_accounts.id'))
    .addColumn('on', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema.createIndex('new_media_updates_account').on('new_media_updates').columns(['account_id', 'on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('new_media_updates').ifExists().execute();
  await db.schema.dropTable('new_media_accounts').ifExists().execute();
}
