// 应急/疫情信息发布 (issue 18, seed §二(一)): emergency topics with a timestamped update log (each update published
// through review; an on-duty reviewer may publish at once with a reason), linked 应急预案 marked 法定公开, a public
// page with the newest update on top, an Atom feed and /api/v1/emergencies — on the shared register pattern.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import './tables.ts';

export const emergenciesModule: FeatureModule = {
  name: 'emergencies',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerEmergencyRoutes(api);
  },
  menus: {
    public: [{ href: '/yjxx', label: '应急信息', order: 38 }],
    console: [{ href: '/admin/emergencies', label: '应急信息', order: 28, action: 'emergency.read' }],
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoEmergencies(db);
  },
};
