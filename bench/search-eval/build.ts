// Builds bench/search-eval/queries.json, the relevance evaluation set over the real corpus (corpus.ts):
// known-item queries from titles and from distinctive body passages, 文号 lookups typed loosely, and the
// hand-written topical queries of topical.ts judged by their title rules. Deterministic: a seeded PRNG
// and the corpus order decide everything, so running it again gives the same file.
//
//   node --import tsx bench/search-eval/build.ts            (writes queries.json)
//   node --import tsx bench/search-eval/build.ts --check    (fails if queries.json differs)
import fs from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { loadCorpus, type CorpusRecord } from './corpus.ts';
import { TOPICS, judgeTopic } from './topical.ts';
import { rng } from '../generate.ts';

export const QUERIES_FILE = path.join(path.dirname(new URL(import.meta.url).pathname), 'queries.json');

export type QueryKind = 'title-known-item' | 'body-known-item' | 'docno' | 'topical' | 'long-text-known-item';
export interface EvalQuery {
  id: string;
  kind: QueryKind;
  q: string;
  relevant: (string | { key: string; grade: number })[];
  /** How the query was made (the original title, the exact body phrase, the 文号 as stored…). */
  from?: string;
}
export interface EvalSet {
  description: string;
  seed: number;
  corpus: { laws: number; titles: number };
  counts: Record<QueryKind, number>;
  queries: EvalQuery[];
}

const SEED = 20261128;
const N_TITLE = 60;
const N_BODY = 45;
const N_DOCNO = 30;
/** Long-text slice (issue 15): passages of long law texts, with a PRNG of their own (the other slices stay as they were). */
const N_LONG = 45;
const LONG_SEED = 20261207;
/** A law text at least this long (characters of plain text; about the longest fifth of the laws). */
const LONG_BODY = 8000;
/** Title queries: most distinct titles that may contain all the query's words. */
const MAX_TITLES = 5;


const jieba = Jieba.withDict(dict);
const words = (s: string) => jieba.cut(s, false).filter((w) => /[\p{L}\p{N}]/u.test(w));

