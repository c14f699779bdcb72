// Entering a year of the working-day calendar recomputes the stored deadlines of unanswered messages whose
// deadline was provisional (a hook inside the calendar's transaction, platform/calendar onCalendarChange;
// few rows: only open messages with a provisional deadline).
import { onCalendarChange, type CalendarChange } from '../../platform/calendar/calendar.repository.ts';
import type { Trx } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { replyDays, replyDeadline } from './rules.ts';

async function recomputeDue(trx: Trx, change: Pick<CalendarChange, 'calendar' | 'actor'>): Promise<number> {
  const rows = await trx.selectFrom('messages').select(['id', 'type', 'clock_from', 'due_on', 'unit_id']).where('status', 'in', ['open', 'review']).where('due_provisional', '=', 1).execute();
  const days = replyDays();
  let n = 0;
  for (const r of rows) {
    const d = replyDeadline(change.calendar, r.clock_from, days[r.type]);
    await trx.updateTable('messages').set({ due_on: d.dueOn, due_provisional: d.provisional ? 1 : 0 }).where('id', '=', r.id).execute();
    if (d.dueOn !== r.due_on) {
      n++;
      await audit(trx, change.actor, { action: 'message.due-recompute', entity: 'message', publicEffect: false, entityId: r.id, unitId: r.unit_id, before: { dueOn: r.due_on }, after: { dueOn: d.dueOn, provisional: d.provisional } });
    }
  }
  return n;
}

let registered = false;
export function registerDueHook(): void {
  if (registered) return;
  registered = true;
  onCalendarChange(async (trx, change) => {
    await recomputeDue(trx, change);
  });
}
