// The JSON API v1 operations (method, path, TypeBox schemas, documentation) and the OpenAPI 3.1
// document built from them by hand. index.ts registers its routes from the same table, so the
// validated schemas and the published document cannot drift apart.
import { Type, type TSchema } from '@sinclair/typebox';
import {
  ApproveBody,
  Attachment,
  CreateDocumentBody,
  DocumentList,
  DocumentSummary,
  EmptyBody,
  ErrorBody,
  IdParams,
  ListQuery,
  PublicDocument,
  PublishBody,
  ReturnBody,
  RequestLetter,
  RequestLetterParams,
  RequestLetterQuery,
  ReviewChecks,
  StaffDocument,
  UnitRef,
  UpdateDocumentBody,
  ValidityBody,
  WithdrawBody,
  WithdrawnBody,
} from './schemas.ts';
import {
  ApplicantBody,
  EventBody,
  RequestIdParams,
  RequestRefParams,
  RequestStatusView,
  StaffRequest,
  StatusQuery,
  SubmitRequestBody,
  Submitted,
} from '../requests/requests.schemas.ts';
import { SearchQuery, SearchResponse, SearchHit } from '../search/search.schemas.ts';
import { AnnualReportJson, ReportParams, ReportQuery } from '../reports/reports.schemas.ts';

export type Access = 'public' | 'optional' | 'staff';

export interface ResponseSpec {
  description: string;
  schema?: TSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH';
  /** Fastify route path (`:id`); the OpenAPI path uses `{id}`. */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** Success response; also the runtime response schema when `serialize` is set. */
  success: { status: 200 | 201; description: string; schema: TSchema; serialize?: boolean };
  /** Error statuses this operation can answer with, besides those every staff operation has. */
  errors: number[];
}

const DOC = '/api/v1/documents/:id';

const action = (name: string, summary: string, description: string, body: TSchema, errors: number[]): Operation => ({
  method: 'POST',
  url: `${DOC}/${name}`,
  summary,
  description,
  tag: '文件办理',
  access: 'staff',
  params: IdParams,
  body,
  success: { status: 200, description: '办理后的文件（工作人员视图）', schema: StaffDocument, serialize: true },
  errors,
});

