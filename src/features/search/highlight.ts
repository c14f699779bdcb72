// Plain text from HTML (the platform's htmlToText), and safe highlighting: the text is HTML-escaped first, then matches are
// wrapped in <mark>. Matching is on the normalised form (NFKC, lower case) mapped back to the
// original characters, so full-width or upper-case text highlights too. Never injects input HTML.

import { htmlToText } from '../../platform/text.ts';

export { htmlToText };

/**
 * Plain text of the first `max` characters of HTML (a tag or entity cut at the end is dropped), and
 * whether that was the whole HTML: snippets look there first, long bodies are not converted whole.
 */
export function htmlPrefixToText(html: string, max: number): { text: string; whole: boolean } {
  const h = String(html ?? '');
  if (h.length <= max) return { text: htmlToText(h), whole: true };
  return { text: htmlToText(h.slice(0, max).replace(/<[^>]*$/, '').replace(/&[#\w]*$/, '')), whole: false };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Normalised text and, for each of its UTF-16 units, the index of the original unit it came from. */
function normWithMap(text: string): { norm: string; map: number[] | null } {
  // Usually normalising keeps every character in place (same length): no map needed (null = identity).
  const whole = text.normalize('NFKC').toLowerCase();
  if (whole.length === text.length) return { norm: whole, map: null };
  let norm = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = ch.normalize('NFKC').toLowerCase();
    for (let k = 0; k < n.length; k++) map.push(i);
    norm += n;
    i += ch.length;
  }
  map.push(text.length);
  return { norm, map };
}

/** Match ranges [start, end) in `text` of any of `words` (normalised), merged, in order. */
function matchRanges(text: string, words: string[]): [number, number][] {
  if (!text || !words.length) return [];
  const { norm, map } = normWithMap(text);
  const ranges: [number, number][] = [];
  for (const w of words) {
    const nw = w.normalize('NFKC').toLowerCase();
    if (!nw) continue;
    let from = 0;
    let guard = 0;
    while (guard++ < 1000) {
      const at = norm.indexOf(nw, from);
      if (at < 0) break;
      ranges.push(map ? [map[at], map[at + nw.length] ?? text.length] : [at, at + nw.length]);
      from = at + nw.length;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Escaped `text` with matches of `words` in <mark>. */
export function highlight(text: string, words: string[]): string {
  const ranges = matchRanges(text, words);
  let out = '';
  let pos = 0;
  for (const [s, e] of ranges) {
    out += escapeHtml(text.slice(pos, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    pos = e;
  }
  return out + escapeHtml(text.slice(pos));
}

/**
 * A window of about `size` characters of `text` around the densest cluster of matches (the first
 * match of the most distinct words), escaped and highlighted; null when no word occurs. `more`:
 * the text is the beginning of a longer one (an ellipsis ends the window anyway).
 */
export function snippet(text: string, words: string[], size = 120, more = false): string | null {
  const ranges = matchRanges(text, words);
  if (!ranges.length) return null;
  // Choose the start that covers the most match ranges within `size`.
  let best = ranges[0][0];
  let bestCount = 0;
  for (let i = 0; i < ranges.length && i < 200; i++) {
    let n = 0;
    for (let j = i; j < ranges.length && ranges[j][1] - ranges[i][0] <= size; j++) n++;
    if (n > bestCount) {
      bestCount = n;
      best = ranges[i][0];
    }
  }
  let start = Math.max(0, best - Math.floor(size / 4));
  // Start at a sentence or line boundary when one is close.
  const back = text.slice(Math.max(0, start - 20), best).search(/[。！？；\n][^。！？；\n]*$/);
  if (back >= 0) start = Math.max(0, start - 20) + back + 1;
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
  let end = Math.min(text.length, start + size);
  if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
  const piece = text.slice(start, end).replace(/\s+/g, ' ');
  return (start > 0 ? '…' : '') + highlight(piece, words) + (end < text.length || more ? '…' : '');
}

/** The first `size` characters, escaped (a snippet when nothing in the text matched). */
export function leadText(text: string, size = 120, more = false): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return escapeHtml(t.length > size ? t.slice(0, size) : t) + (t.length > size || more ? '…' : '');
}
