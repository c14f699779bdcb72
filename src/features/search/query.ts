// Query syntax for the public search box, as a pure parser, and the engine expressions built from it.
//
//   several words        all of them (AND)
//   "quoted phrase"      exactly this text (also “中文引号” and 「」): its words through the index,
//                        then the phrase as a substring of the title, text or attachment text
//   -word / -"phrase"    documents containing it are left out
//   title:word / 标题:word   the whole query searches titles only (same as the titleOnly switch)
//
// Whatever is typed, nothing reaches FTS5 or to_tsquery raw: expressions are built only from tokens
// of letters and digits, each one double-quoted (FTS5) or single-quoted (tsquery). Operators typed as
// words (AND OR NOT NEAR) are dropped; * ^ : ( ) { } + and control characters are separators.
import { normalizeDocNoForSearch, parseDocNo } from '../documents/public.ts';
import { normalizeText, type Segmenter } from './segment.ts';

/** Longest query kept (characters, after normalisation); the rest is ignored and `truncated` set. */
export const MAX_QUERY_LENGTH = 200;
/** At most this many terms + phrases + exclusions are used. */
const MAX_TERMS = 12;

export interface ParsedQuery {
  /** The query as used (normalised, capped). */
  text: string;
  /** Unquoted terms, all required. */
  terms: string[];
  /** Quoted phrases, all required. */
  phrases: string[];
  /** Terms and phrases to exclude. */
  excluded: string[];
  titleOnly: boolean;
  truncated: boolean;
  /** The query read as a 文号: its search key, and whether it is a whole one (or a part). */
  docNo: { key: string; exact: boolean } | null;
  /** The query read as (a part of) a 索引号: upper-case letters and digits only. */
  indexNo: string | null;
}

const OPERATORS = new Set(['and', 'or', 'not', 'near']);
const QUOTES_RE = /[“”„‟«»「」『』〝〞]/g;
const TITLE_PREFIX_RE = /^(?:title|intitle|标题)\s*[:：]\s*/i;

