// 政民互动's part of the console home ('console.tasks') and of the calendar's provisional-deadline notice
// ('calendar.provisional'): unanswered messages, overdue ones, those unanswered beyond 3 months (the
// inspection single-veto item) and replies waiting for review — in the staff member's scope.
import { roleAllows } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ConsoleTasks, TaskCount } from '../admin/public.ts';
import type { ProvisionalDeadlines } from '../calendar/public.ts';
import { vetoCutoff } from './repository.ts';

const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);

export const messageTasks: ConsoleTasks = {
  async tasks({ db, actor, today }) {
    if (!roleAllows(actor.role, 'message.read')) return null;
    const base = () => {
      const q = db.selectFrom('messages as m').where('m.status', 'in', ['open', 'review']);
      return actor.role === 'admin' ? q : q.where('m.unit_id', 'in', actor.scope.size ? [...actor.scope] : [0]);
    };
    const counts: TaskCount[] = [];
    counts.push({ order: 320, href: '/admin/messages?state=veto', label: '超过 3 个月未答复的留言（一票否决）', n: await count(base().where('m.received_on', '<', vetoCutoff(today)).select((eb) => eb.fn.countAll().as('n'))), tone: 'bad' });
    counts.push({ order: 321, href: '/admin/messages?state=overdue', label: '超过答复期限的留言', n: await count(base().where('m.due_on', '<', today).select((eb) => eb.fn.countAll().as('n'))), tone: 'bad' });
    counts.push({ order: 322, href: '/admin/messages?state=open', label: '待答复的留言', n: await count(base().where('m.status', '=', 'open').select((eb) => eb.fn.countAll().as('n'))), tone: 'warn' });
    if (roleAllows(actor.role, 'message.review')) counts.push({ order: 323, href: '/admin/messages?state=review', label: '待审核的留言答复', n: await count(base().where('m.status', '=', 'review').select((eb) => eb.fn.countAll().as('n'))), tone: 'warn' });
    const shown = counts.filter((c) => c.n > 0);
    return shown.length ? { heading: '政民互动', counts: shown } : null;
  },
};

export const provisionalMessages: ProvisionalDeadlines = {
  async count(db: Db, scope) {
    let q = db.selectFrom('messages').where('status', 'in', ['open', 'review']).where('due_provisional', '=', 1);
    if (scope) q = q.where('unit_id', 'in', scope.size ? [...scope] : [0]);
    return count(q.select((eb) => eb.fn.countAll().as('n')));
  },
  describe: (n) => `目前有 ${n} 条待答复的政民互动留言，答复期限为暂定`,
};
