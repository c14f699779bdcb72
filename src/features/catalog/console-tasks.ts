// 标准目录's part of the console home (我的待办, extension point 'console.tasks'), for the newest catalog year:
// a unit's editors see their items not yet submitted and those the 政府办 returned (with the deadline); the
// 政府办's reviewers see the units waiting for review and the accepted items waiting for publication. Only
// non-zero counts, so other roles' home pages are unchanged.
import { roleAllows } from '../../platform/access/roles.ts';
import type { ConsoleTasks, TaskCount } from '../admin/public.ts';
import { isCoordinator } from './commands.ts';
import { currentYear, deadlineOf, itemStatuses } from './repository.ts';

export const catalogTasks: ConsoleTasks = {
  async tasks({ db, actor }) {
    if (!roleAllows(actor.role, 'catalog.edit') && !roleAllows(actor.role, 'catalog.review')) return null;
    const year = await currentYear(db);
    const counts: TaskCount[] = [];
    const href = `/admin/catalog?year=${year}`;
    const byStatus = async (statuses: string[], scoped: boolean) => {
      return itemStatuses(db, year, statuses, scoped && actor.role !== 'admin' ? [...actor.scope] : null);
    };
    if (roleAllows(actor.role, 'catalog.edit')) {
      const rows = await byStatus(['draft', 'returned'], true);
      const deadline = await deadlineOf(db, year);
      counts.push({ order: 320, href, label: `未提交的标准目录事项（${year} 年，期限 ${deadline}）`, n: rows.filter((r) => r.status === 'draft').length, tone: 'warn' });
      counts.push({ order: 321, href, label: '政府办退回修改的标准目录事项', n: rows.filter((r) => r.status === 'returned').length, tone: 'bad' });
    }
    if (await isCoordinator(db, actor)) {
      const rows = await byStatus(['submitted', 'approved'], false);
      counts.push({ order: 322, href, label: '待审核的单位标准目录', n: new Set(rows.filter((r) => r.status === 'submitted').map((r) => r.unit_id)).size });
      counts.push({ order: 323, href, label: '审核通过、待公布的标准目录事项', n: rows.filter((r) => r.status === 'approved').length });
    }
    const shown = counts.filter((c) => c.n > 0);
    return shown.length ? { heading: '标准目录', counts: shown } : null;
  },
};
