// Public pages of 重点任务: the board by source and unit with progress bars (the percentage is text, the bar
// only decoration), one task's timeline of milestones and published progress reports with a moderated opinion
// form (honeypot + rate limit; the contact is never public), and 督查/审计整改 with its public status.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, ErrorSummary, PublicPage, qs, type PageContext } from '../../platform/views/layout.tsx';
import { TextArea, TextField } from '../../platform/views/fields.tsx';
import { fmtDate } from '../../platform/views/format.ts';
import { COMMENT_LIMIT, submitTaskComment } from './commands.ts';
import { findingViews, publicReports, publicTask, publicTaskDocuments, publishedComments, taskViews, timeline, type TaskView } from './repository.ts';
import { FINDING_SOURCES, SOURCES, TASK_STATUSES, type TaskStatus } from './rules.ts';
import { one, revalidatePublic, sendPage } from '../../platform/http/request.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { TaskCommentForm } from './forms.ts';

/** Opinions per client address per minute (the consultations comment form's allowance). */
export const TASK_COMMENT_RATE_LIMIT = 10;

export const STYLE = (
  <style>{`
.tk-group { margin-top: 18px; }
.tk-list { list-style: none; padding: 0; margin: 0; }
.tk-list li { border-bottom: 1px solid var(--line); padding: 10px 0; }
.tk-list li.child { padding-left: 18px; border-left: 3px solid var(--line); }
.tk-meta { color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
.tk-progress { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
.tk-bar { flex: 1 1 auto; max-width: 320px; height: 10px; background: #e8ecf2; border: 1px solid #9aa5b4; border-radius: 5px; overflow: hidden; }
.tk-bar span { display: block; height: 100%; background: var(--brand); }
.tk-pct { font-weight: bold; min-width: 3.5em; }
.st { white-space: nowrap; }
.st-滞后 { color: var(--bad); } .st-已完成 { color: var(--ok); } .st-推进中 { color: var(--brand-dark); } .st-未开始 { color: var(--muted); }
.tl { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
.tl li { padding: 4px 0 12px 14px; position: relative; overflow-wrap: anywhere; }
.tl li::before { content: ''; position: absolute; left: -8px; top: 10px; width: 11px; height: 11px; border-radius: 50%; background: #fff; border: 2px solid var(--brand); }
.tl li.report::before { background: var(--brand); }
.tl h3 { margin: 0 0 4px; font-size: 1rem; }
.tl dl { margin: 4px 0; } .tl dt { font-weight: bold; } .tl dd { margin: 0 0 6px; white-space: pre-line; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; }
.filters label { display: block; font-size: .92rem; }
.hp { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
.tk-form input[type=text], .tk-form textarea { width: 100%; max-width: 40em; box-sizing: border-box; }
.co-units label { display: inline-block; margin: 0 14px 4px 0; }
.comment { border-bottom: 1px solid var(--line); padding: 8px 0; overflow-wrap: anywhere; white-space: pre-line; }
`}</style>
);

function Page({ ctx, title, children, crumbs = [] }: { ctx: PageContext; title: string; children: ComponentChildren; crumbs?: [string, string][] }) {
  return <PublicPage ctx={ctx} title={title} crumbs={crumbs} head={STYLE}>{children}</PublicPage>;
}

/** The bar is decoration (aria-hidden); the percentage is the text next to it. */
export function Progress({ value, label }: { value: number; label?: string }) {
  return (
    <div class="tk-progress">
      <div class="tk-bar" aria-hidden="true">
        <span style={`width:${Math.max(0, Math.min(100, value))}%`} />
      </div>
      <span class="tk-pct">{label ? <span class="visually-hidden">{label}</span> : null}{value}%</span>
    </div>
  );
}

export const StatusText = ({ s, reason }: { s: TaskStatus; reason?: string }) => (
  <span class={`st st-${s}`} title={reason}>
    {s}
  </span>
);

export const taskUrl = (id: number) => `/zdrw/${id}`;

function TaskItem({ t, child }: { t: TaskView; child?: boolean }) {
  return (
    <li class={child ? 'child' : undefined}>
      <a href={taskUrl(t.id)}>{t.title}</a>
      <Progress value={t.progress} label="完成进度" />
      <div class="tk-meta">
        <StatusText s={t.status} reason={t.statusReason} /> · 牵头单位：{t.unit}
        {t.coUnits.length ? ` · 配合单位：${t.coUnits.join('、')}` : ''}
        {t.lastReportOn ? ` · 最近进展 ${t.lastReportOn}` : ''}
      </div>
    </li>
  );
}

