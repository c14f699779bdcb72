// The actions of 应急/疫情信息发布 and the roles that may perform them (the platform admin may do all).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'emergency.read': true;
    'emergency.edit': true;
    'emergency.review': true;
    'emergency.duty': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'emergency.read': { label: '查看应急信息发布', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'emergency.edit': { label: '起草应急专题和动态', roles: ['unit-admin', 'editor', 'reviewer'] },
  'emergency.review': { label: '审核发布应急专题和动态', roles: ['unit-admin', 'reviewer'] },
  'emergency.duty': { label: '安排应急值班审核人员', roles: ['unit-admin'] },
};
