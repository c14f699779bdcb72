// The actions of 权责清单 and the roles that may perform them (the platform admin may do all).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'power.read': true;
    'power.edit': true;
    'power.review': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'power.read': { label: '查看权责清单（含未公开的）', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'power.edit': { label: '编辑、导入权责清单事项', roles: ['unit-admin', 'editor'] },
  'power.review': { label: '审核、公开、停用权责清单事项', roles: ['unit-admin', 'reviewer'] },
};
