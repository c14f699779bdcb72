// 公众参与 · 征求意见 (issue 17): consultations on draft decisions — review like a document, comments on the
// whole draft or one article (honeypot + rate limit, receipt number, moderation with reasons), offline
// opinions, revised drafts with a paragraph-level diff, opinions grouping comments with 采纳/部分采纳/不予采纳/
// 无需采纳 decisions and the reviewed 意见采纳情况 page, the overdue dashboard, the API and exports.
import type { FeatureModule } from '../../platform/modules.ts';
import { consultationFeedbackIndicator } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import { consultationTasks } from './console-tasks.ts';
import { decisionDocumentSection } from './document-section.tsx';
import { consultationAbout } from './message-about.ts';
import { CONSULTATION_YEAR_FIGURES } from './health.ts';
import './tables.ts';

export const consultationsModule: FeatureModule = {
  name: 'consultations',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).registerPublicPages(app);
    await (await import('./console.tsx')).registerConsolePages(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerConsultationsApi(api);
  },
  menus: {
    public: [{ href: '/yjzj', label: '意见征集', order: 45 }],
    console: [{ href: '/admin/consultations', label: '征求意见', order: 35, action: 'consultation.read' }],
  },
  contributes: {
    'console.tasks': consultationTasks,
    'documents.pageSections': decisionDocumentSection,
    'assessment.indicators': [consultationFeedbackIndicator],
    'messages.about': consultationAbout, // a 政民互动 message may be about a consultation (message-about.ts)
    'health.yearFigures': CONSULTATION_YEAR_FIGURES, // 政府网站工作年度报表: opinions received (health.ts)
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemo(db, ctx);
  },
};
