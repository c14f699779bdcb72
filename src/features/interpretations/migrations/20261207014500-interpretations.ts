// 政策解读 (issue 16): an interpretation is a documents row (体裁“解读”, 栏目“政策解读”) marked by a row in
// `interpretations`; its forms (图解 images, audio/video/动漫 with transcripts), its 简明问答 pairs, its links
// to the policies it explains, the 解读会 records of a policy and a unit's "needs interpretation" mark.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const serial = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await db.schema
    .createTable('interpretations')
    .addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('interpretation_links')
    .addColumn('interpretation_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('policy_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('interpretation_links_pk', ['interpretation_id', 'policy_id'])
    .execute();
  await db.schema.createIndex('interpretation_links_policy').on('interpretation_links').column('policy_id').execute();
  await serial(db.schema.createTable('interpretation_media'))
    .addColumn('interpretation_id', 'integer', (c: any) => c.notNull().references('documents.id'))
    .addColumn('form', 'text', (c: any) => c.notNull())
    .addColumn('position', 'integer', (c: any) => c.notNull())
    .addColumn('url', 'text', (c: any) => c.notNull())
    .addColumn('caption', 'text', (c: any) => c.notNull())
    .addColumn('alt_text', 'text')
    .addColumn('text', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('interpretation_media_doc').on('interpretation_media').columns(['interpretation_id', 'position']).execute();
  await serial(db.schema.createTable('interpretation_qa'))
    .addColumn('interpretation_id', 'integer', (c: any) => c.notNull().references('documents.id'))
    .addColumn('position', 'integer', (c: any) => c.notNull())
    .addColumn('question', 'text', (c: any) => c.notNull())
    .addColumn('answer', 'text', (c: any) => c.notNull())
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('interpretation_qa_doc').on('interpretation_qa').columns(['interpretation_id', 'position']).execute();
  await serial(db.schema.createTable('interpretation_meetings'))
    .addColumn('policy_id', 'integer', (c: any) => c.notNull().references('documents.id'))
    .addColumn('held_on', 'text', (c: any) => c.notNull())
    .addColumn('place', 'text', (c: any) => c.notNull())
    .addColumn('organiser', 'text', (c: any) => c.notNull())
    .addColumn('audience', 'text', (c: any) => c.notNull())
    .addColumn('questions', 'text', (c: any) => c.notNull())
    .addColumn('photos', 'text', (c: any) => c.notNull()) // JSON [{url, alt}]
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('interpretation_meetings_policy').on('interpretation_meetings').columns(['policy_id', 'held_on']).execute();
  await db.schema
    .createTable('interpretation_needs')
    .addColumn('policy_id', 'integer', (c) => c.primaryKey().references('documents.id'))
    .addColumn('needed', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('set_by', 'integer')
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['interpretation_needs', 'interpretation_meetings', 'interpretation_qa', 'interpretation_media', 'interpretation_links', 'interpretations']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
