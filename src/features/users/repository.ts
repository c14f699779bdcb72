// Reads of the users feature's console pages (用户, 我的账号): the pages ask here, they hold no query.
import type { DbOrTrx } from '../../platform/db/index.ts';
import type { User } from '../../platform/db/types.ts';
import { containsText } from '../../platform/db/like.ts';

/** One user's row, or undefined. */
export function userById(db: DbOrTrx, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user's stored password hash (re-authentication on 我的账号), or undefined. */
export function passwordHashOf(db: DbOrTrx, userId: number): Promise<{ password_hash: string } | undefined> {
  return db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst();
}

/** A user's API tokens, newest first, at most 50. */
export function tokensOf(db: DbOrTrx, userId: number) {
  return db.selectFrom('api_tokens').select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'expires_at']).where('user_id', '=', userId).orderBy('id', 'desc').limit(50).execute();
}

/**
 * One page of the user list: `scope` the units whose users are listed (null: all), `text` contained in the
 * username or display name ('' : any). Ordered by unit position, then username; `total` counts all matches.
 */
export async function listUsers(db: DbOrTrx, opts: { scope: number[] | null; text: string; limit: number; offset: number }) {
  let base = db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id');
  if (opts.scope) base = base.where('users.unit_id', 'in', opts.scope.length ? opts.scope : [-1]);
  const text = opts.text;
  if (text) base = base.where((eb) => eb.or([containsText('users.username', text), containsText('users.display_name', text)]));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    base
      .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.active', 'users.locked_until', 'users.last_login_at', 'units.name as unit_name'])
      .orderBy('units.position')
      .orderBy('users.username')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}
