// Console pages of 重点领域信息 (/admin/key-areas): the unit's records by area and status, the template form of
// an area and category (for 招生范围 the schools and their 施教区, one road segment a line), the review steps
// (submit → approve with the three checks or return → publish; retire), document links and the history with
// field-level changes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { fmtDateTime } from '../../platform/views/format.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, CheckField, SelectField, TextArea, TextField, flashText, idParam, requireRole, sendPage, unitOptions, val } from '../admin/public.ts';
import { REGISTER_STATUS_LABELS, history, linkedDocuments, nextSteps, type RegisterStatus, type Step } from '../registers/public.ts';
import { detailsOf, documentInReview, documentLag, linkKeyAreaDocuments, saveKeyAreaRecord, schoolsOf, stepKeyAreaRecord, unlinkKeyAreaDocument } from './commands.ts';
import { KEY_AREA_REGISTER as DEF, OWN_DOCUMENT_ROLE } from './register.ts';
import { recordById, recordUrl, staffRecords } from './repository.ts';
import { expandChanges } from './history.ts';
import { AREA_BY_KEY, AREAS, MAX_SCHOOLS, ZONE_CATEGORY, fieldsFor, schoolsToForm, type AreaSpec } from './templates.ts';
import type { KeyAreaRecordRow } from './tables.ts';
import { LinkForm, RecordForm, StepForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import './actions.ts';

const STEP_LABELS: Record<Step | 'sync', string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', publish: '公开', retire: '停用', sync: '同步对应文件' };
const ACTION_LABELS: Record<string, string> = { create: '新建', update: '修改', import: '导入', submit: '提交审核', approve: '审核通过', return: '退回', publish: '公开', 'publish-fast': '快速公开', retire: '停用' };
const CHECKS = {
  political: '政治关：内容导向正确，无错误表述，不涉及国家秘密',
  policy: '政策关：符合法律法规和现行政策，不含应去标识化的个人信息',
  wording: '文字关：文字、数据、标点准确，格式规范',
};

function rowValues(r: KeyAreaRecordRow): Record<string, string> {
  return {
    area: r.area,
    category: r.category,
    year: String(r.year),
    townId: r.town_id ? String(r.town_id) : '',
    unitId: String(r.unit_id),
    title: r.title,
    summary: r.summary,
    expectedVersion: String(r.version),
    ...detailsOf(r),
    ...schoolsToForm(schoolsOf(r)),
  };
}

function RecordFields({ area, category, v, f, units, towns }: { area: AreaSpec; category: string; v: Record<string, string>; f: FieldErrors; units: { value: string; label: string }[]; towns: { value: string; label: string }[] }) {
  const schools = category === ZONE_CATEGORY && area.key === 'ywjy';
  const filled = Object.keys(v).filter((k) => /^school\d+_name$/.test(k) && v[k]).length;
  const blocks = Math.min(MAX_SCHOOLS, Math.max(3, filled + 1));
  return (
    <>
      <input type="hidden" name="area" value={area.key} />
      <input type="hidden" name="category" value={category} />
      <TextField name="title" label="标题" required value={v.title} error={f.title} maxLength={200} />
      <TextField name="year" label="年度" required value={v.year ?? todayBeijing().slice(0, 4)} error={f.year} inputMode="numeric" maxLength={4} />
      <SelectField name="townId" label="所在镇街" value={v.townId} options={towns} empty="全区" error={f.townId} hint="信息涉及某一街道或镇时选择，公众可按镇街筛选" />
      <SelectField name="unitId" label="负责单位" required value={v.unitId} options={units} error={f.unitId} />
      <TextArea name="summary" label="内容概述" value={v.summary} error={f.summary} rows={2} maxLength={1000} />
      {fieldsFor(area, category).map((fs) =>
        fs.kind === 'textarea' ? (
          <TextArea name={fs.key} label={fs.label} required={fs.required} value={v[fs.key]} error={f[fs.key]} hint={fs.hint} rows={fs.key === 'content' ? 8 : 3} />
        ) : (
          <TextField name={fs.key} label={fs.label} required={fs.required} value={v[fs.key]} error={f[fs.key]} hint={fs.hint} type={fs.kind === 'date' ? 'date' : 'text'} inputMode={fs.kind === 'number' ? 'decimal' : undefined} />
        ),
      )}
      {schools ? (
        <fieldset>
          <legend>学校和施教区</legend>
          {f.schools ? <p class="error">{f.schools}</p> : null}
          <p class="hint">施教区道路每行一段，写作“道路名 单号/双号/全部 起号-止号”，如“幸福中路 单号 1-199号”“古楚路 全部”“黄河南路 双号 100号以上”；社区、村、小区用顿号分隔。</p>
          {Array.from({ length: blocks }, (_, i) => (
            <fieldset>
              <legend>第 {i + 1} 所学校</legend>
              <TextField name={`school${i}_name`} label="学校名称" value={v[`school${i}_name`]} error={f[`school${i}_name`]} maxLength={200} />
              <TextField name={`school${i}_stage`} label="学段" value={v[`school${i}_stage`]} hint="小学、初中" maxLength={20} />
              <TextField name={`school${i}_address`} label="学校地址" value={v[`school${i}_address`]} maxLength={200} />
              <TextField name={`school${i}_phone`} label="咨询电话" value={v[`school${i}_phone`]} maxLength={40} />
              <TextArea name={`school${i}_roads`} label="施教区道路（每行一段）" value={v[`school${i}_roads`]} error={f[`school${i}_roads`]} rows={4} />
              <TextArea name={`school${i}_communities`} label="施教区社区、村、小区" value={v[`school${i}_communities`]} rows={2} />
            </fieldset>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const { db } = app;

  const options = async (actor: Actor) => {
    const tree = await loadUnitTree(db);
    return {
      tree,
      units: unitOptions(tree, actor, 'keyarea.edit'),
      towns: [...tree.byId.values()].filter((u) => u.type === 'town').map((u) => ({ value: String(u.id), label: u.name })),
    };
  };

  app.get('/admin/key-areas', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'keyarea.read', undefined, '您的角色不能查看重点领域信息。');
    const tree = await loadUnitTree(db);
    const scope = [...tree.byId.keys()].filter((id) => can(actor, 'keyarea.read', id));
    const area = AREA_BY_KEY.get(val(req.query, 'area'));
    const rows = await staffRecords(db, scope, area?.key);
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="重点领域信息" flash={flashText(req.query)}>
        <p>
          公众页面：<a href="/zdly">重点领域信息公开</a>。每条信息提交审核时生成同名文件，审核通过、公开时一并审核、发布，列入公开目录。
        </p>
        <nav aria-label="按领域">
          <ul class="inline-list">
            <li>{area ? <a href="/admin/key-areas">全部</a> : <strong>全部</strong>}</li>
            {AREAS.map((a) => <li>{a.key === area?.key ? <strong>{a.label}</strong> : <a href={`/admin/key-areas?area=${a.key}`}>{a.label}</a>}</li>)}
          </ul>
        </nav>
        {can(actor, 'keyarea.edit') ? (
          <form method="get" action="/admin/key-areas/new" class="filters">
            <label for="n-area">新建信息：类别</label>{' '}
            <select id="n-area" name="kind">
              {AREAS.map((a) => (
                <optgroup label={a.label}>{a.categories.map((c) => <option value={`${a.key}:${c}`}>{a.label} · {c}</option>)}</optgroup>
              ))}
            </select>{' '}
            <button type="submit">新建</button>
          </form>
        ) : null}
        <table>
          <caption>信息（最近修改的在前，最多 500 条）</caption>
          <thead>
            <tr><th scope="col">标题</th><th scope="col">领域 · 类别</th><th scope="col">年度</th><th scope="col">单位</th><th scope="col">状态</th></tr>
          </thead>
          <tbody>
            {rows.length ? rows.map((r) => (
              <tr>
                <td><a href={`/admin/key-areas/${r.id}`}>{r.title}</a></td>
                <td>{AREA_BY_KEY.get(r.area)?.label} · {r.category}</td>
                <td>{r.year}</td>
                <td>{tree.byId.get(r.unit_id)?.name}</td>
                <td>{REGISTER_STATUS_LABELS[r.status as RegisterStatus] ?? r.status}</td>
              </tr>
            )) : <tr><td colSpan={5}>还没有信息。</td></tr>}
          </tbody>
        </table>
      </AdminPage>,
    );
  });

  const newForm = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, area: AreaSpec, category: string, v: Record<string, string>, f: FieldErrors = {}, status = 200, message?: string) => {
    const o = await options(actor);
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={`新建：${area.label} · ${category}`} fields={f} message={message} crumbs={[['/admin/key-areas', '重点领域信息']]}>
        <form method="post" action="/admin/key-areas">
          <Csrf token={ctx.csrf} />
          <RecordFields area={area} category={category} v={{ unitId: String(actor.unitId), ...v }} f={f} units={o.units} towns={o.towns} />
          <button type="submit">保存草稿</button>
        </form>
      </AdminPage>,
      status,
    );
  };

  app.get('/admin/key-areas/new', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'keyarea.edit', undefined, '您的角色不能填报重点领域信息。');
    const [a, c] = val(req.query, 'kind').split(':');
    const area = AREA_BY_KEY.get(a ?? '');
    if (!area || !area.categories.includes(c ?? '')) throw new AppError('NOT_FOUND', '请从列表页选择要新建的类别。');
    return newForm(req, reply, actor, area, c!, {});
  });

  app.post('/admin/key-areas', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'keyarea.edit', undefined, '您的角色不能填报重点领域信息。');
    const b = parseForm(RecordForm, req.body) as Record<string, string>;
    const r = await saveKeyAreaRecord(db, actor, b);
    if (!r.ok) {
      const area = AREA_BY_KEY.get(b.area ?? '');
      if (!area || !area.categories.includes(b.category ?? '')) throw r.error;
      return newForm(req, reply, actor, area, b.category!, b, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    }
    return reply.redirect(`/admin/key-areas/${r.value.id}?msg=created`, 303);
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, err?: { fields?: FieldErrors; message?: string; status: number; values?: Record<string, string> }) => {
    const r = await recordById(db, id);
    if (!r || !can(actor, 'keyarea.read', r.unit_id)) throw new AppError('NOT_FOUND', '这条重点领域信息不存在。');
    const area = AREA_BY_KEY.get(r.area)!;
    const o = await options(actor);
    const f = err?.fields ?? {};
    const ctx = req.pageCtx();
    const [docs, hist, lag, inReview] = await Promise.all([linkedDocuments(db, DEF, id, { publicOnly: false }), history(db, DEF, id), documentLag(db, r), documentInReview(db, r.document_id)]);
    const steps = nextSteps(r.status).filter((s) => can(actor, s === 'submit' ? DEF.actions.edit : DEF.actions.review, r.unit_id));
    const canEdit = r.status !== 'retired' && can(actor, DEF.actions.edit, r.unit_id);
    const editable = canEdit && !inReview;
    const status = REGISTER_STATUS_LABELS[r.status as RegisterStatus] ?? r.status;
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={r.title} fields={f} message={err?.message} flash={flashText(req.query)} crumbs={[['/admin/key-areas', '重点领域信息']]}>
        <p>
          {area.label} · {r.category} · {r.year}年 · 状态：<strong>{status}</strong> · 第 {r.version} 版
          {r.status === 'published' ? <> · <a href={recordUrl(r.id)}>公众页面</a></> : null}
        </p>
        {r.document_id ? <p>对应文件：<a href={`/admin/documents/${r.document_id}`}>第 {r.document_id} 号文件</a>（随本条信息审核、发布）</p> : <p class="hint">提交审核时生成对应文件。</p>}
        {lag ? (
          <div class="notice" role="status">
            <p>对应文件与本条信息不一致：{lag}。</p>
            {can(actor, DEF.actions.review, r.unit_id) ? (
              <form method="post" action={`/admin/key-areas/${r.id}/step`}>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="step" value="sync" />
                <button type="submit">{STEP_LABELS.sync}</button>
              </form>
            ) : <p class="hint">请本单位审核人员打开本页，点“同步对应文件”。</p>}
          </div>
        ) : null}
        {steps.length ? (
          <section aria-labelledby="h-steps">
            <h2 id="h-steps">审核和公开</h2>
            {steps.map((s) => (
              <form method="post" action={`/admin/key-areas/${r.id}/step`}>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="step" value={s} />
                {s === 'approve' ? Object.entries(CHECKS).map(([k, label]) => <CheckField name={`check_${k}`} label={label} error={f[`check_${k}`]} idPrefix={`s-${s}`} />) : null}
                {s === 'return' || s === 'retire' ? <TextField name="reason" label={s === 'return' ? '退回原因' : '停用原因'} required error={f.reason} idPrefix={`s-${s}`} maxLength={500} /> : null}
                <button type="submit">{STEP_LABELS[s]}</button>
              </form>
            ))}
          </section>
        ) : null}
        {canEdit && inReview ? <p class="hint">{inReview}</p> : null}
        {editable ? (
          <section aria-labelledby="h-edit">
            <h2 id="h-edit">修改</h2>
            {r.status !== 'draft' && r.status !== 'returned' ? <p class="hint">修改后本条信息回到草稿，须重新提交审核、公开；公开前公众页面不再显示它。</p> : null}
            <form method="post" action={`/admin/key-areas/${r.id}`}>
              <Csrf token={ctx.csrf} />
              <input type="hidden" name="expectedVersion" value={err?.values?.expectedVersion ?? String(r.version)} />
              <RecordFields area={area} category={r.category} v={err?.values ?? rowValues(r)} f={f} units={o.units} towns={o.towns} />
              <TextField name="reason" label="修改原因" value={err?.values?.reason} hint="记入变更记录，如 依据新文件调整" maxLength={500} />
              <button type="submit">保存修改</button>
            </form>
          </section>
        ) : null}
        <section aria-labelledby="h-docs">
          <h2 id="h-docs">关联文件</h2>
          {docs.length ? (
            <ul>
              {docs.map((d) => (
                <li>
                  {d.role}：<a href={`/admin/documents/${d.id}`}>{d.title}</a>
                  {editable && d.id !== r.document_id ? (
                    <form method="post" action={`/admin/key-areas/${r.id}/links/${d.id}/delete`} class="inline">
                      <Csrf token={ctx.csrf} /> <button type="submit">取消关联</button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : <p>暂无。</p>}
          {editable ? (
            <form method="post" action={`/admin/key-areas/${r.id}/links`}>
              <Csrf token={ctx.csrf} />
              <TextField name="documentIds" label="关联文件编号" error={f.documentIds} hint="文件管理中的编号，多个用逗号分隔" />
              <TextField name="role" label="关联类型" hint="如 批准文件、招生方案文件；不填为“相关文件”" maxLength={40} />
              <button type="submit">关联</button>
            </form>
          ) : null}
        </section>
        <section aria-labelledby="h-hist">
          <h2 id="h-hist">变更记录</h2>
          <table>
            <thead><tr><th scope="col">版本</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">操作</th><th scope="col">变更</th></tr></thead>
            <tbody>
              {hist.map((h) => (
                <tr>
                  <td>{h.version}</td>
                  <td>{fmtDateTime(h.at)}</td>
                  <td>{h.actorName}</td>
                  <td>{ACTION_LABELS[h.action] ?? h.action}{h.reason ? `：${h.reason}` : ''}</td>
                  <td>{h.action === 'create' ? '' : expandChanges(r.area, h.changes).filter((c) => c.field !== 'status').map((c) => c.label).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </AdminPage>,
      err?.status ?? 200,
    );
  };

  app.get('/admin/key-areas/:id', async (req, reply) => detail(req, reply, requireActor(req), idParam(req)));

  app.post('/admin/key-areas/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const b = parseForm(RecordForm, req.body) as Record<string, string>;
    const r = await saveKeyAreaRecord(db, actor, b, id);
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, values: b });
    return reply.redirect(`/admin/key-areas/${id}?msg=saved`, 303);
  });

  app.post('/admin/key-areas/:id/step', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const b = parseForm(StepForm, req.body);
    const step = (b.step ?? '') as Step | 'sync';
    if (!(step in STEP_LABELS)) throw new AppError('VALIDATION', undefined, { step: '未知的操作' });
    const r = await stepKeyAreaRecord(db, actor, id, step, b);
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status });
    return reply.redirect(`/admin/key-areas/${id}?msg=saved`, 303);
  });

  app.post('/admin/key-areas/:id/links', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const b = parseForm(LinkForm, req.body);
    const r = await linkKeyAreaDocuments(db, actor, id, b.documentIds ?? '', b.role);
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status });
    return reply.redirect(`/admin/key-areas/${id}?msg=saved`, 303);
  });

  app.post('/admin/key-areas/:id/links/:docId/delete', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const r = await unlinkKeyAreaDocument(db, actor, id, idParam(req, 'docId'));
    if (!r.ok) return detail(req, reply, actor, id, { message: r.error.message, status: r.error.status });
    return reply.redirect(`/admin/key-areas/${id}?msg=saved`, 303);
  });
}

export { OWN_DOCUMENT_ROLE };
