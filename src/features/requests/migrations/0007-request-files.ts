// Attachments of 依申请公开 requests (the applicant's materials, or files staff add later, e.g. 补正
// materials), stored like document attachments: bytes in the content-addressed FileStore, one row in
// `files` per sha256, one `request_files` row per attachment. `request_receipts` holds the one-time
// receipt after an application (Post/Redirect/Get): sha256 of a random URL token, the plaintext query
// code for at most 15 minutes, deleted when shown.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) =>
    pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement());

  await id(db.schema.createTable('request_files'))
    .addColumn('request_id', 'integer', (c: any) => c.notNull().references('requests.id'))
    .addColumn('sha256', 'text', (c: any) => c.notNull().references('files.sha256'))
    .addColumn('filename', 'text', (c: any) => c.notNull())
    .addColumn('mime', 'text', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    .addColumn('source', 'text', (c: any) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('request_files_request_idx').on('request_files').columns(['request_id', 'id']).execute();

  await db.schema
    .createTable('request_receipts')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('query_code', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_receipts_expires_idx').on('request_receipts').column('expires_at').execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropIndex('request_receipts_expires_idx').ifExists().execute();
  await db.schema.dropTable('request_receipts').ifExists().execute();
  await db.schema.dropIndex('request_files_request_idx').ifExists().execute();
  await db.schema.dropTable('request_files').ifExists().execute();
}
