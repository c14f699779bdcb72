// 公众参与 · 征求意见 (issue 17): consultations on draft decisions, their draft versions, the public's and
// offline comments, and the opinions grouping them with the adoption decisions (features/consultations/tables.ts).
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await id(db.schema.createTable('consultations'))
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('explanation', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('basis', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('forms', 'text', (c: any) => c.notNull().defaultTo('["online"]'))
    .addColumn('starts_on', 'text', (c: any) => c.notNull())
    .addColumn('ends_on', 'text', (c: any) => c.notNull())
    .addColumn('period_reason', 'text')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('return_reason', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('submitted_by', 'integer')
    .addColumn('approved_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('feedback_status', 'text', (c: any) => c.notNull().defaultTo('none'))
    .addColumn('feedback_summary', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('feedback_submitted_by', 'integer')
    .addColumn('feedback_return_reason', 'text')
    .addColumn('feedback_published_at', 'text')
    .addColumn('decision_document_id', 'integer')
    .execute();
  await db.schema.createIndex('consultations_status_ends').on('consultations').columns(['status', 'ends_on']).execute();
  await db.schema.createIndex('consultations_decision').on('consultations').column('decision_document_id').execute();

  await id(db.schema.createTable('consultation_versions'))
    .addColumn('consultation_id', 'integer', (c: any) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('note', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addUniqueConstraint('consultation_versions_unique', ['consultation_id', 'version'])
    .execute();

  await id(db.schema.createTable('consultation_opinions'))
    .addColumn('consultation_id', 'integer', (c: any) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c: any) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('reason', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_opinions_consultation').on('consultation_opinions').column('consultation_id').execute();

  await id(db.schema.createTable('consultation_comments'))
    .addColumn('consultation_id', 'integer', (c: any) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('receipt_no', 'text', (c: any) => c.notNull().unique())
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('article', 'text')
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('form', 'text', (c: any) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('moderation_reason', 'text')
    .addColumn('moderated_by', 'integer')
    .addColumn('moderated_at', 'text')
    .addColumn('opinion_id', 'integer', (c: any) => c.references('consultation_opinions.id').onDelete('set null'))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_comments_list').on('consultation_comments').columns(['consultation_id', 'status', 'id']).execute();
  await db.schema.createIndex('consultation_comments_opinion').on('consultation_comments').column('opinion_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_comments').execute();
  await db.schema.dropTable('consultation_opinions').execute();
  await db.schema.dropTable('consultation_versions').execute();
  await db.schema.dropTable('consultations').execute();
}
