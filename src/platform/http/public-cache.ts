// The public page cache, for every feature's public GET pages (moved here from the portal, documents/index.ts).
//
//   app.servePublic(req, reply, render) — render() → { status, type, body }; the response is sent with the
//   public cache headers. Staff (req.actor) get a fresh render, `private, no-store`, never cached. Anonymous
//   visitors get bytes kept in memory keyed by 适老化 mode + URL, with a strong ETag (304 to a browser that holds
//   them) and a gzip copy made once on demand; an entry is valid while the public data version is unchanged.
//
// The public data version: the newest audit id of a change that can show in public (audit rows with
// public_effect — not an application, a login, a draft or a staff read), read at most once a second (a change by
// this process is seen on the next request via onAudit, by another node within 1 s), plus the next moment a
// feature says public content changes by itself (extension point 'publicCache.nextChange': (db, nowIso) →
// ISO time | null — documents contributes its next scheduled publication); anything else (a date-derived state such
// as a task turning 滞后) within the lifetime of an entry: 2 minutes, spread over 90–150 s so that pages rendered
// together (a crawl, a benchmark's warm-up) are not all rendered again in the same second.
//
// PAGE_CACHE_MB (default 32: issue 15's memory target; a 100,000-document site cannot hold every page anyway — of a Zipf
// mix over 100k pages 62 % come from a 32 MB cache and 69 % from 64 MB, of a uniform one 3 % and 6 %: MEM15's
// simulation in docs/performance.md) bounds the bytes kept per process (page + its gzip copy + key). PAGE_CACHE_TTL_MS
// (default 120000) is that lifetime — a knob for tests and benchmarks that force expiry.
//
// No render storms (issue 15, CACHE15): concurrent misses of the same key and version wait for ONE render (single
// flight: a render that throws throws to every waiter and nothing is kept; staff renders are never shared). When only
// the lifetime ran out — the version is unchanged and no scheduled change (nextPublication) has come — the expired
// bytes are served at once for up to PAGE_CACHE_STALE_MS (default 10 min) past the lifetime while one render per key
// runs in the background (one at a time; a failed one drops the entry). A moved version is never served stale.
//
// dataVersion(db) — the newest audit id of ANY effect, for staff pages derived on demand (dashboards, checks):
// keep a derived result keyed by it and recompute only when something was written.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { sql, type Db } from '../db/index.ts';
import { onAudit } from '../audit/index.ts';
import { contributions } from '../modules.ts';
import { ELDER_COOKIE } from '../auth/index.tsx';

/** A response as render() makes it. */
export interface Rendered {
  status: number;
  type: string;
  body: string;
}

/** A rendered response as sent again and again: its bytes, their ETag, and (made on first demand) their gzip. */
export interface CachedResponse {
  status: number;
  type: string;
  body: Buffer;
  etag: string;
  gzip?: Buffer;
  /** The public cache headers of these bytes (plain and gzip), made on first send. */
  headers?: Record<string, string>;
  gzipHeaders?: Record<string, string>;
  /** The whole header lists of the answers given before routing (app.tsx earlyPublicAnswer), made on first use. */
  early?: { plain?: string[]; gzip?: string[]; notModified?: string[] };
}

interface CacheEntry extends CachedResponse {
  version: string;
  /** Fresh until then; after it served only as stale (while revalidated) until staleUntil. */
  expires: number;
  /** The end of the lifetime + the stale window, or the next scheduled change if sooner: never served after it. */
  staleUntil: number;
  size: number;
  /** When the entry last moved to the most recently used end (PageCache.uses). */
  used: number;
}

/** Extension point 'publicCache.nextChange': when public content next changes without an audit row (null: not scheduled). */
export type NextPublicChange = (db: Db, nowIso: string) => Promise<string | null>;

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
/** Public pages differ by the 适老化 cookie (and staff get uncached pages) and by compression. */
export const PUBLIC_VARY = 'Cookie, Accept-Encoding';

