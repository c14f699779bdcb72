// The actions of 重点领域信息公开 and the roles that may perform them (the platform admin may do all).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'keyarea.read': true;
    'keyarea.edit': true;
    'keyarea.review': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'keyarea.read': { label: '查看重点领域信息', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'keyarea.edit': { label: '填报重点领域信息', roles: ['unit-admin', 'editor'] },
  'keyarea.review': { label: '审核、公开重点领域信息', roles: ['unit-admin', 'reviewer'] },
};
