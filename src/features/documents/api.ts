// The documents' JSON API: public reads of published documents, staff writes with a bearer token.
// Operations are defined here (method, path, schemas in api.schemas.ts, documentation) and registered in
// the platform's API scope (platform/http) from the manifest; routes parse, call one repository query or
// command, and shape the answer; every failure is a coded AppError rendered as JSON by the platform.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { AppError, ERRORS, type Result } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { apiRoute, defineOperations, EmptyBody, paged, PUBLIC_TAG, type ApiTag, type Operation } from '../../platform/http/index.ts';
import { resolveUnitRef } from '../users/public.ts';
import { getDocumentRow, getPublicDocument, isVisibleToPublic, pagePublic, loadView, termLabels, type DocumentView } from './documents.repository.ts';
import {
  approveDocument,
  changeValidity,
  createDocument,
  publishDocument,
  returnDocument,
  submitDocument,
  updateDocument,
  withdrawDocument,
  type Deps,
} from './documents.commands.ts';
import { displayStatus } from './state.ts';
import {
  ApproveBody,
  CreateDocumentBody,
  DocumentList,
  IdParams,
  ListQuery,
  PublicDocument,
  PublishBody,
  ReturnBody,
  StaffDocument,
  UpdateDocumentBody,
  ValidityBody,
  WithdrawBody,
  WithdrawnBody,
} from './api.schemas.ts';

/** Staff operations on documents (need an API token). */
const FILE_TAG: ApiTag = { name: '文件办理', description: '工作人员接口，需要 API 令牌' };

const DOC = '/documents/:id';

const action = (name: string, summary: string, description: string, body: TSchema, errors: number[]): Operation => ({
  method: 'POST',
  url: `${DOC}/${name}`,
  summary,
  description,
  tag: FILE_TAG,
  access: 'staff',
  params: IdParams,
  body,
  success: { status: 200, description: '办理后的文件（工作人员视图）', schema: StaffDocument, serialize: true },
  errors,
});

export const OPERATIONS = defineOperations({
  listDocuments: {
    method: 'GET',
    url: '/documents',
    summary: '公开文件列表',
    description: '只含已发布、主动公开且已到公开时间的文件，按公开时间倒序。支持跨域（Access-Control-Allow-Origin: *）。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: ListQuery,
    success: { status: 200, description: '一页文件', schema: DocumentList, serialize: true },
    errors: [400],
  },
  getDocument: {
    method: 'GET',
    url: DOC,
    summary: '文件详情',
    description:
      '公开文件的全部公开字段和附件；已撤稿的文件返回 410 及撤稿时间和原因；草稿、依申请公开、不予公开的文件返回 404。' +
      '带工作人员令牌时，令牌用户单位范围内的文件（任何状态）以工作人员视图返回，含 status、version 等流程信息。',
    tag: PUBLIC_TAG,
    access: 'optional',
    params: IdParams,
    success: {
      status: 200,
      description: '公开视图（PublicDocument）；令牌用户单位范围内的文件为工作人员视图（StaffDocument）',
      schema: PublicDocument,
      oneOf: [PublicDocument, StaffDocument],
    },
    errors: [400, 404, 410],
    errorResponses: { 410: { description: '文件已撤稿（WITHDRAWN），附撤稿时间和原因', schema: WithdrawnBody } },
  },
  createDocument: {
    method: 'POST',
    url: '/documents',
    summary: '新建草稿',
    description: '在令牌用户有权的单位下新建草稿；unitId（或单位代码 unit）省略时为令牌用户所在单位。索引号在首次发布时生成。',
    tag: FILE_TAG,
    access: 'staff',
    body: CreateDocumentBody,
    success: { status: 201, description: '新建的草稿（工作人员视图）', schema: StaffDocument, serialize: true },
    errors: [400, 403],
  },
  updateDocument: {
    method: 'PATCH',
    url: DOC,
    summary: '修改草稿',
    description: '只修改给出的字段。仅“草稿”和“已退回”的文件可修改。',
    tag: FILE_TAG,
    access: 'staff',
    params: IdParams,
    body: UpdateDocumentBody,
    success: { status: 200, description: '修改后的文件（工作人员视图）', schema: StaffDocument, serialize: true },
    errors: [400, 403, 404, 409],
  },
  submitDocument: action('submit', '提交审核', '草稿或已退回的文件提交审核；须已填写正文或内容概述、公开目录栏目和成文日期。', EmptyBody, [400, 403, 404, 409]),
  approveDocument: action(
    'approve',
    '审核通过',
    '审核人逐项确认政治关、政策关、文字关（三项均须为 true）。不能审核自己起草或提交的文件（403 SELF_REVIEW）。',
    ApproveBody,
    [400, 403, 404, 409],
  ),
  returnDocument: action('return', '退回修改', '退回时必须写明修改意见。不能退回自己起草或提交的文件（403 SELF_REVIEW）。', ReturnBody, [400, 403, 404, 409]),
  publishDocument: action(
    'publish',
    '发布',
    '发布已审核的文件，立即或在 publishedAt 定时；首次发布时生成索引号（<单位前段码>/<年份>-<五位流水号>），之后不再改变。',
    PublishBody,
    [400, 403, 404, 409],
  ),
  withdrawDocument: action('withdraw', '撤稿', '撤回已发布的文件。原地址此后返回撤稿说明（接口返回 410），文件从列表中消失。', WithdrawBody, [400, 403, 404, 409]),
  changeValidity: action(
    'validity',
    '变更有效性',
    '把已发布文件的有效性改为 有效、失效、废止 或 已修改；后三者须给出日期 on 和原因 reason，可选替代文件 replacedBy（须已发布）。',
    ValidityBody,
    [400, 403, 404, 409],
  ),
});

