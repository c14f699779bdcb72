// 政府信息公开工作年度报告: the statutory tables computed from the records, narrative, publication.
import type { FeatureModule } from '../../platform/modules.ts';
import { annualReportIndicator } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import { seedDemoReport } from './seed.ts';
import { registerReportRoutes } from './api.ts';
import { annualReportCheck } from './health.ts';

export const reportsModule: FeatureModule = {
  name: 'reports',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  seed: async (db, ctx) => {
    if (ctx.demo) await seedDemoReport(db);
  },
  async routes(app) {
    await (await import('./console/reports.tsx')).default(app);
  },
  api: (api) => registerReportRoutes(api, api.db),
  contributes: {
    'assessment.indicators': [annualReportIndicator], // 考核: report published by 31 January (assessment.ts)
    'health.checks': [annualReportCheck], // site health: 年报 published by its deadline (health.ts)
  },
  menus: { console: [{ href: '/admin/reports', label: '年度报告', order: 40, action: 'report.read' }] },
};
