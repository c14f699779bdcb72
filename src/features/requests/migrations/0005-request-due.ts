// Stored due date of each 依申请公开 request, for the staff queue (order by due date, 即将到期 /
// 已超期 as SQL predicates). The columns are a cache of the pure clock (features/requests/clock.ts
// computeClock), written in the same transaction as every change of the request and recomputed
// when a year of the working-day calendar is entered (features/requests/requests.due.ts).
//   due_on          'YYYY-MM-DD' or null (not received, awaiting a supplement, closed by 视为放弃)
//   due_reason      the Chinese reason of the date ('' = never computed: backfilled at start)
//   due_provisional 1 when the date reaches into a year whose holiday schedule is not entered
//   clock_running   1 when the due date counts against the office today: the clock runs, or a
//                   consultation was started after the due date had already passed
// Integers 0/1 on both dialects (one type for SQLite and PostgreSQL).
import { sql, type Kysely } from 'kysely';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  await db.schema.alterTable('requests').addColumn('due_on', 'text').execute();
  await db.schema.alterTable('requests').addColumn('due_reason', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('requests').addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('requests').addColumn('clock_running', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Indexes for the queue (features/requests/console/requests.tsx), checked with EXPLAIN on both dialects.
  // The default view orders by due date with nulls last: `coalesce(due_on, '9999-12-31'), id` —
  // the expression must be written exactly so in the queries (QUEUE_ORDER in requests.due.ts).
  // Status and unit are in the indexes so that the filters are checked without reading the rows.
  //  - the whole district (office head of 区政府, admins): walk the order, stop after one page;
  //  - one unit (a department's handler): walk that unit's part in order;
  //  - 即将到期 / 已超期: equality on clock_running, range on due_on, in (due_on, id) order.
  await sql`create index requests_queue_order_idx on requests (coalesce(due_on, '9999-12-31'), id, status, unit_id)`.execute(db);
  await sql`create index requests_unit_order_idx on requests (unit_id, coalesce(due_on, '9999-12-31'), id, status)`.execute(db);
  await db.schema.createIndex('requests_due_idx').on('requests').columns(['clock_running', 'due_on', 'id', 'unit_id', 'status']).execute();
  // The console home's count of provisional due dates (暂定) per scope.
  await db.schema.createIndex('requests_provisional_idx').on('requests').columns(['due_provisional', 'status', 'unit_id']).execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropIndex('requests_provisional_idx').ifExists().execute();
  await db.schema.dropIndex('requests_due_idx').ifExists().execute();
  await db.schema.dropIndex('requests_unit_order_idx').ifExists().execute();
  await db.schema.dropIndex('requests_queue_order_idx').ifExists().execute();
  for (const c of ['clock_running', 'due_provisional', 'due_reason', 'due_on']) {
    await db.schema.alterTable('requests').dropColumn(c).execute();
  }
}
