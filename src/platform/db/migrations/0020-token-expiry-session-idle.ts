// API tokens expire (TOKEN_DAYS, default 90); staff sessions end after SESSION_IDLE_MINUTES of quiet
// (default 30) as well as after their absolute lifetime (expires_at, 8 h).
// Existing tokens get 90 days from today (not from their creation, so no integration breaks at upgrade).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();
  const in90 = new Date(Date.now() + 90 * 86400_000).toISOString();
  await db.updateTable('api_tokens').set({ expires_at: in90 }).where('expires_at', 'is', null).execute();
  await sql`update sessions set last_seen_at = created_at where last_seen_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
}
