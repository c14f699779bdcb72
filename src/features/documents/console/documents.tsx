// Console pages for documents: list with filters, create/edit form, detail page with the workflow
// actions (submit, approve, return, publish, withdraw, validity), attachments, history.
import { auditRead } from '../../../platform/audit/index.ts';
import type { VNode } from 'preact';
import { contributions } from '../../../platform/modules.ts';

/** Extension point 'documents.consoleSections': a section another feature shows at the top of a document's console page (null: none). */
export type DocumentConsoleSection = (c: { db: Db; actor: Actor; row: { id: number; unit_id: number; kind: string; status: string }; csrf: string }) => Promise<VNode | null>;
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { csrfCheckedParts, requireActor } from '../../../platform/auth/index.tsx';
import { can, roleAllows, type Actor } from '../../../platform/access/roles.ts';
import { loadUnitTree } from '../../../platform/access/unit-tree.ts';
import { AppError, toAppError, type FieldErrors, type Result } from '../../../platform/errors.ts';
import { Csrf, ErrorSummary, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDateTime, fmtSize } from '../../../platform/views/format.ts';
import { parseJson, nowIso } from '../../../platform/db/index.ts';
import type { Db } from '../../../platform/db/index.ts';
import { cleanFilename, contentDisposition, mimeFor, stageFileParts, withStagedFiles, type StagedFile, type StagedParts } from '../../../platform/files/index.ts';
import { joditUrls, scriptUrl } from '../../../platform/views/static/assets.ts';
import {
  addAttachments,
  approveDocument,
  changeValidity,
  createDocument,
  publishDocument,
  removeAttachment,
  returnDocument,
  submitDocument,
  updateDocument,
  withdrawDocument,
  type NewAttachment,
} from '../documents.commands.ts';
import {
  attachmentTextStatus,
  documentUrl,
  getAttachment,
  getDocumentRow,
  loadView,
  pageConsoleDocuments,
  pageVersions,
  scopedDocuments,
  peopleNames,
  termLabels,
  termsOfKind,
  type DocumentView,
} from '../documents.repository.ts';
import { isPublic } from '../access.ts';
import { DocTable, StatusBadge } from './doc-table.tsx';
import { ActionFormBodies, DocumentFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import {
  canTransition,
  displayStatus,
  DISCLOSURES,
  KINDS,
  REVIEW_CHECKS,
  STATUSES,
  STATUS_LABELS,
  TRANSITIONS,
  VALIDITIES,
  type ReviewCheck,
  type Status,
  type Transition,
} from '../state.ts';
import { ART20_CATEGORIES } from '../../taxonomy/public.ts';
import { art26ForDocument, countArt26ByUnit, type Art26Status } from '../art26.ts';
import { Art26Notice, Art26UnitTable } from '../views/art26.tsx';
import type { DocumentRow } from '../tables.ts';
import {
  AdminPage,
  CheckField,
  PAGE_SIZE,
  RadioField,
  SelectField,
  TextArea,
  TextField,
  flashText,
  idParam,
  pageParam,
  requireRole,
  sendPage,
  unitOptions,
  val,
  type OptGroup,
  type Option,
} from '../../admin/public.ts';
import { AuditTable, loadAuditRows, unitNames } from '../../audit/public.ts';
import { clockNow } from '../../../platform/clock.ts';

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

export const VERSION_ACTIONS: Record<string, string> = {
  create: '创建',
  edit: '修改',
  attach: '附件变更',
  submit: '提交审核',
  approve: '审核通过',
  return: '退回修改',
  publish: '发布',
  withdraw: '撤稿',
  validity: '变更有效性',
  import: '导入',
};

type DocRow = DocumentRow & { unit_name: string };

/** Loads a document for a console page: 404 when unknown, 403 outside the actor's units. */
async function loadDoc(db: Db, actor: Actor, id: number): Promise<DocRow> {
  const row = await getDocumentRow(db, id);
  if (!row) throw new AppError('NOT_FOUND', '文件不存在，可能编号有误。');
  if (!can(actor, 'document.read', row.unit_id)) throw new AppError('FORBIDDEN', '此文件属于其他单位，您没有权限查看或处理。');
  return row as DocRow;
}

async function termOptions(db: Db, kind: 'topic' | 'genre' | 'column', current?: string | null): Promise<(Option | OptGroup)[]> {
  const rows = await termsOfKind(db, kind);
  const shown = (r: (typeof rows)[number]) => r.active === 1 || r.code === current;
  const label = (r: (typeof rows)[number]) => (r.active === 1 ? r.label : `${r.label}（已停用）`);
  const roots = rows.filter((r) => r.parent_code === null);
  const out: (Option | OptGroup)[] = [];
  for (const root of roots) {
    const kids = rows.filter((r) => r.parent_code === root.code && shown(r));
    if (!shown(root) && !kids.length) continue;
    if (!kids.length) out.push({ value: root.code, label: label(root) });
    else out.push({ group: label(root), options: [...(shown(root) ? [{ value: root.code, label: `${label(root)}（总类）` }] : []), ...kids.map((k) => ({ value: k.code, label: label(k) }))] });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Create / edit form
// ---------------------------------------------------------------------------

interface FormData {
  units: Option[];
  topics: (Option | OptGroup)[];
  genres: (Option | OptGroup)[];
  columns: (Option | OptGroup)[];
}

async function formData(db: Db, actor: Actor, values: Record<string, string>, doc?: DocRow): Promise<FormData> {
  const tree = await loadUnitTree(db);
  const units = unitOptions(tree, actor, 'document.create');
  if (doc && !units.some((u) => u.value === String(doc.unit_id))) units.unshift({ value: String(doc.unit_id), label: doc.unit_name });
  const [topics, genres, columns] = await Promise.all([termOptions(db, 'topic', values.topic), termOptions(db, 'genre', values.genre), termOptions(db, 'column', values.column)]);
  return { units, topics, genres, columns };
}

function formValuesOf(doc: DocRow): Record<string, string> {
  return {
    title: doc.title,
    docNo: doc.doc_no ?? '',
    unitId: String(doc.unit_id),
    topic: doc.topic ?? '',
    genre: doc.genre ?? '',
    kind: doc.kind,
    column: doc.column_code ?? '',
    art20: doc.art20 ? String(doc.art20) : '',
    publisher: doc.publisher,
    writtenOn: doc.written_on ?? '',
    formedOn: doc.formed_on ?? '',
    keywords: parseJson<string[]>(doc.keywords, []).join('，'),
    summary: doc.summary,
    body: doc.body,
    disclosure: doc.disclosure,
  };
}

function DocumentForm({ ctx, doc, values, errors, data, message }: { ctx: PageContext; doc?: DocRow; values: Record<string, string>; errors: FieldErrors; data: FormData; message?: string }) {
  const title = doc ? `修改：${doc.title}` : '新建文件';
  const e = (k: string) => errors[k];
  return (
    <AdminPage
      ctx={ctx}
      title={title}
      message={message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)}
      fields={errors}
      crumbs={[['/admin', '我的待办'], ['/admin/documents', '文件管理'], ...(doc ? ([[`/admin/documents/${doc.id}`, '文件详情']] as [string, string][]) : [])]}
    >
      <form method="post" action={doc ? `/admin/documents/${doc.id}` : '/admin/documents'} class="stack doc-form" novalidate>
        <Csrf token={ctx.csrf} />
        <p class="muted">带“（必填）”的为必填项；提交审核前还需填写成文日期、公开目录栏目和正文（或内容概述）。</p>
        <fieldset>
          <legend>基本信息</legend>
          <TextField name="title" label="名称" required value={values.title} error={e('title')} maxLength={400} hint="文件的正式标题，不含文号。" />
          <TextField name="docNo" label="文号" value={values.docNo} error={e('docNo')} maxLength={120} hint="如 宿城政办发〔2020〕12号；没有文号的留空。方括号、圆括号和多余空格会自动规范。" />
          <SelectField name="unitId" label="发布单位" required value={values.unitId} error={e('unitId')} options={data.units} hint="索引号按发布单位在首次发布时自动生成。" />
          <TextField name="publisher" label="发布机构" value={values.publisher} error={e('publisher')} maxLength={120} hint="留空则为发布单位名称。" />
          <SelectField name="kind" label="文件类型" value={values.kind || 'other'} error={e('kind')} options={Object.entries(KINDS).map(([value, label]) => ({ value, label }))} />
        </fieldset>
        <fieldset>
          <legend>分类</legend>
          <SelectField name="topic" label="主题分类" value={values.topic} error={e('topic')} options={data.topics} empty="（请选择）" />
          <SelectField name="genre" label="体裁分类" value={values.genre} error={e('genre')} options={data.genres} empty="（请选择）" />
          <SelectField name="column" label="公开目录栏目" value={values.column} error={e('column')} options={data.columns} empty="（请选择）" hint="决定文件在门户“公开目录”中的位置。" />
          <SelectField
            name="art20"
            label="法定主动公开类别"
            value={values.art20}
            error={e('art20')}
            options={ART20_CATEGORIES.map((c) => ({ value: String(c.no), label: `第${c.no}项：${c.label}` }))}
            empty="（不属于或暂不标注）"
            hint="《政府信息公开条例》第二十条列举的 15 类应当主动公开的信息；可不选。"
          />
        </fieldset>
        <fieldset>
          <legend>日期</legend>
          <TextField name="writtenOn" type="date" label="成文日期" value={values.writtenOn} error={e('writtenOn')} hint="文件落款日期，格式 年-月-日，如 2020-10-12。" />
          <TextField
            name="formedOn"
            type="date"
            label="信息形成日期"
            value={values.formedOn}
            error={e('formedOn')}
            hint="信息形成或者变更的日期。依《政府信息公开条例》第二十六条，主动公开的信息应自该日起 20 个工作日内公开。"
          />
        </fieldset>
        <fieldset>
          <legend>内容</legend>
          <TextField name="keywords" label="关键词" value={values.keywords} error={e('keywords')} maxLength={700} hint="多个关键词用逗号分隔，如：政务公开，工作要点。最多 20 个。" />
          <TextArea name="summary" label="内容概述" value={values.summary} error={e('summary')} rows={3} maxLength={2000} hint="一两句话说明文件的主要内容，不超过 2000 字。" />
          <TextArea
            name="body"
            label="正文"
            value={values.body}
            error={e('body')}
            rows={14}
            hint="可从 Word、WPS 直接复制粘贴，段落、标题和表格会保留。直接输入文字时，空一行为另起一段。保存时系统会自动清理：只保留段落、标题、加粗、列表、表格和链接等格式，字体字号、脚本和样式会被删除。长篇材料请作为附件上传。"
          />
          <RadioField name="disclosure" label="公开方式" value={values.disclosure || '主动公开'} error={e('disclosure')} options={DISCLOSURES.map((d) => ({ value: d, label: d }))} hint="“依申请公开”和“不予公开”的文件不会出现在门户网站上。" />
        </fieldset>
        <div class="actions">
          <button type="submit">{doc ? '保存修改' : '保存草稿'}</button>
          <a class="button secondary" href={doc ? `/admin/documents/${doc.id}` : '/admin/documents'}>
            取消
          </a>
        </div>
      </form>
      {/* The rich-text editor for 正文 (progressive enhancement; served from this site, see platform/views/static/assets.ts). */}
      <link rel="stylesheet" href={joditUrls.css} />
      <script src={joditUrls.js} defer />
      <script src={scriptUrl('body-editor.js')} defer />
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------
// Detail page
// ---------------------------------------------------------------------------

interface DetailState {
  status?: number;
  message?: string;
  fields?: FieldErrors;
  /** Which action form the fields belong to. */
  action?: string;
  values?: Record<string, string>;
  flash?: string | null;
}

const ACTION_FIELD_LABELS: Record<string, string> = { body: '正文', column: '公开目录栏目', writtenOn: '成文日期' };

function isOwn(actor: Actor, row: DocRow): boolean {
  return actor.id > 0 && (row.created_by === actor.id || row.submitted_by === actor.id);
}

function allowed(actor: Actor, row: DocRow, t: Transition): boolean {
  return can(actor, TRANSITIONS[t].action, row.unit_id) && canTransition(row.status as Status, t);
}

function nowBeijingLocal(): string {
  return new Date(clockNow() + 8 * 3600_000).toISOString().slice(0, 16);
}

function DetailPage(p: {
  ctx: PageContext;
  actor: Actor;
  row: DocRow;
  view: DocumentView;
  labels: Map<string, string>;
  people: Map<number, string>;
  versions: { total: number; page: number; rows: { version: number; action: string; actor_name: string; at: string }[] };
  audits: Awaited<ReturnType<typeof loadAuditRows>>;
  /** Art. 26 公开时限 of the document (null: not 主动公开 or no date). */
  art26?: Art26Status | null;
  state: DetailState;
  maxUploadMb: number;
  units: Map<number, string>;
  /** Attachment id → text_status (background text extraction for search). */
  textStatus?: Map<number, string>;
  /** Sections other features add at the top (extension point 'documents.consoleSections'). */
  sections?: VNode[];
}) {
  const { ctx, actor, row, view, labels, people, state } = p;
  const fe = state.fields ?? {};
  const vals = state.values ?? {};
  const errFor = (action: string, k: string) => (state.action === action ? fe[k] : undefined);
  const valFor = (action: string, k: string) => (state.action === action ? vals[k] ?? '' : '');
  const term = (kind: string, code: string | null) => (code ? labels.get(`${kind}:${code}`) ?? code : '');
  const checks = parseJson<Partial<Record<ReviewCheck, boolean>> | null>(row.review_checks, null);
  const editable = allowed(actor, row, 'edit');
  const canAttach = allowed(actor, row, 'attach');
  const own = isOwn(actor, row);
  const person = (id: number | null) => (id ? people.get(id) ?? `用户 ${id}` : '');
  // A refused submit names fields of the edit page (labelled there); other actions' fields are on this page.
  const onEditPage = state.action === 'submit';
  const summaryFields: FieldErrors = {};
  for (const [k, v] of Object.entries(fe)) {
    if (onEditPage) summaryFields[k] = `${ACTION_FIELD_LABELS[k] ? `${ACTION_FIELD_LABELS[k]}：` : ''}${v}`;
    else summaryFields[`${state.action}-${k}`] = v;
  }

  return (
    <AdminPage ctx={ctx} title={row.title} flash={state.flash} crumbs={[['/admin', '我的待办'], ['/admin/documents', '文件管理']]}>
      <ErrorSummary
        message={state.message}
        fields={Object.keys(summaryFields).length ? summaryFields : undefined}
        href={onEditPage ? (k) => `/admin/documents/${row.id}/edit#f-${k}` : undefined}
      />
      {p.sections}

      <p class="status-line">
        <span>
          状态：<StatusBadge status={row.status} publishedAt={row.published_at} />
        </span>
        <span>文件编号：{row.id}</span>
        <span>版本：{row.version}</span>
        {row.status === 'published' || row.status === 'withdrawn' ? <a href={documentUrl(row.id)}>在门户网站查看</a> : null}
      </p>
      <Art26Notice status={p.art26 ?? null} />
      {editable ? (
        <p>
          <a class="button" href={`/admin/documents/${row.id}/edit`}>
            修改文件信息
          </a>
        </p>
      ) : null}

      {row.review_comment ? (
        <div class={row.status === 'returned' ? 'notice bad' : 'notice'}>
          <h2>审核意见</h2>
          <p class="pre">{row.review_comment}</p>
          {row.reviewed_by ? <p class="muted">审核人：{person(row.reviewed_by)}</p> : null}
        </div>
      ) : null}
      {row.status === 'withdrawn' ? (
        <div class="notice bad">
          <h2>撤稿说明</h2>
          <p>
            {fmtDateTime(row.withdrawn_at)} 撤稿。原因：{row.withdraw_reason}
          </p>
        </div>
      ) : null}

      <h2>文件信息</h2>
      <table class="meta">
        <tbody>
          <tr>
            <th scope="row">名称</th>
            <td>{row.title}</td>
          </tr>
          <tr>
            <th scope="row">索引号</th>
            <td>{row.index_no ?? <span class="muted">首次发布时自动生成</span>}</td>
          </tr>
          <tr>
            <th scope="row">文号</th>
            <td>{row.doc_no ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">发布单位</th>
            <td>{row.unit_name}</td>
          </tr>
          <tr>
            <th scope="row">发布机构</th>
            <td>{row.publisher}</td>
          </tr>
          <tr>
            <th scope="row">文件类型</th>
            <td>{KINDS[row.kind as keyof typeof KINDS] ?? row.kind}</td>
          </tr>
          <tr>
            <th scope="row">主题分类</th>
            <td>{term('topic', row.topic)}</td>
          </tr>
          <tr>
            <th scope="row">体裁分类</th>
            <td>{term('genre', row.genre)}</td>
          </tr>
          <tr>
            <th scope="row">公开目录</th>
            <td>{term('column', row.column_code)}</td>
          </tr>
          <tr>
            <th scope="row">法定类别</th>
            <td>{row.art20 ? `第二十条第${row.art20}项：${ART20_CATEGORIES.find((c) => c.no === row.art20)?.label ?? ''}` : ''}</td>
          </tr>
          <tr>
            <th scope="row">成文日期</th>
            <td>{row.written_on ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">形成日期</th>
            <td>{row.formed_on ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">公开日期</th>
            <td>{row.published_at ? fmtDateTime(row.published_at) : <span class="muted">发布时确定</span>}</td>
          </tr>
          <tr>
            <th scope="row">关键词</th>
            <td>{view.keywords.join('，')}</td>
          </tr>
          <tr>
            <th scope="row">公开方式</th>
            <td>{row.disclosure}</td>
          </tr>
          <tr>
            <th scope="row">有效性</th>
            <td>
              {row.validity}
              {row.validity !== '有效' ? `（${row.validity_on ?? ''}，${row.validity_reason ?? ''}）` : ''}
              {view.replacedBy ? (
                <>
                  　替代文件：<a href={`/admin/documents/${view.replacedBy.id}`}>{view.replacedBy.title}</a>
                </>
              ) : null}
            </td>
          </tr>
          <tr>
            <th scope="row">内容概述</th>
            <td class="pre">{row.summary}</td>
          </tr>
          <tr>
            <th scope="row">起草人</th>
            <td>
              {person(row.created_by)} {fmtDateTime(row.created_at)}
            </td>
          </tr>
          {checks ? (
            <tr>
              <th scope="row">审核确认</th>
              <td>
                <ul class="plain">
                  {(Object.keys(REVIEW_CHECKS) as ReviewCheck[]).map((k) => (
                    <li>
                      {checks[k] ? '☑' : '☐'} {REVIEW_CHECKS[k]}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>

      <details class="body-preview" open={row.status === 'submitted' || undefined}>
        <summary>查看正文</summary>
        {row.body ? <div class="doc-body" dangerouslySetInnerHTML={{ __html: row.body }} /> : <p class="muted">（未填写正文）</p>}
      </details>

      <h2>附件</h2>
      {view.attachments.length ? (
        <ul class="attachments">
          {view.attachments.map((a) => (
            <li>
              <a href={`/admin/documents/${row.id}/attachments/${a.id}`}>{a.filename}</a> <span class="muted">（{fmtSize(a.size)}）</span>
              {p.textStatus?.get(a.id) === 'pending' ? <span class="muted"> 正在提取文字，完成后可被站内检索。</span> : null}
              {p.textStatus?.get(a.id) === 'failed' ? <span class="muted"> 未能提取文字（文件无法读取），附件内容不能被站内检索到。</span> : null}
              {canAttach ? (
                <form method="post" action={`/admin/documents/${row.id}/attachments/${a.id}/delete`} class="inline">
                  <Csrf token={ctx.csrf} />
                  <button type="submit" class="link danger" aria-label={`删除附件 ${a.filename}`}>
                    删除
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">没有附件。</p>
      )}
      {canAttach ? (
        <form method="post" action={`/admin/documents/${row.id}/attachments`} enctype="multipart/form-data" class="stack" data-upload-progress>
          <Csrf token={ctx.csrf} />
          <div class={errFor('attachments', 'file') ? 'field has-error' : 'field'}>
            <label for="f-attachments-file">上传附件</label>
            <p class="hint" id="f-attachments-file-hint">
              可一次选择多个文件，支持 Word、WPS、Excel、PDF、OFD、图片、压缩包等格式；单个文件不超过 {Math.round(p.maxUploadMb)} MB。
            </p>
            {errFor('attachments', 'file') ? <p class="error">{errFor('attachments', 'file')}</p> : null}
            <input type="file" id="f-attachments-file" name="file" multiple aria-describedby="f-attachments-file-hint" />
          </div>
          <div class="actions">
            <button type="submit" class="secondary">
              上传
            </button>
          </div>
        </form>
      ) : null}
      {canAttach ? <script src={scriptUrl('upload-progress.js')} defer /> : null}

      <ActionForms {...p} errFor={errFor} valFor={valFor} own={own} />

      <h2 id="versions">版本记录</h2>
      {p.versions.rows.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="版本记录">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">版本</th>
                <th scope="col">操作</th>
                <th scope="col">操作人</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {p.versions.rows.map((v) => (
                <tr>
                  <td data-label="版本">{v.version}</td>
                  <td data-label="操作">{VERSION_ACTIONS[v.action] ?? v.action}</td>
                  <td data-label="操作人">{v.actor_name}</td>
                  <td class="nowrap" data-label="时间">{fmtDateTime(v.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">暂无版本记录。</p>
      )}
      <Pager page={p.versions.page} pageSize={VERSION_PAGE} total={p.versions.total} href={(n) => `/admin/documents/${row.id}${qs({ vpage: n })}#versions`} />

      <h2>操作日志</h2>
      <AuditTable rows={p.audits.rows} showEntity={false} units={p.units} />
      {p.audits.total > p.audits.rows.length ? (
        <p>
          <a href={`/admin/audit${qs({ entity: 'document', id: row.id })}`}>查看全部 {p.audits.total} 条操作日志</a>
        </p>
      ) : null}
    </AdminPage>
  );
}

const VERSION_PAGE = 20;

function ActionForms(p: {
  ctx: PageContext;
  actor: Actor;
  row: DocRow;
  own: boolean;
  errFor: (a: string, k: string) => string | undefined;
  valFor: (a: string, k: string) => string;
  state: DetailState;
}) {
  const { ctx, actor, row, errFor, valFor, own } = p;
  const base = `/admin/documents/${row.id}`;
  const forms = [];
  if (allowed(actor, row, 'submit')) {
    forms.push(
      <section class="action card" aria-labelledby="h-submit">
        <h3 id="h-submit">提交审核</h3>
        <p class="muted">提交后文件不能再修改，由本单位审核人员审核。</p>
        <form method="post" action={`${base}/submit`}>
          <Csrf token={ctx.csrf} />
          <button type="submit">提交审核</button>
        </form>
      </section>,
    );
  }
  const reviewable = allowed(actor, row, 'approve');
  if (reviewable && own) {
    forms.push(
      <section class="action card" aria-labelledby="h-review">
        <h3 id="h-review">审核</h3>
        <p>此文件由您起草或提交，按规定需由本单位其他审核人员审核。</p>
      </section>,
    );
  } else if (reviewable) {
    const checked = (k: string) => (p.state.action === 'approve' ? Boolean(valFor('approve', k)) : false);
    forms.push(
      <section class="action card" aria-labelledby="h-approve">
        <h3 id="h-approve">审核通过</h3>
        <form method="post" action={`${base}/approve`} class="stack">
          <Csrf token={ctx.csrf} />
          <fieldset>
            <legend>请逐项确认（三项都须勾选）</legend>
            {(Object.keys(REVIEW_CHECKS) as ReviewCheck[]).map((k) => (
              <CheckField name={`check_${k}`} idPrefix="approve" label={REVIEW_CHECKS[k]} checked={checked(`check_${k}`)} error={errFor('approve', `check_${k}`)} />
            ))}
          </fieldset>
          <TextArea name="comment" idPrefix="approve" label="审核意见" value={valFor('approve', 'comment')} rows={2} maxLength={2000} hint="可选。" error={errFor('approve', 'comment')} />
          <button type="submit">审核通过</button>
        </form>
      </section>,
      <section class="action card" aria-labelledby="h-return">
        <h3 id="h-return">退回修改</h3>
        <form method="post" action={`${base}/return`} class="stack">
          <Csrf token={ctx.csrf} />
          <TextArea name="comment" idPrefix="return" label="修改意见" required value={valFor('return', 'comment')} rows={3} maxLength={2000} hint="写明需要修改的地方，起草人会看到。" error={errFor('return', 'comment')} />
          <button type="submit" class="secondary">
            退回修改
          </button>
        </form>
      </section>,
    );
  }
  if (allowed(actor, row, 'publish')) {
    forms.push(
      <section class="action card" aria-labelledby="h-publish">
        <h3 id="h-publish">发布</h3>
        <form method="post" action={`${base}/publish`} class="stack">
          <Csrf token={ctx.csrf} />
          <TextField
            name="publishedAt"
            idPrefix="publish"
            type="datetime-local"
            label="公开时间（北京时间）"
            value={valFor('publish', 'publishedAt')}
            min={nowBeijingLocal()}
            hint="留空表示立即发布；填写将来的时间则到时自动公开（列表中显示“已排期”）。首次发布时自动生成索引号。"
            error={errFor('publish', 'publishedAt')}
          />
          <button type="submit">发布</button>
        </form>
      </section>,
    );
  }
  if (allowed(actor, row, 'withdraw')) {
    forms.push(
      <section class="action card" aria-labelledby="h-withdraw">
        <h3 id="h-withdraw">撤稿</h3>
        <form method="post" action={`${base}/withdraw`} class="stack">
          <Csrf token={ctx.csrf} />
          <TextArea name="reason" idPrefix="withdraw" label="撤稿原因" required value={valFor('withdraw', 'reason')} rows={2} maxLength={500} hint="原因和撤稿时间将在原公开地址向公众显示。撤稿后不能恢复。" error={errFor('withdraw', 'reason')} />
          <button type="submit" class="secondary">
            撤稿
          </button>
        </form>
      </section>,
    );
  }
  if (allowed(actor, row, 'validity')) {
    const v = p.state.action === 'validity' ? valFor('validity', 'validity') : row.validity;
    forms.push(
      <section class="action card" aria-labelledby="h-validity">
        <h3 id="h-validity">变更有效性</h3>
        <form method="post" action={`${base}/validity`} class="stack">
          <Csrf token={ctx.csrf} />
          <SelectField name="validity" idPrefix="validity" label="有效性" value={v} options={VALIDITIES.map((x) => ({ value: x, label: x }))} error={errFor('validity', 'validity')} />
          <TextField name="on" idPrefix="validity" type="date" label="失效、废止或修改日期" value={valFor('validity', 'on')} error={errFor('validity', 'on')} hint="选择“有效”时不必填写。" />
          <TextField name="reason" idPrefix="validity" label="原因" value={valFor('validity', 'reason')} maxLength={500} error={errFor('validity', 'reason')} hint="例如：被《……》替代；有效期届满。" />
          <TextField name="replacedBy" idPrefix="validity" label="替代文件编号" value={valFor('validity', 'replacedBy')} inputMode="numeric" maxLength={12} error={errFor('validity', 'replacedBy')} hint="可选。填写替代本文件的新文件的“文件编号”（见该文件详情页顶部），新文件须已发布。" />
          <button type="submit" class="secondary">
            保存有效性
          </button>
        </form>
      </section>,
    );
  }
  if (!forms.length) return null;
  return (
    <section aria-labelledby="h-actions">
      <h2 id="h-actions">办理</h2>
      <div class="grid cols-2">{forms}</div>
    </section>
  );
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

type Handler = (deps: { db: Db }, actor: Actor, id: number, input: Record<string, unknown>) => Promise<Result<DocumentView>>;

const WORKFLOW: Record<keyof typeof ActionFormBodies, { run: Handler; flash: (v: DocumentView) => string }> = {
  submit: { run: (d, a, id) => submitDocument(d, a, id), flash: () => 'submitted' },
  approve: { run: approveDocument, flash: () => 'approved' },
  return: { run: returnDocument, flash: () => 'returned' },
  publish: { run: publishDocument, flash: (v) => (v.publishedAt && v.publishedAt > nowIso() ? 'scheduled' : 'published') },
  withdraw: { run: withdrawDocument, flash: () => 'withdrawn' },
  validity: { run: changeValidity, flash: () => 'validity' },
};

export default async function documentRoutes(app: FastifyInstance) {
  const { db } = app;
  const deps = { db };
  const maxUploadMb = app.config.maxUploadBytes / 1024 / 1024;

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, actor: Actor, row: DocRow, state: DetailState) {
    const vpage = Math.max(1, Number(val(req.query, 'vpage')) || 1);
    const view = await loadView(db, row);
    const [labels, versions, audits, units, textStatus, people, art26] = await Promise.all([
      termLabels(db),
      pageVersions(db, row.id, vpage, VERSION_PAGE),
      loadAuditRows(db, actor, { entity: 'document', id: String(row.id), page: 1, pageSize: 20 }),
      unitNames(db),
      attachmentTextStatus(db, row.id),
      peopleNames(db, [row.created_by, row.submitted_by, row.reviewed_by]),
      art26ForDocument(db, row),
    ]);
    // Extension point 'documents.consoleSections': e.g. whether a policy's interpretation is ready (interpretations).
    const sections = (await Promise.all(contributions<DocumentConsoleSection>('documents.consoleSections').map((f) => f({ db, actor, row, csrf: req.pageCtx().csrf })))).filter((x) => x !== null);
    return sendPage(
      reply,
      <DetailPage
        ctx={req.pageCtx()}
        actor={actor}
        row={row}
        view={view}
        labels={labels}
        people={people}
        versions={versions}
        audits={audits}
        state={state}
        maxUploadMb={maxUploadMb}
        art26={art26}
        units={units}
        textStatus={textStatus}
        sections={sections}
      />,
      state.status ?? 200,
    );
  }

  // ---- list ----
  app.get('/admin/documents', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'document.read', undefined, '您的角色不能查看文件管理。');
    const q = req.query as Record<string, unknown>;
    const page = pageParam(q);
    const status = val(q, 'status');
    const unit = Number(val(q, 'unit')) || 0;
    const column = val(q, 'column').trim();
    const text = val(q, 'q').trim().slice(0, 100);
    const late = val(q, 'art26') === 'late';
    // 我的: documents the actor created or submitted (the home page's 我的草稿 / 被退回修改 link here).
    const mine = val(q, 'mine') === '1';
    const [{ rows, total }, tree, columns, art26Counts] = await Promise.all([
      pageConsoleDocuments(db, actor, { status, unitId: unit, column, q: text, late, mine }, page, PAGE_SIZE),
      loadUnitTree(db),
      termOptions(db, 'column'),
      countArt26ByUnit(scopedDocuments(db, actor)),
    ]);
    const units = unitOptions(tree, actor, 'document.read');
    const filters = { status, unit: unit || '', column, q: text, art26: late ? 'late' : '', mine: mine ? '1' : '' };
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="文件管理" flash={flashText(q)}>
        {roleAllows(actor.role, 'document.create') ? (
          <p>
            <a class="button" href="/admin/documents/new">
              新建文件
            </a>
          </p>
        ) : null}
        <form method="get" action="/admin/documents" class="filters" role="search" aria-label="筛选文件">
          <div>
            <label for="flt-q">名称包含</label>
            <input type="search" id="flt-q" name="q" value={text} maxLength={100} />
          </div>
          <div>
            <label for="flt-status">状态</label>
            <select id="flt-status" name="status">
              <option value="">全部</option>
              {STATUSES.map((s) => (
                <option value={s} selected={s === status}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
              <option value="scheduled" selected={status === 'scheduled'}>
                已排期
              </option>
            </select>
          </div>
          <div>
            <label for="flt-unit">单位</label>
            <select id="flt-unit" name="unit">
              <option value="">全部</option>
              {units.map((u) => (
                <option value={u.value} selected={u.value === String(unit)}>
                  {u.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="flt-column">公开目录栏目</label>
            <select id="flt-column" name="column">
              <option value="">全部</option>
              {columns.map((c) =>
                'group' in c ? (
                  <optgroup label={c.group}>
                    {c.options.map((o) => (
                      <option value={o.value} selected={o.value === column}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                ) : (
                  <option value={c.value} selected={c.value === column}>
                    {c.label}
                  </option>
                ),
              )}
            </select>
          </div>
          <div>
            <button type="submit">筛选</button>
          </div>
        </form>
        {mine ? (
          <p class="notice">
            仅显示您起草或提交的文件。<a href={`/admin/documents${qs({ ...filters, mine: undefined, page: undefined })}`}>显示全部文件</a>
          </p>
        ) : null}
        {late ? (
          <p class="notice">
            仅显示超过法定公开时限（条例第二十六条）公开的文件。<a href={`/admin/documents${qs({ ...filters, art26: undefined, page: undefined })}`}>显示全部文件</a>
          </p>
        ) : null}
        <DocTable rows={rows} />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/admin/documents${qs({ ...filters, page: n })}`} />
        <Art26UnitTable rows={art26Counts} />
      </AdminPage>,
    );
  });

  // ---- create ----
  const showForm = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, values: Record<string, string>, errors: FieldErrors, status: number, doc?: DocRow, message?: string) => {
    const data = await formData(db, actor, values, doc);
    return sendPage(reply, <DocumentForm ctx={req.pageCtx()} doc={doc} values={values} errors={errors} data={data} message={message} />, status);
  };

  app.get('/admin/documents/new', async (req, reply) => {
    const actor = requireActor(req);
    if (!roleAllows(actor.role, 'document.create')) throw new AppError('FORBIDDEN', '您的角色不能新建文件。');
    const tree = await loadUnitTree(db);
    const units = unitOptions(tree, actor, 'document.create');
    const unitId = units.some((u) => u.value === String(actor.unitId)) ? String(actor.unitId) : units[0]?.value ?? '';
    // With a single possible unit the 发布机构 defaults visibly to its name; otherwise it follows the chosen unit.
    const publisher = units.length === 1 ? tree.byId.get(Number(unitId))?.name ?? '' : '';
    return showForm(req, reply, actor, { unitId, kind: 'other', disclosure: '主动公开', publisher }, {}, 200);
  });

  app.post('/admin/documents', async (req, reply) => {
    const actor = requireActor(req);
    const values = parseForm(DocumentFormBody, req.body);
    const r = await createDocument(deps, actor, values);
    if (!r.ok) return showForm(req, reply, actor, values, r.error.fields ?? {}, r.error.status, undefined, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/documents/${r.value.id}?msg=created`, 303);
  });

  // ---- edit ----
  const editableRow = async (actor: Actor, id: number) => {
    const row = await loadDoc(db, actor, id);
    if (!can(actor, 'document.edit', row.unit_id)) throw new AppError('FORBIDDEN', '您的角色不能修改文件。');
    if (!canTransition(row.status as Status, 'edit')) {
      throw new AppError('INVALID_TRANSITION', `文件当前状态为“${displayStatus(row.status as Status, row.published_at)}”，不能修改。只有草稿和被退回的文件可以修改。`);
    }
    return row;
  };

  app.get('/admin/documents/:id/edit', async (req, reply) => {
    const actor = requireActor(req);
    const row = await editableRow(actor, idParam(req));
    return showForm(req, reply, actor, formValuesOf(row), {}, 200, row);
  });

  app.post('/admin/documents/:id', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const row = await loadDoc(db, actor, id);
    const values = parseForm(DocumentFormBody, req.body);
    // Unchanged classifications are not re-validated (a term may have been deactivated since).
    const input: Record<string, string> = { ...values };
    if (input.topic !== undefined && input.topic === (row.topic ?? '')) delete input.topic;
    if (input.genre !== undefined && input.genre === (row.genre ?? '')) delete input.genre;
    if (input.column !== undefined && input.column === (row.column_code ?? '')) delete input.column;
    const r = await updateDocument(deps, actor, id, input);
    if (!r.ok) return showForm(req, reply, actor, values, r.error.fields ?? {}, r.error.status, row, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/documents/${id}?msg=saved`, 303);
  });

  // ---- detail ----
  app.get('/admin/documents/:id', async (req, reply) => {
    const actor = requireActor(req);
    const row = await loadDoc(db, actor, idParam(req));
    return renderDetail(req, reply, actor, row, { flash: flashText(req.query) });
  });

  // ---- workflow actions ----
  for (const [name, spec] of Object.entries(WORKFLOW)) {
    app.post(`/admin/documents/:id/${name}`, async (req, reply) => {
      const actor = requireActor(req);
      const id = idParam(req);
      await loadDoc(db, actor, id);
      const input = parseForm(ActionFormBodies[name as keyof typeof ActionFormBodies], req.body);
      const r = await spec.run(deps, actor, id, input);
      if (r.ok) return reply.redirect(`/admin/documents/${id}?msg=${spec.flash(r.value)}`, 303);
      const fresh = await loadDoc(db, actor, id);
      return renderDetail(req, reply, actor, fresh, { status: r.error.status, message: r.error.message, fields: r.error.fields, action: name, values: input });
    });
  }

  // ---- attachments ----
  app.post('/admin/documents/:id/attachments', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const row = await loadDoc(db, actor, id);
    const refuse = (status: number, message: string, fields?: FieldErrors) => renderDetail(req, reply, actor, row, { status, message, fields, action: 'attachments' });
    if (!can(actor, 'document.edit', row.unit_id)) return refuse(403, '您的角色不能为文件上传附件。');
    if (!canTransition(row.status as Status, 'attach')) return refuse(409, `文件当前状态为“${displayStatus(row.status as Status, row.published_at)}”，不能上传附件。`);
    if (!req.isMultipart()) return refuse(400, '请通过页面上的“上传附件”表单选择文件后提交。');

    // Staged in DATA_DIR/tmp (FileStore.stage) and moved into place only once addAttachments' transaction
    // has committed; a refused upload removes them ("本次没有上传任何附件" leaves no file behind).
    const stageOne = async (part: MultipartFile): Promise<NewAttachment & { staged?: StagedFile }> => {
      const filename = cleanFilename(part.filename);
      try {
        const f = await app.files.stage(part.file, app.config.maxUploadBytes);
        // The text for search is extracted after the answer, in the background (features/search/attachment-text.ts).
        return { sha256: f.sha256, size: f.size, filename, mime: mimeFor(part.filename), staged: f.staged };
      } catch (err) {
        const e = toAppError(err as Error);
        if (e.code === 'PAYLOAD_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件“${filename}”过大：单个文件不能超过 ${Math.round(maxUploadMb)} MB。本次没有上传任何附件，请压缩或拆分后重新上传。`);
        if (e.code === 'VALIDATION') throw new AppError('VALIDATION', `文件“${filename}”是空文件（0 字节）。本次没有上传任何附件，请检查后重新选择。`);
        throw e;
      }
    };
    let staged: StagedParts<NewAttachment & { staged?: StagedFile }>;
    try {
      staged = await stageFileParts(csrfCheckedParts(req), stageOne);
    } catch (err) {
      const e = toAppError(err as Error);
      if (e.code === 'CSRF') throw e;
      staged = { files: [], refusal: e.code === 'PAYLOAD_TOO_LARGE' ? new AppError('PAYLOAD_TOO_LARGE', `上传的文件过大：单个文件不能超过 ${Math.round(maxUploadMb)} MB，一次最多 20 个文件。本次没有上传任何附件。`) : e };
    }
    const { files: stored, refusal: failure } = staged;
    if (failure) return refuse(failure.status, failure.message, { file: failure.message });
    const r = await withStagedFiles(stored, async () => {
      const added = await addAttachments(deps, actor, id, stored);
      if (added.ok) for (const f of stored) await f.staged?.commit(); // committed: move the files into place
      return added;
    });
    if (!r.ok) return refuse(r.error.status, r.error.fields?.file ?? r.error.message, r.error.fields);
    await app.attachmentText.sweep(id); // queue the new attachments' text extraction (does not wait for it)
    return reply.redirect(`/admin/documents/${id}?msg=attached`, 303);
  });

  app.post('/admin/documents/:id/attachments/:attId/delete', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const attId = idParam(req, 'attId');
    await loadDoc(db, actor, id);
    const r = await removeAttachment(deps, actor, id, attId);
    if (r.ok) return reply.redirect(`/admin/documents/${id}?msg=detached`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', '附件不存在，可能已被删除。');
    return renderDetail(req, reply, actor, await loadDoc(db, actor, id), { status: r.error.status, message: r.error.message, action: 'attachments' });
  });

  app.get('/admin/documents/:id/attachments/:attId', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const attId = idParam(req, 'attId');
    const doc = await loadDoc(db, actor, id);
    const att = await getAttachment(db, id, attId);
    if (!att || !app.files.exists(att.sha256)) throw new AppError('NOT_FOUND', '附件不存在，可能已被删除。');
    // A file the public cannot download (draft, withdrawn, or not 主动公开): the download is logged.
    if (!isPublic(doc)) {
      await auditRead(db, actor, { action: 'file.download', entity: 'document', entityId: id, unitId: doc.unit_id, detail: { attachmentId: attId, filename: att.filename } });
    }
    reply.header('Content-Type', att.mime).header('Content-Disposition', contentDisposition(att.filename)).header('Content-Length', String(att.size));
    return reply.send(app.files.open(att.sha256));
  });
}

