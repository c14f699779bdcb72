// /api/v1/catalog: the published district catalog (per unit, area, year; { items, total, page, pageSize }) with
// each item's compliance and public documents; staff with a token add an item to a unit's catalog, delete a draft
// never published, submit a unit's catalog, and (the 政府办) accept or return it and publish the district's.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, unwrap } from '../../platform/errors.ts';
import { apiRoute, component, defineOperations, EmptyBody, Enum, idParams, listQuery, Nullable, pageOf, pageParams, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { resolveUnitRef } from '../users/public.ts';
import { linkedDocumentsOf, REGISTER_STATUS_LABELS } from '../registers/public.ts';
import { AUDIENCES, CHANNELS, LEVELS, MODES } from './areas.ts';
import { deleteItem, publishCatalog, reviewCatalog, saveItem, submitCatalog, YEAR_MAX, YEAR_MIN } from './commands.ts';
import { channelsOf, LIMITS } from './items.ts';
import { CATALOG_REGISTER } from './register.ts';
import { areasOf, compliance, currentYear, listItems, powerItemsOf, unitIdAndName } from './repository.ts';

const STAFF_TAG: ApiTag = { name: '标准目录编制', description: '工作人员接口，需要 API 令牌' };
const STATES = ['ok', 'missing', 'late', 'manual', 'on-request'] as const;

const CatalogItem = component(
  'CatalogItem',
  Type.Object({
    id: Type.Integer(),
    year: Type.Integer({ description: '目录年度' }),
    unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
    area: Type.String({ description: '领域（26 个试点领域之一）' }),
    seq: Type.Integer({ description: '序号' }),
    level1: Type.String({ description: '一级事项' }),
    level2: Type.String({ description: '二级事项' }),
    content: Type.String({ description: '公开内容（要素）' }),
    basis: Type.String({ description: '公开依据' }),
    timeLimit: Type.String({ description: '公开时限（原文）' }),
    subject: Type.String({ description: '公开主体' }),
    channels: Type.Array(Type.String(), { description: '公开渠道和载体' }),
    audience: Enum(AUDIENCES, { description: '公开对象' }),
    mode: Enum(MODES, { description: '公开方式' }),
    level: Enum(LEVELS, { description: '公开层级' }),
    publishedAt: Nullable(Type.String()),
    compliance: Type.Object({
      state: Enum(STATES, { description: 'ok 按时公开；missing 未关联已公开的文件；late 有文件超过时限公开；manual 时限无法自动核对（人工核对）；on-request 依申请公开，不核对' }),
      timeLimit: Type.String({ description: '系统对公开时限的理解，如“20 个工作日内”“人工核对”' }),
      late: Type.Array(Type.Object({ documentId: Type.Integer(), startOn: Type.String({ description: '形成日期（无则成文日期）' }), dueOn: Type.String({ description: '应公开的最后一日' }), publishedOn: Nullable(Type.String()) })),
    }),
    documents: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), docNo: Nullable(Type.String()), publishedAt: Nullable(Type.String()), url: Type.String() }), { description: '履行该事项的已公开文件' }),
    powerItems: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String({ description: '事项编码' }), name: Type.String(), url: Type.String() }), { description: '关联的已公开权责清单事项' }),
  }),
);

const CatalogList = pageOf(CatalogItem);

const NewItem = component(
  'NewCatalogItem',
  Type.Object(
    {
      unit: Type.Union([Type.String({ maxLength: 100 }), Type.Integer()], { description: '编制单位：编号、代码或名称' }),
      year: Type.Integer({ minimum: YEAR_MIN, maximum: YEAR_MAX, description: '目录年度', errorMessage: `年度应为 ${YEAR_MIN}–${YEAR_MAX} 之间的年份` }),
      area: Type.String({ maxLength: 100, description: '领域名称，如 义务教育' }),
      seq: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999, description: '序号；省略时排在最后' })),
      level1: Type.String({ maxLength: 1000, description: `一级事项（1–${LIMITS.level} 字）` }),
      level2: Type.Optional(Type.String({ maxLength: 1000, description: '二级事项' })),
      content: Type.String({ maxLength: 10_000, description: '公开内容（要素）' }),
      basis: Type.String({ maxLength: 10_000, description: '公开依据' }),
      timeLimit: Type.String({ maxLength: 1000, description: '公开时限，如“信息形成或者变更之日起20个工作日内”' }),
      subject: Type.String({ maxLength: 1000, description: '公开主体' }),
      channels: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 20, description: `公开渠道和载体：${CHANNELS.join('、')}` }),
      audience: Type.String({ maxLength: 20, description: '全社会 或 特定群众' }),
      mode: Type.String({ maxLength: 20, description: '主动 或 依申请' }),
      level: Type.String({ maxLength: 20, description: '县级 或 乡级' }),
    },
    { additionalProperties: false },
  ),
);

