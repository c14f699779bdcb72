// 我的待办: what each role has to do next, gathered from every feature's 'console.tasks' contribution
// (console-tasks.ts): alerts, buttons to start work, counts linking to the lists that show the same items,
// notes and sections, each list merged by order. The shell reads no feature's tables.
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { adminNav } from '../../platform/views/layout.tsx';
import { todayBeijing } from '../../platform/views/format.ts';
import { contributions } from '../../platform/modules.ts';
import { AdminPage, flashText, sendPage } from './ui.tsx';
import { CONSOLE_TASKS, type ConsoleTasks, type HomeTasks, type TaskContext } from './console-tasks.ts';

/** Every feature's tasks for this actor, merged: each list ordered by `order` (ties keep module order). */
async function gather(ctx: TaskContext) {
  const all = (await Promise.all(contributions<ConsoleTasks>(CONSOLE_TASKS).map((c) => c.tasks(ctx)))).filter((t): t is HomeTasks => t !== null);
  const merged = <K extends 'alerts' | 'starts' | 'counts' | 'notes' | 'sections'>(key: K) =>
    all
      .flatMap((t, i) => (t[key] ?? []).map((item, j) => ({ item, i, j })))
      .sort((a, b) => a.item.order - b.item.order || a.i - b.i || a.j - b.j)
      .map((x) => x.item as NonNullable<HomeTasks[K]>[number]);
  return {
    alerts: merged('alerts'),
    starts: merged('starts'),
    headings: all.flatMap((t) => (t.heading ? [t.heading] : [])),
    counts: merged('counts'),
    notes: merged('notes'),
    sections: merged('sections'),
  };
}

export default async function taskRoutes(app: FastifyInstance) {
  const { db } = app;

  app.get('/admin', async (req, reply) => {
    const actor = requireActor(req);
    const { alerts, starts, headings, counts, notes, sections } = await gather({ db, actor, today: todayBeijing() });
    const readOnly = counts.length === 0;
    const nothing = !readOnly && counts.every((c) => c.n === 0) && !alerts.length;
    // Where a read-only role may start: its menu, without the home page itself.
    const menu = adminNav(actor.role).filter(([href]) => href !== '/admin');
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="我的待办" flash={flashText(req.query)}>
        <p>
          {actor.displayName}，您好。您是{actor.unitName}的{ROLE_LABELS[actor.role]}。
        </p>
        {alerts.map((a) => a.node)}
        {starts.length ? (
          <p class="actions">
            {starts.map((s, i) => (
              <>
                {i ? ' ' : null}
                <a class="button" href={s.href}>
                  {s.label}
                </a>
              </>
            ))}
          </p>
        ) : null}
        {readOnly ? (
          <p>
            您的角色只能查阅，没有待办事项。
            {menu.length ? (
              <>
                可以从
                {menu.map(([href, label], i) => (
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
            {headings.map((h) => (
              <h2 class="visually-hidden">{h}</h2>
            ))}
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
            {notes.map((n) => n.node)}
          </>
        )}
        {sections.map((s) => s.node)}
      </AdminPage>,
    );
  });
}
