// The actions of 政务新媒体 and the roles that may perform them (the platform admin may do all).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'newmedia.read': true;
    'newmedia.edit': true;
    'newmedia.review': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'newmedia.read': { label: '查看政务新媒体账号', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'newmedia.edit': { label: '登记政务新媒体账号和更新', roles: ['unit-admin', 'editor'] },
  'newmedia.review': { label: '审核、公开政务新媒体账号', roles: ['unit-admin', 'reviewer'] },
};
