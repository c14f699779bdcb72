// /api/v1/consultations: the public list, one consultation with its articles, published comments, the
// published feedback; a public comment (rate-limited like the application form); staff create and the
// review workflow with a token. Operations are declared here so the OpenAPI document lists them.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, unwrap } from '../../platform/errors.ts';
import { apiRoute, component, EmptyBody, Enum, idParams, listQuery, Nullable, pageOf, paged, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { defineOperations } from '../../platform/http/index.ts';
import { articlesOf } from './articles.ts';
import { advanceConsultation, advanceFeedback, basisOf, createConsultation, decideOpinion, formsOf, groupComments, moderateComments, submitComment } from './commands.ts';
import { COMMENT_RATE_LIMIT } from './pages.tsx';
import { commentFacts, fileUrl, filesOf, opinionFacts, opinionOf, publicConsultation, publicList, publishedComments, staffConsultation } from './repository.ts';
import { DECISIONS, feedbackCounts, feedbackDueOn, FORMS, isConcentrated, phase, settings } from './rules.ts';
import { can } from '../../platform/access/roles.ts';
import { CommentBody, CreateBody } from './forms.ts';
import './actions.ts';

const STAFF_TAG: ApiTag = { name: '征求意见办理', description: '工作人员接口，需要 API 令牌' };
const IdParams = idParams('征求意见编号');

const ConsultationSummary = component(
  'ConsultationSummary',
  Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    unit: Type.String({ description: '起草单位名称' }),
    startsOn: Type.String({ description: '开始日期' }),
    endsOn: Type.String({ description: '截止日期（当天仍可提出意见）' }),
    phase: Enum(['upcoming', 'open', 'closed'] as const, { description: 'upcoming 未开始，open 征求中，closed 已截止' }),
    feedbackPublished: Type.Boolean({ description: '意见采纳情况是否已公布' }),
    comments: Type.Integer({ description: '已公开的意见条数' }),
    url: Type.String(),
  }),
);

const ConsultationList = pageOf(ConsultationSummary);

const Consultation = component(
  'Consultation',
  Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    unit: Type.String(),
    startsOn: Type.String(),
    endsOn: Type.String(),
    phase: Enum(['upcoming', 'open', 'closed'] as const),
    periodReason: Nullable(Type.String({ description: '期限少于 30 日的理由' })),
    forms: Type.Array(Enum(FORMS), { description: '征求意见形式：online 网络征集，hearing 听证，forum 座谈，consult 咨询协商，media 媒体沟通' }),
    explanation: Type.String({ description: '起草说明' }),
    basis: Type.Array(Type.Object({ title: Type.String(), url: Type.String() }), { description: '决策依据' }),
    version: Type.Integer({ description: '现行稿的稿次' }),
    body: Type.String({ description: '征求意见稿（HTML）' }),
    articles: Type.Array(Type.Object({ key: Type.String({ description: '提意见时的 article' }), label: Type.String({ description: '第×条 或 第n段' }), text: Type.String() })),
    attachments: Type.Array(Type.Object({ name: Type.String(), size: Type.Integer({ description: '字节' }), url: Type.String() }), { description: '征求意见稿的附件' }),
    feedbackPublished: Type.Boolean(),
    feedbackDueOn: Type.String({ description: '采纳情况应公布的日期' }),
    url: Type.String(),
  }),
);


const CommentReceipt = Type.Object({ receiptNo: Type.String({ description: '回执号' }), duplicate: Type.Boolean({ description: '同一联系人已提交过相同内容时为 true，返回原回执号，不重复保存' }) });

const PublicComment = component(
  'ConsultationComment',
  Type.Object({
    receiptNo: Type.String(),
    article: Nullable(Type.String()),
    body: Type.String(),
    form: Enum(FORMS),
    source: Nullable(Type.String({ description: '线下意见的来源' })),
    createdAt: Type.String(),
  }),
);

const CommentList = pageOf(PublicComment);

