// Did-you-mean from pinyin (zhengwugongkai → 政务公开), related dictionary words, and 相关检索 from
// other visitors' queries that cannot be planted (below).
// The pinyin index maps the toneless pinyin of every domain word (gov.txt, unit names, taxonomy
// labels) to the word; a letters-only query is split into a sequence of indexed pinyin strings
// (dynamic programming, fewest words wins), e.g. "zhengwugongkai gongzuoyaodian" → 政务公开工作要点.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';
import { normalizeText, type Segmenter } from './segment.ts';
import { parseQuery } from './query.ts';
import { statsKey } from './record.ts';
import { getSegmenter } from './engine.ts';
import { nowIso, sql, type Db, type DbOrTrx } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { isFresh } from '../../platform/cache.ts';
import { clockNow } from '../../platform/clock.ts';

let index: { size: number; map: Map<string, string> } | null = null;

const EXTRA = ['工作', '要点', '通知', '公告', '办法', '意见', '方案', '计划', '报告', '招生', '教育', '清单', '规划', '预算', '决算', '年度', '公开', '信息', '政府', '政策', '解读'];

function pinyinIndex(seg: Segmenter): Map<string, string> {
  const words = seg.domainWords();
  if (index && index.size === words.length) return index.map;
  // Loaded when first needed, not at start.
  const { pinyin } = createRequire(import.meta.url)('pinyin-pro') as typeof PinyinPro;
  const map = new Map<string, string>();
  for (const w of [...EXTRA, ...words]) {
    if (!/^\p{Script=Han}{2,8}$/u.test(w)) continue;
    const key = (pinyin(w, { toneType: 'none', type: 'array' }) as string[]).join('').toLowerCase();
    if (!/^[a-z]+$/.test(key)) continue;
    const prev = map.get(key);
    // Prefer the shorter, then the earlier (curated words come first) spelling.
    if (!prev || w.length < prev.length) map.set(key, w);
  }
  index = { size: words.length, map };
  return map;
}

