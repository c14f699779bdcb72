// The peer engine: MiniSearch 7.2.0 over the same corpus with the same jieba tokens as gongkai
// (documents: segmenter.cutForIndex plus the sub-words of each word, which is what gongkai's index holds;
// queries: cutForQuery; the only term processing is dropping tokens without a letter or digit, as FTS5's
// unicode61 tokenizer does, and lower-casing Latin).
// Fields: title (boost 3), meta (文号 and publisher, boost 2), body. MiniSearch's defaults otherwise:
// BM25+ ranking, OR of the query terms, no prefix or fuzzy matching.
import MiniSearch from 'minisearch';
import fs from 'node:fs';
import type { CorpusRecord } from './corpus.ts';

export interface Segmenter {
  cut(text: string): string[];
  cutForIndex(text: string): string[];
  cutForQuery(text: string): string[];
  /** gongkai also indexes the finer sub-words of long words (教育 of 义务教育); the peer gets them too. */
  subWords?(word: string): string[];
}

/** The tokens gongkai indexes for a text: cutForIndex, plus the sub-words of each word when the segmenter has them. */
export function indexTokens(seg: Segmenter, text: string): string[] {
  const words = seg.cutForIndex(text);
  if (!seg.subWords) return words;
  const out = [...words];
  for (const w of words) for (const s of seg.subWords(w)) out.push(s);
  return out;
}

const TERM = /[\p{L}\p{N}]/u;
const processTerm = (t: string) => (TERM.test(t) ? t.toLowerCase() : null);

export interface Peer {
  search(q: string, k?: number): string[];
  documents: number;
}

export function buildPeer(records: readonly CorpusRecord[], seg: Segmenter): Peer {
  const ms = new MiniSearch<{ key: string; title: string; body: string; meta: string }>({
    idField: 'key',
    fields: ['title', 'meta', 'body'],
    storeFields: [],
    tokenize: (text) => indexTokens(seg, text),
    processTerm,
    searchOptions: { tokenize: (q) => seg.cutForQuery(q), processTerm, boost: { title: 3, meta: 2 }, combineWith: 'OR', prefix: false, fuzzy: false },
  });
  for (let i = 0; i < records.length; i += 2000) {
    ms.addAll(records.slice(i, i + 2000).map((r) => ({ key: r.key, title: r.title, body: r.body, meta: [r.docNo, r.publisher].filter(Boolean).join(' ') })));
  }
  return {
    documents: ms.documentCount,
    search: (q, k = 10) => ms.search(q).slice(0, k).map((r) => String(r.id)),
  };
}

/** gongkai's segmenter (src/features/search/segment.ts) when present, else plain jieba (stated in the report). */
export async function loadSegmenter(): Promise<{ seg: Segmenter; source: string }> {
  const file = new URL('../../src/features/search/segment.ts', import.meta.url);
  if (fs.existsSync(file)) {
    const m = (await import(file.href)) as { createSegmenter: () => Segmenter };
    return { seg: m.createSegmenter(), source: 'gongkai `createSegmenter()` (src/features/search/segment.ts: jieba 2.0.3 + domain dictionary)' };
  }
  const { Jieba } = await import("@node-rs/jieba");
  const { dict } = await import('@node-rs/jieba/dict.js');
  const j = Jieba.withDict(dict);
  return {
    seg: { cut: (t) => j.cut(t, false), cutForIndex: (t) => j.cutForSearch(t, false), cutForQuery: (t) => j.cut(t, false) },
    source: 'plain jieba 2.0.3 (gongkai segment.ts not present)',
  };
}
