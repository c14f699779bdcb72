// The actions of this feature and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'document.read': true;
    'document.create': true;
    'document.edit': true;
    'document.submit': true;
    'document.review': true;
    'document.publish': true;
    'document.withdraw': true;
    'document.validity': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'document.read': { label: '在后台查看文件（含草稿和历史）', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'document.create': { label: '新建文件', roles: ['unit-admin', 'editor'] },
  'document.edit': { label: '修改文件', roles: ['unit-admin', 'editor'] },
  'document.submit': { label: '提交审核', roles: ['unit-admin', 'editor'] },
  'document.review': { label: '审核（通过或退回）', roles: ['unit-admin', 'reviewer'] },
  'document.publish': { label: '发布', roles: ['unit-admin', 'reviewer'] },
  'document.withdraw': { label: '撤回已发布文件', roles: ['unit-admin', 'reviewer'] },
  'document.validity': { label: '变更有效性', roles: ['unit-admin', 'editor', 'reviewer'] },
};

defineActions(ACTIONS);
