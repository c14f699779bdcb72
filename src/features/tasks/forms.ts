// The forms of 重点任务 (console and the public 意见 form), declared as schemas like the API bodies: which fields
// each form posts. The 填报进展 form is the API's report body (api.ts ReportBody), so the same mistake gets the same
// message; the others are text (配合单位 a checkbox group: every ticked value) — saveTask / saveFinding / step /
// submitTaskComment check them and name each bad field in Chinese.
import { Type } from '@sinclair/typebox';
import { textForm } from '../../platform/http/forms.ts';
import { ReportBody } from './api.ts';

/** 登记 / 修改 a task. */
export const TaskForm = Type.Composite([
  textForm(['title', 'year', 'source', 'unitId', 'parentId', 'weight', 'measures', 'milestones', 'endsOn', 'disclosurePlan', 'reason', 'expectedVersion'], '重点任务'),
  Type.Object({ coUnits: Type.Optional(Type.Array(Type.String(), { description: '配合单位（勾选的单位编号）' })) }),
]);

/** 填报进展 (the API's body). */
export const ReportForm = ReportBody;

/** 关联 / 取消关联 the task's document, or a finding's 问责通报. */
export const DocumentLinkForm = textForm(['documentId', 'remove'], '关联文件');

/** A review step of a task, report or finding (kind and id say which; back is the page to return to). */
export const StepForm = textForm(['kind', 'id', 'step', 'reason', 'back'], '审核和公开');

/** 审核意见 (publish or reject a public comment). */
export const ModerateForm = textForm(['decision', 'back'], '意见审核');

/** 登记 / 修改 a 督查/审计整改 finding. */
export const FindingForm = textForm(['source', 'problem', 'unitId', 'measures', 'dueOn', 'result', 'rectifiedOn', 'reason', 'expectedVersion'], '整改登记');

/** The public 意见建议 form of a task (website is the honeypot). */
export const TaskCommentForm = textForm(['body', 'name', 'contact', 'website'], '意见建议');
