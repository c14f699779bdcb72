// Section 二 of the annual report counts the published 规章 and 行政规范性文件 of the units in scope
// (reports.repository.ts loadActiveDocCounts). Without an index on the kind it read every document of
// the district, bodies included (200,000 at the benchmark's size); this index covers the query: the
// documents of one kind and status per unit, with every column the count needs (issue 15).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('documents_report_counts_idx')
    .on('documents')
    .columns(['kind', 'status', 'unit_id', 'id', 'written_on', 'published_at', 'validity', 'validity_on', 'replaced_by_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_report_counts_idx').ifExists().execute();
}
