// Core schema: units, staff, sessions, tokens, audit, taxonomies, documents, attachments.
// Migrations import nothing from features; the dialect only changes the id column type.
import { PostgresAdapter, type Kysely } from 'kysely';

type Any = Kysely<any>;

export function isPostgres(db: Any): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Any): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) =>
    pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement());

  await id(db.schema.createTable('units'))
    .addColumn('code', 'text', (c: any) => c.notNull().unique())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('type', 'text', (c: any) => c.notNull())
    .addColumn('parent_id', 'integer', (c: any) => c.references('units.id'))
    .addColumn('index_prefix', 'text', (c: any) => c.notNull())
    .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('guide_arrangement', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('guide_obtain', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('office_name', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('office_address', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('office_hours', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('fax', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('postcode', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('users'))
    .addColumn('username', 'text', (c: any) => c.notNull().unique())
    .addColumn('display_name', 'text', (c: any) => c.notNull())
    .addColumn('role', 'text', (c: any) => c.notNull())
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('password_hash', 'text', (c: any) => c.notNull())
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('failed_logins', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_login_at', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await id(db.schema.createTable('api_tokens'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('token_hash', 'text', (c: any) => c.notNull().unique())
    .addColumn('prefix', 'text', (c: any) => c.notNull())
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await id(db.schema.createTable('login_attempts'))
    .addColumn('username', 'text', (c: any) => c.notNull())
    .addColumn('ip', 'text', (c: any) => c.notNull())
    .addColumn('ok', 'integer', (c: any) => c.notNull())
    .addColumn('at', 'text', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c: any) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c: any) => c.notNull())
    .addColumn('action', 'text', (c: any) => c.notNull())
    .addColumn('entity', 'text', (c: any) => c.notNull())
    .addColumn('entity_id', 'text', (c: any) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_entity_idx').on('audit_log').columns(['entity', 'entity_id']).execute();

  await id(db.schema.createTable('terms'))
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('code', 'text', (c: any) => c.notNull())
    .addColumn('label', 'text', (c: any) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addUniqueConstraint('terms_kind_code_uq', ['kind', 'code'])
    .execute();

  await db.schema
    .createTable('index_counters')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('index_counters_pk', ['unit_id', 'year'])
    .execute();

  await id(db.schema.createTable('documents'))
    .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('index_no', 'text', (c: any) => c.unique())
    .addColumn('doc_no', 'text')
    .addColumn('doc_no_issuer', 'text')
    .addColumn('doc_no_year', 'integer')
    .addColumn('doc_no_seq', 'integer')
    .addColumn('doc_no_key', 'text')
    .addColumn('topic', 'text')
    .addColumn('genre', 'text')
    .addColumn('kind', 'text', (c: any) => c.notNull().defaultTo('other'))
    .addColumn('column_code', 'text')
    .addColumn('art20', 'integer')
    .addColumn('publisher', 'text', (c: any) => c.notNull())
    .addColumn('written_on', 'text')
    .addColumn('formed_on', 'text')
    .addColumn('published_at', 'text')
    .addColumn('scheduled_at', 'text')
    .addColumn('keywords', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('summary', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('validity', 'text', (c: any) => c.notNull().defaultTo('有效'))
    .addColumn('validity_on', 'text')
    .addColumn('validity_reason', 'text')
    .addColumn('replaced_by_id', 'integer', (c: any) => c.references('documents.id'))
    .addColumn('disclosure', 'text', (c: any) => c.notNull().defaultTo('主动公开'))
    .addColumn('review_checks', 'text')
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'integer')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdraw_reason', 'text')
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer')
    .addColumn('updated_by', 'integer')
    .addColumn('submitted_by', 'integer')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_public_idx').on('documents').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('documents_unit_idx').on('documents').columns(['unit_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('documents_column_idx').on('documents').columns(['column_code', 'status', 'published_at']).execute();
  await db.schema.createIndex('documents_validity_idx').on('documents').columns(['validity', 'status']).execute();
  await db.schema.createIndex('documents_title_idx').on('documents').columns(['unit_id', 'title']).execute();
  await db.schema.createIndex('documents_docno_idx').on('documents').column('doc_no_key').execute();

  await id(db.schema.createTable('document_versions'))
    .addColumn('document_id', 'integer', (c: any) => c.notNull().references('documents.id'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('action', 'text', (c: any) => c.notNull())
    .addColumn('snapshot', 'text', (c: any) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c: any) => c.notNull())
    .addColumn('at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('document_versions_doc_idx').on('document_versions').columns(['document_id', 'version']).execute();

  await db.schema
    .createTable('files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('attachments'))
    .addColumn('document_id', 'integer', (c: any) => c.notNull().references('documents.id'))
    .addColumn('sha256', 'text', (c: any) => c.notNull().references('files.sha256'))
    .addColumn('filename', 'text', (c: any) => c.notNull())
    .addColumn('mime', 'text', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    .addColumn('position', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_doc_idx').on('attachments').column('document_id').execute();
}

export async function down(db: Any): Promise<void> {
  for (const t of ['attachments', 'files', 'document_versions', 'documents', 'index_counters', 'terms', 'audit_log', 'login_attempts', 'api_tokens', 'sessions', 'users', 'units']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
