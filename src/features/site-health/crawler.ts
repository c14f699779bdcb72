// The link crawler of 网站健康度 (issue 19): walks the public portal in-process (app.inject — no network,
// no second server) from the home page and the catalogs, follows same-site links, and reports every link
// and attachment whose target does not answer (status ≥ 400, or a redirect loop). Bounded (pages visited,
// targets checked, findings kept) and polite (one request at a time, a pause every few requests so the
// site keeps serving its visitors). `crawl` knows nothing of the database: runCrawl (crawl-run.ts) stores it.
import { decodeEntities } from '../../platform/text.ts';

export interface Fetched {
  status: number;
  contentType: string;
  location?: string;
  /** The body, for HTML pages only. */
  html?: string;
}

/** Fetches a site-relative URL ('/xxgk?x=1'); HEAD for attachments (their bytes are not needed). */
export type Fetcher = (url: string, method: 'GET' | 'HEAD') => Promise<Fetched>;

export interface CrawlOptions {
  seeds: string[];
  /** HTML pages read and followed (default 2,000). */
  maxPages?: number;
  /** Distinct link targets checked (default 10,000). */
  maxTargets?: number;
  /** Findings kept (default 2,000); a broken footer link is kept for at most `perTarget` pages. */
  maxFindings?: number;
  perTarget?: number;
  /** Pause after every 10 requests, in ms (default 0). */
  pauseMs?: number;
  /** Same-site origins besides relative links (e.g. BASE_URL's). */
  origins?: string[];
}

export interface CrawlFinding {
  page: string;
  link: string;
  linkText: string;
  kind: 'page' | 'attachment';
  status: number;
}

export interface CrawlOutcome {
  pages: number;
  links: number;
  findings: CrawlFinding[];
  /** Distinct broken targets (findings may be capped). */
  brokenTargets: number;
  truncated: boolean;
}

const BASE = 'http://crawl.invalid';
/** Not followed: staff pages, the API, feeds and searches (infinite spaces); their status is still checked. */
const NOT_FOLLOWED = /^\/(admin|api|feeds|search|login|logout|static)(\/|\?|$)|\.(xml|json|jsonl|txt|css|js)(\?|$)/;
/** Not requested at all: a search with a query would count as a visitor's search in the statistics. */
const NOT_CHECKED = /^\/search\?/;
const ATTACHMENT = /\/files\/\d+(\?|$)|\.(pdf|docx?|xlsx?|wps|et|zip|rar|ofd|png|jpe?g|gif)(\?|$)/i;

const stripTags = (s: string) => decodeEntities(s.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim().slice(0, 200);

/** Links of an HTML page: a[href] (with their text) and img[src]. */
export function extractLinks(html: string): { href: string; text: string }[] {
  const out: { href: string; text: string }[] = [];
  for (const m of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[1]);
    if (href) out.push({ href: decodeEntities(href[1] ?? href[2] ?? href[3] ?? ''), text: stripTags(m[2]) });
  }
  for (const m of html.matchAll(/<img\b([^>]*)>/gi)) {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[1]);
    const alt = /\balt\s*=\s*"([^"]*)"/i.exec(m[1]);
    if (src) out.push({ href: decodeEntities(src[1] ?? src[2] ?? src[3] ?? ''), text: alt ? decodeEntities(alt[1]) : '图片' });
  }
  return out;
}

/** A link as a site-relative URL without its fragment, or null when it leaves the site (or is not a link). */
export function sameSite(href: string, page: string, origins: readonly string[] = []): string | null {
  const h = href.trim();
  if (!h || h.startsWith('#') || /^(mailto|tel|javascript|data|sms):/i.test(h)) return null;
  let u: URL;
  try {
    u = new URL(h, BASE + page);
  } catch {
    return null;
  }
  if (u.origin !== BASE && !origins.includes(u.origin)) return null;
  return u.pathname + u.search;
}

