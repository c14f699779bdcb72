// Console pages of 重点任务 and 督查/审计整改: the task list of the staff member's units with derived progress
// and status, a task's form (milestones as lines), its review steps and history (shared register pattern),
// its progress reports (three parts, each reviewed before public), the moderation of public opinions, and the
// findings register with its 问责通报 link.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { todayBeijing, fmtDateTime } from '../../platform/views/format.ts';
import { parseJson } from '../../platform/db/index.ts';
import { AdminPage, SelectField, TextArea, TextField, idParam, requireRole, sendPage, unitOptions, val } from '../admin/public.ts';
import { history, linkedDocuments, nextSteps, REGISTER_STATUS_LABELS, StepForms, type HistoryEntry, type RegisterStatus } from '../registers/public.ts';
import { loadFinding, loadTask, moderateComment, saveFinding, saveReport, saveTask, step, STEP_LABELS, type RegisterKind, type Step } from './commands.ts';
import { FINDING, NOTICE_ROLE, TASK, TASK_DOCUMENT_ROLE, TASK_REPORT } from './registers.ts';
import { activeTaskChoices, findingViews, openReportTaskIds, pendingCommentsOfTask, pendingCommentTaskIds, reportsOfTask, taskViews } from './repository.ts';
import { FINDING_SOURCES, formatMilestones, SOURCES, type Milestone } from './rules.ts';
import { Progress, STYLE, StatusText } from './public-pages.tsx';
import { setNoticeDocument, setTaskDocument } from './commands.ts';
import { DocumentLinkForm, FindingForm, ModerateForm, ReportForm, StepForm, TaskForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';
import './actions.ts';

const FLASH: Record<string, string> = {
  created: '已保存为草稿。提交审核、审核通过并发布后向社会公开。',
  saved: '已保存。修改后需重新提交审核并发布，公开页面在此之前显示上次发布的版本。',
  step: '操作已完成。',
  report: '进展报告已保存为草稿，提交审核并发布后出现在任务的公开时间线上。',
  moderated: '公众意见已审核。',
  linked: '问责通报已关联。',
  'doc-linked': '相关文件已关联；任务和文件都公开后，文件出现在任务的公开时间线上。',
  'doc-unlinked': '已取消关联该文件。',
};
const flash = (q: unknown) => FLASH[val(q, 'msg')] ?? null;
const statusLabel = (s: string) => REGISTER_STATUS_LABELS[s as RegisterStatus] ?? s;
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : String(v));

async function scopeOf(db: FastifyInstance['db'], actor: Actor): Promise<number[]> {
  const tree = await loadUnitTree(db);
  return [...tree.byId.keys()].filter((id) => can(actor, 'task.read', id));
}

