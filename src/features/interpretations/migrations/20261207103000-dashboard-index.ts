// The 政策解读 dashboard (issue 16, < 300 ms at 100,000 documents) counts the public documents per unit and
// year, and the 规章/行政规范性文件 among them with their 成文日期, in one pass over this index: ordered by unit
// and the year as written (the first four characters of published_at; the few instants whose Beijing year
// differs — 12-31 after 16:00 UTC — are moved afterwards), so the database groups without sorting and
// without reading a row (dashboard-query.ts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists documents_interp_dashboard_idx on documents (status, disclosure, unit_id, (substr(published_at, 1, 4)), kind, written_on, published_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_interp_dashboard_idx').ifExists().execute();
}
