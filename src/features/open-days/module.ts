// 政府开放日 (issue 17, seed §三(三)): open days on the shared register pattern (review before public), public
// registration without JavaScript (honeypot + rate limit + receipt; waiting list when full; cancel with receipt
// and phone, the waiting list moves up), cancellation with a reason, the printable check-in list (.xlsx too),
// attendance, and the published summary with photos and questions/answers; /api/v1/open-days.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { openDayTasks } from './console-tasks.ts';
import './tables.ts';

export const openDaysModule: FeatureModule = {
  name: 'open-days',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).registerPublicPages(app);
    await (await import('./console.tsx')).registerConsolePages(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerOpenDaysApi(api);
  },
  menus: {
    public: [{ href: '/kfr', label: '政府开放日', order: 47 }],
    console: [{ href: '/admin/open-days', label: '政府开放日', order: 37, action: 'open-day.read' }],
  },
  contributes: { 'console.tasks': openDayTasks },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemo(db);
  },
};
