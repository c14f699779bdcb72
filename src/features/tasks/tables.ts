// The tasks feature's tables (declaration merging into the platform's Database type).
import type { Generated, Selectable } from 'kysely';

/** The shared register pattern's columns (src/features/registers/public.ts). */
interface RegisterColumns {
  unit_id: number;
  /** draft | submitted | returned | approved | published | retired (the register workflow). */
  status: string;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

interface TaskTable extends RegisterColumns {
  id: Generated<number>;
  year: number;
  /** One of SOURCES. */
  source: string;
  title: string;
  parent_id: number | null;
  /** Weight of this task in its parent's progress (1–100). */
  weight: number;
  /** JSON array of co-unit ids (配合单位). */
  co_units: string;
  measures: string;
  /** JSON array of { title, due (YYYY-MM-DD), done (YYYY-MM-DD | null) }. */
  milestones: string;
  /** 公开内容、方式、时限 (seed §一(三): 提出公开内容、措施、方式、时限). */
  disclosure_plan: string;
  ends_on: string | null;
}

interface TaskReportTable extends RegisterColumns {
  id: Generated<number>;
  task_id: number;
  reported_on: string;
  /** e.g. 2020年第三季度 */
  period: string;
  /** 进展情况 */
  progress_text: string;
  /** 取得成效 */
  results_text: string;
  /** 后续举措 */
  next_steps: string;
  /** Progress percent of the task at this report (0–100). */
  percent: number;
}

interface TaskCommentTable {
  id: Generated<number>;
  task_id: number;
  body: string;
  name: string;
  /** Phone or email: staff only, never public. */
  contact: string;
  /** pending | published | refused */
  status: string;
  moderated_by: number | null;
  moderated_at: string | null;
  created_at: string;
}

interface TaskFindingTable extends RegisterColumns {
  id: Generated<number>;
  /** One of FINDING_SOURCES. */
  source: string;
  problem: string;
  measures: string;
  due_on: string;
  /** 整改结果 */
  result: string;
  rectified_on: string | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    tasks: TaskTable;
    task_reports: TaskReportTable;
    task_comments: TaskCommentTable;
    task_findings: TaskFindingTable;
  }
}

export type TaskRow = Selectable<TaskTable>;
export type TaskReportRow = Selectable<TaskReportTable>;
export type TaskFindingRow = Selectable<TaskFindingTable>;
export type TaskCommentRow = Selectable<TaskCommentTable>;