/** The bytes of a rendered response with a strong ETag of them. */
export function toCached(r: Rendered): CachedResponse {
  const body = Buffer.from(r.body, 'utf8');
  return { status: r.status, type: r.type, body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"` };
}

/**
 * The gzip of a kept page, in a buffer of its own size: gzipSync returns a view of zlib's 16 KB output chunk, so a
 * 2 KB copy kept as it comes holds 16 KB (5,000 kept pages: ~80 MB the cache's budget never saw).
 */
export function gzipCopy(body: Buffer): Buffer {
  const z = gzipSync(body, { level: 6 });
  if (z.buffer.byteLength === z.length) return z;
  const own = Buffer.allocUnsafeSlow(z.length); // not from the shared pool either
  z.copy(own);
  return own;
}

export class PageCache {
  private map = new Map<string, CacheEntry>();
  private bytes = 0;
  /** Hits and stores so far: an entry moves to the most recently used end only when it is not near it already. */
  private uses = 0;
  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly ttlMs = 30_000,
    /** Each entry lives ttlMs × (1 ± spread/2), at random: entries stored together do not expire together. */
    private readonly spread = 0,
    /** How long past its lifetime an entry of an unchanged version may still be served while it is rendered again. */
    private readonly staleMs = 0,
  ) {}

  /** The entry of `key` while it is fresh for `version`, else undefined (dropped when it can never be served again). */
  get(key: string, version: string, now = Date.now()): CachedResponse | undefined {
    const f = this.lookup(key, version, now);
    return f && !f.stale ? f.entry : undefined;
  }

  /**
   * The entry of `key` for `version`: fresh, or stale (its lifetime ran out, but its version is `version` and its
   * stale window has not — no scheduled change either), or undefined. An entry of another version, or past its
   * stale window, is dropped.
   */
  lookup(key: string, version: string, now = Date.now()): { entry: CachedResponse; stale: boolean } | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.version !== version || now >= e.staleUntil) {
      this.delete(key);
      return undefined;
    }
    // Least recently used goes first: re-insert on hit — unless it was moved there within the last quarter of the
    // map's uses (a hot page hit again and again then costs one lookup, not a delete and an insert each time).
    if (++this.uses - e.used > this.map.size / 4) {
      e.used = this.uses;
      this.map.delete(key);
      this.map.set(key, e);
    }
    return { entry: e, stale: now >= e.expires };
  }

  /** Drops the entry of `key` if it is still `entry` (a failed revalidation: the next request renders). */
  forget(key: string, entry: CachedResponse): void {
    if (this.map.get(key) === entry) this.delete(key);
  }

  /**
   * The entry of `key` when it is valid for `version`, or undefined — without dropping an entry of another version
   * (e.g. one stored with a variant, which only its own route can check): for answers given before routing.
   */
  hit(key: string, version: string, now = Date.now()): CachedResponse | undefined {
    const e = this.map.get(key);
    if (!e || e.version !== version || now >= e.expires) return undefined;
    if (++this.uses - e.used > this.map.size / 4) {
      e.used = this.uses;
      this.map.delete(key);
      this.map.set(key, e);
    }
    return e;
  }

  /** Keeps the response (unless too big or already out of date) and returns it as cached. */
  set(key: string, version: string, r: Rendered, notAfter: number | null, now = Date.now()): CachedResponse {
    const c = toCached(r);
    // The bytes, a gzip copy (about a fifth) once asked for, the key and the entry itself.
    const size = Math.ceil(c.body.length * 1.25) + key.length * 2 + 300;
    if (size > this.maxBytes / 8) return c;
    this.delete(key);
    const life = this.spread ? this.ttlMs * (1 - this.spread / 2 + this.spread * Math.random()) : this.ttlMs;
    const expires = Math.min(now + life, notAfter ?? Infinity);
    if (expires <= now) return c;
    // Past a scheduled change the bytes are never served, not even stale.
    const staleUntil = Math.min(now + life + this.staleMs, notAfter ?? Infinity);
    const e: CacheEntry = { ...c, version, expires, staleUntil, size, used: ++this.uses };
    this.map.set(key, e);
    this.bytes += size;
    // Least recently used first: entries past their stale window (never served again: lookup() drops them) and
    // then whatever is over the budget. Without the first, random pages of a large site kept the budget full of
    // expired copies (issue 15: own memory).
    for (const [k, old] of this.map) {
      if (this.bytes <= this.maxBytes && now < old.staleUntil) break;
      this.delete(k);
    }
    return e;
  }

  private delete(key: string) {
    const e = this.map.get(key);
    if (e) {
      this.bytes -= e.size;
      this.map.delete(key);
    }
  }

  clear() {
    this.map.clear();
    this.bytes = 0;
  }

  /** Bytes held, as counted against the budget (for figures). */
  get size(): number {
    return this.bytes;
  }
}

/** Newest audit id of a change that can show in public ('0' when none). */
export async function publicDataVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ v: number | string | null }>`select max(id) as v from audit_log where public_effect = 1`.execute(db);
  return String(rows[0]?.v ?? 0);
}

