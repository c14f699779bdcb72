// TypeBox schemas of the documents' JSON API (request parts validated by the API's validator compiler,
// response shapes serialised by Fastify; all published in the OpenAPI document). Field names are the
// camelCase names shared with the console and import files (documents.input.ts).
import { Type } from '@sinclair/typebox';
import { component, DateString, Enum, Id, idParams, listQuery, Nullable, pageOf } from '../../platform/http/index.ts';
import { VALIDITIES, DISCLOSURES, KINDS, STATUSES } from './state.ts';

// ---------------------------------------------------------------- request parts

export const IdParams = idParams('文件编号');

export const ListQuery = listQuery({
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '发布单位：单位编号或单位代码（如 zfb），只含该单位本身发布的文件' })),
  topic: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '主题分类代码（如 zhzw.zwgk），含其下级分类' })),
  genre: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '体裁分类代码（如 tongzhi）' })),
  year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100, description: '公开年份（按北京时间的公开日期）', errorMessage: '年份应为 1949 至 2100 之间的整数' })),
  validity: Type.Optional(Enum(VALIDITIES, { description: '有效性' })),
});

/** Fields a client may read but not write through create/PATCH, with where they are set instead. */
const READ_ONLY_HINTS: Record<string, string> = {
  id: '文件编号由系统生成，不能修改',
  indexNo: '索引号在首次发布时自动生成，不能手工填写或修改',
  publishedAt: '公开日期在发布时设定，请使用 POST /api/v1/documents/{id}/publish',
  validity: '有效性请使用 POST /api/v1/documents/{id}/validity 变更',
  validityOn: '有效性请使用 POST /api/v1/documents/{id}/validity 变更',
  validityReason: '有效性请使用 POST /api/v1/documents/{id}/validity 变更',
  replacedBy: '替代文件请使用 POST /api/v1/documents/{id}/validity 设置',
  status: '状态只能通过 submit、approve、return、publish、withdraw 操作改变',
  statusLabel: '只读字段',
  version: '只读字段',
  url: '只读字段',
  attachments: '附件请在管理后台上传',
  withdrawnAt: '只读字段',
  withdrawReason: '只读字段',
  reviewComment: '只读字段',
  createdBy: '只读字段',
  submittedBy: '只读字段',
  updatedAt: '只读字段',
};

const documentInputProperties = {
  title: Type.String({ minLength: 1, maxLength: 300, description: '名称' }),
  docNo: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '文号，如 宿城政办发〔2020〕12号；[] () 〔〕 及多余空格会被规范化' }))),
  unitId: Type.Optional(Id('发布单位编号；创建时省略则为令牌用户所在单位', '发布单位编号应为正整数')),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '发布单位代码（如 zfb），可代替 unitId' })),
  topic: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '主题分类代码' }))),
  genre: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '体裁分类代码' }))),
  kind: Type.Optional(Enum(Object.keys(KINDS) as (keyof typeof KINDS)[], { description: '文件类型：rule 规章，normative 行政规范性文件，other 其他文件' })),
  column: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '公开目录栏目代码' }))),
  art20: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 15, description: '《政府信息公开条例》第二十条的项（1–15）', errorMessage: '法定主动公开类别应为第二十条第1至15项之一' }))),
  publisher: Type.Optional(Type.String({ maxLength: 100, description: '发布机构，省略为发布单位名称' })),
  writtenOn: Type.Optional(Nullable(DateString('成文日期'))),
  formedOn: Type.Optional(Nullable(DateString('信息形成（变更）日期'))),
  keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 20, description: '关键词，最多 20 个，每个不超过 30 字' })),
  summary: Type.Optional(Type.String({ maxLength: 2000, description: '内容概述' })),
  body: Type.Optional(Type.String({ maxLength: 2_000_000, description: '正文（HTML，保存前净化）' })),
  bodyText: Type.Optional(Type.String({ maxLength: 2_000_000, description: '纯文本正文，可代替 body（按段落转为 HTML）' })),
  disclosure: Type.Optional(Enum(DISCLOSURES, { description: '公开方式；只有“主动公开”的文件会出现在门户和公开接口中' })),
};

export const CreateDocumentBody = Type.Object(documentInputProperties, {
  additionalProperties: false,
  description: '新建草稿。字段名与导入文件、响应中的字段名一致。',
  fieldHints: READ_ONLY_HINTS,
});

export const UpdateDocumentBody = Type.Object(
  { ...documentInputProperties, title: Type.Optional(documentInputProperties.title) },
  {
    additionalProperties: false,
    minProperties: 1,
    description: '只修改给出的字段；字段值为 null 或空字符串表示清空。仅草稿和已退回的文件可修改。',
    errorMessage: '请至少提供一个要修改的字段',
    fieldHints: READ_ONLY_HINTS,
  },
);

const checkFlag = (label: string) => Type.Boolean({ description: label, errorMessage: '应为 true 或 false' });

const ReviewChecks = Type.Object(
  {
    political: checkFlag('政治关：内容导向正确，无错误表述，不涉及国家秘密'),
    policy: checkFlag('政策关：符合法律法规和现行政策，不含应去标识化的个人信息'),
    wording: checkFlag('文字关：文字、数据、标点准确，格式规范'),
  },
  { additionalProperties: false, description: '审核的三项检查（把好政治关、政策关、文字关），审核通过时三项都须为 true' },
);

export const ApproveBody = Type.Object(
  { checks: ReviewChecks, comment: Type.Optional(Type.String({ maxLength: 2000, description: '审核意见' })) },
  { additionalProperties: false },
);

