// Atom 1.0 feeds and the sitemap, for every feature (documents' column feeds, the sitemap, emergencies' topic
// feeds): plain string building with one escape function.

/** Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for XML element content and attribute values, dropping characters XML cannot carry. */
export function xmlEscape(value: unknown): string {
  return String(value ?? '')
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface FeedEntry {
  /** Absolute URL of the document page; also its permanent id. */
  url: string;
  title: string;
  /** ISO instant of publication. */
  published: string;
  /** ISO instant of the last change. */
  updated: string;
  author: string;
  summary?: string;
  /** The whole entry as plain text (e.g. an emergency update), when the entry has no page of its own. */
  content?: string;
  categories?: string[];
}

export interface Feed {
  /** Absolute URL of the feed itself. */
  selfUrl: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  pageUrl: string;
  title: string;
  subtitle?: string;
  author: string;
  entries: FeedEntry[];
}

/** RFC 3339 from a stored ISO instant (or a bare date). */
function rfc3339(value: string): string {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value);
  return Number.isNaN(t) ? new Date(0).toISOString() : new Date(t).toISOString();
}

export function atomFeed(feed: Feed, now = new Date().toISOString()): string {
  const updated = feed.entries.reduce((max, e) => (rfc3339(e.updated) > max ? rfc3339(e.updated) : max), feed.entries.length ? '' : now);
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xmlEscape(feed.selfUrl)}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
  ];
  if (feed.subtitle) out.push(`  <subtitle>${xmlEscape(feed.subtitle)}</subtitle>`);
  out.push(
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(feed.pageUrl)}"/>`,
    `  <author><name>${xmlEscape(feed.author)}</name></author>`,
    `  <generator>gongkai</generator>`,
  );
  for (const e of feed.entries) {
    out.push(
      '  <entry>',
      `    <id>${xmlEscape(e.url)}</id>`,
      `    <title type="text">${xmlEscape(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(e.url)}"/>`,
      `    <published>${rfc3339(e.published)}</published>`,
      `    <updated>${rfc3339(e.updated)}</updated>`,
      `    <author><name>${xmlEscape(e.author)}</name></author>`,
    );
    for (const c of e.categories ?? []) if (c) out.push(`    <category term="${xmlEscape(c)}"/>`);
    if (e.summary) out.push(`    <summary type="text">${xmlEscape(e.summary)}</summary>`);
    if (e.content !== undefined) out.push(`    <content type="text">${xmlEscape(e.content)}</content>`);
    out.push('  </entry>');
  }
  out.push('</feed>', '');
  return out.join('\n');
}

export interface SitemapUrl {
  loc: string;
  lastmod?: string;
}

/** At most 50,000 URLs per sitemap file (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;

export function sitemapXml(urls: Iterable<SitemapUrl>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  let n = 0;
  for (const u of urls) {
    if (n++ >= SITEMAP_MAX_URLS) break;
    out.push(u.lastmod ? `<url><loc>${xmlEscape(u.loc)}</loc><lastmod>${xmlEscape(u.lastmod)}</lastmod></url>` : `<url><loc>${xmlEscape(u.loc)}</loc></url>`);
  }
  out.push('</urlset>', '');
  return out.join('\n');
}
