// Whose health a staff member asks for: the whole portal (platform admin, or staff of the root unit) or one
// unit of their scope with the units below it. An unknown unit and one outside the scope answer alike.
import type { Db } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree, type UnitNode } from '../../platform/access/unit-tree.ts';
import { AppError } from '../../platform/errors.ts';
import type { HealthContext } from './public.ts';
import './actions.ts';

export interface HealthScope {
  ctx: HealthContext;
  unit: UnitNode | null;
  /** The units whose health the actor may open (for the selector and the per-unit table). */
  units: UnitNode[];
  portalAllowed: boolean;
}

function mayReadPortal(actor: Actor, rootIds: number[]): boolean {
  return can(actor, 'health.read') && (actor.role === 'admin' || rootIds.every((id) => actor.scope.has(id)));
}

/** `code` '' = the default (the portal when allowed, else the actor's unit). */
export async function healthScope(db: Db, actor: Actor, code: string, today: string): Promise<HealthScope> {
  if (!can(actor, 'health.read')) throw new AppError('FORBIDDEN', '您的角色不能查看网站健康度。');
  if (code.length > 64 || (code && !/^[A-Za-z0-9_.-]+$/.test(code))) throw new AppError('NOT_FOUND', '单位不存在，或不在您的管理范围内。');
  const tree = await loadUnitTree(db);
  const portalAllowed = mayReadPortal(actor, tree.roots.map((r) => r.id));
  const units: UnitNode[] = [];
  const walk = (nodes: UnitNode[]) => {
    for (const n of nodes) {
      if (can(actor, 'health.read', n.id)) units.push(n);
      walk(n.children);
    }
  };
  walk(tree.roots);
  let unit: UnitNode | null = null;
  if (code) {
    unit = tree.byCode.get(code) ?? null;
    if (!unit || !can(actor, 'health.read', unit.id)) throw new AppError('NOT_FOUND', '单位不存在，或不在您的管理范围内。');
  } else if (!portalAllowed) {
    unit = tree.byId.get(actor.unitId) ?? null;
    if (!unit) throw new AppError('NOT_FOUND', '您所在的单位不存在。');
  }
  const ctx: HealthContext = unit ? { unitId: unit.id, unitIds: [...tree.subtree(unit.id)].sort((a, b) => a - b), today } : { unitId: null, unitIds: null, today };
  return { ctx, unit, units, portalAllowed };
}
