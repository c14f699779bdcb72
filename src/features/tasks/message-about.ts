// What a 政民互动 message may be about (messages' extension point 'messages.about', contributed from module.ts):
// a key task, shown on the message as a link to its public page while it has a public version (its title as
// last published; a retired or never published task is not linked).
import type { MessageAbout } from '../messages/public.ts';
import { publicVersions, whereHasPublicVersion } from '../registers/public.ts';
import { TASK } from './registers.ts';
import './tables.ts';

export const taskAbout: MessageAbout = {
  kind: 'task',
  label: '重点任务',
  async find(db, id) {
    const rows = await whereHasPublicVersion(db.selectFrom('tasks').selectAll().where('id', '=', id)).execute();
    const t = (await publicVersions(db, TASK, rows))[0];
    return t ? { title: t.title, url: `/zdrw/${t.id}` } : null;
  },
};
