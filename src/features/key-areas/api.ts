// /api/v1/key-areas: the published records of the key areas (list with area/year/town/category filters, like the
// document list), the 施教区 lookup, and the staff create (a draft; review as on the console).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { unwrap } from '../../platform/errors.ts';
import { apiRoute, component, defineOperations, Enum, Id, listQuery, Nullable, paged, pageOf, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { saveKeyAreaRecord } from './commands.ts';
import { lookupSchools, pagePublicRecords } from './repository.ts';
import { AREAS, MAX_SCHOOLS } from './templates.ts';
import './actions.ts';

const STAFF_TAG: ApiTag = { name: '重点领域信息填报', description: '工作人员接口，需要 API 令牌' };
const AREA_KEYS = AREAS.map((a) => a.key);
const AREA_DOC = AREAS.map((a) => `${a.key} ${a.label}（${a.categories.join('、')}）`).join('；');

const KeyAreaRecord = component(
  'KeyAreaRecord',
  Type.Object({
    id: Type.Integer(),
    area: Type.String({ description: '领域代码' }),
    areaLabel: Type.String(),
    category: Type.String({ description: '公开类别' }),
    year: Type.Integer(),
    town: Nullable(Type.String({ description: '所在街道或镇；null 为全区' })),
    unit: Type.String({ description: '负责单位' }),
    title: Type.String(),
    summary: Type.String(),
    publishedAt: Type.String(),
    url: Type.String(),
    document: Nullable(Type.Object({ id: Type.Integer(), url: Type.String() }, { description: '本条信息在公开目录中的文件（公开时）' })),
  }),
);

const NewKeyAreaRecord = component(
  'NewKeyAreaRecord',
  Type.Object(
    {
      area: Enum(AREA_KEYS, { description: AREA_DOC }),
      category: Type.String({ maxLength: 40, description: '该领域的公开类别之一' }),
      year: Type.Integer({ minimum: 2000, maximum: 3000 }),
      townId: Type.Optional(Nullable(Id('所在街道或镇的单位编号'))),
      unitId: Type.Optional(Id('负责单位编号；省略为令牌用户的单位')),
      title: Type.String({ maxLength: 1000 }),
      summary: Type.Optional(Type.String({ maxLength: 5000 })),
      details: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 10_000 }), { description: '模板字段，如 重大建设项目的 project、projectCode、owner、location、investment、date、content' })),
      schools: Type.Optional(
        Type.Array(
          Type.Object(
            {
              name: Type.String({ maxLength: 200 }),
              stage: Type.Optional(Type.String({ maxLength: 20 })),
              address: Type.Optional(Type.String({ maxLength: 200 })),
              phone: Type.Optional(Type.String({ maxLength: 40 })),
              roads: Type.Array(Type.String({ maxLength: 200 }), { description: '施教区道路，每项一段：“幸福中路 单号 1-199号”“古楚路 全部”' }),
              communities: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { description: '施教区社区、村、小区' })),
            },
            { additionalProperties: false },
          ),
          { maxItems: MAX_SCHOOLS, description: '招生范围（义务教育）的学校和施教区' },
        ),
      ),
      reason: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
);

const SchoolMatch = component(
  'SchoolMatch',
  Type.Object({
    school: Type.String(),
    rule: Type.String({ description: '匹配的施教区规则，如“幸福中路 单号 1–199号”或“社区/村：张庄村”' }),
    certain: Type.Boolean({ description: 'false：道路分属多校而地址没有门牌号，须补门牌号' }),
    stage: Type.String(),
    address: Type.String(),
    phone: Type.String(),
    year: Type.Integer(),
    url: Type.String({ description: '招生范围全文' }),
  }),
);

export const OPERATIONS = defineOperations({
  listKeyAreaRecords: {
    method: 'GET',
    url: '/key-areas',
    summary: '重点领域信息',
    description: '已公开的重点领域信息（重大建设项目、公共资源配置、义务教育、医疗卫生、征地征收、安全生产），年度新的在前。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({
      area: Type.Optional(Enum(AREA_KEYS, { description: AREA_DOC })),
      category: Type.Optional(Type.String({ maxLength: 40, description: '公开类别' })),
      year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 3000 })),
      town: Type.Optional(Id('街道或镇的单位编号')),
    }),
    success: { status: 200, description: '一页信息', schema: pageOf(KeyAreaRecord) },
    errors: [400],
  },
  lookupSchools: {
    method: 'GET',
    url: '/key-areas/schools',
    summary: '义务教育施教区查询',
    description: '按住址、小区、社区或村查询施教区覆盖它的学校（已公开的招生范围；默认最新年度）。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 100, description: '住址、小区、社区或村' }), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 3000 })) }, { additionalProperties: false }),
    success: {
      status: 200,
      description: '匹配的学校',
      schema: Type.Object({ year: Nullable(Type.Integer()), items: Type.Array(SchoolMatch), needsNumber: Type.Array(Type.String(), { description: '分属多校、须补门牌号的道路' }) }),
    },
    errors: [400],
  },
  createKeyAreaRecord: {
    method: 'POST',
    url: '/key-areas',
    summary: '新建重点领域信息（草稿）',
    description: '在令牌用户有权的单位下新建草稿；公开前须经审核（提交 → 审核通过 → 公开，审核人不能是填报或修改人）。字段错误逐项返回。',
    tag: STAFF_TAG,
    access: 'staff',
    body: NewKeyAreaRecord,
    success: { status: 201, description: '新建的草稿', schema: Type.Object({ id: Type.Integer(), status: Type.String(), version: Type.Integer() }) },
    errors: [400, 403],
  },
});

export async function registerKeyAreasApi(api: FastifyInstance): Promise<void> {
  const { db } = api;
  apiRoute(api, OPERATIONS.listKeyAreaRecords, async (req) => {
    const q = req.query as { area?: string; category?: string; year?: number; town?: number; page?: number; pageSize?: number };
    return paged(q, (p) => pagePublicRecords(db, { area: q.area, category: q.category, year: q.year, townId: q.town, ...p }));
  });
  apiRoute(api, OPERATIONS.lookupSchools, async (req) => {
    const q = req.query as { q: string; year?: number };
    const r = await lookupSchools(db, q.q, q.year);
    return {
      year: r.year,
      needsNumber: r.needsNumber,
      items: r.hits.map((h) => ({ school: h.school, rule: h.rule, certain: h.certain, stage: h.info?.stage ?? '', address: h.info?.address ?? '', phone: h.info?.phone ?? '', year: h.year, url: h.recordUrl })),
    };
  });
  apiRoute(api, OPERATIONS.createKeyAreaRecord, async (req, reply) => {
    const row = unwrap(await saveKeyAreaRecord(db, req.actor!, req.body as Record<string, unknown>));
    return reply.code(201).send({ id: row.id, status: row.status, version: row.version });
  });
}
