// Use cases on the taxonomies (主题分类 / 体裁分类 / 公开目录栏目), held as data: add, rename,
// deactivate / reactivate, reorder. Platform admins only; every change is audited.
// Codes are generated (staff never type them) and never change, so documents keep their terms;
// a deactivated term is no longer offered in forms but still labels the documents that use it.
import type { Db, Trx } from '../../platform/db/index.ts';
import type { Term } from './tables.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import './actions.ts'; // defines this feature's actions

export interface Deps {
  db: Db;
}

export const TERM_KINDS = { topic: '主题分类', genre: '体裁分类', column: '公开目录栏目' } as const;
export type TermKind = keyof typeof TERM_KINDS;

export function isTermKind(v: unknown): v is TermKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(TERM_KINDS, v);
}

/** Genres are a flat list; topics and columns have two levels. */
export const HAS_TREE: Record<TermKind, boolean> = { topic: true, genre: false, column: true };

const MAX_LABEL = 50;

function cleanLabel(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
}

function labelProblem(label: string): string | null {
  if (!label) return '请填写分类名称';
  if (label.length > MAX_LABEL) return `分类名称不能超过 ${MAX_LABEL} 个字`;
  if (/[<>]/.test(label)) return '分类名称不能包含 < 或 >';
  return null;
}

function guard(actor: Actor): Result<never> | null {
  return can(actor, 'term.manage') ? null : fail('FORBIDDEN', '只有平台管理员可以维护分类。');
}

async function getTerm(db: Db | Trx, id: number): Promise<Term | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.selectFrom('terms').selectAll().where('id', '=', id).executeTakeFirst();
}

async function siblings(db: Db | Trx, kind: string, parent: string | null): Promise<Term[]> {
  let q = db.selectFrom('terms').selectAll().where('kind', '=', kind as TermKind);
  q = parent === null ? q.where('parent_code', 'is', null) : q.where('parent_code', '=', parent);
  return q.orderBy('position').orderBy('id').execute();
}

/** Adds a term at the end of its siblings. The code is generated from the parent's code. */
export async function addTerm(deps: Deps, actor: Actor, input: { kind?: unknown; label?: unknown; parent?: unknown }): Promise<Result<Term>> {
  const denied = guard(actor);
  if (denied) return denied;
  const { db } = deps;
  if (!isTermKind(input.kind)) return fail('VALIDATION', undefined, { kind: '分类类型应为 主题分类、体裁分类 或 公开目录栏目' });
  const kind = input.kind;
  const label = cleanLabel(input.label);
  const problem = labelProblem(label);
  if (problem) return fail('VALIDATION', undefined, { label: problem });
  const parentCode = typeof input.parent === 'string' && input.parent.trim() ? input.parent.trim() : null;
  if (parentCode) {
    if (!HAS_TREE[kind]) return fail('VALIDATION', undefined, { parent: '体裁分类没有下级' });
    const parent = await db.selectFrom('terms').selectAll().where('kind', '=', kind).where('code', '=', parentCode).executeTakeFirst();
    if (!parent || parent.parent_code !== null) return fail('VALIDATION', undefined, { parent: '上级分类不存在（只支持两级）' });
    if (!parent.active) return fail('VALIDATION', undefined, { parent: '上级分类已停用，请先启用' });
  }
  const term = await db.transaction().execute(async (trx) => {
    const sibs = await siblings(trx, kind, parentCode);
    if (sibs.some((s) => s.label === label)) return null;
    const all = await trx.selectFrom('terms').select('code').where('kind', '=', kind).execute();
    const taken = new Set(all.map((r) => r.code));
    let n = sibs.length + 1;
    const base = parentCode ? `${parentCode}.` : '';
    while (taken.has(`${base}x${n}`)) n++;
    const code = `${base}x${n}`;
    const position = Math.max(0, ...sibs.map((s) => s.position)) + 1;
    const row = await trx.insertInto('terms').values({ kind, code, label, parent_code: parentCode, position, active: 1 }).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'term.create', entity: 'term', entityId: row.id, after: { kind, code, label, parent: parentCode } });
    return row;
  });
  if (!term) return fail('VALIDATION', undefined, { label: '同一级下已有同名分类' });
  return ok(term);
}

