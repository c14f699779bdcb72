// 重点任务 and 督查/审计整改: the lists and the derived state, as pure functions (table-tested in rules.test.ts).
// Status and progress are computed from milestones, published reports and today — never stored.
import { isIsoDate } from '../../platform/views/format.ts';

export const SOURCES = ['政府工作报告', '年度重点工作', '民生实事'] as const;
export const FINDING_SOURCES = ['督查', '审计', '巡察', '其他'] as const;
export type TaskStatus = '未开始' | '推进中' | '已完成' | '滞后';
export const TASK_STATUSES: readonly TaskStatus[] = ['未开始', '推进中', '已完成', '滞后'];

export interface Milestone {
  title: string;
  /** Target date YYYY-MM-DD. */
  due: string;
  /** Date it was reached, or null. */
  done: string | null;
}

/** A percent typed by staff: an integer 0–100, else a Chinese message naming what was typed. */
export function checkPercent(raw: unknown): { value: number; error?: undefined } | { value?: undefined; error: string } {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().replace(/[%％]$/, '').trim() : '';
  if (s === '') return { error: '请填写完成进度（0 到 100 之间的整数）' };
  if (!/^-?\d+(\.\d+)?$/.test(s)) return { error: `完成进度应为 0 到 100 之间的整数，“${s}”不是数字` };
  const n = Number(s);
  if (!Number.isInteger(n)) return { error: `完成进度应为整数（填写的是 ${s}%）` };
  if (n < 0 || n > 100) return { error: `完成进度应在 0% 到 100% 之间（填写的是 ${n}%）` };
  return { value: n };
}

/**
 * Milestones from the form's lines: `目标日期 节点名称` or `目标日期 节点名称 完成于 完成日期`
 * (separators: spaces, ｜ or |). Errors name the line.
 */
export function parseMilestones(text: string): { items: Milestone[]; errors: string[] } {
  const items: Milestone[] = [];
  const errors: string[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (!line) return;
      const parts = /[|｜]/.test(line) ? line.split(/[|｜]/).map((x) => x.trim()) : (/^(\S+)\s+(.+?)(?:\s+完成于\s*(\S+))?$/.exec(line)?.slice(1) ?? [line]);
      const [due = '', title = '', done = ''] = parts;
      if (!isIsoDate(due) || !title) return void errors.push(`第 ${i + 1} 行应为“目标日期 节点名称”，如 2020-06-30 完成方案制定（已完成的加“ 完成于 2020-06-28”）`);
      if (done && !isIsoDate(done)) return void errors.push(`第 ${i + 1} 行的完成日期“${done}”不是有效日期（YYYY-MM-DD）`);
      if (title.length > 200) return void errors.push(`第 ${i + 1} 行的节点名称超过 200 个字`);
      items.push({ title, due, done: done || null });
    });
  if (items.length > 50) errors.push('节点不能超过 50 个');
  items.sort((a, b) => a.due.localeCompare(b.due));
  return { items, errors };
}

export function formatMilestones(items: readonly Milestone[]): string {
  return items.map((m) => `${m.due} ${m.title}${m.done ? ` 完成于 ${m.done}` : ''}`).join('\n');
}

export interface ProgressNode {
  id: number;
  parentId: number | null;
  /** Weight in the parent (≥ 1). */
  weight: number;
  /** A leaf's own progress: the latest published report's percent (0 without one). */
  own: number;
}

/**
 * Progress of every task: a leaf has its own; a parent is the weighted mean of its children's (recursively),
 * rounded to a whole percent. A node whose parent is not in the list is a root.
 */
export function rollupProgress(nodes: readonly ProgressNode[]): Map<number, number> {
  const children = new Map<number, ProgressNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) if (n.parentId !== null && ids.has(n.parentId)) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const exact = new Map<number, number>();
  const visit = (n: ProgressNode, seen: Set<number>): number => {
    const known = exact.get(n.id);
    if (known !== undefined) return known;
    const kids = seen.has(n.id) ? [] : children.get(n.id) ?? [];
    let p: number;
    if (!kids.length) p = n.own;
    else {
      const next = new Set(seen).add(n.id);
      const total = kids.reduce((s, k) => s + Math.max(0, k.weight), 0);
      p = total > 0 ? kids.reduce((s, k) => s + Math.max(0, k.weight) * visit(k, next), 0) / total : kids.reduce((s, k) => s + visit(k, next), 0) / kids.length;
    }
    exact.set(n.id, p);
    return p;
  };
  const out = new Map<number, number>();
  for (const n of nodes) out.set(n.id, Math.min(100, Math.max(0, Math.round(visit(n, new Set())))));
  return out;
}

/**
 * 未开始 / 推进中 / 已完成 / 滞后 from the milestones, the published reports and today:
 * 已完成 — progress 100 % and every milestone reached; 滞后 — a milestone past its target date not reached,
 * or the task's end date passed before 100 %; 未开始 — no published report, 0 % and no milestone reached;
 * otherwise 推进中. A target date is met on the day itself.
 */
export function taskStatus(input: { progress: number; milestones: readonly Milestone[]; reports: number; today: string; endsOn?: string | null }): { status: TaskStatus; reason: string } {
  const { progress, milestones, reports, today, endsOn } = input;
  const late = milestones.filter((m) => !m.done && m.due < today);
  if (progress >= 100 && milestones.every((m) => m.done)) return { status: '已完成', reason: '完成进度 100%' };
  if (late.length) return { status: '滞后', reason: `节点“${late[0]!.title}”应于 ${late[0]!.due} 完成，尚未完成` };
  if (endsOn && endsOn < today) return { status: '滞后', reason: `应于 ${endsOn} 完成，完成进度 ${progress}%` };
  if (reports === 0 && progress === 0 && !milestones.some((m) => m.done)) return { status: '未开始', reason: '尚无公开的进展报告' };
  return { status: '推进中', reason: `完成进度 ${progress}%` };
}

export type FindingStatus = '整改中' | '已整改' | '逾期未整改' | '逾期整改';

/** Public status of a 督查/审计 finding from its deadline, the date it was rectified and today. */
export function findingStatus(dueOn: string, rectifiedOn: string | null, today: string): FindingStatus {
  if (rectifiedOn) return rectifiedOn > dueOn ? '逾期整改' : '已整改';
  return today > dueOn ? '逾期未整改' : '整改中';
}
