// requests.closed_on (issue 15): the date of the request's last closing event (作出答复, 撤回, 补正/缴费
// 逾期视为放弃), kept by the commands with each event, so the annual report counts a district's requests
// in one scan of this table (requests.report.ts requestCountsForReport) instead of looking up every
// request's events. Filled here from the events, by the same rule.
import { sql, type Kysely } from 'kysely';

/** The last closing event's date of every request (also run by tests that insert rows directly). */
export async function backfillClosedOn(db: Kysely<any>): Promise<void> {
  await sql`update requests set closed_on = (
      select e."on" from request_events e
      where e.request_id = requests.id and e.type in ('decide', 'withdraw', 'supplement-expired', 'fee-expired')
      order by e.id desc limit 1)`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').addColumn('closed_on', 'text').execute();
  await backfillClosedOn(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').dropColumn('closed_on').execute();
}
