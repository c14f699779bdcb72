// The requests feature's part of the console home (console.tasks) and of the calendar's provisional
// deadlines (calendar.provisional): what handlers and office heads (and unit/platform admins, who may
// handle too) have to do next — overdue, due soon, unconfirmed, awaiting supplement — and the alerts
// for online requests left unconfirmed and for provisional (暂定) due dates.
import { roleAllows, type Actor } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import { loadCalendar, missingYears } from '../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import type { ConsoleTasks, HomeTasks, TaskBlock } from '../admin/public.ts';
import type { ProvisionalDeadlines } from '../calendar/public.ts';
import { countProvisional, dueBounds } from './requests.due.ts';
import { OPEN_STATUSES } from './transitions.ts';
import { requestWorkCounts } from './requests.repository.ts';

export const provisionalRequests: ProvisionalDeadlines = {
  count: countProvisional,
  describe: (n) => `目前有 ${n} 件办理中的依申请公开申请，答复期限为暂定`,
};

/**
 * Provisional due dates (暂定: they reach into a year whose holiday schedule is not entered). Admins
 * (who enter the calendar) see every open request and a link to the calendar; handlers and office
 * heads see the count in their scope. Entering the year recomputes them (requests.due.ts).
 */
interface ProvisionalAlert {
  count: number;
  years: number[];
  canEnter: boolean;
}

async function provisionalAlert(db: Db, actor: Actor, today: string): Promise<ProvisionalAlert | null> {
  const canEnter = roleAllows(actor.role, 'calendar.manage');
  if (!canEnter && !roleAllows(actor.role, 'request.read')) return null;
  const count = await countProvisional(db, canEnter ? null : actor.scope);
  if (!count) return null;
  return { count, years: await missingYears(db, today), canEnter };
}

function ProvisionalNotice({ alert }: { alert: ProvisionalAlert }) {
  const { count, years, canEnter } = alert;
  const which = years.length ? `跨入 ${years.join('、')} 年，尚未录入节假日安排` : '涉及尚未录入节假日安排的年份';
  return (
    <div class="notice bad" role="alert">
      <h2>答复期限为暂定</h2>
      {canEnter ? (
        <p>
          <strong>{count}</strong> 件申请的答复期限为暂定（{which}），请录入：
          {years.length ? (
            years.map((y) => (
              <>
                {' '}
                <a href={`/admin/calendar/${y}`}>录入 {y} 年节假日安排</a>
              </>
            ))
          ) : (
            <a href="/admin/calendar">工作日历</a>
          )}
          。录入后系统自动重新计算这些申请的答复期限。
        </p>
      ) : (
        <p>
          您管理范围内有 <strong>{count}</strong> 件申请的答复期限为暂定（{which}），暂按周末和元旦、劳动节、国庆节计算（春节等农历节日和调休未计）。请联系平台管理员录入节假日安排，录入后自动重新计算。
          <a href="/admin/requests">查看申请</a>
        </p>
      )}
    </div>
  );
}

/**
 * The instant before which an online request still awaiting confirmation has waited more than
 * 1 working day: submitted on a (Beijing) day before the last working day before today. (The first
 * working day after the submission day is its one working day; the day after that, it is late.)
 */
export function unconfirmedLateBefore(calendar: WorkCalendar, today: string): string {
  let d = today;
  for (let i = 0; i < 366; i++) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (calendar.dayInfo(d).working) break;
  }
  return new Date(`${d}T00:00:00+08:00`).toISOString();
}

interface RequestWork {
  overdue: number;
  soon: number;
  unconfirmed: number;
  supplement: number;
  late: { id: number; tracking_no: string; created_at: string; unit_id: number }[];
  lateTotal: number;
}

const LATE_PREVIEW = 10;

/**
 * Counts for the home page, with the same conditions as the queue's filters (console/requests.tsx:
 * open statuses; 已超期 / 即将到期 from the stored due columns and today, requests.due.ts).
 */
async function requestWork(db: Db, actor: Actor, today: string): Promise<RequestWork> {
  const calendar = await loadCalendar(db);
  const bounds = dueBounds(calendar, today);
  return requestWorkCounts(db, actor.role === 'admin' ? null : [...actor.scope], today, bounds.soonBefore, unconfirmedLateBefore(calendar, today), LATE_PREVIEW);
}

function UnconfirmedAlert({ work }: { work: RequestWork }) {
  return (
    <div class="notice bad" role="alert" id="unconfirmed">
      <h2>网上申请超过 1 个工作日未确认收到</h2>
      <p>
        <strong>{work.lateTotal}</strong> 件网上申请提交后已超过 1 个工作日未确认收到。网上申请以双方确认之日为收到申请之日（《政府信息公开条例》第三十一条），请尽快与申请人确认并在申请页面“确认收到申请”。
      </p>
      <ul>
        {work.late.map((r) => (
          <li>
            <a href={`/admin/requests/${r.id}`}>{r.tracking_no}</a>　提交于 {fmtDateTime(r.created_at)}
          </li>
        ))}
      </ul>
      {work.lateTotal > work.late.length ? (
        <p>
          <a href="/admin/requests?status=awaiting-confirmation">查看全部待确认收到的申请</a>
        </p>
      ) : null}
    </div>
  );
}

export const requestTasks: ConsoleTasks = {
  async tasks({ db, actor, today }) {
    const provisional = await provisionalAlert(db, actor, today);
    const alerts: TaskBlock[] = provisional ? [{ order: 10, node: <ProvisionalNotice alert={provisional} /> }] : [];
    if (!roleAllows(actor.role, 'request.handle')) return alerts.length ? { alerts } : null;
    const work = await requestWork(db, actor, today);
    if (work.lateTotal) alerts.push({ order: 30, node: <UnconfirmedAlert work={work} /> });
    const out: HomeTasks = {
      alerts,
      starts: [{ order: 20, href: '/admin/requests/new', label: '登记申请' }],
      heading: '依申请公开',
      counts: [
        { order: 10, href: '/admin/requests?due=overdue', label: '已超期', n: work.overdue, tone: 'bad' },
        { order: 20, href: '/admin/requests?due=soon', label: '即将到期（3 个工作日内）', n: work.soon, tone: 'warn' },
        { order: 30, href: '/admin/requests?status=awaiting-confirmation', label: '待确认收到', n: work.unconfirmed, tone: work.lateTotal ? 'bad' : undefined },
        { order: 40, href: '/admin/requests?status=awaiting-supplement', label: '待补正', n: work.supplement },
      ],
    };
    if (work.soon > 0 && roleAllows(actor.role, 'request.approve-extension')) {
      out.notes = [{ order: 10, node: <p class="muted">即将到期的申请确需延长答复期限的，可在到期前打开申请“延长答复期限”（经政府信息公开工作机构负责人同意，仅一次，最多 20 个工作日）。</p> }];
    }
    return out;
  },
};
