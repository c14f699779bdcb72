// Applicant side of 依申请公开 (issue 12):
// - request_receipts.shown_at: the receipt page is shown again, for its 15 minutes, only in the
//   browser that submitted (cookie = URL token); the first showing is recorded so that a link opened
//   without that cookie shows the code once at most (browsers without cookies) and never after.
// - request_files.supplement (0/1): uploaded by the applicant on the tracking page (补正材料);
//   request_files.released_at / released_by: staff delivered the file to the applicant, who may then
//   download it from the tracking page after the query-code check.
// - mail_outbox: e-mails to applicants (receipt, status changes), written in the transaction of the
//   change and delivered after commit by platform/mail with retries. `secret` holds the query code of
//   the receipt mail until it is sent (or given up, or 3 days old); the body has a placeholder for it.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('request_receipts').addColumn('shown_at', 'text').execute();
  await db.schema.alterTable('request_files').addColumn('supplement', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('request_files').addColumn('released_at', 'text').execute();
  await db.schema.alterTable('request_files').addColumn('released_by', 'integer').execute();

  const t = db.schema.createTable('mail_outbox');
  await (pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('request_id', 'integer', (c) => c.references('requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('mail_outbox_request_idx').on('mail_outbox').columns(['request_id', 'id']).execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropIndex('mail_outbox_request_idx').ifExists().execute();
  await db.schema.dropIndex('mail_outbox_due_idx').ifExists().execute();
  await db.schema.dropTable('mail_outbox').ifExists().execute();
  for (const c of ['released_by', 'released_at', 'supplement']) await db.schema.alterTable('request_files').dropColumn(c).execute();
  await db.schema.alterTable('request_receipts').dropColumn('shown_at').execute();
}
