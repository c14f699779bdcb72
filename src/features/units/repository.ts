// Reading units for the units console (the unit tree itself is platform/access/unit-tree.ts).
import type { DbOrTrx } from '../../platform/db/index.ts';
import type { Unit } from '../../platform/db/types.ts';

/** A unit as stored, or undefined. */
export async function getUnit(db: DbOrTrx, id: number): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}
