// The actions of 政府开放日 and the roles that may perform them (the platform admin may do all). Scope: a staff
// member acts on open days of their unit and the units below it (platform/access).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'open-day.read': true;
    'open-day.edit': true;
    'open-day.review': true;
    'open-day.checkin': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'open-day.read': { label: '在后台查看政府开放日和报名情况（报名人手机号码打码）', roles: ['unit-admin', 'editor', 'reviewer', 'auditor'] },
  'open-day.edit': { label: '起草、修改政府开放日和活动总结，提交审核，取消活动', roles: ['unit-admin', 'editor'] },
  'open-day.review': { label: '审核并公开政府开放日（通过、退回、公开）', roles: ['unit-admin', 'reviewer'] },
  'open-day.checkin': { label: '组织活动：查看报名人姓名和手机号码，打印签到表，登记到场', roles: ['unit-admin', 'editor'] },
};