type OperationId = keyof typeof OPERATIONS;

type Body = Record<string, unknown>;

/** Public fields only: what the portal shows. Staff-only fields never leave through the public view. */
export function publicView(v: DocumentView) {
  return {
    id: v.id,
    title: v.title,
    indexNo: v.indexNo,
    docNo: v.docNo,
    unit: v.unit,
    unitId: v.unitId,
    topic: v.topic,
    genre: v.genre,
    kind: v.kind,
    column: v.column,
    art20: v.art20,
    publisher: v.publisher,
    writtenOn: v.writtenOn,
    formedOn: v.formedOn,
    publishedAt: v.publishedAt,
    keywords: v.keywords,
    summary: v.summary,
    body: v.body,
    validity: v.validity,
    validityOn: v.validityOn,
    validityReason: v.validityReason,
    replacedBy: v.replacedBy,
    disclosure: v.disclosure,
    url: v.url,
    attachments: v.attachments,
  };
}

export function staffView(v: DocumentView) {
  return {
    ...publicView(v),
    status: v.status,
    statusLabel: displayStatus(v.status, v.publishedAt),
    version: v.version,
    withdrawnAt: v.withdrawnAt,
    withdrawReason: v.withdrawReason,
    reviewComment: v.reviewComment,
    createdBy: v.createdBy,
    submittedBy: v.submittedBy,
    updatedAt: v.updatedAt,
  };
}

/** Form field names of the review checklist (check_political) → API names (checks.political). */
function apiFieldNames(err: AppError): AppError {
  if (!err.fields) return err;
  const fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k.replace(/^check_(\w+)$/, 'checks.$1'), v]));
  return new AppError(err.code, err.message, fields);
}