const StepPath = Type.Object(
  {
    year: Type.Integer({ minimum: YEAR_MIN, maximum: YEAR_MAX, description: '目录年度', errorMessage: `年度应为 ${YEAR_MIN}–${YEAR_MAX} 之间的年份` }),
    unit: Type.String({ minLength: 1, maxLength: 100, description: '编制单位：编号、代码或名称' }),
  },
  { additionalProperties: false },
);
const YearPath = Type.Object({ year: StepPath.properties.year }, { additionalProperties: false });
const StepDone = Type.Object({ year: Type.Integer(), unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })), items: Type.Integer({ description: '办理的事项数' }) });
const catalogStep = (name: 'submit' | 'accept' | 'return', summary: string, description: string) => ({
  method: 'POST' as const,
  url: `/catalog/:year/units/:unit/${name}`,
  summary,
  description,
  tag: STAFF_TAG,
  access: 'staff' as const,
  params: StepPath,
  body: name === 'return' ? Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, description: '退回原因（单位据此修改）', errorMessage: '请写明退回的原因，单位将据此修改' }) }, { additionalProperties: false }) : EmptyBody,
  success: { status: 200 as const, description: '办理结果', schema: StepDone },
  errors: [400, 403, 404, 409],
});

export const OPERATIONS = defineOperations({
  submitCatalog: catalogStep('submit', '单位提交标准目录', '本单位（令牌用户有编制权的单位）该年度的草稿和退回的事项全部提交政府办审核。没有待提交的事项时 409。'),
  acceptCatalog: catalogStep('accept', '政府办通过单位的目录', '政府办审核人员通过一个单位已提交的全部事项（不能审核自己编制或提交的事项：403 SELF_REVIEW）。'),
  returnCatalog: catalogStep('return', '政府办退回单位的目录', '政府办审核人员退回一个单位已提交的全部事项，须写明原因。'),
  publishCatalog: {
    method: 'POST',
    url: '/catalog/:year/publish',
    summary: '公布全区标准目录',
    description: '政府办审核人员公布该年度全部审核通过的事项；公布后出现在 GET /catalog 和“标准目录”页面。',
    tag: STAFF_TAG,
    access: 'staff',
    params: YearPath,
    body: EmptyBody,
    success: { status: 200, description: '办理结果', schema: StepDone },
    errors: [400, 403, 409],
  },
  deleteCatalogItem: {
    method: 'POST',
    url: '/catalog/items/:id/delete',
    summary: '删除从未公布的目录事项',
    description: '删除草稿或已退回、从未公布的事项（连同其版本和关联，记入审计日志）。已提交、已公布或曾经公布的事项不能删除（409）。给出 version 时，其间已被修改则 409。',
    tag: STAFF_TAG,
    access: 'staff',
    params: idParams('目录事项编号'),
    body: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: '删除所依据的版本号' })) }, { additionalProperties: false }),
    success: { status: 200, description: '已删除的事项', schema: Type.Object({ id: Type.Integer(), deleted: Type.Literal(true) }) },
    errors: [400, 403, 404, 409],
  },

  listCatalog: {
    method: 'GET',
    url: '/catalog',
    summary: '政务公开事项标准目录',
    description: '已公布的标准目录事项（默认最近公布的年度），按单位、领域、序号排列；每项附履行该事项的已公开文件和按公开时限核对的结果。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({
      year: Type.Optional(Type.Integer({ minimum: YEAR_MIN, maximum: YEAR_MAX, description: '目录年度', errorMessage: `年度应为 ${YEAR_MIN}–${YEAR_MAX} 之间的年份` })),
      unit: Type.Optional(Type.String({ maxLength: 100, description: '只看一个单位：编号、代码或名称' })),
      area: Type.Optional(Type.String({ maxLength: 100, description: '只看一个领域（名称）' })),
    }),
    success: { status: 200, description: '一页目录事项', schema: CatalogList },
    errors: [400],
  },
  createCatalogItem: {
    method: 'POST',
    url: '/catalog',
    summary: '新增目录事项（草稿）',
    description: '在令牌用户有权的单位的目录中新增一项（草稿）。单位提交后由政府办审核、汇总公布。',
    tag: STAFF_TAG,
    access: 'staff',
    body: NewItem,
    success: { status: 201, description: '新增的事项', schema: Type.Object({ id: Type.Integer(), status: Type.String(), statusLabel: Type.String(), version: Type.Integer(), seq: Type.Integer() }) },
    errors: [400, 403],
  },
});

