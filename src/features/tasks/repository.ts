// Reads of 重点任务 and 督查/审计整改. What the public sees is each record's last published version (a record
// under revision keeps showing its published version until the revision is published: review before public);
// progress rolls up from published reports and status is derived here, at read time, never stored.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { linkedDocuments, linkedDocumentsOf, publicVersions, whereHasPublicVersion, type LinkedDocument } from '../registers/public.ts';
import { FINDING, NOTICE_ROLE, TASK, TASK_DOCUMENT_ROLE, TASK_REPORT } from './registers.ts';
import { findingStatus, rollupProgress, taskStatus, type FindingStatus, type Milestone, type TaskStatus } from './rules.ts';
import type { TaskCommentRow, TaskFindingRow, TaskReportRow, TaskRow } from './tables.ts';

export interface TaskView {
  id: number;
  year: number;
  source: string;
  title: string;
  parentId: number | null;
  weight: number;
  unitId: number;
  unit: string;
  coUnits: string[];
  measures: string;
  disclosurePlan: string;
  milestones: Milestone[];
  endsOn: string | null;
  progress: number;
  status: TaskStatus;
  statusReason: string;
  reports: number;
  lastReportOn: string | null;
  /** Register status (staff views). */
  recordStatus: string;
  version: number;
}

/**
 * Tasks with derived progress and status. `publicOnly`: the public versions of public tasks and reports; else
 * the current rows of `unitIds` (staff scope), progress still from published reports (a fact once public).
 */
export async function taskViews(db: Db, opts: { publicOnly: boolean; unitIds?: number[]; today?: string }): Promise<TaskView[]> {
  let q = db.selectFrom('tasks').selectAll().orderBy('year', 'desc').orderBy('id');
  if (opts.publicOnly) q = whereHasPublicVersion(q);
  else if (opts.unitIds) q = q.where('unit_id', 'in', opts.unitIds.length ? opts.unitIds : [-1]);
  let rows: TaskRow[] = await q.execute();
  if (opts.publicOnly) rows = await publicVersions(db, TASK, rows);
  const reports = await publicReports(db, rows.map((r) => r.id));
  const latest = new Map<number, TaskReportRow>();
  const counts = new Map<number, number>();
  for (const r of reports) {
    counts.set(r.task_id, (counts.get(r.task_id) ?? 0) + 1);
    const cur = latest.get(r.task_id);
    if (!cur || r.reported_on > cur.reported_on || (r.reported_on === cur.reported_on && r.id > cur.id)) latest.set(r.task_id, r);
  }
  const progress = rollupProgress(rows.map((r) => ({ id: r.id, parentId: r.parent_id, weight: r.weight, own: latest.get(r.id)?.percent ?? 0 })));
  const tree = await loadUnitTree(db);
  const today = opts.today ?? todayBeijing();
  const childCount = new Map<number, number>();
  for (const r of rows) if (r.parent_id) childCount.set(r.parent_id, (childCount.get(r.parent_id) ?? 0) + 1);
  return rows.map((r) => {
    const milestones = parseJson<Milestone[]>(r.milestones, []);
    const p = progress.get(r.id) ?? 0;
    const st = taskStatus({ progress: p, milestones, reports: counts.get(r.id) ?? 0, today, endsOn: r.ends_on });
    return {
      id: r.id,
      year: r.year,
      source: r.source,
      title: r.title,
      parentId: r.parent_id,
      weight: r.weight,
      unitId: r.unit_id,
      unit: tree.byId.get(r.unit_id)?.name ?? '',
      coUnits: parseJson<number[]>(r.co_units, []).map((u) => tree.byId.get(u)?.name ?? '').filter(Boolean),
      measures: r.measures,
      disclosurePlan: r.disclosure_plan,
      milestones,
      endsOn: r.ends_on,
      progress: p,
      status: st.status,
      statusReason: st.reason,
      reports: counts.get(r.id) ?? 0,
      lastReportOn: latest.get(r.id)?.reported_on ?? null,
      recordStatus: r.status,
      version: r.version,
    };
  });
}

/** The public versions of the published reports of these tasks, oldest first. */
export async function publicReports(db: Db, taskIds: number[]): Promise<TaskReportRow[]> {
  if (!taskIds.length) return [];
  const q = db.selectFrom('task_reports').selectAll().where('task_id', 'in', taskIds);
  const rows = await whereHasPublicVersion(q).execute();
  return (await publicVersions(db, TASK_REPORT, rows)).sort((a, b) => a.reported_on.localeCompare(b.reported_on) || a.id - b.id);
}

export async function publicTask(db: Db, id: number): Promise<TaskView | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return (await taskViews(db, { publicOnly: true })).find((t) => t.id === id);
}

export interface TimelineEntry {
  date: string;
  kind: 'milestone' | 'report' | 'document';
  milestone?: Milestone;
  /** A public document that fulfils the task (相关文件), dated by its publication (Beijing date). */
  document?: LinkedDocument;
  report?: { id: number; period: string; progress: string; results: string; next: string; percent: number };
}

