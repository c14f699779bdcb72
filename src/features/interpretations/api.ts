// The JSON API of 政策解读: public lists and details of interpretations (with the policies they explain) and
// of 简明问答 pairs; staff create an interpretation, link policies and save its forms and Q&A pairs with a
// token. Submitting, reviewing and publishing an interpretation is the documents API's (/documents/{id}/…),
// since an interpretation is a document.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { apiRoute, component, defineOperations, Enum, Id, idParams, listQuery, Nullable, pageOf, paged, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { resolveUnitRef } from '../users/public.ts';
import { createInterpretation, linkPolicy, saveMedia, saveQa, unlinkPolicy } from './commands.ts';
import { FORMS, MEDIA_FORMS } from './forms.ts';
import { isPublicInterpretation, mediaOf, pagePublicInterpretations, pagePublicQa, qaOf } from './repository.ts';

const TAG: ApiTag = { name: '政策解读', description: '政策解读和简明问答（公开读取；工作人员凭 API 令牌编辑）' };

const PolicyRef = component('PolicyRef', Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String({ description: '政策文件的公开页面' }) }));
const FormList = Type.Array(Enum(Object.keys(FORMS), { description: Object.entries(FORMS).map(([k, v]) => `${k} ${v}`).join('，') }));
const InterpretationSummary = component(
  'InterpretationSummary',
  Type.Object({
    id: Type.Integer({ description: '解读的文件编号（也可用 /documents/{id} 读取其全部公开要素）' }),
    title: Type.String(),
    url: Type.String(),
    publishedAt: Nullable(Type.String()),
    summary: Type.String(),
    forms: FormList,
    policies: Type.Array(PolicyRef, { description: '所解读的政策文件（只含公开的）' }),
  }),
);
const QaPair = component(
  'QaPair',
  Type.Object({
    id: Type.Integer(),
    question: Type.String(),
    answer: Type.String(),
    url: Type.String({ description: '本问答的公开网址' }),
    interpretation: Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String() }),
    policies: Type.Array(PolicyRef),
  }),
);
const Media = component(
  'InterpretationMedia',
  Type.Object({
    form: Enum(Object.keys(MEDIA_FORMS)),
    url: Type.String(),
    caption: Type.String(),
    alt: Nullable(Type.String({ description: '图解图片的替代文字' })),
    text: Type.String({ description: '图解的文字版；音频、视频、动漫的文字稿' }),
  }),
);
const InterpretationDetail = component(
  'InterpretationDetail',
  Type.Object({
    ...InterpretationSummary.properties,
    media: Type.Array(Media),
    qa: Type.Array(Type.Object({ id: Type.Integer(), question: Type.String(), answer: Type.String(), url: Type.String() })),
  }),
);

const ListQuery = listQuery({
  policyId: Type.Optional(Id('政策文件编号：只列出解读这份政策的', '政策文件编号应为正整数')),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '发布单位：单位编号或单位代码' })),
});
const QaQuery = listQuery({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '问题或回答中的字词' })),
  topic: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '主题分类代码（含下级分类）' })),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '单位编号或单位代码' })),
  interpretationId: Type.Optional(Id('解读编号')),
});
const IdParams = idParams('解读编号');
const CreateBody = Type.Object(
  {
    policyIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20, description: '所解读的政策文件编号（至少一个）' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    body: Type.Optional(Type.String({ description: '文字解读（正文）' })),
    writtenOn: Type.Optional(Type.String({ description: '成文日期 YYYY-MM-DD' })),
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
    topic: Type.Optional(Type.String({ description: '主题分类代码；省略时取第一份政策的主题' })),
  },
  { additionalProperties: false },
);
const LinkBody = Type.Object({ policyId: Type.Integer({ minimum: 1, description: '政策文件编号' }) }, { additionalProperties: false });
const ItemsBody = (desc: string) => Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: desc }) }, { additionalProperties: false });
const Saved = Type.Object({ id: Type.Integer() });

