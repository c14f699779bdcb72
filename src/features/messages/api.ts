// /api/v1/messages: the public list of published messages and one of them, the counts per unit, a public
// POST to write one (answering the receipt code; rate-limited like the form); staff (token): the inbox in
// the token user's scope, one message with its contact masked, reply, review, transfer, merge.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, unwrap } from '../../platform/errors.ts';
import { can } from '../../platform/access/roles.ts';
import { apiRoute, component, defineOperations, Enum, idParams, listQuery, Nullable, pageOf, paged, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { loadMessage, mergeMessage, replyMessage, reviewReply, submitMessage, transferMessage } from './commands.ts';
import { WRITE_RATE_LIMIT } from './pages.tsx';
import { countsByUnit, messageUrl, unitName, publicMessage, publicMessages, staffList, STAFF_STATES, vetoCutoff, type StaffState } from './repository.ts';
import { BODY_LIMIT, isOverdue, isVeto, maskEmail, maskPhone, RATINGS, SOURCES, STATUSES, TYPES, type MessageType } from './rules.ts';
import './actions.ts';

const STAFF_TAG: ApiTag = { name: '政民互动办理', description: '工作人员接口，需要 API 令牌' };
const IdParams = idParams('留言编号');

const PublicMessage = component(
  'Message',
  Type.Object({
    id: Type.Integer(),
    unit: Type.String({ description: '答复单位' }),
    type: Enum(TYPES, { description: 'consult 咨询，suggest 建议，complaint 投诉求助，opinion 对决策执行的意见' }),
    title: Type.String(),
    body: Type.String({ description: '留言内容（个人信息已遮盖）' }),
    receivedOn: Type.String(),
    reply: Type.String({ description: '答复（个人信息已遮盖）' }),
    repliedOn: Type.String(),
    source: Enum(SOURCES, { description: 'web 网上留言，12345 热线工单' }),
    url: Type.String(),
  }),
);

const NewMessage = component(
  'NewMessage',
  Type.Object(
    {
      unit: Type.Union([Type.String({ maxLength: 100 }), Type.Integer()], { description: '写给哪个单位：编号、代码或名称' }),
      type: Enum(TYPES),
      title: Type.String({ maxLength: 1000 }),
      body: Type.String({ maxLength: 100_000, description: `留言内容，1–${BODY_LIMIT} 字` }),
      name: Type.String({ maxLength: 200, description: '姓名（不公开）' }),
      phone: Type.Optional(Type.String({ maxLength: 40, description: '手机号码或固定电话（与 email 至少一项，不公开；查询时用后四位）' })),
      email: Type.Optional(Type.String({ maxLength: 300 })),
      publicOk: Type.Boolean({ description: '答复后是否同意公开（不公开姓名和联系方式）' }),
      about: Type.Optional(Type.Object({ kind: Type.String({ maxLength: 40, description: 'document 文件，或其他功能提供的类别（如 consultation、task）' }), id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false })),
    },
    { additionalProperties: false },
  ),
);

const Receipt = Type.Object({
  receiptNo: Type.String({ description: '回执号（查询时与手机号码后四位一起使用）' }),
  dueOn: Type.String({ description: '答复期限' }),
  duplicate: Type.Boolean({ description: '同一联系人给同一单位提交过相同内容时为 true，返回原回执号，不重复保存' }),
});

const UnitCounts = component(
  'MessageUnitCounts',
  Type.Object({ unitId: Type.Integer(), unit: Type.String(), received: Type.Integer(), replied: Type.Integer(), onTime: Type.Integer({ description: '按期答复' }), veto: Type.Integer({ description: '超过 3 个月未答复' }) }),
);

const StaffMessage = component(
  'StaffMessage',
  Type.Object({
    id: Type.Integer(),
    receiptNo: Type.String(),
    source: Enum(SOURCES),
    workOrderNo: Nullable(Type.String()),
    unitId: Type.Integer(),
    unit: Type.String(),
    type: Enum(TYPES),
    title: Type.String(),
    status: Enum(STATUSES, { description: 'open 办理中，review 答复待审核，replied 已答复，merged 已合并' }),
    receivedOn: Type.String(),
    dueOn: Type.String(),
    dueProvisional: Type.Boolean(),
    overdue: Type.Boolean(),
    veto: Type.Boolean({ description: '超过 3 个月未答复（一票否决）' }),
    publicOk: Type.Boolean(),
    withheld: Type.Boolean(),
    rating: Nullable(Enum(RATINGS)),
  }),
);
const StaffDetail = component(
  'StaffMessageDetail',
  Type.Object({
    message: StaffMessage,
    body: Type.String(),
    name: Type.String({ description: '已遮盖' }),
    phone: Type.String({ description: '已遮盖' }),
    email: Type.String({ description: '已遮盖' }),
    reply: Nullable(Type.String()),
    replyDraft: Nullable(Type.String()),
    mergedInto: Nullable(Type.Integer()),
  }),
);

const Done = Type.Object({}, { additionalProperties: true, description: '办理结果' });
const staffOp = (name: string, summary: string, description: string, body: ReturnType<typeof Type.Object>) => ({
  method: 'POST' as const,
  url: `/messages/:id/${name}`,
  summary,
  description,
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: IdParams,
  body,
  success: { status: 200 as const, description: '办理结果', schema: Done },
  errors: [400, 403, 404, 409],
});

export const OPERATIONS = defineOperations({
  listMessages: {
    method: 'GET',
    url: '/messages',
    summary: '公开的政民互动留言',
    description: '已答复、留言人同意公开且未被标记不予公开的留言，最近答复的在前；不含姓名和联系方式，内容中的个人信息已遮盖。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ unit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: '单位编号' })), type: Type.Optional(Enum(TYPES)) }),
    success: { status: 200, description: '一页留言', schema: pageOf(PublicMessage) },
    errors: [400],
  },
  getMessage: {
    method: 'GET',
    url: '/messages/:id',
    summary: '一条公开的留言',
    description: '未公开的返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    success: { status: 200, description: '留言及答复', schema: PublicMessage },
    errors: [400, 404],
  },
  messageCounts: {
    method: 'GET',
    url: '/messages/counts',
    summary: '各单位留言办理情况',
    description: '各单位收到（合并的重复留言不重复计算）、已答复、按期答复、超过 3 个月未答复的件数。',
    tag: PUBLIC_TAG,
    access: 'public',
    success: { status: 200, description: '各单位件数', schema: Type.Object({ items: Type.Array(UnitCounts) }) },
    errors: [],
  },
  postMessage: {
    method: 'POST',
    url: '/messages',
    summary: '写信',
    description: `给一个单位留言；姓名必填，手机号码和电子邮箱至少一项（均不公开）。每个地址每分钟最多 ${WRITE_RATE_LIMIT} 次。`,
    tag: PUBLIC_TAG,
    access: 'public',
    body: NewMessage,
    success: { status: 201, description: '回执', schema: Receipt },
    errors: [400, 429],
  },
  listInbox: {
    method: 'GET',
    url: '/messages/inbox',
    summary: '留言办理列表',
    description: '令牌用户所在单位及下级单位的留言；未答复的在前，期限早的在前。',
    tag: STAFF_TAG,
    access: 'staff',
    querystring: listQuery({ state: Type.Optional(Enum(STAFF_STATES, { description: 'overdue 已超期，veto 超过 3 个月未答复' })), type: Type.Optional(Enum(TYPES)), unit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })), source: Type.Optional(Enum(SOURCES)) }),
    success: { status: 200, description: '一页留言', schema: pageOf(StaffMessage) },
    errors: [400, 403],
  },
  getInboxMessage: {
    method: 'GET',
    url: '/messages/inbox/:id',
    summary: '留言详情（办理）',
    description: '联系方式已遮盖（完整联系方式只在后台页面查看并记入操作日志）。',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    success: { status: 200, description: '留言', schema: StaffDetail },
    errors: [400, 403, 404],
  },
  replyMessage: staffOp('reply', '答复', '审核人的答复直接发布；其他人的答复提交本单位审核人审核（status=review）。', Type.Object({ reply: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false })),
  approveMessageReply: staffOp('approve', '审核通过答复', '发布待审核的答复；不能审核自己起草的（403 SELF_REVIEW）。', Type.Object({}, { additionalProperties: false })),
  returnMessageReply: staffOp('return', '退回答复', '须写明理由。', Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })),
  transferMessage: staffOp('transfer', '转办', '转到另一单位（编号、代码或名称），须写明理由；答复期限在接收单位重新计算。', Type.Object({ unit: Type.Union([Type.String({ maxLength: 100 }), Type.Integer()]), reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false })),
  mergeMessage: staffOp('merge', '合并到主留言', 'into：主留言的回执号或编号；本留言不再单独答复，显示主留言的答复。', Type.Object({ into: Type.Union([Type.String({ maxLength: 40 }), Type.Integer()]) }, { additionalProperties: false })),
});

