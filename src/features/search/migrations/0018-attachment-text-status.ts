// Attachment text is extracted in the background, after the upload has been answered
// (features/search/attachment-text.ts):
// - attachments.text_status: 'pending' (waiting for extraction), 'done' (search_attachment_text written,
//   possibly empty: not a type we read) or 'failed' (the file could not be read). Existing rows were
//   extracted during their upload: 'done'.
// - attachments.text_lease: while a node extracts, the ISO time until which it holds the row; a row whose
//   lease ran out (the node stopped) is taken up again by any node.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('text_status', 'text', (c) => c.notNull().defaultTo('done')).execute();
  await db.schema.alterTable('attachments').addColumn('text_lease', 'text').execute();
  await db.schema.createIndex('attachments_text_status_idx').on('attachments').column('text_status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attachments_text_status_idx').ifExists().execute();
  await db.schema.alterTable('attachments').dropColumn('text_lease').execute();
  await db.schema.alterTable('attachments').dropColumn('text_status').execute();
}
