// The actions of 征求意见 and the roles that may perform them (the platform admin may do all). Scope: a
// staff member acts on consultations of their unit and the units below it (platform/access).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'consultation.read': true;
    'consultation.edit': true;
    'consultation.review': true;
    'consultation.publish': true;
    'consultation.moderate': true;
    'consultation.feedback': true;
    'consultation.feedback-publish': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'consultation.read': { label: '在后台查看征求意见（含草稿和意见人联系方式）', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'consultation.edit': { label: '起草、修改征求意见稿，提交审核，发布修改稿', roles: ['unit-admin', 'editor'] },
  'consultation.review': { label: '审核征求意见（通过或退回）', roles: ['unit-admin', 'reviewer'] },
  'consultation.publish': { label: '发布征求意见', roles: ['unit-admin', 'reviewer'] },
  'consultation.moderate': { label: '审核公众意见（公开或不予公开），录入线下意见', roles: ['unit-admin', 'editor', 'reviewer'] },
  'consultation.feedback': { label: '归并意见、作出采纳决定、起草和提交采纳情况', roles: ['unit-admin', 'editor'] },
  'consultation.feedback-publish': { label: '审核并公布意见采纳情况', roles: ['unit-admin', 'reviewer'] },
};