function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <details>
      <summary>历史版本（{entries.length}）</summary>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
        <table>
          <thead>
            <tr><th scope="col">版本</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">操作</th><th scope="col">原因</th><th scope="col">变更</th></tr>
          </thead>
          <tbody>
            {entries.map((h) => (
              <tr>
                <td>{h.version}</td>
                <td class="nowrap">{fmtDateTime(h.at)}</td>
                <td>{h.actorName}</td>
                <td>{STEP_LABELS[h.action as Step] ?? ({ create: '新建', update: '修改', import: '导入' } as Record<string, string>)[h.action] ?? h.action}</td>
                <td>{h.reason}</td>
                <td>
                  {h.changes.length ? (
                    <ul>
                      {h.changes.map((c) => (
                        <li>
                          {c.label}：{show(c.before)} → {show(c.after)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The review buttons a record's status allows and the staff member may use (a return or retire asks for the reason). */
function Steps({ csrf, kind, id, status, back, actor, unitId }: { csrf: string; kind: RegisterKind; id: number; status: string; back: string; actor: Actor; unitId: number }) {
  const steps = nextSteps(status).filter((s) => can(actor, s === 'submit' ? 'task.edit' : 'task.review', unitId));
  return <StepForms action="/admin/tasks/step" csrf={csrf} steps={steps} labels={STEP_LABELS} hidden={{ kind, id: String(id), back }} idPrefix={`${kind}${id}`} />;
}

export default async function taskConsolePages(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get('/admin/tasks', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'task.read', undefined, '您的角色不能查看重点任务。');
    const scope = await scopeOf(db, actor);
    const tasks = await taskViews(db, { publicOnly: false, unitIds: scope });
    const ids = tasks.map((t) => t.id);
    const pendingReports = await openReportTaskIds(db, ids);
    const pendingComments = await pendingCommentTaskIds(db, ids);
    const count = (rows: { task_id: number }[], id: number) => rows.filter((r) => r.task_id === id).length;
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="重点任务" flash={flash(req.query)}>
        {STYLE}
        <p>
          {can(actor, 'task.edit') ? <><a class="button" href="/admin/tasks/new">登记任务</a>{' '}</> : null}
          <a href="/admin/task-findings">督查审计整改</a> · <a href="/zdrw">公开页面</a>
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead>
              <tr><th scope="col">任务</th><th scope="col">年度</th><th scope="col">来源</th><th scope="col">牵头单位</th><th scope="col">登记状态</th><th scope="col">进度</th><th scope="col">状态</th><th scope="col">待办</th></tr>
            </thead>
            <tbody>
              {tasks.length ? tasks.map((t) => (
                <tr>
                  <td>{t.parentId ? '└ ' : ''}<a href={`/admin/tasks/${t.id}`}>{t.title}</a></td>
                  <td>{t.year}</td>
                  <td>{t.source}</td>
                  <td>{t.unit}</td>
                  <td>{statusLabel(t.recordStatus)}</td>
                  <td class="nowrap">{t.progress}%</td>
                  <td><StatusText s={t.status} reason={t.statusReason} /></td>
                  <td>{[count(pendingReports, t.id) ? `进展报告 ${count(pendingReports, t.id)}` : '', count(pendingComments, t.id) ? `公众意见 ${count(pendingComments, t.id)}` : ''].filter(Boolean).join('，')}</td>
                </tr>
              )) : <tr><td colSpan={8}>尚无任务。</td></tr>}
            </tbody>
          </table>
        </div>
      </AdminPage>,
    );
  });

  const taskForm = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number | null, values: Record<string, string>, fields: FieldErrors = {}, status = 200, message?: string) => {
    const tree = await loadUnitTree(db);
    const ctx = req.pageCtx();
    const all = await activeTaskChoices(db);
    const task = id ? await loadTask(db, id) : undefined;
    if (id && (!task || !can(actor, 'task.read', task.unit_id))) throw new AppError('NOT_FOUND', '没有这项任务。');
    const canEdit = task ? can(actor, 'task.edit', task.unit_id) && task.status !== 'retired' : can(actor, 'task.edit');
    const reports = task ? await reportsOfTask(db, task.id) : [];
    const comments = task ? await pendingCommentsOfTask(db, task.id) : [];
    const view = task ? (await taskViews(db, { publicOnly: false, unitIds: [task.unit_id] })).find((t) => t.id === task.id) : undefined;
    const docs = task ? (await linkedDocuments(db, TASK, task.id, { publicOnly: false })).filter((d) => d.role === TASK_DOCUMENT_ROLE) : [];
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={task ? task.title : '登记任务'} flash={flash(req.query)} fields={fields} message={message} crumbs={[['/admin/tasks', '重点任务']]}>
        {STYLE}
        {task && view ? (
          <section aria-labelledby="h-state">
            <h2 id="h-state">状态</h2>
            <p>
              登记状态：{statusLabel(task.status)}（第 {task.version} 版）{task.published_at ? <> · <a href={`/zdrw/${task.id}`}>公开页面</a></> : null}
            </p>
            <Progress value={view.progress} label="完成进度" />
            <p>任务状态：<StatusText s={view.status} />（{view.statusReason}）。进度取最近一份公开的进展报告；有分解任务的按权重汇总。</p>
            <Steps csrf={ctx.csrf} kind="task" id={task.id} status={task.status} back={`/admin/tasks/${task.id}`} actor={actor} unitId={task.unit_id} />
            <h3 id="h-docs">{TASK_DOCUMENT_ROLE}</h3>
            {docs.length ? (
              <ul>
                {docs.map((d) => (
                  <li>
                    <a href={d.url}>{d.title}</a>
                    {canEdit ? (
                      <form method="post" action={`/admin/tasks/${task.id}/documents`} class="inline">
                        <Csrf token={ctx.csrf} />
                        <input type="hidden" name="documentId" value={String(d.id)} />
                        <input type="hidden" name="remove" value="1" />
                        <button type="submit" class="link">取消关联<span class="visually-hidden">：{d.title}</span></button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">尚未关联落实该任务的文件。</p>
            )}
            {canEdit ? (
              <form method="post" action={`/admin/tasks/${task.id}/documents`} novalidate>
                <Csrf token={ctx.csrf} />
                <TextField name="documentId" label={`关联${TASK_DOCUMENT_ROLE}（文件编号）`} value={values.documentId} error={fields.documentId} inputMode="numeric" hint="文件页面地址中的数字；任务和文件都公开后，文件出现在任务的公开时间线上" />
                <p><button type="submit">关联</button></p>
              </form>
            ) : null}
            <History entries={await history(db, TASK, task.id)} />
          </section>
        ) : null}
        {canEdit ? (
          <section aria-labelledby="h-form">
            <h2 id="h-form">{task ? '修改任务' : '任务信息'}</h2>
            <form method="post" action={task ? `/admin/tasks/${task.id}` : '/admin/tasks'} novalidate>
              <Csrf token={ctx.csrf} />
              {task ? <input type="hidden" name="expectedVersion" value={values.expectedVersion ?? String(task.version)} /> : null}
              <TextField name="title" label="任务名称" required value={values.title} error={fields.title} maxLength={200} />
              <TextField name="year" label="年度" required value={values.year} error={fields.year} inputMode="numeric" maxLength={4} />
              <SelectField name="source" label="来源" required value={values.source} options={SOURCES.map((s) => ({ value: s, label: s }))} error={fields.source} empty="请选择" />
              <SelectField name="unitId" label="牵头单位" required value={values.unitId ?? String(actor.unitId)} options={unitOptions(tree, actor, 'task.edit')} error={fields.unitId} />
              <fieldset class="co-units">
                <legend>配合单位</legend>
                {fields.coUnits ? <p class="error" id="f-coUnits-error">{fields.coUnits}</p> : null}
                {[...tree.byId.values()].map((u) => (
                  <label class="nowrap">
                    <input type="checkbox" name="coUnits" value={String(u.id)} checked={(values.coUnits ?? '').split(',').includes(String(u.id))} /> {u.name}
                  </label>
                ))}
              </fieldset>
              <SelectField name="parentId" label="上级任务" value={values.parentId} options={all.filter((t) => t.id !== task?.id).map((t) => ({ value: String(t.id), label: `${t.year} ${t.title}` }))} error={fields.parentId} empty="无（主任务）" />
              <TextField name="weight" label="在上级任务中的权重" value={values.weight ?? '1'} error={fields.weight} inputMode="numeric" maxLength={3} hint="1 到 100；上级任务的进度按分解任务的权重加权汇总" />
              <TextArea name="measures" label="工作措施" value={values.measures} error={fields.measures} rows={4} />
              <TextArea name="milestones" label="节点安排" value={values.milestones} error={fields.milestones} rows={4} hint="每行一个：目标日期 节点名称，如 2020-06-30 完成方案制定；已完成的在后面加“ 完成于 2020-06-28”" />
              <TextField name="endsOn" label="完成时限" type="date" value={values.endsOn} error={fields.endsOn} />
              <TextArea name="disclosurePlan" label="公开安排（公开内容、方式、时限）" value={values.disclosurePlan} error={fields.disclosurePlan} rows={2} />
              {task ? <TextField name="reason" label="修改原因" required value={values.reason} error={fields.reason} maxLength={500} hint="记入历史版本" /> : null}
              <p><button type="submit">保存</button></p>
            </form>
          </section>
        ) : null}
        {task ? (
          <section aria-labelledby="h-reports">
            <h2 id="h-reports">进展报告</h2>
            {reports.map((r) => (
              <article class="comment">
                <h3>{r.reported_on} {r.period} · {r.percent}% · {statusLabel(r.status)}</h3>
                <p>进展情况：{r.progress_text}</p>
                <p>取得成效：{r.results_text}</p>
                <p>后续举措：{r.next_steps}</p>
                <Steps csrf={ctx.csrf} kind="report" id={r.id} status={r.status} back={`/admin/tasks/${task.id}`} actor={actor} unitId={r.unit_id} />
              </article>
            ))}
            {can(actor, 'task.edit', task.unit_id) ? (
              <form method="post" action={`/admin/tasks/${task.id}/reports`} novalidate>
                <Csrf token={ctx.csrf} />
                <h3>填报进展</h3>
                <TextField idPrefix="r" name="period" label="报告期" required value={values.period} error={fields.period} maxLength={50} hint="如 2020年第三季度" />
                <TextField idPrefix="r" name="reportedOn" label="报告日期" type="date" value={values.reportedOn} error={fields.reportedOn} hint="不填为今天" />
                <TextField idPrefix="r" name="percent" label="完成进度（%）" required value={values.percent} error={fields.percent} inputMode="numeric" maxLength={4} hint="0 到 100 之间的整数" />
                <TextArea idPrefix="r" name="progressText" label="进展情况" required value={values.progressText} error={fields.progressText} rows={3} />
                <TextArea idPrefix="r" name="resultsText" label="取得成效" required value={values.resultsText} error={fields.resultsText} rows={3} />
                <TextArea idPrefix="r" name="nextSteps" label="后续举措" required value={values.nextSteps} error={fields.nextSteps} rows={3} />
                <p><button type="submit">保存进展报告</button></p>
              </form>
            ) : null}
          </section>
        ) : null}
        {task && comments.length ? (
          <section aria-labelledby="h-comments">
            <h2 id="h-comments">待审核的公众意见</h2>
            {comments.map((c) => (
              <article class="comment">
                <p>{c.body}</p>
                <p class="tk-meta">{fmtDateTime(c.created_at)} · {c.name || '未留姓名'} · 联系方式：{c.contact}（不公开）</p>
                {can(actor, 'task.review', task.unit_id) ? (
                  <form method="post" action={`/admin/task-comments/${c.id}`}>
                    <Csrf token={ctx.csrf} />
                    <input type="hidden" name="back" value={`/admin/tasks/${task.id}`} />
                    <button type="submit" name="decision" value="publish">公开</button>{' '}
                    <button type="submit" name="decision" value="refuse" class="secondary">不予公开</button>
                  </form>
                ) : null}
              </article>
            ))}
          </section>
        ) : null}
      </AdminPage>,
      status,
    );
  };

  const fromTask = (t: NonNullable<Awaited<ReturnType<typeof loadTask>>>): Record<string, string> => ({
    title: t.title,
    year: String(t.year),
    source: t.source,
    unitId: String(t.unit_id),
    coUnits: parseJson<number[]>(t.co_units, []).join(','),
    parentId: t.parent_id ? String(t.parent_id) : '',
    weight: String(t.weight),
    measures: t.measures,
    milestones: formatMilestones(parseJson<Milestone[]>(t.milestones, [])),
    endsOn: t.ends_on ?? '',
    disclosurePlan: t.disclosure_plan,
  });
  /** The task form's values as the form shows them (配合单位 as a comma list). */
  const taskValues = ({ coUnits, ...rest }: Static<typeof TaskForm>): Record<string, string> => ({ ...(rest as Record<string, string>), coUnits: (coUnits ?? []).join(',') });

  app.get('/admin/tasks/new', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'task.edit', undefined, '您的角色不能登记重点任务。');
    return taskForm(req, reply, actor, null, { year: todayBeijing().slice(0, 4) });
  });
  app.post('/admin/tasks', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'task.edit', undefined, '您的角色不能登记重点任务。');
    const values = taskValues(parseForm(TaskForm, req.body));
    const r = await saveTask(db, actor, values);
    if (!r.ok) return taskForm(req, reply, actor, null, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/tasks/${r.value.id}?msg=created`, 303);
  });
  app.get('/admin/tasks/:id', async (req, reply) => {
    const actor = requireActor(req);
    const t = await loadTask(db, idParam(req));
    if (!t || !can(actor, 'task.read', t.unit_id)) throw new AppError('NOT_FOUND', '没有这项任务。');
    return taskForm(req, reply, actor, t.id, fromTask(t));
  });
  app.post('/admin/tasks/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = taskValues(parseForm(TaskForm, req.body));
    const r = await saveTask(db, actor, values, id);
    if (!r.ok) return taskForm(req, reply, actor, id, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/tasks/${id}?msg=saved`, 303);
  });
  app.post('/admin/tasks/:id/documents', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const form = parseForm(DocumentLinkForm, req.body);
    const docRaw = form.documentId ?? '';
    const remove = form.remove === '1';
    const r = await setTaskDocument(db, actor, id, /^\d{1,10}$/.test(docRaw.trim()) ? Number(docRaw.trim()) : 0, remove);
    if (!r.ok) {
      const t = await loadTask(db, id);
      return taskForm(req, reply, actor, id, { ...(t ? fromTask(t) : {}), documentId: docRaw }, r.error.fields ?? { documentId: r.error.message }, r.error.status);
    }
    return reply.redirect(`/admin/tasks/${id}?msg=${remove ? 'doc-unlinked' : 'doc-linked'}#h-docs`, 303);
  });
  app.post('/admin/tasks/:id/reports', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const report = parseForm(ReportForm, req.body);
    const values = { ...report, percent: String(report.percent) };
    const r = await saveReport(db, actor, id, values);
    if (!r.ok) {
      const t = await loadTask(db, id);
      return taskForm(req, reply, actor, id, { ...(t ? fromTask(t) : {}), ...values }, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    }
    return reply.redirect(`/admin/tasks/${id}?msg=report#h-reports`, 303);
  });
  app.post('/admin/tasks/step', async (req, reply) => {
    const actor = requireActor(req);
    const b = parseForm(StepForm, req.body);
    const kind = b.kind as RegisterKind;
    if (kind !== 'task' && kind !== 'report' && kind !== 'finding') throw new AppError('VALIDATION', '未知的登记类型。');
    const id = Number(b.id ?? '');
    const back = b.back ?? '';
    const r = await step(db, actor, kind, id, b.step ?? '', b.reason ?? '');
    if (!r.ok) throw r.error.fields?.reason ? new AppError('VALIDATION', r.error.fields.reason) : r.error;
    return reply.redirect(`${/^\/admin\/(tasks|task-findings)\/\d+$/.test(back) ? back : '/admin/tasks'}?msg=step`, 303);
  });
  app.post('/admin/task-comments/:id', async (req, reply) => {
    const actor = requireActor(req);
    const form = parseForm(ModerateForm, req.body);
    const r = await moderateComment(db, actor, idParam(req), form.decision ?? '');
    if (!r.ok) throw r.error;
    const back = form.back ?? '';
    return reply.redirect(`${/^\/admin\/tasks\/\d+$/.test(back) ? back : '/admin/tasks'}?msg=moderated`, 303);
  });

  // ---- 督查/审计整改 ------------------------------------------------------------------------------------
  const findingPage = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number | null, values: Record<string, string>, fields: FieldErrors = {}, status = 200, message?: string) => {
    const tree = await loadUnitTree(db);
    const ctx = req.pageCtx();
    const f = id ? await loadFinding(db, id) : undefined;
    if (id && (!f || !can(actor, 'task.read', f.unit_id))) throw new AppError('NOT_FOUND', '没有这条整改登记。');
    const list = id ? [] : await findingViews(db, { publicOnly: false, unitIds: await scopeOf(db, actor) });
    const canEdit = f ? can(actor, 'task.edit', f.unit_id) && f.status !== 'retired' : can(actor, 'task.edit');
    const docs = f ? await linkedDocuments(db, FINDING, f.id, { publicOnly: false }) : [];
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={f ? `整改登记：${f.problem.slice(0, 30)}` : '督查审计整改'} flash={flash(req.query)} fields={fields} message={message} crumbs={f ? [['/admin/tasks', '重点任务'], ['/admin/task-findings', '督查审计整改']] : [['/admin/tasks', '重点任务']]}>
        {f ? (
          <section aria-labelledby="h-state">
            <h2 id="h-state">状态</h2>
            <p>登记状态：{statusLabel(f.status)}（第 {f.version} 版） · <a href="/zdrw/zg">公开页面</a></p>
            <Steps csrf={ctx.csrf} kind="finding" id={f.id} status={f.status} back={`/admin/task-findings/${f.id}`} actor={actor} unitId={f.unit_id} />
            <h3>问责通报</h3>
            {docs.length ? <ul>{docs.map((d) => <li><a href={d.url}>{d.title}</a>（{d.role}）</li>)}</ul> : <p class="muted">尚未关联。</p>}
            {canEdit ? (
              <form method="post" action={`/admin/task-findings/${f.id}/notice`} novalidate>
                <Csrf token={ctx.csrf} />
                <TextField name="documentId" label={`关联${NOTICE_ROLE}（文件编号）`} value={values.documentId} error={fields.documentId} inputMode="numeric" />
                <p><button type="submit">关联</button></p>
              </form>
            ) : null}
            <History entries={await history(db, FINDING, f.id)} />
          </section>
        ) : (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
            <table>
              <thead>
                <tr><th scope="col">问题</th><th scope="col">来源</th><th scope="col">整改单位</th><th scope="col">整改期限</th><th scope="col">整改状态</th><th scope="col">登记状态</th></tr>
              </thead>
              <tbody>
                {list.length ? list.map((x) => (
                  <tr>
                    <td><a href={`/admin/task-findings/${x.id}`}>{x.problem}</a></td>
                    <td>{x.source}</td>
                    <td>{x.unit}</td>
                    <td class="nowrap">{x.dueOn}</td>
                    <td>{x.publicStatus}</td>
                    <td>{statusLabel(x.recordStatus)}</td>
                  </tr>
                )) : <tr><td colSpan={6}>尚无整改登记。</td></tr>}
              </tbody>
            </table>
          </div>
        )}
        {canEdit ? (
          <section aria-labelledby="h-fform">
            <h2 id="h-fform">{f ? '修改' : '登记发现的问题'}</h2>
            <form method="post" action={f ? `/admin/task-findings/${f.id}` : '/admin/task-findings'} novalidate>
              <Csrf token={ctx.csrf} />
              {f ? <input type="hidden" name="expectedVersion" value={values.expectedVersion ?? String(f.version)} /> : null}
              <SelectField name="source" label="来源" required value={values.source} options={FINDING_SOURCES.map((s) => ({ value: s, label: s }))} error={fields.source} empty="请选择" />
              <TextArea name="problem" label="发现的问题" required value={values.problem} error={fields.problem} rows={3} />
              <SelectField name="unitId" label="整改单位" required value={values.unitId ?? String(actor.unitId)} options={unitOptions(tree, actor, 'task.edit')} error={fields.unitId} />
              <TextArea name="measures" label="整改措施" value={values.measures} error={fields.measures} rows={3} />
              <TextField name="dueOn" label="整改期限" required type="date" value={values.dueOn} error={fields.dueOn} />
              <TextArea name="result" label="整改结果" value={values.result} error={fields.result} rows={3} />
              <TextField name="rectifiedOn" label="整改完成日期" type="date" value={values.rectifiedOn} error={fields.rectifiedOn} hint="整改完成后填写" />
              {f ? <TextField name="reason" label="修改原因" required value={values.reason} error={fields.reason} maxLength={500} /> : null}
              <p><button type="submit">保存</button></p>
            </form>
          </section>
        ) : null}
      </AdminPage>,
      status,
    );
  };
  app.get('/admin/task-findings', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'task.read', undefined, '您的角色不能查看整改登记。');
    return findingPage(req, reply, actor, null, {});
  });
  app.post('/admin/task-findings', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'task.edit', undefined, '您的角色不能登记整改情况。');
    const values = parseForm(FindingForm, req.body) as Record<string, string>;
    const r = await saveFinding(db, actor, values);
    if (!r.ok) return findingPage(req, reply, actor, null, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/task-findings/${r.value.id}?msg=created`, 303);
  });
  const fromFinding = (f: NonNullable<Awaited<ReturnType<typeof loadFinding>>>) => ({ source: f.source, problem: f.problem, unitId: String(f.unit_id), measures: f.measures, dueOn: f.due_on, result: f.result, rectifiedOn: f.rectified_on ?? '' });
  app.get('/admin/task-findings/:id', async (req, reply) => {
    const actor = requireActor(req);
    const f = await loadFinding(db, idParam(req));
    if (!f || !can(actor, 'task.read', f.unit_id)) throw new AppError('NOT_FOUND', '没有这条整改登记。');
    return findingPage(req, reply, actor, f.id, fromFinding(f));
  });
  app.post('/admin/task-findings/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(FindingForm, req.body) as Record<string, string>;
    const r = await saveFinding(db, actor, values, id);
    if (!r.ok) return findingPage(req, reply, actor, id, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/task-findings/${id}?msg=saved`, 303);
  });
  app.post('/admin/task-findings/:id/notice', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const docRaw = parseForm(DocumentLinkForm, req.body).documentId ?? '';
    const r = await setNoticeDocument(db, actor, id, /^\d{1,10}$/.test(docRaw.trim()) ? Number(docRaw.trim()) : 0);
    if (!r.ok) {
      const f = await loadFinding(db, id);
      return findingPage(req, reply, actor, id, { ...(f ? fromFinding(f) : {}), documentId: docRaw }, r.error.fields ?? { documentId: r.error.message }, r.error.status);
    }
    return reply.redirect(`/admin/task-findings/${id}?msg=linked`, 303);
  });
}

export { TASK_REPORT };
