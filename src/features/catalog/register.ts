// A catalog item as a register record of the shared pattern (features/registers): versions with reasons,
// links to the documents that fulfil it, and the review workflow (submit → approve/return → publish).
import { defineRegister } from '../registers/public.ts';
import { can, roleAllows, type Action, type Actor } from '../../platform/access/roles.ts';
import type { CatalogItemTable } from './tables.ts';
import type { Selectable } from 'kysely';
import './actions.ts';

export type CatalogItemRow = Selectable<CatalogItemTable>;

/**
 * The 政府办 reviews units outside its own scope: commands.ts checks isCoordinator (async: the unit tree) and
 * passes the actor marked with this symbol; the register pattern's authorize hook then lets it review any
 * unit's items — review only, and only with a role that may review. Everyone else: can() as usual.
 */
const COORDINATOR = Symbol('catalog-coordinator');
export const asCoordinator = (actor: Actor): Actor => Object.assign({ ...actor }, { [COORDINATOR]: true });
const authorize = (actor: Actor, action: Action, unitId: number) =>
  can(actor, action, unitId) || (action === 'catalog.review' && roleAllows(actor.role, 'catalog.review') && (actor as unknown as Record<symbol, unknown>)[COORDINATOR] === true);

export const CATALOG_REGISTER = defineRegister<CatalogItemRow>({
  name: 'catalog-item',
  table: 'catalog_items',
  label: '标准目录事项',
  entity: 'catalog-item',
  fields: {
    area_id: '领域',
    seq: '序号',
    level1: '一级事项',
    level2: '二级事项',
    content: '公开内容（要素）',
    basis: '公开依据',
    time_limit: '公开时限',
    subject: '公开主体',
    channels: '公开渠道和载体',
    audience: '公开对象',
    mode: '公开方式',
    level: '公开层级',
  },
  actions: { edit: 'catalog.edit', review: 'catalog.review' },
  authorize,
});
