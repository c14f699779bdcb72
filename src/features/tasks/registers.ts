// The three registers of this feature on the shared register pattern (src/features/registers/public.ts):
// versions with a reason, document links and review before public come from there, not from here.
import { defineRegister } from '../registers/public.ts';
import type { TaskFindingRow, TaskReportRow, TaskRow } from './tables.ts';
import './actions.ts';

export const TASK = defineRegister<TaskRow>({
  name: 'task',
  table: 'tasks',
  label: '重点任务',
  entity: 'task',
  actions: { edit: 'task.edit', review: 'task.review' },
  fields: {
    year: '年度',
    source: '来源',
    title: '任务名称',
    parent_id: '上级任务',
    weight: '权重',
    unit_id: '牵头单位',
    co_units: '配合单位',
    measures: '工作措施',
    milestones: '节点安排',
    disclosure_plan: '公开安排',
    ends_on: '完成时限',
  },
});

export const TASK_REPORT = defineRegister<TaskReportRow>({
  name: 'task-report',
  table: 'task_reports',
  label: '任务进展报告',
  entity: 'task_report',
  actions: { edit: 'task.edit', review: 'task.review' },
  fields: { reported_on: '报告日期', period: '报告期', progress_text: '进展情况', results_text: '取得成效', next_steps: '后续举措', percent: '完成进度（%）' },
});

export const FINDING = defineRegister<TaskFindingRow>({
  name: 'task-finding',
  table: 'task_findings',
  label: '督查审计发现问题整改',
  entity: 'task_finding',
  actions: { edit: 'task.edit', review: 'task.review' },
  fields: { source: '来源', problem: '发现的问题', unit_id: '整改单位', measures: '整改措施', due_on: '整改期限', result: '整改结果', rectified_on: '整改完成日期' },
});

/** The role of a 问责通报 document linked to a finding. */
export const NOTICE_ROLE = '问责通报';

/** The role of a document linked to a task: a document that fulfils it (shown on the task's public timeline). */
export const TASK_DOCUMENT_ROLE = '相关文件';
