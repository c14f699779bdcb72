// 征求意见's part of the console home (我的待办, extension point 'console.tasks'): comments waiting for
// moderation, consultations waiting for review, and feedback overdue — in the staff member's scope, only
// when there is something to do (a count of 0 is left out).
import { roleAllows } from '../../platform/access/roles.ts';
import type { ConsoleTasks, TaskCount } from '../admin/public.ts';
import { addDays, settings } from './rules.ts';
import { awaitingReviewCount, overdueFeedbackCount, pendingCommentCount } from './repository.ts';

export const consultationTasks: ConsoleTasks = {
  async tasks({ db, actor, today }) {
    const scope = actor.role === 'admin' ? null : [...actor.scope];
    const counts: TaskCount[] = [];
    if (roleAllows(actor.role, 'consultation.moderate')) {
      const pending = await pendingCommentCount(db, scope);
      counts.push({ order: 300, href: '/admin/consultations', label: '待审核的公众意见', n: pending, tone: 'warn' });
    }
    if (roleAllows(actor.role, 'consultation.review')) {
      const submitted = await awaitingReviewCount(db, scope, actor.id);
      counts.push({ order: 301, href: '/admin/consultations', label: '待审核或待发布的征求意见', n: submitted });
    }
    if (roleAllows(actor.role, 'consultation.feedback') || roleAllows(actor.role, 'consultation.feedback-publish')) {
      const lastEnd = addDays(today, -settings().feedbackDays - 1);
      const overdue = await overdueFeedbackCount(db, scope, lastEnd);
      counts.push({ order: 302, href: '/admin/consultations', label: '逾期未公布的意见采纳情况', n: overdue, tone: 'bad' });
    }
    const shown = counts.filter((c) => c.n > 0);
    return shown.length ? { heading: '征求意见', counts: shown } : null;
  },
};
