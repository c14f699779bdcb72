// 定时发布: documents.scheduled_at becomes the mark of a scheduled publication whose moment has not been
// recorded yet (features/documents/scheduled.ts). Until now every publication, scheduled or not, got its
// ledger entry when it was published, so no existing document waits for one: the marks are cleared.
// A partial index keeps the job's look-up (every few seconds, on every node) cheap.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('documents').set({ scheduled_at: null }).where('scheduled_at', 'is not', null).execute();
  await db.schema.createIndex('documents_scheduled').on('documents').column('scheduled_at').where(sql.ref('scheduled_at'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_scheduled').execute();
}
