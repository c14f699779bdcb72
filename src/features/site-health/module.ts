// 网站健康度 (issue 19): the portal and each unit against 《政府网站与政务新媒体检查指标》 — home page and
// column updates, empty columns, unanswered messages and requests, broken links and attachments (a crawler
// over the portal), search, 失效文件清单 and 年报 on time — computed from records on demand; the yearly
// 政府网站工作年度报表 figures with .xlsx export; GET /api/v1/health. Other features contribute their checks
// and figures to the extension points 'health.checks' and 'health.yearFigures' (public.ts).
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { healthCommand } from './cli.ts';
import { crawlJob } from './jobs.ts';
import { brokenLinksCheck } from './links-check.ts';
import { rememberApp } from './crawl-run.ts';
import './tables.ts';

export const siteHealthModule: FeatureModule = {
  name: 'site-health',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    rememberApp(app);
    await (await import('./console.tsx')).registerHealthConsole(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerHealthApi(api);
  },
  menus: { console: [{ href: '/admin/health', label: '网站健康度', order: 90, action: 'health.read' }] },
  contributes: { 'health.checks': [brokenLinksCheck] },
  cli: { health: healthCommand },
  jobs: [crawlJob],
};
