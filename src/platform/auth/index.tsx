// Staff authentication: login/logout, session cookie, bearer tokens, CSRF, request.actor.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Multipart } from '@fastify/multipart';
import '@fastify/cookie';
import crypto from 'node:crypto';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/index.ts';
import type { Actor } from '../access/roles.ts';
import { AppError } from '../errors.ts';
import { Type } from '@sinclair/typebox';
import { parseForm, textForm } from '../http/forms.ts';
import { audit } from '../audit/index.ts';
import { renderPage } from '../views/render.ts';
import { fmtDateTime } from '../views/format.ts';
import type { PageContext } from '../views/layout.tsx';
import { createSession, destroySession, resolveApiToken, resolveSession, actorForUser, SESSION_HOURS } from './sessions.ts';
import { verifyPassword, hashPassword, randomToken } from './password.ts';
import { claimAttempt, recordFailure, clearFailures } from './login-locks.ts';
import { databaseRateLimitStore } from './rate-store.ts';
import { LoginPage } from './views.tsx';
import type { Config } from '../../config.ts';

export const SESSION_COOKIE = 'gk_sid';
const CSRF_COOKIE = 'gk_csrf';
export const ELDER_COOKIE = 'gk_elder';

/** A hash of a random password with the real parameters: unknown accounts are checked against it. */
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(randomToken(24)));

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The CSRF token for this caller; for anonymous callers the cookie is only issued when a form asks for it. */
    csrfToken: string;
    /** Anonymous callers: issues the double-submit cookie on first use (see csrfToken). */
    issueCsrf: (() => string) | null;
    /** Builds the page context for views. */
    pageCtx(): PageContext;
  }
  interface FastifyInstance {
    db: Db;
    config: Config;
  }
}

interface AuthOptions {
  loginRateLimit?: number;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Throws AppError('CSRF') unless `sent` matches the session's (or anonymous cookie's) token. */
function verifyCsrf(req: FastifyRequest, sent: string | undefined): void {
  if (!sent || !req.csrfToken || !safeEqual(sent, req.csrfToken)) throw new AppError('CSRF');
}

