// Console pages of 政府开放日: the list of the staff member's units, an open day's form (agenda as lines), its
// review steps (shared register pattern), cancelling with a reason, the summary with questions/answers and photos
// (alt text required), and the check-in list — printable, .xlsx, attendance marked per registration; names and
// phones in full only for the organiser (open-day.checkin), masked for the others.
import { noStore } from '../../platform/http/request.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfCheckedParts, requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { auditRead } from '../../platform/audit/index.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, Pager, qs } from '../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { contentDisposition, stageFileParts } from '../../platform/files/index.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { AdminPage, PAGE_SIZE, SelectField, TextArea, TextField, idParam, pageParam, requireRole, sendPage, unitOptions, val } from '../admin/public.ts';
import { nextSteps, REGISTER_STATUS_LABELS, StepForms, type RegisterStatus, type Step } from '../registers/public.ts';
import { addPhotos, agendaOf, cancelOpenDay, loadOpenDay, markAttended, qaOf, removePhoto, saveOpenDay, stepOpenDay } from './commands.ts';
import { openDayUrl, photosOf, registrationsOf, seatsOf, staffList } from './repository.ts';
import { formatPhone, maskName, maskPhone, REG_STATUS_LABELS } from './rules.ts';
import type { OpenDayRow } from './tables.ts';
import { CancelForm, CheckinForm, OpenDayForm, PhotoForm, StepForm, SummaryForm } from './forms.ts';
import { multipartFields, parseForm } from '../../platform/http/forms.ts';
import './actions.ts';

const BASE = '/admin/open-days';
const FLASH: Record<string, string> = {
  created: '已保存为草稿。提交审核、审核通过并公开后，公众才能看到并报名。',
  saved: '已保存。公开后的修改须重新提交审核并公开，在此之前公众看到上次公开的版本（报名照常）。',
  step: '操作已完成。',
  cancelled: '活动已取消，取消原因已在活动页面和报名人的回执页面显示。',
  summary: '活动总结已保存。提交审核并公开后在活动页面显示。',
  photo: '照片已上传；活动总结公开后照片随之公开。',
  'photo-removed': '照片已删除。',
};
const STEP_LABELS: Record<Step, string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', publish: '公开', retire: '停用' };
const statusLabel = (s: string) => REGISTER_STATUS_LABELS[s as RegisterStatus] ?? s;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STYLE = (
  <style>{`
.kf-print { font-size: .95rem; }
.kf-print td, .kf-print th { padding: 4px 6px; }
.kf-sign { min-width: 6em; }
.kf-actions form { display: inline; }
@media print {
  .no-print, .site-header, .site-nav, .site-footer, .breadcrumb, .flash { display: none !important; }
  .kf-print { font-size: 11pt; }
  .kf-print table { width: 100%; border-collapse: collapse; }
  .kf-print th, .kf-print td { border: 1px solid #000; }
  .kf-print tr { page-break-inside: avoid; }
  a { color: #000; text-decoration: none; }
}
`}</style>
);

const fromRow = (d: OpenDayRow): Record<string, string> => ({
  theme: d.theme,
  unit: String(d.unit_id),
  date: d.event_date,
  startTime: d.start_time,
  endTime: d.end_time,
  place: d.place,
  capacity: String(d.capacity),
  maxPeople: String(d.max_people),
  registrationOpens: d.reg_opens_at.replace(' ', 'T'),
  registrationCloses: d.reg_closes_at.replace(' ', 'T'),
  agenda: agendaOf(d).map((a) => (a.time ? `${a.time} ${a.item}` : a.item)).join('\n'),
  notes: d.notes,
});

