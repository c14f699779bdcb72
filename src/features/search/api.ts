// GET /api/v1/search: full-text search of public documents as JSON (schemas in search.schemas.ts),
// registered in the platform's API scope from the manifest.
import type { FastifyInstance } from 'fastify';
import { clockNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { isIsoDate } from '../../platform/views/format.ts';
import { apiRoute, component, defineOperations, PUBLIC_TAG } from '../../platform/http/index.ts';
import { searchFor, clampParams, type SearchParams } from './engine.ts';
import { recordSearch } from './record.ts';
import { unitIdOf } from './index.ts';
import { SearchHit, SearchQuery, SearchResponse } from './search.schemas.ts';

component('SearchHit', SearchHit);
component('SearchResult', SearchResponse);

export const OPERATIONS = defineOperations({
  search: {
    method: 'GET',
    url: '/search',
    summary: '全文检索',
    description:
      '检索已发布、主动公开且已到公开时间的文件（标题、文号、索引号、发布机构、正文和附件文字），中文分词。' +
      '返回总数、一页结果（标题和摘要以 <mark> 标出命中词，其余内容均已转义）和分面计数（单位、主题、体裁、年份、有效性、文件类型）。' +
      '支持跨域（Access-Control-Allow-Origin: *）。参数有误返回 400。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: SearchQuery,
    success: { status: 200, description: '检索结果', schema: SearchResponse, serialize: true },
    errors: [400],
  },
});

export async function registerSearchApi(api: FastifyInstance): Promise<void> {
  const engine = searchFor(api.db);
  apiRoute(api, OPERATIONS.search, async (req) => {
    const q = req.query as Record<string, any>;
    const unit = await unitIdOf(api, q.unit);
    if (unit === null) throw new AppError('VALIDATION', undefined, { 'querystring.unit': '发布单位不存在' });
    for (const k of ['from', 'to'] as const) {
      if (q[k] && !isIsoDate(String(q[k]))) throw new AppError('VALIDATION', undefined, { [`querystring.${k}`]: `${q[k]} 不是有效的日期，请写成 YYYY-MM-DD，如 2023-02-28` });
    }
    if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION', undefined, { 'querystring.to': '结束日期不能早于开始日期' });
    const params: SearchParams = {
      q: typeof q.q === 'string' ? q.q : '',
      unit: unit ?? undefined,
      topic: q.topic,
      genre: q.genre,
      kind: q.kind,
      validity: q.validity,
      year: q.year,
      from: q.from,
      to: q.to,
      titleOnly: q.titleOnly === '1' || q.titleOnly === 'true',
      sort: q.sort,
      page: q.page,
      pageSize: q.pageSize,
    };
    const r = await engine.search(api.db, params);
    if (params.q.trim() && (q.page ?? 1) === 1) recordSearch(api.db, r.query.text, r.total, clockNow(), req.ip);
    const p = clampParams(params);
    return {
      total: r.total,
      page: p.page,
      pageSize: p.pageSize,
      items: r.items,
      facets: r.facets,
      ...(r.didYouMean ? { didYouMean: r.didYouMean } : {}),
      ...(r.related?.length ? { related: r.related } : {}),
    };
  });
}
