// The unit tree (集约化: one installation, many units), cached briefly in memory.
// Stateless nodes: the cache lives 30 s and is dropped at once by local changes.
import type { Db } from '../db/index.ts';
import { isFresh } from '../cache.ts';

export interface UnitNode {
  id: number;
  code: string;
  name: string;
  type: string;
  parentId: number | null;
  indexPrefix: string;
  position: number;
  children: UnitNode[];
}

export interface UnitTree {
  byId: Map<number, UnitNode>;
  byCode: Map<string, UnitNode>;
  roots: UnitNode[];
  /** The unit and all its descendants. */
  subtree(id: number): Set<number>;
  /** Path from the root to the unit. */
  path(id: number): UnitNode[];
}

const TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; tree: UnitTree }>();

export function invalidateUnitTree(db: Db): void {
  cache.delete(db);
}

export async function loadUnitTree(db: Db): Promise<UnitTree> {
  const hit = cache.get(db);
  if (hit && isFresh(hit.at, TTL_MS)) return hit.tree;
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'type', 'parent_id', 'index_prefix', 'position'])
    .orderBy('position')
    .orderBy('id')
    .execute();
  const tree = buildTree(rows.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, parentId: r.parent_id, indexPrefix: r.index_prefix, position: r.position })));
  cache.set(db, { at: Date.now(), tree });
  return tree;
}

function buildTree(units: Omit<UnitNode, 'children'>[]): UnitTree {
  const byId = new Map<number, UnitNode>();
  const byCode = new Map<string, UnitNode>();
  for (const u of units) {
    const node = { ...u, children: [] as UnitNode[] };
    byId.set(u.id, node);
    byCode.set(u.code, node);
  }
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId !== null ? byId.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const subtreeCache = new Map<number, Set<number>>();
  return {
    byId,
    byCode,
    roots,
    subtree(id) {
      let s = subtreeCache.get(id);
      if (s) return s;
      s = new Set<number>();
      const stack = [byId.get(id)];
      while (stack.length) {
        const n = stack.pop();
        if (!n || s.has(n.id)) continue;
        s.add(n.id);
        stack.push(...n.children);
      }
      subtreeCache.set(id, s);
      return s;
    },
    path(id) {
      const out: UnitNode[] = [];
      const seen = new Set<number>();
      let n = byId.get(id);
      while (n && !seen.has(n.id)) {
        seen.add(n.id);
        out.unshift(n);
        n = n.parentId !== null ? byId.get(n.parentId) : undefined;
      }
      return out;
    },
  };
}

/**
 * The district's coordinating office (政府办): the unit named …人民政府办公室 directly under a top unit, else the
 * first top unit. Derived from the tree, not configured; the one rule the catalog's review and the assessment's
 * weights both use.
 */
export function districtOfficeUnit(tree: UnitTree): number | null {
  for (const root of tree.roots) {
    const office = root.children.find((c) => c.name.endsWith('人民政府办公室'));
    if (office) return office.id;
  }
  return tree.roots[0]?.id ?? null;
}
