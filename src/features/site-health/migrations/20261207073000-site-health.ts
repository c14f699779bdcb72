// 网站健康度 (issue 19): the crawler's runs over the portal and the broken links and attachments each found
// (features/site-health/tables.ts). Everything else on the health page is derived on demand from records.
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => t.addColumn('id', pg ? 'serial' : 'integer', (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await id(db.schema.createTable('health_crawls'))
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('trigger', 'text', (c: any) => c.notNull())
    .addColumn('started_at', 'text', (c: any) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('lease_until', 'text', (c: any) => c.notNull())
    .addColumn('pages', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('links', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('broken', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('truncated', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('started_by', 'integer')
    .execute();
  await db.schema.createIndex('health_crawls_status').on('health_crawls').columns(['status', 'id']).execute();
  // One running crawl at a time, whatever the number of nodes: a second start fails on this index.
  await sql`create unique index health_crawls_one_running on health_crawls (status) where status = 'running'`.execute(db);

  await id(db.schema.createTable('health_crawl_findings'))
    .addColumn('crawl_id', 'integer', (c: any) => c.notNull().references('health_crawls.id').onDelete('cascade'))
    .addColumn('page', 'text', (c: any) => c.notNull())
    .addColumn('link', 'text', (c: any) => c.notNull())
    .addColumn('link_text', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('status', 'integer', (c: any) => c.notNull())
    .addColumn('unit_id', 'integer')
    .execute();
  await db.schema.createIndex('health_crawl_findings_crawl').on('health_crawl_findings').columns(['crawl_id', 'unit_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('health_crawl_findings').ifExists().execute();
  await db.schema.dropTable('health_crawls').ifExists().execute();
}
