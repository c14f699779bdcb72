// Plain text from HTML: the one conversion used for search (document bodies, HTML attachments, Word
// documents through mammoth's HTML) and for snippets. Scripts and styles dropped, block ends and <br> as
// line breaks, entities decoded, blank space collapsed.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ldquo: '“', rdquo: '”', mdash: '—', hellip: '…' };

/** Decodes character references and the common named entities; an unknown entity is kept as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : ' ';
    }
    const k = e.toLowerCase();
    return Object.hasOwn(ENTITIES, k) ? ENTITIES[k]! : m;
  });
}

export function htmlToText(html: string): string {
  return decodeEntities(
    String(html ?? '')
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<\/(p|div|h\d|li|tr|td|th|br)\s*>|<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\r\f\v\u3000]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** A submitted value (form field, JSON body, spreadsheet cell) as trimmed text: a number as written, anything else ''. */
export function trimmedText(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}
