// Reads of the taxonomy's console pages (分类): the pages ask here, they hold no query.
import type { DbOrTrx } from '../../platform/db/index.ts';
import type { Term } from './tables.ts';

/** Every term of a kind (active or not), by position then id. */
export function termsOfKind(db: DbOrTrx, kind: Term['kind']): Promise<Term[]> {
  return db.selectFrom('terms').selectAll().where('kind', '=', kind).orderBy('position').orderBy('id').execute();
}

/** One term by id, or undefined. */
export function termById(db: DbOrTrx, id: number): Promise<Term | undefined> {
  return db.selectFrom('terms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The term of `kind` with code `code`, or undefined. */
export function termByCode(db: DbOrTrx, kind: Term['kind'], code: string): Promise<Term | undefined> {
  return db.selectFrom('terms').selectAll().where('kind', '=', kind).where('code', '=', code).executeTakeFirst();
}
