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
  /** In the protected segment (hit again after it was stored), else in probation. */
  protected: boolean;
  /**
   * Credit for hits since stored: each hit adds `weight` (up to 32 hits' worth), a turn at the protected segment's end
   * costs one (demote).
   */
  hits: number;
  /** What a hit of this page is worth: its render cost in RENDER_COST_UNIT_MS, 1 to MAX_WEIGHT (cost-aware retention). */
  weight: number;
}

/** Extension point 'publicCache.nextChange': when public content next changes without an audit row (null: not scheduled). */
export type NextPublicChange = (db: Db, nowIso: string) => Promise<string | null>;

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
/** Public pages differ by the 适老化 cookie (and staff get uncached pages) and by compression. */
export const PUBLIC_VARY = 'Cookie, Accept-Encoding';

/** The bytes of a rendered response with a strong ETag of them. */
function toCached(r: Rendered): CachedResponse {
  const body = Buffer.from(r.body, 'utf8');
  return { status: r.status, type: r.type, body, etag: etagOf(body) };
}

/** The strong ETag of a page's bytes (of a string: of its UTF-8 bytes). */
function etagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
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

/** A page whose render took this long (wall time, ms) is kept on its first request even when the cache is full. */
const EXPENSIVE_RENDER_MS = 20;
/**
 * Cost-aware retention (issue 15: cached list pages stay cached): a hit of a page counts as many hits as its render
 * took units of this (wall time, at least 1, at most MAX_WEIGHT) — a list page (a few ms) is worth several document
 * pages (~0.3 ms) asked for as often, a search page (25–100 ms) the most (GreedyDual: priority = hits × render cost).
 */
const RENDER_COST_UNIT_MS = 1;
const MAX_WEIGHT = 16;
const weightOf = (renderMs: number) => Math.min(MAX_WEIGHT, Math.max(1, Math.round(renderMs / RENDER_COST_UNIT_MS)));

/**
 * How often each key was asked for and not found (a count-min sketch: 2^17 one-byte counters = 128 KB, two probes,
 * counts up to 255), all counts halved after `period` counts — recent demand weighs more than old (TinyLFU's aging).
 */
class Frequencies {
  private counts = new Uint8Array(1 << 17);
  private added = 0;
  constructor(private readonly period = 100_000) {}
  private probes(key: string): [number, number] {
    // FNV-1a over the UTF-16 code units, and a second probe derived from it.
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return [h >>> 15, (Math.imul(h, 0x9e3779b1) >>> 15) ^ 1];
  }
  /** The count of `key` (at least its true count since the last halving, more when other keys share its counters). */
  of(key: string): number {
    const [a, b] = this.probes(key);
    return Math.min(this.counts[a], this.counts[b]);
  }
  /** Counts `key` once more; returns its count before. */
  add(key: string): number {
    const [a, b] = this.probes(key);
    const before = Math.min(this.counts[a], this.counts[b]);
    if (before < 255) {
      // Conservative update: only the counters at the minimum grow (less overcounting of keys sharing one).
      if (this.counts[a] === before) this.counts[a]++;
      if (this.counts[b] === before) this.counts[b]++;
    }
    if (++this.added >= this.period) {
      this.added = 0;
      for (let i = 0; i < this.counts.length; i++) this.counts[i] >>= 1;
    }
    return before;
  }
}

/**
 * Public pages kept in memory within `maxBytes`, as a segmented LRU (issue 15: a scan of one-off pages — a crawler,
 * random documents of a 100,000-document site — pushed the hot pages, home and lists, out of a plain LRU): a new
 * entry goes to the probation segment, a hit there moves it to the protected one (at most `protectedShare` of the
 * budget; its least recently used go back to probation), and room is made in probation first — so one-off pages
 * only ever displace each other. admits() adds a door: while the budget is full, a page is kept only when it was
 * asked for (Frequencies) more often than the entry it would push out (TinyLFU's admission): a page seen for the first
 * time is not kept (its bytes, ETag and insertion are not paid for); of random one-off documents, one seen twice no
 * longer replaces another seen twice. Hits of kept pages are weighed by their render cost (demote).
 */
