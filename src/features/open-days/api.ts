// /api/v1/open-days: the public list and one open day, a public registration (answering the receipt and status:
// confirmed or waiting with its position) and its cancellation; staff create/update, review steps, cancel,
// the registrations (check-in list), check-in and the summary. Declared with defineOperations (OpenAPI document).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, unwrap } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { auditRead } from '../../platform/audit/index.ts';
import { apiRoute, component, DateString, defineOperations, EmptyBody, Enum, Id, idParams, listQuery, Nullable, pageOf, paged, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { cancelOpenDay, cancelRegistration, loadOpenDay, markAttended, register, saveOpenDay, stepOpenDay, type OpenDayInput } from './commands.ts';
import { REGISTER_RATE_LIMIT } from './pages.tsx';
import { openDayUrl, publicDetail, publicList, registrationsOf, seatsOf, type PublicOpenDay } from './repository.ts';
import { formatPhone, maskName, maskPhone } from './rules.ts';
import type { OpenDayRow } from './tables.ts';
import './actions.ts';

const STAFF_TAG: ApiTag = { name: '政府开放日办理', description: '工作人员接口，需要 API 令牌' };
const IdParams = idParams('开放日编号');
const STATES = ['not-yet', 'open', 'closed', 'cancelled', 'held'] as const;

const Seats = Type.Object({
  capacity: Type.Integer({ description: '名额（人）' }),
  confirmed: Type.Integer({ description: '报名成功的人数' }),
  left: Type.Integer({ description: '剩余名额（人）' }),
  waiting: Type.Integer({ description: '候补的报名数（组）' }),
});

const summaryProps = {
  id: Type.Integer(),
  theme: Type.String({ description: '活动主题' }),
  unit: Type.String({ description: '举办单位' }),
  date: Type.String({ description: '活动日期' }),
  startTime: Type.String({ description: '开始时间 HH:mm（北京时间）' }),
  endTime: Type.String(),
  place: Type.String(),
  maxPeople: Type.Integer({ description: '每次报名最多人数' }),
  registrationOpens: Type.String({ description: '报名开始 YYYY-MM-DD HH:mm（北京时间）' }),
  registrationCloses: Type.String({ description: '报名截止 YYYY-MM-DD HH:mm（北京时间，此刻起不再接受报名）' }),
  state: Enum(STATES, { description: 'not-yet 尚未开始报名，open 报名中，closed 报名已截止，cancelled 已取消，held 已举办' }),
  seats: Seats,
  cancelReason: Nullable(Type.String({ description: '取消原因（已取消时）' })),
  hasSummary: Type.Boolean({ description: '是否已公布活动总结' }),
  url: Type.String(),
};

const OpenDaySummary = component('OpenDaySummary', Type.Object(summaryProps));

const OpenDay = component(
  'OpenDay',
  Type.Object({
    ...summaryProps,
    agenda: Type.Array(Type.Object({ time: Type.String(), item: Type.String() }), { description: '活动议程（按顺序）' }),
    notes: Type.String({ description: '携带物品和注意事项' }),
    summary: Type.String({ description: '活动总结（已公布时）' }),
    qa: Type.Array(Type.Object({ q: Type.String({ description: '群众提出的问题' }), a: Type.String({ description: '答复' }) }), { description: '问题和答复（按顺序）' }),
    photos: Type.Array(Type.Object({ alt: Type.String({ description: '照片说明' }), url: Type.String() })),
  }),
);

const RegistrationBody = component(
  'NewOpenDayRegistration',
  Type.Object(
    {
      name: Type.String({ maxLength: 200, description: '姓名（不公开）' }),
      phone: Type.String({ maxLength: 40, description: '手机号码（1[3-9] 开头 11 位）或带区号的固定电话（不公开）；同一电话每次活动只能报名一次' }),
      people: Type.Optional(Type.Integer({ description: '参加人数，1 至 maxPeople，默认 1' })),
    },
    { additionalProperties: false },
  ),
);

const Receipt = Type.Object({
  receiptNo: Type.String({ description: '回执号（查询、取消报名时用）' }),
  status: Enum(['confirmed', 'waiting'] as const, { description: 'confirmed 报名成功；waiting 名额已满，进入候补名单' }),
  position: Nullable(Type.Integer({ description: '候补第几位（waiting 时）' })),
  duplicate: Type.Boolean({ description: '该电话已报名过本次活动时为 true：返回原报名，不重复登记' }),
  message: Type.String({ description: '给报名人的说明' }),
});

const CancelBody = Type.Object({ receiptNo: Type.String({ maxLength: 40 }), phone: Type.String({ maxLength: 40 }) }, { additionalProperties: false });

const writeProps = {
  theme: Type.String({ maxLength: 1000 }),
  unit: Type.Union([Type.String({ maxLength: 100 }), Type.Integer()], { description: '举办单位：编号、代码或名称' }),
  date: DateString('活动日期'),
  startTime: Type.String({ maxLength: 10, description: 'HH:mm' }),
  endTime: Type.String({ maxLength: 10, description: 'HH:mm' }),
  place: Type.String({ maxLength: 1000 }),
  capacity: Type.Integer({ description: '名额（人），1–10000' }),
  maxPeople: Type.Optional(Type.Integer({ description: '每次报名最多人数，1–20，默认 3' })),
  registrationOpens: Type.String({ maxLength: 20, description: '报名开始 YYYY-MM-DD HH:mm（北京时间）' }),
  registrationCloses: Type.String({ maxLength: 20, description: '报名截止 YYYY-MM-DD HH:mm，不晚于活动开始' }),
  agenda: Type.Optional(Type.Array(Type.Object({ time: Type.Optional(Type.String({ maxLength: 40 })), item: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }), { maxItems: 200, description: '活动议程（按顺序）' })),
  notes: Type.Optional(Type.String({ maxLength: 20_000, description: '携带物品和注意事项' })),
};
const CreateBody = component('NewOpenDay', Type.Object(writeProps, { additionalProperties: false }));
const UpdateBody = component(
  'OpenDayChanges',
  Type.Object(
    {
      ...Object.fromEntries(Object.entries(writeProps).map(([k, v]) => [k, Type.Optional(v as any)])),
      expectedVersion: Type.Optional(Type.Integer({ description: '打开时的版本号；其间他人修改过则 409' })),
    },
    { additionalProperties: false },
  ),
);
const SummaryBody = component(
  'OpenDaySummaryChanges',
  Type.Object(
    {
      summary: Type.String({ maxLength: 100_000, description: '活动总结' }),
      qa: Type.Array(Type.Object({ q: Type.String({ maxLength: 10_000 }), a: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false }), { maxItems: 500, description: '群众提出的问题和答复（按顺序）' }),
      expectedVersion: Type.Optional(Type.Integer()),
    },
    { additionalProperties: false },
  ),
);

const StaffState = Type.Object({ id: Type.Integer(), status: Enum(['draft', 'submitted', 'approved', 'published', 'returned', 'retired'] as const), version: Type.Integer(), cancelled: Type.Boolean() });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, errorMessage: '请填写原因' }) }, { additionalProperties: false });

