// 重点任务 / 民生实事 / 政府工作报告分工 and 督查/审计整改 (issue 18): tasks with milestones and progress
// reports (进展情况, 取得成效, 后续举措), derived progress and status, the public board and timelines with a
// moderated opinion channel, and audit/inspection findings with their public status — on the shared register
// pattern (src/features/registers: versions, document links, review before public).
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { taskAbout } from './message-about.ts';
import './tables.ts';

export const tasksModule: FeatureModule = {
  name: 'tasks',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./public-pages.tsx')).default(app);
    await (await import('./console.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerTaskRoutes(api);
  },
  menus: {
    public: [{ href: '/zdrw', label: '重点任务', order: 37 }],
    console: [{ href: '/admin/tasks', label: '重点任务', order: 27, action: 'task.read' }],
  },
  contributes: { 'messages.about': taskAbout }, // a 政民互动 message may be about a key task (message-about.ts)
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoTasks(db);
  },
};
