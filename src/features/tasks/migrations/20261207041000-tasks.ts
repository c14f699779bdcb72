// 重点任务 / 民生实事 / 政府工作报告分工 and 督查/审计整改 (issue 18): register records (the shared register
// pattern's columns: unit_id, status, version, created/updated, published_at) plus their own fields.
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
      .createTable('tasks')
      .addColumn('id', pg ? 'serial' : 'integer', id)
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('tasks.id'))
      .addColumn('weight', 'integer', (c) => c.notNull())
      .addColumn('co_units', 'text', (c) => c.notNull())
      .addColumn('measures', 'text', (c) => c.notNull())
      .addColumn('milestones', 'text', (c) => c.notNull())
      .addColumn('disclosure_plan', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text'),
  ).execute();
  await db.schema.createIndex('tasks_year_source').on('tasks').columns(['year', 'source']).execute();
  await db.schema.createIndex('tasks_parent').on('tasks').column('parent_id').execute();
  await register(
    db.schema
      .createTable('task_reports')
      .addColumn('id', pg ? 'serial' : 'integer', id)
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
      .addColumn('reported_on', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('progress_text', 'text', (c) => c.notNull())
      .addColumn('results_text', 'text', (c) => c.notNull())
      .addColumn('next_steps', 'text', (c) => c.notNull())
      .addColumn('percent', 'integer', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('task_reports_task').on('task_reports').columns(['task_id', 'reported_on']).execute();
  await db.schema
    .createTable('task_comments')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('moderated_by', 'integer')
    .addColumn('moderated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_comments_task').on('task_comments').columns(['task_id', 'status']).execute();
  await register(
    db.schema
      .createTable('task_findings')
      .addColumn('id', pg ? 'serial' : 'integer', id)
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('problem', 'text', (c) => c.notNull())
      .addColumn('measures', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('rectified_on', 'text'),
  ).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['task_findings', 'task_comments', 'task_reports', 'tasks']) await db.schema.dropTable(t).ifExists().execute();
}
