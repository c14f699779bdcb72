// The actions of 政民互动 and the roles that may perform them (the platform admin may do all). Scope: a
// staff member acts on messages of their unit and the units below it (platform/access).
import type { ActionSpec } from '../../platform/access/roles.ts';

declare module '../../platform/access/roles.ts' {
  interface ActionRegistry {
    'message.read': true;
    'message.reply': true;
    'message.review': true;
    'message.contact': true;
    'message.import': true;
  }
}

export const ACTIONS: Record<string, ActionSpec> = {
  'message.read': { label: '在后台查看政民互动留言', roles: ['unit-admin', 'editor', 'reviewer', 'auditor', 'handler', 'office-head'] },
  'message.reply': { label: '起草答复、转办、合并重复留言、标记不予公开', roles: ['unit-admin', 'editor', 'reviewer', 'handler', 'office-head'] },
  'message.review': { label: '审核并发布留言答复（审核人可直接答复）', roles: ['unit-admin', 'reviewer', 'office-head'] },
  'message.contact': { label: '查看留言人完整联系方式（记入操作日志）', roles: ['unit-admin', 'handler', 'office-head', 'reviewer', 'editor'] },
  'message.import': { label: '导入 12345 热线工单', roles: ['unit-admin'] },
};