const StaffRegistration = component(
  'OpenDayRegistration',
  Type.Object({
    id: Type.Integer(),
    receiptNo: Type.String(),
    name: Type.String({ description: '姓名（无组织活动权限的角色只看到姓氏）' }),
    phone: Type.String({ description: '电话（无组织活动权限的角色看到打码的号码）' }),
    people: Type.Integer(),
    status: Enum(['confirmed', 'waiting', 'cancelled'] as const),
    promoted: Type.Boolean({ description: '由候补递补' }),
    attended: Type.Boolean({ description: '已到场签到' }),
    createdAt: Type.String(),
  }),
);

const step = (name: 'submit' | 'approve' | 'return' | 'publish', summary: string) => ({
  method: 'POST' as const,
  url: `/open-days/:id/${name}`,
  summary,
  description: '审核流程：submit → approve（审核人不能是起草、修改或提交人）→ publish；return 须写明原因。公开后修改须重新审核，期间公众看到上次公开的版本。',
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: IdParams,
  body: name === 'return' ? ReasonBody : EmptyBody,
  success: { status: 200 as const, description: '办理后的状态', schema: StaffState },
  errors: [400, 403, 404, 409],
});

export const OPERATIONS = defineOperations({
  listOpenDays: {
    method: 'GET',
    url: '/open-days',
    summary: '政府开放日列表',
    description: 'which=upcoming（默认）：今天及以后的活动，先举办的在前，含剩余名额和候补数；which=past：已举办的，最近的在前。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ which: Type.Optional(Enum(['upcoming', 'past'] as const, { description: 'upcoming 或 past' })) }),
    success: { status: 200, description: '一页开放日', schema: pageOf(OpenDaySummary) },
    errors: [400],
  },
  getOpenDay: {
    method: 'GET',
    url: '/open-days/:id',
    summary: '政府开放日详情',
    description: '已公开的开放日：议程、注意事项、名额和报名状态；已举办并公布总结的含总结、照片和问答。未公开的返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    success: { status: 200, description: '开放日', schema: OpenDay },
    errors: [400, 404],
  },
  registerForOpenDay: {
    method: 'POST',
    url: '/open-days/:id/registrations',
    summary: '报名',
    description: `名额够时报名成功（confirmed），名额已满时进入候补名单（waiting，含候补位次）。报名时间外或活动取消返回 409。每个地址每分钟最多 ${REGISTER_RATE_LIMIT} 次。`,
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    body: RegistrationBody,
    success: { status: 201, description: '回执和报名状态', schema: Receipt },
    errors: [400, 404, 409, 429],
  },
  cancelOpenDayRegistration: {
    method: 'POST',
    url: '/open-days/:id/registrations/cancel',
    summary: '取消报名',
    description: '凭回执号和报名时留的电话取消；空出的名额由候补名单上人数放得下的报名按先后递补。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    body: CancelBody,
    success: { status: 200, description: '已取消', schema: Type.Object({ receiptNo: Type.String(), promoted: Type.Integer({ description: '因此递补的候补报名数' }) }) },
    errors: [400, 404, 409, 429],
  },
  createOpenDay: {
    method: 'POST',
    url: '/open-days',
    summary: '新建政府开放日（草稿）',
    description: '在令牌用户有权的单位下新建草稿，经审核公开后才接受报名。',
    tag: STAFF_TAG,
    access: 'staff',
    body: CreateBody,
    success: { status: 201, description: '新建的草稿', schema: StaffState },
    errors: [400, 403],
  },
  updateOpenDay: {
    method: 'PATCH',
    url: '/open-days/:id',
    summary: '修改政府开放日',
    description: '只改给出的字段；公开后修改须重新审核（期间公众看到上次公开的版本，报名照常）。名额不能少于已报名成功的人数；增加名额时候补按先后递补。',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    body: UpdateBody,
    success: { status: 200, description: '修改后的状态', schema: StaffState },
    errors: [400, 403, 404, 409],
  },
  submitOpenDay: step('submit', '提交审核'),
  approveOpenDay: step('approve', '审核通过'),
  returnOpenDay: step('return', '退回修改'),
  publishOpenDay: step('publish', '公开'),
  cancelOpenDay: {
    method: 'POST',
    url: '/open-days/:id/cancel',
    summary: '取消活动',
    description: '须写明原因，公众和报名人在活动页面和回执页面看到。已举办的不能取消。',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    body: ReasonBody,
    success: { status: 200, description: '取消后的状态', schema: StaffState },
    errors: [400, 403, 404, 409],
  },
  listOpenDayRegistrations: {
    method: 'GET',
    url: '/open-days/:id/registrations',
    summary: '报名名单（签到表）',
    description: '报名成功的在前，然后是候补和已取消的。组织活动的角色（单位管理员、信息编辑）看到完整姓名和电话，其他角色看到打码的。',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    querystring: listQuery({}),
    success: { status: 200, description: '一页报名', schema: pageOf(StaffRegistration) },
    errors: [400, 403, 404],
  },
  checkInOpenDayRegistration: {
    method: 'POST',
    url: '/open-days/:id/registrations/:registrationId/check-in',
    summary: '登记到场',
    description: 'attended=false 撤销登记。只有报名成功的可以登记。',
    tag: STAFF_TAG,
    access: 'staff',
    params: Type.Object({ id: IdParams.properties.id, registrationId: Id('报名编号', '报名编号应为正整数') }, { additionalProperties: false }),
    body: Type.Object({ attended: Type.Optional(Type.Boolean({ description: '默认 true' })) }, { additionalProperties: false }),
    success: { status: 200, description: '登记结果', schema: Type.Object({ id: Type.Integer(), attended: Type.Boolean() }) },
    errors: [400, 403, 404, 409],
  },
  saveOpenDaySummary: {
    method: 'POST',
    url: '/open-days/:id/summary',
    summary: '填写活动总结',
    description: '活动举办后填写总结和问答（照片在后台页面上传）；保存后须重新审核公开。',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    body: SummaryBody,
    success: { status: 200, description: '保存后的状态', schema: StaffState },
    errors: [400, 403, 404, 409],
  },
});