/** Newest audit id of any change ('0' when none): the version of staff pages derived on demand. */
export async function dataVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ v: number | string | null }>`select max(id) as v from audit_log`.execute(db);
  return String(rows[0]?.v ?? 0);
}

async function nextPublicChange(db: Db, now: string): Promise<string | null> {
  let next: string | null = null;
  for (const f of contributions<NextPublicChange>('publicCache.nextChange')) {
    const t = await f(db, now);
    if (t !== null && (next === null || t < next)) next = t;
  }
  return next;
}

/**
 * The data version of the public pages: the newest public audit id (one index probe), and the next
 * scheduled change, looked up again only when the version moves or that time has come.
 */
export class PublicVersion {
  private version: string | null = null;
  private next: string | null = null;
  /** `next` in ms (Infinity when nothing is scheduled) and the answer of fresh(), kept to spare work per request. */
  private nextMs = Infinity;
  private answer: { version: string; nextPublication: string | null } | null = null;
  private checkedAt = 0;
  /**
   * @param maxAgeMs how long a read of the version is trusted. Changes made by this process
   *   (any audit row) are seen at once via markStale(); changes by other nodes within maxAgeMs.
   */
  constructor(
    private readonly db: Db,
    private readonly maxAgeMs = 1000,
  ) {}

  markStale(): void {
    this.checkedAt = 0;
  }

  /** The version read less than maxAgeMs ago (and no scheduled change due since): no await needed. */
  fresh(): { version: string; nextPublication: string | null } | null {
    const nowMs = Date.now();
    if (this.answer === null || nowMs - this.checkedAt >= this.maxAgeMs || nowMs >= this.nextMs) return null;
    return this.answer;
  }

  async current(): Promise<{ version: string; nextPublication: string | null }> {
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    if (this.version === null || nowMs - this.checkedAt >= this.maxAgeMs || (this.next !== null && this.next <= now)) {
      const version = await publicDataVersion(this.db);
      this.checkedAt = nowMs;
      if (version !== this.version || (this.next !== null && this.next <= now)) {
        this.next = await nextPublicChange(this.db, now);
        this.nextMs = this.next === null ? Infinity : Date.parse(this.next);
        this.version = version;
        this.answer = { version, nextPublication: this.next };
      }
    }
    return this.answer!;
  }
}

const readers = new WeakMap<Db, PublicVersion>();
const allReaders = new Set<WeakRef<PublicVersion>>();
let subscribed = false;

/**
 * The public data version of a database handle: one reader per handle, shared by the page cache (servePublic) and
 * every value kept per public version (public-memo.ts perPublicVersion), so one `max(id)` probe a second serves all;
 * marked stale by every change with public effect made by this process.
 */
export function publicVersionOf(db: Db): PublicVersion {
  let v = readers.get(db);
  if (!v) {
    v = new PublicVersion(db);
    readers.set(db, v);
    allReaders.add(new WeakRef(v));
    if (!subscribed) {
      subscribed = true;
      onAudit((e) => {
        if (e.publicEffect === false) return;
        for (const r of allReaders) {
          const pv = r.deref();
          if (pv) pv.markStale();
          else allReaders.delete(r);
        }
      });
    }
  }
  return v;
}

/**
 * `variant`: a feature whose public page also shows data that changes without an audit row (search: 相关检索 from
 * visitors' queries) names that data's version; an entry is then valid while both are unchanged.
 */
export type ServePublic = (req: FastifyRequest, reply: FastifyReply, render: () => Promise<Rendered> | Rendered, variant?: string) => Promise<FastifyReply>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Renders (or reuses) a public GET response and sends it with the public cache headers (platform/http/public-cache.ts). */
    servePublic: ServePublic;
    /** The public data version (version + next scheduled change) that servePublic keys its entries by. */
    publicVersion: PublicVersion;
    /**
     * The cached response for an anonymous visitor's GET of `key` (适老化 mode 'E' or 'N' + the raw URL) when it is
     * valid now without a database read (the version read < 1 s ago) and was stored without a variant; else
     * undefined (the request then goes through its route as usual).
     */
    publicCacheHit(key: string): CachedResponse | undefined;
  }
}

/**
 * Renders in flight, by key: once(k, f) — callers of the same k while f runs share its promise (its value or its
 * error; nothing is remembered after it settles); background(k, f) — starts f unless one of k runs already or
 * `maxBackground` background ones do (the stale bytes are served meanwhile; a later request starts it).
 */
