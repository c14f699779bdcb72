// buildApp(config, db) → FastifyInstance: registers the platform, then the features. Never listens.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config.ts';
import { sql, type DatabaseHandle } from './platform/db/index.ts';
import auth from './platform/auth/index.tsx';
import mail from './platform/mail/index.ts';
import { installErrorHandler, type AppError } from './platform/errors.ts';
import { renderPage } from './platform/views/render.ts';
import { Layout } from './platform/views/layout.tsx';
import { registerSiteFiles } from './platform/views/site-files.ts';
import { FileStore } from './platform/files/index.ts';
import { registerAssets } from './platform/views/static/assets.ts';
import './features/index.ts'; // installs this build's features (FEATURES)
import { installedModules } from './platform/modules.ts';
import { API_PREFIX, apiScope } from './platform/http/index.ts';
import { stripNulHook } from './platform/http/nul.ts';
import { gzipCopy, publicCache, PUBLIC_CACHE_CONTROL, PUBLIC_VARY, type CachedResponse } from './platform/http/public-cache.ts';
import { ELDER_COOKIE, SESSION_COOKIE } from './platform/auth/index.tsx';
import { deliverPending } from './platform/events.ts';
import { withClock, type Clock } from './platform/clock.ts';

declare module 'fastify' {
  interface FastifyInstance {
    files: FileStore;
    dialect: DatabaseHandle['dialect'];
  }
}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'strict-origin-when-cross-origin' };
const HTML_SECURITY_HEADERS = {
  ...SECURITY_HEADERS,
  'content-security-policy': "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'",
};

/**
 * A cached public page answered before Fastify's routing and hooks (issue 15: a cached page within 1.25× of a bare
 * Fastify route). Only an anonymous visitor's GET — no Authorization header, no session cookie (the 适老化 cookie is
 * read as the route reads it) — whose raw URL has an entry valid now in the public page cache (stored by
 * app.servePublic for that same URL and mode, without a variant, for the public version read < 1 s ago). The
 * answer is the one the route gives from the cache, byte for byte: status, content type, cache headers, ETag (304
 * to If-None-Match), gzip when accepted, the security headers of the onSend hook below and Content-Length (Node
 * adds Date and the keep-alive headers, as for every answer). Anything else (staff, HEAD, a miss, an out-of-date
 * version) returns false and goes through Fastify unchanged.
 */
function earlyPublicAnswer(app: FastifyInstance, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const h = req.headers;
  if (h.authorization !== undefined) return false;
  let elder = false;
  if (h.cookie !== undefined) {
    const jar = app.parseCookie(h.cookie);
    if (jar[SESSION_COOKIE] !== undefined) return false;
    elder = jar[ELDER_COOKIE] === '1';
  }
  const url = req.url ?? '';
  if (url.startsWith('/admin') || url.startsWith('/login')) return false;
  const r = app.publicCacheHit((elder ? 'E' : 'N') + url);
  if (r === undefined) return false;
  const early = (r.early ??= {});
  if (r.status === 200 && h['if-none-match'] === r.etag) {
    // As reply.code(304).headers({…}).send(): no content type (so the plain security headers), no length.
    res.writeHead(304, (early.notModified ??= flatHeaders({ 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY, etag: r.etag }, SECURITY_HEADERS)));
    res.end();
    return true;
  }
  const gzip = r.body.length > 1024 && /\bgzip\b/.test(h['accept-encoding'] ?? '');
  let body: Buffer;
  let heads: string[];
  if (gzip) {
    body = r.gzip ??= gzipCopy(r.body);
    heads = early.gzip ??= answerHeaders(r, body, true);
  } else {
    body = r.body;
    heads = early.plain ??= answerHeaders(r, body, false);
  }
  res.writeHead(r.status, heads);
  res.end(body);
  return true;
}

/** The headers of a cached page as the route sends them, in its order: servePublic's, onSend's, Content-Length. */
function answerHeaders(r: CachedResponse, body: Buffer, gzip: boolean): string[] {
  const own: Record<string, string> = { 'content-type': r.type, 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY, etag: r.etag };
  if (gzip) own['content-encoding'] = 'gzip';
  return flatHeaders(own, r.type.startsWith('text/html') ? HTML_SECURITY_HEADERS : SECURITY_HEADERS, { 'content-length': String(body.length) });
}

