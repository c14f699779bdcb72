// /api/v1/emergencies: the published emergency topics and one topic with its 应急预案 (法定公开) and its
// published updates, newest first.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { apiRoute, component, defineOperations, idParams, listQuery, Nullable, paged, pageOf, pageOfList, PUBLIC_TAG } from '../../platform/http/index.ts';
import { publicTopic, publicTopics, type PublicTopic } from './repository.ts';
import { CATEGORIES } from './rules.ts';

const Topic = component(
  'EmergencyTopic',
  Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    category: Type.String({ description: `事件类别：${CATEGORIES.join('、')}` }),
    summary: Type.String(),
    startedOn: Type.String(),
    endedOn: Nullable(Type.String()),
    unit: Type.String({ description: '发布单位' }),
    updates: Type.Integer({ description: '已发布的动态条数' }),
    lastUpdateAt: Nullable(Type.String({ description: '最新动态的信息时间（ISO 8601）' })),
    url: Type.String(),
  }),
);
const Update = component(
  'EmergencyUpdate',
  Type.Object({ id: Type.Integer(), title: Type.String(), body: Type.String(), occurredAt: Type.String({ description: '信息时间（ISO 8601）' }), publishedAt: Type.String() }),
);

export const OPERATIONS = defineOperations({
  listEmergencies: {
    method: 'GET',
    url: '/emergencies',
    summary: '应急信息发布',
    description: '已发布的应急专题（突发事件、疫情），最新动态在前。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({}),
    success: { status: 200, description: '一页专题', schema: pageOf(Topic) },
    errors: [400],
  },
  getEmergency: {
    method: 'GET',
    url: '/emergencies/:id',
    summary: '应急专题详情',
    description: '专题、关联的应急预案（法定公开，只列公开的文件）和已发布的动态（最新的在前）。未发布的返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: idParams('专题编号'),
    success: {
      status: 200,
      description: '专题',
      schema: Type.Composite([Topic, Type.Object({ plans: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), docNo: Nullable(Type.String()), url: Type.String(), legal: Type.Literal('法定公开') })), items: Type.Array(Update) })]),
    },
    errors: [400, 404],
  },
});

const toTopic = (t: PublicTopic) => ({ id: t.id, title: t.title, category: t.category, summary: t.summary, startedOn: t.startedOn, endedOn: t.endedOn, unit: t.unit, updates: t.updates, lastUpdateAt: t.lastUpdateAt, url: `/yjxx/${t.id}` });

export async function registerEmergencyRoutes(api: FastifyInstance): Promise<void> {
  const { db } = api;
  apiRoute(api, OPERATIONS.listEmergencies, async (req) => {
    const q = req.query as { page?: number; pageSize?: number };
    const all = await publicTopics(db);
    return paged(q, async (p) => pageOfList(all, p), toTopic);
  });
  apiRoute(api, OPERATIONS.getEmergency, async (req) => {
    const { id } = req.params as { id: number };
    const t = await publicTopic(db, id);
    if (!t) throw new AppError('NOT_FOUND', '应急专题不存在或未发布。');
    return {
      ...toTopic(t),
      plans: t.plans.map((d) => ({ id: d.id, title: d.title, docNo: d.docNo, url: d.url, legal: '法定公开' as const })),
      items: t.items.map((u) => ({ id: u.id, title: u.title, body: u.body, occurredAt: u.occurred_at, publishedAt: u.published_at! })),
    };
  });
}
