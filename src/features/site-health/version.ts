// The data version the health figures are cached by: the newest audit row (every state change writes one).
// TODO(site-health): replace with dataVersion() of src/platform/http/public-cache.ts once it has landed.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';

export async function healthDataVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ v: number | string | null }>`select max(id) as v from audit_log`.execute(db);
  return String(rows[0]?.v ?? 0);
}