export const isAttachment = (url: string) => ATTACHMENT.test(url);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function crawl(fetch: Fetcher, opts: CrawlOptions): Promise<CrawlOutcome> {
  const maxPages = opts.maxPages ?? 2000;
  const maxTargets = opts.maxTargets ?? 10_000;
  const maxFindings = opts.maxFindings ?? 2000;
  const perTarget = opts.perTarget ?? 20;
  const origins = (opts.origins ?? []).map((o) => {
    try {
      return new URL(o).origin;
    } catch {
      return '';
    }
  }).filter(Boolean);
  /** Status of each checked target (after redirects); pages waiting to be read. */
  const checked = new Map<string, number>();
  const queue: string[] = [];
  const queued = new Set<string>();
  /** The links of each page waiting to be followed (kept instead of its HTML). */
  const pendingLinks = new Map<string, { href: string; text: string }[]>();
  const findings: CrawlFinding[] = [];
  const perTargetCount = new Map<string, number>();
  let requests = 0;
  let pages = 0;
  let links = 0;
  let truncated = false;

  const request = async (url: string, method: 'GET' | 'HEAD'): Promise<Fetched> => {
    requests++;
    if (opts.pauseMs && requests % 10 === 0) await sleep(opts.pauseMs);
    else await new Promise((r) => setImmediate(r)); // let the site's own requests in between
    try {
      return await fetch(url, method);
    } catch {
      return { status: 0, contentType: '' };
    }
  };

  /** Status of a target, following up to 5 same-site redirects; an HTML page found is queued to be read. */
  const check = async (url: string): Promise<number> => {
    const known = checked.get(url);
    if (known !== undefined) return known;
    if (checked.size >= maxTargets) {
      truncated = true;
      return -1;
    }
    let target = url;
    let result = 508; // still redirecting after 6 hops: a loop
    for (let hop = 0; hop < 6; hop++) {
      const seen = hop > 0 ? checked.get(target) : undefined;
      if (seen !== undefined) {
        result = seen; // redirected to a target already checked
        break;
      }
      const attachment = isAttachment(target);
      let res = await request(target, attachment ? 'HEAD' : 'GET');
      if (attachment && (res.status === 405 || res.status === 404)) res = await request(target, 'GET');
      if (res.status >= 300 && res.status < 400 && res.location) {
        const next = sameSite(res.location, target, origins);
        if (next) {
          target = next;
          continue;
        }
        result = 200; // leaves the site: the link works as far as we can tell
        break;
      }
      result = res.status >= 300 && res.status < 400 ? 200 : res.status;
      if (res.status >= 200 && res.status < 300 && res.html !== undefined && !NOT_FOLLOWED.test(target) && !queued.has(target)) {
        queued.add(target);
        queue.push(target);
        pendingLinks.set(target, extractLinks(res.html));
      }
      break;
    }
    checked.set(url, result);
    if (target !== url && !checked.has(target) && result !== 508) checked.set(target, result);
    return result;
  };
  const broken = (s: number) => s === 0 || s >= 400;

  for (const seed of opts.seeds) {
    const s = await check(seed);
    if (broken(s)) findings.push({ page: '（起始页）', link: seed, linkText: '', kind: 'page', status: s });
  }
  while (queue.length) {
    if (pages >= maxPages) {
      truncated = true;
      break;
    }
    const page = queue.shift()!;
    const pageLinks = pendingLinks.get(page) ?? [];
    pendingLinks.delete(page);
    pages++;
    const seenOnPage = new Set<string>();
    for (const l of pageLinks) {
      const url = sameSite(l.href, page, origins);
      if (!url || seenOnPage.has(url) || NOT_CHECKED.test(url)) continue;
      seenOnPage.add(url);
      links++;
      const s = await check(url);
      if (s === -1 || !broken(s)) continue;
      const n = perTargetCount.get(url) ?? 0;
      perTargetCount.set(url, n + 1);
      if (n < perTarget && findings.length < maxFindings) findings.push({ page, link: url, linkText: l.text, kind: isAttachment(url) ? 'attachment' : 'page', status: s });
      else truncated = truncated || findings.length >= maxFindings;
    }
  }
  const brokenTargets = [...checked.values()].filter(broken).length;
  return { pages, links, findings, brokenTargets, truncated };
}