export class PageCache {
  /** Entries hit once at most, least recently used first. */
  private probation = new Map<string, CacheEntry>();
  /** Entries hit again while in probation, least recently used first. */
  private protected = new Map<string, CacheEntry>();
  private bytes = 0;
  private protectedBytes = 0;
  /** Hits and stores so far: an entry moves to the most recently used end only when it is not near it already. */
  private uses = 0;
  private frequencies = new Frequencies();
  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly ttlMs = 30_000,
    /** Each entry lives ttlMs × (1 ± spread/2), at random: entries stored together do not expire together. */
    private readonly spread = 0,
    /** How long past its lifetime an entry of an unchanged version may still be served while it is rendered again. */
    private readonly staleMs = 0,
    private readonly protectedShare = 0.8,
  ) {}

  /** The entry of `key` while it is fresh for `version`, else undefined (dropped when it can never be served again). */
  get(key: string, version: string, now = Date.now()): CachedResponse | undefined {
    const f = this.lookup(key, version, now);
    return f && !f.stale ? f.entry : undefined;
  }

  /**
   * The entry of `key` for `version`: fresh, or stale (its lifetime ran out, but its version is `version` and its
   * stale window has not — no scheduled change either), or undefined. An entry of another version, or past its
   * stale window, is dropped — except a protected one of another version: it stays (never served) so that the page
   * rendered for the new version takes its place in the protected segment.
   */
  lookup(key: string, version: string, now = Date.now()): { entry: CachedResponse; stale: boolean } | undefined {
    const e = this.protected.get(key) ?? this.probation.get(key);
    if (!e) return undefined;
    if (now >= e.staleUntil || (e.version !== version && !e.protected)) {
      this.delete(key);
      return undefined;
    }
    if (e.version !== version) return undefined;
    this.touch(key, e);
    return { entry: e, stale: now >= e.expires };
  }

  /** Drops the entry of `key` if it is still `entry` (a failed revalidation: the next request renders). */
  forget(key: string, entry: CachedResponse): void {
    if ((this.protected.get(key) ?? this.probation.get(key)) === entry) this.delete(key);
  }

  /**
   * The entry of `key` when it is valid for `version`, or undefined — without dropping an entry of another version
   * (e.g. one stored with a variant, which only its own route can check): for answers given before routing.
   */
  hit(key: string, version: string, now = Date.now()): CachedResponse | undefined {
    const e = this.protected.get(key) ?? this.probation.get(key);
    if (!e || e.version !== version || now >= e.expires) return undefined;
    this.touch(key, e);
    return e;
  }

  /**
   * Whether a page of `key` rendered on a miss should be kept (set): yes while it fits the budget (or an entry past
   * its stale window would make room) or its render took EXPENSIVE_RENDER_MS or more (a search page: rendering it
   * twice to keep it would cost more than the copy); else only when it was asked for more often (since the counts
   * were last halved) than the entry it would push out (the least recently used, of probation first) — TinyLFU's
   * admission. A page asked for once is sent without being kept; a page asked for again is kept in place of one-off
   * pages; a random document seen twice does not replace another one seen twice (issue 15: at 100k documents, uniform
   * traffic stored a third of its pages, each a byte copy, a sha1 and an eviction, for a ~3 % hit rate). The render
   * cost weighs retention only (demote): measured as wall time it is too noisy under load to decide admission by.
   */
  admits(key: string, bodyLength: number, now = Date.now(), renderMs = 0): boolean {
    const before = this.frequencies.add(key);
    if (this.bytes + bodyLength * 3 + 300 <= this.maxBytes || this.protected.has(key) || renderMs >= EXPENSIVE_RENDER_MS) return true;
    const victimKey: string | undefined = this.probation.keys().next().value ?? this.protected.keys().next().value;
    const victim = victimKey === undefined ? undefined : (this.probation.get(victimKey) ?? this.protected.get(victimKey));
    if (!victim || now >= victim.staleUntil) return true;
    return before > 0 && before + 1 > this.frequencies.of(victimKey!);
  }

  /**
   * Keeps the response (unless too big or already out of date) and returns it as cached. `renderMs`: what rendering it
   * took (wall time), which weighs its hits (cost-aware retention; a page rendered again keeps the higher weight).
   */
  set(key: string, version: string, r: Rendered, notAfter: number | null, now = Date.now(), renderMs = 0): CachedResponse {
    const c = toCached(r);
    // The bytes, a gzip copy (about a fifth) once asked for, the key and the entry itself.
    const size = Math.ceil(c.body.length * 1.25) + key.length * 2 + 300;
    if (size > this.maxBytes / 8) return c;
    // A page rendered again for a protected entry (revalidation, a new version) stays protected.
    const before = this.protected.get(key);
    const wasProtected = before !== undefined;
    this.delete(key);
    const life = this.spread ? this.ttlMs * (1 - this.spread / 2 + this.spread * Math.random()) : this.ttlMs;
    const expires = Math.min(now + life, notAfter ?? Infinity);
    if (expires <= now) return c;
    // Past a scheduled change the bytes are never served, not even stale.
    const staleUntil = Math.min(now + life + this.staleMs, notAfter ?? Infinity);
    const weight = Math.max(weightOf(renderMs), before?.weight ?? 1);
    const e: CacheEntry = { ...c, version, expires, staleUntil, size, used: ++this.uses, protected: wasProtected, hits: before?.hits ?? 0, weight };
    this.bytes += size;
    if (wasProtected) {
      this.protected.set(key, e);
      this.protectedBytes += size;
      this.demote();
    } else this.probation.set(key, e);
    // Least recently used first, probation before protected: entries past their stale window (never served again:
    // lookup() drops them) and then whatever is over the budget. Without the first, random pages of a large site
    // kept the budget full of expired copies (issue 15: own memory).
    for (const segment of [this.probation, this.protected]) {
      for (const [k, old] of segment) {
        if (k === key || (this.bytes <= this.maxBytes && now < old.staleUntil)) break;
        this.delete(k);
      }
    }
    return e;
  }

  /** A hit: an entry in probation moves to protected; a protected one to its most recently used end. */
  private touch(key: string, e: CacheEntry): void {
    e.hits = Math.min(e.hits + e.weight, 32 * e.weight);
    if (!e.protected) {
      e.used = ++this.uses;
      e.protected = true;
      this.probation.delete(key);
      this.protected.set(key, e);
      this.protectedBytes += e.size;
      this.demote();
      return;
    }
    // Re-insert on hit — unless it was moved there within the last quarter of the segment's uses (a hot page hit
    // again and again then costs one lookup, not a delete and an insert each time).
    if (++this.uses - e.used > this.protected.size / 4) {
      e.used = this.uses;
      this.protected.delete(key);
      this.protected.set(key, e);
    }
  }

  /**
   * Protected entries over their share go back to probation (as its most recently used) — least recently used
   * first, but one hit more often than a page just promoted gets another turn (moved to the most recently used end,
   * one hit fewer): the home and list pages, hit hundreds of times, are not pushed out by a few thousand documents
   * asked for twice each (a Zipf mix) while nobody asked for them for a few seconds. A turn costs a hit, and hits
   * count up to 32: at most one move per hit, and a page no longer asked for leaves after 32 passes at most. Hits are
   * weighed by the page's render cost (`weight`, cost-aware retention): a list page that took 4 ms to render has four
   * turns per hit where a document page of 0.3 ms has one, so what is cheapest to render again goes first (up to 32
   * weighed hits, i.e. 32 × weight passes).
   */
  private demote(): void {
    for (const [k, e] of this.protected) {
      if (this.protectedBytes <= this.maxBytes * this.protectedShare) break;
      this.protected.delete(k);
      if (e.hits > 2) {
        e.hits--;
        this.protected.set(k, e);
        continue;
      }
      this.protectedBytes -= e.size;
      e.protected = false;
      this.probation.set(k, e);
    }
  }

  private delete(key: string) {
    let e = this.protected.get(key);
    if (e) {
      this.protected.delete(key);
      this.protectedBytes -= e.size;
    } else if ((e = this.probation.get(key))) this.probation.delete(key);
    if (e) this.bytes -= e.size;
  }

  clear() {
    this.probation.clear();
    this.protected.clear();
    this.bytes = 0;
    this.protectedBytes = 0;
  }

  /** Bytes held, as counted against the budget (for figures). */
  get size(): number {
    return this.bytes;
  }

  /** Whether `key` is held in the protected segment (for tests and figures). */
  isProtected(key: string): boolean {
    return this.protected.has(key);
  }
}

