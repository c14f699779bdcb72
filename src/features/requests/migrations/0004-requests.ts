// 依申请公开: disclosure requests and their dated workflow events. The applicant's personal data
// is JSON text in `requests.applicant` and never leaves through a public view. Status and outcome
// are derived from the events (features/requests/transitions.ts) and stored for the staff queue.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) =>
    pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement());

  // Per-year sequence of tracking numbers (SC2026-000123).
  await db.schema
    .createTable('request_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('requests'))
    .addColumn('tracking_no', 'text', (c: any) => c.notNull().unique())
    .addColumn('query_code_hash', 'text', (c: any) => c.notNull())
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('channel', 'text', (c: any) => c.notNull())
    .addColumn('received_on', 'text')
    .addColumn('applicant_type', 'text', (c: any) => c.notNull())
    .addColumn('applicant', 'text', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('doc_ref', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('form', 'text', (c: any) => c.notNull())
    .addColumn('delivery', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('requests_queue_idx').on('requests').columns(['unit_id', 'status']).execute();

  await id(db.schema.createTable('request_events'))
    .addColumn('request_id', 'integer', (c: any) => c.notNull().references('requests.id'))
    .addColumn('type', 'text', (c: any) => c.notNull())
    .addColumn('on', 'text', (c: any) => c.notNull())
    .addColumn('payload', 'text', (c: any) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c: any) => c.notNull())
    .addColumn('at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('request_events_request_idx').on('request_events').columns(['request_id', 'id']).execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropIndex('request_events_request_idx').ifExists().execute();
  await db.schema.dropTable('request_events').ifExists().execute();
  await db.schema.dropIndex('requests_queue_idx').ifExists().execute();
  await db.schema.dropTable('requests').ifExists().execute();
  await db.schema.dropTable('request_counters').ifExists().execute();
}
