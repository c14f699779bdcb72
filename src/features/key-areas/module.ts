// 重点领域信息公开 (issue 18, seed §一(四)): structured records of 重大建设项目, 公共资源配置, 义务教育 (with the
// address → school lookup over the 施教区 of 招生范围), 医疗卫生, 征地征收 and 安全生产 — a register of the shared
// pattern (versions, document links, review before public), each record also a document in the catalog.
import type { FeatureModule } from '../../platform/modules.ts';
import { ACTIONS } from './actions.ts';
import './tables.ts';
import { keyAreaDocumentGuard } from './follow-guard.ts';

export const keyAreasModule: FeatureModule = {
  name: 'key-areas',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    await (await import('./pages.tsx')).registerPublicPages(app);
    await (await import('./console.tsx')).registerConsolePages(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerKeyAreasApi(api);
  },
  // A record's document follows the record: other steps on it (e.g. approving it alone in 文件管理) are refused.
  contributes: { 'documents.stepGuards': keyAreaDocumentGuard },
  menus: {
    public: [{ href: '/zdly', label: '重点领域', order: 38 }],
    console: [{ href: '/admin/key-areas', label: '重点领域信息', order: 37, action: 'keyarea.read' }],
  },
  async seed(db, ctx) {
    if (ctx.demo) await (await import('./seed.ts')).seedDemoKeyAreas(db);
  },
};
