// Tamper-evident publication ledger (features/documents/ledger.ts): every publication, change of
// validity and withdrawal appends an entry whose hash covers the previous entry's hash. Documents already
// published when this migration runs are not entered here; the first publication event after the upgrade
// starts the chain (`npx gongkai ledger baseline` records the state of all published documents).
import { type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('publication_ledger')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('document_id', 'integer', (c) => c.notNull())
    .addColumn('index_no', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publication_ledger_doc').on('publication_ledger').column('document_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('publication_ledger').execute();
}