/** Boilerplate the public does not type. */
const BOILER = [/^.{0,30}?关于(?=.)/, /(的)?(通知|意见|决定|批复|函|公告|通告|报告|请示|复函)$/, /^(印发|转发|公布|发布)/, /[《》“”"]/g];
/** Region names as people shorten them: 广东省 → 广东, 上海市 → 上海. */
const REGION = /^(.{2,3}?)(省|市|自治区)/;
const GENERIC = new Set(['进一步', '加强', '做好', '工作', '有关', '事项', '若干', '推进', '切实', '全面', '深入', '相关', '开展', '关于', '的', '和', '及', '与', '等']);

/** A shortened title as typed: boilerplate gone, region shortened, some generic words dropped. */
export function shortenTitle(title: string, rand: () => number): string | null {
  const region = REGION.exec(title)?.[1] ?? '';
  // Parenthesised parts go, except years ("（2021—2025年）" → " 2021—2025年 ").
  let t = title.replace(/（[^）]*）|\([^)]*\)/g, (m) => (/\d{4}/.test(m) ? ` ${m.slice(1, -1)} ` : ''));
  const hadIssuer = /^.{2,30}?关于/.test(t);
  for (const re of BOILER) t = t.replace(re, '');
  t = t.replace(/^(印发|转发|公布|发布)/, '').replace(/的$/, '').replace(/^中华人民共和国/, '').trim();
  if (region && t.startsWith(region) && rand() < 0.5) t = region + t.slice(region.length + 1); // 上海市… → 上海…
  let ws = words(t);
  // The issuing region of "…人民政府关于…" titles is typed as a short name half of the time.
  if (hadIssuer && region && !t.startsWith(region) && rand() < 0.5) ws = [region, ...ws];
  if (ws.length > 4) ws = ws.filter((w, i) => i === 0 || !GENERIC.has(w) || rand() < 0.3);
  if (ws.length > 6) {
    // people type the head and the distinctive end; a middle stretch of non-year words is dropped
    const keep = ws.filter((w, i) => i < 3 || i >= ws.length - 2 || /\d/.test(w) || rand() < 0.45);
    if (keep.join('').length >= 6) ws = keep;
  }
  const q = (rand() < 0.25 ? ws.join(' ') : ws.join('')).replace(/\s+/g, ' ').trim();
  return q.length >= 4 ? q : null;
}

/** Spoken form of a body phrase: content words only, separated by spaces. */
const FUNCTION_WORDS = new Set(['的', '和', '与', '及', '或者', '或', '应当', '对', '在', '等', '其', '并', '由', '为', '将', '按照', '依照', '根据', '有关', '所', '是', '了', '以', '向', '从', '之', '于']);
export function spokenForm(phrase: string): string {
  return words(phrase)
    .filter((w) => !FUNCTION_WORDS.has(w))
    .join(' ');
}

/** 文号 typed loosely. */
export function docNoVariant(docNo: string, variant: number): string | null {
  const m = /^(.*?)[〔[(（【]\s*(\d{4})\s*[〕\])）】]\s*(第?)(\d+)\s*号$/.exec(docNo);
  if (!m) return null;
  const [, issuer, year, , seq] = m;
  switch (variant % 6) {
    case 0:
      return `${issuer}〔${year}〕${seq}号`;
    case 1:
      return `${issuer}[${year}]${seq}号`;
    case 2:
      return `${issuer}（${year}）${seq}号`;
    case 3:
      return `${issuer}${year} ${seq}号`;
    case 4:
      return `${issuer}〔${year}〕${seq}`;
    default:
      return `${issuer} ${year} ${seq}`;
  }
}

/** Every title (of both sources) containing every word of `q` (as substrings). */
function titlesContaining(q: string, corpus: CorpusRecord[]): CorpusRecord[] {
  const parts = q.split(' ').flatMap((p) => words(p));
  return corpus.filter((r) => parts.every((p) => r.title.includes(p)));
}

export function buildEvalSet(corpus: CorpusRecord[]): EvalSet {
  const rand = rng(SEED);
  const byTitle = new Map<string, string[]>();
  for (const r of corpus) byTitle.set(r.title, [...(byTitle.get(r.title) ?? []), r.key]);
  const laws = corpus.filter((r) => r.source === 'law');
  const titles = corpus.filter((r) => r.source === 'title');
  const queries: EvalQuery[] = [];
  const used = new Set<string>();
  const pickFrom = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];

  // 1. Titles → shortened known-item queries: 2/5 from laws, 3/5 from the title corpus. A query is kept
  // only if at most MAX_TITLES distinct titles contain all its words, the target's among them: the person
  // knows which one they mean, the engine has to rank it first among a few similar titles (identical
  // titles of several records are all relevant).
  let tries = 0;
  while (queries.length < N_TITLE && tries++ < 20000) {
    const src = queries.length % 5 < 2 ? laws : titles;
    const r = pickFrom(src);
    if (used.has(r.title) || r.title.length < 8) continue;
    const q = shortenTitle(r.title, rand);
    if (!q || q === r.title || q.length > 30) continue;
    const target = byTitle.get(r.title)!;
    const distinct = new Set(titlesContaining(q, corpus).map((h) => h.title));
    if (!distinct.has(r.title) || distinct.size > MAX_TITLES) continue;
    used.add(r.title);
    queries.push({ id: `t${String(queries.length + 1).padStart(3, '0')}`, kind: 'title-known-item', q, relevant: target, from: r.title });
  }

  // 2. Distinctive body phrases of laws: a run of whole words (8–20 characters) inside one clause, found
  // verbatim in at most 2 documents (all of them are relevant), whose content words all occur together in
  // at most 30 documents (so the passage is distinctive, not boilerplate such as 遵照本条例的规定执行).
  // Every third one is given in spoken form (content words only, spaces between).
  const bodyQueries: EvalQuery[] = [];
  tries = 0;
  while (bodyQueries.length < N_BODY && tries++ < 20000) {
    const r = pickFrom(laws);
    if (r.body.length < 1500 || used.has(r.key)) continue;
    const paras = r.body.split('\n\n').filter((p) => p.length > 40 && /^第.{1,8}条/.test(p));
    if (!paras.length) continue;
    const clauses = pickFrom(paras)
      .replace(/^第.{1,8}条\s*/, '')
      .split(/[，。；：、！？]/)
      .filter((c) => c.length >= 8 && !/[《》（）()0-9“”]/.test(c));
    if (!clauses.length) continue;
    const ws = jieba.cut(pickFrom(clauses), false);
    const want = 8 + Math.floor(rand() * 13);
    let from = Math.floor(rand() * ws.length);
    let phrase = '';
    while (from < ws.length && phrase.length < want) phrase += ws[from++];
    if (phrase.length < 8 || phrase.length > 20) continue;
    const containing = corpus.filter((l) => l.body.includes(phrase) || l.title.includes(phrase));
    if (containing.length === 0 || containing.length > 2) continue;
    const content = words(phrase).filter((w) => !FUNCTION_WORDS.has(w));
    if (content.length < 2) continue;
    const loose = laws.filter((l) => content.every((w) => l.body.includes(w) || l.title.includes(w))).length;
    if (loose > 30) continue;
    const spoken = bodyQueries.length % 3 === 2;
    const q = spoken ? content.join(' ') : phrase;
    used.add(r.key);
    bodyQueries.push({ id: `b${String(bodyQueries.length + 1).padStart(3, '0')}`, kind: 'body-known-item', q, relevant: containing.map((c) => c.key), from: phrase });
  }
  queries.push(...bodyQueries);

  // 3. 文号 lookups: a 文号 held by exactly one record, typed in one of six loose ways.
  const byDocNo = new Map<string, string[]>();
  const norm = (d: string) => d.replace(/[〔[(（【]/g, '〔').replace(/[〕\])）】]/g, '〕').replace(/\s+/g, '');
  for (const r of titles) if (r.docNo) byDocNo.set(norm(r.docNo), [...(byDocNo.get(norm(r.docNo)) ?? []), r.key]);
  const withNo = titles.filter((r) => r.docNo && byDocNo.get(norm(r.docNo))!.length === 1);
  const docQueries: EvalQuery[] = [];
  tries = 0;
  while (docQueries.length < N_DOCNO && tries++ < 20000) {
    const r = pickFrom(withNo);
    if (used.has(r.key)) continue;
    const q = docNoVariant(r.docNo!, docQueries.length);
    if (!q) continue;
    used.add(r.key);
    docQueries.push({ id: `d${String(docQueries.length + 1).padStart(3, '0')}`, kind: 'docno', q, relevant: [r.key], from: r.docNo! });
  }
  queries.push(...docQueries);

  // 4. Topical queries, judged by their hand-written title rules.
  for (const [i, topic] of TOPICS.entries()) {
    const relevant = judgeTopic(topic, corpus);
    queries.push({ id: `p${String(i + 1).padStart(3, '0')}`, kind: 'topical', q: topic.q, relevant, from: topic.note });
  }

  // 5. Long-text slice: distinctive passages of 15–40 characters from long law texts (≥ LONG_BODY characters),
  // as a person pastes or retypes a sentence they remember: a run of whole words inside one sentence (it may
  // cross commas), no digits, brackets or quotes, found verbatim (punctuation included) in at most 2 documents
  // of the corpus (all of them relevant), whose content words occur together in at most 30 laws. Every third is
  // in spoken form (content words only, spaces between). Not from a law another slice already used.
  queries.push(...longTextQueries(corpus, laws, used));

  const counts = { 'title-known-item': 0, 'body-known-item': 0, docno: 0, topical: 0, 'long-text-known-item': 0 } as Record<QueryKind, number>;
  for (const q of queries) counts[q.kind]++;
  return {
    description: 'gongkai search evaluation set over ../shared/data/laws-cn and ../shared/data/doc-numbers-cn; made by bench/search-eval/build.ts, see README.md',
    seed: SEED,
    corpus: { laws: laws.length, titles: titles.length },
    counts,
    queries,
  };
}

