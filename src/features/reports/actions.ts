// The actions of this feature and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'report.read': true;
    'report.edit': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'report.read': { label: '查看年度报告（含草稿和明细）', roles: ['unit-admin', 'editor', 'reviewer', 'auditor', 'handler', 'office-head'] },
  'report.edit': { label: '编辑年度报告', roles: ['unit-admin', 'editor', 'office-head'] },
};

defineActions(ACTIONS);
