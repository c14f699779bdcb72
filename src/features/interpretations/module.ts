// 政策解读 (issue 16): interpretations are documents (体裁“解读”, 栏目“政策解读”) with their own forms, 简明问答
// pairs and links to the policies they explain; 解读会 records, the "needs interpretation" mark and the
// dashboard of unexplained policies, late interpretations and missed meetings.
import type { FeatureModule } from '../../platform/modules.ts';
import { interpretationIndicators } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import { documentPageSection, searchAnswers } from './public-pages.tsx';
import type { SearchAnswerContribution } from '../search/public.ts';
import { documentConsoleSection, interpretationTasks } from './console-tasks.tsx';
import { interpretationsCommand } from './cli.ts';
import './tables.ts';

export const interpretationsModule: FeatureModule = {
  name: 'interpretations',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./public-pages.tsx')).default(app);
    await (await import('./console.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerInterpretationRoutes(api);
  },
  cli: { interpretations: interpretationsCommand },
  menus: {
    public: [{ href: '/zcjd', label: '政策解读', order: 35 }],
    console: [{ href: '/admin/interpretations', label: '政策解读', order: 25, action: 'interpretation.read' }],
  },
  contributes: {
    'assessment.indicators': interpretationIndicators, // 考核: 三同步 and the one-month 解读会 (assessment.ts)
    // documents' public page shows a policy's interpretations, and an interpretation's policies, forms and Q&A.
    'documents.pageSections': documentPageSection,
    'console.tasks': interpretationTasks,
    // documents' console page of a policy says whether its interpretation is ready (the reviewer's 三同步 check).
    'documents.consoleSections': documentConsoleSection,
    // A site search that matches a question shows the pair with its answer above the documents.
    'search.answers': searchAnswers satisfies SearchAnswerContribution,
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoInterpretations(db);
  },
};
