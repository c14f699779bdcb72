// 政务公开事项标准目录 (issue 18; work points 2020 §一(二)): each unit compiles its catalog over the 26 areas in the
// columns of the published catalogs (domain.md §3.3), imports/exports it as .xlsx, submits it by the 政府办's
// deadline; the 政府办 reviews (returns with a reason or accepts), aggregates and publishes the district's
// catalog (public page and .xlsx). Items are register records (features/registers: versions, document links,
// review); their compliance — each linked document's 形成日期 and 发布日期 against the item's 公开时限 on the
// working-day calendar — is computed, never stored.
import type { FeatureModule } from '../../platform/modules.ts';
import { catalogIndicator } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import { catalogTasks } from './console-tasks.ts';
import { catalogDocumentSection } from './document-section.tsx';
import './tables.ts';

export const catalogModule: FeatureModule = {
  name: 'catalog',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).registerPublicPages(app);
    await (await import('./console.tsx')).registerConsolePages(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerCatalogApi(api);
  },
  menus: {
    public: [{ href: '/bzml', label: '标准目录', order: 47 }],
    console: [{ href: '/admin/catalog', label: '标准目录', order: 37, action: 'catalog.read' }],
  },
  contributes: { 'console.tasks': catalogTasks, 'documents.pageSections': catalogDocumentSection, 'assessment.indicators': [catalogIndicator] },
  async seed(db, ctx) {
    const seed = await import('./seed.ts');
    await seed.seedAreas(db);
    if (ctx.demo) await seed.seedDemo(db, ctx);
  },
};
