// 分类: topics (主题分类), genres (体裁) and columns (栏目).
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { seedTerms } from './seed.ts';

export const taxonomyModule: FeatureModule = {
  name: 'taxonomy',
  actions: ACTIONS,
  seed: (db) => seedTerms(db),
  async routes(app) {
    await (await import('./console/terms.tsx')).default(app);
  },
  menus: { console: [{ href: '/admin/terms', label: '分类', order: 70, action: 'term.manage' }] },
};