export async function registerCatalogApi(api: FastifyInstance): Promise<void> {
  const db = api.db;
  apiRoute(api, OPERATIONS.listCatalog, async (req) => {
    const q = req.query as { year?: number; unit?: string; area?: string; page?: number; pageSize?: number };
    const { page, pageSize } = pageParams(q);
    const year = q.year ?? (await currentYear(db, true));
    let unitId: number | undefined;
    if (q.unit) {
      const u = await resolveUnitRef(db, q.unit);
      if (u === null) throw new AppError('VALIDATION', undefined, { unit: '没有这个单位' });
      unitId = u;
    }
    let areaId: number | undefined;
    if (q.area) {
      const a = (await areasOf(db)).find((x) => x.name === q.area);
      if (!a) throw new AppError('VALIDATION', undefined, { area: `没有“${q.area}”这个领域` });
      areaId = a.id;
    }
    const { items, total } = await listItems(db, { year, unitId, areaId, publicOnly: true }, { page, pageSize });
    const comp = await compliance(db, { year, unitIds: unitId ? [unitId] : undefined, publicOnly: true });
    const docs = await linkedDocumentsOf(db, CATALOG_REGISTER, items.map((i) => i.id), { publicOnly: true });
    const powers = await powerItemsOf(db, items.map((i) => i.id), { publicOnly: true });
    return {
      items: items.map((i) => {
        const c = comp.byItem.get(i.id);
        return {
          id: i.id,
          year: i.year,
          unit: { id: i.unit_id, name: i.unitName },
          area: i.areaName,
          seq: i.seq,
          level1: i.level1,
          level2: i.level2,
          content: i.content,
          basis: i.basis,
          timeLimit: i.time_limit,
          subject: i.subject,
          channels: channelsOf(i),
          audience: i.audience,
          mode: i.mode,
          level: i.level,
          publishedAt: i.published_at,
          compliance: { state: c?.state ?? 'missing', timeLimit: c?.limit.label ?? '', late: c?.late ?? [] },
          documents: (docs.get(i.id) ?? []).map(({ role: _r, ...d }) => d),
          powerItems: powers.get(i.id) ?? [],
        };
      }),
      total,
      page,
      pageSize,
    };
  });
  apiRoute(api, OPERATIONS.createCatalogItem, async (req, reply) => {
    const r = unwrap(await saveItem(db, req.actor!, null, await withUnit(req.body as Record<string, unknown>)));
    return reply.code(201).send({ id: r.id, status: r.status, statusLabel: REGISTER_STATUS_LABELS[r.status as keyof typeof REGISTER_STATUS_LABELS] ?? r.status, version: r.version, seq: r.seq });
  });
  const unitOf = async (ref: string) => {
    const unitId = await resolveUnitRef(db, ref);
    if (unitId === null) throw new AppError('NOT_FOUND', `没有“${ref}”这个单位。`);
    return unitIdAndName(db, unitId);
  };
  const steps = { submitCatalog: 'submit', acceptCatalog: 'accept', returnCatalog: 'return' } as const;
  for (const [op, step] of Object.entries(steps) as [keyof typeof steps, (typeof steps)[keyof typeof steps]][]) {
    apiRoute(api, OPERATIONS[op], async (req) => {
      const p = req.params as { year: number; unit: string };
      const unit = await unitOf(p.unit);
      const r = unwrap(step === 'submit' ? await submitCatalog(db, req.actor!, unit.id, p.year) : await reviewCatalog(db, req.actor!, unit.id, p.year, step, (req.body as { reason?: string } | undefined)?.reason));
      return { year: p.year, unit, items: r.items };
    });
  }
  apiRoute(api, OPERATIONS.publishCatalog, async (req) => {
    const { year } = req.params as { year: number };
    return { year, unit: null, items: unwrap(await publishCatalog(db, req.actor!, year)).items };
  });
  apiRoute(api, OPERATIONS.deleteCatalogItem, async (req) => {
    const { id } = req.params as { id: number };
    const r = unwrap(await deleteItem(db, req.actor!, id, (req.body as { version?: number } | undefined)?.version));
    return { id: r.id, deleted: true as const };
  });
  const withUnit = async (b: Record<string, unknown>) => {
    const unitId = await resolveUnitRef(db, b.unit);
    if (unitId === null) throw new AppError('VALIDATION', undefined, { unit: '没有这个单位' });
    return { ...b, unit: unitId };
  };
}
