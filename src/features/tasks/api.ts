// /api/v1/tasks: the public task board (derived progress and status), one task with its published reports,
// 督查/审计整改 findings; staff (token) file a progress report — the same checks as the console.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { apiRoute, component, defineOperations, Enum, Id, idParams, listQuery, Nullable, paged, pageOf, pageOfList, PUBLIC_TAG, type ApiTag } from '../../platform/http/index.ts';
import { saveReport } from './commands.ts';
import { findingViews, publicReports, publicTask, taskViews, type TaskView } from './repository.ts';
import { FINDING_SOURCES, SOURCES, TASK_STATUSES } from './rules.ts';

const TAG: ApiTag = { name: '重点任务', description: '重点任务的进展报告（工作人员凭 API 令牌填报，审核发布后公开）' };

const MilestoneSchema = Type.Object({ title: Type.String(), due: Type.String({ description: '目标日期' }), done: Nullable(Type.String({ description: '完成日期' })) });
const Task = component(
  'Task',
  Type.Object({
    id: Type.Integer(),
    year: Type.Integer(),
    source: Type.String({ description: `来源：${SOURCES.join('、')}` }),
    title: Type.String(),
    parentId: Nullable(Type.Integer({ description: '上级任务' })),
    weight: Type.Integer({ description: '在上级任务进度中的权重' }),
    unit: Type.String({ description: '牵头单位' }),
    coUnits: Type.Array(Type.String(), { description: '配合单位' }),
    measures: Type.String(),
    milestones: Type.Array(MilestoneSchema),
    endsOn: Nullable(Type.String()),
    progress: Type.Integer({ description: '完成进度（%）：最近一份公开进展报告的进度；有分解任务的按权重汇总' }),
    status: Type.String({ description: `状态（按节点、公开的进展报告和当前日期计算）：${TASK_STATUSES.join('、')}` }),
    statusReason: Type.String(),
    lastReportOn: Nullable(Type.String()),
    url: Type.String({ description: '公开页面' }),
  }),
);
const Report = component(
  'TaskReport',
  Type.Object({ id: Type.Integer(), reportedOn: Type.String(), period: Type.String(), progress: Type.String({ description: '进展情况' }), results: Type.String({ description: '取得成效' }), nextSteps: Type.String({ description: '后续举措' }), percent: Type.Integer() }),
);
const Finding = component(
  'TaskFinding',
  Type.Object({
    id: Type.Integer(),
    source: Type.String({ description: `来源：${FINDING_SOURCES.join('、')}` }),
    problem: Type.String(),
    unit: Type.String({ description: '整改单位' }),
    measures: Type.String(),
    dueOn: Type.String({ description: '整改期限' }),
    result: Type.String(),
    rectifiedOn: Nullable(Type.String()),
    status: Type.String({ description: '整改中、已整改、逾期未整改、逾期整改（按期限和完成日期计算）' }),
    notices: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String() }), { description: '问责通报（公开的文件）' }),
  }),
);

/** A progress report as staff file it — the API's body and the console's 填报进展 form (forms.ts). */
export const ReportBody = Type.Object(
  {
    period: Type.String({ description: '报告期，如 2020年第三季度' }),
    reportedOn: Type.Optional(Type.String({ description: '报告日期 YYYY-MM-DD，默认今天' })),
    percent: Type.Union([Type.Integer(), Type.String()], { description: '完成进度（%），0 到 100 的整数' }),
    progressText: Type.String({ description: '进展情况' }),
    resultsText: Type.String({ description: '取得成效' }),
    nextSteps: Type.String({ description: '后续举措' }),
  },
  { additionalProperties: false },
);