const qaText = (d: OpenDayRow) => qaOf(d).map((p) => `问：${p.q}\n答：${p.a}`).join('\n\n');

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const scoped = async (actor: Actor, id: number) => {
    const d = await loadOpenDay(db, id);
    if (!can(actor, 'open-day.read', d.unit_id)) throw new AppError('NOT_FOUND', '没有这个政府开放日。');
    return d;
  };

  async function formPage(req: FastifyRequest, reply: FastifyReply, actor: Actor, d: OpenDayRow | null, values: Record<string, string>, errors: FieldErrors = {}, status = 200, message?: string, extra: { summary?: Record<string, string>; summaryErrors?: FieldErrors; photoErrors?: FieldErrors; cancelErrors?: FieldErrors } = {}) {
    const ctx = req.pageCtx();
    const tree = await loadUnitTree(db);
    const editable = d ? can(actor, 'open-day.edit', d.unit_id) && !d.cancelled_at : true;
    const seats = d ? (await seatsOf(db, [d])).get(d.id)! : null;
    const photos = d ? await photosOf(db, d.id) : [];
    const held = d ? d.event_date <= todayBeijing() : false;
    const allErrors = { ...errors, ...extra.summaryErrors, ...extra.photoErrors, ...extra.cancelErrors };
    const title = d ? d.theme : '新建政府开放日';
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={title} crumbs={[[BASE, '政府开放日']]} flash={FLASH[val(req.query, 'msg')] ?? null} message={message} fields={Object.keys(allErrors).length ? allErrors : undefined}>
        {STYLE}
        {d ? (
          <>
            <p>
              状态：<strong>{statusLabel(d.status)}</strong>（第 {d.version} 版）{d.published_at ? <>，<a href={openDayUrl(d.id)}>查看公开页面</a></> : null}
              {d.cancelled_at ? <strong class="error">　已取消：{d.cancel_reason}</strong> : null}
            </p>
            <p>
              名额 {seats!.capacity} 人，报名成功 {seats!.confirmed} 人，剩余 {seats!.left}，候补 {seats!.waiting} 组。 <a href={`${BASE}/${d.id}/checkin`}>签到表（可打印）</a> · <a href={`${BASE}/${d.id}/checkin.xlsx`}>下载签到表（.xlsx）</a>
            </p>
            {!d.cancelled_at ? <StepForms action={`${BASE}/${d.id}/step`} csrf={ctx.csrf} steps={nextSteps(d.status).filter((s) => s !== 'retire')} labels={STEP_LABELS} hidden={{}} idPrefix="s-" /> : null}
          </>
        ) : null}
        <h2>{d ? '活动信息' : '填写活动信息'}</h2>
        {d?.published_at && editable ? <p class="hint">已公开的活动修改后须重新提交审核并公开；在此之前公众看到上次公开的内容，报名照常进行。</p> : null}
        <form method="post" action={d ? `${BASE}/${d.id}` : BASE} novalidate>
          <Csrf token={ctx.csrf} />
          {d ? <input type="hidden" name="expectedVersion" value={String(d.version)} /> : null}
          <fieldset disabled={!editable}>
            <TextField name="theme" label="活动主题" required value={values.theme} error={errors.theme} maxLength={200} />
            <SelectField name="unit" label="举办单位" required value={values.unit} error={errors.unit} options={unitOptions(tree, actor, 'open-day.edit')} empty="请选择" />
            <TextField name="date" type="date" label="活动日期" required value={values.date} error={errors.date} hint="格式如 2026-12-19" />
            <TextField name="startTime" type="time" label="开始时间" required value={values.startTime} error={errors.startTime} hint="如 09:00" />
            <TextField name="endTime" type="time" label="结束时间" required value={values.endTime} error={errors.endTime} hint="如 11:30" />
            <TextField name="place" label="活动地点" required value={values.place} error={errors.place} maxLength={300} />
            <TextField name="capacity" type="number" inputMode="numeric" min="1" label="名额（人）" required value={values.capacity} error={errors.capacity} hint="报名成功的总人数上限；满额后的报名进入候补名单。" />
            <TextField name="maxPeople" type="number" inputMode="numeric" min="1" max="20" label="每次报名最多人数" value={values.maxPeople || '3'} error={errors.maxPeople} hint="一位报名人最多可带几人（含本人），默认 3。" />
            <TextField name="registrationOpens" type="datetime-local" label="报名开始" required value={values.registrationOpens} error={errors.registrationOpens} hint="格式如 2026-12-01 09:00（北京时间）" />
            <TextField name="registrationCloses" type="datetime-local" label="报名截止" required value={values.registrationCloses} error={errors.registrationCloses} hint="不晚于活动开始；到这一刻起不再接受报名。" />
            <TextArea name="agenda" label="活动议程" rows={6} value={values.agenda} error={errors.agenda} hint="每行一项，按顺序，时间写在前面，如：09:15 参观政务服务大厅" />
            <TextArea name="notes" label="携带物品和注意事项" rows={4} value={values.notes} error={errors.notes} maxLength={5000} />
            {editable ? (
              <p>
                <button type="submit">{d ? '保存修改' : '保存草稿'}</button>
              </p>
            ) : null}
          </fieldset>
        </form>
        {d && editable ? (
          <>
            <h2 id="h-summary">活动总结</h2>
            {held ? (
              <form method="post" action={`${BASE}/${d.id}/summary`} novalidate>
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="expectedVersion" value={String(d.version)} />
                <TextArea name="summary" label="活动总结" rows={6} value={extra.summary?.summary ?? d.summary} error={extra.summaryErrors?.summary} />
                <TextArea name="qa" label="群众提出的问题和答复" rows={8} value={extra.summary?.qa ?? qaText(d)} error={extra.summaryErrors?.qa} hint="每组两行：第一行以“问：”开头，第二行以“答：”开头，按提问先后排列。" />
                <p>
                  <button type="submit">保存活动总结</button>
                </p>
              </form>
            ) : (
              <p>活动举办之后在这里填写活动总结、问题和答复，上传活动照片。</p>
            )}
            {held ? (
              <>
                <h3>活动照片</h3>
                {photos.length ? (
                  <ul>
                    {photos.map((p) => (
                      <li class="kf-actions">
                        {p.alt}（{p.filename}）{' '}
                        <form method="post" action={`${BASE}/${d.id}/photos/${p.id}/delete`}>
                          <Csrf token={ctx.csrf} />
                          <button type="submit" class="secondary">删除</button>
                        </form>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>尚未上传照片。</p>
                )}
                <form method="post" action={`${BASE}/${d.id}/photos`} enctype="multipart/form-data" novalidate>
                  <Csrf token={ctx.csrf} />
                  <TextField name="alt" label="照片说明" required maxLength={200} error={extra.photoErrors?.alt} hint="照片上是什么，如：市民在政务服务大厅体验自助办事终端。供视障读者和照片无法显示时阅读。" />
                  <div class={extra.photoErrors?.photo ? 'field has-error' : 'field'}>
                    <label for="f-photo">照片（JPG、PNG）</label>
                    {extra.photoErrors?.photo ? <p class="error" id="f-photo-error">{extra.photoErrors.photo}</p> : null}
                    <input type="file" id="f-photo" name="photo" accept="image/jpeg,image/png,image/webp,image/gif" />
                  </div>
                  <p>
                    <button type="submit">上传照片</button>
                  </p>
                </form>
              </>
            ) : null}
            {d.published_at && d.event_date >= todayBeijing() ? (
              <details open={!!extra.cancelErrors}>
                <summary>取消活动…</summary>
                <form method="post" action={`${BASE}/${d.id}/cancel`} novalidate>
                  <Csrf token={ctx.csrf} />
                  <TextArea name="reason" label="取消的原因" required rows={3} maxLength={500} error={extra.cancelErrors?.reason} hint="公众和报名人在活动页面、回执页面看到这段话。" />
                  <p>
                    <button type="submit" class="secondary">取消活动</button>
                  </p>
                </form>
              </details>
            ) : null}
          </>
        ) : null}
      </AdminPage>,
      status,
    );
  }

  app.get(BASE, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'open-day.read', undefined, '您的角色不能查看政府开放日。');
    const page = pageParam(req.query);
    const list = await staffList(db, actor.role === 'admin' ? null : [...actor.scope], page, PAGE_SIZE);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="政府开放日" flash={FLASH[val(req.query, 'msg')] ?? null}>
        {can(actor, 'open-day.edit') ? (
          <p>
            <a class="button" href={`${BASE}/new`}>
              新建政府开放日
            </a>
          </p>
        ) : null}
        {list.items.length ? (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
            <table>
              <caption>本单位及下级单位的政府开放日，活动日期最近的在前</caption>
              <thead>
                <tr>
                  <th scope="col">活动主题</th>
                  <th scope="col">举办单位</th>
                  <th scope="col">活动日期</th>
                  <th scope="col">状态</th>
                  <th scope="col">报名</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((d) => (
                  <tr>
                    <td>
                      <a href={`${BASE}/${d.id}`}>{d.theme}</a>
                    </td>
                    <td>{d.unitName}</td>
                    <td class="nowrap">{d.event_date}</td>
                    <td>{d.cancelled_at ? '已取消' : statusLabel(d.status)}</td>
                    <td class="nowrap">
                      {d.seats.confirmed}/{d.capacity} 人{d.seats.waiting ? `，候补 ${d.seats.waiting}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>还没有政府开放日。</p>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={list.total} href={(n) => `${BASE}${qs({ page: n })}`} />
      </AdminPage>,
    );
  });

  app.get(`${BASE}/new`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'open-day.edit', undefined, '您的角色不能新建政府开放日。');
    return formPage(req, reply, actor, null, { unit: String(actor.unitId), maxPeople: '3' });
  });
  app.post(BASE, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'open-day.edit', undefined, '您的角色不能新建政府开放日。');
    const { expectedVersion: _, ...values } = parseForm(OpenDayForm, req.body);
    const r = await saveOpenDay(db, actor, values);
    if (!r.ok) return formPage(req, reply, actor, null, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`${BASE}/${r.value.id}?msg=created`, 303);
  });
  app.get(`${BASE}/:id`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    return formPage(req, reply, actor, d, fromRow(d));
  });
  app.post(`${BASE}/:id`, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const { expectedVersion, ...values } = parseForm(OpenDayForm, req.body);
    const r = await saveOpenDay(db, actor, values, { id: d.id, expectedVersion });
    if (!r.ok) return formPage(req, reply, actor, await loadOpenDay(db, d.id), values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`${BASE}/${d.id}?msg=saved`, 303);
  });
  app.post(`${BASE}/:id/step`, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const form = parseForm(StepForm, req.body);
    const s = (form.step ?? '') as Step;
    if (!['submit', 'approve', 'return', 'publish'].includes(s)) throw new AppError('VALIDATION', '未知的操作。');
    const r = await stepOpenDay(db, actor, d.id, s, form.reason ?? '');
    if (!r.ok) return formPage(req, reply, actor, d, fromRow(d), {}, r.error.status, r.error.fields ? Object.values(r.error.fields).join('；') : r.error.message);
    return reply.redirect(`${BASE}/${d.id}?msg=step`, 303);
  });
  app.post(`${BASE}/:id/cancel`, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const r = await cancelOpenDay(db, actor, d.id, parseForm(CancelForm, req.body).reason ?? '');
    if (!r.ok) return formPage(req, reply, actor, d, fromRow(d), {}, r.error.status, r.error.fields ? undefined : r.error.message, { cancelErrors: r.error.fields });
    return reply.redirect(`${BASE}/${d.id}?msg=cancelled`, 303);
  });
  app.post(`${BASE}/:id/summary`, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const { expectedVersion, ...form } = parseForm(SummaryForm, req.body);
    const summary = { summary: form.summary ?? '', qa: form.qa ?? '' };
    const r = await saveOpenDay(db, actor, summary, { id: d.id, expectedVersion });
    if (!r.ok) return formPage(req, reply, actor, await loadOpenDay(db, d.id), fromRow(d), {}, r.error.status, r.error.fields ? undefined : r.error.message, { summary, summaryErrors: r.error.fields });
    return reply.redirect(`${BASE}/${d.id}?msg=summary#h-summary`, 303);
  });
  // Photos: multipart, the CSRF token first; files wait in DATA_DIR/tmp until their rows commit.
  app.post(`${BASE}/:id/photos`, { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA', '请通过“上传照片”表单选择照片后提交。');
    const parts = multipartFields();
    const { files, refusal } = await stageFileParts(
      csrfCheckedParts(req),
      async (part) => ({ ...(await app.files.stage(part.file, app.config.maxUploadBytes)), filename: part.filename, alt: '' }),
      { max: 1, onField: parts.onField },
    );
    const alt = parseForm(PhotoForm, parts.fields).alt ?? '';
    if (refusal) return formPage(req, reply, actor, d, fromRow(d), {}, refusal.status, undefined, { photoErrors: { photo: refusal.message } });
    for (const f of files) f.alt = alt;
    const r = await addPhotos(db, actor, d.id, files);
    if (!r.ok) return formPage(req, reply, actor, d, fromRow(d), {}, r.error.status, r.error.fields ? undefined : r.error.message, { photoErrors: r.error.fields });
    return reply.redirect(`${BASE}/${d.id}?msg=photo#h-summary`, 303);
  });
  app.post(`${BASE}/:id/photos/:pid/delete`, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const r = await removePhoto(db, actor, d.id, idParam(req, 'pid'));
    if (!r.ok) throw r.error;
    return reply.redirect(`${BASE}/${d.id}?msg=photo-removed#h-summary`, 303);
  });

  // The check-in list: full names and phones for the organiser (the read is logged), masked for the others.
  const checkinRows = async (actor: Actor, d: OpenDayRow) => {
    const full = can(actor, 'open-day.checkin', d.unit_id);
    if (full) await auditRead(db, actor, { action: 'open-day.registrations-read', entity: 'open_day', entityId: d.id, unitId: d.unit_id });
    const rows = await registrationsOf(db, d.id);
    return { full, rows: rows.map((r) => ({ ...r, name: full ? r.name : maskName(r.name), phone: full ? formatPhone(r.phone) : maskPhone(r.phone) })) };
  };
  app.get(`${BASE}/:id/checkin`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const { full, rows } = await checkinRows(actor, d);
    const ctx = req.pageCtx();
    const confirmed = rows.filter((r) => r.status === 'confirmed');
    const others = rows.filter((r) => r.status !== 'confirmed');
    const people = confirmed.reduce((n, r) => n + r.people, 0);
    const came = confirmed.filter((r) => r.attended_at).reduce((n, r) => n + r.people, 0);
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={`签到表：${d.theme}`} crumbs={[[BASE, '政府开放日'], [`${BASE}/${d.id}`, d.theme]]} flash={val(req.query, 'msg') === 'checked' ? '已登记。' : null}>
        {STYLE}
        <div class="kf-print">
          <p>
            {d.event_date} {d.start_time}–{d.end_time}，{d.place}。报名成功 {confirmed.length} 组 {people} 人，已到场 {came} 人。{d.cancelled_at ? `活动已取消：${d.cancel_reason}` : ''}
          </p>
          <p class="no-print">
            用浏览器的“打印”打印本页（只打印名单）。 <a href={`${BASE}/${d.id}/checkin.xlsx`}>下载 .xlsx</a>
            {!full ? '　您的角色只能看到打码的姓名和电话。' : ''}
          </p>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
            <table>
              <caption>报名成功的名单（按报名先后）</caption>
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">姓名</th>
                  <th scope="col">电话</th>
                  <th scope="col">人数</th>
                  <th scope="col">回执号</th>
                  <th scope="col">到场</th>
                  <th scope="col" class="kf-sign">签名</th>
                </tr>
              </thead>
              <tbody>
                {confirmed.map((r, i) => (
                  <tr>
                    <td>{i + 1}</td>
                    <td class="nowrap">{r.name}</td>
                    <td class="nowrap">{r.phone}</td>
                    <td>{r.people}</td>
                    <td class="nowrap">{r.receipt_no}</td>
                    <td class="kf-actions">
                      {r.attended_at ? `✓ ${fmtDateTime(r.attended_at).slice(11)}` : ''}
                      {full ? (
                        <form method="post" action={`${BASE}/${d.id}/checkin/${r.id}`} class="no-print">
                          <Csrf token={ctx.csrf} />
                          <input type="hidden" name="attended" value={r.attended_at ? '0' : '1'} />
                          <button type="submit" class={r.attended_at ? 'secondary' : undefined} aria-label={`${r.attended_at ? '撤销到场' : '登记到场'}：${r.name}`}>
                            {r.attended_at ? '撤销' : '到场'}
                          </button>
                        </form>
                      ) : null}
                    </td>
                    <td class="kf-sign"></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {others.length ? (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
              <table>
                <caption>候补和已取消</caption>
                <thead>
                  <tr>
                    <th scope="col">姓名</th>
                    <th scope="col">电话</th>
                    <th scope="col">人数</th>
                    <th scope="col">回执号</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {others.map((r) => (
                    <tr>
                      <td>{r.name}</td>
                      <td class="nowrap">{r.phone}</td>
                      <td>{r.people}</td>
                      <td class="nowrap">{r.receipt_no}</td>
                      <td>{REG_STATUS_LABELS[r.status]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      </AdminPage>,
    );
  });
  app.post(`${BASE}/:id/checkin/:rid`, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const r = await markAttended(db, actor, d.id, idParam(req, 'rid'), parseForm(CheckinForm, req.body).attended !== '0');
    if (!r.ok) throw r.error;
    return reply.redirect(`${BASE}/${d.id}/checkin?msg=checked`, 303);
  });
  app.get(`${BASE}/:id/checkin.xlsx`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const d = await scoped(actor, idParam(req));
    const { rows } = await checkinRows(actor, d);
    const bytes = writeXlsx([
      {
        name: '签到表',
        merges: [],
        rows: [['序号', '姓名', '电话', '人数', '回执号', '状态', '报名时间', '到场时间', '签名'], ...rows.map((r, i) => [i + 1, r.name, r.phone, r.people, r.receipt_no, REG_STATUS_LABELS[r.status] + (r.promoted_at ? '（候补递补）' : ''), fmtDateTime(r.created_at), r.attended_at ? fmtDateTime(r.attended_at) : '', '']) as (string | number)[][]],
      },
    ]);
    return reply.type(XLSX).header('Content-Disposition', contentDisposition(`${d.theme}-签到表.xlsx`)).send(Buffer.from(bytes));
  });
}
