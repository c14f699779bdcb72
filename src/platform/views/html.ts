// A small HTML string builder for hot pages rendered without Preact (issue 15: the uncached document page).
//
//   html`<a href="${url}">${title}</a>`   every interpolation is escaped; the result is an Html (trusted markup)
//   raw(markup)                            the one explicit way to put markup in unescaped (pre-rendered parts,
//                                          sanitised document bodies) — never a visitor's or an editor's plain text
//
// Interpolations: a string or number is escaped exactly as preact-render-to-string escapes text and attribute
// values (" & < — so a page built here is byte for byte what the same JSX renders to); an Html is kept as it is; an
// array is its items in order; null, undefined, true and false are nothing (as in JSX). Anything else (a VNode, a
// plain object) throws: it would otherwise turn into "[object Object]" or slip through unescaped.
// Attributes are written in the template: `class="${x}"` escapes x; leave an attribute out with a conditional
// html`` part, not with an empty value (Preact writes an attribute whose value is '' bare: `title`, not `title=""`).

/** Markup that is already safe to send (built by html`` or raw()). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Markup put in as it is: only for pre-rendered trusted parts (the layout, a sanitised body). */
export function raw(markup: string): Html {
  return new Html(markup);
}

const SPECIAL = /["&<]/;

/** Text or an attribute value escaped as preact-render-to-string does (", &, <). */
export function escapeHtml(text: string): string {
  if (text.length === 0 || !SPECIAL.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    let rep: string;
    switch (text.charCodeAt(i)) {
      case 34:
        rep = '&quot;';
        break;
      case 38:
        rep = '&amp;';
        break;
      case 60:
        rep = '&lt;';
        break;
      default:
        continue;
    }
    if (i !== from) out += text.slice(from, i);
    out += rep;
    from = i + 1;
  }
  return from < text.length ? out + text.slice(from) : out;
}

function part(v: unknown): string {
  if (typeof v === 'string') return escapeHtml(v);
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined || typeof v === 'boolean') return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    let s = '';
    for (const x of v) s += part(x);
    return s;
  }
  throw new TypeError(`html\`\`: cannot interpolate ${Object.prototype.toString.call(v)} (strings, numbers, Html and arrays of them only)`);
}

/** Builds markup: the template's literal parts as written, every interpolation escaped (see above). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let s = strings[0];
  for (let i = 0; i < values.length; i++) s += part(values[i]) + strings[i + 1];
  return new Html(s);
}
