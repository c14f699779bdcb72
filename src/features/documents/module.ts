// 文件: government information with its standard metadata, the 三审 workflow, public pages and feeds.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { seedDemoDocuments } from './seed.ts';
import { auditCommand, exportCommand, importCommand } from './cli.ts';
import publicPages from './index.ts';
import { scheduledPublicationJob } from './scheduled.ts';
import { documentTasks } from './console-tasks.tsx';
import { proactiveOnTimeIndicator } from './assessment.ts';
import { nextPublicationAfter } from './documents.repository.ts';
import { DOCUMENT_HEALTH_CHECKS, DOCUMENT_YEAR_FIGURES } from './health.ts';
import type { NextPublicChange } from '../../platform/http/public-cache.ts';

export const documentsModule: FeatureModule = {
  name: 'documents',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  seed: async (db, ctx) => {
    if (ctx.demo) await seedDemoDocuments(db);
  },
  jobs: [scheduledPublicationJob],
  cli: { import: importCommand, export: exportCommand, audit: auditCommand },
  async routes(app) {
    await app.register(publicPages);
    await (await import('./console/documents.tsx')).default(app);
    await (await import('./console/review.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerDocumentRoutes(api);
  },
  contributes: {
    'console.tasks': documentTasks, // the console home's boxes (console-tasks.tsx)
    'assessment.indicators': [proactiveOnTimeIndicator], // 考核: published within 20 working days (assessment.ts)
    'publicCache.nextChange': nextPublicationAfter satisfies NextPublicChange, // public pages change at a scheduled publication
    'health.checks': DOCUMENT_HEALTH_CHECKS, // site health: home page, columns, empty columns, 失效文件清单 (health.ts)
    'health.yearFigures': DOCUMENT_YEAR_FIGURES,
  },
  menus: {
    public: [
      { href: '/', label: '首页', order: 0 },
      { href: '/xxgk', label: '政府信息公开', order: 10 },
      { href: '/xxgk/catalog', label: '公开目录', order: 20 },
      { href: '/xxgk/art20', label: '法定主动公开内容', order: 30 },
      { href: '/xxgk/invalid', label: '失效文件清单', order: 40 },
    ],
    console: [
      { href: '/admin/documents', label: '文件管理', order: 10, action: 'document.read' },
      { href: '/admin/review', label: '审核', order: 20, action: 'document.review' },
    ],
  },
};