export class Flights {
  private running = new Map<string, Promise<unknown>>();
  private inBackground = 0;
  /**
   * maxBackground 1 by default: on SQLite a render is synchronous work on the event loop (better-sqlite3), so renders
   * started together run back to back and hold every request behind all of them; one at a time, the requests in
   * between are answered (with the stale bytes) between two renders.
   */
  constructor(private readonly maxBackground = 1) {}

  once<T>(key: string, f: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running as Promise<T>;
    const p = f().finally(() => {
      if (this.running.get(key) === p) this.running.delete(key);
    });
    this.running.set(key, p);
    return p;
  }

  /**
   * Starts f as the flight of `key` (a miss of the same key meanwhile waits for it) unless one of `key` runs already
   * or `maxBackground` background ones do; its error goes to onError (and to any waiter). True when started.
   */
  background<T>(key: string, f: () => Promise<T>, onError: (err: unknown) => void): boolean {
    if (this.running.has(key) || this.inBackground >= this.maxBackground) return false;
    this.inBackground++;
    // Started after the stale answer is on its way (a render is partly synchronous work on the event loop).
    const p = this.once(key, () => new Promise<void>((resolve) => setImmediate(resolve)).then(f));
    p.catch(onError).finally(() => this.inBackground--);
    return true;
  }

  /** Keys in flight (for tests). */
  get size(): number {
    return this.running.size;
  }
}

/** Decorates the app with servePublic (one cache per app). Registered once by the app, before the features. */
export const publicCache = fp(
  async function publicCache(app: FastifyInstance) {
    const cache = new PageCache(
      Math.max(1, Number(process.env.PAGE_CACHE_MB) || 32) * 1024 * 1024,
      Math.max(1, Number(process.env.PAGE_CACHE_TTL_MS) || 120_000),
      0.5,
      Math.max(0, Number(process.env.PAGE_CACHE_STALE_MS ?? 600_000) || 0),
    );
    const versions = publicVersionOf(app.db);
    const flights = new Flights();

    const servePublic: ServePublic = async (req, reply, render, variant) => {
      if (req.actor) {
        // Staff see their name in the header: never shared, never cached.
        const r = await render();
        return reply.code(r.status).type(r.type).header('Cache-Control', 'private, no-store').send(r.body);
      }
      // The 适老化 mode as pageCtx() reads it (without building the page context on every hit).
      const key = `${req.cookies?.[ELDER_COOKIE] === '1' ? 'E' : 'N'}${req.url}`;
      const v = versions.fresh() ?? (await versions.current());
      const version = variant === undefined ? v.version : `${v.version}/${variant}`;
      const notAfter = v.nextPublication ? Date.parse(v.nextPublication) : null;
      const found = cache.lookup(key, version);
      let r: CachedResponse;
      if (found && !found.stale) r = found.entry;
      else if (found) {
        // Only the lifetime ran out (same version, no scheduled change due): these bytes now, new ones for the next.
        r = found.entry;
        const stale = found.entry;
        flights.background(
          `${key}\n${version}`,
          async () => cache.set(key, version, await render(), notAfter),
          (err) => {
            cache.forget(key, stale);
            req.log.warn({ err, url: req.url }, '公开页面后台重新生成失败（下一次请求将重新生成）');
          },
        );
      } else {
        r = await flights.once(`${key}\n${version}`, async () => cache.set(key, version, await render(), notAfter));
      }
      // A browser that holds these bytes gets 304; one that takes gzip gets the compressed copy (made once).
      if (r.status === 200 && req.headers['if-none-match'] === r.etag) {
        return reply.code(304).headers({ 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY, etag: r.etag }).send();
      }
      const gzip = r.body.length > 1024 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (gzip) r.gzip ??= gzipCopy(r.body);
      if (gzip) r.gzipHeaders ??= { 'content-type': r.type, 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY, etag: r.etag, 'content-encoding': 'gzip' };
      else r.headers ??= { 'content-type': r.type, 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY, etag: r.etag };
      return reply.code(r.status).headers(gzip ? r.gzipHeaders! : r.headers!).send(gzip ? r.gzip : r.body);
    };
    app.decorate('publicCacheHit', (key: string) => {
      const v = versions.fresh();
      return v === null ? undefined : cache.hit(key, v.version);
    });
    app.decorate('servePublic', servePublic);
    app.decorate('publicVersion', versions);
  },
  { name: 'gongkai-public-cache' },
);
