// The actions of 回应关切 and the roles that may perform them (the platform admin may do all).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'concern.read': true;
    'concern.manage': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'concern.read': { label: '查看社会关切登记', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'concern.manage': { label: '登记社会关切和回应', roles: ['unit-admin', 'editor', 'reviewer'] },
};
