// 依申请公开: applications on the statutory clock, letters, files, the public form and tracking page.
import type { FeatureModule } from '../../platform/modules.ts';
import { requestIndicators } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import { seedRequests } from './seed.ts';
import { DUE_RECOMPUTE_EVENT, recomputeOnCalendarChange, registerDueHooks, type DueRecomputePayload } from './requests.due.ts';
import { registerRequestRoutes } from './api.ts';
import { provisionalRequests, requestTasks } from './console-tasks.tsx';
import { REQUEST_YEAR_FIGURES, requestsOverdueCheck } from './health.ts';

export const requestsModule: FeatureModule = {
  name: 'requests',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  seed: seedRequests,
  install: registerDueHooks, // entering a calendar year recomputes the stored due dates of requests
  async routes(app) {
    await app.register(import('./pages.tsx')); // the applicants' pages (/ysqgk)
    await (await import('./console/requests.tsx')).default(app); // the console (/admin/requests)
  },
  api: (api) => registerRequestRoutes(api, api.db),
  events: {
    // A calendar year entered (its transaction recorded the event): due dates recomputed in short batches.
    [DUE_RECOMPUTE_EVENT]: async (db, p: DueRecomputePayload) => {
      await recomputeOnCalendarChange(db, p);
    },
  },
  contributes: {
    'console.tasks': requestTasks,
    'calendar.provisional': provisionalRequests,
    'assessment.indicators': requestIndicators,
    'health.checks': [requestsOverdueCheck], // site health: requests unanswered beyond their limit (health.ts)
    'health.yearFigures': REQUEST_YEAR_FIGURES,
  },
  menus: {
    public: [{ href: '/ysqgk', label: '依申请公开', order: 50 }],
    console: [{ href: '/admin/requests', label: '依申请公开', order: 30, action: 'request.read' }],
  },
};
