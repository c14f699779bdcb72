// Events that failed: an event between features (platform/events.ts) whose handler failed MAX_DELIVERY_ATTEMPTS
// times is no longer retried on its own (e.g. search never learnt of a publication). The platform administrator
// sees them on the console home (an alert, 'console.tasks') and at /admin/events (by type, the latest error),
// and once the cause is mended gives them their tries again (POST /admin/events/retry, audited); the 事件补发
// job then delivers them within a minute.
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import type { Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors.ts';
import { failedEvents, MAX_DELIVERY_ATTEMPTS, retryFailedEvents } from '../../platform/events.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { fmtDateTime } from '../../platform/views/format.ts';
import type { ConsoleTasks } from './console-tasks.ts';
import { AdminPage, sendPage, val } from './ui.tsx';

const BASE = '/admin/events';

function platformAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new AppError('FORBIDDEN', '只有平台管理员可以查看和重发投递失败的事件。');
}

/** The console home's alert for the platform administrator while any event has failed. */
export const failedEventTasks: ConsoleTasks = {
  async tasks({ db, actor }) {
    if (actor.role !== 'admin') return null;
    const f = await failedEvents(db);
    if (!f.n) return null;
    return {
      alerts: [
        {
          order: 5,
          node: (
            <div class="notice bad" role="alert" id="failed-events">
              <h2>有 {f.n} 个事件投递失败</h2>
              <p>
                这些事件已重试 {MAX_DELIVERY_ATTEMPTS} 次仍未成功，系统不再自动重发（例如搜索可能没有收录新发布的文件）。
                <a href={BASE}>查看失败原因并重新投递</a>
              </p>
            </div>
          ),
        },
      ],
    };
  },
};

export default async function failedEventRoutes(app: FastifyInstance) {
  const { db } = app;

  app.get(BASE, async (req, reply) => {
    const actor = requireActor(req);
    platformAdmin(actor);
    const f = await failedEvents(db);
    const retried = val(req.query, 'msg') === 'retried' ? `已重新投递 ${Number(val(req.query, 'n')) || 0} 个事件，一分钟内由“事件补发”任务处理。` : null;
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="投递失败的事件" flash={retried}>
        {f.n ? (
          <>
            <p>
              共 {f.n} 个事件重试 {MAX_DELIVERY_ATTEMPTS} 次仍未投递成功。请先根据错误信息排除原因，再重新投递。
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">事件类型</th>
                  <th scope="col">个数</th>
                </tr>
              </thead>
              <tbody>
                {f.byType.map((t) => (
                  <tr>
                    <td>{t.type}</td>
                    <td>{t.n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {f.latest ? (
              <p>
                最近一个（第 {f.latest.id} 号，{f.latest.type}，{fmtDateTime(f.latest.createdAt)}）的错误：<code>{f.latest.lastError ?? '（未记录）'}</code>
              </p>
            ) : null}
            <form method="post" action={`${BASE}/retry`}>
              <Csrf token={req.pageCtx().csrf} />
              <button type="submit">重新投递全部 {f.n} 个事件</button>
            </form>
          </>
        ) : (
          <p>目前没有投递失败的事件。</p>
        )}
      </AdminPage>,
    );
  });

  app.post(`${BASE}/retry`, async (req, reply) => {
    const actor = requireActor(req);
    platformAdmin(actor);
    const n = await db.transaction().execute(async (trx) => {
      const before = await failedEvents(trx);
      const count = await retryFailedEvents(trx);
      if (count) await audit(trx, actor, { action: 'events.retry', entity: 'platform_events', entityId: 0, before: { failed: before.byType }, after: { retried: count }, publicEffect: false });
      return count;
    });
    return reply.redirect(`${BASE}?msg=retried&n=${n}`, 303);
  });
}
