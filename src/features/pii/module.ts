// 发布前把关: the personal-information gate (issue 19). Detects resident IDs, phone numbers, bank cards,
// credit codes, e-mail, passport and permit numbers and home addresses in documents and their attachments;
// refuses submission and publication while a finding is unresolved (documents' 'documents.publishChecks');
// 一键遮蔽, the two-reviewer override, POST /api/v1/pii/scan, and a nightly site-wide scan per unit.
import type { FeatureModule } from '../../platform/modules.ts';
import { piiIndicator } from './assessment.ts';
import { ACTIONS } from './actions.ts';
import { piiPublishCheck, prescanAttachments, useFileStore } from './gate.ts';
import { piiImportCheck } from './import-check.ts';
import { nightlyScanJob, piiCommand } from './site-scan.ts';

export const piiModule: FeatureModule = {
  name: 'pii',
  migrations: new URL('./migrations/', import.meta.url),
  actions: ACTIONS,
  async routes(app) {
    useFileStore(app.db, app.files);
    await (await import('./console.tsx')).default(app);
  },
  async api(api) {
    await (await import('./api.ts')).registerPiiApi(api);
  },
  menus: { console: [{ href: '/admin/pii', label: '个人信息检查', order: 25, action: 'pii.review' }] },
  contributes: { 'documents.publishChecks': piiPublishCheck, 'documents.importChecks': piiImportCheck, 'assessment.indicators': [piiIndicator] },
  // New attachments are scanned after the commit, so the gate usually finds them cached.
  events: { 'document.changed': prescanAttachments },
  cli: { pii: piiCommand },
  jobs: [nightlyScanJob],
};
