// Chinese word segmentation for search: @node-rs/jieba with its default dictionary plus the bundled
// government-domain dictionary (dict/gov.txt, see scripts/build-gov-dict.ts) and, at run time, the
// installation's own unit names and taxonomy labels (addWords).
//
// Text is normalised first (normalizeText): NFKC (full-width letters, digits and punctuation →
// half-width, U+3000 → space), Latin lower-cased, the bracket variants 〔〕［］[]【】()（）﹝﹞ around a
// 文号 year → 〔〕, invisible characters removed. Tokens are what FTS5 (unicode61) and PostgreSQL
// ('simple') then see: words joined by single spaces, punctuation and whitespace dropped.
import { setImmediate as turn } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface JiebaLike {
  cut(s: string, hmm?: boolean | null): string[];
  cutForSearch(s: string, hmm?: boolean | null): string[];
  cutAll(s: string): string[];
  loadDict(d: Uint8Array): void;
}

export interface ExtraWord {
  word: string;
  freq?: number;
}

export interface Segmenter {
  /** Precise-mode words (no punctuation, no spaces), in order. */
  cut(text: string): string[];
  /** For the index: precise words followed by the finer sub-words of long words (search mode). */
  cutForIndex(text: string): string[];
  /** For a query term: precise words (the same segmentation the index's coarse columns use). */
  cutForQuery(text: string): string[];
  /** Precise words from the dictionaries only (no guessing of new words: unknown text falls apart into single characters). */
  cutKnown(text: string): string[];
  /** Adds words to the dictionary (unit names, taxonomy labels); idempotent. */
  addWords(words: ExtraWord[]): void;
  /** Finer sub-words of one word (教育 and 义务 of 义务教育), excluding the word itself. */
  subWords(word: string): string[];
  /** Words known to the dictionary besides jieba's default one (gov.txt + added words). */
  domainWords(): string[];
  /** The words added at run time (addWords), with their frequency: to give another segmenter the same dictionary. */
  addedWords(): ExtraWord[];
}

const INVISIBLE_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF\u00AD\u180E]/g;

/** Search normalisation of any text (query or document). Keeps length roughly; never throws. */
export function normalizeText(raw: string): string {
  if (typeof raw !== 'string') return '';
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Canonical bracket form for 文号 text: 〔2020〕 whatever brackets were typed. */
export function canonicalBrackets(s: string): string {
  return s.replace(/[\[(【（［﹝〖](\s*\d{4}\s*)[\])】）］﹞〗]/g, '〔$1〕');
}

/** A token worth indexing: has a letter or a digit (drops punctuation, symbols and spaces). */
export function isWordToken(t: string): boolean {
  return /[\p{L}\p{N}]/u.test(t);
}

/**
 * A data file of @node-rs/jieba (dict.txt, idf.txt), read for one load. Not through its `dict` module: that
 * keeps both files (11 MB) in JS memory for good, while jieba holds its own copy once loaded (issue 15).
 */
export function jiebaData(file: 'dict.txt' | 'idf.txt'): Buffer {
  return fs.readFileSync(path.join(path.dirname(require.resolve('@node-rs/jieba/dict')), file));
}

let shared: { jieba: JiebaLike; govWords: string[] } | null = null;
/** Sub-words per long word (the dictionary changes rarely; cleared when it does). */
const subCache = new Map<string, string[]>();
const SUB_CACHE_MAX = 200_000;

/**
 * Bytes of jieba's dict.txt (5 MB) loaded at a time by preloadSegmenter: ≈ 3 ms of CPU each, so pages asked for
 * while the dictionary loads in the background wait that long at most (one load of the whole file is a single
 * native call of 0.1-0.25 s). jieba adds the words of each piece to the same dictionary (its total frequency is
 * summed over all words after each piece), so the pieces give exactly the dictionary one load gives.
 */
const LOAD_PIECE = 160 << 10;
/** A dictionary being loaded piece by piece: jieba's data and how far it is loaded. */
let loading: { jieba: JiebaLike; dict: Buffer; at: number } | null = null;

/** Loads the next piece of dict.txt (whole lines, at most `bytes` and at least one line; the first call only reads the file); true once all of it is in. */
function loadPiece(bytes: number): boolean {
  if (!loading) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: new () => JiebaLike };
    loading = { jieba: new Jieba(), dict: jiebaData('dict.txt'), at: 0 };
    if (bytes !== Infinity) return false;
  }
  const l = loading;
  if (l.at < l.dict.length) {
    const nl = l.dict.indexOf(10, Math.min(l.dict.length, l.at + bytes) - 1);
    const end = nl < 0 ? l.dict.length : nl + 1;
    l.jieba.loadDict(l.dict.subarray(l.at, end));
    l.at = end;
  }
  return l.at >= l.dict.length;
}

