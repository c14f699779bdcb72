// 政府开放日 (issue 17): open days (a register record: review before public), registrations with the waiting list
// and check-in, and the photos of the published summary (features/open-days/tables.ts).
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await id(db.schema.createTable('open_days'))
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('theme', 'text', (c: any) => c.notNull())
    .addColumn('place', 'text', (c: any) => c.notNull())
    .addColumn('event_date', 'text', (c: any) => c.notNull())
    .addColumn('start_time', 'text', (c: any) => c.notNull())
    .addColumn('end_time', 'text', (c: any) => c.notNull())
    .addColumn('capacity', 'integer', (c: any) => c.notNull())
    .addColumn('max_people', 'integer', (c: any) => c.notNull().defaultTo(3))
    .addColumn('reg_opens_at', 'text', (c: any) => c.notNull())
    .addColumn('reg_closes_at', 'text', (c: any) => c.notNull())
    .addColumn('agenda', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('summary', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('qa', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_by', 'integer')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('open_days_date').on('open_days').columns(['event_date', 'id']).execute();
  await db.schema.createIndex('open_days_unit').on('open_days').column('unit_id').execute();

  await id(db.schema.createTable('open_day_registrations'))
    .addColumn('open_day_id', 'integer', (c: any) => c.notNull().references('open_days.id').onDelete('cascade'))
    .addColumn('receipt_no', 'text', (c: any) => c.notNull().unique())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('phone', 'text', (c: any) => c.notNull())
    .addColumn('people', 'integer', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('promoted_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('attended_at', 'text')
    .addColumn('attended_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('open_day_registrations_list').on('open_day_registrations').columns(['open_day_id', 'status', 'id']).execute();
  // One active registration per phone and event, kept by the database (a reload, a double click, two tabs).
  await sql`create unique index open_day_registrations_phone on open_day_registrations (open_day_id, phone) where status <> 'cancelled'`.execute(db);

  await id(db.schema.createTable('open_day_photos'))
    .addColumn('open_day_id', 'integer', (c: any) => c.notNull().references('open_days.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c: any) => c.notNull())
    .addColumn('filename', 'text', (c: any) => c.notNull())
    .addColumn('mime', 'text', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    .addColumn('alt', 'text', (c: any) => c.notNull())
    .addColumn('position', 'integer', (c: any) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('open_day_photos_day').on('open_day_photos').columns(['open_day_id', 'position']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open_day_photos').execute();
  await db.schema.dropTable('open_day_registrations').execute();
  await db.schema.dropTable('open_days').execute();
}