/** The login form (POST /login), parsed like every form (platform/http/forms.ts): a value too long is refused with its field's message. */
const LoginFormBody = Type.Object(
  {
    username: Type.Optional(Type.String({ maxLength: 100 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    back: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { description: '登录' },
);

const CsrfFormBody = textForm(['_csrf'], 'CSRF 令牌');

/**
 * The parts of a multipart form whose `_csrf` field must come before any file (forms put it first):
 * yields the other fields and the files, and throws AppError('CSRF') — before anything is stored —
 * when a file comes first, the token is wrong, or there is no token at all. A refused file must be
 * drained by the caller (`part.file.resume()`).
 */
export async function* csrfCheckedParts(req: FastifyRequest): AsyncGenerator<Multipart> {
  let checked = false;
  for await (const part of req.parts()) {
    if (part.type === 'field' && part.fieldname === '_csrf' && !checked) {
      verifyCsrf(req, typeof part.value === 'string' ? part.value : '');
      checked = true;
      continue;
    }
    if (part.type === 'file' && !checked) {
      part.file.resume();
      throw new AppError('CSRF');
    }
    yield part;
  }
  if (!checked) throw new AppError('CSRF');
}

/** Only same-site relative paths may be redirect targets. */
export function safeBack(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : fallback;
}

export default fp(
  async function auth(app: FastifyInstance, opts: AuthOptions) {
    const { db, config } = app;
    const secure = config.cookieSecure;
    app.decorateRequest('actor', null);
    app.decorateRequest('csrfToken', '');
    app.decorateRequest('issueCsrf', null);
    app.decorateRequest('pageCtx', function (this: FastifyRequest): PageContext {
      const req = this;
      const a = this.actor;
      return {
        siteName: config.siteName,
        path: this.url.split('?')[0],
        elder: this.cookies?.[ELDER_COOKIE] === '1',
        // A getter: pages without a form never cause a Set-Cookie, so public pages stay cacheable.
        get csrf() {
          return req.issueCsrf ? req.issueCsrf() : req.csrfToken;
        },
        user: a ? { id: a.id, username: a.username, displayName: a.displayName, role: a.role, unitName: a.unitName } : null,
      };
    });

    const cookieOpts = (req: FastifyRequest) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: secure === 'auto' ? req.protocol === 'https' : secure,
    });

    // Identify the caller: bearer token for /api, session cookie elsewhere. Written with `done`: an anonymous
    // visitor (no token, no session cookie — most requests) costs no promise and no database work.
    const identify = async (req: FastifyRequest, reply: FastifyReply, token: string | null, sid: string | undefined) => {
      if (token !== null) {
        const actor = await resolveApiToken(db, token, req.ip);
        if (!actor) throw new AppError('UNAUTHENTICATED', 'API 令牌无效或已吊销。');
        req.actor = actor;
        return;
      }
      const s = await resolveSession(db, sid!, req.ip);
      if (s) {
        req.actor = s.actor;
        req.csrfToken = s.csrf;
        return;
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      anonymous(req, reply);
    };
    // Anonymous visitors get a double-submit CSRF cookie for public forms (only when a page has a form).
    const anonymous = (req: FastifyRequest, reply: FastifyReply) => {
      const token = req.cookies[CSRF_COOKIE];
      if (token && /^[A-Za-z0-9_-]{20,64}$/.test(token)) req.csrfToken = token;
      else
        req.issueCsrf = () => {
          if (!req.csrfToken) {
            req.csrfToken = randomToken(24);
            reply.setCookie(CSRF_COOKIE, req.csrfToken, cookieOpts(req));
          }
          return req.csrfToken;
        };
    };
    app.addHook('onRequest', (req, reply, done) => {
      let pending: Promise<void> | null = null;
      try {
        if (req.url.startsWith('/api/')) {
          const authz = req.headers.authorization;
          if (authz && /^Bearer\s+/i.test(authz)) pending = identify(req, reply, authz.replace(/^Bearer\s+/i, '').trim(), undefined);
        } else if (!req.url.startsWith('/static/')) {
          // Static files and feeds need no identity.
          const sid = req.cookies[SESSION_COOKIE];
          if (sid) pending = identify(req, reply, null, sid);
          else anonymous(req, reply);
        }
      } catch (err) {
        done(err as Error);
        return;
      }
      if (pending) pending.then(() => done(), done);
      else done();
    });

    // Every form POST outside the API must carry the CSRF token.
    // Multipart uploads are streamed, so only routes that declare `config: { multipartCsrf: true }`
    // accept them, and those call verifyCsrf() on the `_csrf` field themselves; any other form POST
    // sent as multipart is refused (it would otherwise skip the check).
    app.addHook('preHandler', (req, _reply, done) => {
      if (req.method !== 'POST' || req.url.startsWith('/api/')) return done();
      try {
        if (req.isMultipart()) {
          if ((req.routeOptions.config as { multipartCsrf?: boolean } | undefined)?.multipartCsrf === true) return done();
          throw new AppError('CSRF');
        }
        // The `_csrf` field of a urlencoded (or JSON) form; a body that is not a form (a JSON list) carries none.
        let token: string | undefined;
        try {
          token = parseForm(CsrfFormBody, req.body)._csrf;
        } catch {
          token = undefined;
        }
        verifyCsrf(req, token || String(req.headers['x-csrf-token'] ?? ''));
      } catch (err) {
        return done(err as Error);
      }
      done();
    });

    // Counters in the database: all nodes and workers share one allowance per address.
    await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) as never });

    app.get('/login', async (req, reply) => {
      const q = req.query as { back?: string };
      if (req.actor) return reply.redirect(safeBack(q.back, '/admin'));
      return reply.type('text/html; charset=utf-8').send(renderPage(<LoginPage ctx={req.pageCtx()} back={safeBack(q.back, '/admin')} />));
    });

    app.post(
      '/login',
      {
        config: { rateLimit: { max: opts.loginRateLimit ?? 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const body = parseForm(LoginFormBody, req.body);
        const username = (body.username ?? '').trim();
        const password = body.password ?? '';
        const back = safeBack(body.back, '/admin');
        const show = (status: number, message: string) =>
          reply.status(status).type('text/html; charset=utf-8').send(renderPage(<LoginPage ctx={req.pageCtx()} back={back} username={username} message={message} />));
        if (!username || !password) return show(400, '请输入用户名和密码。');

        const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
        const now = nowIso();
        // One failure is claimed atomically before the password is checked (parallel guesses cannot all
        // be checked); locks hold per (account, source). Unknown, disabled and real accounts take the
        // same path and the same time (a real scrypt check against a dummy hash), so the answers do not
        // tell whether an account exists.
        const claim = await claimAttempt(db, username, req.ip);
        const lockedMessage = (until: string) => `登录失败次数过多，已暂停从您所在的网络登录该账号至 ${fmtDateTime(until)}（北京时间），请稍后再试或联系单位管理员。`;
        const auditLock = (lockedUntil: string) =>
          db.transaction().execute(async (trx) => {
            await audit(trx, null, { action: 'user.locked', entity: 'user', publicEffect: false, entityId: user?.id ?? username, unitId: user?.unit_id ?? null, after: { username, lockedUntil, ip: req.ip } });
          });
        if (!claim.allowed) {
          await db.insertInto('login_attempts').values({ username, ip: req.ip, ok: 0, at: now }).execute();
          if (claim.lockedNow && claim.lockedUntil) await auditLock(claim.lockedUntil);
          return show(423, lockedMessage(claim.lockedUntil ?? now));
        }
        const verified = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
        const good = !!user && user.active === 1 && verified;
        if (!user || !good) {
          await db.insertInto('login_attempts').values({ username, ip: req.ip, ok: 0, at: now }).execute();
          const lockedUntil = await recordFailure(db, username, req.ip, claim);
          if (lockedUntil) await auditLock(lockedUntil);
          return show(401, '用户名或密码不正确。');
        }
        await clearFailures(db, username, req.ip);
        // The actor (the unit tree behind it) is read before the transaction: inside it only `trx` may be
        // used, and on SQLite a query through `db` there would wait forever for the transaction's connection.
        const actor = await actorForUser(db, user, 'session', req.ip);
        const session = await db.transaction().execute(async (trx) => {
          await trx.insertInto('login_attempts').values({ username, ip: req.ip, ok: 1, at: now }).execute();
          await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
          const s = await createSession(trx, user.id, req.ip, String(req.headers['user-agent'] ?? ''));
          await audit(trx, actor, { action: 'user.login', entity: 'user', publicEffect: false, entityId: user.id, unitId: user.unit_id });
          return s;
        });
        reply.setCookie(SESSION_COOKIE, session.cookie, { ...cookieOpts(req), maxAge: SESSION_HOURS * 3600 });
        return reply.redirect(back, 303);
      },
    );

    app.post('/logout', async (req, reply) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) {
        await db.transaction().execute(async (trx) => {
          await destroySession(trx, sid);
          if (req.actor) await audit(trx, req.actor, { action: 'user.logout', entity: 'user', publicEffect: false, entityId: req.actor.id, unitId: req.actor.unitId });
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    });

    // 适老化 switch: a cookie, so every page (and every later page) renders in the chosen mode.
    app.get('/elder', async (req, reply) => {
      const q = req.query as { on?: string; back?: string };
      if (q.on === '1') reply.setCookie(ELDER_COOKIE, '1', { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
      else reply.clearCookie(ELDER_COOKIE, { path: '/' });
      return reply.redirect(safeBack(q.back, '/'), 303);
    });
  },
  { name: 'gongkai-auth', dependencies: ['@fastify/cookie'] },
);

/** Route guard: a logged-in staff member (session or token). HTML GETs are redirected to /login. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}