function loadBase(): { jieba: JiebaLike; govWords: string[] } {
  if (shared) return shared;
  loadPiece(Infinity); // what a preload in progress has not loaded yet, at once
  const { jieba } = loading!;
  loading = null;
  const govText = fs.readFileSync(new URL('./dict/gov.txt', import.meta.url), 'utf8');
  const lines = govText.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  jieba.loadDict(Buffer.from(lines.join('\n') + '\n'));
  shared = { jieba, govWords: lines.map((l) => l.split(' ')[0]) };
  return shared;
}

/**
 * Loads the dictionaries in the background (the search warm-up after listen, issue 15): piece by piece with the
 * event loop's turn between pieces. A segmenter wanted meanwhile (a search) loads the rest at once itself.
 */
export async function preloadSegmenter(): Promise<void> {
  while (!shared && !loadPiece(LOAD_PIECE)) await turn();
  loadBase();
}

/** The process's one jieba instance (with gov.txt and the installation's words): for keyword extraction (keywords.ts). */
export function sharedJieba(): unknown {
  return loadBase().jieba;
}

/**
 * The segmenter. One jieba instance is shared by the process (loading the dictionaries costs ~0.2 s);
 * words added through any segmenter are known to all (the dictionary is per installation anyway).
 */
export function createSegmenter(extraWords: ExtraWord[] = []): Segmenter {
  const { jieba, govWords } = loadBase();
  const added = new Map<string, number>();
  const seg: Segmenter = {
    cut(text) {
      const t = canonicalBrackets(normalizeText(text));
      if (!t.trim()) return [];
      return jieba.cut(t, true).filter(isWordToken);
    },
    cutForIndex(text) {
      return seg.cut(text);
    },
    cutForQuery(text) {
      return seg.cut(text);
    },
    cutKnown(text) {
      const t = canonicalBrackets(normalizeText(text));
      if (!t.trim()) return [];
      return jieba.cut(t, false).filter(isWordToken);
    },
    addWords(words) {
      const fresh = words
        .map((w) => ({ word: normalizeText(w.word ?? '').replace(/\s+/g, ''), freq: w.freq }))
        .filter((w) => w.word.length >= 2 && w.word.length <= 40 && !added.has(w.word));
      if (!fresh.length) return;
      for (const w of fresh) added.set(w.word, Math.max(1, Math.floor(w.freq ?? 20000)));
      subCache.clear();
      jieba.loadDict(Buffer.from(fresh.map((w) => `${w.word} ${Math.max(1, Math.floor(w.freq ?? 20000))}`).join('\n') + '\n'));
    },
    subWords(word) {
      if ([...word].length <= 2 || !/\p{Script=Han}/u.test(word)) return [];
      const hit = subCache.get(word);
      if (hit) return hit;
      // Every dictionary word inside it (full mode): 政务公开工作要点 → 政务, 政务公开, 公开, 工作, 工作要点, 要点;
      // and, for words outside the dictionary (老旧 in 城镇老旧小区改造), every pair of adjacent Han characters.
      const subs = jieba.cutAll(word).filter((w) => w !== word && [...w].length >= 2 && isWordToken(w));
      const cs = [...word];
      for (let i = 0; i + 1 < cs.length; i++) if (/\p{Script=Han}{2}/u.test(cs[i] + cs[i + 1])) subs.push(cs[i] + cs[i + 1]);
      const out = [...new Set(subs)];
      if (subCache.size >= SUB_CACHE_MAX) subCache.clear();
      subCache.set(word, out);
      return out;
    },
    domainWords() {
      return [...govWords, ...added.keys()];
    },
    addedWords() {
      return [...added].map(([word, freq]) => ({ word, freq }));
    },
  };
  seg.addWords(extraWords);
  return seg;
}

/**
 * Index form of a text: the coarse token string (precise mode, positions exact for phrases) and the
 * sub-word string (finer words of long coarse tokens, for recall: 教育 finds 义务教育).
 */
/** Coarse tokens and sub-words of a text, each space-joined (what the index stores). */
export interface IndexForms {
  coarse: string;
  sub: string;
}

export function indexForms(seg: Segmenter, text: string): IndexForms {
  const words = seg.cutForIndex(text);
  const sub: string[] = [];
  for (const w of words) for (const s of seg.subWords(w)) sub.push(s);
  return { coarse: words.join(' '), sub: sub.join(' ') };
}
