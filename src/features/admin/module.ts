// 管理后台 shell: the console home (我的待办), its styles and shared console UI. Every other console page
// belongs to its feature.
import type { FeatureModule } from '../../platform/modules.ts';
import admin from './index.tsx';
import { failedEventTasks } from './failed-events.tsx';

export const adminModule: FeatureModule = {
  name: 'admin',
  async routes(app) {
    await app.register(admin);
  },
  menus: { console: [{ href: '/admin', label: '我的待办', order: 0, action: null }] },
  contributes: { 'console.tasks': failedEventTasks }, // events that failed: an alert for the platform administrator
};
