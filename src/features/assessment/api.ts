// GET /api/v1/assessment?year=&unit= (staff, with an API token): the units the token user sees, ranked, each
// with its total and every indicator's state, score, counts and the records behind it. The same figures as the
// console page /admin/assessment (one computation, service.ts).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { can } from '../../platform/access/roles.ts';
import { apiRoute, component, defineOperations, Enum, Id, listQuery, Nullable, pageOf, pageOfList, paged, type ApiTag } from '../../platform/http/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { INDICATOR_KEYS, INDICATORS } from './public.ts';
import { assessUnits, ranking, visibleUnits, YEAR_MIN } from './service.ts';
import { FORMULA } from './console.tsx';
import './actions.ts';

const TAG: ApiTag = { name: '政务公开考核', description: '工作人员接口，需要 API 令牌：按记录计算的各单位考核得分' };

const AssessmentRecord = Type.Object({
  label: Type.String(),
  url: Type.String({ description: '后台页面' }),
  ok: Type.Boolean({ description: '该记录是否符合要求' }),
  note: Type.Optional(Type.String()),
  on: Type.Optional(Type.String({ description: '记录的计分日期（年-月-日）' })),
});

const AssessmentIndicatorScore = component(
  'AssessmentIndicatorScore',
  Type.Object({
    key: Enum(INDICATOR_KEYS),
    label: Type.String(),
    weight: Type.Number({ description: '当年权重（0 = 不计入）' }),
    state: Enum(['measured', 'not-measured', 'not-applicable'] as const, { description: 'measured 已测量；not-measured 未测量（无数据来源）；not-applicable 不适用（无应计入的记录）——后两者不计入总分，不是零分' }),
    score: Nullable(Type.Number({ description: '0–100；未测量、不适用时为 null' })),
    numerator: Nullable(Type.Integer({ description: '符合要求的记录数' })),
    denominator: Nullable(Type.Integer({ description: '应计入的记录数' })),
    detail: Nullable(Type.String()),
    records: Type.Array(AssessmentRecord, { description: '计分的记录' }),
  }),
);

const AssessmentUnit = component(
  'AssessmentUnit',
  Type.Object({
    unitId: Type.Integer(),
    unit: Type.String(),
    rank: Nullable(Type.Integer({ description: '名次（同分同名次）；总分未测量时为 null' })),
    total: Nullable(Type.Number({ description: FORMULA })),
    weightUsed: Type.Number({ description: '计入总分的指标权重之和' }),
    indicators: Type.Array(AssessmentIndicatorScore),
  }),
);

export const OPERATIONS = defineOperations({
  getAssessment: {
    method: 'GET',
    url: '/assessment',
    summary: '政务公开考核：各单位得分和计分记录',
    description:
      `按记录和日期计算（不手工填报）。year 默认当年；unit 只看一个单位。非政府办的用户只能看到本单位及下级单位。指标：${INDICATORS.map((d) => `${d.key} ${d.label}`).join('；')}。`,
    tag: TAG,
    access: 'staff',
    querystring: listQuery({
      year: Type.Optional(Type.Integer({ minimum: YEAR_MIN, maximum: 2100, description: '考核年度，默认当年', errorMessage: `年度应为 ${YEAR_MIN} 年以后的四位年份` })),
      unit: Type.Optional(Id('单位编号', '单位编号应为正整数')),
    }),
    success: { status: 200, description: '按名次排列的单位', schema: pageOf(AssessmentUnit, '单位数') },
    errors: [400, 403, 404],
  },
});

export async function registerAssessmentApi(api: FastifyInstance): Promise<void> {
  const db = api.db;
  apiRoute(api, OPERATIONS.getAssessment, async (req) => {
    const actor = req.actor!;
    if (!can(actor, 'assessment.read')) throw new AppError('FORBIDDEN', '您的角色不能查看政务公开考核。');
    const q = req.query as { year?: number; unit?: number; page?: number; pageSize?: number };
    const today = todayBeijing();
    const year = q.year ?? Number(today.slice(0, 4));
    if (year > Number(today.slice(0, 4)) + 1) throw new AppError('VALIDATION', undefined, { year: `年度不能晚于 ${Number(today.slice(0, 4)) + 1} 年` });
    const tree = await loadUnitTree(db);
    let units = visibleUnits(tree, actor);
    if (q.unit !== undefined) {
      if (!tree.byId.has(q.unit)) throw new AppError('NOT_FOUND', '没有这个单位。');
      units = units.filter((u) => u.id === q.unit);
      if (!units.length) throw new AppError('FORBIDDEN', '只能查看本单位及下级单位的考核。');
    }
    const r = await ranking(db, units, year, today);
    // The ranking holds the counts; the records of the page's units are measured for them alone.
    let withRecords: Awaited<ReturnType<typeof assessUnits>> | null = null;
    return paged(q, async (p) => {
      const page = pageOfList(r.rows, p);
      withRecords = page.items.length ? await assessUnits(db, year, today, page.items.map((row) => row.unitId)) : null;
      return page;
    }, (row) => ({
      unitId: row.unitId,
      unit: row.name,
      rank: row.rank,
      total: row.total,
      weightUsed: row.weightUsed,
      indicators: row.indicators.map((i) => ({
        key: i.key,
        label: INDICATORS.find((d) => d.key === i.key)!.label,
        weight: r.weights[i.key],
        state: i.state,
        score: i.score,
        numerator: i.result?.numerator ?? null,
        denominator: i.result?.denominator ?? null,
        detail: i.result?.detail ?? null,
        records: (withRecords?.results.get(i.key)?.get(row.unitId)?.records ?? i.result?.records ?? []).map((x) => ({ label: x.label, url: x.url, ok: x.ok, ...(x.note ? { note: x.note } : {}), ...(x.on ? { on: x.on } : {}) })),
      })),
    }));
  });
}