const Feedback = component(
  'ConsultationFeedback',
  Type.Object({
    publishedAt: Nullable(Type.String()),
    summary: Type.String(),
    received: Type.Integer({ description: '收到的意见总数（含不予公开的）' }),
    byForm: Type.Record(Type.String(), Type.Integer(), { description: '按形式的意见条数' }),
    opinions: Type.Array(Type.Object({ summary: Type.String(), comments: Type.Integer(), concentrated: Type.Boolean(), decision: Enum(DECISIONS), reason: Type.String() })),
    decisionDocument: Nullable(Type.Integer({ description: '最终决策文件的编号（/api/v1/documents/{id}）' })),
  }),
);


const StaffState = Type.Object({ id: Type.Integer(), status: Enum(['draft', 'submitted', 'approved', 'published', 'returned'] as const) });
const ReturnBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, errorMessage: '请填写退回理由' }) }, { additionalProperties: false });

const step = (name: 'submit' | 'approve' | 'return' | 'publish', summary: string) => ({
  method: 'POST' as const,
  url: `/consultations/:id/${name}`,
  summary,
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: IdParams,
  body: name === 'return' ? ReturnBody : EmptyBody,
  success: { status: 200 as const, description: '办理后的状态', schema: StaffState },
  errors: [400, 403, 404, 409],
});

const Done = Type.Object({}, { additionalProperties: true, description: '办理结果' });
const staffOp = (url: string, summary: string, description: string, body: ReturnType<typeof Type.Object>) => ({
  method: 'POST' as const,
  url,
  summary,
  description,
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: Type.Object({ id: IdParams.properties.id, ...(url.includes(':opinionId') ? { opinionId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, errorMessage: '意见类别编号应为正整数' }) } : {}) }, { additionalProperties: false }),
  body,
  success: { status: 200 as const, description: '办理结果', schema: Done },
  errors: [400, 403, 404, 409],
});
const Ids = Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { minItems: 1, maxItems: 1000, description: '意见（评论）的编号' });