const idOf = (req: { params: unknown }) => (req.params as { id: number }).id;
const stateOf = (r: OpenDayRow) => ({ id: r.id, status: r.status, version: r.version, cancelled: !!r.cancelled_at });
const summaryOf = (d: PublicOpenDay) => ({
  id: d.id,
  theme: d.theme,
  unit: d.unitName,
  date: d.date,
  startTime: d.startTime,
  endTime: d.endTime,
  place: d.place,
  maxPeople: d.maxPeople,
  registrationOpens: d.registrationOpens,
  registrationCloses: d.registrationCloses,
  state: d.state,
  seats: d.seats,
  cancelReason: d.cancelReason,
  hasSummary: d.hasSummary,
  url: d.url,
});

export async function registerOpenDaysApi(api: FastifyInstance): Promise<void> {
  const db = api.db;
  /** The open day behind a staff operation; outside the token user's scope it does not exist for them. */
  const scoped = async (req: { params: unknown; actor?: Actor | null }) => {
    const d = await loadOpenDay(db, idOf(req));
    if (!can(req.actor!, 'open-day.read', d.unit_id)) throw new AppError('NOT_FOUND', '没有这个政府开放日。');
    return d;
  };
  apiRoute(api, OPERATIONS.listOpenDays, async (req) => {
    const q = req.query as { which?: 'upcoming' | 'past'; page?: number; pageSize?: number };
    return paged(q, (p) => publicList(db, q.which ?? 'upcoming', p.page, p.pageSize), summaryOf);
  });
  apiRoute(api, OPERATIONS.getOpenDay, async (req) => {
    const d = await publicDetail(db, idOf(req));
    return { ...summaryOf(d), agenda: d.agenda, notes: d.notes, summary: d.summary, qa: d.qa, photos: d.photos.map(({ alt, url }) => ({ alt, url })) };
  });
  apiRoute(
    api,
    OPERATIONS.registerForOpenDay,
    async (req, reply) => {
      const d = await publicDetail(db, idOf(req));
      const r = unwrap(await register(db, d.id, req.body as Record<string, unknown>));
      const message = r.duplicate
        ? '这个电话已经报名过本次活动，返回原来的报名，没有重复登记。'
        : r.status === 'confirmed'
          ? '报名成功，请按时参加。'
          : `名额已满，您已进入候补名单（第 ${r.position} 位）；有人取消报名时按先后递补。`;
      return reply.code(201).send({ ...r, message });
    },
    { rateLimit: { max: REGISTER_RATE_LIMIT, timeWindow: '1 minute' } },
  );
  apiRoute(
    api,
    OPERATIONS.cancelOpenDayRegistration,
    async (req) => {
      const d = await publicDetail(db, idOf(req));
      return unwrap(await cancelRegistration(db, d.id, req.body as Record<string, unknown>));
    },
    { rateLimit: { max: REGISTER_RATE_LIMIT, timeWindow: '1 minute' } },
  );
  apiRoute(api, OPERATIONS.createOpenDay, async (req, reply) => reply.code(201).send(stateOf(unwrap(await saveOpenDay(db, req.actor!, req.body as OpenDayInput)))));
  apiRoute(api, OPERATIONS.updateOpenDay, async (req) => {
    const d = await scoped(req);
    const { expectedVersion, ...input } = req.body as OpenDayInput & { expectedVersion?: number };
    return stateOf(unwrap(await saveOpenDay(db, req.actor!, input, { id: d.id, expectedVersion })));
  });
  for (const s of ['submit', 'approve', 'return', 'publish'] as const) {
    apiRoute(api, OPERATIONS[`${s}OpenDay`], async (req) => {
      const d = await scoped(req);
      return stateOf(unwrap(await stepOpenDay(db, req.actor!, d.id, s, (req.body as { reason?: string } | undefined)?.reason)));
    });
  }
  apiRoute(api, OPERATIONS.cancelOpenDay, async (req) => {
    const d = await scoped(req);
    return stateOf(unwrap(await cancelOpenDay(db, req.actor!, d.id, (req.body as { reason: string }).reason)));
  });
  apiRoute(api, OPERATIONS.listOpenDayRegistrations, async (req) => {
    const d = await scoped(req);
    const full = can(req.actor!, 'open-day.checkin', d.unit_id);
    // Reading registrants' names and phones is logged.
    if (full) await auditRead(db, req.actor!, { action: 'open-day.registrations-read', entity: 'open_day', entityId: d.id, unitId: d.unit_id });
    const rows = await registrationsOf(db, d.id);
    return paged(
      req.query as { page?: number; pageSize?: number },
      async (p) => ({ items: rows.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), total: rows.length }),
      (r) => ({ id: r.id, receiptNo: r.receipt_no, name: full ? r.name : maskName(r.name), phone: full ? formatPhone(r.phone) : maskPhone(r.phone), people: r.people, status: r.status, promoted: !!r.promoted_at, attended: !!r.attended_at, createdAt: r.created_at }),
    );
  });
  apiRoute(api, OPERATIONS.checkInOpenDayRegistration, async (req) => {
    const d = await scoped(req);
    const rid = (req.params as { registrationId: number }).registrationId;
    return unwrap(await markAttended(db, req.actor!, d.id, rid, (req.body as { attended?: boolean } | undefined)?.attended !== false));
  });
  apiRoute(api, OPERATIONS.saveOpenDaySummary, async (req) => {
    const d = await scoped(req);
    const { expectedVersion, ...input } = req.body as { summary: string; qa: unknown; expectedVersion?: number };
    return stateOf(unwrap(await saveOpenDay(db, req.actor!, input, { id: d.id, expectedVersion })));
  });
}

export { seatsOf, openDayUrl };
