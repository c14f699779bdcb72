// Pages of 权责清单: the public current list with search and filters (/qzqd), an item with its legal bases
// and its history as field-level changes (/qzqd/:id); the console list with the new-item form, .xlsx export and
// import (row-by-row report), an item's form (version, reason, date), review steps and full history, and the
// items flagged because a law they cite changed (/admin/power-items/flagged).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, Layout, Pager, qs } from '../../platform/views/layout.tsx';
import { renderPage } from '../../platform/views/render.ts';
import { one } from '../../platform/http/request.ts';
import { fmtDate, fmtDateTime } from '../../platform/views/format.ts';
import { AdminPage, SelectField, TextArea, TextField, idParam, pageParam, requireRole, sendPage, unitOptions, val } from '../admin/public.ts';
import { history, nextSteps, NO_FILE, REGISTER_STATUS_LABELS, transition, uploadedFile, XlsxImportForm, type HistoryEntry, type RegisterStatus, type Step } from '../registers/public.ts';
import { confirmBasis, exportItems, flaggedItems, importItems, saveItem, type ImportRow } from './commands.ts';
import { POWER_ITEMS } from './register.ts';
import { getItem, pagePublicItems, pageStaffItems, publicItem, unitsWithItems } from './repository.ts';
import { LEVELS, POWER_TYPES, daysText, linesOf, showValue } from './rules.ts';
import type { PowerItemRow } from './tables.ts';
import { ConfirmBasisFormBody, ItemFormBody, StepFormBody } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';

const PAGE_SIZE = 20;
const STEP_LABELS: Record<Step, string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', publish: '公开', retire: '停用' };
const ACTION_LABELS: Record<string, string> = { create: '新建', update: '修改', import: '导入', submit: '提交审核', approve: '审核通过', return: '退回', publish: '公开', 'publish-fast': '公开', retire: '停用' };
const FLASH: Record<string, string> = { created: '事项已保存为草稿。', saved: '修改已保存为新版本（草稿），审核通过并公开后对公众生效。', unchanged: '没有修改任何内容。', submit: '已提交审核。', approve: '已审核通过，可以公开。', return: '已退回修改。', publish: '已公开。', retire: '已停用，该事项不再列入现行清单，历史版本仍可查。', checked: '依据复核已记录。' };

