// Pages of 政务新媒体: the public list of the district's accounts (/zwxmt), the staff register (/admin/new-media:
// accounts stale for 14 days first, the new-account form, importing updates from .xlsx) and an account's page
// (its form, review steps, updates with the form to record one, history).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, Layout, Pager, qs } from '../../platform/views/layout.tsx';
import { renderPage } from '../../platform/views/render.ts';
import { one } from '../../platform/http/request.ts';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, SelectField, TextArea, TextField, idParam, pageParam, requireRole, sendPage, unitOptions, val } from '../admin/public.ts';
import { history, nextSteps, NO_FILE, REGISTER_STATUS_LABELS, transition, uploadedFile, XlsxImportForm, type RegisterStatus, type Step } from '../registers/public.ts';
import { importUpdates, recordUpdate, saveAccount, type UpdateImportRow } from './commands.ts';
import { ACCOUNTS } from './register.ts';
import { accountById, pagePublicAccounts, staffAccounts, updatesOfAccount } from './repository.ts';
import { FILING_STATUSES, PLATFORMS, STALE_DAYS, UPDATE_HEADERS } from './rules.ts';
import type { NewMediaAccountRow } from './tables.ts';
import { AccountFormBody, StepFormBody, UpdateFormBody } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';

const PAGE_SIZE = 50;
const STEP_LABELS: Record<Step, string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', publish: '公开', retire: '注销登记' };
const FLASH: Record<string, string> = { created: '账号已登记（草稿），审核通过并公开后列入公开名录。', saved: '修改已保存为新版本（草稿）。', updated: '更新已登记。', submit: '已提交审核。', approve: '已审核通过。', return: '已退回。', publish: '已公开。', retire: '已注销登记。' };

