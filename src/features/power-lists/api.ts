// /api/v1/power-items: the public current 权责清单 (list, one item with its history) and, with a token, creating
// and updating items (each update a new version with reason and date) and the review steps.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { apiRoute, component, DateString, defineOperations, EmptyBody, Enum, Id, idParams, listQuery, Nullable, paged, pageOf, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { AppError, unwrap } from '../../platform/errors.ts';
import { can } from '../../platform/access/roles.ts';
import { transition } from '../registers/public.ts';
import { saveItem } from './commands.ts';
import { POWER_ITEMS } from './register.ts';
import { itemUnit, pagePublicItems, publicItem } from './repository.ts';
import { LEVELS, POWER_TYPES } from './rules.ts';

const STAFF_TAG: ApiTag = { name: '权责清单维护', description: '工作人员接口，需要 API 令牌' };
const IdParams = idParams('事项编号');

const Summary = {
  id: Type.Integer(),
  code: Type.String({ description: '事项编码' }),
  name: Type.String(),
  powerType: Type.String({ description: `权力类型：${POWER_TYPES.join('、')}` }),
  unitId: Type.Integer({ description: '实施主体（单位编号）' }),
  unit: Type.String({ description: '实施主体名称' }),
  level: Type.String({ description: '行使层级' }),
  statutoryDays: Nullable(Type.Integer({ description: '法定办结时限（工作日）' })),
  promisedDays: Nullable(Type.Integer({ description: '承诺办结时限（工作日）' })),
  url: Type.String(),
};
const PowerItemSummary = component('PowerItemSummary', Type.Object(Summary));
const Change = Type.Object({ field: Type.String(), label: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
const PowerItem = component(
  'PowerItem',
  Type.Object({
    ...Summary,
    subItems: Type.Array(Type.String()),
    basis: Type.Array(Type.Object({ law: Type.String(), article: Type.String(), url: Nullable(Type.String({ description: '本站公开的该法律法规文件' })) })),
    duties: Type.String({ description: '责任事项' }),
    accountability: Type.String({ description: '追责情形' }),
    fee: Type.String({ description: '收费依据及标准' }),
    publishedAt: Type.String(),
    version: Type.Integer(),
    documents: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), docNo: Nullable(Type.String()), publishedAt: Nullable(Type.String()), url: Type.String(), role: Type.String() })),
    history: Type.Array(
      Type.Object({ version: Type.Integer(), at: Type.String(), action: Type.String({ description: 'publish 公开（含变更），retire 停用' }), status: Type.String(), actorName: Type.String(), reason: Nullable(Type.String()), effectiveOn: Nullable(Type.String()), changes: Type.Array(Change) }),
      { description: '公开的变更记录，新的在前；每次公开与上一次公开相比逐字段的变化' },
    ),
  }),
);

const fieldsSchema = {
  code: Type.String({ maxLength: 40, description: '事项编码（唯一）' }),
  name: Type.String({ maxLength: 200 }),
  powerType: Enum(POWER_TYPES, { description: '权力类型' }),
  subItems: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50, description: '子项' })),
  basis: Type.Array(Type.String({ maxLength: 500 }), { minItems: 1, maxItems: 20, description: '设定依据，每条如“《中华人民共和国食品安全法》第三十五条”；本站公开的同名法律法规文件自动关联' }),
  unitId: Id('实施主体（单位编号）'),
  level: Enum(LEVELS, { description: '行使层级' }),
  duties: Type.String({ maxLength: 5000, description: '责任事项' }),
  accountability: Type.String({ maxLength: 5000, description: '追责情形' }),
  fee: Type.Optional(Type.String({ maxLength: 500, description: '收费依据及标准，默认“不收费”' })),
  statutoryDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: '法定办结时限（工作日）' }))),
  promisedDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: '承诺办结时限（工作日），不长于法定时限' }))),
  reason: Type.Optional(Type.String({ maxLength: 500, description: '变更原因，如法律的修订' })),
  effectiveOn: Type.Optional(DateString('变更的生效日期')),
};
const NewPowerItem = component('NewPowerItem', Type.Object(fieldsSchema, { additionalProperties: false }));
const PowerItemUpdate = component('PowerItemUpdate', Type.Object({ ...fieldsSchema, expectedVersion: Type.Integer({ minimum: 1, description: '修改所依据的版本号；其间已有他人修改时返回 409' }) }, { additionalProperties: false }));
const StaffState = Type.Object({ id: Type.Integer(), status: Enum(['draft', 'submitted', 'returned', 'approved', 'published', 'retired'] as const), version: Type.Integer() });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, errorMessage: '请填写原因' }) }, { additionalProperties: false });

const step = (name: 'submit' | 'approve' | 'return' | 'publish' | 'retire', summary: string) => ({
  method: 'POST' as const,
  url: `/power-items/:id/${name}`,
  summary,
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: IdParams,
  body: name === 'return' || name === 'retire' ? ReasonBody : EmptyBody,
  success: { status: 200 as const, description: '办理后的状态', schema: StaffState },
  errors: [400, 403, 404, 409],
});

