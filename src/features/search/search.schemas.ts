// TypeBox schemas of GET /api/v1/search (the operation is defined in api.ts).
import { Type } from '@sinclair/typebox';
import { DATE_MESSAGE, Enum } from '../../platform/http/index.ts';
import { VALIDITIES } from '../documents/public.ts';

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 10000, description: '检索词：多个词同时包含；"带引号的词组"按词组匹配；-词 排除；title:词 只查标题。可以是文号或索引号（括号写法不限）。超过 200 字的部分忽略。' })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '发布单位：单位编号或单位代码（如 zfb）' })),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '主题分类代码（如 zhzw.zwgk），含其下级分类' })),
    genre: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '体裁分类代码' })),
    kind: Type.Optional(Enum(['rule', 'normative', 'other'], { description: '文件类型：rule 规章、normative 行政规范性文件、other 其他文件' })),
    validity: Type.Optional(Enum(VALIDITIES, { description: '有效性' })),
    year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2100, description: '公开年份（北京时间）', errorMessage: '年份应为 1949 至 2100 之间的整数' })),
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '公开日期起（含），YYYY-MM-DD', errorMessage: DATE_MESSAGE })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '公开日期止（含），YYYY-MM-DD', errorMessage: DATE_MESSAGE })),
    titleOnly: Type.Optional(Enum(['0', '1', 'true', 'false'], { description: '只查标题' })),
    sort: Type.Optional(Enum(['relevance', 'date'], { description: '排序：relevance 相关度（默认）、date 公开日期' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 251, default: 1, description: '页码，从 1 开始（最多可翻到第 5000 条结果）', errorMessage: '页码应为 1 至 251 之间的整数' })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: '每页条数，1–100，默认 20', errorMessage: '每页条数应为 1 至 100 之间的整数' })),
  },
  { additionalProperties: false },
);

const Facet = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));

export const SearchHit = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    titleHighlighted: Type.String({ description: '标题，HTML 转义后以 <mark> 标出命中词' }),
    snippet: Type.String({ description: '摘要，HTML 转义后以 <mark> 标出命中词' }),
    indexNo: Type.Union([Type.String(), Type.Null()]),
    docNo: Type.Union([Type.String(), Type.Null()]),
    unit: Type.String({ description: '发布单位名称' }),
    unitId: Type.Integer(),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    validity: Type.String(),
    url: Type.String(),
    score: Type.Number(),
    matchedAttachment: Type.Optional(Type.Object({ id: Type.Integer(), filename: Type.String(), url: Type.String() }, { description: '命中的附件（正文未命中时）' })),
  },
  { description: '一条检索结果' },
);

export const SearchResponse = Type.Object(
  {
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    items: Type.Array(SearchHit),
    facets: Type.Object({ unit: Facet, topic: Facet, genre: Facet, year: Facet, validity: Facet, kind: Facet }),
    didYouMean: Type.Optional(Type.String({ description: '您是不是要找（零结果或结果很少时）' })),
    related: Type.Optional(Type.Array(Type.String(), { description: '相关检索' })),
  },
  { description: '检索结果' },
);