export const OPERATIONS = defineOperations({
  listInterpretations: {
    method: 'GET',
    url: '/interpretations',
    summary: '政策解读列表',
    description: '已公开的政策解读，按公开时间倒序；policyId 只列出解读该政策的。每项带 policies（所解读的公开政策文件）。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: ListQuery,
    success: { status: 200, description: '一页解读', schema: pageOf(InterpretationSummary) },
    errors: [400],
  },
  getInterpretation: {
    method: 'GET',
    url: '/interpretations/:id',
    summary: '政策解读详情',
    description: '公开的解读及其图解、音视频（含文字稿）和简明问答。未公开或不是解读的文件返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    success: { status: 200, description: '解读', schema: InterpretationDetail },
    errors: [400, 404],
  },
  listQa: {
    method: 'GET',
    url: '/qa',
    summary: '简明问答',
    description: '已公开解读中的问答，可按字词、主题、单位或解读筛选；每项带其解读和所解读的政策。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: QaQuery,
    success: { status: 200, description: '一页问答', schema: pageOf(QaPair) },
    errors: [400],
  },
  createInterpretation: {
    method: 'POST',
    url: '/interpretations',
    summary: '新建解读（草稿）',
    description: '新建体裁为“解读”、栏目为“政策解读”的文件草稿并关联政策文件；之后用 /documents/{id}/submit、approve、publish 办理。',
    tag: TAG,
    access: 'staff',
    body: CreateBody,
    success: { status: 201, description: '新建的解读编号', schema: Saved },
    errors: [400, 403],
  },
  linkInterpretation: {
    method: 'POST',
    url: '/interpretations/:id/links',
    summary: '关联政策文件',
    tag: TAG,
    access: 'staff',
    params: IdParams,
    body: LinkBody,
    success: { status: 200, description: '已关联', schema: Saved },
    errors: [400, 403, 404, 409],
  },
  unlinkInterpretation: {
    method: 'POST',
    url: '/interpretations/:id/unlink',
    summary: '取消关联政策文件',
    description: '取消解读与一份政策文件的关联（记入操作日志）。解读至少保留一份所解读的政策文件：取消最后一份返回 409。',
    tag: TAG,
    access: 'staff',
    params: IdParams,
    body: LinkBody,
    success: { status: 200, description: '已取消关联', schema: Saved },
    errors: [400, 403, 404, 409],
  },
  saveInterpretationQa: {
    method: 'POST',
    url: '/interpretations/:id/qa',
    summary: '保存简明问答',
    description: '按顺序给出全部问答 { id?, question, answer }；带 id 的保留其编号和网址，未给出的删除。仅草稿和已退回的解读可修改。',
    tag: TAG,
    access: 'staff',
    params: IdParams,
    body: ItemsBody('问答'),
    success: { status: 200, description: '保存后的问答编号（按顺序）', schema: Type.Object({ ids: Type.Array(Type.Integer()) }) },
    errors: [400, 403, 404, 409],
  },
  saveInterpretationMedia: {
    method: 'POST',
    url: '/interpretations/:id/media',
    summary: '保存图解和音视频',
    description: '全部给出 { form, url, sha256, caption, alt, text }：音频、视频、动漫可给链接 url；已上传的文件（图解图片、音视频文件，在后台页面上传）用 sha256 保留；图解只接受已上传的图片或原有的地址。图解须有 alt（替代文字）和 text（文字版），音频、视频、动漫须有 text（文字稿）。',
    tag: TAG,
    access: 'staff',
    params: IdParams,
    body: ItemsBody('图解、音频、视频、动漫'),
    success: { status: 200, description: '已保存', schema: Saved },
    errors: [400, 403, 404, 409],
  },
});