export const OPERATIONS = defineOperations({
  listPowerItems: {
    method: 'GET',
    url: '/power-items',
    summary: '权责清单（现行）',
    description: '已公开的现行事项，按事项编码排序；可按权力类型、实施主体和关键词（名称、编码、子项）筛选。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ type: Type.Optional(Enum(POWER_TYPES, { description: '权力类型' })), unitId: Type.Optional(Id('实施主体（单位编号）')), q: Type.Optional(Type.String({ maxLength: 50, description: '关键词' })) }),
    success: { status: 200, description: '一页事项', schema: pageOf(PowerItemSummary) },
    errors: [400],
  },
  getPowerItem: {
    method: 'GET',
    url: '/power-items/:id',
    summary: '权责清单事项',
    description: '一项已公开事项的全部内容、关联的公开文件和公开的变更记录。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: IdParams,
    success: { status: 200, description: '事项', schema: PowerItem },
    errors: [400, 404],
  },
  createPowerItem: {
    method: 'POST',
    url: '/power-items',
    summary: '新建权责清单事项（草稿）',
    description: '在令牌用户有权的单位下新建草稿；公开前须经审核：submit → approve（审核人不能是创建、修改或提交它的人）→ publish。',
    tag: STAFF_TAG,
    access: 'staff',
    body: NewPowerItem,
    success: { status: 201, description: '新建的草稿', schema: StaffState },
    errors: [400, 403],
  },
  updatePowerItem: {
    method: 'PATCH',
    url: '/power-items/:id',
    summary: '修改权责清单事项',
    description: '保存为新版本（草稿），记录变更原因和生效日期；须重新审核、公开。没有变化时不产生新版本。',
    tag: STAFF_TAG,
    access: 'staff',
    params: IdParams,
    body: PowerItemUpdate,
    success: { status: 200, description: '修改后的状态', schema: StaffState },
    errors: [400, 403, 404, 409],
  },
  submitPowerItem: step('submit', '提交审核'),
  approvePowerItem: step('approve', '审核通过'),
  returnPowerItem: step('return', '退回修改'),
  publishPowerItem: step('publish', '公开'),
  retirePowerItem: step('retire', '停用（不再列入现行清单，历史保留）'),
});

const state = (r: { id: number; status: string; version: number }) => ({ id: r.id, status: r.status, version: r.version });

export async function registerPowerItemRoutes(api: FastifyInstance): Promise<void> {
  const { db } = api;
  apiRoute(api, OPERATIONS.listPowerItems, async (req) => {
    const q = req.query as { type?: string; unitId?: number; q?: string; page?: number; pageSize?: number };
    return paged(q, (p) => pagePublicItems(db, { type: q.type, unitId: q.unitId, q: q.q, ...p }));
  });
  apiRoute(api, OPERATIONS.getPowerItem, async (req) => {
    const item = await publicItem(db, (req.params as { id: number }).id);
    if (!item) throw new AppError('NOT_FOUND', '该事项不存在或未在现行清单中。');
    return item;
  });
  apiRoute(api, OPERATIONS.createPowerItem, async (req, reply) => {
    const b = req.body as Record<string, unknown> & { unitId: number; reason?: string; effectiveOn?: string };
    const r = unwrap(await saveItem(db, req.actor!, { unitId: b.unitId, fields: b, reason: b.reason, effectiveOn: b.effectiveOn }));
    return reply.code(201).send(state(r));
  });
  /** Outside the token user's scope an item does not exist for them. */
  const scoped = async (id: number, actor: Parameters<typeof can>[0]) => {
    const row = await itemUnit(db, id);
    if (!row || !can(actor, 'power.read', row.unit_id)) throw new AppError('NOT_FOUND', '事项不存在。');
    return row;
  };
  apiRoute(api, OPERATIONS.updatePowerItem, async (req) => {
    const id = (req.params as { id: number }).id;
    await scoped(id, req.actor!);
    const b = req.body as Record<string, unknown> & { unitId: number; expectedVersion: number; reason?: string; effectiveOn?: string };
    return state(unwrap(await saveItem(db, req.actor!, { id, expectedVersion: b.expectedVersion, unitId: b.unitId, fields: b, reason: b.reason, effectiveOn: b.effectiveOn })));
  });
  for (const s of ['submit', 'approve', 'return', 'publish', 'retire'] as const) {
    apiRoute(api, OPERATIONS[`${s}PowerItem`], async (req) => {
      const id = (req.params as { id: number }).id;
      await scoped(id, req.actor!);
      return state(unwrap(await transition(db, POWER_ITEMS, req.actor!, id, s, { reason: (req.body as { reason?: string } | undefined)?.reason })));
    });
  }
}
