// 我的待办 (what each role has to do next). The review queue (/admin/review) is documents' (documents/console/review.tsx).
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { roleAllows, ROLE_LABELS, type Actor } from '../../platform/access/roles.ts';
import { Pager, adminNav, qs } from '../../platform/views/layout.tsx';
import type { Db } from '../../platform/db/index.ts';
import { AdminPage, PAGE_SIZE, flashText, pageParam, requireRole, sendPage } from './ui.tsx';
import { DocTable, LIST_COLUMNS, scopedDocuments, type ListRow } from '../documents/public.ts';
import { loadCalendar, missingYears } from '../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { countProvisional, dueBounds } from '../requests/requests.due.ts';
import { OPEN_STATUSES } from '../requests/public.ts';

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

async function provisionalAlert(db: Db, actor: Actor): Promise<ProvisionalAlert | null> {
  const canEnter = roleAllows(actor.role, 'calendar.manage');
  if (!canEnter && !roleAllows(actor.role, 'request.read')) return null;
  const count = await countProvisional(db, canEnter ? null : actor.scope);
  if (!count) return null;
  return { count, years: await missingYears(db, todayBeijing()), canEnter };
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

/** An admin who enters the calendar is told which year is missing, before any due date is provisional. */
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

// ---------------------------------------------------------------------------
// 依申请公开: the work of handlers and office heads (and unit/platform admins, who may handle too)
// ---------------------------------------------------------------------------

/** Unit scope of the requests a home page counts (admins: every unit). */
function requestScope(db: Db, actor: Actor) {
  let q = db.selectFrom('requests');
  if (actor.role !== 'admin') q = q.where('requests.unit_id', 'in', actor.scope.size ? [...actor.scope] : [-1]);
  return q;
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
 * Counts for the home page, with the same conditions as the queue's filters (admin/requests.tsx:
 * open statuses; 已超期 / 即将到期 from the stored due columns and today, requests.due.ts).
 */
async function requestWork(db: Db, actor: Actor): Promise<RequestWork> {
  const today = todayBeijing();
  const calendar = await loadCalendar(db);
  const bounds = dueBounds(calendar, today);
  const open = requestScope(db, actor).where('requests.status', 'in', [...OPEN_STATUSES]);
  const n = (q: typeof open) => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst().then((r) => Number(r?.n ?? 0));
  const lateQ = requestScope(db, actor)
    .where('requests.status', '=', 'awaiting-confirmation')
    .where('requests.channel', '=', 'online')
    .where('requests.created_at', '<', unconfirmedLateBefore(calendar, today));
  const [overdue, soon, unconfirmed, supplement, lateTotal, late] = await Promise.all([
    n(open.where('requests.clock_running', '=', 1).where('requests.due_on', '<', today)),
    n(open.where('requests.clock_running', '=', 1).where('requests.due_on', '>=', today).where('requests.due_on', '<', bounds.soonBefore)),
    n(requestScope(db, actor).where('requests.status', '=', 'awaiting-confirmation')),
    n(requestScope(db, actor).where('requests.status', '=', 'awaiting-supplement')),
    n(lateQ),
    lateQ.select(['requests.id', 'requests.tracking_no', 'requests.created_at', 'requests.unit_id']).orderBy('requests.created_at', 'asc').orderBy('requests.id', 'asc').limit(LATE_PREVIEW).execute(),
  ]);
  return { overdue, soon, unconfirmed, supplement, late, lateTotal };
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

// ---------------------------------------------------------------------------
// Documents: drafts, returned, waiting for review or publication
// ---------------------------------------------------------------------------

const PREVIEW = 10;

interface Box {
  key: string;
  title: string;
  hint: string;
  rows: ListRow[];
  total: number;
  more: string;
}

async function box(db: Db, actor: Actor, key: string, title: string, hint: string, more: string, build: (q: ReturnType<typeof scopedDocuments>) => ReturnType<typeof scopedDocuments>, oldestFirst = false): Promise<Box> {
  const q = build(scopedDocuments(db, actor));
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select([...LIST_COLUMNS]).orderBy('documents.updated_at', oldestFirst ? 'asc' : 'desc').orderBy('documents.id', oldestFirst ? 'asc' : 'desc').limit(PREVIEW).execute(),
  ]);
  return { key, title, hint, rows, total: Number(count?.n ?? 0), more };
}

/** Documents the actor may not review: created or submitted by them (the 审核 rule of state.ts). */
function notOwn(actor: Actor) {
  return (q: ReturnType<typeof scopedDocuments>) =>
    q
      .where((eb) => eb.or([eb('documents.created_by', 'is', null), eb('documents.created_by', '!=', actor.id)]))
      .where((eb) => eb.or([eb('documents.submitted_by', 'is', null), eb('documents.submitted_by', '!=', actor.id)]));
}

/** A count on the home page: a link to the list (or the section) that shows these items. */
interface Count {
  href: string;
  label: string;
  n: number;
  tone?: 'bad' | 'warn';
}

