// The actions of the PII gate and the roles that may perform them (the platform admin may do all).
import { defineActions, type ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'pii.review': true;
    'pii.scan': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'pii.review': { label: '处理个人信息检查结果（一键遮蔽、确认无法检查的附件、例外公开）并查看全站检查报告', roles: ['unit-admin', 'reviewer'] },
  'pii.scan': { label: '用接口检查文字或文件中的个人信息', roles: ['unit-admin', 'editor', 'reviewer', 'auditor', 'handler', 'office-head'] },
};

defineActions(ACTIONS);
