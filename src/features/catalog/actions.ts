// The actions of the standard catalog and the roles that may perform them (the platform admin may do all).
// A unit compiles its own catalog (scope: its unit and those below). The 政府办 — the coordinating office,
// see coordinator.ts — reviews, returns, accepts and publishes every unit's catalog and sets the deadline.
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'catalog.read': true;
    'catalog.edit': true;
    'catalog.review': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'catalog.read': { label: '在后台查看政务公开事项标准目录', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'catalog.edit': { label: '编制本单位的标准目录（录入、导入、关联文件、提交）', roles: ['unit-admin', 'editor'] },
  'catalog.review': { label: '政府办：设定编制期限，审核、退回、汇总并公布全区标准目录', roles: ['unit-admin', 'reviewer'] },
};