export default async function taskRoutes(app: FastifyInstance) {
  const { db } = app;

  app.get('/admin', async (req, reply) => {
    const actor = requireActor(req);
    const boxes: Box[] = [];
    const counts: Count[] = [];
    const canHandle = roleAllows(actor.role, 'request.handle');
    const work = canHandle ? await requestWork(db, actor) : null;
    if (work) {
      counts.push(
        { href: '/admin/requests?due=overdue', label: '已超期', n: work.overdue, tone: 'bad' },
        { href: '/admin/requests?due=soon', label: '即将到期（3 个工作日内）', n: work.soon, tone: 'warn' },
        { href: '/admin/requests?status=awaiting-confirmation', label: '待确认收到', n: work.unconfirmed, tone: work.lateTotal ? 'bad' : undefined },
        { href: '/admin/requests?status=awaiting-supplement', label: '待补正', n: work.supplement },
      );
    }
    if (roleAllows(actor.role, 'document.create')) {
      // The actor's own documents: the same condition as the list's 我的 filter (mine=1, documents.tsx).
      const mine = (q: ReturnType<typeof scopedDocuments>) => q.where((eb) => eb.or([eb('documents.created_by', '=', actor.id), eb('documents.submitted_by', '=', actor.id)]));
      boxes.push(
        await box(db, actor, 'returned', '被退回修改', '审核人员退回、需要您修改后重新提交的文件。', '/admin/documents?status=returned&mine=1', (q) => mine(q.where('documents.status', '=', 'returned'))),
        await box(db, actor, 'drafts', '我的草稿', '您起草、尚未提交审核的文件。', '/admin/documents?status=draft&mine=1', (q) => mine(q.where('documents.status', '=', 'draft'))),
      );
    }
    if (roleAllows(actor.role, 'document.review')) {
      boxes.push(await box(db, actor, 'submitted', '待审核', '已提交、等待您审核的文件（最早提交的在前；您起草或提交的文件由其他审核人员审核）。', '/admin/review', (q) => notOwn(actor)(q.where('documents.status', '=', 'submitted')), true));
    }
    if (roleAllows(actor.role, 'document.publish')) {
      boxes.push(await box(db, actor, 'approved', '已审核待发布', '审核通过、尚未发布的文件。', '/admin/documents?status=approved', (q) => q.where('documents.status', '=', 'approved'), true));
    }
    // The review queue's count links to the queue itself (it lists exactly these).
    for (const b of boxes) counts.push({ href: b.key === 'submitted' ? '/admin/review' : `#box-${b.key}`, label: b.title, n: b.total });
    const provisional = await provisionalAlert(db, actor);
    const missing = !provisional && roleAllows(actor.role, 'calendar.manage') ? await missingYears(db, todayBeijing()) : [];
    const readOnly = counts.length === 0;
    const nothing = !readOnly && counts.every((c) => c.n === 0) && !provisional && !missing.length;
    // Where a read-only role may start: its menu, without the home page itself.
    const starts = adminNav(actor.role).filter(([href]) => href !== '/admin');
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="我的待办" flash={flashText(req.query)}>
        <p>
          {actor.displayName}，您好。您是{actor.unitName}的{ROLE_LABELS[actor.role]}。
        </p>
        {provisional ? <ProvisionalNotice alert={provisional} /> : null}
        {missing.length ? <CalendarNotice years={missing} /> : null}
        {work && work.lateTotal ? <UnconfirmedAlert work={work} /> : null}
        {roleAllows(actor.role, 'document.create') || canHandle ? (
          <p class="actions">
            {roleAllows(actor.role, 'document.create') ? (
              <a class="button" href="/admin/documents/new">
                新建文件
              </a>
            ) : null}
            {canHandle ? (
              <>
                {' '}
                <a class="button" href="/admin/requests/new">
                  登记申请
                </a>
              </>
            ) : null}
          </p>
        ) : null}
        {readOnly ? (
          <p>
            您的角色只能查阅，没有待办事项。
            {starts.length ? (
              <>
                可以从
                {starts.map(([href, label], i) => (
                  <>
                    {i ? '、' : ' '}
                    <a href={href}>{label}</a>
                  </>
                ))}{' '}
                开始。
              </>
            ) : null}
          </p>
        ) : (
          <>
            {work ? <h2 class="visually-hidden">依申请公开</h2> : null}
            <ul class="counts">
              {counts.map((c) => (
                <li class={c.n && c.tone ? c.tone : undefined}>
                  <a href={c.href}>
                    {c.label}
                    <strong class="count">{c.n}</strong>
                  </a>
                </li>
              ))}
            </ul>
            {nothing ? <p class="muted">目前没有需要处理的事项。</p> : null}
            {work && work.soon > 0 && roleAllows(actor.role, 'request.approve-extension') ? (
              <p class="muted">即将到期的申请确需延长答复期限的，可在到期前打开申请“延长答复期限”（经政府信息公开工作机构负责人同意，仅一次，最多 20 个工作日）。</p>
            ) : null}
          </>
        )}
        {boxes.map((b) => (
          <section aria-labelledby={`box-${b.key}`}>
            <h2 id={`box-${b.key}`}>
              {b.title}（{b.total}）
            </h2>
            <p class="muted">{b.hint}</p>
            <DocTable rows={b.rows} empty="暂无。" />
            {b.total > b.rows.length ? (
              <p>
                <a href={b.more}>查看全部 {b.total} 件</a>
              </p>
            ) : null}
          </section>
        ))}
      </AdminPage>,
    );
  });
}
