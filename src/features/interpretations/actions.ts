// The actions of the interpretations feature and the roles that may perform them (the platform admin may do all).
// The interpretation document's own workflow (submit, review, publish) is documents' (document.*).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'interpretation.read': true;
    'interpretation.edit': true;
    'interpretation.mark': true;
    'interpretation.meeting': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'interpretation.read': { label: '查看政策解读、解读会和解读情况统计', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'interpretation.edit': { label: '新建和编辑政策解读（形式、问答、关联政策）', roles: ['unit-admin', 'editor'] },
  'interpretation.mark': { label: '标记政策是否需要解读', roles: ['unit-admin', 'editor', 'reviewer'] },
  'interpretation.meeting': { label: '登记政策面对面解读会', roles: ['unit-admin', 'editor'] },
};
