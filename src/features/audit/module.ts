// 操作日志: the append-only audit log for auditors and administrators; 邮件发送记录 for the platform admin.
import type { FeatureModule } from '../../platform/modules.ts';

export const auditModule: FeatureModule = {
  name: 'audit',
  async routes(app) {
    await (await import('./audit.tsx')).default(app);
    await (await import('./mail-outbox.tsx')).default(app);
  },
  menus: {
    console: [
      { href: '/admin/audit', label: '操作日志', order: 90, action: 'audit.read' },
      { href: '/admin/mail', label: '邮件发送记录', order: 110, action: 'admin' },
    ],
  },
};
