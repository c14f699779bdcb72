// Rich-text bodies are sanitised on the way in: an allow-list of harmless formatting only. Bodies come from
// the editor (HTML, often pasted from Word or WPS), from a plain textarea without JavaScript, from the API
// and from imports; plain text is turned into paragraphs first (see sanitizeBody).
import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';

// Loaded on first use, not at start (~0.15 s of CPU with its parser and postcss).
let lib: typeof SanitizeHtml | null = null;
const sanitizeHtml = (html: string, options: SanitizeHtml.IOptions): string => (lib ??= createRequire(import.meta.url)('sanitize-html') as typeof SanitizeHtml)(html, options);

/** Stands for a tag that is dropped while its content is kept (not in allowedTags). */
const UNWRAP = 'gk-unwrap';

const OPTIONS: SanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'h5', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote',
    'ol', 'ul', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'a', 'img', 'hr', 'div', 'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan', 'class'],
    div: ['class'],
    table: ['class'],
    '*': ['style'],
  },
  // Only the layout classes generated bodies use (the annual report's tables): a scrolling wrapper
  // on phones and right-aligned numbers.
  allowedClasses: { div: ['table-scroll'], td: ['num'], table: ['report-table'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center|justify)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // Dropped with their content: besides scripts and styles, what Word and WPS put on the clipboard around
  // the text (the document's <head> and <title>, XML islands such as <xml><w:WordDocument>…).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'head', 'title', 'xml', 'template'],
  transformTags: {
    h1: 'h2',
    h6: 'h5',
    a: (tagName, attribs) => ({ tagName: 'a', attribs: { ...attribs, rel: 'noopener noreferrer' } }), // = simpleTransform('a', { rel })
    // A <div> is kept only as the report's scrolling wrapper; Word's <div class=WordSection1> and editors'
    // wrapper divs give way to their content.
    div: (tagName, attribs) => (/(^|\s)table-scroll(\s|$)/.test(attribs.class ?? '') ? { tagName, attribs } : { tagName: UNWRAP, attribs: {} }),
  },
  // Images whose address was dropped (Word's file:///C:/… clip images, data: URIs) and paragraphs left
  // empty once Office markup is gone (<p class=MsoNormal><o:p>&nbsp;</o:p></p>).
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'p' && !frame.mediaChildren.length && !frame.text.replace(/[\s\u00a0]|&nbsp;/g, '')),
};

/** Tags that give a body its structure: without any of them, newlines are the structure. */
const BLOCK_TAG = /<(p|div|br|h[1-6]|table|ul|ol|li|blockquote|pre|hr|section|article)\b/i;
const ANY_TAG = /<[a-zA-Z!/?]/;

/**
 * The stored form of a body: sanitised HTML. Input without block tags (plain text typed or pasted into the
 * textarea when the editor is not running, or sent by the API) gets its paragraphs from its newlines first;
 * a single line of inline HTML (a link, bold text) is left as it is.
 */
export function sanitizeBody(input: string): string {
  const tagged = ANY_TAG.test(input);
  const html = BLOCK_TAG.test(input) || (tagged && !input.includes('\n')) ? input : paragraphs(input, !tagged);
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Turns plain text (an import's or the API's text body) into paragraphs; see {@link paragraphs}. */
export function textToHtml(text: string): string {
  return paragraphs(text, true);
}

/**
 * Paragraphs from newlines. Text with blank lines: blank lines separate paragraphs and a single newline is a
 * line break (<br />). Text without any blank line (as Word and WPS copy it: one line per paragraph): every
 * line is a paragraph. Leading indentation (全角空格) is dropped; the stylesheet indents.
 */
function paragraphs(text: string, escape: boolean): string {
  const esc = (s: string) => (escape ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s);
  const norm = text.replace(/\r\n?/g, '\n');
  const blank = /\n[ \t\u00a0\u3000]*\n/;
  const paras = blank.test(norm) ? norm.split(/\n(?:[ \t\u00a0\u3000]*\n)+/) : norm.split('\n');
  return paras
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map(esc)
        .join('<br />'),
    )
    .filter(Boolean)
    .map((p) => `<p>${p}</p>`)
    .join('\n');
}
