// GET /api/v1/concerns: the public responses to public concerns, by area, like the document list.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { apiRoute, component, defineOperations, Enum, listQuery, Nullable, pageOf, paged, PUBLIC_TAG } from '../../platform/http/index.ts';
import { pagePublicConcerns } from './repository.ts';
import { AREAS } from './rules.ts';

const Concern = component(
  'Concern',
  Type.Object({
    id: Type.Integer(),
    topic: Type.String(),
    area: Type.String({ description: `领域：${AREAS.join('、')}` }),
    source: Type.String(),
    unit: Type.String({ description: '责任单位' }),
    firstSeenAt: Type.String({ description: '首次发现时间（ISO 8601）' }),
    respondedAt: Type.String(),
    responseHours: Type.Integer({ description: '回应用时（小时）' }),
    statement: Nullable(Type.String()),
    document: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String() }, { description: '作为回应的公开文件或解读' })),
  }),
);

export const OPERATIONS = defineOperations({
  listConcerns: {
    method: 'GET',
    url: '/concerns',
    summary: '回应关切',
    description: '已回应的社会关切，按回应时间倒序；回应文件只在其公开时列出。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ area: Type.Optional(Enum(AREAS as unknown as string[], { description: '领域' })) }),
    success: { status: 200, description: '一页回应', schema: pageOf(Concern) },
    errors: [400],
  },
});

export async function registerConcernRoutes(api: FastifyInstance): Promise<void> {
  apiRoute(api, OPERATIONS.listConcerns, async (req) => {
    const q = req.query as { area?: string; page?: number; pageSize?: number };
    return paged(q, (p) => pagePublicConcerns(api.db, { area: q.area, ...p }));
  });
}