export const OPERATIONS = {
  listDocuments: {
    method: 'GET',
    url: '/api/v1/documents',
    summary: '公开文件列表',
    description: '只含已发布、主动公开且已到公开时间的文件，按公开时间倒序。支持跨域（Access-Control-Allow-Origin: *）。',
    tag: '公开',
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
    tag: '公开',
    access: 'optional',
    params: IdParams,
    success: { status: 200, description: '公开视图（PublicDocument）；令牌用户单位范围内的文件为工作人员视图（StaffDocument）', schema: PublicDocument },
    errors: [400, 404, 410],
  },
  createDocument: {
    method: 'POST',
    url: '/api/v1/documents',
    summary: '新建草稿',
    description: '在令牌用户有权的单位下新建草稿；unitId（或单位代码 unit）省略时为令牌用户所在单位。索引号在首次发布时生成。',
    tag: '文件办理',
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
    tag: '文件办理',
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
  submitRequest: {
    method: 'POST',
    url: '/api/v1/requests',
    summary: '提交政府信息公开申请',
    description:
      '公众网上申请（无需令牌，每个 IP 每分钟至多 10 次）：返回申请编号 trackingNo 和只显示一次的查询码 queryCode。' +
      '带工作人员令牌时登记当面、邮寄、传真收到的申请，须给出 channel 和收到申请日期 receivedOn。字段 website 须留空。',
    tag: '依申请公开',
    access: 'optional',
    body: SubmitRequestBody,
    success: { status: 201, description: '已提交的申请', schema: Submitted },
    errors: [400, 403, 429],
  },
  getRequest: {
    method: 'GET',
    url: '/api/v1/requests/:id',
    summary: '申请查询',
    description:
      '申请人用申请编号（如 SC2026-000123）和查询码 code 查询办理状态、各步骤日期、答复期限及其依据 dueReason、办理结果和已出具的文书 letters（[{ id, kind, title, letterNo, issuedOn }]），不含申请人个人信息；编号或查询码错误均返回 404；同一地址核对查询码过于频繁（网页与接口合计，每分钟有上限）返回 429。' +
      '工作人员用数字编号和令牌取得完整记录（receivedOn、dueOn、dueReason、status、events；补正期限 supplementDueOn、缴费期限 feePaymentDueOn 及其依据 supplementNotice、feeNotice，' +
      '自申请人收到告知书之日起计算；收到后转办的 referral：告知申请人向其申请的机关名称 organName 和联系方式 organContact）。',
    tag: '依申请公开',
    access: 'optional',
    params: RequestRefParams,
    querystring: StatusQuery,
    success: { status: 200, description: '公开查询视图或工作人员视图', schema: RequestStatusView },
    errors: [400, 404, 429],
  },
  addRequestEvent: {
    method: 'POST',
    url: '/api/v1/requests/:id/events',
    summary: '记录办理步骤',
    description:
      '记录一个办理步骤 { type, on, … }（确认收到、告知补正、收到补正、征求意见、延长期限、收费、登记告知书送达、转办、答复、送达、撤回、复议和诉讼）。' +
      '当前状态不允许的返回 409，角色不允许的返回 403（延长答复期限须由政府信息公开工作机构负责人办理），均不作任何改动。' +
      '补正期限、缴费期限自申请人收到告知书之日起计算：告知书可带 deliveryMethod 和 deliveredOn，未填送达方式时按申请人选择的获取方式推定，网上送达、电子邮件以发出之日为收到之日，' +
      '邮寄（以签收之日为准）、当面送达须填写 deliveredOn 或日后以 notice-delivered 登记（可再次登记更正）。期限届满前记录 supplement-expired、fee-expired 返回 409，' +
      'error.earliestOn 为最早可以记录的日期；答复期限届满后延长（extend）返回 409；网上申请的步骤日期不能早于提交之日（400）。' +
      'transfer：尚未确认收到的网上申请转由 toUnitId 单位办理（申请随之转移）；已收到的申请不转移，仍由本单位答复并计入本单位年度报告，' +
      '须填写负责公开的机关 organName（或本平台单位 toUnitId，自动取其名称和联系方式）和联系方式 organContact（第三十六条第（五）项）。',
    tag: '依申请公开',
    access: 'staff',
    params: RequestIdParams,
    body: EventBody,
    success: { status: 200, description: '办理后的申请（工作人员视图）', schema: StaffRequest },
    errors: [400, 403, 404, 409],
  },
  getRequestLetter: {
    method: 'GET',
    url: '/api/v1/requests/:id/letters/:letterId',
    summary: '申请人取得已出具的文书',
    description:
      '申请人用申请编号、文书编号和查询码 code 取得已出具的答复书或告知书全文（标题、文号、各段正文）。编号、查询码或文书编号错误均返回同样的 404；核对查询码的次数与申请查询合计限制（429）。',
    tag: '依申请公开',
    access: 'public',
    params: RequestLetterParams,
    querystring: RequestLetterQuery,
    success: { status: 200, description: '文书全文', schema: RequestLetter },
    errors: [400, 404, 429],
  },
  search: {
    method: 'GET',
    url: '/api/v1/search',
    summary: '全文检索',
    description:
      '检索已发布、主动公开且已到公开时间的文件（标题、文号、索引号、发布机构、正文和附件文字），中文分词。' +
      '返回总数、一页结果（标题和摘要以 <mark> 标出命中词，其余内容均已转义）和分面计数（单位、主题、体裁、年份、有效性、文件类型）。' +
      '支持跨域（Access-Control-Allow-Origin: *）。参数有误返回 400。',
    tag: '公开',
    access: 'public',
    querystring: SearchQuery,
    success: { status: 200, description: '检索结果', schema: SearchResponse, serialize: true },
    errors: [400],
  },
  getAnnualReport: {
    method: 'GET',
    url: '/api/v1/annual-reports/:year',
    summary: '政府信息公开工作年度报告',
    description:
      '单位 unit 某年度的年度报告：第二、三、四部分的表格（按国家格式，2021 年度起用国办公开办函〔2021〕30号格式，2019、2020 年度用此前格式）、正文和勾稽关系校验结果。' +
      '已发布的报告公开可查，内容为发布时冻结的版本（此后补录的记录不改变已发布的数字；更正作为新版本发布，revision 可取旧版本）；尚未发布的草稿需要令牌，且单位在令牌用户的管理范围内。' +
      'format=docx 返回 Word 文件（application/vnd.openxmlformats-officedocument.wordprocessingml.document），format=xlsx 返回 Excel 文件（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）。',
    tag: '年度报告',
    access: 'optional',
    params: ReportParams,
    querystring: ReportQuery,
    success: { status: 200, description: '年度报告', schema: AnnualReportJson },
    errors: [400, 404],
  },
  openapi: {
    method: 'GET',
    url: '/api/v1/openapi.json',
    summary: '本接口的 OpenAPI 3.1 文档',
    tag: '公开',
    access: 'public',
    success: { status: 200, description: 'OpenAPI 文档', schema: Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1 文档' }) },
    errors: [],
  },
} satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;

/** Fastify `schema` option of an operation: request parts, and the success response when it is serialised by schema. */
export function routeSchema(op: Operation): Record<string, unknown> {
  const schema: Record<string, unknown> = {};
  if (op.params) schema.params = op.params;
  if (op.querystring) schema.querystring = op.querystring;
  if (op.body) schema.body = op.body;
  if (op.success.serialize) schema.response = { [op.success.status]: op.success.schema };
  return schema;
}

const ERROR_TEXT: Record<number, string> = {
  400: '请求有误（VALIDATION）：fields 逐项说明，例如 {"title":"此项为必填项"}；JSON 无法解析时同样返回 400',
  401: '缺少令牌或令牌无效（UNAUTHENTICATED）',
  403: '角色或单位范围不允许（FORBIDDEN），或审核自己的文件（SELF_REVIEW）',
  404: '文件不存在，或不在令牌用户的单位范围内（NOT_FOUND）',
  409: '文件当前状态不能执行此操作（INVALID_TRANSITION）',
  410: '文件已撤稿（WITHDRAWN），附撤稿时间和原因',
  429: '提交过于频繁（RATE_LIMITED），请稍后再试',
};

/** Named components: schema object (by identity) → name. Nested uses become $refs. */
const COMPONENTS: [string, TSchema][] = [
  ['UnitRef', UnitRef],
  ['DocumentSummary', DocumentSummary],
  ['DocumentList', DocumentList],
  ['Attachment', Attachment],
  ['PublicDocument', PublicDocument],
  ['StaffDocument', StaffDocument],
  ['CreateDocument', CreateDocumentBody],
  ['UpdateDocument', UpdateDocumentBody],
  ['ReviewChecks', ReviewChecks],
  ['ApproveInput', ApproveBody],
  ['ReturnInput', ReturnBody],
  ['PublishInput', PublishBody],
  ['WithdrawInput', WithdrawBody],
  ['ValidityInput', ValidityBody],
  ['Empty', EmptyBody],
  ['Error', ErrorBody],
  ['Withdrawn', WithdrawnBody],
  ['Applicant', ApplicantBody],
  ['SubmitRequest', SubmitRequestBody],
  ['SubmittedRequest', Submitted],
  ['RequestEvent', EventBody],
  ['RequestStatus', RequestStatusView],
  ['StaffRequest', StaffRequest],
  ['RequestLetter', RequestLetter],
  ['SearchHit', SearchHit],
  ['SearchResult', SearchResponse],
];

/** Keys of our own that are not JSON Schema (read by the validator compiler only). */
const PRIVATE_KEYS = new Set(['errorMessage', 'fieldHints']);

/** TypeBox schema → plain JSON Schema 2020-12 (as OpenAPI 3.1 uses): symbols dropped, enums collapsed, components referenced. */
export function toJsonSchema(schema: unknown, refs: Map<unknown, string>, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, refs, false));
  if (!schema || typeof schema !== 'object') return schema;
  if (!root && refs.has(schema)) return { $ref: `#/components/schemas/${refs.get(schema)}` };
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const anyOf = s.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length && anyOf.every((o) => o && typeof o === 'object' && 'const' in o)) {
    // Union of literals → enum, which every OpenAPI tool shows as a pick list.
    for (const [k, v] of Object.entries(s)) if (k !== 'anyOf' && !PRIVATE_KEYS.has(k)) out[k] = v;
    out.type = 'string';
    out.enum = anyOf.map((o) => o.const);
    return out;
  }
  for (const [k, v] of Object.entries(s)) {
    if (PRIVATE_KEYS.has(k)) continue;
    // `properties` is a map of names, not a schema: convert each value, never refer to the map itself.
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, p]) => [name, toJsonSchema(p, refs, false)]));
    } else out[k] = toJsonSchema(v, refs, false);
  }
  return out;
}