function flatHeaders(...parts: Record<string, string>[]): string[] {
  const out: string[] = [];
  for (const p of parts) for (const [k, v] of Object.entries(p)) out.push(k, v);
  return out;
}

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type PinoLogger = FastifyBaseLogger & { isLevelEnabled?(level: string): boolean; bindings?(): Record<string, unknown> };

/**
 * The request's logger (req.log), made on its first use. Fastify makes a child logger per request (pino serialises
 * its bindings); most requests never log, and making it was a visible part of serving a cached page.
 */
class LazyChildLogger {
  #child: PinoLogger | undefined;
  constructor(
    private readonly parent: PinoLogger,
    private readonly own: Record<string, unknown>,
    private readonly opts: { level?: string; serializers?: unknown },
  ) {}
  private get real(): PinoLogger {
    return (this.#child ??= this.parent.child(this.own, this.opts as never));
  }
  private log(level: LogLevel, args: unknown[]): void {
    // A level the parent does not write (and no level of the route's own) needs no child at all.
    if (!this.#child && this.opts.level === undefined && typeof this.parent.isLevelEnabled === 'function' && !this.parent.isLevelEnabled(level)) return;
    (this.real[level] as (...a: unknown[]) => void)(...args);
  }
  get level(): string {
    return this.#child?.level ?? this.opts.level ?? this.parent.level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  isLevelEnabled(level: string): boolean {
    return this.real.isLevelEnabled?.(level) ?? true;
  }
  bindings(): Record<string, unknown> {
    return this.real.bindings?.() ?? this.own;
  }
  fatal(...args: unknown[]) {
    this.log('fatal', args);
  }
  error(...args: unknown[]) {
    this.log('error', args);
  }
  warn(...args: unknown[]) {
    this.log('warn', args);
  }
  info(...args: unknown[]) {
    this.log('info', args);
  }
  debug(...args: unknown[]) {
    this.log('debug', args);
  }
  trace(...args: unknown[]) {
    this.log('trace', args);
  }
  silent() {}
  child(bindings: Record<string, unknown>, opts?: object): FastifyBaseLogger {
    return this.real.child(bindings, opts as never);
  }
}

export interface BuildOptions {
  logger?: boolean | object;
  loginRateLimit?: number;
  /** How long /healthz waits for the database (default 2 s; HEALTHZ_TIMEOUT_MS). */
  healthTimeoutMs?: number;
  /** The clock every request of this app reads "now" and "today" from (default: the system clock). */
  clock?: Clock;
}

const CSS = fs.readFileSync(new URL('./platform/views/static/site.css', import.meta.url));

function ErrorPage({ req, err }: { req: any; err: AppError }) {
  const title = err.status === 404 ? '页面不存在' : err.status === 403 ? '没有权限' : err.status >= 500 ? '系统繁忙' : '请求有误';
  return (
    <Layout ctx={req.pageCtx ? req.pageCtx() : { siteName: '', path: req.url, elder: false, csrf: '' }} title={title} area={req.url.startsWith('/admin') ? 'admin' : 'public'}>
      <h1>{title}</h1>
      <div class="error-summary" role="alert">
        <p>{err.message}</p>
        {err.fields ? (
          <ul>
            {Object.entries(err.fields).map(([k, v]) => (
              <li>
                {err.labels?.[k] ?? k}：{v}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <p>
        <a href="/">返回首页</a>　<a href="javascript:history.back()">返回上一页</a>
      </p>
      <p class="muted">错误代码：{err.code}</p>
    </Layout>
  );
}

export async function buildApp(config: Config, handle: DatabaseHandle, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Fastify's two JSON lines per request cost more CPU than serving a cached page; one line is written
    // instead for a server error, a slow answer (> 1 s), or every request with ACCESS_LOG=1 (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, opts) => new LazyChildLogger(logger, bindings, opts) as unknown as FastifyBaseLogger,
    // A hop count trusts that many proxies nearest to us (proxy-addr's semantics, as Fastify does for a number).
    trustProxy: typeof config.trustProxy === 'number' ? ((hops: number) => (_addr: string, i: number) => i < hops)(config.trustProxy) : config.trustProxy,
    bodyLimit: 4 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // Requests the HTTP parser refuses (e.g. an address with raw, unencoded Chinese characters from an
    // old client) get a plain Chinese answer instead of Node's English JSON.
    clientErrorHandler(err, socket) {
      if (!socket.writable) return;
      const body = Buffer.from('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求无效</title><p>请求无效：网址中含有未编码的字符或格式不正确。请从网站页面上的链接或搜索框重新进入。</p></html>');
      const status = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString('latin1')}`, 'latin1');
    },
  });
  // Cached public pages are answered before routing when they can be (earlyPublicAnswer); the rest as usual.
  const server = app.server;
  const routed = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (routed.length === 1) {
    server.removeListener('request', routed[0]);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      let answered = false;
      try {
        answered = earlyPublicAnswer(app, req, res);
      } catch {
        answered = res.headersSent;
      }
      if (!answered) routed[0](req, res);
    });
  }
  app.decorate('db', handle.db);
  app.decorate('dialect', handle.dialect);
  app.decorate('config', config);
  app.decorate('files', new FileStore(config.dataDir));

  // Time is a dependency: each request runs with the app's clock (platform/clock.ts).
  if (opts.clock) {
    const clock = opts.clock;
    app.addHook('onRequest', (_req, _reply, done) => withClock(clock, done));
  }

  installErrorHandler(app, (req, err) => renderPage(<ErrorPage req={req} err={err} />));
  if (opts.logger) {
    const all = process.env.ACCESS_LOG === '1';
    app.addHook('onResponse', (req, reply, done) => {
      const ms = reply.elapsedTime;
      if (all || reply.statusCode >= 500 || ms > 1000) {
        req.log[reply.statusCode >= 500 ? 'error' : ms > 1000 ? 'warn' : 'info']({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(ms), ip: req.ip }, 'request');
      }
      done();
    });
  }

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 4 * 1024 * 1024 });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 20, fields: 60, fieldSize: 2 * 1024 * 1024 } });

  // NUL characters in any submitted text are removed, the same way on both databases (platform/http/nul.ts).
  // (Hooks on every request are written with `done` rather than async: no promise per request.)
  app.addHook('preValidation', stripNulHook);

  // Security headers on every response (the set helmet would add, without its per-request cost).
  app.addHook('onSend', (req, reply, payload, done) => {
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    reply.headers(html ? HTML_SECURITY_HEADERS : SECURITY_HEADERS);
    if (html && (req.url.startsWith('/admin') || req.url.startsWith('/login'))) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });

  app.get('/static/site.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(CSS));
  registerAssets(app); // console scripts and the vendored editor, from this origin
  registerSiteFiles(app); // /favicon.ico, /robots.txt
  // Liveness that means something: the database must answer a trivial query within the timeout. A
  // connection held by a stuck transaction (or a PostgreSQL server that is gone) gives 503, not 200.
  const healthTimeoutMs = opts.healthTimeoutMs ?? Number(process.env.HEALTHZ_TIMEOUT_MS || 2000);
  // Liveness (the process answers; no database) for a supervisor that restarts a hung process; /healthz
  // is readiness (the database answers) for a load balancer that routes traffic.
  app.get('/livez', async () => ({ ok: true }));
  app.get('/healthz', async (_req, reply) => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`数据库在 ${healthTimeoutMs} 毫秒内没有响应`)), healthTimeoutMs);
    });
    try {
      // A read and a statement that is not one: on SQLite they run on the read and the write connection
      // (platform/db RoutedConnection), and a write connection held by a stuck transaction is not ready.
      await Promise.race([Promise.all([sql`select 1`.execute(handle.db), sql`values (1)`.execute(handle.db)]), timeout]);
      return { ok: true, db: 'ok', ms: Date.now() - started };
    } catch (err) {
      reply.status(503).header('Cache-Control', 'no-store');
      return { ok: false, code: 'DB_UNAVAILABLE', error: (err as Error).message, ms: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  });

  await app.register(auth, { loginRateLimit: opts.loginRateLimit });
  await app.register(mail); // outbox sender (applicants' e-mails), after commit
  await app.register(publicCache); // app.servePublic: every feature's cached public GET pages
  // Each feature's pages (its manifest's `routes`), then the JSON API with every feature's operations.
  const modules = installedModules();
  for (const m of modules) if (m.routes) await m.routes(app);
  await app.register(apiScope, { prefix: API_PREFIX, modules });
  // Events whose delivery did not finish (a process that stopped mid-way) are delivered at start.
  app.addHook('onReady', async () => {
    await deliverPending(handle.db).catch((err) => app.log.warn(`补发事件失败：${(err as Error).message}`));
  });
  return app;
}
