// The actions of 网站健康度 and the roles that may perform them (the platform admin may do all). Scope: a
// staff member sees the health of their unit and the units below it; the whole portal needs the root unit.
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'health.read': true;
    'health.crawl': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'health.read': { label: '查看网站健康度（检查指标）和政府网站工作年度报表', roles: ['unit-admin', 'editor', 'reviewer', 'auditor', 'handler', 'office-head'] },
  'health.crawl': { label: '立即检查全站链接和附件', roles: [] },
};
