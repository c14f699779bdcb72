// The draft's addressable articles (条/段) and the paragraph-level difference between two versions.
// Every top-level block of the sanitised draft (paragraph, heading, list item, table) is one article with
// a stable key a1, a2, … in order; its label is the 第×条 it starts with, or 第n段.
import { htmlToText } from '../../platform/text.ts';

export interface Article {
  key: string;
  label: string;
  html: string;
  text: string;
}

const BLOCK = /<(p|h[1-6]|li|table|blockquote|pre)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const ARTICLE_NO = /^\s*(第[一二三四五六七八九十百千零〇两\d]+条)/;

export function articlesOf(html: string): Article[] {
  const out: Article[] = [];
  for (const m of html.matchAll(BLOCK)) {
    const text = htmlToText(m[0]);
    if (!text) continue;
    const n = out.length + 1;
    const no = ARTICLE_NO.exec(text);
    out.push({ key: `a${n}`, label: no ? no[1]! : `第${n}段`, html: m[0], text });
  }
  return out;
}

export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string };

/** Paragraph-level difference (longest common subsequence of the paragraphs' texts). */
export function diffParagraphs(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ op: 'same', text: before[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'removed', text: before[i++]! });
    else out.push({ op: 'added', text: after[j++]! });
  }
  while (i < n) out.push({ op: 'removed', text: before[i++]! });
  while (j < m) out.push({ op: 'added', text: after[j++]! });
  return out;
}
