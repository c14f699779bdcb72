// Login failures and locks per (account, source address), claimed atomically.
//
// - Every attempt first claims one failure in a single upsert (failures + 1, returning the new count):
//   a burst of parallel wrong passwords cannot all be checked — only the first MAX_FAILED_LOGINS reach
//   the password check, the rest are refused unchecked. A correct password clears the row.
// - The lock holds for one source (the client address) only, so nobody can keep `admin` locked for
//   everyone; each further lock of the same (account, source) lasts twice as long (15 min, 30 min, 1 h …,
//   at most 24 h).
// - Unknown usernames get rows and locks exactly like real ones, so the answers do not tell them apart.
import type { Db, DbOrTrx } from '../db/index.ts';

const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;
const MAX_LOCK_MINUTES = 24 * 60;
/** Rows untouched this long (and not locked) are deleted now and then. */
const KEEP_DAYS = 7;

export interface Claim {
  /** The attempt may check the password. */
  allowed: boolean;
  /** Set when the (account, source) is locked: until when. */
  lockedUntil: string | null;
  /** True when this claim set the lock (a parallel burst went past the allowance): audit it. */
  lockedNow: boolean;
  failures: number;
  lockouts: number;
}

/** How long the n-th lock (0-based) of one (account, source) lasts, in minutes. */
export function lockMinutes(lockouts: number): number {
  return Math.min(MAX_LOCK_MINUTES, LOCK_MINUTES * 2 ** Math.min(lockouts, 16));
}

/** Claims one attempt for (username, source) before the password is checked. */
export async function claimAttempt(db: Db, username: string, source: string, now = new Date()): Promise<Claim> {
  const at = now.toISOString();
  const row = await db
    .insertInto('login_locks')
    .values({ username, source, failures: 1, lockouts: 0, locked_until: null, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['username', 'source']).doUpdateSet((eb) => ({
        failures: eb('login_locks.failures', '+', 1),
        updated_at: at,
      })),
    )
    .returning(['failures', 'lockouts', 'locked_until'])
    .executeTakeFirstOrThrow();
  const failures = Number(row.failures);
  const lockouts = Number(row.lockouts);
  if (row.locked_until && row.locked_until > at) return { allowed: false, lockedUntil: row.locked_until, lockedNow: false, failures, lockouts };
  if (failures > MAX_FAILED_LOGINS) {
    // Claimed beyond the allowance by a parallel burst: lock now (the first to get here sets it).
    const until = await lock(db, username, source, now);
    if (until) return { allowed: false, lockedUntil: until, lockedNow: true, failures, lockouts };
    const current = await db.selectFrom('login_locks').select('locked_until').where('username', '=', username).where('source', '=', source).executeTakeFirst();
    return { allowed: false, lockedUntil: current?.locked_until ?? at, lockedNow: false, failures, lockouts };
  }
  return { allowed: true, lockedUntil: null, lockedNow: false, failures, lockouts };
}

/**
 * After a failed check: locks when this attempt used up the allowance. Returns the lock's end when this
 * call set it (for the audit row), else null.
 */
export async function recordFailure(db: Db, username: string, source: string, claim: Claim, now = new Date()): Promise<string | null> {
  if (Math.random() < 0.01) await sweep(db, now);
  if (claim.failures < MAX_FAILED_LOGINS) return null;
  return lock(db, username, source, now);
}

/** A correct password: the (account, source) starts afresh. */
export async function clearFailures(db: Db, username: string, source: string): Promise<void> {
  await db.deleteFrom('login_locks').where('username', '=', username).where('source', '=', source).execute();
}

/** Clears every lock of an account, of every source (a password reset by an administrator, in its transaction). */
export async function clearAccount(db: DbOrTrx, username: string): Promise<void> {
  await db.deleteFrom('login_locks').where('username', '=', username).execute();
}

/** Sets the lock unless one is already in force; returns its end when this call set it. */
async function lock(db: Db, username: string, source: string, now: Date): Promise<string | null> {
  const at = now.toISOString();
  const current = await db.selectFrom('login_locks').select(['lockouts', 'locked_until']).where('username', '=', username).where('source', '=', source).executeTakeFirst();
  if (!current) return null;
  if (current.locked_until && current.locked_until > at) return null;
  const until = new Date(now.getTime() + lockMinutes(Number(current.lockouts)) * 60_000).toISOString();
  const res = await db
    .updateTable('login_locks')
    .set((eb) => ({ locked_until: until, lockouts: eb('lockouts', '+', 1), failures: 0, updated_at: at }))
    .where('username', '=', username)
    .where('source', '=', source)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0 ? until : null;
}

async function sweep(db: Db, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - KEEP_DAYS * 86400_000).toISOString();
  await db
    .deleteFrom('login_locks')
    .where('updated_at', '<', cutoff)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
    .execute();
}
