// 回应关切 (issue 16): the register of public concerns (topic, area, source, first seen, responsible unit)
// and their responses with the time taken; public responses by area, the staff register of open concerns.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import './tables.ts';

export const concernsModule: FeatureModule = {
  name: 'concerns',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerConcernRoutes(api);
  },
  menus: {
    public: [{ href: '/hygz', label: '回应关切', order: 36 }],
    console: [{ href: '/admin/concerns', label: '回应关切', order: 26, action: 'concern.read' }],
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoConcerns(db);
  },
};
