// 考核 (issue 19): per-unit assessment of disclosure work computed from records. The indicators are measured
// by the features that own the records (extension point 'assessment.indicators', public.ts); this feature
// keeps the 政府办's weights per year, ranks the units, shows each score's records and trends, and exports.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import './tables.ts';

export const assessmentModule: FeatureModule = {
  name: 'assessment',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./console.tsx')).registerConsolePages(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerAssessmentApi(api);
  },
  menus: {
    console: [{ href: '/admin/assessment', label: '政务公开考核', order: 42, action: 'assessment.read' }],
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoWeights(db);
  },
};
