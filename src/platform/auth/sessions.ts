// Server-side sessions (in the database) and API tokens, resolved to an Actor.
import type { Db, DbOrTrx } from '../db/index.ts';
import { nowIso } from '../db/index.ts';
import { isRole, type Actor } from '../access/roles.ts';
import { loadUnitTree } from '../access/unit-tree.ts';
import { randomToken, sha256 } from './password.ts';
import type { User } from '../db/types.ts';

export const SESSION_HOURS = 8;
/** A session unused this long ends (SESSION_IDLE_MINUTES). */
export const SESSION_IDLE_MINUTES = Math.max(1, Number(process.env.SESSION_IDLE_MINUTES || 30));
/** API tokens expire after this many days (TOKEN_DAYS). */
export const TOKEN_DAYS = Math.max(1, Number(process.env.TOKEN_DAYS || 90));

export async function createSession(db: DbOrTrx, userId: number, ip: string, userAgent: string): Promise<{ cookie: string; csrf: string }> {
  const cookie = randomToken();
  const csrf = randomToken(24);
  const now = new Date(); // technical time: session and token lifetimes are security durations, not business days
  await db
    .insertInto('sessions')
    .values({
      id: sha256(cookie),
      user_id: userId,
      csrf_token: csrf,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
      last_seen_at: now.toISOString(),
      ip,
      user_agent: userAgent.slice(0, 300),
    })
    .execute();
  return { cookie, csrf };
}

export async function destroySession(db: DbOrTrx, cookie: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(cookie)).execute();
}

export async function actorForUser(db: Db, user: Pick<User, 'id' | 'username' | 'display_name' | 'role' | 'unit_id'>, via: Actor['via'], ip?: string): Promise<Actor | null> {
  if (!isRole(user.role)) return null;
  const tree = await loadUnitTree(db);
  const unit = tree.byId.get(user.unit_id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    unitId: user.unit_id,
    unitName: unit?.name ?? '',
    scope: user.role === 'admin' ? new Set(tree.byId.keys()) : tree.subtree(user.unit_id),
    ip,
    via,
  };
}

export async function resolveSession(db: Db, cookie: string, ip: string): Promise<{ actor: Actor; csrf: string } | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sid', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.created_at', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active'])
    .where('sessions.id', '=', sha256(cookie))
    .executeTakeFirst();
  // technical time: the session's lifetime and idle timeout are checked by the wall clock it was written with (an app
  // clock set to another day — a test, a replay — must neither end nor lengthen sessions)
  const now = new Date().toISOString();
  if (!row || !row.active || row.expires_at < now) return null;
  // Idle timeout: a session unused for SESSION_IDLE_MINUTES ends (the row is removed). The last use is
  // written at most once a minute, so reads stay cheap.
  const lastSeen = row.last_seen_at ?? row.created_at;
  if (Date.parse(now) - Date.parse(lastSeen) > SESSION_IDLE_MINUTES * 60_000) {
    await db.deleteFrom('sessions').where('id', '=', row.sid).execute();
    return null;
  }
  if (Date.parse(now) - Date.parse(lastSeen) > 60_000) await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.sid).execute();
  const actor = await actorForUser(db, row, 'session', ip);
  return actor ? { actor, csrf: row.csrf_token } : null;
}

export async function createApiToken(db: DbOrTrx, userId: number, name: string, days = TOKEN_DAYS): Promise<string> {
  const token = 'gk_' + randomToken(30);
  const now = new Date(); // technical time: session and token lifetimes are security durations, not business days
  await db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      name,
      token_hash: sha256(token),
      prefix: token.slice(0, 8),
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
      expires_at: new Date(now.getTime() + days * 86400_000).toISOString(),
    })
    .execute();
  return token;
}

/** Revokes every live token of a user (password reset, account disabled); returns how many. */
export async function revokeAllTokens(trx: DbOrTrx, userId: number): Promise<number> {
  const res = await trx.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function resolveApiToken(db: Db, token: string, ip: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as tid', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'api_tokens.expires_at', 'api_tokens.prefix', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  const now = new Date().toISOString(); // technical time: as resolveSession
  if (!row || row.revoked_at || !row.active || (row.expires_at && row.expires_at <= now)) return null;
  // Record use at most once a minute, to keep reads cheap.
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tid).execute();
  }
  const actor = await actorForUser(db, row, 'token', ip);
  // The audit log names the token as well as its owner.
  return actor ? { ...actor, tokenPrefix: row.prefix } : null;
}
