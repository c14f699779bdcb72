// Staff roles and what each may do. Scope: a user acts on their own unit and the units below it.

export const ROLES = ['admin', 'unit-admin', 'editor', 'reviewer', 'auditor', 'handler', 'office-head'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '平台管理员',
  'unit-admin': '单位管理员',
  editor: '信息编辑',
  reviewer: '信息审核',
  auditor: '审计（只读）',
  handler: '办理人',
  'office-head': '政府信息公开工作机构负责人',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Actions on documents and the console. */
export type Action =
  | 'document.read' // see drafts and history in the console
  | 'document.create'
  | 'document.edit'
  | 'document.submit'
  | 'document.review' // approve or return
  | 'document.publish'
  | 'document.withdraw'
  | 'document.validity'
  | 'unit.manage'
  | 'user.manage'
  | 'term.manage'
  | 'audit.read'
  | 'request.read' // 依申请公开: see requests of the unit scope
  | 'request.handle' // record workflow events
  | 'request.approve-extension' // extend the reply period (office head)
  | 'search.stats' // 检索统计: top and zero-result public queries
  | 'report.read' // 政府信息公开工作年度报告: see drafts, drill down to the records
  | 'report.edit'; // edit the narrative and the figures from other systems, submit for publication

const MATRIX: Record<Role, ReadonlySet<Action>> = {
  admin: new Set<Action>([
    'document.read', 'document.create', 'document.edit', 'document.submit', 'document.review', 'document.publish',
    'document.withdraw', 'document.validity', 'unit.manage', 'user.manage', 'term.manage', 'audit.read',
    'request.read', 'request.handle', 'request.approve-extension', 'search.stats', 'report.read', 'report.edit',
  ]),
  'unit-admin': new Set<Action>([
    'document.read', 'document.create', 'document.edit', 'document.submit', 'document.review', 'document.publish',
    'document.withdraw', 'document.validity', 'unit.manage', 'user.manage', 'audit.read',
    'request.read', 'request.handle', 'request.approve-extension', 'search.stats', 'report.read', 'report.edit',
  ]),
  editor: new Set<Action>(['document.read', 'document.create', 'document.edit', 'document.submit', 'document.validity', 'search.stats', 'report.read', 'report.edit']),
  reviewer: new Set<Action>(['document.read', 'document.review', 'document.publish', 'document.withdraw', 'document.validity', 'report.read']),
  auditor: new Set<Action>(['document.read', 'audit.read', 'request.read', 'report.read']),
  handler: new Set<Action>(['request.read', 'request.handle', 'report.read']),
  'office-head': new Set<Action>(['request.read', 'request.handle', 'request.approve-extension', 'report.read', 'report.edit']),
};

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitName: string;
  /** The actor's unit and every unit below it (admin: every unit). */
  scope: ReadonlySet<number>;
  ip?: string;
  via: 'session' | 'token' | 'cli' | 'system';
  /** For a token caller: the token's prefix (the audit log records which token acted). */
  tokenPrefix?: string;
}

/** Pure role check, without the unit. */
export function roleAllows(role: Role, action: Action): boolean {
  return MATRIX[role].has(action);
}

/** Role and unit scope: may `actor` do `action` on something owned by `unitId`? */
export function can(actor: Actor, action: Action, unitId?: number | null): boolean {
  if (!roleAllows(actor.role, action)) return false;
  if (actor.role === 'admin') return true;
  if (unitId === undefined || unitId === null) return true;
  return actor.scope.has(unitId);
}

/** The system actor used by seeding and migrations. */
export function systemActor(name = '系统'): Actor {
  return { id: 0, username: 'system', displayName: name, role: 'admin', unitId: 0, unitName: '', scope: new Set(), via: 'system' };
}
