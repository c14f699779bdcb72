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

/**
 * Every action a role may be allowed. Each feature adds its own by declaration merging
 * (`declare module '../../platform/access/roles.ts' { interface ActionRegistry { 'x.y': true } }`) and
 * says which roles may perform them in its manifest (`actions`, see platform/modules.ts), which calls
 * defineActions. The platform admin may perform every action.
 * @public (extended by declaration merging, which an import scan does not see)
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ActionRegistry {
  'audit.read': true; // 操作日志
  'calendar.manage': true; // 工作日历 (platform/calendar)
}
export type Action = Extract<keyof ActionRegistry, string>;

export interface ActionSpec {
  label: string;
  /** Roles besides the platform admin that may perform the action. */
  roles: readonly Role[];
}

const ALLOWED = new Map<string, { label: string; roles: ReadonlySet<Role> }>();

/** Declares actions and the roles allowed them (idempotent; a second, different definition is an error). */
export function defineActions(specs: Record<string, ActionSpec>): void {
  for (const [action, spec] of Object.entries(specs)) {
    const roles = new Set<Role>(['admin', ...spec.roles]);
    const prev = ALLOWED.get(action);
    if (prev && (prev.roles.size !== roles.size || [...roles].some((r) => !prev.roles.has(r)))) throw new Error(`操作 ${action} 被定义了两次且角色不同`);
    ALLOWED.set(action, { label: spec.label, roles });
  }
}

defineActions({
  'audit.read': { label: '查看操作日志', roles: ['unit-admin', 'auditor'] },
  'calendar.manage': { label: '维护工作日历', roles: [] },
});

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

/** The id an actor is recorded under (created_by, the audit row's actor): null for the system (jobs, the CLI's system actor: id ≤ 0). */
export const actorId = (a: Actor): number | null => (a.id > 0 ? a.id : null);

/** Pure role check, without the unit. */
export function roleAllows(role: Role, action: Action): boolean {
  const spec = ALLOWED.get(action);
  if (!spec) throw new Error(`未定义的操作：${action}（功能模块的 actions 中没有它，或该模块未被加载）`);
  return spec.roles.has(role);
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
