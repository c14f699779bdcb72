// Console pages of the standard catalog (menu 标准目录):
// - /admin/catalog — the year's catalogs: for the 政府办, every unit with its state, submission date against
//   the deadline, compliance, accept / return, the deadline form and "publish the district's catalog"; for a
//   unit's staff, the units in their scope;
// - /admin/catalog/units/:unit — one unit's catalog: its items with compliance, add an item, import/export
//   .xlsx, submit; the 政府办's accept/return;
// - /admin/catalog/items/:id — one item: edit (optimistic version), linked documents, history.
import { noStore } from '../../platform/http/request.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor } from '../../platform/access/roles.ts';
import { AppError, type FieldErrors, type Result } from '../../platform/errors.ts';
import { csrfCheckedParts, requireActor } from '../../platform/auth/index.tsx';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { contentDisposition, readFirstFile } from '../../platform/files/index.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, RadioField, SelectField, TextArea, TextField, idParam, sendPage, val } from '../admin/public.ts';
import { history, linkedDocuments, linkedDocumentsOf, REGISTER_STATUS_LABELS, type RegisterStatus } from '../registers/public.ts';
import { AUDIENCES, CHANNELS, LEVELS, MODES } from './areas.ts';
import { deleteItem, fieldLabel, importCatalog, isCatalogYear, isCoordinator, linkItemDocuments, linkItemPowerItems, unlinkItemPowerItem, publishCatalog, retireItem, reviewCatalog, saveItem, setDeadline, submitCatalog, unlinkItemDocument, type ImportReport, type SaveItemInput } from './commands.ts';
import { catalogSheet, channelsOf, readCatalogFile } from './items.ts';
import { beijingDate } from './timelimit.ts';
import { CATALOG_REGISTER } from './register.ts';
import { areasOf, compliance, currentYear, deadlineOf, getItem, lastPublication, listItems, powerItemsOf, unitCatalogs, UNIT_STATE_LABELS, type ItemRow } from './repository.ts';
import { ItemsTable, STYLE } from './pages.tsx';
import { DeadlineForm, DeleteForm, ItemFormBody, LinkForm, RetireForm, ReviewForm, YearForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';

const BASE = '/admin/catalog';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
const FLASH: Record<string, string> = {
  created: '事项已添加。',
  saved: '已保存。',
  submit: '目录已提交政府办审核。',
  accept: '已通过该单位的目录。',
  return: '已退回，单位修改后可重新提交。',
  publish: '全区标准目录已公布，公众可在“标准目录”页面查看和下载。',
  deadline: '编制期限已保存。',
  linked: '文件已关联。',
  unlinked: '已取消关联。',
  retired: '事项已停用，不再出现在公开的标准目录中。',
  deleted: '事项已删除。',
};
const STEP_LABELS: Record<string, string> = { submit: '提交', return: '退回', accept: '通过', publish: '公布' };

const yearOf = (q: unknown) => {
  const n = Number(val(q, 'year'));
  return isCatalogYear(n) ? n : null;
};
const unitHref = (unitId: number, year: number) => `${BASE}/units/${unitId}?year=${year}`;

function ItemForm({ action, values, errors, areas, csrf, submit, version }: { action: string; values: Record<string, string | string[]>; errors?: FieldErrors; areas: { id: number; name: string }[]; csrf: string; submit: string; version?: number }) {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const ch = Array.isArray(values.channels) ? values.channels : v('channels') ? [v('channels')] : [];
  return (
    <form method="post" action={action}>
      <Csrf token={csrf} />
      {version ? <input type="hidden" name="version" value={String(version)} /> : null}
      <SelectField name="area" label="领域" required value={v('area')} empty="请选择" options={areas.map((a) => ({ value: String(a.id), label: a.name }))} error={errors?.area} />
      <TextField name="level1" label="一级事项" required value={v('level1')} error={errors?.level1} maxLength={100} />
      <TextField name="level2" label="二级事项" value={v('level2')} error={errors?.level2} maxLength={100} />
      <TextArea name="content" label="公开内容（要素）" required value={v('content')} error={errors?.content} rows={3} />
      <TextArea name="basis" label="公开依据" required value={v('basis')} error={errors?.basis} rows={2} />
      <TextField name="timeLimit" label="公开时限" required value={v('timeLimit')} error={errors?.timeLimit} maxLength={200} hint="如“信息形成或者变更之日起20个工作日内”“自作出行政决定之日起7个工作日内”“实时”“每年3月底前”。系统据此核对关联文件是否按时公开，无法识别的显示“人工核对”。" />
      <TextField name="subject" label="公开主体" required value={v('subject')} error={errors?.subject} maxLength={200} />
      <fieldset class={errors?.channels ? 'field has-error' : 'field'} id="f-channels">
        <legend>
          公开渠道和载体<span class="req">（必填，可多选）</span>
        </legend>
        {errors?.channels ? <p class="error">{errors.channels}</p> : null}
        {CHANNELS.map((c, i) => (
          <label class="check" for={`f-ch-${i}`} style="display: inline-block; margin-right: 1em">
            <input type="checkbox" id={`f-ch-${i}`} name="channels" value={c} checked={ch.includes(c)} /> {c}
          </label>
        ))}
      </fieldset>
      <RadioField name="audience" label="公开对象" required value={v('audience')} options={AUDIENCES.map((a) => ({ value: a, label: a }))} error={errors?.audience} />
      <RadioField name="mode" label="公开方式" required value={v('mode')} options={MODES.map((m) => ({ value: m, label: m === '主动' ? '主动公开' : '依申请公开' }))} error={errors?.mode} />
      <RadioField name="level" label="公开层级" required value={v('level')} options={LEVELS.map((l) => ({ value: l, label: l }))} error={errors?.level} />
      {version ? <TextField name="reason" label="修改原因" value={v('reason')} error={errors?.reason} maxLength={500} hint="如“依据修订后的办法调整公开内容”，记入事项的历史。" /> : null}
      <p>
        <button type="submit">{submit}</button>
      </p>
    </form>
  );
}

/** The item form's values as the form shows them. */
function formValues({ channels, ...rest }: Static<typeof ItemFormBody>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of ['area', 'level1', 'level2', 'content', 'basis', 'timeLimit', 'subject', 'audience', 'mode', 'level', 'reason', 'version'] as const) out[k] = rest[k] ?? '';
  out.channels = channels ?? [];
  return out;
}