export async function registerMessagesApi(api: FastifyInstance): Promise<void> {
  const db = api.db;
  const toPublic = (m: NonNullable<Awaited<ReturnType<typeof publicMessage>>>) => ({ id: m.id, unit: m.unitName, type: m.type, title: m.title, body: m.body, receivedOn: m.receivedOn, reply: m.reply, repliedOn: m.repliedOn, source: m.source, url: messageUrl(m.id) });
  apiRoute(api, OPERATIONS.listMessages, async (req) => {
    const q = req.query as { unit?: number; type?: MessageType; page?: number; pageSize?: number };
    return paged(q, (p) => publicMessages(db, { unitId: q.unit, type: q.type }, p.page, p.pageSize), toPublic);
  });
  apiRoute(api, OPERATIONS.messageCounts, async () => ({
    items: (await countsByUnit(db, { today: todayBeijing() })).map((c) => ({ unitId: c.unitId, unit: c.unitName, received: c.received, replied: c.replied, onTime: c.onTime, veto: c.veto })),
  }));
  apiRoute(api, OPERATIONS.getMessage, async (req) => {
    const m = await publicMessage(db, (req.params as { id: number }).id);
    if (!m) throw new AppError('NOT_FOUND', '没有这条公开的留言。');
    return toPublic(m);
  });
  apiRoute(
    api,
    OPERATIONS.postMessage,
    async (req, reply) => {
      const r = unwrap(await submitMessage(db, req.body as Record<string, unknown>));
      return reply.code(r.duplicate ? 200 : 201).send({ receiptNo: r.receiptNo, dueOn: r.dueOn, duplicate: r.duplicate });
    },
    { rateLimit: { max: WRITE_RATE_LIMIT, timeWindow: '1 minute' } },
  );
  const staffRow = (m: { id: number; receipt_no: string; source: string; work_order_no: string | null; unit_id: number; unit_name: string; type: string; title: string; status: string; received_on: string; due_on: string; due_provisional: number; replied_on: string | null; public_ok: number; withheld: number; rating: string | null }, today: string) => {
    const facts = { status: m.status as never, receivedOn: m.received_on, dueOn: m.due_on, repliedOn: m.replied_on };
    return {
      id: m.id,
      receiptNo: m.receipt_no,
      source: m.source,
      workOrderNo: m.work_order_no,
      unitId: m.unit_id,
      unit: m.unit_name,
      type: m.type,
      title: m.title,
      status: m.status,
      receivedOn: m.received_on,
      dueOn: m.due_on,
      dueProvisional: !!m.due_provisional,
      overdue: isOverdue(facts, today),
      veto: isVeto(facts, today),
      publicOk: !!m.public_ok,
      withheld: !!m.withheld,
      rating: m.rating,
    };
  };
  apiRoute(api, OPERATIONS.listInbox, async (req) => {
    const actor = req.actor!;
    if (!can(actor, 'message.read')) throw new AppError('FORBIDDEN', '您的角色不能查看政民互动留言。');
    const q = req.query as { state?: StaffState; type?: MessageType; unit?: number; source?: 'web' | '12345'; page?: number; pageSize?: number };
    const today = todayBeijing();
    return paged(q, (p) => staffList(db, { scope: actor.role === 'admin' ? null : actor.scope, state: q.state, type: q.type, unitId: q.unit, source: q.source, today, vetoBefore: vetoCutoff(today) }, p.page, p.pageSize), (m) => staffRow(m, today));
  });
  /** The message behind a staff operation; outside the token user's scope it does not exist for them. */
  const scoped = async (req: { params: unknown; actor?: unknown }) => {
    const m = await loadMessage(db, (req.params as { id: number }).id);
    if (!can((req as { actor: Parameters<typeof can>[0] }).actor, 'message.read', m.unit_id)) throw new AppError('NOT_FOUND', '没有这条留言。');
    return m;
  };
  apiRoute(api, OPERATIONS.getInboxMessage, async (req) => {
    const m = await scoped(req);
    const unit_name = await unitName(db, m.unit_id);
    return {
      message: staffRow({ ...m, unit_name }, todayBeijing()),
      body: m.body,
      name: m.name ? `${Array.from(m.name)[0]}**` : '',
      phone: maskPhone(m.phone),
      email: maskEmail(m.email),
      reply: m.reply,
      replyDraft: m.reply_draft,
      mergedInto: m.merged_into,
    };
  });
  apiRoute(api, OPERATIONS.replyMessage, async (req) => unwrap(await replyMessage(db, req.actor!, (await scoped(req)).id, req.body as { reply: string })));
  apiRoute(api, OPERATIONS.approveMessageReply, async (req) => unwrap(await reviewReply(db, req.actor!, (await scoped(req)).id, { approve: true })));
  apiRoute(api, OPERATIONS.returnMessageReply, async (req) => unwrap(await reviewReply(db, req.actor!, (await scoped(req)).id, { approve: false, reason: (req.body as { reason: string }).reason })));
  apiRoute(api, OPERATIONS.transferMessage, async (req) => unwrap(await transferMessage(db, req.actor!, (await scoped(req)).id, req.body as Record<string, unknown>)));
  apiRoute(api, OPERATIONS.mergeMessage, async (req) => unwrap(await mergeMessage(db, req.actor!, (await scoped(req)).id, { into: String((req.body as { into: unknown }).into) })));
}