export async function renameTerm(deps: Deps, actor: Actor, id: number, input: { label?: unknown }): Promise<Result<Term>> {
  const denied = guard(actor);
  if (denied) return denied;
  const { db } = deps;
  const term = await getTerm(db, id);
  if (!term) return fail('NOT_FOUND', '分类不存在。');
  const label = cleanLabel(input.label);
  const problem = labelProblem(label);
  if (problem) return fail('VALIDATION', undefined, { label: problem });
  if (label === term.label) return ok(term);
  const sibs = await siblings(db, term.kind, term.parent_code);
  if (sibs.some((s) => s.id !== term.id && s.label === label)) return fail('VALIDATION', undefined, { label: '同一级下已有同名分类' });
  const row = await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('terms').set({ label }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'term.rename', entity: 'term', entityId: id, before: { label: term.label }, after: { label } });
    return updated;
  });
  return ok(row);
}

/** Deactivating a parent deactivates its children too; reactivating needs an active parent. */
export async function setTermActive(deps: Deps, actor: Actor, id: number, active: boolean): Promise<Result<Term>> {
  const denied = guard(actor);
  if (denied) return denied;
  const { db } = deps;
  const term = await getTerm(db, id);
  if (!term) return fail('NOT_FOUND', '分类不存在。');
  if (Boolean(term.active) === active) return ok(term);
  if (active && term.parent_code) {
    const parent = await db.selectFrom('terms').select('active').where('kind', '=', term.kind).where('code', '=', term.parent_code).executeTakeFirst();
    if (parent && !parent.active) return fail('CONFLICT', '上级分类已停用，请先启用上级分类。');
  }
  const row = await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('terms').set({ active: active ? 1 : 0 }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    let children: string[] = [];
    if (!active) {
      const res = await trx.updateTable('terms').set({ active: 0 }).where('kind', '=', term.kind).where('parent_code', '=', term.code).where('active', '=', 1).returning('code').execute();
      children = res.map((r) => r.code);
    }
    await audit(trx, actor, {
      action: active ? 'term.activate' : 'term.deactivate',
      entity: 'term',
      entityId: id,
      before: { active: Boolean(term.active) },
      after: { active, ...(children.length ? { alsoDeactivated: children } : {}) },
    });
    return updated;
  });
  return ok(row);
}

/** Moves a term one place up or down among its siblings (positions are renumbered 1..n). */
export async function moveTerm(deps: Deps, actor: Actor, id: number, direction: unknown): Promise<Result<Term>> {
  const denied = guard(actor);
  if (denied) return denied;
  if (direction !== 'up' && direction !== 'down') return fail('VALIDATION', undefined, { direction: '请选择上移或下移' });
  const { db } = deps;
  const term = await getTerm(db, id);
  if (!term) return fail('NOT_FOUND', '分类不存在。');
  const row = await db.transaction().execute(async (trx) => {
    const sibs = await siblings(trx, term.kind, term.parent_code);
    const i = sibs.findIndex((s) => s.id === id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= sibs.length) return term;
    [sibs[i], sibs[j]] = [sibs[j], sibs[i]];
    for (const [k, s] of sibs.entries()) {
      if (s.position !== k + 1) await trx.updateTable('terms').set({ position: k + 1 }).where('id', '=', s.id).execute();
    }
    await audit(trx, actor, { action: 'term.move', entity: 'term', entityId: id, before: { position: i + 1 }, after: { position: j + 1 } });
    return (await getTerm(trx, id))!;
  });
  return ok(row);
}
