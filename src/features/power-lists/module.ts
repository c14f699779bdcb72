// 权责清单 / 行政许可事项清单 (issue 18): items with code, power type, sub-items, legal bases linked to the law
// documents, implementing unit and level, 责任事项, 追责情形, fees and time limits — each change a new version
// with reason and date (the shared register pattern, features/registers), reviewed before it is public; the
// public current list with search, filters and each item's history; .xlsx export/import; items citing a law
// marked 失效/废止/已修改 flagged for review; /api/v1/power-items.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import './tables.ts';

export const powerListsModule: FeatureModule = {
  name: 'power-lists',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerPowerItemRoutes(api);
  },
  menus: {
    public: [{ href: '/qzqd', label: '权责清单', order: 37 }],
    console: [{ href: '/admin/power-items', label: '权责清单', order: 27, action: 'power.read' }],
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoPowerItems(db);
  },
};
