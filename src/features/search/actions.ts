// The actions of this feature and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'search.stats': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'search.stats': { label: '查看检索统计', roles: ['unit-admin', 'editor'] },
};

defineActions(ACTIONS);
