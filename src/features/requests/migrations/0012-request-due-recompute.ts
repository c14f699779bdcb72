// Issue 12: the clock's rules changed in ways that can move stored due dates of open requests
// (features/requests/clock.ts): an extension decided after the due date no longer extends it (the
// queue shows such a request as overdue again), and a date in a year without a holiday schedule
// now skips the fixed-date holidays (元旦, 劳动节, 国庆节). No schema change: the open requests'
// cached due columns (migration 0005) are marked as never computed (due_reason = ''), and
// backfillDue (features/requests/requests.due.ts, run by prepareDatabase at every start)
// recomputes them with the current rules in one transaction. Closed requests keep theirs (their
// clock has stopped; the report and the on-time judgement read the events, not the cache).
import { sql, type Kysely } from 'kysely';

type Any = Kysely<any>;

/** OPEN_STATUSES of features/requests/transitions.ts, written out (migrations do not import features). */
const OPEN = ['awaiting-confirmation', 'in-progress', 'awaiting-supplement', 'in-consultation', 'awaiting-fee'];

export async function up(db: Any): Promise<void> {
  await sql`update requests set due_reason = '' where status in (${sql.join(OPEN)})`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the cache is recomputed from the events either way.
}
