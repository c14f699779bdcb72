// 应急/疫情信息发布 (issue 18): emergency topics and their timestamped updates (register records of the shared
// pattern) and the on-duty flag of reviewers who may publish an update at once.
import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/migrations/0001-core.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const register = (t: any) =>
    t
      .addColumn('unit_id', 'integer', (c: any) => c.notNull().references('units.id'))
      .addColumn('status', 'text', (c: any) => c.notNull())
      .addColumn('version', 'integer', (c: any) => c.notNull())
      .addColumn('created_at', 'text', (c: any) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('updated_at', 'text', (c: any) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('published_at', 'text');
  await register(
    db.schema
      .createTable('emergency_topics')
      .addColumn('id', pg ? 'serial' : 'integer', id)
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text'),
  ).execute();
  await register(
    db.schema
      .createTable('emergency_updates')
      .addColumn('id', pg ? 'serial' : 'integer', id)
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('emergency_topics.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('emergency_updates_topic').on('emergency_updates').columns(['topic_id', 'published_at']).execute();
  await db.schema
    .createTable('emergency_duty')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('on_until', 'text', (c) => c.notNull())
    .addColumn('set_by', 'integer')
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['emergency_duty', 'emergency_updates', 'emergency_topics']) await db.schema.dropTable(t).ifExists().execute();
}
