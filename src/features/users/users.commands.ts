// Staff accounts: create, change role/unit/password, deactivate. Scoped: a unit admin manages
// users of their own units only, and never creates platform admins.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { can, isRole, ROLE_LABELS, type Actor, type Role } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { hashPassword, passwordProblem, randomPassword } from '../../platform/auth/password.ts';
import { createApiToken, revokeAllTokens } from '../../platform/auth/sessions.ts';
import { clearAccount } from '../../platform/auth/login-locks.ts';
import { fail, ok, type Result, type FieldErrors } from '../../platform/errors.ts';
import './actions.ts'; // defines this feature's actions

export interface NewUserInput {
  username?: unknown;
  displayName?: unknown;
  role?: unknown;
  unit?: unknown; // unit id, code or name
  password?: unknown;
}

export async function resolveUnitRef(db: Db, ref: unknown): Promise<number | null> {
  const tree = await loadUnitTree(db);
  const s = String(ref ?? '').trim();
  if (!s) return null;
  if (/^\d+$/.test(s) && tree.byId.has(Number(s))) return Number(s);
  const byCode = tree.byCode.get(s);
  if (byCode) return byCode.id;
  for (const n of tree.byId.values()) if (n.name === s) return n.id;
  return null;
}

export async function createUser(db: Db, actor: Actor, input: NewUserInput): Promise<Result<{ id: number; username: string; password: string; generated: boolean }>> {
  const errors: FieldErrors = {};
  const username = String(input.username ?? '').trim();
  if (!/^[A-Za-z0-9_.-]{3,40}$/.test(username)) errors.username = '用户名为 3–40 位字母、数字、下划线、点或连字符';
  const role = String(input.role ?? '');
  if (!isRole(role)) errors.role = `角色应为：${Object.entries(ROLE_LABELS).map(([k, v]) => `${k}（${v}）`).join('、')}`;
  const unitId = await resolveUnitRef(db, input.unit);
  if (!unitId) errors.unit = '单位不存在（可填写单位编号、代码或全称）';
  const given = input.password === undefined || input.password === null || input.password === '' ? null : String(input.password);
  if (given !== null) {
    const p = passwordProblem(given);
    if (p) errors.password = p;
  }
  const displayName = String(input.displayName ?? '').trim() || username;
  if (displayName.length > 50) errors.displayName = '姓名不能超过 50 个字';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (!can(actor, 'user.manage', unitId)) return fail('FORBIDDEN', '您不能为该单位创建用户。');
  if (role === 'admin' && actor.role !== 'admin') return fail('FORBIDDEN', '只有平台管理员可以创建平台管理员。');
  const exists = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (exists) return fail('CONFLICT', undefined, { username: '该用户名已被使用' });
  const password = given ?? randomPassword();
  const hash = await hashPassword(password);
  const now = nowIso();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ username, display_name: displayName, role: role as Role, unit_id: unitId!, password_hash: hash, active: 1, failed_logins: 0, locked_until: null, last_login_at: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'user.create', entity: 'user', publicEffect: false, entityId: row.id, unitId, after: { username, role, unitId, displayName } });
    return row.id;
  });
  return ok({ id, username, password, generated: given === null });
}

