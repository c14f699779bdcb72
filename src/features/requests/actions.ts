// The actions of this feature and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'request.read': true;
    'request.handle': true;
    'request.approve-extension': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'request.read': { label: '查看依申请公开', roles: ['unit-admin', 'auditor', 'handler', 'office-head'] },
  'request.handle': { label: '办理依申请公开', roles: ['unit-admin', 'handler', 'office-head'] },
  'request.approve-extension': { label: '批准延期答复', roles: ['unit-admin', 'office-head'] },
};

defineActions(ACTIONS);
