// Reading what the editor help needs of a draft.
import type { DbOrTrx } from '../../platform/db/index.ts';

/** The fields of a document the suggestions are made from and applied to (undefined when there is none). */
export async function documentForHelp(db: DbOrTrx, id: number) {
  return db.selectFrom('documents').select(['id', 'title', 'body', 'keywords', 'topic', 'version']).where('id', '=', id).executeTakeFirst();
}
