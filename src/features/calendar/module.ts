// 工作日历: the holiday and make-up working day schedule each statutory period is counted on
// (platform/calendar holds the calculation; this feature is its console page, the home page's calendar
// alert and the 'calendar.provisional' extension point, provisional.ts).
import type { FeatureModule } from '../../platform/modules.ts';
import { calendarTasks } from './console-tasks.tsx';

export const calendarModule: FeatureModule = {
  name: 'calendar',
  async routes(app) {
    await (await import('./calendar.tsx')).default(app);
  },
  menus: { console: [{ href: '/admin/calendar', label: '工作日历', order: 80, action: 'calendar.manage' }] },
  contributes: { 'console.tasks': calendarTasks },
};