export const OPERATIONS = defineOperations({
  listTasks: {
    method: 'GET',
    url: '/tasks',
    summary: '重点任务',
    description: '公开的重点任务（政府工作报告、年度重点工作、民生实事），带按节点和公开进展报告计算的进度和状态。',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({
      year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '年度', errorMessage: '年度应为四位年份' })),
      source: Type.Optional(Enum(SOURCES as unknown as string[], { description: '来源' })),
      unitId: Type.Optional(Id('牵头单位编号')),
      status: Type.Optional(Enum(TASK_STATUSES as unknown as string[], { description: '状态' })),
    }),
    success: { status: 200, description: '一页任务', schema: pageOf(Task) },
    errors: [400],
  },
  listTaskFindings: {
    method: 'GET',
    url: '/tasks/findings',
    summary: '督查审计发现问题整改情况',
    tag: PUBLIC_TAG,
    access: 'public',
    querystring: listQuery({ source: Type.Optional(Enum(FINDING_SOURCES as unknown as string[], { description: '来源' })) }),
    success: { status: 200, description: '一页整改情况', schema: pageOf(Finding) },
    errors: [400],
  },
  getTask: {
    method: 'GET',
    url: '/tasks/:id',
    summary: '重点任务详情',
    description: '公开的任务及其公开的进展报告（按报告日期）。未公开的返回 404。',
    tag: PUBLIC_TAG,
    access: 'public',
    params: idParams('任务编号'),
    success: { status: 200, description: '任务', schema: Type.Composite([Task, Type.Object({ reports: Type.Array(Report) })]) },
    errors: [400, 404],
  },
  createTaskReport: {
    method: 'POST',
    url: '/tasks/:id/reports',
    summary: '填报进展报告（草稿）',
    description: '进展情况、取得成效、后续举措和完成进度（0–100）；保存为草稿，提交审核并发布后公开。',
    tag: TAG,
    access: 'staff',
    params: idParams('任务编号'),
    body: ReportBody,
    success: { status: 201, description: '新建的报告编号', schema: Type.Object({ id: Type.Integer(), status: Type.String() }) },
    errors: [400, 403, 404],
  },
});

const toTask = (t: TaskView) => ({
  id: t.id,
  year: t.year,
  source: t.source,
  title: t.title,
  parentId: t.parentId,
  weight: t.weight,
  unit: t.unit,
  coUnits: t.coUnits,
  measures: t.measures,
  milestones: t.milestones,
  endsOn: t.endsOn,
  progress: t.progress,
  status: t.status,
  statusReason: t.statusReason,
  lastReportOn: t.lastReportOn,
  url: `/zdrw/${t.id}`,
});

export async function registerTaskRoutes(api: FastifyInstance): Promise<void> {
  const { db } = api;
  apiRoute(api, OPERATIONS.listTasks, async (req) => {
    const q = req.query as { year?: number; source?: string; unitId?: number; status?: string; page?: number; pageSize?: number };
    const all = (await taskViews(db, { publicOnly: true })).filter((t) => (!q.year || t.year === q.year) && (!q.source || t.source === q.source) && (!q.unitId || t.unitId === q.unitId) && (!q.status || t.status === q.status));
    return paged(q, async (p) => pageOfList(all, p), toTask);
  });
  apiRoute(api, OPERATIONS.listTaskFindings, async (req) => {
    const q = req.query as { source?: string; page?: number; pageSize?: number };
    const all = (await findingViews(db, { publicOnly: true })).filter((f) => !q.source || f.source === q.source);
    return paged(q, async (p) => pageOfList(all, p), (f) => ({ id: f.id, source: f.source, problem: f.problem, unit: f.unit, measures: f.measures, dueOn: f.dueOn, result: f.result, rectifiedOn: f.rectifiedOn, status: f.publicStatus, notices: f.notices.map((d) => ({ id: d.id, title: d.title, url: d.url })) }));
  });
  apiRoute(api, OPERATIONS.getTask, async (req) => {
    const { id } = req.params as { id: number };
    const t = await publicTask(db, id);
    if (!t) throw new AppError('NOT_FOUND', '任务不存在或未公开。');
    const reports = await publicReports(db, [id]);
    return { ...toTask(t), reports: reports.map((r) => ({ id: r.id, reportedOn: r.reported_on, period: r.period, progress: r.progress_text, results: r.results_text, nextSteps: r.next_steps, percent: r.percent })) };
  });
  apiRoute(api, OPERATIONS.createTaskReport, async (req, reply) => {
    const { id } = req.params as { id: number };
    const r = await saveReport(db, req.actor!, id, req.body as Record<string, unknown>);
    if (!r.ok) throw r.error;
    return reply.status(201).send({ id: r.value.id, status: r.value.status });
  });
}
