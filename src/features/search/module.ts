// 检索: full-text search of published documents and their attachments, suggestions, statistics.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { reindexCommand } from './cli.ts';
import { attachmentTextPlugin } from './attachment-text.ts';
import { indexDocuments } from './engine.ts';
import { SEARCH_YEAR_FIGURES, searchAvailableCheck } from './health.ts';

export const searchModule: FeatureModule = {
  name: 'search',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  cli: { reindex: reindexCommand },
  async routes(app) {
    await app.register(import('./index.ts'));
    await app.register(attachmentTextPlugin); // attachment text for search, extracted after the upload is answered
    await (await import('./console/search-stats.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerSearchApi(api);
  },
  events: {
    // Published, changed, withdrawn or deleted documents (documents feature, after commit).
    'document.changed': (db, p: { ids: number[] }) => indexDocuments(db, p.ids),
  },
  contributes: { 'health.checks': [searchAvailableCheck], 'health.yearFigures': SEARCH_YEAR_FIGURES }, // site health (health.ts)
  menus: { console: [{ href: '/admin/search-stats', label: '检索统计', order: 100, action: 'search.stats' }] },
};
