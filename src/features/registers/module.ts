// 登记簿 (issue 18): the shared register pattern — versioned records with audit, links to documents and review
// before public — used by power-lists, new-media, catalog, tasks, emergencies and key-areas through public.ts.
// No pages of its own: each register shows its records, history and links on its own pages.
import type { FeatureModule } from '../../platform/modules.ts';
import './tables.ts';

export const registersModule: FeatureModule = {
  name: 'registers',
  migrations: new URL('./migrations/', import.meta.url),
};