export async function registerInterpretationRoutes(api: FastifyInstance): Promise<void> {
  const { db } = api;
  const route = (id: keyof typeof OPERATIONS, handler: RouteHandlerMethod) => apiRoute(api, OPERATIONS[id], handler);
  const unitOf = async (ref: string | undefined, field = 'unit') => {
    if (ref === undefined) return undefined;
    const id = await resolveUnitRef(db, ref);
    if (!id) throw new AppError('VALIDATION', undefined, { [field]: `单位“${ref}”不存在（可填写单位编号或单位代码）` });
    return id;
  };
  const strip = <T extends { policies: { id: number; title: string; url: string }[] }>(x: T) => ({ ...x, policies: x.policies.map((p) => ({ id: p.id, title: p.title, url: p.url })) });
  type Summary = Awaited<ReturnType<typeof pagePublicInterpretations>>['items'][number];
  const summaryOf = (i: Summary) => strip({ id: i.id, title: i.title, url: i.url, publishedAt: i.publishedAt, summary: i.summary, forms: i.forms, policies: i.policies });

  route('listInterpretations', async (req) => {
    const q = req.query as { policyId?: number; unit?: string; page?: number; pageSize?: number };
    const unitId = await unitOf(q.unit);
    return paged(q, (p) => pagePublicInterpretations(db, { ...p, policyId: q.policyId, unitId }), summaryOf);
  });

  route('getInterpretation', async (req) => {
    const { id } = req.params as { id: number };
    if (!(await isPublicInterpretation(db, id))) throw new AppError('NOT_FOUND', '解读不存在或未公开。');
    const { items } = await pagePublicInterpretations(db, { page: 1, pageSize: 1, ids: [id] });
    const [media, qa] = await Promise.all([mediaOf(db, id), qaOf(db, id)]);
    return {
      ...summaryOf(items[0]!),
      media: media.map((m) => ({ form: m.form, url: m.url, caption: m.caption, alt: m.alt_text, text: m.text })),
      qa: qa.map((p) => ({ id: p.id, question: p.question, answer: p.answer, url: `/zcjd/qa/${p.id}` })),
    };
  });

  route('listQa', async (req) => {
    const q = req.query as { q?: string; topic?: string; unit?: string; interpretationId?: number; page?: number; pageSize?: number };
    const unitId = await unitOf(q.unit);
    return paged(q, (p) => pagePublicQa(db, { ...p, q: q.q, topic: q.topic, unitId, interpretationId: q.interpretationId }), (x) =>
      strip({ id: x.id, question: x.question, answer: x.answer, url: x.url, interpretation: { id: x.interpretation.id, title: x.interpretation.title, url: x.interpretation.url }, policies: x.policies }),
    );
  });

  const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: AppError }): T => {
    if (!r.ok) throw r.error;
    return r.value;
  };

  route('createInterpretation', async (req, reply) => {
    const r = unwrap(await createInterpretation(db, req.actor!, req.body as Record<string, unknown>));
    return reply.status(201).header('Location', `/api/v1/interpretations/${r.id}`).send({ id: r.id });
  });
  route('linkInterpretation', async (req) => {
    const { id } = req.params as { id: number };
    unwrap(await linkPolicy(db, req.actor!, id, (req.body as { policyId: number }).policyId));
    return { id };
  });
  route('unlinkInterpretation', async (req) => {
    const { id } = req.params as { id: number };
    unwrap(await unlinkPolicy(db, req.actor!, id, (req.body as { policyId: number }).policyId));
    return { id };
  });
  route('saveInterpretationQa', async (req) => {
    const { id } = req.params as { id: number };
    return unwrap(await saveQa(db, req.actor!, id, (req.body as { items: unknown[] }).items));
  });
  route('saveInterpretationMedia', async (req) => {
    const { id } = req.params as { id: number };
    unwrap(await saveMedia(db, req.actor!, id, (req.body as { items: unknown[] }).items, { maxBytes: api.config.maxUploadBytes }));
    return { id };
  });
}
