// The per-file scan cache (pii_file_scans) is keyed by content only: results from the detector before the
// landline rules and the check for truncated XLSX/DOCX (a half file read as scanned) must not be served.
// Emptying it makes every attachment be scanned again when it is next needed (gate, nightly scan).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('pii_file_scans').execute();
}