export const ReturnBody = Type.Object(
  {
    comment: Type.String({ minLength: 1, maxLength: 2000, description: '修改意见（必填）' }),
    checks: Type.Optional(Type.Partial(ReviewChecks)),
  },
  { additionalProperties: false },
);

export const PublishBody = Type.Object(
  {
    publishedAt: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: '公开时间：带时区的 ISO 8601 时间，或北京时间 “YYYY-MM-DD” / “YYYY-MM-DD HH:mm”。省略则立即发布；晚于当前时间即为定时发布。',
        examples: ['2026-12-01 09:00', '2026-12-01T01:00:00Z'],
      }),
    ),
  },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: '撤稿原因，将在原地址向公众显示' }) },
  { additionalProperties: false },
);

export const ValidityBody = Type.Object(
  {
    validity: Enum(VALIDITIES, { description: '有效性' }),
    on: Type.Optional(Nullable(DateString('失效、废止或修改的日期（有效性不是“有效”时必填）'))),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 500, description: '原因（有效性不是“有效”时必填）' }))),
    replacedBy: Type.Optional(Nullable(Id('替代本文件的已发布文件编号', '替代文件编号应为正整数'))),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- responses

const UnitRef = Type.Object({ id: Type.Integer(), name: Type.String() }, { description: '发布单位' });

const DocumentSummary = Type.Object(
  {
    id: Type.Integer({ description: '文件编号' }),
    title: Type.String({ description: '名称' }),
    indexNo: Nullable(Type.String({ description: '索引号：<单位前段码>/<年份>-<五位流水号>', examples: ['321302/2020-00974'] })),
    docNo: Nullable(Type.String({ description: '文号（规范化后）' })),
    unit: UnitRef,
    writtenOn: Nullable(Type.String({ description: '成文日期 YYYY-MM-DD' })),
    publishedAt: Nullable(Type.String({ description: '公开时间（UTC，ISO 8601）' })),
    validity: Enum(VALIDITIES, { description: '有效性' }),
    url: Type.String({ description: '门户上的地址（站内相对路径）', examples: ['/xxgk/documents/1'] }),
  },
  { description: '文件摘要（列表项）' },
);

export const DocumentList = pageOf(DocumentSummary, '符合条件的文件总数');

const Attachment = Type.Object(
  {
    id: Type.Integer(),
    filename: Type.String({ description: '原文件名' }),
    mime: Type.String({ description: '媒体类型' }),
    size: Type.Integer({ description: '字节数' }),
    sha256: Type.String({ description: '内容的 SHA-256（十六进制）' }),
    url: Type.String({ description: '下载地址（站内相对路径）' }),
  },
  { description: '附件' },
);

const DocumentRef = Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String() }, { description: '替代本文件的文件' });

const publicDocumentProperties = {
  ...DocumentSummary.properties,
  unitId: Type.Integer({ description: '发布单位编号' }),
  topic: Nullable(Type.String({ description: '主题分类代码' })),
  genre: Nullable(Type.String({ description: '体裁分类代码' })),
  kind: Enum(Object.keys(KINDS) as (keyof typeof KINDS)[], { description: '文件类型' }),
  column: Nullable(Type.String({ description: '公开目录栏目代码' })),
  art20: Nullable(Type.Integer({ description: '第二十条的项（1–15）' })),
  publisher: Type.String({ description: '发布机构' }),
  formedOn: Nullable(Type.String({ description: '信息形成（变更）日期' })),
  keywords: Type.Array(Type.String(), { description: '关键词' }),
  summary: Type.String({ description: '内容概述' }),
  body: Type.String({ description: '正文（净化后的 HTML）' }),
  validityOn: Nullable(Type.String({ description: '失效、废止或修改的日期' })),
  validityReason: Nullable(Type.String({ description: '失效、废止或修改的原因' })),
  replacedBy: Nullable(DocumentRef),
  disclosure: Enum(DISCLOSURES, { description: '公开方式' }),
  attachments: Type.Array(Attachment),
};

export const PublicDocument = Type.Object(publicDocumentProperties, { description: '公开文件的全部公开字段' });

export const StaffDocument = Type.Object(
  {
    ...publicDocumentProperties,
    status: Enum(STATUSES, { description: '流程状态：draft 草稿，submitted 待审核，returned 已退回，approved 已审核待发布，published 已发布，withdrawn 已撤稿' }),
    statusLabel: Type.String({ description: '状态的中文名称（定时发布未到时间的为“已排期”）' }),
    version: Type.Integer({ description: '版本号，每次变更加 1' }),
    withdrawnAt: Nullable(Type.String()),
    withdrawReason: Nullable(Type.String()),
    reviewComment: Nullable(Type.String({ description: '最近一次审核意见' })),
    createdBy: Nullable(Type.Integer()),
    submittedBy: Nullable(Type.Integer()),
    updatedAt: Type.String(),
  },
  { description: '工作人员视图：公开字段加流程信息' },
);

export const WithdrawnBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Literal('WITHDRAWN'),
      message: Type.String(),
      withdrawnAt: Nullable(Type.String({ description: '撤稿时间（UTC，ISO 8601）' })),
      reason: Nullable(Type.String({ description: '撤稿原因' })),
    }),
  },
  { description: '文件已撤稿' },
);

// Names in the OpenAPI document (components, referenced by $ref wherever used).
for (const [name, schema] of [
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
  ['Withdrawn', WithdrawnBody],
] as const) component(name, schema);