function Changes({ entry }: { entry: HistoryEntry }) {
  if (!entry.changes.length) return null;
  return (
    <table class="diff">
      <caption class="visually-hidden">第 {entry.version} 版的修改</caption>
      <thead>
        <tr><th scope="col">项目</th><th scope="col">修改前</th><th scope="col">修改后</th></tr>
      </thead>
      <tbody>
        {entry.changes.map((c) => (
          <tr>
            <th scope="row">{c.label}</th>
            <td><del>{showValue(c.field, c.before)}</del></td>
            <td><ins>{showValue(c.field, c.after)}</ins></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function powerListPages(app: FastifyInstance) {
  const { db } = app;

  // ---- public ----------------------------------------------------------------------------------------
  // Public pages go through the platform's page cache (app.servePublic): rendered once per data version.
  const html = (body: string) => ({ status: 200, type: 'text/html; charset=utf-8', body });
  app.get('/qzqd', (req, reply) => app.servePublic(req, reply, async () => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const type = (POWER_TYPES as readonly string[]).includes(one(q.type)) ? one(q.type) : '';
    const unitRaw = Number(one(q.unit));
    const units = await unitsWithItems(db);
    const unit = units.some((u) => u.id === unitRaw) ? unitRaw : 0;
    const words = one(q.q).trim().slice(0, 50);
    const page = pageParam(q);
    const { items, total } = await pagePublicItems(db, { type: type || undefined, unitId: unit || undefined, q: words, page, pageSize: PAGE_SIZE });
    const here = (p?: number) => `/qzqd${qs({ type: type || undefined, unit: unit || undefined, q: words || undefined, page: p })}`;
    return html(
        renderPage(
          <Layout ctx={req.pageCtx()} title="权责清单">
            <nav class="breadcrumb" aria-label="当前位置">
              <ol>
                <li><a href="/">首页</a></li>
                <li><span aria-current="page">权责清单</span></li>
              </ol>
            </nav>
            <h1>权责清单</h1>
            <p>本区各单位依法行使的行政权力事项（含行政许可事项清单）的现行版本：设定依据、实施主体、责任事项、追责情形、收费和办结时限。点击事项名称可查看其历次变更。</p>
            <form method="get" action="/qzqd" class="filters" role="search" aria-label="查找事项">
              <div class="field">
                <label for="f-q">关键词</label>
                <input id="f-q" name="q" type="search" value={words} maxLength={50} placeholder="事项名称或编码" />
              </div>
              <div class="field">
                <label for="f-type">权力类型</label>
                <select id="f-type" name="type">
                  <option value="">全部类型</option>
                  {POWER_TYPES.map((t) => <option value={t} selected={t === type}>{t}</option>)}
                </select>
              </div>
              <div class="field">
                <label for="f-unit">实施主体</label>
                <select id="f-unit" name="unit">
                  <option value="">全部单位</option>
                  {units.map((u) => <option value={String(u.id)} selected={u.id === unit}>{u.name}</option>)}
                </select>
              </div>
              <button type="submit">查找</button>
            </form>
            <p role="status">共 {total} 项{type ? `（${type}）` : ''}{words ? `，含“${words}”` : ''}。</p>
            {items.length ? (
              <ul class="doc-list">
                {items.map((i) => (
                  <li>
                    <div>
                      <a href={i.url}>{i.name}</a>
                      <div class="muted">
                        {i.code} · {i.unit}
                        {i.statutoryDays || i.promisedDays ? ` · 法定 ${i.statutoryDays ?? '—'} / 承诺 ${i.promisedDays ?? '—'} 个工作日` : ''}
                      </div>
                    </div>
                    <span class="date">{i.powerType}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>没有符合条件的事项。</p>
            )}
            <Pager page={page} pageSize={PAGE_SIZE} total={total} href={here} />
          </Layout>,
        ),
      );
  }));

  app.get('/qzqd/:id', (req, reply) => app.servePublic(req, reply, async () => {
    const item = await publicItem(db, idParam(req), { documents: false });
    if (!item) throw new AppError('NOT_FOUND', '该事项不存在或未在现行清单中。');
    return html(
        renderPage(
          <Layout ctx={req.pageCtx()} title={item.name}>
            <nav class="breadcrumb" aria-label="当前位置">
              <ol>
                <li><a href="/">首页</a></li>
                <li><a href="/qzqd">权责清单</a></li>
                <li><span aria-current="page">{item.name}</span></li>
              </ol>
            </nav>
            <h1>{item.name}</h1>
            <dl class="guide">
              <dt>事项编码</dt><dd>{item.code}</dd>
              <dt>权力类型</dt><dd>{item.powerType}</dd>
              <dt>实施主体</dt><dd>{item.unit}</dd>
              <dt>行使层级</dt><dd>{item.level}</dd>
              {item.subItems.length ? <><dt>子项</dt><dd><ul>{item.subItems.map((s) => <li>{s}</li>)}</ul></dd></> : null}
              <dt>设定依据</dt>
              <dd>
                <ul>
                  {item.basis.map((b) => (
                    <li>{b.url ? <a href={b.url}>《{b.law}》</a> : `《${b.law}》`}{b.article}</li>
                  ))}
                </ul>
              </dd>
              <dt>责任事项</dt><dd>{item.duties}</dd>
              <dt>追责情形</dt><dd>{item.accountability}</dd>
              <dt>收费依据及标准</dt><dd>{item.fee}</dd>
              <dt>法定办结时限</dt><dd>{daysText(item.statutoryDays)}</dd>
              <dt>承诺办结时限</dt><dd>{daysText(item.promisedDays)}</dd>
              <dt>本版公开时间</dt><dd>{fmtDateTime(item.publishedAt)}</dd>
            </dl>
            <section aria-labelledby="h-history">
              <h2 id="h-history">变更记录</h2>
              <ol class="history">
                {item.history.map((h) => (
                  <li>
                    <p>
                      <strong>{fmtDate(h.at)} {h.action === 'retire' ? '停用' : h.changes.length && h.version !== item.history[item.history.length - 1]?.version ? '变更' : '公开'}</strong>
                      {h.reason ? `　原因：${h.reason}` : ''}
                      {h.effectiveOn ? `　生效日期：${h.effectiveOn}` : ''}
                    </p>
                    {h.version !== item.history[item.history.length - 1]?.version ? <Changes entry={h} /> : null}
                  </li>
                ))}
              </ol>
            </section>
          </Layout>,
        ),
      );
  }));

  // ---- console ---------------------------------------------------------------------------------------
  const scopeOf = async (actor: Actor) => {
    const tree = await loadUnitTree(db);
    return { tree, scope: [...tree.byId.keys()].filter((u) => can(actor, 'power.read', u)) };
  };

  const ItemForm = ({ actor, tree, values, fields, action, item }: { actor: Actor; tree: Awaited<ReturnType<typeof loadUnitTree>>; values: Record<string, string>; fields: FieldErrors; action: string; item?: PowerItemRow }) => (
    <>
      {item ? <input type="hidden" name="expectedVersion" value={values.expectedVersion ?? String(item.version)} /> : null}
      <TextField name="code" label="事项编码" required value={values.code} error={fields.code} maxLength={40} />
      <TextField name="name" label="事项名称" required value={values.name} error={fields.name} maxLength={200} />
      <SelectField name="powerType" label="权力类型" required value={values.powerType} options={POWER_TYPES.map((t) => ({ value: t, label: t }))} error={fields.powerType} empty="请选择" />
      <SelectField name="unitId" label="实施主体" required value={values.unitId ?? String(actor.unitId)} options={unitOptions(tree, actor, 'power.edit')} error={fields.unitId} />
      <SelectField name="level" label="行使层级" required value={values.level || '区级'} options={LEVELS.map((t) => ({ value: t, label: t }))} error={fields.level} />
      <TextArea name="subItems" label="子项" value={values.subItems} error={fields.subItems} rows={3} hint="每行一个子项；没有可不填" />
      <TextArea name="basis" label="设定依据" required value={values.basis} error={fields.basis} rows={4} hint="每行一条，如：《中华人民共和国食品安全法》第三十五条。本站已公开的法律法规文件会自动关联" />
      <TextArea name="duties" label="责任事项" required value={values.duties} error={fields.duties} rows={4} />
      <TextArea name="accountability" label="追责情形" required value={values.accountability} error={fields.accountability} rows={4} />
      <TextField name="fee" label="收费依据及标准" value={values.fee} error={fields.fee} hint="不填为“不收费”" />
      <TextField name="statutoryDays" label="法定办结时限（工作日）" value={values.statutoryDays} error={fields.statutoryDays} inputMode="numeric" />
      <TextField name="promisedDays" label="承诺办结时限（工作日）" value={values.promisedDays} error={fields.promisedDays} inputMode="numeric" />
      <TextField name="reason" label="变更原因" value={values.reason} error={fields.reason} hint={item ? '如：《中华人民共和国食品安全法》2021年修正' : '新建可不填'} maxLength={500} />
      <TextField name="effectiveOn" label="生效日期" type="date" value={values.effectiveOn} error={fields.effectiveOn} />
      <button type="submit">{action}</button>
    </>
  );

  const rowValues = (r: PowerItemRow): Record<string, string> => ({
    code: r.code, name: r.name, powerType: r.power_type, unitId: String(r.unit_id), level: r.level, subItems: linesOf(r.sub_items).join('\n'), basis: linesOf(r.basis).join('\n'),
    duties: r.duties, accountability: r.accountability, fee: r.fee, statutoryDays: r.statutory_days === null ? '' : String(r.statutory_days), promisedDays: r.promised_days === null ? '' : String(r.promised_days), reason: '', effectiveOn: '', expectedVersion: String(r.version),
  });

  const list = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, opts: { values?: Record<string, string>; fields?: FieldErrors; status?: number; message?: string; report?: ImportRow[] } = {}) => {
    const { tree, scope } = await scopeOf(actor);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const status = Object.hasOwn(REGISTER_STATUS_LABELS, one(q.status)) ? one(q.status) : '';
    const page = pageParam(q);
    const [{ count, rows }, flagged] = await Promise.all([
      pageStaffItems(db, scope, status, page, PAGE_SIZE),
      flaggedItems(db, actor.role === 'admin' ? null : scope),
    ]);
    const ctx = req.pageCtx();
    const fields = opts.fields ?? {};
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="权责清单" fields={fields} message={opts.message} flash={FLASH[val(q, 'msg')] ?? null}>
        <p>
          <a href="/qzqd">公开页面</a> · <a href="/admin/power-items/export.xlsx">导出 .xlsx</a>
        </p>
        <p>{flagged.length ? <a href="/admin/power-items/flagged"><strong>依据的法律法规已变更、待复核的事项 {flagged.length} 项</strong></a> : '没有待复核的事项。'}</p>
        <form method="get" action="/admin/power-items" class="filters" aria-label="按状态筛选">
          <div class="field">
            <label for="f-status">状态</label>
            <select id="f-status" name="status">
              <option value="">全部状态</option>
              {(Object.keys(REGISTER_STATUS_LABELS) as RegisterStatus[]).map((st) => <option value={st} selected={st === status}>{REGISTER_STATUS_LABELS[st]}</option>)}
            </select>
          </div>
          <button type="submit">筛选</button>
        </form>
        <table>
          <caption>事项（共 {Number(count.n)} 项）</caption>
          <thead>
            <tr><th scope="col">事项编码</th><th scope="col">事项名称</th><th scope="col">权力类型</th><th scope="col">实施主体</th><th scope="col">状态</th><th scope="col">版本</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.code}</td>
                <td><a href={`/admin/power-items/${r.id}`}>{r.name}</a></td>
                <td>{r.power_type}</td>
                <td>{tree.byId.get(r.unit_id)?.name}</td>
                <td>{REGISTER_STATUS_LABELS[r.status as RegisterStatus] ?? r.status}</td>
                <td>第 {r.version} 版</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager page={page} pageSize={PAGE_SIZE} total={Number(count.n)} href={(p) => `/admin/power-items${qs({ status: status || undefined, page: p })}`} />
        {opts.report ? (
          <section aria-labelledby="h-report">
            <h2 id="h-report">导入结果</h2>
            <p>
              新增 {opts.report.filter((r) => r.outcome === 'created').length} 项，修改 {opts.report.filter((r) => r.outcome === 'updated').length} 项，未变 {opts.report.filter((r) => r.outcome === 'unchanged').length} 项，
              未导入 {opts.report.filter((r) => r.outcome === 'rejected').length} 行（这些行没有做任何修改）。
            </p>
            <table>
              <caption class="visually-hidden">逐行结果</caption>
              <thead><tr><th scope="col">行</th><th scope="col">事项编码</th><th scope="col">结果</th></tr></thead>
              <tbody>
                {opts.report.map((r) => (
                  <tr>
                    <td>第 {r.row} 行</td>
                    <td>{r.code}</td>
                    <td>{{ created: '新增', updated: '已修改', unchanged: '未变', rejected: '未导入：' }[r.outcome]}{r.errors.join('；')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
        {can(actor, 'power.edit') ? (
          <>
            <section aria-labelledby="h-import">
              <h2 id="h-import">导入 .xlsx</h2>
              <p>表格格式与“导出 .xlsx”相同（第 1 行为表头）。按事项编码匹配：已有的事项若有变化保存为新版本，没有变化的不动；有错误的行不导入，逐行说明原因。</p>
              <XlsxImportForm action="/admin/power-items/import" csrf={ctx.csrf} error={fields.file} />
            </section>
            <section aria-labelledby="h-new">
              <h2 id="h-new">新建事项</h2>
              <form method="post" action="/admin/power-items">
                <Csrf token={ctx.csrf} />
                <ItemForm actor={actor} tree={tree} values={opts.values ?? {}} fields={fields} action="保存为草稿" />
              </form>
            </section>
          </>
        ) : null}
      </AdminPage>,
      opts.status ?? 200,
    );
  };

  app.get('/admin/power-items', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'power.read', undefined, '您的角色不能查看权责清单。');
    return list(req, reply, actor);
  });

  app.post('/admin/power-items', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'power.edit', undefined, '您的角色不能编辑权责清单。');
    const { expectedVersion: _, ...values } = parseForm(ItemFormBody, req.body);
    const r = await saveItem(db, actor, { unitId: Number(values.unitId), fields: values, reason: values.reason, effectiveOn: values.effectiveOn });
    if (!r.ok) return list(req, reply, actor, { values, fields: r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message });
    return reply.redirect(`/admin/power-items/${r.value.id}?msg=created`, 303);
  });

  app.get('/admin/power-items/export.xlsx', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'power.read', undefined, '您的角色不能导出权责清单。');
    const bytes = await exportItems(db, actor);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="power-items.xlsx"; filename*=UTF-8''${encodeURIComponent('权责清单.xlsx')}`)
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(bytes));
  });

  app.post('/admin/power-items/import', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'power.edit', undefined, '您的角色不能导入权责清单。');
    const bytes = await uploadedFile(req, '导入 .xlsx');
    if (!bytes) return list(req, reply, actor, { fields: { file: NO_FILE }, status: 400 });
    const r = await importItems(db, actor, bytes);
    if (!r.ok) return list(req, reply, actor, { fields: r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message });
    return list(req, reply, actor, { report: r.value });
  });

  app.get('/admin/power-items/flagged', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'power.read', undefined, '您的角色不能查看权责清单。');
    const { tree, scope } = await scopeOf(actor);
    const rows = await flaggedItems(db, actor.role === 'admin' ? null : scope);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="待复核的事项" crumbs={[['/admin/power-items', '权责清单']]}>
        <p>这些事项引用的法律法规文件已被标记为失效、废止或已修改，请核对设定依据：修改事项，或在事项页面记录“依据复核”。</p>
        <table>
          <caption class="visually-hidden">待复核的事项</caption>
          <thead><tr><th scope="col">事项</th><th scope="col">实施主体</th><th scope="col">引用的文件</th><th scope="col">文件现状</th></tr></thead>
          <tbody>
            {rows.length ? rows.map((r) => (
              <tr>
                <td><a href={`/admin/power-items/${r.id}`}>{r.code} {r.name}</a></td>
                <td>{tree.byId.get(r.unitId)?.name}</td>
                <td><a href={`/xxgk/documents/${r.law.id}`}>{r.law.title}</a></td>
                <td>{r.law.validity}{r.law.validityOn ? `（${r.law.validityOn}）` : ''}</td>
              </tr>
            )) : <tr><td colSpan={4}>没有待复核的事项。</td></tr>}
          </tbody>
        </table>
      </AdminPage>,
    );
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, opts: { values?: Record<string, string>; fields?: FieldErrors; status?: number; message?: string } = {}) => {
    const item = await getItem(db, id);
    if (!item || !can(actor, 'power.read', item.unit_id)) throw new AppError('NOT_FOUND', '事项不存在。');
    const [{ tree }, hist, flagged] = await Promise.all([scopeOf(actor), history(db, POWER_ITEMS, id), flaggedItems(db, [item.unit_id])]);
    const mine = flagged.filter((f) => f.id === id);
    const ctx = req.pageCtx();
    const fields = opts.fields ?? {};
    const steps = nextSteps(item.status).filter((s) => can(actor, s === 'submit' ? 'power.edit' : 'power.review', item.unit_id));
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={item.name} fields={fields} message={opts.message} flash={FLASH[val(req.query, 'msg')] ?? null} crumbs={[['/admin/power-items', '权责清单']]}>
        <p>
          {item.code} · {tree.byId.get(item.unit_id)?.name} · 状态：<strong>{REGISTER_STATUS_LABELS[item.status as RegisterStatus] ?? item.status}</strong> · 第 {item.version} 版
          {item.status === 'published' ? <> · <a href={`/qzqd/${id}`}>公开页面</a></> : null}
        </p>
        {mine.length ? (
          <div class="validity-banner warn" role="note">
            <p>本事项引用的 {mine.map((m) => `《${m.law.title}》（${m.law.validity}${m.law.validityOn ? `，${m.law.validityOn}` : ''}）`).join('、')} 已变更，请核对设定依据。</p>
            {can(actor, 'power.edit', item.unit_id) && item.status !== 'retired' ? (
              <form method="post" action={`/admin/power-items/${id}/confirm-basis`}>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="expectedVersion" value={String(item.version)} />
                <TextField name="reason" idPrefix="cb" label="复核结论" required error={fields['cb-reason']} hint="依据无需调整时填写；需要调整请直接修改下面的表单" />
                <button type="submit">记录依据复核</button>
              </form>
            ) : null}
          </div>
        ) : null}
        {steps.length ? (
          <section aria-labelledby="h-steps">
            <h2 id="h-steps">审核</h2>
            {steps.map((s) => (
              <form method="post" action={`/admin/power-items/${id}/${s}`} class="inline-form">
                <Csrf token={ctx.csrf} />
                {s === 'return' || s === 'retire' ? <TextField name="reason" idPrefix={s} label={s === 'return' ? '退回原因' : '停用原因'} required error={fields[`${s}-reason`]} /> : null}
                <button type="submit" class={s === 'return' || s === 'retire' ? 'secondary' : undefined}>{STEP_LABELS[s]}</button>
              </form>
            ))}
          </section>
        ) : null}
        {can(actor, 'power.edit', item.unit_id) && item.status !== 'retired' ? (
          <section aria-labelledby="h-edit">
            <h2 id="h-edit">修改</h2>
            <p class="muted">保存后成为新版本（草稿），须重新提交审核、公开后对公众生效。</p>
            <form method="post" action={`/admin/power-items/${id}`}>
              <Csrf token={ctx.csrf} />
              <ItemForm actor={actor} tree={tree} values={opts.values ?? rowValues(item)} fields={fields} action="保存修改" item={item} />
            </form>
          </section>
        ) : null}
        <section aria-labelledby="h-hist">
          <h2 id="h-hist">历史版本</h2>
          <ol class="history">
            {hist.map((h) => (
              <li>
                <p>
                  <strong>第 {h.version} 版</strong> {fmtDateTime(h.at)} {h.actorName} {ACTION_LABELS[h.action] ?? h.action}
                  {h.reason ? `　原因：${h.reason}` : ''}
                  {h.effectiveOn ? `　生效日期：${h.effectiveOn}` : ''}
                </p>
                {h.action !== 'create' ? <Changes entry={h} /> : null}
              </li>
            ))}
          </ol>
        </section>
      </AdminPage>,
      opts.status ?? 200,
    );
  };

  app.get('/admin/power-items/:id', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'power.read', undefined, '您的角色不能查看权责清单。');
    return detail(req, reply, actor, idParam(req));
  });

  app.post('/admin/power-items/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const { expectedVersion: ev, ...values } = parseForm(ItemFormBody, req.body);
    const r = await saveItem(db, actor, { id, expectedVersion: ev, unitId: Number(values.unitId), fields: values, reason: values.reason, effectiveOn: values.effectiveOn });
    if (!r.ok) {
      if (r.error.code === 'NOT_FOUND') throw r.error;
      return detail(req, reply, actor, id, { values: { ...values, expectedVersion: ev === undefined ? '' : String(ev) }, fields: r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message });
    }
    return reply.redirect(`/admin/power-items/${id}?msg=${r.value.version === ev ? 'unchanged' : 'saved'}`, 303);
  });

  app.post('/admin/power-items/:id/confirm-basis', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const { expectedVersion, reason } = parseForm(ConfirmBasisFormBody, req.body);
    const r = await confirmBasis(db, actor, id, { expectedVersion, reason: reason ?? '' });
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields?.reason ? { 'cb-reason': r.error.fields.reason } : r.error.fields, status: r.error.status, message: r.error.fields ? undefined : r.error.message });
    return reply.redirect(`/admin/power-items/${id}?msg=checked`, 303);
  });

  for (const step of ['submit', 'approve', 'return', 'publish', 'retire'] as const) {
    app.post(`/admin/power-items/:id/${step}`, async (req, reply) => {
      const actor = requireActor(req);
      const id = idParam(req);
      const r = await transition(db, POWER_ITEMS, actor, id, step, { reason: parseForm(StepFormBody, req.body).reason });
      if (!r.ok) {
        if (r.error.code === 'NOT_FOUND') throw r.error;
        const fields = r.error.fields?.reason ? { [`${step}-reason`]: r.error.fields.reason } : undefined;
        return detail(req, reply, actor, id, { fields, status: r.error.status, message: fields ? undefined : r.error.message });
      }
      return reply.redirect(`/admin/power-items/${id}?msg=${step}`, 303);
    });
  }
}
