// 我的待办 (what each role has to do next) and the review queue.
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { roleAllows, ROLE_LABELS, type Actor } from '../../platform/access/roles.ts';
import { Pager, qs } from '../../platform/views/layout.tsx';
import type { Db } from '../../platform/db/index.ts';
import { AdminPage, PAGE_SIZE, flashText, pageParam, requireRole, sendPage } from './ui.tsx';
import { DocTable, LIST_COLUMNS, scopedDocuments, type ListRow } from './documents.tsx';
import { missingYears } from '../../platform/calendar/calendar.repository.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { countProvisional } from '../requests/requests.due.ts';

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
  const canEnter = roleAllows(actor.role, 'term.manage');
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
          您管理范围内有 <strong>{count}</strong> 件申请的答复期限为暂定（{which}），暂按周末计算。请联系平台管理员录入节假日安排，录入后自动重新计算。
          <a href="/admin/requests">查看申请</a>
        </p>
      )}
    </div>
  );
}

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

export default async function taskRoutes(app: FastifyInstance) {
  const { db } = app;

  app.get('/admin', async (req, reply) => {
    const actor = requireActor(req);
    const boxes: Box[] = [];
    if (roleAllows(actor.role, 'document.create')) {
      boxes.push(
        await box(db, actor, 'returned', '被退回修改', '审核人员退回、需要您修改后重新提交的文件。', '/admin/documents?status=returned', (q) =>
          q.where('documents.status', '=', 'returned').where((eb) => eb.or([eb('documents.created_by', '=', actor.id), eb('documents.submitted_by', '=', actor.id)])),
        ),
        await box(db, actor, 'drafts', '我的草稿', '您起草、尚未提交审核的文件。', '/admin/documents?status=draft', (q) => q.where('documents.status', '=', 'draft').where('documents.created_by', '=', actor.id)),
      );
    }
    if (roleAllows(actor.role, 'document.review')) {
      boxes.push(await box(db, actor, 'submitted', '待审核', '已提交、等待审核的文件（最早提交的在前）。', '/admin/review', (q) => q.where('documents.status', '=', 'submitted'), true));
    }
    if (roleAllows(actor.role, 'document.publish')) {
      boxes.push(await box(db, actor, 'approved', '已审核待发布', '审核通过、尚未发布的文件。', '/admin/documents?status=approved', (q) => q.where('documents.status', '=', 'approved'), true));
    }
    const provisional = await provisionalAlert(db, actor);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="我的待办" flash={flashText(req.query)}>
        <p>
          {actor.displayName}，您好。您是{actor.unitName}的{ROLE_LABELS[actor.role]}。
        </p>
        {provisional ? <ProvisionalNotice alert={provisional} /> : null}
        {roleAllows(actor.role, 'document.create') ? (
          <p>
            <a class="button" href="/admin/documents/new">
              新建文件
            </a>
          </p>
        ) : null}
        {boxes.length ? (
          <ul class="counts">
            {boxes.map((b) => (
              <li>
                <a href={`#box-${b.key}`}>
                  {b.title}
                  <strong class="count">{b.total}</strong>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>您的角色只能查阅文件和操作日志，没有待办事项。可以从 <a href="/admin/documents">文件管理</a> 或 <a href="/admin/audit">操作日志</a> 开始。</p>
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

  app.get('/admin/review', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'document.review', undefined, '只有审核人员和管理员可以审核文件。');
    const page = pageParam(req.query);
    const q = scopedDocuments(db, actor).where('documents.status', '=', 'submitted');
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      q.select([...LIST_COLUMNS]).orderBy('documents.updated_at', 'asc').orderBy('documents.id', 'asc').limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).execute(),
    ]);
    const total = Number(count?.n ?? 0);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="审核">
        <p class="muted">等待审核的文件，最早提交的在前。打开文件，逐项确认政治关、政策关、文字关后审核通过，或写明意见退回修改。您不能审核自己起草或提交的文件。</p>
        <DocTable rows={rows} empty="目前没有等待审核的文件。" />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/admin/review${qs({ page: n })}`} />
      </AdminPage>,
    );
  });
}