function parameters(where: 'path' | 'query', schema: TSchema | undefined, refs: Map<unknown, string>) {
  if (!schema) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, TSchema>).map(([name, p]) => {
    const { description, ...rest } = toJsonSchema(p, refs) as Record<string, unknown>;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

export interface OpenApiOptions {
  baseUrl: string;
  siteName?: string;
}

/** The OpenAPI 3.1 document of the JSON API v1. */
export function buildOpenApi(opts: OpenApiOptions): Record<string, unknown> {
  const refs = new Map<unknown, string>(COMPONENTS.map(([name, s]) => [s, name]));
  const json = (s: TSchema) => ({ 'application/json': { schema: toJsonSchema(s, refs, false) } });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, op] of Object.entries(OPERATIONS) as [string, Operation][]) {
    const responses: Record<string, unknown> = {
      [op.success.status]: { description: op.success.description, content: json(op.success.schema) },
    };
    if (op === OPERATIONS.getDocument) {
      (responses['200'] as any).content = { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/PublicDocument' }, { $ref: '#/components/schemas/StaffDocument' }] } } };
    }
    const statuses = new Set(op.errors);
    if (op.access === 'staff') [400, 401, 403].forEach((s) => statuses.add(s));
    if (op.access === 'optional') statuses.add(401);
    for (const status of [...statuses].sort()) {
      responses[status] = { description: ERROR_TEXT[status], content: json(status === 410 ? WithdrawnBody : ErrorBody) };
    }
    const operation: Record<string, unknown> = {
      operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      parameters: [...parameters('path', op.params, refs), ...parameters('query', op.querystring, refs)],
      ...(op.body ? { requestBody: { required: op.body !== EmptyBody, content: json(op.body) } } : {}),
      responses,
      security: op.access === 'staff' ? [{ bearerAuth: [] }] : op.access === 'optional' ? [{}, { bearerAuth: [] }] : [],
    };
    (paths[openApiPath(op.url)] ??= {})[op.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${opts.siteName ?? 'gongkai 政府信息公开'} JSON API`,
      version: '1.0.0',
      description:
        '公开接口（无需令牌，支持跨域）提供主动公开文件的列表和详情；工作人员接口用 API 令牌（Authorization: Bearer <令牌>，由管理员用 `npx gongkai token create <用户名>` 生成）' +
        '新建、修改、提交、审核、发布、撤稿文件和变更有效性，令牌用户的角色和单位范围决定允许的操作。' +
        '字段名在请求、响应和导入文件中一致（camelCase）。错误一律为 {"error":{"code","message","fields"}}，code 为稳定的错误代码，message 与 fields 为中文说明。',
    },
    servers: [{ url: opts.baseUrl, description: '本站' }],
    tags: [
      { name: '公开', description: '公开数据，无需令牌' },
      { name: '文件办理', description: '工作人员接口，需要 API 令牌' },
      { name: '依申请公开', description: '政府信息公开申请：公众提交和查询，工作人员登记和办理' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(COMPONENTS.map(([name, s]) => [name, toJsonSchema(s, refs, true)])),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'API 令牌：npx gongkai token create <用户名>' },
      },
    },
  };
}
