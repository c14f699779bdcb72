// Pages of 回应关切: the public responses by area (/hygz) and the staff register (/admin/concerns): open
// concerns oldest first with how long they have waited, response times, the register form and the response form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, Layout, Pager, qs } from '../../platform/views/layout.tsx';
import { renderPage } from '../../platform/views/render.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import { nowIso } from '../../platform/db/index.ts';
import { one } from '../../platform/http/request.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';
import { AdminPage, SelectField, TextArea, TextField, flashText, idParam, requireRole, sendPage, unitOptions } from '../admin/public.ts';
import { createConcern, respondConcern } from './commands.ts';
import { ConcernForm, RespondForm } from './forms.ts';
import { concernById, pagePublicConcerns, staffConcerns } from './repository.ts';
import { AREAS, SOURCES, fmtDuration, median, responseHours } from './rules.ts';
import './actions.ts';

const PAGE_SIZE = 20;

export default async function concernPages(app: FastifyInstance) {
  const { db } = app;

  app.get('/hygz', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const area = (AREAS as readonly string[]).includes(one(q.area)) ? one(q.area) : '';
    const n = Number(one(q.page));
    const page = Number.isSafeInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
    const { items, total } = await pagePublicConcerns(db, { area: area || undefined, page, pageSize: PAGE_SIZE });
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(
        renderPage(
          <Layout ctx={req.pageCtx()} title="回应关切">
            <nav class="breadcrumb" aria-label="当前位置">
              <ol>
                <li><a href="/">首页</a></li>
                <li><span aria-current="page">回应关切</span></li>
              </ol>
            </nav>
            <h1>回应关切</h1>
            <p>对社会关注的热点问题，责任单位的回应和所用时间。</p>
            <nav aria-label="按领域">
              <ul class="inline-list">
                <li>{area ? <a href="/hygz">全部</a> : <strong>全部</strong>}</li>
                {AREAS.map((a) => (
                  <li>{a === area ? <strong>{a}</strong> : <a href={`/hygz${qs({ area: a })}`}>{a}</a>}</li>
                ))}
              </ul>
            </nav>
            {items.length ? (
              items.map((c) => (
                <article class="concern" id={`c-${c.id}`}>
                  <h2>{c.topic}</h2>
                  <p class="muted">
                    {c.area} · 来源：{c.source} · 责任单位：{c.unit} · 首次发现 {fmtDateTime(c.firstSeenAt)} · {fmtDateTime(c.respondedAt)} 回应，用时 {fmtDuration(c.responseHours)}
                  </p>
                  {c.statement ? <p>{c.statement}</p> : null}
                  {c.document ? (
                    <p>
                      回应文件：<a href={c.document.url}>{c.document.title}</a>
                    </p>
                  ) : null}
                </article>
              ))
            ) : (
              <p>暂无回应。</p>
            )}
            <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(p) => `/hygz${qs({ area: area || undefined, page: p })}`} />
          </Layout>,
        ),
      );
  });

  const list = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, values: Record<string, string> = {}, fields: FieldErrors = {}, status = 200, message?: string) => {
    const tree = await loadUnitTree(db);
    const scope = [...tree.byId.keys()].filter((id) => can(actor, 'concern.read', id));
    const rows = await staffConcerns(db, scope);
    const open = rows.filter((r) => r.status === 'open');
    const done = rows.filter((r) => r.status === 'responded');
    const now = nowIso();
    const hours = done.map((r) => responseHours(r.first_seen_at, r.responded_at!));
    const med = median(hours);
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="回应关切" fields={fields} message={message} flash={flashText(req.query)}>
        <p>
          未回应 {open.length} 件；已回应 {done.length} 件{med !== null ? `，回应用时中位数 ${fmtDuration(med)}` : ''}。<a href="/hygz">公开页面</a>
        </p>
        <table>
          <caption>未回应的关切（最早的在前）</caption>
          <thead>
            <tr><th scope="col">话题</th><th scope="col">领域</th><th scope="col">来源</th><th scope="col">责任单位</th><th scope="col">已等待</th></tr>
          </thead>
          <tbody>
            {open.length ? open.map((r) => (
              <tr>
                <td><a href={`/admin/concerns/${r.id}`}>{r.topic}</a></td>
                <td>{r.area}</td>
                <td>{r.source}</td>
                <td>{tree.byId.get(r.unit_id)?.name}</td>
                <td>{fmtDuration(responseHours(r.first_seen_at, now))}</td>
              </tr>
            )) : <tr><td colSpan={5}>没有未回应的关切。</td></tr>}
          </tbody>
        </table>
        <table>
          <caption>已回应（最近 500 件内）</caption>
          <thead>
            <tr><th scope="col">话题</th><th scope="col">领域</th><th scope="col">回应用时</th></tr>
          </thead>
          <tbody>
            {done.map((r) => (
              <tr>
                <td><a href={`/admin/concerns/${r.id}`}>{r.topic}</a></td>
                <td>{r.area}</td>
                <td>{fmtDuration(responseHours(r.first_seen_at, r.responded_at!))}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {can(actor, 'concern.manage') ? (
          <section aria-labelledby="h-new-concern">
            <h2 id="h-new-concern">登记关切</h2>
            <form method="post" action="/admin/concerns">
              <Csrf token={ctx.csrf} />
              <TextField name="topic" label="话题" required value={values.topic} error={fields.topic} maxLength={200} />
              <SelectField name="area" label="领域" required value={values.area} options={AREAS.map((a) => ({ value: a, label: a }))} error={fields.area} empty="请选择" />
              <SelectField name="source" label="来源" required value={values.source} options={SOURCES.map((a) => ({ value: a, label: a }))} error={fields.source} empty="请选择" />
              <TextField name="firstSeenAt" label="首次发现时间" required type="datetime-local" value={values.firstSeenAt} error={fields.firstSeenAt} />
              <SelectField name="unitId" label="责任单位" required value={values.unitId ?? String(actor.unitId)} options={unitOptions(tree, actor, 'concern.manage')} error={fields.unitId} />
              <TextArea name="summary" label="情况说明" value={values.summary} error={fields.summary} rows={4} />
              <button type="submit">登记</button>
            </form>
          </section>
        ) : null}
      </AdminPage>,
      status,
    );
  };

  app.get('/admin/concerns', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'concern.read', undefined, '您的角色不能查看社会关切登记。');
    return list(req, reply, actor);
  });

  app.post('/admin/concerns', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'concern.manage', undefined, '您的角色不能登记社会关切。');
    const values = parseForm(ConcernForm, req.body);
    const r = await createConcern(db, actor, values);
    if (!r.ok) return list(req, reply, actor, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/concerns/${r.value.id}?msg=created`, 303);
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, err?: { fields?: FieldErrors; message?: string; status: number; values?: Static<typeof RespondForm> }) => {
    const c = await concernById(db, id);
    if (!c || !can(actor, 'concern.read', c.unit_id)) throw new AppError('NOT_FOUND', '关切登记不存在。');
    const f = err?.fields ?? {};
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={c.topic} fields={f} message={err?.message} flash={flashText(req.query)} crumbs={[['/admin/concerns', '回应关切']]}>
        <p>
          {c.area} · 来源：{c.source} · 首次发现 {fmtDateTime(c.first_seen_at)}
        </p>
        {c.summary ? <p>{c.summary}</p> : null}
        {c.status === 'responded' ? (
          <p>
            {fmtDateTime(c.responded_at)} 已回应，用时 {fmtDuration(responseHours(c.first_seen_at, c.responded_at!))}。
            {c.response_document_id ? <a href={`/xxgk/documents/${c.response_document_id}`}>回应文件</a> : null} {c.response_text}
          </p>
        ) : can(actor, 'concern.manage', c.unit_id) ? (
          <form method="post" action={`/admin/concerns/${c.id}/respond`}>
            <Csrf token={ctx.csrf} />
            <TextField name="documentId" label="作为回应的已公开文件或解读（文件编号）" value={err?.values?.documentId} error={f.documentId} />
            <TextArea name="statement" label="回应内容" value={err?.values?.statement} error={f.statement} rows={5} />
            <TextField name="respondedAt" label="回应时间" type="datetime-local" value={err?.values?.respondedAt} error={f.respondedAt} hint="不填为现在" />
            <button type="submit">记录回应</button>
          </form>
        ) : null}
      </AdminPage>,
      err?.status ?? 200,
    );
  };

  app.get('/admin/concerns/:id', async (req, reply) => detail(req, reply, requireActor(req), idParam(req)));

  app.post('/admin/concerns/:id/respond', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(RespondForm, req.body);
    const r = await respondConcern(db, actor, id, values);
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, values });
    return reply.redirect(`/admin/concerns/${id}?msg=saved`, 303);
  });
}
