// Pages of 应急/疫情信息发布: public topics (/yjxx), one topic with its 应急预案 (法定公开) and the update log,
// newest on top, and its Atom feed; the console: topics, one topic's form, plans, updates with review steps and
// the on-duty fast path, and the unit admin's duty roster.
import { revalidatePublic } from '../../platform/http/request.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, PublicPage, type PageContext } from '../../platform/views/layout.tsx';
import { fmtDateTime } from '../../platform/views/format.ts';
import { nowIso } from '../../platform/db/index.ts';
import { AdminPage, CheckField, SelectField, TextArea, TextField, idParam, requireRole, sendPage, unitOptions, val } from '../admin/public.ts';
import { history, linkedDocuments, nextSteps, REGISTER_STATUS_LABELS, StepForms, type RegisterStatus } from '../registers/public.ts';
import { fastPublish, loadTopic, mayFastPublish, saveTopic, saveUpdate, setDuty, setPlan, step, STEP_LABELS, type Kind } from './commands.ts';
import { PLAN_ROLE, TOPIC } from './registers.ts';
import { dutyRoster, publicTopic, publicTopics, topicsOfUnits, updatesOfTopic } from './repository.ts';
import { CATEGORIES, MAX_DUTY_HOURS, onDuty } from './rules.ts';
import { atomFeed } from '../../platform/views/feeds.ts';
import { DutyForm, FastForm, PlanForm, StepForm, TopicForm, UpdateForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import './actions.ts';

const statusLabel = (s: string) => REGISTER_STATUS_LABELS[s as RegisterStatus] ?? s;
export const topicUrl = (id: number) => `/yjxx/${id}`;
const FLASH: Record<string, string> = {
  created: '已保存为草稿。提交审核、审核通过并发布后向社会公开。',
  saved: '已保存。',
  step: '操作已完成。',
  fast: '已快速发布，操作日志记录了发布理由。',
  update: '动态已保存为草稿，审核发布后公开。',
  linked: '应急预案已关联。',
  duty: '值班安排已保存。',
};

const STYLE = (
  <style>{`
.em-list { list-style: none; padding: 0; margin: 0; }
.em-list li { border-bottom: 1px solid var(--line); padding: 10px 0; }
.em-meta { color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
.em-log { list-style: none; padding: 0; margin: 0; }
.em-log li { border-left: 3px solid var(--brand); padding: 2px 0 10px 12px; margin-bottom: 12px; overflow-wrap: anywhere; }
.em-log h3 { margin: 0 0 4px; font-size: 1rem; }
.em-log .body { white-space: pre-line; margin: 4px 0; }
.em-log li.newest { background: #fff7f7; }
.legal { display: inline-block; border: 1px solid var(--bad); color: var(--bad); border-radius: 3px; padding: 0 5px; font-size: .85rem; white-space: nowrap; }
`}</style>
);

function Page({ ctx, title, children, crumbs = [], head }: { ctx: PageContext; title: string; children: ComponentChildren; crumbs?: [string, string][]; head?: ComponentChildren }) {
  return <PublicPage ctx={ctx} title={title} crumbs={crumbs} head={<>{STYLE}{head}</>}>{children}</PublicPage>;
}

export default async function emergencyPages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const loadPublic = async (raw: string) => {
    const t = /^\d{1,10}$/.test(raw) ? await publicTopic(db, Number(raw)) : undefined;
    if (!t) throw new AppError('NOT_FOUND', '没有这个应急专题，或它尚未发布。');
    return t;
  };

  app.get('/yjxx', { onSend: revalidatePublic }, async (req, reply) => {
    const topics = await publicTopics(db);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="应急信息发布">
        <h1>应急信息发布</h1>
        <p>突发事件和疫情的最新动态、应对处置进展和应急预案，每条动态注明信息时间。</p>
        {topics.length ? (
          <ul class="em-list">
            {topics.map((t) => (
              <li>
                <a href={topicUrl(t.id)}>{t.title}</a>
                <div class="em-meta">
                  {t.category} · {t.unit} · {t.endedOn ? `${t.startedOn} 至 ${t.endedOn}` : `${t.startedOn} 起`} · 动态 {t.updates} 条{t.lastUpdateAt ? ` · 最新 ${fmtDateTime(t.lastUpdateAt)}` : ''}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p>暂无发布的应急专题。</p>
        )}
      </Page>,
    );
  });

  app.get('/yjxx/:id', { onSend: revalidatePublic }, async (req, reply) => {
    const t = await loadPublic((req.params as { id: string }).id);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title={t.title} crumbs={[['/yjxx', '应急信息发布']]} head={<link rel="alternate" type="application/atom+xml" title={`${t.title} 最新动态`} href={`${topicUrl(t.id)}/feed.atom`} />}>
        <h1>{t.title}</h1>
        <p class="em-meta">
          {t.category} · 发布单位：{t.unit} · {t.endedOn ? `${t.startedOn} 至 ${t.endedOn}` : `${t.startedOn} 起`} · <a href={`${topicUrl(t.id)}/feed.atom`}>订阅最新动态（Atom）</a>
        </p>
        {t.summary ? <p style="white-space: pre-line">{t.summary}</p> : null}
        <section aria-labelledby="h-plans">
          <h2 id="h-plans">应急预案</h2>
          {t.plans.length ? (
            <ul>
              {t.plans.map((d) => (
                <li>
                  <a href={d.url}>{d.title}</a> {d.docNo ? `（${d.docNo}）` : ''} <span class="legal">法定公开</span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">暂无关联的应急预案。</p>
          )}
        </section>
        <section aria-labelledby="h-log">
          <h2 id="h-log">最新动态（最新的在最上面）</h2>
          {t.items.length ? (
            <ol class="em-log">
              {t.items.map((u, i) => (
                <li id={`u-${u.id}`} class={i === 0 ? 'newest' : undefined}>
                  <h3>
                    <time datetime={u.occurred_at}>{fmtDateTime(u.occurred_at)}</time> {u.title}
                  </h3>
                  <p class="body">{u.body}</p>
                  <p class="em-meta">发布时间 {fmtDateTime(u.published_at)}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">暂无动态。</p>
          )}
        </section>
      </Page>,
    );
  });

  app.get('/yjxx/:id/feed.atom', async (req, reply) => {
    const t = await loadPublic((req.params as { id: string }).id);
    const base = app.config.baseUrl;
    const xml = atomFeed({
      selfUrl: `${base}${topicUrl(t.id)}/feed.atom`,
      pageUrl: `${base}${topicUrl(t.id)}`,
      title: `${t.title} 最新动态`,
      author: t.unit,
      entries: t.items.slice(0, 50).map((u) => ({ url: `${base}${topicUrl(t.id)}#u-${u.id}`, title: u.title, published: u.published_at ?? u.occurred_at, updated: u.updated_at, author: t.unit, content: `${fmtDateTime(u.occurred_at)}　${u.body}` })),
    });
    return reply.type('application/atom+xml; charset=utf-8').header('Cache-Control', 'no-cache').send(xml);
  });

  // ---- console -----------------------------------------------------------------------------------------
  const flash = (q: unknown) => FLASH[val(q, 'msg')] ?? null;

  const Steps = ({ csrf, kind, id, status, actor, unitId, back }: { csrf: string; kind: Kind; id: number; status: string; actor: Actor; unitId: number; back: string }) => {
    const steps = nextSteps(status).filter((s) => can(actor, s === 'submit' ? 'emergency.edit' : 'emergency.review', unitId));
    return <StepForms action="/admin/emergencies/step" csrf={csrf} steps={steps} labels={STEP_LABELS} hidden={{ kind, id: String(id), back }} idPrefix={`${kind}${id}`} />;
  };

  const list = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, values: Record<string, string> = {}, fields: FieldErrors = {}, status = 200, message?: string) => {
    const tree = await loadUnitTree(db);
    const scope = [...tree.byId.keys()].filter((id) => can(actor, 'emergency.read', id));
    const rows = await topicsOfUnits(db, scope);
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="应急信息发布" flash={flash(req.query)} fields={fields} message={message}>
        <p>
          <a href="/yjxx">公开页面</a>{can(actor, 'emergency.duty') ? <> · <a href="/admin/emergencies/duty">值班审核人员</a></> : null}
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead><tr><th scope="col">专题</th><th scope="col">类别</th><th scope="col">开始日期</th><th scope="col">状态</th></tr></thead>
            <tbody>
              {rows.length ? rows.map((r) => (
                <tr><td><a href={`/admin/emergencies/${r.id}`}>{r.title}</a></td><td>{r.category}</td><td class="nowrap">{r.started_on}</td><td>{statusLabel(r.status)}</td></tr>
              )) : <tr><td colSpan={4}>尚无应急专题。</td></tr>}
            </tbody>
          </table>
        </div>
        {can(actor, 'emergency.edit') ? (
          <section aria-labelledby="h-new">
            <h2 id="h-new">新建应急专题</h2>
            <form method="post" action="/admin/emergencies" novalidate>
              <Csrf token={ctx.csrf} />
              <TextField name="title" label="专题名称" required value={values.title} error={fields.title} maxLength={200} />
              <SelectField name="category" label="事件类别" required value={values.category} options={CATEGORIES.map((c) => ({ value: c, label: c }))} error={fields.category} empty="请选择" />
              <TextField name="startedOn" label="开始日期" required type="date" value={values.startedOn} error={fields.startedOn} />
              <SelectField name="unitId" label="发布单位" required value={values.unitId ?? String(actor.unitId)} options={unitOptions(tree, actor, 'emergency.edit')} error={fields.unitId} />
              <TextArea name="summary" label="概况" value={values.summary} error={fields.summary} rows={3} />
              <p><button type="submit">保存</button></p>
            </form>
          </section>
        ) : null}
      </AdminPage>,
      status,
    );
  };

  app.get('/admin/emergencies', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'emergency.read', undefined, '您的角色不能查看应急信息发布。');
    return list(req, reply, actor);
  });
  app.post('/admin/emergencies', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'emergency.edit', undefined, '您的角色不能新建应急专题。');
    const v = parseForm(TopicForm, req.body);
    const r = await saveTopic(db, actor, v);
    if (!r.ok) return list(req, reply, actor, v, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/emergencies/${r.value.id}?msg=created`, 303);
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, values: Record<string, string> = {}, fields: FieldErrors = {}, status = 200, message?: string) => {
    const t = await loadTopic(db, id);
    if (!t || !can(actor, 'emergency.read', t.unit_id)) throw new AppError('NOT_FOUND', '没有这个应急专题。');
    const ctx = req.pageCtx();
    const tree = await loadUnitTree(db);
    const updates = await updatesOfTopic(db, id);
    const plans = await linkedDocuments(db, TOPIC, id, { publicOnly: false });
    const fast = await mayFastPublish(db, actor, t.unit_id);
    const canEdit = can(actor, 'emergency.edit', t.unit_id) && t.status !== 'retired';
    const back = `/admin/emergencies/${id}`;
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={t.title} flash={flash(req.query)} fields={fields} message={message} crumbs={[['/admin/emergencies', '应急信息发布']]}>
        {STYLE}
        <p>
          状态：{statusLabel(t.status)}（第 {t.version} 版）{t.published_at ? <> · <a href={topicUrl(t.id)}>公开页面</a></> : null}
          {fast ? <> · <strong>您正在值班，可快速发布动态</strong></> : null}
        </p>
        <Steps csrf={ctx.csrf} kind="topic" id={t.id} status={t.status} actor={actor} unitId={t.unit_id} back={back} />
        <section aria-labelledby="h-updates">
          <h2 id="h-updates">动态</h2>
          {canEdit ? (
            <form method="post" action={`/admin/emergencies/${id}/updates`} novalidate>
              <Csrf token={ctx.csrf} />
              <TextField idPrefix="u" name="title" label="标题" required value={values.title} error={fields.title} maxLength={200} />
              <TextField idPrefix="u" name="occurredAt" label="信息时间" type="datetime-local" value={values.occurredAt} error={fields.occurredAt} hint="如“截至 12 月 7 日 8 时”，不填为现在" />
              <TextArea idPrefix="u" name="body" label="内容" required value={values.body} error={fields.body} rows={5} />
              {fast ? (
                <fieldset>
                  <legend>值班快速发布</legend>
                  <CheckField idPrefix="u" name="fastPath" label="不经第二人审核，立即发布" checked={values.fastPath === '1'} value="1" />
                  <TextField idPrefix="u" name="fastReason" label="快速发布的理由" value={values.fastReason} error={fields.fastReason} maxLength={500} hint="记入操作日志" />
                </fieldset>
              ) : null}
              <p><button type="submit">保存动态</button></p>
            </form>
          ) : null}
          <ol class="em-log">
            {updates.map((u) => (
              <li>
                <h3>{fmtDateTime(u.occurred_at)} {u.title} · {statusLabel(u.status)}</h3>
                <p class="body">{u.body}</p>
                <Steps csrf={ctx.csrf} kind="update" id={u.id} status={u.status} actor={actor} unitId={u.unit_id} back={back} />
                {fast && u.status !== 'published' && u.status !== 'retired' ? (
                  <form method="post" action={`/admin/emergencies/updates/${u.id}/fast`}>
                    <Csrf token={ctx.csrf} />
                    <TextField idPrefix={`f${u.id}`} name="reason" label="快速发布的理由" required maxLength={500} />
                    <p><button type="submit">值班快速发布</button></p>
                  </form>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="h-plans">
          <h2 id="h-plans">应急预案（法定公开）</h2>
          {plans.length ? <ul>{plans.map((d) => <li><a href={d.url}>{d.title}</a>（{d.role}）</li>)}</ul> : <p class="muted">尚未关联。</p>}
          {canEdit ? (
            <form method="post" action={`/admin/emergencies/${id}/plans`} novalidate>
              <Csrf token={ctx.csrf} />
              <TextField name="documentId" label={`关联${PLAN_ROLE}（文件编号）`} value={values.documentId} error={fields.documentId} inputMode="numeric" />
              <p><button type="submit">关联</button></p>
            </form>
          ) : null}
        </section>
        {canEdit ? (
          <section aria-labelledby="h-topic">
            <h2 id="h-topic">修改专题</h2>
            <form method="post" action={`/admin/emergencies/${id}`} novalidate>
              <Csrf token={ctx.csrf} />
              <input type="hidden" name="expectedVersion" value={String(t.version)} />
              <TextField name="title" label="专题名称" required value={t.title} error={fields.title} maxLength={200} />
              <SelectField name="category" label="事件类别" required value={t.category} options={CATEGORIES.map((c) => ({ value: c, label: c }))} error={fields.category} />
              <TextField name="startedOn" label="开始日期" required type="date" value={t.started_on} error={fields.startedOn} />
              <TextField name="endedOn" label="结束日期" type="date" value={t.ended_on} error={fields.endedOn} />
              <SelectField name="unitId" label="发布单位" required value={String(t.unit_id)} options={unitOptions(tree, actor, 'emergency.edit')} error={fields.unitId} />
              <TextArea name="summary" label="概况" value={t.summary} error={fields.summary} rows={3} />
              <TextField name="reason" label="修改原因" required error={fields.reason} maxLength={500} />
              <p><button type="submit">保存</button></p>
            </form>
          </section>
        ) : null}
        <details>
          <summary>历史版本</summary>
          <ul>
            {(await history(db, TOPIC, id)).map((h) => (
              <li>第 {h.version} 版 · {fmtDateTime(h.at)} · {h.actorName} · {STEP_LABELS[h.action as keyof typeof STEP_LABELS] ?? h.action}{h.reason ? `：${h.reason}` : ''}</li>
            ))}
          </ul>
        </details>
      </AdminPage>,
      status,
    );
  };

  app.get('/admin/emergencies/duty', async (req, reply) => dutyPage(req, reply, requireActor(req)));
  app.get('/admin/emergencies/:id', async (req, reply) => detail(req, reply, requireActor(req), idParam(req)));
  app.post('/admin/emergencies/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const r = await saveTopic(db, actor, parseForm(TopicForm, req.body), id);
    if (!r.ok) return detail(req, reply, actor, id, {}, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/emergencies/${id}?msg=saved`, 303);
  });
  app.post('/admin/emergencies/:id/updates', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const v = parseForm(UpdateForm, req.body);
    const r = await saveUpdate(db, actor, id, v);
    if (!r.ok) return detail(req, reply, actor, id, v, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/emergencies/${id}?msg=${r.value.status === 'published' ? 'fast' : 'update'}`, 303);
  });
  app.post('/admin/emergencies/updates/:id/fast', async (req, reply) => {
    const actor = requireActor(req);
    const r = await fastPublish(db, actor, idParam(req), parseForm(FastForm, req.body).reason ?? '');
    if (!r.ok) throw r.error.fields?.reason ? new AppError('VALIDATION', r.error.fields.reason) : r.error;
    return reply.redirect(`/admin/emergencies/${r.value.topic_id}?msg=fast`, 303);
  });
  app.post('/admin/emergencies/:id/plans', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const raw = (parseForm(PlanForm, req.body).documentId ?? '').trim();
    const r = await setPlan(db, actor, id, /^\d{1,10}$/.test(raw) ? Number(raw) : 0);
    if (!r.ok) return detail(req, reply, actor, id, { documentId: raw }, r.error.fields ?? { documentId: r.error.message }, r.error.status);
    return reply.redirect(`/admin/emergencies/${id}?msg=linked`, 303);
  });
  app.post('/admin/emergencies/step', async (req, reply) => {
    const actor = requireActor(req);
    const b = parseForm(StepForm, req.body);
    const kind = b.kind as Kind;
    if (kind !== 'topic' && kind !== 'update') throw new AppError('VALIDATION', '未知的类型。');
    const r = await step(db, actor, kind, b.id, b.step ?? '', b.reason);
    if (!r.ok) throw r.error.fields?.reason ? new AppError('VALIDATION', r.error.fields.reason) : r.error;
    const back = b.back ?? '';
    return reply.redirect(`${/^\/admin\/emergencies\/\d+$/.test(back) ? back : '/admin/emergencies'}?msg=step`, 303);
  });

  const dutyPage = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, fields: FieldErrors = {}, status = 200) => {
    requireRole(actor, 'emergency.duty', undefined, '只有单位管理员可以安排值班审核人员。');
    const tree = await loadUnitTree(db);
    const scope = [...tree.byId.keys()].filter((id) => can(actor, 'emergency.duty', id));
    const users = await dutyRoster(db, scope);
    const now = nowIso();
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="值班审核人员" flash={flash(req.query)} fields={fields} crumbs={[['/admin/emergencies', '应急信息发布']]}>
        <p>值班的审核人员可以不经第二人审核立即发布应急动态（须写明理由，记入操作日志）。</p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead><tr><th scope="col">审核人员</th><th scope="col">单位</th><th scope="col">值班至</th></tr></thead>
            <tbody>
              {users.map((u) => <tr><td>{u.display_name}</td><td>{tree.byId.get(u.unit_id)?.name}</td><td>{onDuty(u.on_until ? { on_until: u.on_until } : null, now) ? fmtDateTime(u.on_until) : '未值班'}</td></tr>)}
            </tbody>
          </table>
        </div>
        <form method="post" action="/admin/emergencies/duty" novalidate>
          <Csrf token={ctx.csrf} />
          <SelectField name="userId" label="审核人员" required options={users.map((u) => ({ value: String(u.id), label: u.display_name }))} error={fields.userId} empty="请选择" />
          <TextField name="hours" label="值班时长（小时）" required value="24" error={fields.hours} inputMode="numeric" maxLength={3} hint={`0 为结束值班，最长 ${MAX_DUTY_HOURS} 小时`} />
          <p><button type="submit">保存</button></p>
        </form>
      </AdminPage>,
      status,
    );
  };
  app.post('/admin/emergencies/duty', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'emergency.duty', undefined, '只有单位管理员可以安排值班审核人员。');
    const { userId, hours } = parseForm(DutyForm, req.body);
    const r = await setDuty(db, actor, userId ?? NaN, hours);
    if (!r.ok) return dutyPage(req, reply, actor, r.error.fields ?? {}, r.error.status);
    return reply.redirect('/admin/emergencies/duty?msg=duty', 303);
  });
}
