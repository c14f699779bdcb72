// 工作日历: the holiday arrangement (放假 / 调休上班) per year, as data — platform admins enter
// each year's State Council notice here. Due dates that reach into a year not entered are
// provisional (暂定), and this screen says so until the year is entered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import type { Actor } from '../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, Pager, qs, type PageContext } from '../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import {
  CALENDAR_YEAR_MAX,
  CALENDAR_YEAR_MIN,
  checkYearInput,
  formatDayLines,
  getCalendarYear,
  isCalendarYear,
  listCalendarYears,
  loadCalendar,
  missingYearMessage,
  missingYears,
  parseDayLines,
  saveYear,
  yearWindow,
  type CalendarYearSummary,
  type StoredYear,
} from '../../platform/calendar/calendar.repository.ts';
import { AdminPage, PAGE_SIZE, TextArea, TextField, flashText, pageParam, requireRole, sendPage, val } from '../admin/public.ts';
import { provisionalDeadlines } from './provisional.ts';
import { CalendarYearForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';

/** Editing the calendar is a platform-admin task, like the taxonomies. */
const guard = (actor: Actor) => requireRole(actor, 'calendar.manage', undefined, '只有平台管理员可以维护工作日历。');

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

function yearParam(req: FastifyRequest): number {
  const raw = (req.params as Record<string, string>).year ?? '';
  const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!isCalendarYear(year)) throw new AppError('NOT_FOUND', `没有该年度的工作日历（年份应为 ${CALENDAR_YEAR_MIN}–${CALENDAR_YEAR_MAX}）。`);
  return year;
}

/** The notice text with its URLs as links. */
function Source({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/);
  return (
    <span class="source">
      {parts.map((p, i) => (i % 2 === 1 ? <a href={p} rel="noopener noreferrer">{p}</a> : p))}
    </span>
  );
}

/** Provisional deadlines of other features (calendar.provisional), one sentence each. */
type Provisional = Awaited<ReturnType<typeof provisionalDeadlines>>;

/** The alert for years an admin must enter; on a year's own page the link goes to its form. */
function MissingBanner({ years, here, provisional = [] }: { years: number[]; here?: boolean; provisional?: Provisional }) {
  if (!years.length) return null;
  return (
    <div class="notice bad">
      <h2>节假日安排待录入</h2>
      {provisional.map((p) => (
        <p>{p.text}；录入后自动重新计算。</p>
      ))}
      {years.map((y) => (
        <p>
          {missingYearMessage(y)}。<a href={here ? '#f-offDays' : `/admin/calendar/${y}`}>录入 {y} 年节假日安排</a>
        </p>
      ))}
    </div>
  );
}

