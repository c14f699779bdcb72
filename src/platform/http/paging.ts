// The shape every list operation of the API shares: a querystring of filters plus page/pageSize, and an
// answer `{ items, total, page, pageSize }`. A feature declares `querystring: listQuery({ …filters })`
// and `schema: pageOf(Item)`, and answers with `paged(req.query, (p) => repository(p))`.
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { DEFAULT_PAGE_SIZE, pageProperties } from './schemas.ts';

/** What a list operation's querystring holds about paging (validated by pageProperties). */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** The page asked for: page 1 and DEFAULT_PAGE_SIZE unless the query says otherwise. */
export function pageParams(q: PageQuery): { page: number; pageSize: number } {
  return { page: q.page ?? 1, pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE };
}

/**
 * A list operation's answer: the page asked for (pageParams) read by `fetch`, with its items mapped by
 * `map` when given, the total, and the page and page size.
 */
export async function paged<T, U = T>(
  q: PageQuery,
  fetch: (p: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>,
  map?: (item: T) => U,
): Promise<{ items: U[]; total: number; page: number; pageSize: number }> {
  const p = pageParams(q);
  const r = await fetch(p);
  return { items: map ? r.items.map(map) : (r.items as unknown as U[]), total: r.total, ...p };
}

/** A list operation's querystring: the given filters and page/pageSize; no other field accepted. */
export const listQuery = <P extends TProperties>(filters: P) => Type.Object({ ...filters, ...pageProperties() }, { additionalProperties: false });

/** A list operation's answer schema: one page of `item`, with the total (described by `totalDescription`). */
export const pageOf = <T extends TSchema>(item: T, totalDescription?: string) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(totalDescription ? { description: totalDescription } : {}), page: Type.Integer(), pageSize: Type.Integer() });

/** One page of a list already computed in full (statuses derived in memory): its items and the total. */
export function pageOfList<T>(all: T[], p: { page: number; pageSize: number }): { items: T[]; total: number } {
  return { items: all.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), total: all.length };
}
