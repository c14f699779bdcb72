// Console pages of 征求意见 (menu entry 征求意见 from the manifest): the list in the staff member's scope,
// a new consultation, and one consultation's page with everything staff do on it — edit, the review
// workflow, revised drafts, moderation, offline opinions, grouping, decisions, the feedback's review,
// the final decision document, and the .xlsx exports. Contact details are masked on the page.
import { noStore } from '../../platform/http/request.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/access/roles.ts';
import { can } from '../../platform/access/roles.ts';
import { AppError, type FieldErrors, type Result } from '../../platform/errors.ts';
import { csrfCheckedParts, requireActor } from '../../platform/auth/index.tsx';
import { stageFileParts } from '../../platform/files/index.ts';
import { fmtSize } from '../../platform/views/format.ts';
import { auditRead } from '../../platform/audit/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { Csrf, Pager, qs } from '../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, SelectField, TextArea, TextField, idParam, pageParam, sendPage, unitOptions, val } from '../admin/public.ts';
import { articlesOf } from './articles.ts';
import {
  addOfflineComment,
  attachFiles,
  removeFile,
  advanceConsultation,
  advanceFeedback,
  basisOf,
  createConsultation,
  decideOpinion,
  feedbackProblems,
  formsOf,
  groupComments,
  linkDecision,
  moderateComment,
  moderateComments,
  reviseDraft,
  saveFeedback,
  updateConsultation,
  type ConsultationInput,
} from './commands.ts';
import { commentsDocx, commentsXlsx, feedbackDocx, feedbackXlsx } from './export.ts';
import { commentConsultation, consultationUrl, fileUrl, filesOf, opinionConsultation, opinionFacts, STAFF_FILTERS, staffCommentPage, staffConsultation, staffList, type StaffFilter } from './repository.ts';
import { countdownText, DECISION_LABELS, DECISIONS, feedbackDueOn, FORM_LABELS, FORMS, isConcentrated, MODERATION_REASONS, settings, type Form } from './rules.ts';
import { STYLE } from './pages.tsx';
import { ConsultationFormBody, DecideForm, DecisionForm, FeedbackForm, GroupForm, ModerateManyForm, ModerateOneForm, OfflineForm, ReasonForm, ReviseForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';

const STATUS_LABELS: Record<string, string> = { draft: '草稿', submitted: '待审核', approved: '审核通过', published: '已发布', returned: '退回修改' };
const FEEDBACK_LABELS: Record<string, string> = { none: '未开始', draft: '起草中', submitted: '待审核', published: '已公布' };
const BASE = '/admin/consultations';
const COMMENTS_PER_PAGE = 50;
const FLASH: Record<string, string> = {
  created: '征求意见已保存为草稿。',
  saved: '已保存。',
  submit: '已提交审核。',
  approve: '已审核通过，可以发布。',
  return: '已退回修改。',
  publish: '已发布，公众现在可以在“意见征集”页面看到并提出意见。',
  revised: '修改稿已发布。',
  moderated: '意见已处理。',
  offline: '线下意见已录入。',
  grouped: '意见已归并。',
  decided: '采纳决定已保存。',
  'feedback-submit': '采纳情况已提交审核。',
  'feedback-return': '采纳情况已退回修改。',
  'feedback-publish': '采纳情况已公布。',
  linked: '最终决策文件已关联。',
  attached: '附件已上传。',
  detached: '附件已删除。',
};

const mask = (s: string | null) => (!s ? '' : s.includes('@') ? s.replace(/^(.).*(@.*)$/, '$1***$2') : s.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2'));

function ConsultationForm({ action, values, errors, units, submit }: { action: string; values: Record<string, string>; errors?: FieldErrors; units: { value: string; label: string }[]; submit: string }) {
  const forms = (values.forms ?? 'online').split(',');
  return (
    <form method="post" action={action}>
      <input type="hidden" name="_csrf" value={values._csrf} />
      <TextField name="title" label="标题" required value={values.title} error={errors?.title} maxLength={200} />
      <SelectField name="unit" label="起草单位" required value={values.unit} options={units} error={errors?.unit} />
      <TextField name="startsOn" type="date" label="开始日期" required value={values.startsOn} error={errors?.startsOn} />
      <TextField name="endsOn" type="date" label="截止日期" required value={values.endsOn} error={errors?.endsOn} hint="征求意见期限一般不少于 30 日（含首尾两日）。" />
      <TextArea name="periodReason" label="期限少于 30 日的理由" value={values.periodReason} error={errors?.periodReason} hint="期限少于 30 日时必填，将在公开页面显示。" rows={2} />
      <fieldset id="f-forms">
        <legend>征求意见形式</legend>
        {errors?.forms ? <p class="error">{errors.forms}</p> : null}
        {FORMS.map((f) => (
          <label style="margin-right: 1em">
            <input type="checkbox" name="forms" value={f} checked={forms.includes(f)} /> {FORM_LABELS[f]}
          </label>
        ))}
      </fieldset>
      <TextArea name="body" label="征求意见稿正文" required value={values.body} error={errors?.body} rows={14} hint="每段（每条）空一行；以“第×条”开头的段落按条编号，公众可以对每一条发表意见。" />
      <TextArea name="explanation" label="起草说明" value={values.explanation} error={errors?.explanation} rows={5} />
      <TextArea name="basis" label="决策依据" value={values.basis} error={errors?.basis} rows={3} hint="每行一项：名称，后面可跟链接，如“中华人民共和国城乡规划法 https://www.gov.cn/…”。" />
      <p>
        <button type="submit">{submit}</button>
      </p>
    </form>
  );
}

/** The consultation form's values as the form shows them (征求形式 as a comma list). */
function formValues({ forms, ...rest }: Static<typeof ConsultationFormBody>): Record<string, string> {
  return { title: '', unit: '', startsOn: '', endsOn: '', periodReason: '', body: '', explanation: '', basis: '', ...rest, forms: (forms ?? []).join(',') };
}

const toInput = (v: Record<string, string>): ConsultationInput => ({ ...v, forms: v.forms ? v.forms.split(',') : [] });

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const scoped = (actor: Actor) => (actor.role === 'admin' ? null : actor.scope);

  app.get(BASE, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    if (!can(actor, 'consultation.read')) throw new AppError('FORBIDDEN', '您的角色不能查看征求意见。');
    const rows = await staffList(db, scoped(actor));
    const today = todayBeijing();
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="征求意见">
        {can(actor, 'consultation.edit') ? (
          <p class="actions">
            <a class="button" href={`${BASE}/new`}>
              新建征求意见
            </a>
          </p>
        ) : null}
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">单位</th>
                <th scope="col">状态</th>
                <th scope="col">期限</th>
                <th scope="col">待审核意见</th>
                <th scope="col">采纳情况</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={`${BASE}/${r.id}`}>{r.title}</a>
                  </td>
                  <td>{r.unitName}</td>
                  <td>{STATUS_LABELS[r.status]}</td>
                  <td class="nowrap">
                    {r.starts_on} 至 {r.ends_on}
                    {r.status === 'published' ? ` · ${countdownText(r.starts_on, r.ends_on, today)}` : ''}
                  </td>
                  <td>{r.pending}</td>
                  <td>
                    {FEEDBACK_LABELS[r.feedback_status]}
                    {r.status === 'published' && r.phase === 'closed' && r.feedback_status !== 'published' && today > feedbackDueOn(r.ends_on, settings().feedbackDays) ? <strong>（已逾期）</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length ? null : <p class="muted">暂无征求意见。</p>}
      </AdminPage>,
    );
  });

  const unitsFor = async (actor: Actor) => unitOptions(await loadUnitTree(db), actor, 'consultation.edit');

  const newPage = async (req: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: FieldErrors, status = 200) => {
    const actor = requireActor(req);
    if (!can(actor, 'consultation.edit')) throw new AppError('FORBIDDEN', '您的角色不能起草征求意见。');
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="新建征求意见" fields={errors} crumbs={[[BASE, '征求意见']]}>
        <ConsultationForm action={BASE} values={{ ...values, _csrf: req.pageCtx().csrf }} errors={errors} units={await unitsFor(actor)} submit="保存草稿" />
      </AdminPage>,
      status,
    );
  };
  app.get(`${BASE}/new`, { onSend: noStore }, async (req, reply) => newPage(req, reply, { unit: String(requireActor(req).unitId), forms: 'online' }));
  app.post(BASE, async (req, reply) => {
    const actor = requireActor(req);
    const v = formValues(parseForm(ConsultationFormBody, req.body));
    const r = await createConsultation(db, actor, toInput(v));
    if (!r.ok) {
      if (r.error.code !== 'VALIDATION') throw r.error;
      return newPage(req, reply, v, r.error.fields, 400);
    }
    return reply.redirect(`${BASE}/${r.value.id}?msg=created`, 303);
  });

  async function detail(req: FastifyRequest, reply: FastifyReply, id: number, err?: { error: AppError; form?: string; values?: Record<string, string> }) {
    const actor = requireActor(req);
    const c = await staffConsultation(db, id);
    if (!can(actor, 'consultation.read', c.unit_id)) throw new AppError('FORBIDDEN', '只能查看本单位及下级单位的征求意见。');
    const ctx = req.pageCtx();
    const today = todayBeijing();
    const showRaw = val(req.query, 'show');
    const show: StaffFilter = Object.hasOwn(STAFF_FILTERS, showRaw) ? (showRaw as StaffFilter) : 'all';
    const cpage = pageParam(req.query);
    const { items: comments, total: shown, counts } = await staffCommentPage(db, id, show, cpage, COMMENTS_PER_PAGE);
    const files = await filesOf(db, id);
    const opinions = await opinionFacts(db, id);
    const { concentratedMin, feedbackDays } = settings();
    const articles = articlesOf(c.body);
    const labels = new Map(articles.map((a) => [a.key, a.label]));
    const problems = c.status === 'published' ? await feedbackProblems(db, id) : [];
    const editable = c.status === 'draft' || c.status === 'returned';
    const canGroup = c.status === 'published' && can(actor, 'consultation.feedback', c.unit_id) && (c.feedback_status === 'none' || c.feedback_status === 'draft');
    const may = (a: Parameters<typeof can>[1]) => can(actor, a, c.unit_id);
    const msg = val(req.query, 'msg');
    const fieldsFor = (form: string) => (err?.form === form ? err.error.fields : undefined);
    const csrf = <Csrf token={ctx.csrf} />;
    const step = (name: string, label: string, withReason = false) => (
      <form method="post" action={`${BASE}/${id}/${name}`} class="inline">
        {csrf}
        {withReason ? (
          <>
            <label for={`r-${name}`}>退回理由</label> <input id={`r-${name}`} name="reason" maxLength={1000} required />{' '}
          </>
        ) : null}
        <button type="submit" class={withReason ? 'secondary' : undefined}>
          {label}
        </button>
      </form>
    );
    const decidedOpinion = opinions.map((o) => ({ value: String(o.id), label: o.summary.slice(0, 40) }));
    return sendPage(
      reply,
      <AdminPage
        ctx={ctx}
        title={c.title}
        crumbs={[[BASE, '征求意见']]}
        flash={Object.hasOwn(FLASH, msg) ? FLASH[msg] : null}
        message={err ? err.error.message : null}
        fields={err?.error.fields}
      >
        {STYLE}
        <p>
          {c.unitName} · 状态：<strong>{STATUS_LABELS[c.status]}</strong>
          {c.status === 'published' ? (
            <>
              {' '}
              · {countdownText(c.starts_on, c.ends_on, today)} · <a href={consultationUrl(id)}>公开页面</a>
            </>
          ) : null}{' '}
          · 期限 {c.starts_on} 至 {c.ends_on} · 第 {c.version} 稿 · 形式：{formsOf(c).map((f) => FORM_LABELS[f as Form] ?? f).join('、')}
        </p>
        {c.return_reason && c.status === 'returned' ? <p class="card">退回理由：{c.return_reason}</p> : null}
        <div class="actions">
          {editable && may('consultation.edit') ? step('submit', '提交审核') : null}
          {c.status === 'submitted' && may('consultation.review') ? step('approve', '审核通过') : null}
          {(c.status === 'submitted' || c.status === 'approved') && may('consultation.review') ? step('return', '退回修改', true) : null}
          {c.status === 'approved' && may('consultation.publish') ? step('publish', '发布') : null}
          <a class="button secondary" href={`${BASE}/${id}/comments.xlsx`}>
            导出意见（.xlsx）
          </a>
          <a class="button secondary" href={`${BASE}/${id}/comments.docx`}>
            导出意见（.docx）
          </a>
          {c.status === 'published' ? (
            <a class="button secondary" href={`${BASE}/${id}/feedback.xlsx`}>
              导出采纳情况（.xlsx）
            </a>
          ) : null}
          {c.status === 'published' ? (
            <a class="button secondary" href={`${BASE}/${id}/feedback.docx`}>
              导出采纳情况（.docx）
            </a>
          ) : null}
        </div>

        {editable && may('consultation.edit') ? (
          <details open={err?.form === 'edit'}>
            <summary>修改</summary>
            <ConsultationForm
              action={`${BASE}/${id}/edit`}
              values={
                err?.form === 'edit' && err.values
                  ? { ...err.values, _csrf: ctx.csrf }
                  : { _csrf: ctx.csrf, title: c.title, unit: String(c.unit_id), startsOn: c.starts_on, endsOn: c.ends_on, periodReason: c.period_reason ?? '', body: c.body, explanation: c.explanation, basis: basisOf(c).map((b) => `${b.title} ${b.url}`.trim()).join('\n'), forms: formsOf(c).join(',') }
              }
              errors={fieldsFor('edit')}
              units={await unitsFor(actor)}
              submit="保存修改"
            />
          </details>
        ) : (
          <details>
            <summary>征求意见稿（第 {c.version} 稿）</summary>
            <div class="doc-body" dangerouslySetInnerHTML={{ __html: c.body }} />
          </details>
        )}
        <h2>附件（{files.length}）</h2>
        {files.length ? (
          <ul>
            {files.map((f) => (
              <li>
                {c.status === 'published' ? <a href={fileUrl(id, f.id)}>{f.filename}</a> : f.filename}（{fmtSize(f.size)}）
                {editable && may('consultation.edit') ? (
                  <form method="post" action={`${BASE}/${id}/files/${f.id}/delete`} class="inline">
                    {csrf}{' '}
                    <button type="submit" class="link">
                      删除
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {editable && may('consultation.edit') ? (
          <form method="post" action={`${BASE}/${id}/files`} enctype="multipart/form-data">
            {csrf}
            <div class="field">
              <label for="f-file">上传附件（起草说明、相关材料等，每个不超过 {Math.round(app.config.maxUploadBytes / 1024 / 1024)} MB）</label>
              {fieldsFor('files')?.file ? <p class="error">{fieldsFor('files')?.file}</p> : null}
              <input id="f-file" type="file" name="file" multiple />
            </div>
            <button type="submit" class="secondary">
              上传
            </button>
          </form>
        ) : null}
        {c.status === 'published' && c.ends_on >= today && may('consultation.edit') ? (
          <details open={err?.form === 'revise'}>
            <summary>发布修改稿</summary>
            <form method="post" action={`${BASE}/${id}/revise`}>
              {csrf}
              <TextArea name="body" label="修改稿正文" required rows={12} value={err?.form === 'revise' ? err.values?.body : c.body} error={fieldsFor('revise')?.body} />
              <TextArea name="note" label="修改说明" required rows={2} value={err?.form === 'revise' ? err.values?.note : ''} error={fieldsFor('revise')?.note} />
              <button type="submit">发布修改稿</button>
            </form>
          </details>
        ) : null}

        <h2 id="comments">收到的意见（{counts.all} 条）</h2>
        <p>
          {(Object.keys(STAFF_FILTERS) as StaffFilter[]).map((k) => (
            <>
              {k === show ? (
                <strong aria-current="true">
                  {STAFF_FILTERS[k]} {counts[k]}
                </strong>
              ) : (
                <a href={`${BASE}/${id}${qs({ show: k === 'all' ? undefined : k })}#comments`}>
                  {STAFF_FILTERS[k]} {counts[k]}
                </a>
              )}{' '}
            </>
          ))}
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead>
              <tr>
                <th scope="col">选择</th>
                <th scope="col">回执号 / 时间</th>
                <th scope="col">条款</th>
                <th scope="col">意见</th>
                <th scope="col">提出人</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {comments.map((m) => (
                <tr>
                  <td>
                    {may('consultation.moderate') || m.status !== 'rejected' ? (
                      <input type="checkbox" name="commentIds" value={String(m.id)} form="comment-actions" aria-label={`选择意见 ${m.receipt_no}`} />
                    ) : null}
                  </td>
                  <td class="nowrap">
                    {m.receipt_no}
                    <br />
                    {fmtDateTime(m.created_at)}
                  </td>
                  <td>{m.article ? (labels.get(m.article) ?? m.article) : '整体'}</td>
                  <td style="white-space: pre-line; overflow-wrap: anywhere">{m.body}</td>
                  <td>
                    {m.form === 'online' ? `${m.name ?? '（未留名）'} ${mask(m.phone)} ${mask(m.email)}` : `${FORM_LABELS[m.form as Form] ?? m.form}：${m.source ?? ''}`}
                  </td>
                  <td>
                    {m.status === 'pending' ? '待审核' : m.status === 'published' ? '已公开' : `不予公开：${m.moderation_reason}`}
                    {m.opinion_id ? <div class="muted">已归入第 {opinions.findIndex((o) => o.id === m.opinion_id) + 1} 类</div> : null}
                    {m.status === 'pending' && may('consultation.moderate') ? (
                      <div>
                        <form method="post" action={`${BASE}/comments/${m.id}/moderate`} class="inline">
                          {csrf}
                          <input type="hidden" name="publish" value="1" />
                          <button type="submit">公开</button>
                        </form>{' '}
                        <form method="post" action={`${BASE}/comments/${m.id}/moderate`} class="inline">
                          {csrf}
                          <label for={`mr-${m.id}`} class="visually-hidden">
                            不予公开理由
                          </label>
                          <select id={`mr-${m.id}`} name="reason">
                            {MODERATION_REASONS.map((r) => (
                              <option value={r}>{r}</option>
                            ))}
                          </select>{' '}
                          <button type="submit" class="secondary">
                            不予公开
                          </button>
                        </form>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={cpage} pageSize={COMMENTS_PER_PAGE} total={shown} href={(n) => `${BASE}/${id}${qs({ show: show === 'all' ? undefined : show, page: n })}#comments`} />
        {comments.length && (may('consultation.moderate') || canGroup) ? (
          <form method="post" action={`${BASE}/${id}/${canGroup ? 'group' : 'moderate'}`} id="comment-actions">
            {csrf}
            {/* The grouping first: Enter in its text field must group, not publish. */}
            {canGroup ? (
              <fieldset>
                <legend>把勾选的意见归入一类</legend>
                <TextField name="summary" label="新的意见类别（概要）" idPrefix="g" value={err?.form === 'group' ? err.values?.summary : ''} error={fieldsFor('group')?.summary ?? fieldsFor('group')?.commentIds} maxLength={500} />
                {opinions.length ? (
                  <p>
                    <label for="g-opinionId">或归入已有类别</label>{' '}
                    <select id="g-opinionId" name="opinionId">
                      <option value="">（新建类别）</option>
                      {decidedOpinion.map((o) => (
                        <option value={o.value}>{o.label}</option>
                      ))}
                    </select>
                  </p>
                ) : null}
                <button type="submit">归并</button>
              </fieldset>
            ) : null}
            {may('consultation.moderate') ? (
              <fieldset>
                <legend>审核勾选的意见</legend>
                <button type="submit" formaction={`${BASE}/${id}/moderate?publish=1`}>
                  公开所选
                </button>{' '}
                <label for="bulk-reason">不予公开的理由</label>{' '}
                <select id="bulk-reason" name="reason">
                  {MODERATION_REASONS.map((r) => (
                    <option value={r}>{r}</option>
                  ))}
                </select>{' '}
                <button type="submit" class="secondary" formaction={`${BASE}/${id}/moderate`}>
                  所选不予公开
                </button>
                {fieldsFor('moderate')?.commentIds ? <p class="error">{fieldsFor('moderate')?.commentIds}</p> : null}
              </fieldset>
            ) : null}
          </form>
        ) : null}

        {c.status === 'published' && may('consultation.moderate') ? (
          <details open={err?.form === 'offline'}>
            <summary>录入线下意见（听证、座谈、来信等）</summary>
            <form method="post" action={`${BASE}/${id}/offline`}>
              {csrf}
              <SelectField name="form" label="形式" required idPrefix="o" value={err?.values?.form} options={FORMS.filter((f) => f !== 'online').map((f) => ({ value: f, label: FORM_LABELS[f] }))} error={fieldsFor('offline')?.form} />
              <TextField name="source" label="来源" required idPrefix="o" value={err?.values?.source} error={fieldsFor('offline')?.source} hint="如“3月5日听证会记录”“某某社区居民来信”" maxLength={200} />
              <SelectField name="article" label="针对条款" idPrefix="o" value={err?.values?.article} options={[{ value: '', label: '草案整体' }, ...articles.map((a) => ({ value: a.key, label: a.label }))]} />
              <TextArea name="body" label="意见内容" required idPrefix="o" value={err?.values?.body} error={fieldsFor('offline')?.body} rows={4} />
              <button type="submit">录入</button>
            </form>
          </details>
        ) : null}

        {c.status === 'published' ? (
          <>
            <h2>意见采纳情况（{FEEDBACK_LABELS[c.feedback_status]}）</h2>
            <p class="muted">
              应于 {feedbackDueOn(c.ends_on, feedbackDays)} 前公布。归入 {concentratedMin} 条及以上意见的类别为“相对集中的意见”，不予采纳或部分采纳时须说明理由。
            </p>
            {c.feedback_return_reason && c.feedback_status === 'draft' ? <p class="card">退回理由：{c.feedback_return_reason}</p> : null}
            {opinions.map((o, i) => (
              <div class="card" style="margin: 8px 0">
                <p>
                  <strong>
                    第 {i + 1} 类（{o.comments} 条）
                  </strong>
                  {isConcentrated(o, concentratedMin) ? <span class="badge">相对集中</span> : null} {o.decision ? `· ${DECISION_LABELS[o.decision]}` : '· 尚未决定'}
                </p>
                {may('consultation.feedback') && (c.feedback_status === 'none' || c.feedback_status === 'draft') ? (
                  <form method="post" action={`${BASE}/opinions/${o.id}/decide`}>
                    {csrf}
                    <TextField name="summary" label="意见概要" idPrefix={`d${o.id}`} value={o.summary} maxLength={500} error={err?.form === `decide-${o.id}` ? fieldsFor(`decide-${o.id}`)?.summary : undefined} />
                    <SelectField name="decision" label="采纳情况" idPrefix={`d${o.id}`} value={o.decision ?? ''} empty="请选择" options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))} error={err?.form === `decide-${o.id}` ? fieldsFor(`decide-${o.id}`)?.decision : undefined} />
                    <TextArea name="reason" label="理由" idPrefix={`d${o.id}`} value={o.reason} rows={2} error={err?.form === `decide-${o.id}` ? fieldsFor(`decide-${o.id}`)?.reason : undefined} />
                    <button type="submit">保存</button>
                  </form>
                ) : (
                  <p>
                    {o.summary}
                    {o.reason ? ` —— 理由：${o.reason}` : ''}
                  </p>
                )}
              </div>
            ))}
            {may('consultation.feedback') && (c.feedback_status === 'none' || c.feedback_status === 'draft') ? (
              <form method="post" action={`${BASE}/${id}/feedback`}>
                {csrf}
                <TextArea name="summary" label="采纳情况说明（公开页面上方的文字）" value={c.feedback_summary} rows={4} error={fieldsFor('feedback')?.summary} />
                <button type="submit" class="secondary">
                  保存说明
                </button>
              </form>
            ) : (
              c.feedback_summary && <p style="white-space: pre-line">{c.feedback_summary}</p>
            )}
            {problems.length && c.feedback_status !== 'published' ? (
              <div class="card">
                <p>公布前还需处理：</p>
                <ul>
                  {problems.map((p) => (
                    <li>{p}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div class="actions">
              {(c.feedback_status === 'none' || c.feedback_status === 'draft') && may('consultation.feedback') ? step('feedback/submit', '提交采纳情况审核') : null}
              {c.feedback_status === 'submitted' && may('consultation.feedback-publish') ? step('feedback/publish', '审核通过并公布') : null}
              {c.feedback_status === 'submitted' && may('consultation.feedback-publish') ? step('feedback/return', '退回修改', true) : null}
              {c.feedback_status === 'published' ? <a href={`${consultationUrl(id)}/feedback`}>公开的采纳情况页面</a> : null}
            </div>
            {may('consultation.feedback') ? (
              <form method="post" action={`${BASE}/${id}/decision`}>
                {csrf}
                <TextField name="documentId" label="最终决策文件的编号" hint="决策文件发布后填写其文件编号（文件地址 /xxgk/documents/编号 中的数字），采纳情况页面将链接到它。" value={c.decision_document_id ? String(c.decision_document_id) : ''} error={fieldsFor('decision')?.documentId} inputMode="numeric" />
                <button type="submit" class="secondary">
                  关联
                </button>
              </form>
            ) : null}
          </>
        ) : null}
      </AdminPage>,
      err ? err.error.status : 200,
    );
  }

  app.get(`${BASE}/:id`, { onSend: noStore }, async (req, reply) => detail(req, reply, idParam(req)));

  /** Runs a command from a form; success redirects with a flash key, a refusal shows the page with the message. */
  const handle = async (req: FastifyRequest, reply: FastifyReply, id: number, form: string, r: Result<unknown>, flash: string, values?: Record<string, string>) => {
    if (r.ok) return reply.redirect(`${BASE}/${id}?msg=${flash}`, 303);
    if (r.error.code === 'NOT_FOUND' || r.error.code === 'UNAUTHENTICATED') throw r.error;
    return detail(req, reply, id, { error: r.error, form, values });
  };

  app.post(`${BASE}/:id/edit`, async (req, reply) => {
    const id = idParam(req);
    const v = formValues(parseForm(ConsultationFormBody, req.body));
    return handle(req, reply, id, 'edit', await updateConsultation(db, requireActor(req), id, toInput(v)), 'saved', v);
  });
  for (const s of ['submit', 'approve', 'return', 'publish'] as const) {
    app.post(`${BASE}/:id/${s}`, async (req, reply) => {
      const id = idParam(req);
      return handle(req, reply, id, s, await advanceConsultation(db, requireActor(req), id, s, parseForm(ReasonForm, req.body).reason ?? ''), s);
    });
  }
  app.post(`${BASE}/:id/revise`, async (req, reply) => {
    const id = idParam(req);
    const v = { body: '', note: '', ...parseForm(ReviseForm, req.body) };
    return handle(req, reply, id, 'revise', await reviseDraft(db, requireActor(req), id, v), 'revised', v);
  });
  app.post(`${BASE}/comments/:cid/moderate`, async (req, reply) => {
    const cid = idParam(req, 'cid');
    const row = await commentConsultation(db, cid);
    if (!row) throw new AppError('NOT_FOUND', '没有这条意见。');
    const form = parseForm(ModerateOneForm, req.body);
    return handle(req, reply, row.consultation_id, 'moderate', await moderateComment(db, requireActor(req), cid, { publish: form.publish === '1', reason: form.reason ?? '' }), 'moderated');
  });
  app.post(`${BASE}/:id/moderate`, async (req, reply) => {
    const id = idParam(req);
    const b = parseForm(ModerateManyForm, req.body);
    const publish = val(req.query, 'publish') === '1';
    return handle(req, reply, id, 'moderate', await moderateComments(db, requireActor(req), id, { commentIds: b.commentIds, publish, reason: b.reason ?? '' }), 'moderated');
  });
  app.post(`${BASE}/:id/offline`, async (req, reply) => {
    const id = idParam(req);
    const v = { form: '', source: '', article: '', body: '', ...parseForm(OfflineForm, req.body) };
    return handle(req, reply, id, 'offline', await addOfflineComment(db, requireActor(req), id, { ...v, article: v.article || undefined }), 'offline', v);
  });
  app.post(`${BASE}/:id/group`, async (req, reply) => {
    const id = idParam(req);
    const b = parseForm(GroupForm, req.body);
    const v = { summary: b.summary ?? '' };
    return handle(req, reply, id, 'group', await groupComments(db, requireActor(req), id, { summary: v.summary, opinionId: b.opinionId ?? '', commentIds: b.commentIds }), 'grouped', v);
  });
  app.post(`${BASE}/opinions/:oid/decide`, async (req, reply) => {
    const oid = idParam(req, 'oid');
    const row = await opinionConsultation(db, oid);
    if (!row) throw new AppError('NOT_FOUND', '没有这个意见类别。');
    const b = parseForm(DecideForm, req.body);
    return handle(req, reply, row.consultation_id, `decide-${oid}`, await decideOpinion(db, requireActor(req), oid, { decision: b.decision ?? '', reason: b.reason ?? '', summary: b.summary }), 'decided');
  });
  app.post(`${BASE}/:id/feedback`, async (req, reply) => {
    const id = idParam(req);
    return handle(req, reply, id, 'feedback', await saveFeedback(db, requireActor(req), id, { summary: parseForm(FeedbackForm, req.body).summary ?? '' }), 'saved');
  });
  for (const s of ['submit', 'return', 'publish'] as const) {
    app.post(`${BASE}/:id/feedback/${s}`, async (req, reply) => {
      const id = idParam(req);
      return handle(req, reply, id, `feedback-${s}`, await advanceFeedback(db, requireActor(req), id, s, parseForm(ReasonForm, req.body).reason ?? ''), `feedback-${s}`);
    });
  }
  app.post(`${BASE}/:id/decision`, async (req, reply) => {
    const id = idParam(req);
    return handle(req, reply, id, 'decision', await linkDecision(db, requireActor(req), id, parseForm(DecisionForm, req.body).documentId ?? ''), 'linked');
  });

  // Attachments: multipart, the CSRF token first; files wait in DATA_DIR/tmp until their rows commit.
  app.post(`${BASE}/:id/files`, { config: { multipartCsrf: true } }, async (req, reply) => {
    const id = idParam(req);
    const actor = requireActor(req);
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA', '请通过“上传附件”表单选择文件后提交。');
    const { files, refusal } = await stageFileParts(csrfCheckedParts(req), async (part) => ({ ...(await app.files.stage(part.file, app.config.maxUploadBytes)), filename: part.filename }));
    if (refusal) return detail(req, reply, id, { error: new AppError(refusal.code, undefined, { file: refusal.message }), form: 'files' });
    return handle(req, reply, id, 'files', await attachFiles(db, actor, id, files), 'attached');
  });
  app.post(`${BASE}/:id/files/:fid/delete`, async (req, reply) => {
    const id = idParam(req);
    return handle(req, reply, id, 'files', await removeFile(db, requireActor(req), id, idParam(req, 'fid')), 'detached');
  });

  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  app.get(`${BASE}/:id/comments.xlsx`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const c = await staffConsultation(db, idParam(req));
    if (!can(actor, 'consultation.read', c.unit_id)) throw new AppError('FORBIDDEN', '只能导出本单位及下级单位的征求意见。');
    // Contact details only for those who handle the comments; that read is logged.
    const withContacts = can(actor, 'consultation.moderate', c.unit_id);
    if (withContacts) await auditRead(db, actor, { action: 'consultation.export-personal', entity: 'consultation', entityId: c.id, unitId: c.unit_id });
    return reply.type(xlsx).header('Content-Disposition', contentDisposition(`${c.title}-意见.xlsx`)).send(Buffer.from(await commentsXlsx(db, c, withContacts)));
  });
  app.get(`${BASE}/:id/comments.docx`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const c = await staffConsultation(db, idParam(req));
    if (!can(actor, 'consultation.read', c.unit_id)) throw new AppError('FORBIDDEN', '只能导出本单位及下级单位的征求意见。');
    const withContacts = can(actor, 'consultation.moderate', c.unit_id);
    if (withContacts) await auditRead(db, actor, { action: 'consultation.export-personal', entity: 'consultation', entityId: c.id, unitId: c.unit_id });
    return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('Content-Disposition', contentDisposition(`${c.title}-意见.docx`)).send(await commentsDocx(db, c, withContacts));
  });
  app.get(`${BASE}/:id/feedback.docx`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const c = await staffConsultation(db, idParam(req));
    if (!can(actor, 'consultation.read', c.unit_id)) throw new AppError('FORBIDDEN', '只能导出本单位及下级单位的征求意见。');
    return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('Content-Disposition', contentDisposition(`${c.title}-意见采纳情况.docx`)).send(await feedbackDocx(db, c));
  });
  app.get(`${BASE}/:id/feedback.xlsx`, { onSend: noStore }, async (req, reply) => {
    const actor = requireActor(req);
    const c = await staffConsultation(db, idParam(req));
    if (!can(actor, 'consultation.read', c.unit_id)) throw new AppError('FORBIDDEN', '只能导出本单位及下级单位的征求意见。');
    return reply.type(xlsx).header('Content-Disposition', contentDisposition(`${c.title}-意见采纳情况.xlsx`)).send(Buffer.from(await feedbackXlsx(db, c)));
  });
}
