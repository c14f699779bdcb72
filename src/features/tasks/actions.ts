// The actions of 重点任务 and 督查/审计整改 and the roles that may perform them (the platform admin may do all).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'task.read': true;
    'task.edit': true;
    'task.review': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'task.read': { label: '查看重点任务和整改登记', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'task.edit': { label: '登记重点任务、进展报告和整改情况', roles: ['unit-admin', 'editor'] },
  'task.review': { label: '审核发布重点任务、进展报告、整改情况和公众意见', roles: ['unit-admin', 'reviewer'] },
};
