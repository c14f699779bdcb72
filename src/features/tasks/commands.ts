// Use cases of 重点任务 and 督查/审计整改: every field checked first (Chinese message per field, nothing
// written on refusal), then written through the shared register pattern (version snapshot with reason, audit
// row, review before public). Public opinions on a task: a moderated comment whose contact is never public.
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { AppError, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { isIsoDate, todayBeijing } from '../../platform/views/format.ts';
import { linkDocuments, saveRecord, transition, unlinkDocument } from '../registers/public.ts';
import { FINDING, NOTICE_ROLE, TASK, TASK_DOCUMENT_ROLE, TASK_REPORT } from './registers.ts';
import { checkPercent, FINDING_SOURCES, parseMilestones, SOURCES } from './rules.ts';
import type { TaskFindingRow, TaskReportRow, TaskRow } from './tables.ts';
import './tables.ts';
import { trimmedText as str } from '../../platform/text.ts';

const int = (v: unknown) => {
  const s = str(v);
  return /^\d{1,9}$/.test(s) ? Number(s) : NaN;
};
const limit = (errors: FieldErrors, key: string, value: string, max: number, label: string) => {
  if (value.length > max) errors[key] = `${label}不能超过 ${max} 个字`;
};
const version = (v: unknown) => (str(v) ? int(v) : undefined);

export type Step = 'submit' | 'approve' | 'return' | 'publish' | 'retire';
const STEPS: readonly Step[] = ['submit', 'approve', 'return', 'publish', 'retire'];
export const STEP_LABELS: Record<Step, string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', publish: '发布', retire: '撤下' };

export async function loadTask(db: Db, id: number): Promise<TaskRow | undefined> {
  return Number.isSafeInteger(id) && id > 0 ? db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}

/** Creates (no id) or changes a task. Fields as the form and the API send them. */
export async function saveTask(db: Db, actor: Actor, input: Record<string, unknown>, id?: number): Promise<Result<TaskRow>> {
  const before = id ? await loadTask(db, id) : undefined;
  if (id && (!before || !can(actor, 'task.read', before.unit_id))) throw new AppError('NOT_FOUND', '没有这项任务。');
  const errors: FieldErrors = {};
  const title = str(input.title);
  const year = int(input.year);
  const source = str(input.source);
  const unitId = int(input.unitId);
  const weight = str(input.weight) ? int(input.weight) : 1;
  const parentId = str(input.parentId) ? int(input.parentId) : null;
  const measures = str(input.measures);
  const plan = str(input.disclosurePlan);
  const endsOn = str(input.endsOn) || null;
  const reason = str(input.reason);
  if (!title) errors.title = '请填写任务名称';
  limit(errors, 'title', title, 200, '任务名称');
  if (!(year >= 2000 && year <= 2100)) errors.year = '年度应为 2000 到 2100 之间的四位年份';
  if (!(SOURCES as readonly string[]).includes(source)) errors.source = `请选择来源：${SOURCES.join('、')}`;
  const tree = await loadUnitTree(db);
  if (!tree.byId.has(unitId)) errors.unitId = '请选择牵头单位';
  const coRaw = Array.isArray(input.coUnits) ? input.coUnits : str(input.coUnits) ? str(input.coUnits).split(/[,，\s]+/) : [];
  const coUnits = [...new Set(coRaw.map(int))];
  if (coUnits.some((u) => !tree.byId.has(u))) errors.coUnits = '配合单位中有不存在的单位';
  else if (coUnits.includes(unitId)) errors.coUnits = '牵头单位不必再列为配合单位';
  if (!(weight >= 1 && weight <= 100)) errors.weight = '权重应为 1 到 100 之间的整数';
  limit(errors, 'measures', measures, 5000, '工作措施');
  limit(errors, 'disclosurePlan', plan, 2000, '公开安排');
  if (endsOn && !isIsoDate(endsOn)) errors.endsOn = '完成时限应为日期（YYYY-MM-DD）';
  const ms = parseMilestones(str(input.milestones));
  if (ms.errors.length) errors.milestones = ms.errors.join('；');
  if (parentId !== null) {
    const parent = Number.isNaN(parentId) ? undefined : await loadTask(db, parentId);
    if (!parent) errors.parentId = '上级任务不存在';
    else if (id && parent.id === id) errors.parentId = '不能把任务设为自己的上级任务';
    else if (id) {
      // No cycle: the new parent must not be a descendant of this task.
      const all = await db.selectFrom('tasks').select(['id', 'parent_id']).execute();
      const up = new Map(all.map((t) => [t.id, t.parent_id]));
      for (let p: number | null | undefined = parent.id, n = 0; p && n < 100; p = up.get(p), n++) if (p === id) errors.parentId = '上级任务不能是本任务的下级任务';
    }
  }
  if (id && !reason) errors.reason = '请填写修改原因（将记入历史版本）';
  limit(errors, 'reason', reason, 500, '修改原因');
  const expectedVersion = version(input.expectedVersion);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (!can(actor, 'task.edit', unitId) || (before && !can(actor, 'task.edit', before.unit_id))) return fail('FORBIDDEN', '您不能登记或修改该单位的重点任务。');
  const values: Partial<TaskRow> = { title, year, source, unit_id: unitId, co_units: json(coUnits), weight, parent_id: parentId, measures, disclosure_plan: plan, milestones: json(ms.items), ends_on: endsOn };
  return db.transaction().execute((trx) => saveRecord(trx, db, TASK, actor, { id, expectedVersion, unitId, values, reason: reason || (id ? undefined : '新建') }));
}

async function loadReport(db: Db, id: number): Promise<TaskReportRow | undefined> {
  return Number.isSafeInteger(id) && id > 0 ? db.selectFrom('task_reports').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}

/** A progress report in the seed's three parts (进展情况, 取得成效, 后续举措) with the percent at that date. */
export async function saveReport(db: Db, actor: Actor, taskId: number, input: Record<string, unknown>, id?: number): Promise<Result<TaskReportRow>> {
  const task = await loadTask(db, taskId);
  if (!task || !can(actor, 'task.read', task.unit_id)) throw new AppError('NOT_FOUND', '没有这项任务。');
  const before = id ? await loadReport(db, id) : undefined;
  if (id && (!before || before.task_id !== taskId)) throw new AppError('NOT_FOUND', '没有这份进展报告。');
  const errors: FieldErrors = {};
  const reportedOn = str(input.reportedOn) || todayBeijing();
  const period = str(input.period);
  const progress = str(input.progressText);
  const results = str(input.resultsText);
  const next = str(input.nextSteps);
  if (!isIsoDate(reportedOn)) errors.reportedOn = '报告日期应为日期（YYYY-MM-DD）';
  else if (reportedOn > todayBeijing()) errors.reportedOn = '报告日期不能晚于今天';
  if (!period) errors.period = '请填写报告期，如 2020年第三季度';
  limit(errors, 'period', period, 50, '报告期');
  if (!progress) errors.progressText = '请填写进展情况';
  if (!results) errors.resultsText = '请填写取得成效（尚无成效的写“暂无”）';
  if (!next) errors.nextSteps = '请填写后续举措';
  for (const [k, v, l] of [['progressText', progress, '进展情况'], ['resultsText', results, '取得成效'], ['nextSteps', next, '后续举措']] as const) limit(errors, k, v, 5000, l);
  const pct = checkPercent(input.percent);
  if (pct.error) errors.percent = pct.error;
  const reason = str(input.reason);
  if (id && !reason) errors.reason = '请填写修改原因（将记入历史版本）';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (!can(actor, 'task.edit', task.unit_id)) return fail('FORBIDDEN', '您不能为该单位的任务填报进展。');
  const values: Partial<TaskReportRow> = { task_id: taskId, reported_on: reportedOn, period, progress_text: progress, results_text: results, next_steps: next, percent: pct.value! };
  return db.transaction().execute((trx) => saveRecord(trx, db, TASK_REPORT, actor, { id, expectedVersion: version(input.expectedVersion), unitId: task.unit_id, values, reason: reason || (id ? undefined : '填报') }));
}

export async function loadFinding(db: Db, id: number): Promise<TaskFindingRow | undefined> {
  return Number.isSafeInteger(id) && id > 0 ? db.selectFrom('task_findings').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}

/** 督查/审计发现的问题及整改: source, problem, unit, measures, deadline, result (and the date rectified). */
export async function saveFinding(db: Db, actor: Actor, input: Record<string, unknown>, id?: number): Promise<Result<TaskFindingRow>> {
  const before = id ? await loadFinding(db, id) : undefined;
  if (id && (!before || !can(actor, 'task.read', before.unit_id))) throw new AppError('NOT_FOUND', '没有这条整改登记。');
  const errors: FieldErrors = {};
  const source = str(input.source);
  const problem = str(input.problem);
  const measures = str(input.measures);
  const dueOn = str(input.dueOn);
  const result = str(input.result);
  const rectifiedOn = str(input.rectifiedOn) || null;
  const unitId = int(input.unitId);
  const reason = str(input.reason);
  if (!(FINDING_SOURCES as readonly string[]).includes(source)) errors.source = `请选择来源：${FINDING_SOURCES.join('、')}`;
  if (!problem) errors.problem = '请填写发现的问题';
  limit(errors, 'problem', problem, 5000, '发现的问题');
  limit(errors, 'measures', measures, 5000, '整改措施');
  limit(errors, 'result', result, 5000, '整改结果');
  const tree = await loadUnitTree(db);
  if (!tree.byId.has(unitId)) errors.unitId = '请选择整改单位';
  if (!isIsoDate(dueOn)) errors.dueOn = '请填写整改期限（YYYY-MM-DD）';
  if (rectifiedOn && !isIsoDate(rectifiedOn)) errors.rectifiedOn = '整改完成日期应为日期（YYYY-MM-DD）';
  else if (rectifiedOn && rectifiedOn > todayBeijing()) errors.rectifiedOn = '整改完成日期不能晚于今天';
  else if (rectifiedOn && !result) errors.result = '已整改的请填写整改结果';
  if (id && !reason) errors.reason = '请填写修改原因（将记入历史版本）';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (!can(actor, 'task.edit', unitId) || (before && !can(actor, 'task.edit', before.unit_id))) return fail('FORBIDDEN', '您不能登记或修改该单位的整改情况。');
  const values: Partial<TaskFindingRow> = { source, problem, measures, due_on: dueOn, result, rectified_on: rectifiedOn, unit_id: unitId };
  return db.transaction().execute((trx) => saveRecord(trx, db, FINDING, actor, { id, expectedVersion: version(input.expectedVersion), unitId, values, reason: reason || (id ? undefined : '登记') }));
}

/** Links (or with `remove`, unlinks) the 问责通报 document of a finding. */
export async function setNoticeDocument(db: Db, actor: Actor, findingId: number, documentId: number, remove = false): Promise<Result<void>> {
  const f = await loadFinding(db, findingId);
  if (!f || !can(actor, 'task.read', f.unit_id)) throw new AppError('NOT_FOUND', '没有这条整改登记。');
  if (!Number.isSafeInteger(documentId) || documentId <= 0) return fail('VALIDATION', undefined, { documentId: '请填写问责通报文件的编号' });
  return db.transaction().execute((trx) => (remove ? unlinkDocument(trx, FINDING, actor, findingId, documentId) : linkDocuments(trx, FINDING, actor, findingId, [documentId], NOTICE_ROLE)));
}

/** Links (or with `remove`, unlinks) a document that fulfils a task (相关文件): one the actor may see; audited. */
export async function setTaskDocument(db: Db, actor: Actor, taskId: number, documentId: number, remove = false): Promise<Result<void>> {
  const task = await loadTask(db, taskId);
  if (!task || !can(actor, 'task.read', task.unit_id)) throw new AppError('NOT_FOUND', '没有这项任务。');
  if (!Number.isSafeInteger(documentId) || documentId <= 0) return fail('VALIDATION', undefined, { documentId: '请填写相关文件的编号（文件页面地址中的数字）' });
  if (task.status === 'retired') return fail('CONFLICT', '该任务已停用，不能再关联文件。');
  return db.transaction().execute((trx) => (remove ? unlinkDocument(trx, TASK, actor, taskId, documentId) : linkDocuments(trx, TASK, actor, taskId, [documentId], TASK_DOCUMENT_ROLE)));
}

const DEFS = { task: TASK, report: TASK_REPORT, finding: FINDING } as const;
export type RegisterKind = keyof typeof DEFS;

/** A review step on a task, a report or a finding (the shared workflow: four eyes, audited, versioned). */
export async function step(db: Db, actor: Actor, kind: RegisterKind, id: number, s: string, reason?: string): Promise<Result<unknown>> {
  if (!(STEPS as readonly string[]).includes(s)) return fail('VALIDATION', '未知的操作。');
  if ((s === 'return' || s === 'retire') && !str(reason)) return fail('VALIDATION', undefined, { reason: s === 'return' ? '请填写退回的原因' : '请填写撤下的原因' });
  return transition(db, DEFS[kind] as never, actor, id, s as Step, { reason: str(reason) || undefined });
}

// ---- public opinions on a task's execution -------------------------------------------------------------

export const COMMENT_LIMIT = 1000;

export async function submitTaskComment(db: Db, taskId: number, input: { body?: unknown; name?: unknown; contact?: unknown }): Promise<Result<{ id: number }>> {
  const errors: FieldErrors = {};
  const body = str(input.body);
  const name = str(input.name);
  const contact = str(input.contact);
  if (!body) errors.body = '请填写您的意见或建议';
  else if (body.length > COMMENT_LIMIT) errors.body = `意见不能超过 ${COMMENT_LIMIT} 个字（现有 ${body.length} 个字）`;
  if (name.length > 50) errors.name = '姓名不能超过 50 个字';
  if (!contact) errors.contact = '请留下手机号码或电子邮箱，便于回复您（不会公开）';
  else if (!/^1\d{10}$/.test(contact.replace(/[\s-]/g, '')) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) errors.contact = '请填写 11 位手机号码或有效的电子邮箱';
  else if (contact.length > 100) errors.contact = '联系方式不能超过 100 个字';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  return db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('task_comments').select('id').where('task_id', '=', taskId).where('body', '=', body).where('contact', '=', contact).executeTakeFirst();
    if (dup) return ok({ id: dup.id });
    const row = await trx.insertInto('task_comments').values({ task_id: taskId, body, name, contact, status: 'pending', moderated_by: null, moderated_at: null, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
    // The audit row names the comment, never the commenter's contact.
    await audit(trx, null, { action: 'task.comment', entity: 'task_comment', entityId: row.id, publicEffect: false, after: { taskId, length: body.length } });
    return ok({ id: row.id });
  });
}

/** Publishes or refuses a pending public opinion (reviewers of the task's unit). */
export async function moderateComment(db: Db, actor: Actor, commentId: number, decision: string): Promise<Result<void>> {
  const c = Number.isSafeInteger(commentId) && commentId > 0 ? await db.selectFrom('task_comments').innerJoin('tasks', 'tasks.id', 'task_comments.task_id').select(['task_comments.id', 'task_comments.status', 'task_comments.task_id', 'tasks.unit_id']).where('task_comments.id', '=', commentId).executeTakeFirst() : undefined;
  if (!c || !can(actor, 'task.read', c.unit_id)) throw new AppError('NOT_FOUND', '没有这条意见。');
  if (!can(actor, 'task.review', c.unit_id)) return fail('FORBIDDEN', '您不能审核该单位任务的公众意见。');
  if (decision !== 'publish' && decision !== 'refuse') return fail('VALIDATION', '请选择公开或不予公开。');
  const status = decision === 'publish' ? 'published' : 'refused';
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('task_comments').set({ status, moderated_by: actorId(actor), moderated_at: nowIso() }).where('id', '=', commentId).where('status', '=', 'pending').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return fail('CONFLICT', '这条意见已经审核过。');
    await audit(trx, actor, { action: `task.comment.${decision}`, entity: 'task_comment', entityId: commentId, unitId: c.unit_id, publicEffect: status === 'published', before: { status: c.status }, after: { status } });
    return ok(undefined);
  });
}
