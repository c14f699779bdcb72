// The calendar's part of the console home (console.tasks): an admin who enters the calendar is told which
// year is missing, before any deadline is provisional. Once deadlines are provisional, the feature that owns
// them says so instead (e.g. requests' 答复期限为暂定 alert, which links here).
import { roleAllows } from '../../platform/access/roles.ts';
import { missingYears } from '../../platform/calendar/calendar.repository.ts';
import type { ConsoleTasks } from '../admin/public.ts';
import { provisionalDeadlines } from './provisional.ts';

function CalendarNotice({ years }: { years: number[] }) {
  return (
    <div class="notice bad" role="alert" id="calendar-missing">
      <h2>工作日历需要录入</h2>
      <p>
        尚未录入 {years.join('、')} 年节假日安排。国务院办公厅每年 11—12 月公布下一年的放假安排，录入前跨入该年的答复期限只按周末计算（暂定）。
        {years.map((y) => (
          <>
            {' '}
            <a href={`/admin/calendar/${y}`}>录入 {y} 年节假日安排</a>
          </>
        ))}
      </p>
    </div>
  );
}

export const calendarTasks: ConsoleTasks = {
  async tasks({ db, actor, today }) {
    if (!roleAllows(actor.role, 'calendar.manage')) return null;
    if ((await provisionalDeadlines(db)).length) return null;
    const years = await missingYears(db, today);
    return years.length ? { alerts: [{ order: 20, node: <CalendarNotice years={years} /> }] } : null;
  },
};