const itemValues = (i: ItemRow): Record<string, string | string[]> => ({
  area: String(i.area_id),
  level1: i.level1,
  level2: i.level2,
  content: i.content,
  basis: i.basis,
  timeLimit: i.time_limit,
  subject: i.subject,
  channels: channelsOf(i),
  audience: i.audience,
  mode: i.mode,
  level: i.level,
});

function ImportResult({ report }: { report: ImportReport }) {
  return (
    <div class="card" role="status">
      <p>
        导入完成：新增 {report.created} 项，修改 {report.updated} 项，未变 {report.unchanged} 项{report.rejected.length ? `，${report.rejected.length} 行有误未导入（这些行没有作任何改动）` : ''}。
      </p>
      {report.rejected.length ? (
        <ul>
          {report.rejected.map((r) => (
            <li>
              第 {r.line} 行：
              {Object.entries(r.errors)
                .map(([f, m]) => `${fieldLabel(f)}：${m}`)
                .join('；')}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const readable = (actor: Actor) => {
    if (!can(actor, 'catalog.read')) throw new AppError('FORBIDDEN', '您的角色不能查看标准目录。');
  };

  // ---- the year's overview ---------------------------------------------------------------------------
  async function overview(req: FastifyRequest, reply: FastifyReply, err?: { error: AppError; values?: Record<string, string> }) {
    const actor = requireActor(req);
    readable(actor);
    const year = yearOf(req.query) ?? yearOf(parseForm(YearForm, req.body)) ?? (await currentYear(db));
    const coordinator = await isCoordinator(db, actor);
    const tree = await loadUnitTree(db);
    const inScope = [...tree.byId.values()].filter((u) => (coordinator || actor.role === 'admin' ? true : actor.scope.has(u.id))).sort((a, b) => a.position - b.position || a.id - b.id);
    const cats = await unitCatalogs(db, year, inScope.map((u) => u.id));
    // The district government itself compiles no catalog of its own (the 政府办 does): listed only if it has items.
    const units = inScope.filter((u) => u.parentId !== null || (cats.get(u.id)?.items ?? 0) > 0);
    const comp = await compliance(db, { year, unitIds: units.map((u) => u.id), publicOnly: false });
    const deadline = await deadlineOf(db, year);
    const today = todayBeijing();
    const published = await lastPublication(db, year);
    const approved = [...cats.values()].reduce((n, c) => n + (c.counts.approved ?? 0), 0);
    const submittedUnits = [...cats.values()].filter((c) => c.submittedAt).length;
    const ctx = req.pageCtx();
    const msg = val(req.query, 'msg');
    const csrf = <Csrf token={ctx.csrf} />;
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={`${year} 年政务公开事项标准目录`} flash={Object.hasOwn(FLASH, msg) ? FLASH[msg] : null} message={err?.error.message} fields={err?.error.fields}>
        {STYLE}
        <form method="get" action={BASE} class="bz-filter">
          <div>
            <label for="f-year">年度</label>
            <input id="f-year" name="year" type="number" min="2019" max="2100" value={String(year)} style="width: 7em" />
          </div>
          <div>
            <button type="submit" class="secondary">
              查看
            </button>
          </div>
        </form>
        <p>
          编制期限：<strong>{deadline}</strong>
          {today > deadline ? '（已过期限）' : ''} · 已提交 {submittedUnits} 个单位 · {published ? `全区目录已于 ${fmtDateTime(published.at)} 公布` : '全区目录尚未公布'} ·{' '}
          <a href={`/bzml?year=${year}`}>公开页面</a>
        </p>
        {coordinator ? (
          <div class="actions">
            <form method="post" action={`${BASE}/deadline`} class="inline">
              {csrf}
              <input type="hidden" name="year" value={String(year)} />
              <label for="f-deadline">编制期限</label> <input id="f-deadline" name="deadline" type="date" value={err?.values?.deadline ?? deadline} required />{' '}
              <button type="submit" class="secondary">
                保存期限
              </button>
            </form>
            {approved ? (
              <form method="post" action={`${BASE}/publish`} class="inline">
                {csrf}
                <input type="hidden" name="year" value={String(year)} />
                <button type="submit">公布全区标准目录（{approved} 项待公布）</button>
              </form>
            ) : (
              <p class="muted">没有审核通过、待公布的事项。</p>
            )}
          </div>
        ) : null}
        <div class="table-scroll" tabIndex={0} role="region" aria-label="各单位目录">
          <table class="bz-table">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">状态</th>
                <th scope="col">事项</th>
                <th scope="col">提交时间</th>
                <th scope="col">未关联已发布文件</th>
                <th scope="col">超过时限</th>
                {coordinator ? <th scope="col">审核</th> : null}
              </tr>
            </thead>
            <tbody>
              {units.map((u) => {
                const c = cats.get(u.id)!;
                const s = comp.byUnit.get(u.id);
                const overdue = (!c.submittedAt && today > deadline) || (c.submittedAt && beijingDate(c.submittedAt) > deadline);
                return (
                  <tr>
                    <td data-label="单位">
                      <a href={unitHref(u.id, year)}>{u.name}</a>
                    </td>
                    <td data-label="状态">
                      {UNIT_STATE_LABELS[c.state]}
                      {c.state === 'returned' && c.lastStep?.reason ? <div class="muted">退回原因：{c.lastStep.reason}</div> : null}
                    </td>
                    <td data-label="事项">{c.items}</td>
                    <td data-label="提交时间">
                      {c.submittedAt ? fmtDateTime(c.submittedAt) : '未提交'}
                      {overdue ? <strong class="bz-bad">（逾期）</strong> : null}
                    </td>
                    <td data-label="未关联已发布文件">{s ? <span class={s.missing ? 'bz-bad' : ''}>{s.missing}</span> : '—'}</td>
                    <td data-label="超过时限">{s ? <span class={s.late ? 'bz-bad' : ''}>{s.late}</span> : '—'}</td>
                    {coordinator ? (
                      <td data-label={c.state === 'submitted' ? '审核' : undefined}>
                        {c.state === 'submitted' ? (
                          <>
                            <form method="post" action={`${BASE}/units/${u.id}/accept`} class="inline">
                              {csrf}
                              <input type="hidden" name="year" value={String(year)} />
                              <input type="hidden" name="back" value="overview" />
                              <button type="submit">通过</button>
                            </form>{' '}
                            <a href={`${unitHref(u.id, year)}#review`}>退回…</a>
                          </>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </AdminPage>,
      err ? err.error.status : 200,
    );
  }
  app.get(BASE, { onSend: noStore }, async (req, reply) => overview(req, reply));
  const afterOverview = async (req: FastifyRequest, reply: FastifyReply, r: Result<unknown>, flash: string, year: number, values?: Record<string, string>) => {
    if (r.ok) return reply.redirect(`${BASE}?year=${year}&msg=${flash}`, 303);
    if (r.error.code === 'UNAUTHENTICATED') throw r.error;
    return overview(req, reply, { error: r.error, values });
  };
  const bodyYear = (req: FastifyRequest) => {
    const y = yearOf(parseForm(YearForm, req.body));
    if (!y) throw new AppError('VALIDATION', undefined, { year: '年度无效' });
    return y;
  };
  app.post(`${BASE}/deadline`, async (req, reply) => {
    const year = bodyYear(req);
    const deadline = parseForm(DeadlineForm, req.body).deadline ?? '';
    return afterOverview(req, reply, await setDeadline(db, requireActor(req), year, deadline), 'deadline', year, { deadline });
  });
  app.post(`${BASE}/publish`, async (req, reply) => {
    const year = bodyYear(req);
    return afterOverview(req, reply, await publishCatalog(db, requireActor(req), year), 'publish', year);
  });

  // ---- one unit's catalog ----------------------------------------------------------------------------
  async function unitPage(req: FastifyRequest, reply: FastifyReply, unitId: number, err?: { error: AppError; form: string; values?: Record<string, string | string[]> }, report?: ImportReport) {
    const actor = requireActor(req);
    readable(actor);
    const coordinator = await isCoordinator(db, actor);
    if (!coordinator && !can(actor, 'catalog.read', unitId)) throw new AppError('FORBIDDEN', '只能查看本单位及下级单位的标准目录。');
    const tree = await loadUnitTree(db);
    const unit = tree.byId.get(unitId);
    if (!unit) throw new AppError('NOT_FOUND', '没有这个单位。');
    const year = yearOf(req.query) ?? yearOf(parseForm(YearForm, req.body)) ?? (await currentYear(db));
    const { items } = await listItems(db, { year, unitId, publicOnly: false });
    const comp = await compliance(db, { year, unitIds: [unitId], publicOnly: false });
    const docs = await linkedDocumentsOf(db, CATALOG_REGISTER, items.map((i) => i.id), { publicOnly: false });
    const powers = await powerItemsOf(db, items.map((i) => i.id), { publicOnly: false });
    const cat = (await unitCatalogs(db, year, [unitId])).get(unitId)!;
    const deadline = await deadlineOf(db, year);
    const areas = await areasOf(db);
    const ctx = req.pageCtx();
    const csrf = <Csrf token={ctx.csrf} />;
    const editor = can(actor, 'catalog.edit', unitId);
    const msg = val(req.query, 'msg');
    const s = comp.byUnit.get(unitId);
    const fieldsFor = (form: string) => (err?.form === form ? err.error.fields : undefined);
    return sendPage(
      reply,
      <AdminPage
        ctx={ctx}
        title={`${unit.name} ${year} 年标准目录`}
        crumbs={[[`${BASE}?year=${year}`, '标准目录']]}
        flash={Object.hasOwn(FLASH, msg) ? FLASH[msg] : null}
        message={err ? (err.error.fields && !err.error.message ? '请按提示修改：' : err.error.message) : null}
        fields={err?.error.fields}
      >
        {STYLE}
        <p>
          状态：<strong>{UNIT_STATE_LABELS[cat.state]}</strong> · 事项 {cat.items} 项 · 编制期限 {deadline} · {cat.submittedAt ? `${fmtDateTime(cat.submittedAt)} 提交` : '尚未提交'}
          {s ? ` · 未关联已发布文件 ${s.missing} 项 · 超过时限 ${s.late} 项 · 需人工核对时限 ${s.manual} 项` : ''}
        </p>
        {cat.state === 'returned' && cat.lastStep?.reason ? <p class="card">政府办退回原因：{cat.lastStep.reason}</p> : null}
        {report ? <ImportResult report={report} /> : null}
        <div class="actions">
          {editor && ((cat.counts.draft ?? 0) > 0 || (cat.counts.returned ?? 0) > 0) ? (
            <form method="post" action={`${BASE}/units/${unitId}/submit`} class="inline">
              {csrf}
              <input type="hidden" name="year" value={String(year)} />
              <button type="submit">提交政府办审核（{(cat.counts.draft ?? 0) + (cat.counts.returned ?? 0)} 项）</button>
            </form>
          ) : null}
          <a class="button secondary" href={`${BASE}/units/${unitId}/catalog.xlsx?year=${year}`}>
            导出（.xlsx）
          </a>
        </div>
        {coordinator && cat.state === 'submitted' ? (
          <section id="review" class="card">
            <h2>政府办审核</h2>
            <form method="post" action={`${BASE}/units/${unitId}/accept`} class="inline">
              {csrf}
              <input type="hidden" name="year" value={String(year)} />
              <button type="submit">通过</button>
            </form>
            <form method="post" action={`${BASE}/units/${unitId}/return`}>
              {csrf}
              <input type="hidden" name="year" value={String(year)} />
              <TextArea name="reason" label="退回原因" required rows={2} error={fieldsFor('return')?.reason} value={err?.form === 'return' ? String(err.values?.reason ?? '') : ''} />
              <button type="submit" class="secondary">
                退回修改
              </button>
            </form>
          </section>
        ) : null}
        <h2>目录事项</h2>
        {items.length ? (
          <ItemsTable items={items} comp={comp.byItem} docs={docs} docHref={(d) => `/admin/documents/${d.id}`} showUnit={false} link={(i) => `${BASE}/items/${i.id}`} powers={powers} />
        ) : (
          <p class="muted">还没有事项。可以逐项添加，或导出空白模板填写后导入。</p>
        )}
        {items.length ? (
          <p class="muted">
            状态：
            {Object.entries(cat.counts)
              .map(([k, n]) => `${REGISTER_STATUS_LABELS[k as RegisterStatus] ?? k} ${n}`)
              .join('，')}
          </p>
        ) : null}
        {editor ? (
          <>
            <details open={err?.form === 'create'}>
              <summary>添加事项</summary>
              <ItemForm action={`${BASE}/units/${unitId}/items?year=${year}`} values={err?.form === 'create' ? err.values ?? {} : { audience: '全社会', mode: '主动', level: unit.type === 'town' ? '乡级' : '县级', subject: unit.name, timeLimit: '信息形成或者变更之日起20个工作日内', channels: ['政府网站'] }} errors={fieldsFor('create')} areas={areas} csrf={ctx.csrf} submit="添加" />
            </details>
            <details open={err?.form === 'import'}>
              <summary>从 Excel 导入</summary>
              <form method="post" action={`${BASE}/units/${unitId}/import?year=${year}`} enctype="multipart/form-data">
                {csrf}
                <div class={fieldsFor('import')?.file ? 'field has-error' : 'field'}>
                  <label for="f-file">目录文件（.xlsx，与导出的格式相同）</label>
                  {fieldsFor('import')?.file ? <p class="error">{fieldsFor('import')?.file}</p> : null}
                  <p class="hint">序号与已有事项相同的行修改该事项，其余行新增事项；有误的行不导入，并逐行说明原因。</p>
                  <input id="f-file" type="file" name="file" accept=".xlsx" />
                </div>
                <button type="submit" class="secondary">
                  导入
                </button>
              </form>
            </details>
          </>
        ) : null}
      </AdminPage>,
      err ? err.error.status : 200,
    );
  }
  app.get(`${BASE}/units/:unit`, { onSend: noStore }, async (req, reply) => unitPage(req, reply, idParam(req, 'unit')));
  const afterUnit = async (req: FastifyRequest, reply: FastifyReply, unitId: number, year: number, form: string, r: Result<unknown>, flash: string, values?: Record<string, string | string[]>) => {
    if (r.ok) return reply.redirect(`${unitHref(unitId, year)}&msg=${flash}`, 303);
    if (r.error.code === 'UNAUTHENTICATED' || r.error.code === 'NOT_FOUND') throw r.error;
    return unitPage(req, reply, unitId, { error: r.error, form, values });
  };
  const yearOr400 = (req: FastifyRequest) => {
    const y = yearOf(req.query) ?? yearOf(parseForm(YearForm, req.body));
    if (!y) throw new AppError('VALIDATION', undefined, { year: '年度无效' });
    return y;
  };
  app.post(`${BASE}/units/:unit/items`, async (req, reply) => {
    const unitId = idParam(req, 'unit');
    const year = yearOr400(req);
    const v = formValues(parseForm(ItemFormBody, req.body));
    const r = await saveItem(db, requireActor(req), null, { ...(v as SaveItemInput), unit: unitId, year });
    return afterUnit(req, reply, unitId, year, 'create', r, 'created', v);
  });
  app.post(`${BASE}/units/:unit/submit`, async (req, reply) => {
    const unitId = idParam(req, 'unit');
    const year = yearOr400(req);
    return afterUnit(req, reply, unitId, year, 'submit', await submitCatalog(db, requireActor(req), unitId, year), 'submit');
  });
  for (const d of ['accept', 'return'] as const) {
    app.post(`${BASE}/units/:unit/${d}`, async (req, reply) => {
      const unitId = idParam(req, 'unit');
      const year = yearOr400(req);
      const form = parseForm(ReviewForm, req.body);
      const reason = form.reason ?? '';
      if (form.back === 'overview') {
        const r = await reviewCatalog(db, requireActor(req), unitId, year, d, reason);
        if (r.ok) return reply.redirect(`${BASE}?year=${year}&msg=${d}`, 303);
        return afterUnit(req, reply, unitId, year, d, r, d, { reason });
      }
      return afterUnit(req, reply, unitId, year, d, await reviewCatalog(db, requireActor(req), unitId, year, d, reason), d, { reason });
    });
  }
  app.post(`${BASE}/units/:unit/import`, { config: { multipartCsrf: true } }, async (req, reply) => {
    const unitId = idParam(req, 'unit');
    const year = yearOr400(req);
    const actor = requireActor(req);
    const bad = (message: string) => unitPage(req, reply, unitId, { error: new AppError('VALIDATION', undefined, { file: message }), form: 'import' });
    if (!req.isMultipart()) return bad('请通过“从 Excel 导入”表单选择文件后提交。');
    const upload = await readFirstFile(csrfCheckedParts(req), IMPORT_MAX_BYTES);
    if (upload.oversized !== null) return bad(`文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请只保留目录表格。`);
    if (upload.error) return bad(upload.error.message);
    const bytes = upload.file?.bytes;
    if (!bytes || !bytes.length) return bad('请选择要导入的 .xlsx 文件。');
    // Unzipped and parsed in the app's file worker thread: a big spreadsheet does not hold up other requests.
    let sheet: ReturnType<typeof readCatalogFile>;
    try {
      sheet = app.fileWorker ? await app.fileWorker.call<ReturnType<typeof readCatalogFile>>(new URL('./items.ts', import.meta.url).href, 'readCatalogFile', [new Uint8Array(bytes)]) : readCatalogFile(new Uint8Array(bytes));
    } catch {
      return bad('无法读取这个文件（读取超时或文件已损坏）。请上传 Excel（.xlsx）文件。');
    }
    const r = await importCatalog(db, actor, unitId, year, sheet);
    if (!r.ok) {
      if (r.error.code === 'UNAUTHENTICATED') throw r.error;
      return unitPage(req, reply, unitId, { error: r.error, form: 'import' });
    }
    return unitPage(req, reply, unitId, undefined, r.value);
  });
  app.get(`${BASE}/units/:unit/catalog.xlsx`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    readable(actor);
    const unitId = idParam(req, 'unit');
    if (!(await isCoordinator(db, actor)) && !can(actor, 'catalog.read', unitId)) throw new AppError('FORBIDDEN', '只能导出本单位及下级单位的标准目录。');
    const unit = (await loadUnitTree(db)).byId.get(unitId);
    if (!unit) throw new AppError('NOT_FOUND', '没有这个单位。');
    const year = yearOf(req.query) ?? (await currentYear(db));
    const { items } = await listItems(db, { year, unitId, publicOnly: false });
    return reply
      .type(XLSX)
      .header('Content-Disposition', contentDisposition(`${unit.name}${year}年政务公开事项标准目录.xlsx`))
      .send(Buffer.from(writeXlsx([catalogSheet(`${unit.name}${year}年政务公开事项标准目录`, items)])));
  });

  // ---- one item --------------------------------------------------------------------------------------
  async function itemPage(req: FastifyRequest, reply: FastifyReply, id: number, err?: { error: AppError; form: string; values?: Record<string, string | string[]> }) {
    const actor = requireActor(req);
    readable(actor);
    const item = await getItem(db, id);
    if (!item) throw new AppError('NOT_FOUND', '没有这个目录事项。');
    const coordinator = await isCoordinator(db, actor);
    if (!coordinator && !can(actor, 'catalog.read', item.unit_id)) throw new AppError('FORBIDDEN', '只能查看本单位及下级单位的标准目录。');
    const editor = can(actor, 'catalog.edit', item.unit_id) && item.status !== 'retired';
    const docs = await linkedDocuments(db, CATALOG_REGISTER, id, { publicOnly: false });
    const powers = await powerItemsOf(db, [id], { publicOnly: false });
    const comp = await compliance(db, { year: item.year, unitIds: [item.unit_id], publicOnly: false });
    const hist = await history(db, CATALOG_REGISTER, id);
    const areas = await areasOf(db);
    const ctx = req.pageCtx();
    const csrf = <Csrf token={ctx.csrf} />;
    const msg = val(req.query, 'msg');
    const fieldsFor = (form: string) => (err?.form === form ? err.error.fields : undefined);
    const areaName = new Map(areas.map((a) => [String(a.id), a.name]));
    const shown = (field: string, v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : field === 'area_id' ? (areaName.get(String(v)) ?? String(v)) : field === 'channels' ? channelsOf({ channels: String(v) }).join('、') : String(v));
    const c = comp.byItem.get(id);
    return sendPage(
      reply,
      <AdminPage
        ctx={ctx}
        title={`${item.level1}${item.level2 ? ` · ${item.level2}` : ''}`}
        crumbs={[
          [`${BASE}?year=${item.year}`, '标准目录'],
          [unitHref(item.unit_id, item.year), `${item.unitName} ${item.year} 年`],
        ]}
        flash={Object.hasOwn(FLASH, msg) ? FLASH[msg] : null}
        message={err ? (err.error.fields && !err.error.message ? '请按提示修改：' : err.error.message) : null}
        fields={err?.error.fields}
      >
        {STYLE}
        <p>
          {item.unitName} · {item.areaName} · 序号 {item.seq} · 状态：<strong>{REGISTER_STATUS_LABELS[item.status as RegisterStatus] ?? item.status}</strong> · 第 {item.version} 版
        </p>
        <h2>履行情况</h2>
        {c ? (
          <ItemsTable items={[item]} comp={comp.byItem} docs={new Map([[id, docs]])} docHref={(d) => `/admin/documents/${d.id}`} showUnit={false} stack powers={powers} />
        ) : null}
        {editor ? (
          <>
            {docs.length ? (
              <ul>
                {docs.map((d) => (
                  <li>
                    {d.title}{' '}
                    <form method="post" action={`${BASE}/items/${id}/unlink`} class="inline">
                      {csrf}
                      <input type="hidden" name="documentId" value={String(d.id)} />
                      <button type="submit" class="link">
                        取消关联《{d.title}》
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            ) : null}
            <form method="post" action={`${BASE}/items/${id}/link`}>
              {csrf}
              <TextField name="documentIds" label="关联履行该事项的文件" hint="填写文件编号（文件地址 /xxgk/documents/编号 中的数字），多个用逗号分隔。" value={err?.form === 'link' ? String(err.values?.documentIds ?? '') : ''} error={fieldsFor('link')?.documentIds} inputMode="numeric" />
              <button type="submit" class="secondary">
                关联
              </button>
            </form>
            {(powers.get(id) ?? []).length ? (
              <ul>
                {(powers.get(id) ?? []).map((p) => (
                  <li>
                    {p.code} {p.name}{' '}
                    <form method="post" action={`${BASE}/items/${id}/unlink-power`} class="inline">
                      {csrf}
                      <input type="hidden" name="targetId" value={String(p.id)} />
                      <button type="submit" class="link">
                        取消关联权责清单事项《{p.name}》
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            ) : null}
            <form method="post" action={`${BASE}/items/${id}/link-power`}>
              {csrf}
              <TextField name="recordIds" label="关联权责清单事项" hint="填写事项编号（权责清单事项页面地址 /qzqd/编号 中的数字），多个用逗号分隔。" value={err?.form === 'link-power' ? String(err.values?.recordIds ?? '') : ''} error={fieldsFor('link-power')?.recordIds} inputMode="numeric" />
              <button type="submit" class="secondary">
                关联
              </button>
            </form>
            <details open={err?.form === 'edit'}>
              <summary>修改事项</summary>
              <p class="hint">已提交或已公布的事项修改后回到“草稿”，须重新提交、审核和公布。</p>
              <ItemForm action={`${BASE}/items/${id}`} values={err?.form === 'edit' ? err.values ?? {} : itemValues(item)} errors={fieldsFor('edit')} areas={areas} csrf={ctx.csrf} submit="保存修改" version={item.version} />
            </details>
            {item.published_at === null && (item.status === 'draft' || item.status === 'returned') ? (
              <details open={err?.form === 'delete'}>
                <summary>删除此事项</summary>
                <form method="post" action={`${BASE}/items/${id}/delete`}>
                  {csrf}
                  <input type="hidden" name="version" value={String(item.version)} />
                  <p class="hint">此事项从未公布，可以删除；删除后不能恢复（删除记录保留在审计日志中）。</p>
                  <button type="submit" class="secondary">
                    确认删除
                  </button>
                </form>
              </details>
            ) : null}
          </>
        ) : null}
        {coordinator && item.status === 'published' ? (
          <details open={err?.form === 'retire'}>
            <summary>停用（从公开的标准目录中移除）</summary>
            <form method="post" action={`${BASE}/items/${id}/retire`}>
              {csrf}
              <TextArea name="reason" label="停用原因" required rows={2} error={fieldsFor('retire')?.reason} value={err?.form === 'retire' ? String(err.values?.reason ?? '') : ''} hint="如“该事项已并入××事项”。停用后事项保留在历史中。" />
              <button type="submit" class="secondary">
                停用
              </button>
            </form>
          </details>
        ) : null}
        <h2>历史</h2>
        <ol class="history">
          {hist.map((h) => (
            <li>
              第 {h.version} 版 · {fmtDateTime(h.at)} · {h.actorName} · {REGISTER_STATUS_LABELS[h.status as RegisterStatus] ?? h.status}
              {h.reason ? ` · 原因：${h.reason}` : ''}
              {h.changes.length && h.action !== 'create' && h.action !== 'import' ? (
                <ul>
                  {h.changes.map((ch) => (
                    <li>
                      {ch.label}：{shown(ch.field, ch.before)} → {shown(ch.field, ch.after)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </AdminPage>,
      err ? err.error.status : 200,
    );
  }
  app.get(`${BASE}/items/:id`, { onSend: noStore }, async (req, reply) => itemPage(req, reply, idParam(req)));
  const afterItem = async (req: FastifyRequest, reply: FastifyReply, id: number, form: string, r: Result<unknown>, flash: string, values?: Record<string, string | string[]>) => {
    if (r.ok) return reply.redirect(`${BASE}/items/${id}?msg=${flash}`, 303);
    if (r.error.code === 'UNAUTHENTICATED' || r.error.code === 'NOT_FOUND') throw r.error;
    return itemPage(req, reply, id, { error: r.error, form, values });
  };
  app.post(`${BASE}/items/:id`, async (req, reply) => {
    const id = idParam(req);
    const v = formValues(parseForm(ItemFormBody, req.body));
    return afterItem(req, reply, id, 'edit', await saveItem(db, requireActor(req), id, v as SaveItemInput), 'saved', v);
  });
  app.post(`${BASE}/items/:id/link`, async (req, reply) => {
    const id = idParam(req);
    const ids = parseForm(LinkForm, req.body).documentIds ?? '';
    return afterItem(req, reply, id, 'link', await linkItemDocuments(db, requireActor(req), id, ids), 'linked', { documentIds: ids });
  });
  app.post(`${BASE}/items/:id/link-power`, async (req, reply) => {
    const id = idParam(req);
    const ids = parseForm(LinkForm, req.body).recordIds ?? '';
    return afterItem(req, reply, id, 'link-power', await linkItemPowerItems(db, requireActor(req), id, ids), 'linked', { recordIds: ids });
  });
  app.post(`${BASE}/items/:id/unlink-power`, async (req, reply) => {
    const id = idParam(req);
    return afterItem(req, reply, id, 'link-power', await unlinkItemPowerItem(db, requireActor(req), id, Number(parseForm(LinkForm, req.body).targetId ?? '')), 'unlinked');
  });
  app.post(`${BASE}/items/:id/retire`, async (req, reply) => {
    const id = idParam(req);
    const reason = parseForm(RetireForm, req.body).reason ?? '';
    return afterItem(req, reply, id, 'retire', await retireItem(db, requireActor(req), id, reason), 'retired', { reason });
  });
  app.post(`${BASE}/items/:id/delete`, async (req, reply) => {
    const id = idParam(req);
    const r = await deleteItem(db, requireActor(req), id, parseForm(DeleteForm, req.body).version);
    if (r.ok) return reply.redirect(`${unitHref(r.value.unitId, r.value.year)}&msg=deleted`, 303);
    return afterItem(req, reply, id, 'delete', r, 'deleted');
  });
  app.post(`${BASE}/items/:id/unlink`, async (req, reply) => {
    const id = idParam(req);
    return afterItem(req, reply, id, 'link', await unlinkItemDocument(db, requireActor(req), id, Number(parseForm(LinkForm, req.body).documentId ?? '')), 'unlinked');
  });
}