function longTextQueries(corpus: CorpusRecord[], laws: CorpusRecord[], used: Set<string>): EvalQuery[] {
  const rand = rng(LONG_SEED);
  const pickFrom = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const long = laws.filter((r) => r.body.length >= LONG_BODY);
  const out: EvalQuery[] = [];
  const mine = new Set<string>();
  let tries = 0;
  while (out.length < N_LONG && tries++ < 20000) {
    const r = pickFrom(long);
    if (used.has(r.key) || mine.has(r.key)) continue;
    const sentences = r.body
      .split(/\n+/)
      .map((p) => p.replace(/^第.{1,8}条\s*/, ''))
      .flatMap((p) => p.split(/[。；！？]/))
      .filter((c) => c.length >= 15 && !/[《》（）()0-9０-９“”"'：:]/.test(c));
    if (!sentences.length) continue;
    const ws = jieba.cut(pickFrom(sentences), false);
    const want = 15 + Math.floor(rand() * 26);
    let from = Math.floor(rand() * ws.length);
    // Start on a word, not on the punctuation after a clause.
    while (from < ws.length && !/[\p{L}\p{N}]/u.test(ws[from])) from++;
    let phrase = '';
    while (from < ws.length && phrase.length < want) phrase += ws[from++];
    phrase = phrase.replace(/[，、,\s]+$/u, '');
    if (phrase.length < 15 || phrase.length > 40) continue;
    const containing = corpus.filter((l) => l.body.includes(phrase) || l.title.includes(phrase));
    if (containing.length === 0 || containing.length > 2) continue;
    const content = words(phrase).filter((w) => !FUNCTION_WORDS.has(w));
    if (content.length < 3) continue;
    const loose = laws.filter((l) => content.every((w) => l.body.includes(w) || l.title.includes(w))).length;
    if (loose > 30) continue;
    const spoken = out.length % 3 === 2;
    mine.add(r.key);
    out.push({ id: `l${String(out.length + 1).padStart(3, '0')}`, kind: 'long-text-known-item', q: spoken ? content.join(' ') : phrase, relevant: containing.map((c) => c.key), from: phrase });
  }
  return out;
}

export function loadEvalSet(file = QUERIES_FILE): EvalSet {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as EvalSet;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  const set = buildEvalSet(loadCorpus());
  const text = JSON.stringify(set, null, 1) + '\n';
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(QUERIES_FILE) && fs.readFileSync(QUERIES_FILE, 'utf8') === text;
    console.log(same ? 'queries.json is up to date' : 'queries.json differs from what build.ts makes');
    process.exit(same ? 0 : 1);
  }
  fs.writeFileSync(QUERIES_FILE, text);
  console.log(`${set.queries.length} queries (${JSON.stringify(set.counts)}) in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${QUERIES_FILE}`);
}