export async function updateUser(db: Db, actor: Actor, id: number, input: { role?: unknown; unit?: unknown; displayName?: unknown; active?: unknown; password?: unknown }): Promise<Result<true>> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user || !can(actor, 'user.manage', user.unit_id)) return fail('NOT_FOUND', '用户不存在。');
  const errors: FieldErrors = {};
  const patch: Record<string, unknown> = {};
  if (input.role !== undefined && input.role !== '') {
    const r = String(input.role);
    if (!isRole(r)) errors.role = '角色不存在';
    else if (r === 'admin' && actor.role !== 'admin') errors.role = '只有平台管理员可以授予平台管理员角色';
    else patch.role = r;
  }
  if (input.unit !== undefined && input.unit !== '') {
    const u = await resolveUnitRef(db, input.unit);
    if (!u) errors.unit = '单位不存在';
    else if (!can(actor, 'user.manage', u)) errors.unit = '您不能把用户调入该单位';
    else patch.unit_id = u;
  }
  if (typeof input.displayName === 'string' && input.displayName.trim()) patch.display_name = input.displayName.trim().slice(0, 50);
  if (input.active !== undefined) patch.active = input.active === true || input.active === '1' || input.active === 'on' ? 1 : 0;
  if (input.password !== undefined && input.password !== '') {
    const p = passwordProblem(String(input.password));
    if (p) errors.password = p;
    else {
      patch.password_hash = await hashPassword(String(input.password));
      patch.failed_logins = 0;
      patch.locked_until = null;
    }
  }
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (id === actor.id && patch.active === 0) return fail('CONFLICT', '不能停用自己的账号。');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
    if (patch.active === 0 || patch.password_hash) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    // A new password lifts the login locks of every source for this account.
    if (patch.password_hash) await clearAccount(trx, user.username);
    // A password reset or a disabled account ends every API token of the user too.
    const revoked = patch.active === 0 || patch.password_hash ? await revokeAllTokens(trx, id) : 0;
    if (revoked) (patch as Record<string, unknown>).tokensRevoked = revoked;
    const { password_hash, ...shown } = patch;
    await audit(trx, actor, {
      action: 'user.update',
      entity: 'user',
      publicEffect: false,
      entityId: id,
      unitId: user.unit_id,
      before: Object.fromEntries(Object.keys(shown).map((k) => [k, (user as any)[k]])),
      after: { ...shown, ...(password_hash ? { password: '（已重置）' } : {}) },
    });
  });
  return ok(true);
}

/**
 * Mints an API token. Staff mint only their own (an administrator who minted one for a reviewer could
 * act, and approve, under the reviewer's name); the server operator's CLI (a system actor) may mint for
 * any active user. Re-authentication (the current password) is checked by the page that calls this.
 */
export async function issueToken(db: Db, actor: Actor, username: string, name = 'api'): Promise<Result<string>> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) return fail('NOT_FOUND', `用户 ${username} 不存在。`);
  const operator = actor.via === 'system' || actor.via === 'cli';
  if (!operator && actor.id !== user.id) return fail('FORBIDDEN', 'API 令牌只能由用户本人创建；管理员可以吊销他人的令牌。');
  if (!user.active) return fail('CONFLICT', '该用户已停用，不能创建 API 令牌。');
  return db.transaction().execute(async (trx) => {
    const token = await createApiToken(trx, user.id, name);
    await audit(trx, actor, { action: 'token.create', entity: 'user', publicEffect: false, entityId: user.id, unitId: user.unit_id, after: { name, prefix: token.slice(0, 8) } });
    return ok(token);
  });
}

/** Revokes one token: its owner, or whoever manages the owner's unit. */
export async function revokeToken(db: Db, actor: Actor, tokenId: number): Promise<Result<true>> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.prefix', 'api_tokens.name', 'api_tokens.revoked_at', 'users.id as user_id', 'users.unit_id'])
    .where('api_tokens.id', '=', tokenId)
    .executeTakeFirst();
  if (!row) return fail('NOT_FOUND', '没有这个 API 令牌。');
  const operator = actor.via === 'system' || actor.via === 'cli';
  if (!operator && actor.id !== row.user_id && !can(actor, 'user.manage', row.unit_id)) return fail('FORBIDDEN');
  if (row.revoked_at) return ok(true);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', row.id).execute();
    await audit(trx, actor, { action: 'token.revoke', entity: 'user', publicEffect: false, entityId: row.user_id, unitId: row.unit_id, after: { name: row.name, prefix: row.prefix } });
  });
  return ok(true);
}

/**
 * A staff member's own new password (the page has already checked the current one). Other sessions of
 * the account end; this one stays. Audited without the password.
 */
export async function changeOwnPassword(db: Db, actor: Actor, password: string, keepSessionId?: string): Promise<Result<true>> {
  const problem = passwordProblem(password);
  if (problem) return fail('VALIDATION', undefined, { password: problem });
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: nowIso() }).where('id', '=', actor.id).execute();
    await trx.deleteFrom('login_locks').where('username', '=', actor.username).execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', actor.id);
    if (keepSessionId) others = others.where('id', '!=', keepSessionId);
    await others.execute();
    await audit(trx, actor, { action: 'user.password', entity: 'user', publicEffect: false, entityId: actor.id, unitId: actor.unitId, after: { password: '（本人修改）' } });
  });
  return ok(true);
}
