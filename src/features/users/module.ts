// 用户: staff accounts, roles, API tokens; 我的账号 (own password and tokens).
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import { seedDemoUsers } from './seed.ts';
import { tokenCommand, userCommand } from './cli.ts';

export const usersModule: FeatureModule = {
  name: 'users',
  actions: ACTIONS,
  seed: async (db, ctx) => {
    if (ctx.demo) await seedDemoUsers(db, ctx);
  },
  cli: { user: userCommand, token: tokenCommand },
  async routes(app) {
    await (await import('./console/users.tsx')).default(app);
    await (await import('./console/account.tsx')).default(app);
  },
  menus: { console: [{ href: '/admin/users', label: '用户', order: 60, action: 'user.manage' }] },
};
