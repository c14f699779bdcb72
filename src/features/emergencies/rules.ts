// 应急/疫情信息发布: the lists, the on-duty rule and the Atom feed, as pure functions.
export const CATEGORIES = ['公共卫生事件', '自然灾害', '事故灾难', '社会安全事件'] as const;

/** Longest duty a unit admin may set at once (hours). */
export const MAX_DUTY_HOURS = 72;

/** A reviewer is on duty while `now` is before the end of the duty that was set. */
export function onDuty(duty: { on_until: string } | undefined | null, now: string): boolean {
  return !!duty && duty.on_until > now;
}

/** Characters XML 1.0 does not allow (as in documents/feeds.ts, whose escape is not on its public surface). */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlEscape(value: unknown): string {
  return String(value ?? '')
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface AtomEntry {
  id: string;
  url: string;
  title: string;
  /** ISO instants. */
  published: string;
  updated: string;
  text: string;
}

/** Atom 1.0: the topic's published updates, newest first; every text escaped, the content as plain text. */
export function atomFeed(f: { selfUrl: string; pageUrl: string; title: string; author: string; updated: string; entries: AtomEntry[] }): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xmlEscape(f.selfUrl)}</id>`,
    `  <title>${xmlEscape(f.title)}</title>`,
    `  <updated>${xmlEscape(f.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(f.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(f.pageUrl)}"/>`,
    `  <author><name>${xmlEscape(f.author)}</name></author>`,
  ];
  for (const e of f.entries) {
    out.push(
      '  <entry>',
      `    <id>${xmlEscape(e.id)}</id>`,
      `    <title>${xmlEscape(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(e.url)}"/>`,
      `    <published>${xmlEscape(e.published)}</published>`,
      `    <updated>${xmlEscape(e.updated)}</updated>`,
      `    <content type="text">${xmlEscape(e.text)}</content>`,
      '  </entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
