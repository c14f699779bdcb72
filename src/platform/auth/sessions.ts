// Server-side sessions (in the database) and API tokens, resolved to an Actor.
import type { Db, DbOrTrx } from '../db/index.ts';
import { nowIso } from '../db/index.ts';
import { isRole, type Actor } from '../access/roles.ts';
import { loadUnitTree } from '../access/unit-tree.ts';
import { randomToken, sha256 } from './password.ts';
import type { User } from '../db/types.ts';

export const SESSION_HOURS = 8;

export async function createSession(db: DbOrTrx, userId: number, ip: string, userAgent: string): Promise<{ cookie: string; csrf: string }> {
  const cookie = randomToken();
  const csrf = randomToken(24);
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(cookie),
      user_id: userId,
      csrf_token: csrf,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
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
    .select(['sessions.id as sid', 'sessions.csrf_token', 'sessions.expires_at', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active'])
    .where('sessions.id', '=', sha256(cookie))
    .executeTakeFirst();
  if (!row || !row.active || row.expires_at < nowIso()) return null;
  const actor = await actorForUser(db, row, 'session', ip);
  return actor ? { actor, csrf: row.csrf_token } : null;
}

export async function createApiToken(db: DbOrTrx, userId: number, name: string): Promise<string> {
  const token = 'gk_' + randomToken(30);
  await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: sha256(token), prefix: token.slice(0, 8), created_at: nowIso(), last_used_at: null, revoked_at: null })
    .execute();
  return token;
}

export async function resolveApiToken(db: Db, token: string, ip: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as tid', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || !row.active) return null;
  // Record use at most once a minute, to keep reads cheap.
  const now = nowIso();
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tid).execute();
  }
  return actorForUser(db, row, 'token', ip);
}
