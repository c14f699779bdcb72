// 政民互动's part of the console home ('console.tasks') and of the calendar's provisional-deadline notice
// ('calendar.provisional'): unanswered messages, overdue ones, those unanswered beyond 3 months (the
// inspection single-veto item) and replies waiting for review — in the staff member's scope.
import { roleAllows } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ConsoleTasks, TaskCount } from '../admin/public.ts';
import type { ProvisionalDeadlines } from '../calendar/public.ts';
import { provisionalCount, unansweredCount, vetoCutoff } from './repository.ts';

export const messageTasks: ConsoleTasks = {
  async tasks({ db, actor, today }) {
    if (!roleAllows(actor.role, 'message.read')) return null;
    const scope = actor.role === 'admin' ? null : [...actor.scope];
    const counts: TaskCount[] = [];
    counts.push({ order: 320, href: '/admin/messages?state=veto', label: '超过 3 个月未答复的留言（一票否决）', n: await unansweredCount(db, scope, { receivedBefore: vetoCutoff(today) }), tone: 'bad' });
    counts.push({ order: 321, href: '/admin/messages?state=overdue', label: '超过答复期限的留言', n: await unansweredCount(db, scope, { dueBefore: today }), tone: 'bad' });
    counts.push({ order: 322, href: '/admin/messages?state=open', label: '待答复的留言', n: await unansweredCount(db, scope, { status: 'open' }), tone: 'warn' });
    if (roleAllows(actor.role, 'message.review')) counts.push({ order: 323, href: '/admin/messages?state=review', label: '待审核的留言答复', n: await unansweredCount(db, scope, { status: 'review' }), tone: 'warn' });
    const shown = counts.filter((c) => c.n > 0);
    return shown.length ? { heading: '政民互动', counts: shown } : null;
  },
};

export const provisionalMessages: ProvisionalDeadlines = {
  count: (db: Db, scope) => provisionalCount(db, scope ? [...scope] : null),
  describe: (n) => `目前有 ${n} 条待答复的政民互动留言，答复期限为暂定`,
};
