// Console pages of 政策解读: the list and 新建解读, one interpretation's links, forms and 简明问答, a policy's
// interpretation status (need mark, readiness for the reviewer, 解读会 records) and the dashboard.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, Pager, qs } from '../../platform/views/layout.tsx';
import { todayBeijing } from '../../platform/views/format.ts';
import { writeXlsx, type CellValue } from '../../platform/files/xlsx.ts';
import { AdminPage, TextArea, TextField, SelectField, flashText, idParam, requireRole, sendPage } from '../admin/public.ts';
import { STATUS_LABELS, type Status } from '../documents/public.ts';
import { addMeeting, createInterpretation, publishWithInterpretations, deleteMeeting, linkPolicy, loadInterpretation, saveMedia, saveQa, setNeed, unlinkPolicy } from './commands.ts';
import { CreateFormBody, LinkFormBody, MEDIA_FORMS, MediaFormBody, MEETING_PHOTO_ROWS, MeetingFormBody, NeedFormBody, QaFormBody } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';
import { AUDIO_TYPES, fileUrl, IMAGE_MAX_BYTES, IMAGE_TYPES, VIDEO_TYPES, type Upload } from './upload-rules.ts';
import { readMultipart } from './uploads.ts';
import { FormMarks } from './public-pages.tsx';
import { documentUnit, formsOf, interpretationsOf, lastAuditId, mediaOf, meetingPolicy, meetingsOf, needOf, policiesOf, policyHead, qaOf, qaUrl, recentInterpretationsOfUnits, type LinkedDoc } from './repository.ts';
import { needsInterpretation } from './dashboard.ts';
import { dashboardDrill, dashboardLines, dashboardTallies, METRIC_KEYS, type Metric, type TallyCount } from './dashboard-query.ts';
import { reviewReadiness } from './console-tasks.tsx';
import './actions.ts';

const statusLabel = (s: string) => STATUS_LABELS[s as Status] ?? s;