function cleanTerm(t: string): string {
  // FTS and tsquery syntax characters become spaces; letters, digits and 文号 punctuation stay.
  return t.replace(/[*^:(){}+|&!<>~@#$%\\;=?,，。、；：！？…'`]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function parseQuery(raw: unknown, opts: { titleOnly?: boolean } = {}): ParsedQuery {
  let text = normalizeText(typeof raw === 'string' ? raw : '').replace(QUOTES_RE, '"').trim();
  const truncated = [...text].length > MAX_QUERY_LENGTH;
  if (truncated) text = [...text].slice(0, MAX_QUERY_LENGTH).join('').trim();
  let titleOnly = !!opts.titleOnly;
  let rest = text;
  const m = TITLE_PREFIX_RE.exec(rest);
  if (m) {
    titleOnly = true;
    rest = rest.slice(m[0].length);
  }
  const terms: string[] = [];
  const phrases: string[] = [];
  const excluded: string[] = [];
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const neg = c === '-' && i + 1 < rest.length && !/\s/.test(rest[i + 1]);
    let j = neg ? i + 1 : i;
    if (rest[j] === '"') {
      const end = rest.indexOf('"', j + 1);
      if (end > j) {
        const phrase = cleanTerm(rest.slice(j + 1, end));
        if (/[\p{L}\p{N}]/u.test(phrase)) (neg ? excluded : phrases).push(phrase);
        i = end + 1;
        continue;
      }
      j++; // unbalanced quote: ignore it, read the rest as words
      i = j;
      if (!neg) continue;
    }
    let end = j;
    while (end < rest.length && !/\s/.test(rest[end]) && rest[end] !== '"') end++;
    const word = cleanTerm(rest.slice(j, end));
    i = end;
    if (!word || OPERATORS.has(word)) continue;
    for (const w of word.split(' ')) if (/[\p{L}\p{N}]/u.test(w) && !OPERATORS.has(w)) (neg ? excluded : terms).push(w);
  }
  // A lone "-" before nothing, or dashes inside terms (12-1号), are kept as part of terms above.
  const cap = <T>(xs: T[], n: number) => xs.slice(0, Math.max(0, n));
  const t2 = cap(terms, MAX_TERMS);
  const p2 = cap(phrases, MAX_TERMS - t2.length);
  const e2 = cap(excluded, MAX_TERMS - t2.length - p2.length);

  // 文号 / 索引号 reading of the whole positive query.
  const positive = [...t2, ...p2].join(' ');
  let docNo: ParsedQuery['docNo'] = null;
  let indexNo: string | null = null;
  if (positive && positive.length <= 60 && /\p{Script=Han}/u.test(positive)) {
    const parsed = parseDocNo(positive);
    if (parsed.ok) docNo = { key: normalizeDocNoForSearch(positive), exact: true };
    else if (/^[\p{Script=Han}a-z]{2,}.*(?:〔|\[|\(|\d{4})/u.test(positive) || /^[\p{Script=Han}]{1,12}(?:发|函|字|令|办)$/u.test(positive)) {
      const key = normalizeDocNoForSearch(positive);
      if (key.length >= 2) docNo = { key, exact: false };
    }
  }
  if (positive && !/\p{Script=Han}/u.test(positive) && /\d/.test(positive) && /^[0-9a-z/\-_. ]+$/.test(positive)) {
    const key = positive.toUpperCase().replace(/[^0-9A-Z]/g, '');
    if (key.length >= 8 || (/[/\-]/.test(positive) && key.length >= 6)) indexNo = key;
  }
  return { text, terms: t2, phrases: p2, excluded: e2, titleOnly, truncated, docNo, indexNo };
}

/** True when nothing can be searched for (only exclusions, or nothing at all). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.terms.length === 0 && q.phrases.length === 0;
}

/** Tokens safe for both engines: letters and digits only (each further piece becomes its own token). */
export function safeTokens(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) for (const p of w.split(/[^\p{L}\p{N}\p{M}]+/u)) if (p) out.push(p);
  return out;
}

/** A long query word split into shorter dictionary words that cover it exactly (宿城区教育局 → 宿城区 教育局), or null. */
function partition(seg: Segmenter, word: string): string[] | null {
  const subs = [...new Set(seg.subWords(word))].sort((a, b) => b.length - a.length);
  if (!subs.length) return null;
  const out: string[] = [];
  let i = 0;
  while (i < word.length) {
    const s = subs.find((x) => word.startsWith(x, i));
    if (!s) return null;
    out.push(s);
    i += s.length;
  }
  return out.length >= 2 ? out : null;
}

/**
 * One query word as alternatives: itself, or all the words of its covering split (义务教育招生 also
 * finds 义务教育学校招生; a document indexed before a unit name was learnt still matches it). The
 * exact compound scores higher (it matches both alternatives), and the title bonuses reward adjacency.
 */
interface WordAlt {
  word: string;
  split: string[] | null;
  /** Synonyms (each as its tokens): 低保 → 最低生活保障. */
  synonyms: string[][];
}

/**
 * Short forms people type for the terms documents use (one direction: the typed word also finds the
 * long form; the long form is not widened). Kept small and unambiguous on purpose.
 */
const SYNONYMS: Record<string, string[]> = {
  低保: ['最低生活保障'],
  年报: ['年度报告'],
  医保: ['医疗保障', '医疗保险'],
  社保: ['社会保险', '社会保障'],
  公租房: ['公共租赁住房'],
  人社: ['人力资源和社会保障'],
  住建: ['住房和城乡建设'],
  发改: ['发展和改革'],
  卫健: ['卫生健康'],
  市监: ['市场监督管理'],
  小升初: ['义务教育招生', '招生入学'],
  幼升小: ['义务教育招生', '招生入学'],
  三公: ['三公经费'],
  双随机: ['双随机一公开'],
  征地: ['征收土地', '土地征收'],
  拆迁: ['房屋征收'],
  危房: ['危房改造'],
  规范性文件: ['行政规范性文件'],
  依申请: ['依申请公开'],
  信息公开申请: ['政府信息公开申请'],
};

export interface QueryPlan {
  /** Each required term word with its alternatives (AND of all). */
  words: WordAlt[];
  /** Each required phrase as its tokens. */
  phrases: string[][];
  /** Each excluded term or phrase as its tokens. */
  excluded: string[][];
  /** Required phrases as text (spaces between Han characters removed), checked as substrings of the text. */
  phraseTexts: string[];
  /** Excluded multi-word phrases as text, checked as substrings (single words are excluded by the index). */
  excludedTexts: string[];
  titleOnly: boolean;
  /** Words to highlight in titles and snippets (longest first). */
  highlight: string[];
  /** The positive query with spaces removed (a title containing it is an exact-phrase hit). */
  compact: string;
}

export function planQuery(seg: Segmenter, q: ParsedQuery): QueryPlan {
  const words: WordAlt[] = [];
  const seen = new Set<string>();
  for (const t of q.terms) {
    for (const w of safeTokens(seg.cutForQuery(t))) {
      if (seen.has(w)) continue;
      seen.add(w);
      const split = partition(seg, w);
      const synonyms = (Object.hasOwn(SYNONYMS, w) ? SYNONYMS[w] : []).map((x) => safeTokens(seg.cutForQuery(x))).filter((x) => x.length);
      words.push({ word: w, split: split ? safeTokens(split) : null, synonyms });
    }
  }
  const phrases = q.phrases.map((p) => safeTokens(seg.cutForQuery(p))).filter((p) => p.length);
  const excluded = q.excluded.map((p) => safeTokens(seg.cutForQuery(p))).filter((p) => p.length);
  const hl = new Set<string>();
  for (const t of [...q.terms, ...q.phrases]) if (t.replace(/\s+/g, '').length) hl.add(t.replace(/\s+/g, ''));
  for (const w of words) for (const x of [w.word, ...(w.split ?? []), ...w.synonyms.map((t) => t.join(''))]) hl.add(x);
  for (const p of phrases) for (const w of p) hl.add(w);
  const highlight = [...hl].filter((w) => /[\p{L}\p{N}]/u.test(w)).sort((a, b) => b.length - a.length);
  const compact = [...q.terms, ...q.phrases].join('').replace(/\s+/g, '');
  // A phrase that is one index token needs no text check: every token is a substring of its text.
  const phraseTexts = q.phrases.filter((p) => safeTokens(seg.cutForQuery(p)).length > 1).map(phraseText).filter(Boolean);
  const excludedTexts = q.excluded.filter((e, i) => (excluded[i]?.length ?? 0) > 1).map(phraseText).filter(Boolean);
  return { words, phrases, excluded, titleOnly: q.titleOnly, highlight, compact, phraseTexts, excludedTexts };
}

/** A phrase as it appears in text: spaces next to Han characters removed, others kept single. */
function phraseText(p: string): string {
  return p
    .replace(/\s+/g, ' ')
    .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, '')
    .trim();
}

// ------------------------------------------------------------------------------------------ FTS5

const fq = (tokens: string[]) => `"${tokens.join(' ').replace(/"/g, '""')}"`;

const TITLE_COLS = '{title title_sub}';

/** The FTS5 MATCH expression, or null when there is nothing to match. */
export function ftsMatch(plan: QueryPlan): string | null {
  const parts: string[] = [];
  for (const w of plan.words) {
    const alts = [fq([w.word])];
    if (w.split) alts.push(`(${w.split.map((x) => fq([x])).join(' AND ')})`);
    for (const syn of w.synonyms) alts.push(syn.length === 1 ? fq(syn) : `(${syn.map((x) => fq([x])).join(' AND ')})`);
    const alt = alts.length > 1 ? `(${alts.join(' OR ')})` : alts[0];
    parts.push(plan.titleOnly ? `${TITLE_COLS} : ${alt}` : alt);
  }
  // A phrase: all its words here (whatever the segmentation of the document), adjacency is checked
  // on the text itself (phraseTexts), so "饮水安全" finds 饮水/安全管理 but not 安全和饮水.
  for (const p of plan.phrases) for (const x of p) parts.push(plan.titleOnly ? `${TITLE_COLS} : ${fq([x])}` : fq([x]));
  if (!parts.length) return null;
  let expr = parts.join(' AND ');
  for (const e of plan.excluded) if (e.length === 1) expr = `(${expr}) NOT ${fq(e)}`;
  return expr;
}

/** FTS5 expression matching any excluded single word (for a query of exclusions only), or null. */
export function ftsExcludedAny(plan: QueryPlan): string | null {
  const singles = plan.excluded.filter((e) => e.length === 1).map((e) => fq(e));
  return singles.length ? singles.join(' OR ') : null;
}

/** tsquery matching any excluded single word, or null. */
export function tsExcludedAny(plan: QueryPlan): string | null {
  const singles = plan.excluded.filter((e) => e.length === 1).map((e) => tq(e[0], ''));
  return singles.length ? singles.join(' | ') : null;
}

// ------------------------------------------------------------------------------------------ tsquery

const tq = (t: string, w: string) => `'${t.replace(/'/g, "''").replace(/\\/g, '')}'${w}`;

/** The PostgreSQL to_tsquery('simple', …) text, or null when there is nothing to match. */
export function tsQuery(plan: QueryPlan): string | null {
  const w = plan.titleOnly ? ':A' : '';
  const parts: string[] = [];
  for (const x of plan.words) {
    const alts = [tq(x.word, w)];
    if (x.split) alts.push(`(${x.split.map((t) => tq(t, w)).join(' & ')})`);
    for (const syn of x.synonyms) alts.push(syn.length === 1 ? tq(syn[0], w) : `(${syn.map((t) => tq(t, w)).join(' & ')})`);
    parts.push(alts.length > 1 ? `(${alts.join(' | ')})` : alts[0]);
  }
  for (const p of plan.phrases) for (const x of p) parts.push(tq(x, w));
  if (!parts.length) return null;
  let expr = parts.join(' & ');
  for (const e of plan.excluded) if (e.length === 1) expr += ` & !${tq(e[0], '')}`;
  return expr;
}
