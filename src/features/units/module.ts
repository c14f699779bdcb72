// 单位: the unit tree (政府办, departments, towns), each unit's disclosure guide and remedies.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { seedUnits } from './seed.ts';

export const unitsModule: FeatureModule = {
  name: 'units',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  seed: (db) => seedUnits(db),
  async routes(app) {
    await (await import('./console/units.tsx')).default(app);
  },
  menus: { console: [{ href: '/admin/units', label: '单位', order: 50, action: 'unit.manage' }] },
};