/** A task's timeline: its milestones (target and reached dates), its published reports and its public related documents, by date. */
export function timeline(task: TaskView, reports: TaskReportRow[], documents: LinkedDocument[] = []): TimelineEntry[] {
  const rank = { milestone: 0, report: 1, document: 2 } as const;
  const out: TimelineEntry[] = [
    ...task.milestones.map((m) => ({ date: m.done ?? m.due, kind: 'milestone' as const, milestone: m })),
    ...documents.filter((d) => d.publishedAt).map((d) => ({ date: todayBeijing(Date.parse(d.publishedAt!)), kind: 'document' as const, document: d })),
    ...reports.map((r) => ({ date: r.reported_on, kind: 'report' as const, report: { id: r.id, period: r.period, progress: r.progress_text, results: r.results_text, next: r.next_steps, percent: r.percent } })),
  ];
  return out.sort((a, b) => a.date.localeCompare(b.date) || rank[a.kind] - rank[b.kind]);
}

/** The public documents linked to a task as 相关文件 (the documents feature's public rule). */
export async function publicTaskDocuments(db: Db, taskId: number): Promise<LinkedDocument[]> {
  return (await linkedDocuments(db, TASK, taskId, { publicOnly: true })).filter((d) => d.role === TASK_DOCUMENT_ROLE);
}

export async function publishedComments(db: Db, taskId: number): Promise<{ id: number; body: string; createdAt: string }[]> {
  const rows = await db.selectFrom('task_comments').select(['id', 'body', 'created_at']).where('task_id', '=', taskId).where('status', '=', 'published').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, body: r.body, createdAt: r.created_at }));
}

export interface FindingView {
  id: number;
  source: string;
  problem: string;
  unitId: number;
  unit: string;
  measures: string;
  dueOn: string;
  result: string;
  rectifiedOn: string | null;
  publicStatus: FindingStatus;
  notices: LinkedDocument[];
  recordStatus: string;
  version: number;
}

export async function findingViews(db: Db, opts: { publicOnly: boolean; unitIds?: number[]; today?: string }): Promise<FindingView[]> {
  let q = db.selectFrom('task_findings').selectAll().orderBy('due_on', 'desc').orderBy('id', 'desc');
  if (opts.publicOnly) q = whereHasPublicVersion(q);
  else if (opts.unitIds) q = q.where('unit_id', 'in', opts.unitIds.length ? opts.unitIds : [-1]);
  let rows: TaskFindingRow[] = await q.execute();
  if (opts.publicOnly) rows = await publicVersions(db, FINDING, rows);
  const docs = await linkedDocumentsOf(db, FINDING, rows.map((r) => r.id), { publicOnly: opts.publicOnly });
  const tree = await loadUnitTree(db);
  const today = opts.today ?? todayBeijing();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    problem: r.problem,
    unitId: r.unit_id,
    unit: tree.byId.get(r.unit_id)?.name ?? '',
    measures: r.measures,
    dueOn: r.due_on,
    result: r.result,
    rectifiedOn: r.rectified_on,
    publicStatus: findingStatus(r.due_on, r.rectified_on, today),
    notices: (docs.get(r.id) ?? []).filter((d) => d.role === NOTICE_ROLE),
    recordStatus: r.status,
    version: r.version,
  }));
}

// Reads of the console pages (issue 14: the queries of routes and views live here).

/** Task ids with a report not yet published or withdrawn (draft, submitted, approved, returned), one row per report. */
export async function openReportTaskIds(db: DbOrTrx, taskIds: number[]): Promise<{ task_id: number }[]> {
  if (!taskIds.length) return [];
  return db.selectFrom('task_reports').select(['task_id']).where('task_id', 'in', taskIds).where('status', 'in', ['draft', 'submitted', 'approved', 'returned']).execute();
}

/** Task ids with a public comment waiting for moderation, one row per comment. */
export async function pendingCommentTaskIds(db: DbOrTrx, taskIds: number[]): Promise<{ task_id: number }[]> {
  if (!taskIds.length) return [];
  return db.selectFrom('task_comments').select(['task_id']).where('task_id', 'in', taskIds).where('status', '=', 'pending').execute();
}

/** Tasks not retired (the parent task choices), newest year first. */
export async function activeTaskChoices(db: DbOrTrx): Promise<{ id: number; title: string; year: number }[]> {
  return db.selectFrom('tasks').select(['id', 'title', 'year']).where('status', '!=', 'retired').orderBy('year', 'desc').orderBy('id').execute();
}

/** Every report of a task (any status), newest first. */
export async function reportsOfTask(db: DbOrTrx, taskId: number): Promise<TaskReportRow[]> {
  return db.selectFrom('task_reports').selectAll().where('task_id', '=', taskId).orderBy('reported_on', 'desc').orderBy('id', 'desc').execute();
}

/** A task's public comments waiting for moderation, oldest first. */
export async function pendingCommentsOfTask(db: DbOrTrx, taskId: number): Promise<TaskCommentRow[]> {
  return db.selectFrom('task_comments').selectAll().where('task_id', '=', taskId).where('status', '=', 'pending').orderBy('id').execute();
}
