// The actions of this feature and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'user.manage': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'user.manage': { label: '管理用户', roles: ['unit-admin'] },
};

defineActions(ACTIONS);
