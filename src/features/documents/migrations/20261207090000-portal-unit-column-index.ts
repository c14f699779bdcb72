// 公开目录 of one unit: the counts per column within the unit's subtree were answered through documents_unit_idx
// (unit_id, status, published_at), which holds neither disclosure nor column_code — so every count read each of
// the unit's rows (11,000 wide rows, ~30 ms CPU at 100,000 documents). This index holds all the count needs
// (status and disclosure equal, then the unit, the column and the publication time), so the count is answered
// from the index alone (~2 ms), and a unit's column list walks it in order.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('documents_portal_unit_column_idx').ifNotExists().on('documents').columns(['status', 'disclosure', 'unit_id', 'column_code', 'published_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_portal_unit_column_idx').ifExists().execute();
}