/** Rows of a repeated form (`qa.0.question`, `qa.1.question` …) back into a list; blank rows dropped. */
export function rowsOf(body: unknown, prefix: string, keys: string[]): Record<string, string>[] {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rows: Record<string, string>[] = [];
  for (const [k, v] of Object.entries(b)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,3})\\.(\\w+)$`).exec(k);
    if (!m || !keys.includes(m[2]!)) continue;
    const i = Number(m[1]);
    (rows[i] ??= {})[m[2]!] = typeof v === 'string' ? v : '';
  }
  return rows.filter((r) => r && keys.some((k) => k !== 'id' && k !== 'form' && (r[k] ?? '').trim()));
}

/** A file input with its label, hint and error (the platform's fields have none), ids as fieldId: f-<name>. */
function FileField({ name, label, hint, error, accept }: { name: string; label: string; hint?: string; error?: string; accept: string }) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="error" id={`${id}-error`}>{error}</p> : null}
      <input type="file" id={id} name={name} accept={accept} aria-invalid={error ? 'true' : undefined} aria-describedby={described} />
    </div>
  );
}

/** The site's multipart limit is 60 fields: 8 rows of 7 fields and the CSRF token fit in one form. */
const CONSOLE_MEDIA_ROWS = 8;

/** The media rows of a posted form in order (blank rows dropped), each with its new upload (`media.<n>.file`). */
function mediaRowsOf(body: Static<typeof MediaFormBody>, files: Map<string, Upload>): Record<string, unknown>[] {
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const [k, v] of Object.entries(body)) {
    const m = /^media\.(\d{1,3})\.(\w+)$/.exec(k);
    if (!m || v === undefined) continue;
    const row = byIndex.get(Number(m[1])) ?? {};
    row[m[2]!] = v;
    byIndex.set(Number(m[1]), row);
  }
  for (const [k, f] of files) {
    const m = /^media\.(\d{1,3})\.file$/.exec(k);
    if (!m) continue;
    const row = byIndex.get(Number(m[1])) ?? {};
    row.file = f;
    byIndex.set(Number(m[1]), row);
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => r)
    .filter((r) => r.file || ['url', 'caption', 'alt', 'text', 'sha256'].some((k) => String(r[k] ?? '').trim()));
}

const ACCEPT: Record<string, string> = {
  graphic: IMAGE_TYPES.join(','),
  photo: IMAGE_TYPES.join(','),
  media: [...IMAGE_TYPES, ...AUDIO_TYPES, ...VIDEO_TYPES].join(','),
};

function PolicyList({ policies, interpretationId, canEdit, csrf }: { policies: LinkedDoc[]; interpretationId: number; canEdit: boolean; csrf: string }) {
  return (
    <ul>
      {policies.map((p) => (
        <li>
          <a href={`/admin/documents/${p.id}`}>{p.title}</a>（{statusLabel(p.status)}
          {p.isPublic ? '' : '，公众看不到这条关联'}）{' '}
          <a href={`/admin/interpretations/policy/${p.id}`}>解读情况</a>
          {canEdit && policies.length > 1 ? (
            <form method="post" action={`/admin/interpretations/${interpretationId}/links/${p.id}/delete`} class="inline">
              <Csrf token={csrf} />
              <button type="submit" class="secondary">取消关联</button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default async function consoleRoutes(app: FastifyInstance) {
  const { db } = app;

  const scopeIds = async (actor: Actor) => {
    const tree = await loadUnitTree(db);
    return [...tree.byId.keys()].filter((id) => can(actor, 'interpretation.read', id));
  };

  // ---- list + 新建 ----
  const listPage = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, values: Record<string, string> = {}, fields: FieldErrors = {}, status = 200, message?: string) => {
    const units = await scopeIds(actor);
    const rows = await recentInterpretationsOfUnits(db, units);
    const ids = rows.map((r) => r.id);
    const [forms, policies] = await Promise.all([formsOf(db, ids), policiesOf(db, ids, false)]);
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="政策解读" fields={fields} message={message} flash={flashText(req.query)}>
        <p>
          <a href="/admin/interpretations/dashboard">解读情况统计</a>
        </p>
        <table>
          <caption>本单位的政策解读（最近 200 篇）</caption>
          <thead>
            <tr><th scope="col">解读</th><th scope="col">形式</th><th scope="col">所解读的政策</th><th scope="col">状态</th></tr>
          </thead>
          <tbody>
            {rows.length ? rows.map((r) => (
              <tr>
                <td><a href={`/admin/interpretations/${r.id}`}>{r.title}</a></td>
                <td><FormMarks forms={forms.get(r.id) ?? []} /></td>
                <td>{(policies.get(r.id) ?? []).map((p) => p.title).join('；')}</td>
                <td>{statusLabel(r.status)}</td>
              </tr>
            )) : <tr><td colSpan={4}>还没有政策解读。</td></tr>}
          </tbody>
        </table>
        {can(actor, 'interpretation.edit') ? (
          <section aria-labelledby="h-new">
            <h2 id="h-new">新建解读</h2>
            <p class="muted">解读是一份体裁为“解读”、栏目为“政策解读”的文件，与普通文件一样编写元数据、提交审核和发布。保存后在解读页面添加图解、音视频和简明问答。</p>
            <form method="post" action="/admin/interpretations">
              <Csrf token={ctx.csrf} />
              <TextField name="policyIds" label="所解读的政策文件编号" required value={values.policyIds} error={fields.policyIds} hint="文件管理中的文件编号，多个用逗号分隔" />
              <TextField name="title" label="标题" required value={values.title} error={fields.title} maxLength={200} />
              <TextField name="writtenOn" label="成文日期" type="date" value={values.writtenOn} error={fields.writtenOn} />
              <TextArea name="summary" label="内容概述" value={values.summary} error={fields.summary} rows={3} />
              <TextArea name="body" label="文字解读（正文）" value={values.body} error={fields.body} rows={10} hint="空一行为分段" />
              <button type="submit">保存为草稿</button>
            </form>
          </section>
        ) : null}
      </AdminPage>,
      status,
    );
  };

  app.get('/admin/interpretations', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'interpretation.read', undefined, '您的角色不能查看政策解读。');
    return listPage(req, reply, actor);
  });

  app.post('/admin/interpretations', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'interpretation.edit', undefined, '您的角色不能新建政策解读。');
    const values = parseForm(CreateFormBody, req.body);
    const input: Record<string, unknown> = { ...values };
    for (const k of ['writtenOn', 'summary', 'body']) if (!values[k as keyof typeof values]) delete input[k];
    const r = await createInterpretation(db, actor, input);
    if (!r.ok) return listPage(req, reply, actor, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/interpretations/${r.value.id}?msg=created`, 303);
  });

  // ---- one interpretation ----
  const detail = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, err?: { fields?: FieldErrors; message?: string; status: number; body?: unknown; form?: string }) => {
    const head = await loadInterpretation(db, actor, id);
    const [policies, media, qa] = await Promise.all([policiesOf(db, [id], false), mediaOf(db, id), qaOf(db, id)]);
    const canEdit = can(actor, 'interpretation.edit', head.unitId);
    const editable = canEdit && ['draft', 'returned'].includes(head.status);
    const f = err?.fields ?? {};
    // After a refused save: the rows as sent (new uploads must be chosen again; kept files stay kept).
    const keptNames = new Map(media.filter((m) => m.sha256).map((m) => [m.sha256!, m.filename ?? '']));
    const mediaRows: Record<string, string>[] =
      err?.form === 'media'
        ? ((err.body as Record<string, unknown>[]) ?? []).map((r) => ({ form: String(r.form ?? ''), url: r.file || r.sha256 ? '' : String(r.url ?? ''), caption: String(r.caption ?? ''), alt: String(r.alt ?? ''), text: String(r.text ?? ''), sha256: String(r.sha256 ?? '') }))
        : media.map((m) => ({ form: m.form, url: m.sha256 ? '' : m.url, caption: m.caption, alt: m.alt_text ?? '', text: m.text, sha256: m.sha256 ?? '' }));
    const qaRows = err?.form === 'qa' ? rowsOf(err.body, 'qa', ['id', 'question', 'answer']) : qa.map((q) => ({ id: String(q.id), question: q.question, answer: q.answer }));
    const ctx = req.pageCtx();
    const mediaOptions = Object.entries(MEDIA_FORMS).map(([value, label]) => ({ value, label }));
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={head.title} fields={f} message={err?.message} flash={flashText(req.query)} crumbs={[['/admin/interpretations', '政策解读']]}>
        <p>
          状态：{statusLabel(head.status)}。标题、正文等信息和审核、发布在<a href={`/admin/documents/${id}`}>文件页面</a>办理。
        </p>
        <section aria-labelledby="h-links">
          <h2 id="h-links">所解读的政策</h2>
          <PolicyList policies={policies.get(id) ?? []} interpretationId={id} canEdit={canEdit} csrf={ctx.csrf} />
          {canEdit ? (
            <form method="post" action={`/admin/interpretations/${id}/links`}>
              <Csrf token={ctx.csrf} />
              <TextField name="policyId" label="再关联一份政策文件（文件编号）" value={err?.form === 'link' ? (err.body as Static<typeof LinkFormBody>).policyId : ''} error={f.policyId} />
              <button type="submit">关联</button>
            </form>
          ) : null}
        </section>
        <section aria-labelledby="h-media">
          <h2 id="h-media">图解、音视频、动漫</h2>
          <p class="muted">图解的每张图片必须有替代文字和文字版；音频、视频和动漫必须有文字稿。{editable ? '' : '只有草稿和被退回的解读可以修改。'}</p>
          <p class="muted">
            图解请上传图片（JPG、PNG、GIF 或 WebP，每张不超过 {IMAGE_MAX_BYTES / 1024 / 1024} MB）；音频、视频、动漫可上传文件（MP3、M4A、OGG、WAV、MP4、WebM，不超过 {Math.round(app.config.maxUploadBytes / 1024 / 1024)} MB）或填写链接。
          </p>
          <form method="post" action={`/admin/interpretations/${id}/media`} enctype="multipart/form-data">
            <Csrf token={ctx.csrf} />
            {[...mediaRows, ...(editable ? [{}, {}] : [])].slice(0, Math.max(mediaRows.length, CONSOLE_MEDIA_ROWS)).map((m: Record<string, string>, i) => (
              <fieldset>
                <legend>第 {i + 1} 项</legend>
                <SelectField name={`media.${i}.form`} label="形式" value={m.form ?? 'graphic'} options={mediaOptions} error={f[`media.${i}.form`]} />
                {m.sha256 ? (
                  <p>
                    <input type="hidden" name={`media.${i}.sha256`} value={m.sha256} />
                    已上传：<a href={fileUrl(m.sha256)}>{keptNames.get(m.sha256) || '文件'}</a>（重新选择文件即替换）
                  </p>
                ) : null}
                <FileField name={`media.${i}.file`} label={m.sha256 ? '替换文件' : '上传文件'} accept={ACCEPT.media} error={f[`media.${i}.file`]} />
                <TextField name={`media.${i}.url`} label="或填写链接地址（音频、视频、动漫）" value={m.url} error={f[`media.${i}.url`]} />
                <TextField name={`media.${i}.caption`} label="标题" value={m.caption} error={f[`media.${i}.caption`]} />
                <TextField name={`media.${i}.alt`} label="替代文字（图解必填）" value={m.alt} error={f[`media.${i}.alt`]} />
                <TextArea name={`media.${i}.text`} label="文字版或文字稿（必填）" value={m.text} error={f[`media.${i}.text`]} rows={4} />
              </fieldset>
            ))}
            {editable ? <button type="submit">保存图解和音视频</button> : null}
          </form>
        </section>
        <section aria-labelledby="h-qa">
          <h2 id="h-qa">简明问答</h2>
          <p class="muted">一问一答，按顺序显示；每组问答有自己的网址。清空一组的问题和回答即删除该组。</p>
          <form method="post" action={`/admin/interpretations/${id}/qa`}>
            <Csrf token={ctx.csrf} />
            {[...qaRows, ...(editable ? [{}, {}, {}] : [])].map((q: Record<string, string>, i) => (
              <fieldset>
                <legend>
                  第 {i + 1} 组{q.id ? <> （<a href={qaUrl(Number(q.id))}>网址</a>）</> : null}
                </legend>
                {q.id ? <input type="hidden" name={`qa.${i}.id`} value={q.id} /> : null}
                <TextField name={`qa.${i}.question`} label="问题" value={q.question} error={f[`qa.${i}.question`]} />
                <TextArea name={`qa.${i}.answer`} label="回答" value={q.answer} error={f[`qa.${i}.answer`]} rows={3} />
              </fieldset>
            ))}
            {editable ? <button type="submit">保存问答</button> : null}
          </form>
        </section>
      </AdminPage>,
      err?.status ?? 200,
    );
  };

  app.get('/admin/interpretations/:id', async (req, reply) => {
    const actor = requireActor(req);
    return detail(req, reply, actor, idParam(req));
  });

  app.post('/admin/interpretations/:id/links', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(LinkFormBody, req.body);
    const r = await linkPolicy(db, actor, id, values.policyId ?? '');
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, body: values, form: 'link' });
    return reply.redirect(`/admin/interpretations/${id}?msg=saved`, 303);
  });

  app.post('/admin/interpretations/:id/links/:policyId/delete', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const r = await unlinkPolicy(db, actor, id, idParam(req, 'policyId'));
    if (!r.ok) return detail(req, reply, actor, id, { message: r.error.message, status: r.error.status });
    return reply.redirect(`/admin/interpretations/${id}?msg=saved`, 303);
  });

  // Multipart (the CSRF token first): each row's file is staged, then saved with the rows or discarded.
  app.post('/admin/interpretations/:id/media', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    await loadInterpretation(db, actor, id);
    const { fields: sent, files, errors } = await readMultipart(app, req);
    const rows = mediaRowsOf(parseForm(MediaFormBody, sent), files);
    if (Object.keys(errors).length) {
      const fields = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v]));
      return detail(req, reply, actor, id, { fields, status: 413, body: rows, form: 'media' });
    }
    const r = await saveMedia(db, actor, id, rows, { maxBytes: app.config.maxUploadBytes });
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, body: rows, form: 'media' });
    return reply.redirect(`/admin/interpretations/${id}?msg=saved`, 303);
  });

  app.post('/admin/interpretations/:id/qa', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(QaFormBody, req.body);
    const r = await saveQa(db, actor, id, rowsOf(values, 'qa', ['id', 'question', 'answer']));
    if (!r.ok) return detail(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, body: values, form: 'qa' });
    return reply.redirect(`/admin/interpretations/${id}?msg=saved`, 303);
  });

  // ---- a policy: need mark, readiness, meetings ----
  const policyPage = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, err?: { fields?: FieldErrors; message?: string; status: number; body?: unknown; form?: string }) => {
    const policy = await policyHead(db, id);
    if (!policy || !can(actor, 'document.read', policy.unit_id)) throw new AppError('NOT_FOUND', '政策文件不存在。');
    const [need, interps, meetings] = await Promise.all([needOf(db, id), interpretationsOf(db, id, false), meetingsOf(db, id)]);
    const needed = needsInterpretation(policy.kind, need ?? null);
    const ready = interps.filter((i) => ['approved', 'published'].includes(i.status));
    const f = err?.fields ?? {};
    const ctx = req.pageCtx();
    const v = (k: string) => (err?.form === 'meeting' ? (err.body as Record<string, string | undefined>)[k] : '');
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={`解读情况：${policy.title}`} fields={f} message={err?.message} flash={flashText(req.query)} crumbs={[['/admin/interpretations', '政策解读'], [`/admin/documents/${id}`, '文件']]}>
        <p class={needed && !ready.length ? 'error' : undefined} id="readiness">
          {needed
            ? ready.length
              ? `需要解读，已有 ${ready.length} 篇解读审核通过或已发布（三同步：可与政策同时发布）。`
              : interps.length
                ? `需要解读，${interps.length} 篇解读尚未审核通过。`
                : '需要解读，尚无解读。'
            : `不需要解读${need?.reason ? `：${need.reason}` : '（非规章、非行政规范性文件）'}。`}
        </p>
        <ul>
          {interps.map((i) => (
            <li>
              <a href={`/admin/interpretations/${i.id}`}>{i.title}</a> <FormMarks forms={i.forms} />（{statusLabel(i.status)}）
            </li>
          ))}
        </ul>
        {policy.status === 'approved' && can(actor, 'document.publish', policy.unit_id) ? (
          <form method="post" action={`/admin/interpretations/policy/${id}/publish`}>
            <Csrf token={ctx.csrf} />
            <p>政策已审核通过。{ready.filter((i) => i.status === 'approved').length ? `发布时同时发布 ${ready.filter((i) => i.status === 'approved').length} 篇已审核通过的解读（三同步，公开时间相同）。` : '没有已审核通过、待发布的解读。'}</p>
            <button type="submit">发布政策{ready.some((i) => i.status === 'approved') ? '及其解读' : ''}</button>
          </form>
        ) : null}
        {can(actor, 'interpretation.mark', policy.unit_id) ? (
          <form method="post" action={`/admin/interpretations/policy/${id}/need`}>
            <Csrf token={ctx.csrf} />
            <SelectField name="needed" label="是否需要解读" value={needed ? '1' : '0'} options={[{ value: '1', label: '需要解读' }, { value: '0', label: '不需要解读' }]} error={f.needed} />
            <TextField name="reason" label="不需要解读的理由" value={err?.form === 'need' ? (err.body as Static<typeof NeedFormBody>).reason : need?.reason ?? ''} error={f.reason} />
            <button type="submit">保存</button>
          </form>
        ) : null}
        <section aria-labelledby="h-meetings">
          <h2 id="h-meetings">政策面对面解读会</h2>
          <p class="muted">应在政策印发实施后一个月内召开（按日历月计算）。</p>
          <ul>
            {meetings.map((m) => (
              <li>
                {m.held_on} · {m.place} · {m.organiser} · 邀请：{m.audience}
                {can(actor, 'interpretation.meeting', policy.unit_id) ? (
                  <form method="post" action={`/admin/interpretations/meetings/${m.id}/delete`} class="inline">
                    <Csrf token={ctx.csrf} />
                    <button type="submit" class="secondary">删除</button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
          {can(actor, 'interpretation.meeting', policy.unit_id) ? (
            <form method="post" action={`/admin/interpretations/policy/${id}/meetings`} enctype="multipart/form-data">
              <Csrf token={ctx.csrf} />
              <TextField name="heldOn" label="日期" type="date" required value={v('heldOn')} error={f.heldOn} />
              <TextField name="place" label="地点" required value={v('place')} error={f.place} />
              <TextField name="organiser" label="组织单位" required value={v('organiser')} error={f.organiser} />
              <TextField name="audience" label="邀请的受众" required value={v('audience')} error={f.audience} />
              <TextArea name="questions" label="现场提问和解答" value={v('questions')} error={f.questions} rows={5} />
              {Array.from({ length: MEETING_PHOTO_ROWS }, (_, i) => (
                <fieldset>
                  <legend>现场照片 {i + 1}（可不传）</legend>
                  <FileField name={`photos.${i}.file`} label="选择照片" hint={`JPG、PNG、GIF 或 WebP，不超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`} accept={ACCEPT.photo} error={f[`photos.${i}.file`]} />
                  <TextField name={`photos.${i}.alt`} label="照片说明（替代文字，上传照片时必填）" value={v(`photos.${i}.alt`)} error={f[`photos.${i}.alt`]} />
                </fieldset>
              ))}
              <button type="submit">登记解读会</button>
            </form>
          ) : null}
        </section>
      </AdminPage>,
      err?.status ?? 200,
    );
  };

  app.get('/admin/interpretations/policy/:id', async (req, reply) => policyPage(req, reply, requireActor(req), idParam(req)));

  app.post('/admin/interpretations/policy/:id/publish', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const policy = await documentUnit(db, id);
    if (!policy || !can(actor, 'document.read', policy.unit_id)) throw new AppError('NOT_FOUND', '政策文件不存在。');
    const r = await publishWithInterpretations(db, actor, id, {});
    if (!r.ok) return policyPage(req, reply, actor, id, { message: r.error.message, status: r.error.status });
    return reply.redirect(`/admin/interpretations/policy/${id}?msg=saved`, 303);
  });

  app.post('/admin/interpretations/policy/:id/need', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(NeedFormBody, req.body);
    const r = await setNeed(db, actor, id, values);
    if (!r.ok) return policyPage(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, body: values, form: 'need' });
    return reply.redirect(`/admin/interpretations/policy/${id}?msg=saved`, 303);
  });

  app.post('/admin/interpretations/policy/:id/meetings', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const { fields: sent, files, errors } = await readMultipart(app, req);
    const b: Record<string, string | undefined> = parseForm(MeetingFormBody, sent);
    if (Object.keys(errors).length) return policyPage(req, reply, actor, id, { fields: errors, status: 413, body: b, form: 'meeting' });
    const input = {
      heldOn: b.heldOn ?? '', place: b.place ?? '', organiser: b.organiser ?? '', audience: b.audience ?? '', questions: b.questions ?? '',
      photos: Array.from({ length: MEETING_PHOTO_ROWS }, (_, i) => ({ file: files.get(`photos.${i}.file`), alt: b[`photos.${i}.alt`] ?? '' })),
    };
    const r = await addMeeting(db, actor, id, input);
    if (!r.ok) return policyPage(req, reply, actor, id, { fields: r.error.fields, message: r.error.fields ? undefined : r.error.message, status: r.error.status, body: b, form: 'meeting' });
    return reply.redirect(`/admin/interpretations/policy/${id}?msg=saved`, 303);
  });

  app.post('/admin/interpretations/meetings/:id/delete', async (req, reply) => {
    const actor = requireActor(req);
    const m = await meetingPolicy(db, idParam(req));
    const r = await deleteMeeting(db, actor, idParam(req));
    if (!r.ok) throw r.error;
    return reply.redirect(`/admin/interpretations/policy/${m!.policy_id}?msg=saved`, 303);
  });

  // ---- the reviewer's 三同步 check: submitted policies that need an interpretation ----
  app.get('/admin/interpretations/review', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'interpretation.read', undefined, '您的角色不能查看政策解读。');
    const list = await reviewReadiness(db, actor);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="待审核政策的解读情况" crumbs={[['/admin/interpretations', '政策解读']]}>
        <p class="muted">需要解读的政策（规章、行政规范性文件和标记为需要解读的文件）提交审核后，在这里看它的解读是否已审核通过，可与政策同时发布（三同步）。</p>
        <table>
          <thead>
            <tr><th scope="col">政策文件</th><th scope="col">解读</th></tr>
          </thead>
          <tbody>
            {list.length ? list.map((r) => (
              <tr>
                <td><a href={`/admin/documents/${r.id}`}>{r.title}</a></td>
                <td class={r.ready ? undefined : 'error'}>
                  <a href={`/admin/interpretations/policy/${r.id}`}>{r.ready ? `已就绪 ${r.ready} 篇` : r.drafts ? `${r.drafts} 篇尚未审核通过` : '尚无解读'}</a>
                </td>
              </tr>
            )) : <tr><td colSpan={2}>目前没有等待审核且需要解读的政策。</td></tr>}
          </tbody>
        </table>
      </AdminPage>,
    );
  });

  // ---- dashboard ----
  // The counts of one scope are kept per data version (the audit sequence: every change writes a row) and day,
  // for a minute at most (a scheduled publication becomes public without a change), at most 4 scopes. The
  // database counts them (dashboard-query.ts); a drill-down reads one page of policies.
  const tallyCache = new Map<string, { at: number; tallies: TallyCount[] }>();
  const cachedTallies = async (scope: number[], today: string) => {
    const version = await lastAuditId(db);
    const key = `${String(version ?? 0)}|${today}|${scope.join(',')}`;
    const hit = tallyCache.get(key);
    // technical time: cache age
    if (hit && Date.now() - hit.at < 60_000) return hit.tallies;
    const tallies = await dashboardTallies(db, scope, today);
    if (tallyCache.size >= 4) tallyCache.delete(tallyCache.keys().next().value!);
    // technical time: cache age
    tallyCache.set(key, { at: Date.now(), tallies });
    return tallies;
  };

  const METRICS: Record<Metric, string> = { unexplained: '需要解读而未发布解读', late: '解读晚于政策发布', meetingOverdue: '超过一个月未开解读会' };
  const DRILL_PAGE = 50;

  app.get('/admin/interpretations/dashboard', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'interpretation.read', undefined, '您的角色不能查看解读情况统计。');
    const q = (req.query ?? {}) as Record<string, string>;
    const tree = await loadUnitTree(db);
    const scope = await scopeIds(actor);
    const today = todayBeijing();
    const tallies = await cachedTallies(scope, today);
    const unitName = (id: number) => tree.byId.get(id)?.name ?? String(id);
    const metric = ((METRIC_KEYS as readonly string[]).includes(q.metric ?? '') ? q.metric : null) as Metric | null;
    const unit = Number.isSafeInteger(Number(q.unit)) && Number(q.unit) > 0 ? Number(q.unit) : 0;
    const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : 0;
    if (q.format === 'xlsx') {
      const rows: CellValue[][] = [['单位', '年度', '已发布政策', '需要解读', ...Object.values(METRICS)]];
      for (const t of tallies) rows.push([unitName(t.unitId), t.year, t.policies, t.needed, t.unexplained, t.late, t.meetingOverdue]);
      const detailRows: CellValue[][] = [['文件编号', '标题', '单位', '年度', '需要解读', '未发布解读', '晚发天数', '解读会期限', '超期未开解读会']];
      for (const s of await dashboardLines(db, scope, today)) {
        detailRows.push([s.id, s.title, unitName(s.unitId), s.year, s.needed ? '是' : '否', s.unexplained ? '是' : '否', s.daysLate, s.meetingDueOn, s.meetingOverdue ? '是' : '否']);
      }
      const bytes = writeXlsx([{ name: '按单位和年度', rows, merges: [] }, { name: '政策明细', rows: detailRows, merges: [] }]);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="interpretations-${today}.xlsx"`)
        .send(Buffer.from(bytes));
    }
    const page = Math.max(1, Math.min(10_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const total = metric ? tallies.filter((t) => (!unit || t.unitId === unit) && (!year || t.year === year)).reduce((a, t) => a + t[metric], 0) : 0;
    const drill = metric ? await dashboardDrill(db, scope, { metric, unitId: unit || undefined, year: year || undefined, page, pageSize: DRILL_PAGE, total }, today) : null;
    const sum = (m: Metric) => tallies.reduce((a, t) => a + t[m], 0);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="解读情况统计" crumbs={[['/admin/interpretations', '政策解读']]}>
        <p>
          全区（您可查看的单位）：
          {METRIC_KEYS.map((m) => (
            <>
              {METRICS[m]} <a href={`/admin/interpretations/dashboard${qs({ metric: m })}`}>{sum(m)}</a> 件；
            </>
          ))}
          <a href="/admin/interpretations/dashboard?format=xlsx">导出 Excel</a>
        </p>
        {drill && metric ? (
          <section aria-labelledby="h-drill">
            <h2 id="h-drill">
              {METRICS[metric]}
              {unit ? `：${unitName(unit)}` : ''}
              {year ? ` ${year} 年` : ''}（{drill.total} 件）
            </h2>
            <table>
              <thead>
                <tr><th scope="col">政策文件</th><th scope="col">单位</th><th scope="col">{metric === 'late' ? '晚发天数' : metric === 'meetingOverdue' ? '解读会期限' : '年度'}</th></tr>
              </thead>
              <tbody>
                {drill.items.map((s) => (
                  <tr>
                    <td><a href={`/admin/interpretations/policy/${s.id}`}>{s.title}</a></td>
                    <td>{unitName(s.unitId)}</td>
                    <td>{metric === 'late' ? `${s.daysLate} 天` : metric === 'meetingOverdue' ? s.meetingDueOn : s.year}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} pageSize={DRILL_PAGE} total={drill.total} href={(n) => `/admin/interpretations/dashboard${qs({ metric, unit: unit || undefined, year: year || undefined, page: n > 1 ? n : undefined })}`} />
          </section>
        ) : null}
        <div class="table-scroll" tabIndex={0} role="region" aria-label="按单位和年度统计">
          <table>
            <caption>按单位和年度（已发布的政策文件，不含解读本身）</caption>
            <thead>
              <tr><th scope="col">单位</th><th scope="col">年度</th><th scope="col">已发布政策</th><th scope="col">需要解读</th>{Object.values(METRICS).map((l) => <th scope="col">{l}</th>)}</tr>
            </thead>
            <tbody>
              {tallies.map((t) => (
                <tr>
                  <th scope="row">{unitName(t.unitId)}</th>
                  <td>{t.year}</td>
                  <td>{t.policies}</td>
                  <td>{t.needed}</td>
                  {METRIC_KEYS.map((m) => (
                    <td>{t[m] ? <a href={`/admin/interpretations/dashboard${qs({ metric: m, unit: t.unitId, year: t.year })}`}>{t[m]}</a> : 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </AdminPage>,
    );
  });
}