/** Registers the documents operations in the API scope (the manifest's `api`). */
export async function registerDocumentRoutes(api: FastifyInstance): Promise<void> {
  const db = api.db;
  const deps: Deps = { db };
  const route = (id: OperationId, handler: RouteHandlerMethod) => apiRoute(api, OPERATIONS[id], handler);
  const isPublic = async (id: number) => (await getPublicDocument(db, id)) !== null;

  /** A document the public may see (so naming it in a refusal leaks nothing). */
  const isPubliclyVisible = (id: number) => isVisibleToPublic(db, id);

  route('listDocuments', async (req) => {
    const q = req.query as { unit?: string; topic?: string; genre?: string; year?: number; validity?: string; page?: number; pageSize?: number };
    const fields: Record<string, string> = {};
    let unitIds: number[] | undefined;
    if (q.unit !== undefined) {
      const unitId = await resolveUnitRef(db, q.unit);
      if (unitId) unitIds = [unitId];
      else fields.unit = `单位“${q.unit}”不存在（可填写单位编号或单位代码）`;
    }
    if (q.topic !== undefined || q.genre !== undefined) {
      const labels = await termLabels(db);
      if (q.topic !== undefined && !labels.has(`topic:${q.topic}`)) fields.topic = `主题分类“${q.topic}”不存在`;
      if (q.genre !== undefined && !labels.has(`genre:${q.genre}`)) fields.genre = `体裁分类“${q.genre}”不存在`;
    }
    if (Object.keys(fields).length) throw new AppError('VALIDATION', undefined, fields);
    return paged(q, (p) => pagePublic(db, { unitIds, topic: q.topic, genres: q.genre ? [q.genre] : undefined, year: q.year, validity: q.validity, ...p }));
  });

  route('getDocument', async (req, reply) => {
    const { id } = req.params as { id: number };
    if (req.actor) {
      const row = await getDocumentRow(db, id);
      if (row && can(req.actor, 'document.read', row.unit_id)) {
        reply.removeHeader('Access-Control-Allow-Origin');
        reply.header('Cache-Control', 'no-store');
        return staffView(await loadView(db, row));
      }
    }
    const found = await getPublicDocument(db, id);
    if (!found) throw new AppError('NOT_FOUND', '文件不存在或未公开。');
    if (found.kind === 'withdrawn') {
      return reply.status(410).send({
        error: { code: 'WITHDRAWN', message: ERRORS.WITHDRAWN.message, withdrawnAt: found.doc.withdrawnAt, reason: found.doc.withdrawReason },
      });
    }
    const view = publicView(found.doc);
    // The replacement is named only while the public may see it too.
    if (view.replacedBy && !(await isPubliclyVisible(view.replacedBy.id))) view.replacedBy = null;
    return view;
  });

  /** Runs a command as the token's user and answers with the staff view, or its coded refusal. */
  const run = async (actor: Actor, id: number | null, result: Promise<Result<DocumentView>>) => {
    const r = await result;
    if (r.ok) return staffView(r.value);
    // Out-of-scope documents are "not found" to the command; when the document is public anyway,
    // its existence is no secret, so say plainly that this user may not act on it.
    if (r.error.code === 'NOT_FOUND' && id !== null && (await isPublic(id))) {
      throw new AppError('FORBIDDEN', `该文件不在您（${actor.unitName}）的管理范围内，不能办理。`);
    }
    throw apiFieldNames(r.error);
  };

  /** `unit` (code, id or name) as an alternative to `unitId`. */
  const withUnit = async (body: Body): Promise<Body> => {
    if (body.unit === undefined) return body;
    const { unit, ...rest } = body;
    const unitId = await resolveUnitRef(db, unit);
    if (!unitId) throw new AppError('VALIDATION', undefined, { unit: `单位“${String(unit)}”不存在（可填写单位编号或单位代码）` });
    if (rest.unitId !== undefined && rest.unitId !== unitId) throw new AppError('VALIDATION', undefined, { unit: 'unit 与 unitId 指向不同的单位，请只填写其中一个' });
    return { ...rest, unitId };
  };

  route('createDocument', async (req, reply) => {
    const body = await withUnit(req.body as Body);
    const doc = await run(req.actor!, null, createDocument(deps, req.actor!, body));
    return reply.status(201).header('Location', `/api/v1/documents/${doc.id}`).send(doc);
  });

  route('updateDocument', async (req) => {
    const { id } = req.params as { id: number };
    const body = await withUnit(req.body as Body);
    return run(req.actor!, id, updateDocument(deps, req.actor!, id, body));
  });

  const actions: [OperationId, (actor: Actor, id: number, body: Body) => Promise<Result<DocumentView>>][] = [
    ['submitDocument', (actor, id) => submitDocument(deps, actor, id)],
    ['approveDocument', (actor, id, body) => approveDocument(deps, actor, id, body)],
    ['returnDocument', (actor, id, body) => returnDocument(deps, actor, id, body)],
    ['publishDocument', (actor, id, body) => publishDocument(deps, actor, id, body)],
    ['withdrawDocument', (actor, id, body) => withdrawDocument(deps, actor, id, body)],
    ['changeValidity', (actor, id, body) => changeValidity(deps, actor, id, body)],
  ];
  for (const [opId, command] of actions) {
    route(opId, async (req) => {
      const { id } = req.params as { id: number };
      return run(req.actor!, id, command(req.actor!, id, (req.body as Body | undefined) ?? {}));
    });
  }
}
