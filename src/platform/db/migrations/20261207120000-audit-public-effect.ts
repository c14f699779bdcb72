// audit_log.public_effect: 1 when the audited change can show on a public page (a published document, a
// unit, a term …), 0 when it cannot (an application, a login, a draft, a staff read). The public portal's
// page cache is keyed by the newest audit row with public_effect = 1 (documents/index.ts PublicVersion), so
// an application or a draft no longer empties it; the partial index makes that one index probe on both
// databases. Rows written before this migration keep 1 (the safe value: they may have shown).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('public_effect', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`create index audit_public_effect_idx on audit_log (id) where public_effect = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index audit_public_effect_idx`.execute(db);
  await db.schema.alterTable('audit_log').dropColumn('public_effect').execute();
}
