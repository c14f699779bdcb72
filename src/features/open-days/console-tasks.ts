// 政府开放日's part of the console home (我的待办, extension point 'console.tasks'): open days waiting for review
// or publication, and held open days whose summary is not yet written — in the staff member's scope, only when
// there is something to do (a count of 0 is left out).
import { roleAllows } from '../../platform/access/roles.ts';
import type { ConsoleTasks, TaskCount } from '../admin/public.ts';
import { awaitingReviewCount, withoutSummaryCount } from './repository.ts';

export const openDayTasks: ConsoleTasks = {
  async tasks({ db, actor, today }) {
    const scope = actor.role === 'admin' ? null : [...actor.scope];
    const counts: TaskCount[] = [];
    if (roleAllows(actor.role, 'open-day.review')) {
      const waiting = await awaitingReviewCount(db, scope);
      counts.push({ order: 310, href: '/admin/open-days', label: '待审核或待公开的政府开放日', n: waiting });
    }
    if (roleAllows(actor.role, 'open-day.edit')) {
      const noSummary = await withoutSummaryCount(db, scope, today);
      counts.push({ order: 311, href: '/admin/open-days', label: '已举办、尚未填写总结的政府开放日', n: noSummary, tone: 'warn' });
    }
    const shown = counts.filter((c) => c.n > 0);
    return shown.length ? { heading: '政府开放日', counts: shown } : null;
  },
};