function CommentForm({ id, ctx, values, errors }: { id: number; ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = values ?? {};
  return (
    <form method="post" action={`${taskUrl(id)}/comments`} class="tk-form" novalidate>
      <Csrf token={ctx.csrf} />
      <div class="hp" aria-hidden="true">
        <label for="tc-website">请勿填写此项</label>
        <input id="tc-website" name="website" tabIndex={-1} autocomplete="off" />
      </div>
      <TextArea idPrefix="tc" name="body" label="您对这项任务落实情况的意见建议" required rows={5} maxLength={COMMENT_LIMIT} value={v.body} error={errors?.body} hint={`不超过 ${COMMENT_LIMIT} 字。意见经审核后公开，不公开姓名和联系方式。`} />
      <TextField idPrefix="tc" name="name" label="姓名（可不填）" value={v.name} error={errors?.name} autocomplete="name" maxLength={50} />
      <TextField idPrefix="tc" name="contact" label="手机号码或电子邮箱" required value={v.contact} error={errors?.contact} maxLength={100} hint="仅用于联系您，不会公开。" />
      <p>
        <button type="submit">提交意见</button>
      </p>
    </form>
  );
}

async function taskPage(app: FastifyInstance, req: FastifyRequest, t: TaskView, form?: { values: Record<string, string>; errors: FieldErrors }): Promise<VNode> {
  const db = app.db;
  const all = await taskViews(db, { publicOnly: true });
  const children = all.filter((c) => c.parentId === t.id);
  const parent = t.parentId ? all.find((p) => p.id === t.parentId) : undefined;
  const entries = timeline(t, await publicReports(db, [t.id]), await publicTaskDocuments(db, t.id));
  const comments = await publishedComments(db, t.id);
  const ctx = req.pageCtx();
  return (
    <Page ctx={ctx} title={t.title} crumbs={[['/zdrw', '重点任务']]}>
      <h1>{t.title}</h1>
      <p class="tk-meta">
        {t.year} 年 · {t.source} · 牵头单位：{t.unit}
        {t.coUnits.length ? ` · 配合单位：${t.coUnits.join('、')}` : ''}
        {t.endsOn ? ` · 完成时限 ${t.endsOn}` : ''}
        {parent ? <> · 上级任务：<a href={taskUrl(parent.id)}>{parent.title}</a></> : null}
      </p>
      <Progress value={t.progress} label="完成进度" />
      <p>
        状态：<StatusText s={t.status} />（{t.statusReason}）
      </p>
      {t.measures ? (
        <section aria-labelledby="h-measures">
          <h2 id="h-measures">工作措施</h2>
          <p style="white-space: pre-line">{t.measures}</p>
        </section>
      ) : null}
      {t.disclosurePlan ? <p class="tk-meta">公开安排：{t.disclosurePlan}</p> : null}
      {children.length ? (
        <section aria-labelledby="h-children">
          <h2 id="h-children">分解任务（进度按权重汇总）</h2>
          <ul class="tk-list">{children.map((c) => <TaskItem t={c} />)}</ul>
        </section>
      ) : null}
      <section aria-labelledby="h-timeline">
        <h2 id="h-timeline">进展时间线</h2>
        {entries.length ? (
          <ol class="tl">
            {entries.map((e) =>
              e.kind === 'milestone' ? (
                <li class="milestone">
                  <h3>
                    {e.milestone!.done ? `${e.milestone!.done} 完成节点：` : `${e.milestone!.due} 目标节点：`}
                    {e.milestone!.title}
                  </h3>
                  <p class="tk-meta">目标日期 {e.milestone!.due}{e.milestone!.done ? (e.milestone!.done > e.milestone!.due ? '，逾期完成' : '，按期完成') : ''}</p>
                </li>
              ) : e.kind === 'document' ? (
                <li class="document">
                  <h3>
                    {e.date} 相关文件：<a href={e.document!.url}>{e.document!.title}</a>
                  </h3>
                  {e.document!.docNo ? <p class="tk-meta">{e.document!.docNo}</p> : null}
                </li>
              ) : (
                <li class="report" id={`r-${e.report!.id}`}>
                  <h3>
                    {e.date} 进展报告（{e.report!.period}）· 完成进度 {e.report!.percent}%
                  </h3>
                  <dl>
                    <dt>进展情况</dt>
                    <dd>{e.report!.progress}</dd>
                    <dt>取得成效</dt>
                    <dd>{e.report!.results}</dd>
                    <dt>后续举措</dt>
                    <dd>{e.report!.next}</dd>
                  </dl>
                </li>
              ),
            )}
          </ol>
        ) : (
          <p class="muted">暂无节点和进展报告。</p>
        )}
      </section>
      <section aria-labelledby="h-comments" id="comments">
        <h2 id="h-comments">公众意见建议</h2>
        {comments.length ? comments.map((c) => <div class="comment"><p class="tk-meta">{fmtDate(c.createdAt)}</p>{c.body}</div>) : <p class="muted">暂无公开的意见。</p>}
        <h3>提出意见建议</h3>
        {form ? <ErrorSummary fields={form.errors} /> : null}
        <CommentForm id={t.id} ctx={ctx} values={form?.values} errors={form?.errors} />
      </section>
    </Page>
  );
}

export default async function taskPublicPages(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get('/zdrw', { onSend: revalidatePublic }, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const all = await taskViews(db, { publicOnly: true });
    const years = [...new Set(all.map((t) => t.year))].sort((a, b) => b - a);
    const yq = Number(one(q.year));
    const year = years.includes(yq) ? yq : years[0];
    const source = (SOURCES as readonly string[]).includes(one(q.source)) ? one(q.source) : '';
    const units = [...new Map(all.filter((t) => t.year === year).map((t) => [t.unitId, t.unit])).entries()];
    const uq = Number(one(q.unit));
    const unit = units.some(([id]) => id === uq) ? uq : 0;
    const status = (TASK_STATUSES as readonly string[]).includes(one(q.status)) ? (one(q.status) as TaskStatus) : '';
    const inYear = all.filter((t) => t.year === year);
    const match = (t: TaskView) => (!source || t.source === source) && (!unit || t.unitId === unit) && (!status || t.status === status);
    const shown = inYear.filter(match);
    const shownIds = new Set(shown.map((t) => t.id));
    const counts = TASK_STATUSES.map((s) => [s, inYear.filter((t) => t.status === s && !t.parentId).length] as const);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="重点任务">
        <h1>重点任务{year ? `（${year} 年）` : ''}</h1>
        <p>政府工作报告、年度重点工作和民生实事项目的分工、节点、进展情况、取得成效和后续举措。进度和状态按节点、公开的进展报告和当前日期计算。</p>
        <p>
          <a href="/zdrw/zg">督查和审计发现问题整改情况</a>
        </p>
        {year ? (
          <>
            <form method="get" action="/zdrw" class="filters">
              <div>
                <label for="f-year">年度</label>
                <select id="f-year" name="year">{years.map((y) => <option value={String(y)} selected={y === year}>{y}</option>)}</select>
              </div>
              <div>
                <label for="f-source">来源</label>
                <select id="f-source" name="source">
                  <option value="">全部</option>
                  {SOURCES.map((s) => <option selected={s === source}>{s}</option>)}
                </select>
              </div>
              <div>
                <label for="f-unit">牵头单位</label>
                <select id="f-unit" name="unit">
                  <option value="">全部</option>
                  {units.map(([id, name]) => <option value={String(id)} selected={id === unit}>{name}</option>)}
                </select>
              </div>
              <div>
                <label for="f-status">状态</label>
                <select id="f-status" name="status">
                  <option value="">全部</option>
                  {TASK_STATUSES.map((s) => <option selected={s === status}>{s}</option>)}
                </select>
              </div>
              <div>
                <button type="submit">筛选</button>
              </div>
            </form>
            <p class="tk-meta">{counts.map(([s, n]) => `${s} ${n} 项`).join(' · ')}（主任务）</p>
            {SOURCES.filter((s) => shown.some((t) => t.source === s)).map((s) => {
              const inSource = shown.filter((t) => t.source === s);
              const roots = inSource.filter((t) => !t.parentId || !shownIds.has(t.parentId));
              return (
                <section class="tk-group" aria-labelledby={`h-${s}`}>
                  <h2 id={`h-${s}`}>{s}</h2>
                  <ul class="tk-list">
                    {roots.flatMap((r) => [<TaskItem t={r} />, ...inSource.filter((c) => c.parentId === r.id).map((c) => <TaskItem t={c} child />)])}
                  </ul>
                </section>
              );
            })}
            {shown.length ? null : <p>没有符合条件的任务。</p>}
          </>
        ) : (
          <p>暂无公开的重点任务。</p>
        )}
      </Page>,
    );
  });

  app.get('/zdrw/zg', { onSend: revalidatePublic }, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const source = (FINDING_SOURCES as readonly string[]).includes(one(q.source)) ? one(q.source) : '';
    const items = (await findingViews(db, { publicOnly: true })).filter((f) => !source || f.source === source);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="督查审计整改" crumbs={[['/zdrw', '重点任务']]}>
        <h1>督查和审计发现问题整改情况</h1>
        <nav aria-label="按来源">
          <ul class="inline-list">
            <li>{source ? <a href="/zdrw/zg">全部</a> : <strong>全部</strong>}</li>
            {FINDING_SOURCES.map((s) => <li>{s === source ? <strong>{s}</strong> : <a href={`/zdrw/zg${qs({ source: s })}`}>{s}</a>}</li>)}
          </ul>
        </nav>
        {items.length ? (
          items.map((f) => (
            <article class="comment" id={`f-${f.id}`}>
              <h2>{f.problem}</h2>
              <p class="tk-meta">
                {f.source}发现 · 整改单位：{f.unit} · 整改期限 {f.dueOn} · <span class={`st ${f.publicStatus.startsWith('逾期') ? 'st-滞后' : f.publicStatus === '已整改' ? 'st-已完成' : 'st-推进中'}`}>{f.publicStatus}</span>
                {f.rectifiedOn ? `（${f.rectifiedOn} 完成）` : ''}
              </p>
              {f.measures ? <p>整改措施：{f.measures}</p> : null}
              {f.result ? <p>整改结果：{f.result}</p> : null}
              {f.notices.length ? <p>问责情况：{f.notices.map((d) => <a href={d.url}>{d.title}</a>)}</p> : null}
            </article>
          ))
        ) : (
          <p>暂无公开的整改情况。</p>
        )}
      </Page>,
    );
  });

  const load = async (raw: string) => {
    const t = /^\d{1,10}$/.test(raw) ? await publicTask(db, Number(raw)) : undefined;
    if (!t) throw new AppError('NOT_FOUND', '没有这项任务，或它尚未公开。');
    return t;
  };

  app.get('/zdrw/:id', { onSend: revalidatePublic }, async (req, reply) => sendPage(reply, await taskPage(app, req, await load((req.params as { id: string }).id))));

  app.post('/zdrw/:id/comments', { config: { rateLimit: { max: TASK_COMMENT_RATE_LIMIT, timeWindow: '1 minute' } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const t = await load((req.params as { id: string }).id);
    const b = parseForm(TaskCommentForm, req.body);
    const v = { body: b.body ?? '', name: b.name ?? '', contact: b.contact ?? '', website: b.website ?? '' };
    // Honeypot: people never see the field; anything in it is a robot. Nothing is stored.
    if (v.website !== '') throw new AppError('VALIDATION', '提交的内容无法处理，请刷新页面后重新填写。');
    const r = await submitTaskComment(db, t.id, v);
    if (!r.ok) {
      if (!r.error.fields) throw r.error;
      return sendPage(reply, await taskPage(app, req, t, { values: v, errors: r.error.fields }), 400);
    }
    return reply.redirect(`${taskUrl(t.id)}/thanks`, 303);
  });

  app.get('/zdrw/:id/thanks', async (req, reply) => {
    reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');
    const t = await load((req.params as { id: string }).id);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="意见已收到" crumbs={[['/zdrw', '重点任务']]}>
        <h1>您的意见已收到</h1>
        <p>感谢您对“{t.title}”落实情况提出意见建议。意见经审核后公开（不公开您的姓名和联系方式），{t.unit}将认真研究。</p>
        <p>
          <a class="button" href={taskUrl(t.id)}>返回任务页面</a>
        </p>
      </Page>,
    );
  });
}