/** Chinese for a pinyin query (letters and spaces only), or null. */
export function suggestFromPinyin(seg: Segmenter, text: string): string | null {
  const t = text.toLowerCase().replace(/[\s']+/g, ' ').trim();
  if (!t || !/^[a-z ]+$/.test(t) || t.replace(/ /g, '').length < 4 || t.length > 80) return null;
  const map = pinyinIndex(seg);
  const out: string[] = [];
  for (const part of t.split(' ')) {
    const s = part;
    // best[i] = fewest words covering s[0:i]
    const best: (string[] | null)[] = new Array(s.length + 1).fill(null);
    best[0] = [];
    for (let i = 0; i < s.length; i++) {
      if (!best[i]) continue;
      for (let j = i + 2; j <= Math.min(s.length, i + 40); j++) {
        const w = map.get(s.slice(i, j));
        if (w && (!best[j] || best[j]!.length > best[i]!.length + 1)) best[j] = [...best[i]!, w];
      }
    }
    if (!best[s.length]) return null;
    out.push(best[s.length]!.join(''));
  }
  return out.join(' ');
}

/** Dictionary words that contain one of `words` (longer compounds people search for), at most `limit`. */
function relatedWords(seg: Segmenter, words: string[], limit: number): string[] {
  const out: string[] = [];
  if (!words.length) return out;
  for (const d of seg.domainWords()) {
    if (out.length >= limit) break;
    if (!words.includes(d) && [...d].length <= 10 && words.some((w) => d.includes(w))) out.push(d);
  }
  return out;
}

// ------------------------------------------------------------------------------ 相关检索 from visitors
//
// Other people's queries are offered only when they cannot have been planted: the query found
// something, at least SUGGEST_MIN_VISITORS distinct visitors typed it within SUGGEST_WINDOW_DAYS,
// it is plain words (no operators, quotes or field prefixes; at most SUGGEST_MAX_CHARS characters;
// dictionary words, at most one stray character) without a filtered word, and no administrator hid it.
// A visitor is a hash of the address (IPv6: its /64) with a random salt of the day (Beijing time),
// shared by the app nodes through the database and deleted the day after: the address itself is
// never written, and old hashes cannot be tied back to one.

export const SUGGEST_MIN_VISITORS = 3;
export const SUGGEST_WINDOW_DAYS = 30;
const SUGGEST_MAX_CHARS = 20;
const SUGGEST_MAX_WORDS = 4;

let builtinBanned: string[] | null = null;
/** The bundled word filter (dict/banned.txt), normalised. */
function builtinBannedWords(): string[] {
  builtinBanned ??= fs
    .readFileSync(new URL('./dict/banned.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => normalizeBanned(l))
    .filter((l) => l && !l.startsWith('#'));
  return builtinBanned;
}

/** A word as the filter compares it: NFKC, lower case, no spaces. */
function normalizeBanned(word: string): string {
  return normalizeText(word).replace(/\s+/g, '').trim();
}

/** The first filtered word `text` contains (built-in list and `extra`), or null. */
function bannedWordIn(text: string, extra: readonly string[] = []): string | null {
  const t = normalizeBanned(text);
  for (const w of builtinBannedWords()) if (t.includes(w)) return w;
  for (const w of extra) if (w && t.includes(w)) return w;
  return null;
}

/**
 * The form in which a query may be offered to others, or null when it may not: plain words only
 * (whatever the parser would drop or treat as an operator disqualifies it), short, dictionary words,
 * no filtered word.
 */
export function suggestableQuery(text: string, extraBanned: readonly string[] = []): string | null {
  const q = parseQuery(text);
  if (q.truncated || q.titleOnly || q.phrases.length || q.excluded.length || q.docNo || q.indexNo) return null;
  if (!q.terms.length || q.terms.length > SUGGEST_MAX_WORDS) return null;
  const canonical = q.terms.join(' ');
  // Anything the parser dropped (operators, punctuation, quotes) makes the two differ.
  if (canonical !== statsKey(q.text)) return null;
  if (!/^[\p{Script=Han}a-z0-9 ]+$/u.test(canonical)) return null;
  const chars = [...canonical];
  if (chars.length > SUGGEST_MAX_CHARS || chars.filter((c) => c !== ' ').length < 2) return null;
  let words = 0;
  let strays = 0;
  for (const w of getSegmenter().cutKnown(canonical)) {
    if (/^\p{Script=Han}{2,}$/u.test(w)) words++;
    else if (/^\p{Script=Han}$/u.test(w)) strays++;
    else if (!/^[a-z0-9]{1,6}$/.test(w)) return null;
  }
  // Free text falls apart into single characters (快来加我微信 → 快 来 加 我 微 信); 2024年 has one.
  if (!words || strays > 1) return null;
  if (bannedWordIn(canonical, extraBanned)) return null;
  return canonical;
}

/** The part of an address that identifies a visitor: IPv4 as is, IPv6 its /64 (one host has many). */
export function visitorAddress(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  if (!net.isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...new Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The calendar day in Beijing, 'YYYY-MM-DD'. */
export function beijingDay(at = clockNow()): string {
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 10);
}

const saltCache = new Map<DbOrTrx, { day: string; salt: string }>();

async function saltOf(trx: DbOrTrx, cacheKey: DbOrTrx, day: string): Promise<string> {
  const c = saltCache.get(cacheKey);
  if (c && c.day === day) return c.salt;
  await trx
    .insertInto('search_visitor_salts')
    .values({ day, salt: crypto.randomBytes(24).toString('base64url') })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  const row = await trx.selectFrom('search_visitor_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
  saltCache.set(cacheKey, { day, salt: row.salt });
  return row.salt;
}

export interface VisitorHit {
  day: string;
  query: string;
  /** visitorAddress() of the request: hashed here, never stored. */
  address: string;
}

/**
 * Writes the visitors of suggestable queries (inside the statistics transaction), and forgets what is
 * older than the window (visitors) or than yesterday (salts).
 */
export async function writeVisitors(trx: DbOrTrx, cacheKey: DbOrTrx, hits: VisitorHit[], at = clockNow()): Promise<void> {
  if (!hits.length) return;
  const rows = new Map<string, { day: string; query: string; visitor: string }>();
  for (const h of hits) {
    const salt = await saltOf(trx, cacheKey, h.day);
    const visitor = crypto.createHash('sha256').update(`${salt}\u0000${h.address}`).digest('base64url').slice(0, 22);
    rows.set(`${h.day}\u0000${h.query}\u0000${visitor}`, { day: h.day, query: h.query, visitor });
  }
  const list = [...rows.values()];
  let added = 0n;
  for (let i = 0; i < list.length; i += 200) {
    const r = await trx
      .insertInto('search_query_visitors')
      .values(list.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['day', 'query', 'visitor']).doNothing())
      .executeTakeFirst();
    added += BigInt(r.numInsertedOrUpdatedRows ?? 0n);
  }
  // New visitors may make new suggestions: the offered list is read again on its next use, and the search pages are
  // rendered again only if that list changed (issue 15: any new visitor row used to move suggestionsVersion, part of
  // every cached search page's version, so under real traffic every search page was rendered again every 5 s).
  if (added > 0n) staleOffered(cacheKey);
  await trx.deleteFrom('search_query_visitors').where('day', '<', beijingDay(at - SUGGEST_WINDOW_DAYS * 86_400_000)).execute();
  await trx.deleteFrom('search_visitor_salts').where('day', '<', beijingDay(at - 86_400_000)).execute();
}

const extraBannedCache = new Map<DbOrTrx, { at: number; words: string[] }>();
const EXTRA_BANNED_TTL_MS = 60_000;

/** The words administrators added to the filter (read at most once a minute; at once after a change here). */
async function extraBannedWords(db: DbOrTrx): Promise<string[]> {
  const c = extraBannedCache.get(db);
  if (c && isFresh(c.at, EXTRA_BANNED_TTL_MS)) return c.words;
  const rows = await db.selectFrom('search_banned_words').select('word').orderBy('word').execute();
  const words = rows.map((r) => r.word);
  extraBannedCache.set(db, { at: Date.now(), words }); // technical time: the cache's age
  return words;
}

export interface PopularQuery {
  query: string;
  visitors: number;
}

/**
 * Queries typed by enough distinct visitors in the window, most visitors first, each still passing
 * suggestableQuery (the filter may have grown since): those containing one of `words` (all when
 * `words` is undefined), hidden ones left out unless `withHidden`.
 */
export async function popularQueries(db: DbOrTrx, opts: { words?: string[]; limit: number; withHidden?: boolean; at?: number }): Promise<PopularQuery[]> {
  if (opts.words && !opts.words.length) return [];
  const extra = await extraBannedWords(db);
  let q = db
    .selectFrom('search_query_visitors as v')
    .select(['v.query', (eb) => eb.fn.count<number>('v.visitor').distinct().as('n')])
    .where('v.day', '>=', beijingDay((opts.at ?? clockNow()) - SUGGEST_WINDOW_DAYS * 86_400_000));
  if (opts.words) {
    const likes = opts.words.map((w) => sql<boolean>`v.query like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
    q = q.where(sql<boolean>`(${sql.join(likes, sql` or `)})`);
  }
  if (!opts.withHidden) q = q.where('v.query', 'not in', db.selectFrom('search_suggestion_hidden').select('query'));
  const rows = await q
    .groupBy('v.query')
    .having((eb) => eb.fn.count('v.visitor').distinct(), '>=', SUGGEST_MIN_VISITORS)
    .orderBy('n', 'desc')
    .orderBy('v.query')
    .limit(opts.limit * 4)
    .execute();
  return rows
    .filter((r) => suggestableQuery(r.query, extra) === r.query)
    .slice(0, opts.limit)
    .map((r) => ({ query: r.query, visitors: Number(r.n) }));
}

/**
 * All queries that may be offered now, most visitors first: read at most once a minute per database
 * (at once after this node wrote new visitors or an administrator changed something here), so that a
 * search that found little does not scan the visitors table. Whether a query is hidden is checked on
 * every use (relatedQueries), so hiding takes effect at once on every node.
 */
const offeredCache = new Map<DbOrTrx, { at: number; list: PopularQuery[] }>();
const OFFERED_TTL_MS = 60_000;
let offeredGeneration = 0;
/**
 * Changes whenever the 相关检索 this node may offer changed (the offered list read again differs: new visitors here or
 * on other nodes; a query was hidden, a word banned): part of the version of the cached search pages (index.ts), with
 * the public data version.
 */
export function suggestionsVersion(): number {
  return offeredGeneration;
}
function forgetOffered(db: DbOrTrx): void {
  offeredCache.delete(db);
  offeredGeneration++;
}
/** The offered list is to be read again on its next use; the version moves then only if the list changed. */
function staleOffered(db: DbOrTrx): void {
  const c = offeredCache.get(db);
  if (c) c.at = 0;
}
function sameQueries(a: PopularQuery[], b: PopularQuery[]): boolean {
  return a.length === b.length && a.every((x, i) => x.query === b[i]!.query);
}
const OFFERED_MAX = 5_000;

async function offeredQueries(db: DbOrTrx): Promise<PopularQuery[]> {
  const c = offeredCache.get(db);
  if (c && isFresh(c.at, OFFERED_TTL_MS)) return c.list;
  const list = await popularQueries(db, { limit: OFFERED_MAX });
  // Pages rendered with the old list are kept until their lifetime ends unless what may be offered changed (also
  // what other nodes' visitors changed, read here at most once a minute).
  if (c && !sameQueries(c.list, list)) offeredGeneration++;
  offeredCache.set(db, { at: Date.now(), list }); // technical time: the cache's age
  return list;
}

/** 相关检索 for a query that found little: other visitors' queries with its words, then dictionary words; never a hidden one. */
export async function relatedQueries(db: DbOrTrx, words: string[], text: string): Promise<string[]> {
  const out = new Set<string>();
  const own = suggestableQuery(text) ?? statsKey(text);
  try {
    if (words.length) {
      const matching = (await offeredQueries(db)).filter((r) => r.query !== own && words.some((w) => r.query.includes(w)));
      for (const r of matching.slice(0, 6)) out.add(r.query);
    }
    for (const w of relatedWords(getSegmenter(), words, 8)) if (w !== own) out.add(w);
    const list = [...out];
    if (!list.length) return [];
    const hidden = new Set((await db.selectFrom('search_suggestion_hidden').select('query').where('query', 'in', list).execute()).map((r) => r.query));
    return list.filter((q) => !hidden.has(q)).slice(0, 8);
  } catch {
    return []; // suggestions must never break a search
  }
}

// ------------------------------------------------------------------------------ administration

/** Hides a query from 相关检索 (or shows it again); audited. Returns false when nothing changed. */
export async function setSuggestionHidden(db: Db, actor: Actor, rawQuery: string, hidden: boolean): Promise<Result<boolean>> {
  const query = statsKey(normalizeText(rawQuery));
  if (!query) return fail('VALIDATION', '请填写检索词', { query: '请填写检索词' });
  if ([...query].length > 100) return fail('VALIDATION', '检索词不能超过 100 个字', { query: '检索词不能超过 100 个字' });
  const changed = await db.transaction().execute(async (trx) => {
    const was = await trx.selectFrom('search_suggestion_hidden').select('query').where('query', '=', query).executeTakeFirst();
    if (!!was === hidden) return false;
    if (hidden) await trx.insertInto('search_suggestion_hidden').values({ query, hidden_by: actor.id > 0 ? actor.id : null, hidden_at: nowIso() }).execute();
    else await trx.deleteFrom('search_suggestion_hidden').where('query', '=', query).execute();
    await audit(trx, actor, { action: hidden ? 'search.suggestion.hide' : 'search.suggestion.unhide', entity: 'search_suggestion', entityId: query, before: { hidden: !hidden }, after: { hidden } });
    return true;
  });
  forgetOffered(db);
  return ok(changed);
}

/** Adds a word to the suggestion filter (or removes one an administrator added); audited. */
export async function setBannedWord(db: Db, actor: Actor, rawWord: string, banned: boolean): Promise<Result<boolean>> {
  const word = normalizeBanned(rawWord);
  if (!word) return fail('VALIDATION', '请填写屏蔽词', { word: '请填写屏蔽词' });
  if ([...word].length > 20) return fail('VALIDATION', '屏蔽词不能超过 20 个字', { word: '屏蔽词不能超过 20 个字' });
  const changed = await db.transaction().execute(async (trx) => {
    const was = await trx.selectFrom('search_banned_words').select('word').where('word', '=', word).executeTakeFirst();
    if (!!was === banned) return false;
    if (banned) await trx.insertInto('search_banned_words').values({ word, added_by: actor.id > 0 ? actor.id : null, added_at: nowIso() }).execute();
    else await trx.deleteFrom('search_banned_words').where('word', '=', word).execute();
    await audit(trx, actor, { action: banned ? 'search.banned-word.add' : 'search.banned-word.remove', entity: 'search_banned_word', entityId: word, after: { banned } });
    return true;
  });
  extraBannedCache.delete(db);
  forgetOffered(db);
  return ok(changed);
}
