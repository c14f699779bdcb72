// The actions of this feature and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'term.manage': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'term.manage': { label: '管理分类和工作日历', roles: [] },
};

defineActions(ACTIONS);