/** Newest audit id of a change that can show in public ('0' when none). */
async function publicDataVersion(db: Db): Promise<string> {
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

/**
 * A page the cache did not keep (admits(): asked for once while the budget is full) sent as rendered: no copy of
 * its bytes, no gzip kept, no ETag unless the request brings one to compare (then the same one a kept copy has).
 */
function sendUnkept(req: FastifyRequest, reply: FastifyReply, r: Rendered): FastifyReply {
  // The page's UTF-8 bytes, made once: sent as a string, Fastify would count them (Buffer.byteLength) and Node encode
  // them again on the socket (issue 15, uncached document page).
  const body = Buffer.from(r.body, 'utf8');
  const inm = req.headers['if-none-match'];
  const headers: Record<string, string> = { 'content-type': r.type, 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY };
  if (inm !== undefined && r.status === 200) {
    const etag = etagOf(body);
    if (inm === etag) return reply.code(304).headers({ 'cache-control': PUBLIC_CACHE_CONTROL, vary: PUBLIC_VARY, etag }).send();
    headers.etag = etag;
  }
  if (body.length > 1024 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    headers['content-encoding'] = 'gzip';
    return reply.code(r.status).headers(headers).send(gzipSync(body, { level: 6 }));
  }
  return reply.code(r.status).headers(headers).send(body);
}

/** A render and the wall time it took (ms): what weighs the page in the cache (admits, set). */
async function timed(render: () => Rendered | Promise<Rendered>): Promise<{ rendered: Rendered; ms: number }> {
  const started = performance.now();
  const rendered = await render();
  return { rendered, ms: performance.now() - started };
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
          async () => {
            const { rendered, ms } = await timed(render);
            return cache.set(key, version, rendered, notAfter, Date.now(), ms);
          },
          (err) => {
            cache.forget(key, stale);
            req.log.warn({ err, url: req.url }, '公开页面后台重新生成失败（下一次请求将重新生成）');
          },
        );
      } else {
        const fresh = await flights.once(`${key}\n${version}`, async () => {
          const { rendered, ms } = await timed(render);
          return cache.admits(key, rendered.body.length, Date.now(), ms) ? cache.set(key, version, rendered, notAfter, Date.now(), ms) : rendered;
        });
        if (!('etag' in fresh)) return sendUnkept(req, reply, fresh);
        r = fresh;
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
