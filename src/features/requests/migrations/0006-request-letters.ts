// Issued letters and notices of 依申请公开 requests (答复书, 补正告知书, 延长答复期限告知书, 收费通知书).
// `body` is JSON of the issued Letter {title, paragraphs} exactly as staff edited it; the print
// page and the .docx are generated from it. Re-issuing adds a row (history kept): the newest row of
// a kind is the current one.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  const t = db.schema.createTable('request_letters');
  await (pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('letter_no', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_letters_request_idx').on('request_letters').columns(['request_id', 'id']).execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropIndex('request_letters_request_idx').ifExists().execute();
  await db.schema.dropTable('request_letters').ifExists().execute();
}