export const OPERATIONS = defineOperations({
  listConsultations: {
    method: 'GET',
    url: '/consultations',
    summary: '意见征集列表',
    description: '已发布的征求意见。which=open（默认）：未截止的，按截止日期先后；which=closed：已截止的，最近截止的在前。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ which: Type.Optional(Enum(['open', 'closed'] as const, { description: 'open 或 closed' })) }),
    success: { status: 200, description: '一页征求意见', schema: ConsultationList },
    errors: [400],
  },
  getConsultation: {
    method: 'GET',
    url: '/consultations/:id',
    summary: '征求意见详情',
    description: '已发布的征求意见：草案正文、可针对提出意见的条款、起草说明、决策依据。未发布的返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    success: { status: 200, description: '征求意见', schema: Consultation },
    errors: [400, 404],
  },
  listConsultationComments: {
    method: 'GET',
    url: '/consultations/:id/comments',
    summary: '已公开的意见',
    description: '经审核公开的意见，先提交的在前；不含姓名和联系方式。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    querystring: listQuery({ article: Type.Optional(Type.String({ maxLength: 20, description: '只看针对某一条的意见' })) }),
    success: { status: 200, description: '一页意见', schema: CommentList },
    errors: [400, 404],
  },
  postConsultationComment: {
    method: 'POST',
    url: '/consultations/:id/comments',
    summary: '提出意见',
    description: `对草案整体或某一条提出意见；手机号码和电子邮箱至少一项（不公开）。意见经审核后公开。征求期外返回 409。每个地址每分钟最多 ${COMMENT_RATE_LIMIT} 次。`,
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    body: CommentBody,
    success: { status: 201, description: '回执', schema: CommentReceipt },
    errors: [400, 404, 409, 429],
  },
  getConsultationFeedback: {
    method: 'GET',
    url: '/consultations/:id/feedback',
    summary: '意见采纳情况',
    description: '已公布的采纳情况：收到的意见数（按形式）、归纳的意见及其采纳情况和理由。尚未公布的返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    success: { status: 200, description: '采纳情况', schema: Feedback },
    errors: [400, 404],
  },
  createConsultation: {
    method: 'POST',
    url: '/consultations',
    summary: '新建征求意见（草稿）',
    description: '在令牌用户有权的单位下新建草稿。发布前须经审核：submit → approve → publish（审核人不能是提交人）。',
    tag: STAFF_TAG,
    access: 'staff',
    body: CreateBody,
    success: { status: 201, description: '新建的草稿', schema: StaffState },
    errors: [400, 403],
  },
  submitConsultation: step('submit', '提交审核'),
  approveConsultation: step('approve', '审核通过'),
  returnConsultation: step('return', '退回修改'),
  publishConsultation: step('publish', '发布'),
  moderateConsultationComments: staffOp(
    '/consultations/:id/moderation',
    '审核公众意见',
    'publish=true 公开所选意见；publish=false 不予公开，须给出理由（如 与征求内容无关、含个人信息、违法违规内容）。一次办理，逐条记入操作日志。',
    Type.Object({ commentIds: Ids, publish: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
  ),
  groupConsultationComments: staffOp(
    '/consultations/:id/opinions',
    '归并意见',
    '把所选意见归入新的意见类别（summary）或已有类别（opinionId）。采纳情况提交审核后不能再归并。',
    Type.Object({ commentIds: Ids, summary: Type.Optional(Type.String({ maxLength: 500 })), opinionId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) }, { additionalProperties: false }),
  ),
  decideConsultationOpinion: staffOp(
    '/consultations/:id/opinions/:opinionId/decision',
    '作出采纳决定',
    'adopted 采纳、partly 部分采纳、rejected 不予采纳、not-needed 无需采纳；部分采纳和不予采纳须说明理由，相对集中的意见（归入条数达到设定值）未采纳时也须说明理由。',
    Type.Object({ decision: Enum(DECISIONS), reason: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false }),
  ),
  submitConsultationFeedback: staffOp('/consultations/:id/feedback/submit', '提交采纳情况审核', '征求意见截止、意见全部审核并归类、每类都已决定且理由齐全后才能提交（否则 409，message 逐项说明）。', EmptyBody),
  returnConsultationFeedback: staffOp('/consultations/:id/feedback/return', '退回采纳情况', '须写明理由；不能退回自己提交的。', ReturnBody),
  publishConsultationFeedback: staffOp('/consultations/:id/feedback/publish', '公布采纳情况', '审核通过并公布；不能公布自己提交的（403 SELF_REVIEW）；条件同提交。', EmptyBody),
});

const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;

export async function registerConsultationsApi(api: FastifyInstance): Promise<void> {
  const db = api.db;
  apiRoute(api, OPERATIONS.listConsultations, async (req) => {
    const q = req.query as { which?: 'open' | 'closed'; page?: number; pageSize?: number };
    const today = todayBeijing();
    return paged(
      q,
      (p) => publicList(db, q.which ?? 'open', p.page, p.pageSize),
      (i) => ({ id: i.id, title: i.title, unit: i.unitName, startsOn: i.startsOn, endsOn: i.endsOn, phase: phase(i.startsOn, i.endsOn, today), feedbackPublished: i.feedbackPublished, comments: i.comments, url: `/yjzj/${i.id}` }),
    );
  });
  apiRoute(api, OPERATIONS.getConsultation, async (req) => {
    const c = await publicConsultation(db, idOf(req));
    return {
      id: c.id,
      title: c.title,
      unit: c.unitName,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      phase: phase(c.starts_on, c.ends_on, todayBeijing()),
      periodReason: c.period_reason,
      forms: formsOf(c),
      explanation: c.explanation,
      basis: basisOf(c),
      version: c.version,
      body: c.body,
      articles: articlesOf(c.body).map(({ key, label, text }) => ({ key, label, text })),
      attachments: (await filesOf(db, c.id)).map((f) => ({ name: f.filename, size: f.size, url: fileUrl(c.id, f.id) })),
      feedbackPublished: c.feedback_status === 'published',
      feedbackDueOn: feedbackDueOn(c.ends_on, settings().feedbackDays),
      url: `/yjzj/${c.id}`,
    };
  });
  apiRoute(api, OPERATIONS.listConsultationComments, async (req) => {
    const c = await publicConsultation(db, idOf(req));
    const q = req.query as { article?: string; page?: number; pageSize?: number };
    return paged(q, (p) => publishedComments(db, c.id, p.page, p.pageSize, q.article || null, c.version), ({ version: _v, ...rest }) => rest);
  });
  apiRoute(
    api,
    OPERATIONS.postConsultationComment,
    async (req, reply) => {
      const c = await publicConsultation(db, idOf(req));
      const r = unwrap(await submitComment(db, c.id, req.body as Record<string, unknown>));
      return reply.code(201).send(r);
    },
    { rateLimit: { max: COMMENT_RATE_LIMIT, timeWindow: '1 minute' } },
  );
  apiRoute(api, OPERATIONS.getConsultationFeedback, async (req) => {
    const c = await publicConsultation(db, idOf(req));
    if (c.feedback_status !== 'published') throw new AppError('NOT_FOUND', '这项征求意见的采纳情况尚未公布。');
    const { concentratedMin } = settings();
    const opinions = await opinionFacts(db, c.id);
    const counts = feedbackCounts(await commentFacts(db, c.id), opinions, concentratedMin);
    return {
      publishedAt: c.feedback_published_at,
      summary: c.feedback_summary,
      received: counts.received,
      byForm: counts.byForm,
      opinions: opinions.map((o) => ({ summary: o.summary, comments: o.comments, concentrated: isConcentrated(o, concentratedMin), decision: o.decision!, reason: o.reason })),
      decisionDocument: c.decision_document_id,
    };
  });
  apiRoute(api, OPERATIONS.createConsultation, async (req, reply) => {
    const r = unwrap(await createConsultation(db, req.actor!, req.body as Record<string, unknown>));
    return reply.code(201).send({ id: r.id, status: 'draft' });
  });
  /** The consultation behind a staff operation; outside the token user's scope it does not exist for them. */
  const scoped = async (req: { params: unknown; actor?: unknown }) => {
    const c = await staffConsultation(db, idOf(req));
    if (!can((req as { actor: Parameters<typeof can>[0] }).actor, 'consultation.read', c.unit_id)) throw new AppError('NOT_FOUND', '没有这项征求意见。');
    return c;
  };
  apiRoute(api, OPERATIONS.moderateConsultationComments, async (req) => {
    const c = await scoped(req);
    const b = req.body as { commentIds: number[]; publish: boolean; reason?: string };
    return unwrap(await moderateComments(db, req.actor!, c.id, b));
  });
  apiRoute(api, OPERATIONS.groupConsultationComments, async (req) => {
    const c = await scoped(req);
    return unwrap(await groupComments(db, req.actor!, c.id, req.body as Record<string, unknown>));
  });
  apiRoute(api, OPERATIONS.decideConsultationOpinion, async (req) => {
    const c = await scoped(req);
    const opinionId = (req.params as { opinionId: number }).opinionId;
    const o = await opinionOf(db, c.id, opinionId);
    if (!o) throw new AppError('NOT_FOUND', '没有这个意见类别。');
    return unwrap(await decideOpinion(db, req.actor!, o.id, req.body as Record<string, unknown>));
  });
  for (const s of ['submit', 'return', 'publish'] as const) {
    apiRoute(api, OPERATIONS[`${s}ConsultationFeedback`], async (req) => {
      const c = await scoped(req);
      return unwrap(await advanceFeedback(db, req.actor!, c.id, s, (req.body as { reason?: string } | undefined)?.reason));
    });
  }
  for (const s of ['submit', 'approve', 'return', 'publish'] as const) {
    const op = OPERATIONS[`${s}Consultation`];
    apiRoute(api, op, async (req) => {
      const c = await staffConsultation(db, idOf(req));
      // Outside the token user's scope the consultation does not exist for them.
      if (!can(req.actor!, 'consultation.read', c.unit_id)) throw new AppError('NOT_FOUND', '没有这项征求意见。');
      return unwrap(await advanceConsultation(db, req.actor!, c.id, s, (req.body as { reason?: string } | undefined)?.reason));
    });
  }
}
