// 政务新媒体 registry (issue 18): the district's accounts (platform, name, account, unit, responsible person,
// verification, opened/closed, 备案, interaction channel) as a register of the shared pattern (versions, review
// before public); one active account per platform per unit (also a partial unique index) unless an approved
// exception; updates recorded or imported (.xlsx); accounts not updated for 14 days flagged (computed);
// public /zwxmt; /api/v1/new-media.
import type { FeatureModule } from '../../platform/modules.ts';
import { newMediaIndicator } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import './tables.ts';

export const newMediaModule: FeatureModule = {
  name: 'new-media',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerNewMediaRoutes(api);
  },
  menus: {
    public: [{ href: '/zwxmt', label: '政务新媒体', order: 38 }],
    console: [{ href: '/admin/new-media', label: '政务新媒体', order: 28, action: 'newmedia.read' }],
  },
  contributes: { 'assessment.indicators': [newMediaIndicator] }, // 考核: stale accounts (assessment.ts)
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoNewMedia(db);
  },
};
