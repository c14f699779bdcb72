// Per-unit review body (行政复议机关) and court (管辖的人民法院) printed in reply letters
// (features/units/remedies.ts). '' = use the default derived from the unit tree.
import type { Kysely } from 'kysely';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  await db.schema.alterTable('units').addColumn('review_body', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('units').addColumn('court', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.alterTable('units').dropColumn('court').execute();
  await db.schema.alterTable('units').dropColumn('review_body').execute();
}
