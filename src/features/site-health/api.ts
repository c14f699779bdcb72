// /api/v1/health (issue 19): the site-health figures of the portal or one unit, each with its rule, status and
// the records behind it; /api/v1/health/yearly: the 政府网站工作年度报表 figures of a year. Staff only (token).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { apiRoute, component, defineOperations, Enum, Nullable, type ApiTag } from '../../platform/http/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { cachedHealth } from './checks.ts';
import { lastCrawl } from './links-check.ts';
import { healthScope } from './scope.ts';
import { yearFigures } from './yearly.ts';
import './actions.ts';

const TAG: ApiTag = { name: '网站健康度', description: '对照《政府网站与政务新媒体检查指标》的检查结果和政府网站工作年度报表数字，工作人员接口，需要 API 令牌' };

const HealthRecordSchema = Type.Object({
  label: Type.String(),
  url: Type.String({ description: '记录所在页面（站内地址）' }),
  detail: Type.Optional(Type.String()),
});

const HealthFigure = component(
  'HealthFigure',
  Type.Object({
    key: Type.String({ description: '指标标识，如 home-updated、columns-updated、columns-empty、messages-unanswered、requests-overdue、broken-links、search-available、invalid-list、annual-report' }),
    label: Type.String(),
    rule: Type.String({ description: '检查规则原文（国办秘函〔2019〕19号等）' }),
    singleVeto: Type.Boolean({ description: '是否为单项否决指标' }),
    status: Enum(['ok', 'warn', 'fail', 'not-measured'] as const, { description: 'ok 合格，warn 需关注，fail 不合格，not-measured 未测量（尚无功能提供或不适用，不计入结论）' }),
    value: Type.String({ description: '结果，如“3 个栏目逾期未更新”' }),
    note: Type.Optional(Type.String()),
    records: Type.Array(HealthRecordSchema, { description: '构成该结果的记录（最多 50 条）' }),
  }),
);

const HealthReportSchema = component(
  'HealthReport',
  Type.Object({
    unit: Nullable(Type.Object({ code: Type.String(), name: Type.String() }, { description: '单位；null 为全站' })),
    today: Type.String({ description: '检查日期' }),
    verdict: Enum(['fail', 'warn', 'pass'] as const, { description: 'fail 不合格（触发单项否决），warn 有待改进，pass 合格' }),
    vetoFailed: Type.Array(Type.String(), { description: '触发的单项否决指标' }),
    lastCrawl: Nullable(Type.Object({ startedAt: Type.String(), finishedAt: Nullable(Type.String()), pages: Type.Integer(), links: Type.Integer(), broken: Type.Integer() }, { description: '上次链接检查' })),
    figures: Type.Array(HealthFigure),
  }),
);

const YearlySchema = component(
  'WebsiteYearlyFigures',
  Type.Object({
    year: Type.Integer(),
    figures: Type.Array(
      Type.Object({
        key: Type.String(),
        group: Type.String({ description: '信息发布、栏目、互动交流、搜索' }),
        label: Type.String(),
        value: Nullable(Type.Integer({ description: 'null 为未测量' })),
        note: Type.Optional(Type.String()),
      }),
    ),
  }),
);

export const OPERATIONS = defineOperations({
  getHealth: {
    method: 'GET',
    url: '/health',
    summary: '网站健康度（检查指标）',
    description: '全站或某单位（含下级单位）的各项检查指标：结果、状态、规则原文和构成结果的记录。不带 unit 时为全站（需平台管理员或根单位的工作人员，否则为本单位）。',
    tag: TAG,
    access: 'staff',
    querystring: Type.Object({ unit: Type.Optional(Type.String({ maxLength: 64, description: '单位代码，如 jyj；省略为全站' })) }, { additionalProperties: false }),
    success: { status: 200, description: '检查结果', schema: HealthReportSchema },
    errors: [400, 403, 404],
  },
  getWebsiteYearly: {
    method: 'GET',
    url: '/health/yearly',
    summary: '政府网站工作年度报表数字',
    description: '全站某年度的发布信息数、栏目数、互动交流和搜索数字；没有功能提供的数字 value 为 null（未测量）。',
    tag: TAG,
    access: 'staff',
    querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, description: '年度', errorMessage: '年度应为 2000 年以后的四位数字' }) }, { additionalProperties: false }),
    success: { status: 200, description: '年度数字', schema: YearlySchema },
    errors: [400, 403],
  },
});

export async function registerHealthApi(api: FastifyInstance): Promise<void> {
  const db = api.db;
  apiRoute(api, OPERATIONS.getHealth, async (req) => {
    const s = await healthScope(db, req.actor!, (req.query as { unit?: string }).unit ?? '', todayBeijing());
    const [r, crawl] = await Promise.all([cachedHealth(db, s.ctx), lastCrawl(db)]);
    return {
      unit: s.unit ? { code: s.unit.code, name: s.unit.name } : null,
      today: r.today,
      verdict: r.verdict,
      vetoFailed: r.vetoFailed,
      lastCrawl: crawl ? { startedAt: crawl.started_at, finishedAt: crawl.finished_at, pages: crawl.pages, links: crawl.links, broken: crawl.broken } : null,
      figures: r.checks.map((c) => ({ key: c.key, label: c.label, rule: c.rule, singleVeto: c.singleVeto, status: c.status, value: c.value, ...(c.note ? { note: c.note } : {}), records: c.records })),
    };
  });
  apiRoute(api, OPERATIONS.getWebsiteYearly, async (req) => {
    await healthScope(db, req.actor!, '', todayBeijing()); // the role check (403) of every health figure
    const year = (req.query as { year: number }).year;
    if (year > Number(todayBeijing().slice(0, 4))) throw new AppError('VALIDATION', '年度不能晚于今年。', { year: '年度不能晚于今年。' });
    return { year, figures: await yearFigures(db, year) };
  });
}
