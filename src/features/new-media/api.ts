// /api/v1/new-media: the public list of the district's accounts and, with a token, registering an account
// (one active account per platform per unit unless an exception is given), recording updates and review steps.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { apiRoute, component, DateString, defineOperations, EmptyBody, Enum, Id, idParams, listQuery, Nullable, paged, pageOf, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { AppError, unwrap } from '../../platform/errors.ts';
import { can } from '../../platform/access/roles.ts';
import { transition } from '../registers/public.ts';
import { recordUpdate, saveAccount } from './commands.ts';
import { ACCOUNTS } from './register.ts';
import { accountUnit, pagePublicAccounts } from './repository.ts';
import { FILING_STATUSES, PLATFORMS, STALE_DAYS } from './rules.ts';

const STAFF_TAG: ApiTag = { name: '政务新媒体管理', description: '工作人员接口，需要 API 令牌' };
const IdParams = idParams('账号编号');

const NewMediaAccount = component(
  'NewMediaAccount',
  Type.Object({
    id: Type.Integer(),
    platform: Type.String({ description: `平台：${PLATFORMS.join('、')}` }),
    name: Type.String({ description: '账号名称' }),
    accountId: Type.String({ description: '账号（微信号、微博 UID 等）' }),
    unitId: Type.Integer(),
    unit: Type.String({ description: '开设单位' }),
    verification: Type.String({ description: '认证情况' }),
    openedOn: Type.String({ description: '开设日期' }),
    closedOn: Nullable(Type.String({ description: '关停日期' })),
    filingStatus: Type.String({ description: '备案状态' }),
    interaction: Type.String({ description: '互动渠道' }),
    lastUpdateOn: Nullable(Type.String({ description: '最近一次更新的日期' })),
    daysSinceUpdate: Type.Integer({ description: '距最近一次更新（从未更新时距开设）的天数' }),
    stale: Type.Boolean({ description: `在用账号超过 ${STALE_DAYS} 天未更新（按今天计算）` }),
  }),
);

const NewNewMediaAccount = component(
  'NewNewMediaAccount',
  Type.Object(
    {
      platform: Enum(PLATFORMS, { description: '平台' }),
      name: Type.String({ maxLength: 100, description: '账号名称' }),
      accountId: Type.String({ maxLength: 100, description: '账号' }),
      unitId: Id('开设单位编号'),
      responsiblePerson: Type.String({ maxLength: 50, description: '责任人（不公开）' }),
      verification: Type.Optional(Type.String({ maxLength: 200, description: '认证情况，默认“未认证”' })),
      openedOn: DateString('开设日期'),
      closedOn: Type.Optional(Nullable(DateString('关停日期'))),
      filingStatus: Type.Optional(Enum(FILING_STATUSES, { description: '备案状态，默认“未备案”' })),
      interaction: Type.Optional(Type.String({ maxLength: 200, description: '互动渠道' })),
      exceptionReason: Type.Optional(Type.String({ maxLength: 500, description: '本单位在该平台已有在用账号时另开的理由（随账号审核）；不填时第二个在用账号被拒绝' })),
    },
    { additionalProperties: false },
  ),
);
const StaffState = Type.Object({ id: Type.Integer(), status: Enum(['draft', 'submitted', 'returned', 'approved', 'published', 'retired'] as const), version: Type.Integer() });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, errorMessage: '请填写原因' }) }, { additionalProperties: false });
const step = (name: 'submit' | 'approve' | 'return' | 'publish', summary: string) => ({
  method: 'POST' as const,
  url: `/new-media/:id/${name}`,
  summary,
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: IdParams,
  body: name === 'return' ? ReasonBody : EmptyBody,
  success: { status: 200 as const, description: '办理后的状态', schema: StaffState },
  errors: [400, 403, 404, 409],
});

export const OPERATIONS = defineOperations({
  listNewMedia: {
    method: 'GET',
    url: '/new-media',
    summary: '政务新媒体账号',
    description: '已公开的账号，按单位和平台排序；含最近更新日期和是否超过 14 天未更新。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ platform: Type.Optional(Enum(PLATFORMS, { description: '平台' })), unitId: Type.Optional(Id('单位编号')) }),
    success: { status: 200, description: '一页账号', schema: pageOf(NewMediaAccount) },
    errors: [400],
  },
  createNewMedia: {
    method: 'POST',
    url: '/new-media',
    summary: '登记政务新媒体账号（草稿）',
    description: '同一单位在同一平台只能有一个在用账号：已有时返回 400（fields.platform 说明已有的账号），除非给出 exceptionReason。公开前须经审核（审核人不能是登记或修改它的人）。',
    tag: STAFF_TAG,
    access: 'staff',
    body: NewNewMediaAccount,
    success: { status: 201, description: '登记的草稿', schema: StaffState },
    errors: [400, 403],
  },
  recordNewMediaUpdate: {
    method: 'POST',
    url: '/new-media/:id/updates',
    summary: '登记账号更新',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    body: Type.Object({ on: DateString('更新日期'), what: Type.String({ minLength: 1, maxLength: 500, description: '更新内容' }) }, { additionalProperties: false }),
    success: { status: 201, description: '登记的更新', schema: Type.Object({ id: Type.Integer() }) },
    errors: [400, 403, 404, 409],
  },
  submitNewMedia: step('submit', '提交审核'),
  approveNewMedia: step('approve', '审核通过'),
  returnNewMedia: step('return', '退回修改'),
  publishNewMedia: step('publish', '公开'),
});

const state = (r: { id: number; status: string; version: number }) => ({ id: r.id, status: r.status, version: r.version });

export async function registerNewMediaRoutes(api: FastifyInstance): Promise<void> {
  const { db } = api;
  apiRoute(api, OPERATIONS.listNewMedia, async (req) => {
    const q = req.query as { platform?: string; unitId?: number; page?: number; pageSize?: number };
    return paged(q, (p) => pagePublicAccounts(db, { platform: q.platform, unitId: q.unitId, ...p }));
  });
  apiRoute(api, OPERATIONS.createNewMedia, async (req, reply) => {
    const b = req.body as Record<string, unknown> & { unitId: number };
    return reply.code(201).send(state(unwrap(await saveAccount(db, req.actor!, { unitId: b.unitId, fields: b }))));
  });
  const scoped = async (id: number, actor: Parameters<typeof can>[0]) => {
    const row = await accountUnit(db, id);
    if (!row || !can(actor, 'newmedia.read', row.unit_id)) throw new AppError('NOT_FOUND', '账号不存在。');
  };
  apiRoute(api, OPERATIONS.recordNewMediaUpdate, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    await scoped(id, req.actor!);
    return reply.code(201).send(unwrap(await recordUpdate(db, req.actor!, id, req.body as Record<string, unknown>)));
  });
  for (const s of ['submit', 'approve', 'return', 'publish'] as const) {
    apiRoute(api, OPERATIONS[`${s}NewMedia`], async (req) => {
      const id = (req.params as { id: number }).id;
      await scoped(id, req.actor!);
      return state(unwrap(await transition(db, ACCOUNTS, req.actor!, id, s, { reason: (req.body as { reason?: string } | undefined)?.reason })));
    });
  }
}