export default async function newMediaPages(app: FastifyInstance) {
  const { db } = app;

  // The public list goes through the platform's page cache (app.servePublic): rendered once per data version.
  app.get('/zwxmt', (req, reply) => app.servePublic(req, reply, async () => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const platform = (PLATFORMS as readonly string[]).includes(one(q.platform)) ? one(q.platform) : '';
    const page = pageParam(q);
    const { items, total } = await pagePublicAccounts(db, { platform: platform || undefined, page, pageSize: PAGE_SIZE });
    return {
      status: 200,
      type: 'text/html; charset=utf-8',
      body:
        renderPage(
          <Layout ctx={req.pageCtx()} title="政务新媒体">
            <nav class="breadcrumb" aria-label="当前位置">
              <ol>
                <li><a href="/">首页</a></li>
                <li><span aria-current="page">政务新媒体</span></li>
              </ol>
            </nav>
            <h1>政务新媒体</h1>
            <p>本区各单位开设的政务新媒体账号。每个单位在同一平台原则上只开设一个账号。</p>
            <form method="get" action="/zwxmt" class="filters" aria-label="按平台查看">
              <div class="field">
                <label for="f-platform">平台</label>
                <select id="f-platform" name="platform">
                  <option value="">全部平台</option>
                  {PLATFORMS.map((p) => <option value={p} selected={p === platform}>{p}</option>)}
                </select>
              </div>
              <button type="submit">查看</button>
            </form>
            <p role="status">共 {total} 个账号。</p>
            {items.length ? (
              <ul class="doc-list">
                {items.map((a) => (
                  <li>
                    <div>
                      <strong>{a.name}</strong>{a.closedOn ? `（已于 ${a.closedOn} 关停）` : ''}
                      <div class="muted">
                        {a.unit} · 账号：{a.accountId} · {a.verification}{a.interaction ? ` · 互动：${a.interaction}` : ''}
                      </div>
                      <div class="muted">
                        最近更新：{a.lastUpdateOn ?? '暂无'} {a.stale ? <strong class="badge warn">超过 {STALE_DAYS} 天未更新</strong> : null}
                      </div>
                    </div>
                    <span class="date">{a.platform}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>暂无账号。</p>
            )}
            <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(p) => `/zwxmt${qs({ platform: platform || undefined, page: p })}`} />
          </Layout>,
        ),
    };
  }));

  const scopeOf = async (actor: Actor) => {
    const tree = await loadUnitTree(db);
    return { tree, scope: [...tree.byId.keys()].filter((u) => can(actor, 'newmedia.read', u)) };
  };

  const AccountForm = ({ actor, tree, values, fields, item, submit }: { actor: Actor; tree: Awaited<ReturnType<typeof loadUnitTree>>; values: Record<string, string>; fields: FieldErrors; item?: NewMediaAccountRow; submit: string }) => (
    <>
      {item ? <input type="hidden" name="expectedVersion" value={values.expectedVersion || String(item.version)} /> : null}
      <SelectField name="platform" label="平台" required value={values.platform} options={PLATFORMS.map((p) => ({ value: p, label: p }))} error={fields.platform} empty="请选择" />
      <TextField name="name" label="账号名称" required value={values.name} error={fields.name} maxLength={100} />
      <TextField name="accountId" label="账号" required value={values.accountId} error={fields.accountId} hint="如微信号、微博 UID、App 名称" maxLength={100} />
      <SelectField name="unitId" label="开设单位" required value={values.unitId || String(actor.unitId)} options={unitOptions(tree, actor, 'newmedia.edit')} error={fields.unitId} />
      <TextField name="responsiblePerson" label="责任人" required value={values.responsiblePerson} error={fields.responsiblePerson} hint="不对外公开" maxLength={50} />
      <TextField name="verification" label="认证情况" value={values.verification} error={fields.verification} hint="如：已认证（认证主体：宿城区人民政府办公室）；不填为“未认证”" />
      <TextField name="openedOn" label="开设日期" type="date" required value={values.openedOn} error={fields.openedOn} />
      <TextField name="closedOn" label="关停日期" type="date" value={values.closedOn} error={fields.closedOn} hint="账号关停后填写" />
      <SelectField name="filingStatus" label="备案状态" required value={values.filingStatus || '未备案'} options={FILING_STATUSES.map((p) => ({ value: p, label: p }))} error={fields.filingStatus} />
      <TextField name="interaction" label="互动渠道" value={values.interaction} error={fields.interaction} hint="如：后台留言、私信" />
      <TextArea name="exceptionReason" label="例外理由" value={values.exceptionReason} error={fields.exceptionReason} rows={2} hint="本单位在该平台已有在用账号、确需另开时填写，随账号一并审核" />
      {item ? <TextField name="reason" label="变更原因" value={values.reason} error={fields.reason} /> : null}
      <button type="submit">{submit}</button>
    </>
  );

  const list = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, opts: { values?: Record<string, string>; fields?: FieldErrors; status?: number; message?: string; report?: UpdateImportRow[] } = {}) => {
    const { tree, scope } = await scopeOf(actor);
    const rows = await staffAccounts(db, scope);
    const ctx = req.pageCtx();
    const fields = opts.fields ?? {};
    const stale = rows.filter((r) => r.stale).length;
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="政务新媒体" fields={fields} message={opts.message} flash={FLASH[val(req.query, 'msg')] ?? null}>
        <p>
          共 {rows.length} 个账号{stale ? <>，<strong>{stale} 个超过 {STALE_DAYS} 天未更新</strong></> : ''}。<a href="/zwxmt">公开页面</a>
        </p>
        <table>
          <caption class="visually-hidden">账号（超过 {STALE_DAYS} 天未更新的在前）</caption>
          <thead>
            <tr><th scope="col">账号名称</th><th scope="col">平台</th><th scope="col">单位</th><th scope="col">状态</th><th scope="col">最近更新</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td><a href={`/admin/new-media/${r.id}`}>{r.name}</a>{r.exceptionReason ? '（例外）' : ''}</td>
                <td>{r.platform}</td>
                <td>{r.unit}</td>
                <td>{r.closedOn ? `已关停（${r.closedOn}）` : REGISTER_STATUS_LABELS[r.status as RegisterStatus] ?? r.status}</td>
                <td>{r.lastUpdateOn ?? '暂无'}{r.stale ? <strong class="badge warn">{r.daysSinceUpdate} 天未更新</strong> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {opts.report ? (
          <section aria-labelledby="h-report">
            <h2 id="h-report">导入结果</h2>
            <p>登记 {opts.report.filter((r) => r.outcome === 'recorded').length} 条，未导入 {opts.report.filter((r) => r.outcome === 'rejected').length} 行（这些行没有登记任何内容）。</p>
            <ul>
              {opts.report.filter((r) => r.outcome === 'rejected').map((r) => <li>第 {r.row} 行（{r.account}）：{r.errors.join('；')}</li>)}
            </ul>
          </section>
        ) : null}
        {can(actor, 'newmedia.edit') ? (
          <>
            <section aria-labelledby="h-import">
              <h2 id="h-import">导入更新记录（.xlsx）</h2>
              <p>第 1 行为表头：{UPDATE_HEADERS.join('、')}；日期写作 YYYY-MM-DD。有错误的行不导入，逐行说明原因。</p>
              <XlsxImportForm action="/admin/new-media/updates/import" csrf={ctx.csrf} error={fields.file} />
            </section>
            <section aria-labelledby="h-new">
              <h2 id="h-new">登记账号</h2>
              <form method="post" action="/admin/new-media">
                <Csrf token={ctx.csrf} />
                <AccountForm actor={actor} tree={tree} values={opts.values ?? {}} fields={fields} submit="登记" />
              </form>
            </section>
          </>
        ) : null}
      </AdminPage>,
      opts.status ?? 200,
    );
  };

  app.get('/admin/new-media', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'newmedia.read', undefined, '您的角色不能查看政务新媒体账号。');
    return list(req, reply, actor);
  });

  app.post('/admin/new-media', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'newmedia.edit', undefined, '您的角色不能登记政务新媒体账号。');
    const { expectedVersion: _, ...values } = parseForm(AccountFormBody, req.body);
    const r = await saveAccount(db, actor, { unitId: Number(values.unitId), fields: values });
    if (!r.ok) return list(req, reply, actor, { values, fields: r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message });
    return reply.redirect(`/admin/new-media/${r.value.id}?msg=created`, 303);
  });

  app.post('/admin/new-media/updates/import', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'newmedia.edit', undefined, '您的角色不能登记更新。');
    const bytes = await uploadedFile(req, '导入更新记录');
    if (!bytes) return list(req, reply, actor, { fields: { file: NO_FILE }, status: 400 });
    const r = await importUpdates(db, actor, bytes);
    if (!r.ok) return list(req, reply, actor, { fields: r.error.fields, status: r.error.status });
    return list(req, reply, actor, { report: r.value });
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, opts: { values?: Record<string, string>; fields?: FieldErrors; status?: number; message?: string; form?: 'edit' | 'update' } = {}) => {
    const a = await accountById(db, id);
    if (!a || !can(actor, 'newmedia.read', a.unit_id)) throw new AppError('NOT_FOUND', '账号不存在。');
    const [{ tree }, updates, hist] = await Promise.all([scopeOf(actor), updatesOfAccount(db, id), history(db, ACCOUNTS, id)]);
    const ctx = req.pageCtx();
    const fields = opts.fields ?? {};
    const steps = nextSteps(a.status).filter((s) => can(actor, s === 'submit' ? 'newmedia.edit' : 'newmedia.review', a.unit_id));
    const editable = can(actor, 'newmedia.edit', a.unit_id) && a.status !== 'retired';
    const rowValues: Record<string, string> = { platform: a.platform, name: a.name, accountId: a.account_id, unitId: String(a.unit_id), responsiblePerson: a.responsible_person, verification: a.verification, openedOn: a.opened_on, closedOn: a.closed_on ?? '', filingStatus: a.filing_status, interaction: a.interaction, exceptionReason: a.exception_reason ?? '', reason: '', expectedVersion: String(a.version) };
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={`${a.platform}：${a.name}`} fields={fields} message={opts.message} flash={FLASH[val(req.query, 'msg')] ?? null} crumbs={[['/admin/new-media', '政务新媒体']]}>
        <p>
          {tree.byId.get(a.unit_id)?.name} · 状态：<strong>{REGISTER_STATUS_LABELS[a.status as RegisterStatus] ?? a.status}</strong> · 第 {a.version} 版
          {a.exception_reason ? ` · 例外账号：${a.exception_reason}` : ''}
        </p>
        {steps.length ? (
          <section aria-labelledby="h-steps">
            <h2 id="h-steps">审核</h2>
            {steps.map((s) => (
              <form method="post" action={`/admin/new-media/${id}/${s}`} class="inline-form">
                <Csrf token={ctx.csrf} />
                {s === 'return' || s === 'retire' ? <TextField name="reason" idPrefix={s} label={s === 'return' ? '退回原因' : '注销原因'} required /> : null}
                <button type="submit">{STEP_LABELS[s]}</button>
              </form>
            ))}
          </section>
        ) : null}
        <section aria-labelledby="h-updates">
          <h2 id="h-updates">更新记录</h2>
          {editable && !a.closed_on ? (
            <form method="post" action={`/admin/new-media/${id}/updates`}>
              <Csrf token={ctx.csrf} />
              <TextField name="on" idPrefix="u" label="更新日期" type="date" required value={opts.form === 'update' ? opts.values?.on : todayBeijing()} error={opts.form === 'update' ? fields.on : undefined} />
              <TextField name="what" idPrefix="u" label="更新内容" required value={opts.form === 'update' ? opts.values?.what : ''} error={opts.form === 'update' ? fields.what : undefined} hint="如：发布《关于2024年汛期安全防范工作的通知》解读" maxLength={500} />
              <button type="submit">登记更新</button>
            </form>
          ) : null}
          {updates.length ? <ul>{updates.map((u) => <li>{u.on}　{u.what}</li>)}</ul> : <p>暂无更新记录。</p>}
        </section>
        {editable ? (
          <section aria-labelledby="h-edit">
            <h2 id="h-edit">修改账号信息</h2>
            <form method="post" action={`/admin/new-media/${id}`}>
              <Csrf token={ctx.csrf} />
              <AccountForm actor={actor} tree={tree} values={opts.form === 'edit' && opts.values ? opts.values : rowValues} fields={opts.form === 'edit' ? fields : {}} item={a} submit="保存修改" />
            </form>
          </section>
        ) : null}
        <section aria-labelledby="h-hist">
          <h2 id="h-hist">历史版本</h2>
          <ol class="history">
            {hist.map((h) => (
              <li>
                第 {h.version} 版 {fmtDateTime(h.at)} {h.actorName} {h.reason ? `原因：${h.reason}` : ''}
                {h.action === 'create' ? '登记' : h.changes.length ? `：${h.changes.map((c) => `${c.label} ${c.before ?? '（空）'} → ${c.after ?? '（空）'}`).join('；')}` : `（${REGISTER_STATUS_LABELS[h.status as RegisterStatus] ?? h.status}）`}
              </li>
            ))}
          </ol>
        </section>
      </AdminPage>,
      opts.status ?? 200,
    );
  };

  app.get('/admin/new-media/:id', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'newmedia.read', undefined, '您的角色不能查看政务新媒体账号。');
    return detail(req, reply, actor, idParam(req));
  });

  app.post('/admin/new-media/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const { expectedVersion, ...values } = parseForm(AccountFormBody, req.body);
    const r = await saveAccount(db, actor, { id, expectedVersion, unitId: Number(values.unitId), fields: values, reason: values.reason });
    if (!r.ok) {
      if (r.error.code === 'NOT_FOUND') throw r.error;
      return detail(req, reply, actor, id, { values: { ...values, expectedVersion: expectedVersion === undefined ? '' : String(expectedVersion) }, fields: r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message, form: 'edit' });
    }
    return reply.redirect(`/admin/new-media/${id}?msg=saved`, 303);
  });

  app.post('/admin/new-media/:id/updates', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(UpdateFormBody, req.body);
    const r = await recordUpdate(db, actor, id, values);
    if (!r.ok) {
      if (r.error.code === 'NOT_FOUND') throw r.error;
      return detail(req, reply, actor, id, { values, fields: r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message, form: 'update' });
    }
    return reply.redirect(`/admin/new-media/${id}?msg=updated`, 303);
  });

  for (const step of ['submit', 'approve', 'return', 'publish', 'retire'] as const) {
    app.post(`/admin/new-media/:id/${step}`, async (req, reply) => {
      const actor = requireActor(req);
      const id = idParam(req);
      const r = await transition(db, ACCOUNTS, actor, id, step, { reason: parseForm(StepFormBody, req.body).reason });
      if (!r.ok) {
        if (r.error.code === 'NOT_FOUND') throw r.error;
        return detail(req, reply, actor, id, { status: r.error.status, message: r.error.fields?.reason ?? r.error.message });
      }
      return reply.redirect(`/admin/new-media/${id}?msg=${step}`, 303);
    });
  }
}