function ListPage(p: { ctx: PageContext; years: CalendarYearSummary[]; total: number; page: number; missing: number[]; yearValue: string; errors: FieldErrors; flash?: string | null; provisional?: Provisional }) {
  return (
    <AdminPage ctx={p.ctx} title="工作日历" flash={p.flash} fields={p.errors} message={Object.keys(p.errors).length ? '提交的内容有误，请按提示修改：' : null}>
      <MissingBanner years={p.missing} provisional={p.provisional} />
      <p class="muted">
        依申请公开等期限按工作日计算：法定节假日（含假期中的周末）不计，调休上班日计入。每年的安排以国务院办公厅《关于某年部分节假日安排的通知》为准，通常在上一年 11–12 月公布。期限涉及尚未录入的年度时，暂按周末和元旦、劳动节、国庆节等固定日期的节假日计算（春节等农历节日和调休未计）并标注“暂定”，录入后即按新安排计算。
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="已录入的年度">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">休息日</th>
              <th scope="col">调休上班日</th>
              <th scope="col">依据</th>
              <th scope="col">录入</th>
            </tr>
          </thead>
          <tbody>
            {p.years.map((y) => (
              <tr id={`y-${y.year}`}>
                <td>
                  <a href={`/admin/calendar/${y.year}`}>{y.year} 年</a>
                </td>
                <td data-label="休息日">{y.offDays} 天</td>
                <td data-label="调休上班日">{y.workDays} 天</td>
                <td data-label="依据" class="small">
                  <Source text={y.source} />
                </td>
                <td data-label="录入" class="small">
                  {y.enteredBy ?? '内置数据（holiday-cn）'}
                  <br />
                  {fmtDateTime(y.enteredAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={p.page} pageSize={PAGE_SIZE} total={p.total} href={(n) => `/admin/calendar${qs({ page: n })}`} />

      <h2>录入或修改其他年度</h2>
      <form method="get" action="/admin/calendar" class="stack" novalidate>
        <TextField name="year" label="年份" required value={p.yearValue} error={p.errors.year} maxLength={4} inputMode="numeric" hint={`${CALENDAR_YEAR_MIN}–${CALENDAR_YEAR_MAX} 之间的四位年份，例如 ${Number(todayBeijing().slice(0, 4)) + 1}`} />
        <button type="submit">打开</button>
      </form>
    </AdminPage>
  );
}

/** One month as a Monday-first grid; 休 = rest day, 班 = make-up working day. */
function Month({ year, month, calendar }: { year: number; month: number; calendar: WorkCalendar }) {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const mm = String(month).padStart(2, '0');
  return (
    <table class="month">
      <caption>
        {year} 年 {month} 月
      </caption>
      <thead>
        <tr>
          {WEEKDAYS.map((w) => (
            <th scope="col">
              <abbr title={`星期${w}`}>{w}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr>
            {week.map((d) => {
              if (d === null) return <td class="empty" />;
              const info = calendar.dayInfo(`${year}-${mm}-${String(d).padStart(2, '0')}`);
              const cls = info.kind === 'holiday' ? 'off' : info.kind === 'makeup-workday' ? 'work' : info.kind === 'weekend' ? 'weekend' : undefined;
              const mark = info.kind === 'holiday' ? '休' : info.kind === 'makeup-workday' ? '班' : '';
              return (
                <td class={cls} title={info.name}>
                  <span class="d">{d}</span>
                  {mark ? (
                    <span class="mark">
                      {mark}
                      {info.name ? <span class="vh">（{info.name}）</span> : null}
                    </span>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface YearValues {
  offDays: string;
  workDays: string;
  source: string;
}

function YearPage(p: { ctx: PageContext; year: number; stored: StoredYear | null; calendar: WorkCalendar; values: YearValues; errors: FieldErrors; flash?: string | null; message?: string; missing: number[]; provisional?: Provisional }) {
  const { year, stored } = p;
  const [first, last] = yearWindow(year);
  const outside = stored ? [...stored.offDays.map((d) => [d, '休'] as const), ...stored.workDays.map((d) => [d, '班'] as const)].filter(([d]) => !d.startsWith(`${year}-`)).sort() : [];
  return (
    <AdminPage
      ctx={p.ctx}
      title={`${year} 年节假日安排`}
      flash={p.flash}
      message={p.message ?? (Object.keys(p.errors).length ? '提交的内容有误，请按提示修改：' : null)}
      fields={p.errors}
      crumbs={[['/admin/calendar', '工作日历']]}
    >
      {p.missing.includes(year) ? <MissingBanner years={[year]} here provisional={p.provisional} /> : null}
      {stored ? (
        <p class="muted">
          依据：<Source text={stored.source} />
          <br />
          录入：{stored.enteredBy ?? '内置数据（holiday-cn）'}，{fmtDateTime(stored.enteredAt)}；休息日 {stored.offDays.length} 天，调休上班日 {stored.workDays.length} 天。
        </p>
      ) : p.missing.includes(year) ? null : (
        <div class="notice">
          <p>{year} 年节假日安排尚未录入：涉及该年的期限暂按周末和元旦、劳动节、国庆节计算（春节等农历节日和调休未计）并标注“暂定”。</p>
        </div>
      )}

      <h2>月历</h2>
      <p class="muted">
        <span class="legend off">休</span> 放假（含假期中的周末）　<span class="legend work">班</span> 调休上班日（计入工作日）　灰色为普通周末。
        {stored ? null : '本年度尚未录入，下图仅按周末显示。'}
      </p>
      <div class="months">
        {Array.from({ length: 12 }, (_, i) => (
          <Month year={year} month={i + 1} calendar={p.calendar} />
        ))}
      </div>
      {outside.length ? (
        <p class="muted">
          本年度通知还调整了以下相邻年份的日期：{outside.map(([d, m]) => `${d}（${m}）`).join('、')}
        </p>
      ) : null}

      <h2>{stored ? '修改安排' : '录入安排'}</h2>
      <form method="post" action={`/admin/calendar/${year}`} class="stack" novalidate>
        <Csrf token={p.ctx.csrf} />
        <TextArea
          name="offDays"
          label="休息日（放假日期）"
          required
          rows={12}
          value={p.values.offDays}
          error={p.errors.offDays}
          hint={`每行一个日期，日期后可加空格和节日名称，例如“${year}-01-01 元旦”。请逐日列出，包括假期中的周六、周日；可填写 ${first} 至 ${last} 之间的日期（通知有时调整上年末的工作日）。`}
        />
        <TextArea
          name="workDays"
          label="调休上班日"
          rows={6}
          value={p.values.workDays}
          error={p.errors.workDays}
          hint={`每行一个日期，例如“${year}-02-07 春节”。调休上班的周六、周日计入工作日。`}
        />
        <TextField
          name="source"
          label="依据（通知标题或网址）"
          required
          value={p.values.source}
          error={p.errors.source}
          maxLength={1000}
          hint={`例如：国务院办公厅关于${year}年部分节假日安排的通知 https://www.gov.cn/zhengce/…`}
        />
        <p class="muted">保存后，所有期限计算立即使用新的安排（其他服务器进程最迟 30 秒内生效）；修改记入操作日志。</p>
        <button type="submit">保存</button>
      </form>
    </AdminPage>
  );
}

export default async function calendarRoutes(app: FastifyInstance) {
  const { db } = app;

  const listPage = async (req: FastifyRequest, reply: FastifyReply, yearValue: string, errors: FieldErrors, status: number) => {
    const all = await listCalendarYears(db);
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const page = Math.min(pageParam(req.query), pages);
    const missing = await missingYears(db, todayBeijing());
    const provisional = missing.length ? await provisionalDeadlines(db) : [];
    return sendPage(
      reply,
      <ListPage ctx={req.pageCtx()} years={all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)} total={all.length} page={page} missing={missing} yearValue={yearValue} errors={errors} flash={flashText(req.query)} provisional={provisional} />,
      status,
    );
  };

  const yearPage = async (req: FastifyRequest, reply: FastifyReply, year: number, values: YearValues | null, errors: FieldErrors, status: number, message?: string) => {
    const [stored, calendar, missing, provisional] = await Promise.all([getCalendarYear(db, year), loadCalendar(db), missingYears(db, todayBeijing()), provisionalDeadlines(db)]);
    const shown: YearValues = values ?? {
      offDays: stored ? formatDayLines(stored.offDays, stored.names) : '',
      workDays: stored ? formatDayLines(stored.workDays, stored.names) : '',
      source: stored?.source ?? '',
    };
    return sendPage(reply, <YearPage ctx={req.pageCtx()} year={year} stored={stored} calendar={calendar} values={shown} errors={errors} flash={flashText(req.query)} message={message} missing={missing} provisional={provisional} />, status);
  };

  app.get('/admin/calendar', async (req, reply) => {
    guard(requireActor(req));
    const q = req.query as Record<string, unknown> | undefined;
    if (q && q.year !== undefined) {
      const raw = val(q, 'year').trim();
      const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
      if (isCalendarYear(year)) return reply.redirect(`/admin/calendar/${year}`, 303);
      return listPage(req, reply, raw, { year: `年份应为 ${CALENDAR_YEAR_MIN} 至 ${CALENDAR_YEAR_MAX} 之间的四位数字` }, 400);
    }
    return listPage(req, reply, '', {}, 200);
  });

  app.get('/admin/calendar/:year', async (req, reply) => {
    guard(requireActor(req));
    return yearPage(req, reply, yearParam(req), null, {}, 200);
  });

  app.post('/admin/calendar/:year', async (req, reply) => {
    const actor = requireActor(req);
    guard(actor);
    const year = yearParam(req);
    const body = parseForm(CalendarYearForm, req.body);
    const values: YearValues = { offDays: body.offDays ?? '', workDays: body.workDays ?? '', source: body.source ?? '' };
    const off = parseDayLines(values.offDays);
    const work = parseDayLines(values.workDays);
    const input = { year, offDays: off.dates, workDays: work.dates, names: { ...work.names, ...off.names }, source: values.source };
    // Line errors first; the other checks (source, overlaps, weekends only…) shown at the same time.
    const errors: FieldErrors = { ...checkYearInput(input).fields };
    if (off.error) errors.offDays = off.error;
    if (work.error) errors.workDays = work.error;
    if (Object.keys(errors).length) return yearPage(req, reply, year, values, errors, 400);
    const r = await saveYear(db, actor, input);
    if (!r.ok) return yearPage(req, reply, year, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/calendar/${year}?msg=calendar-saved`, 303);
  });
}
