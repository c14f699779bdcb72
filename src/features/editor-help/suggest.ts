// Suggestions while drafting (issue 19, editor help): 关键词 by TF-IDF over the title (counted three times)
// and the body, with the domain dictionary of the search segmenter; 主题分类 from similar published
// documents — the published documents each top keyword finds, their 主题分类 voted by the keyword's weight
// and the hit's rank. Nothing is applied here: the editor accepts a suggestion or ignores it.
import type { Db } from '../../platform/db/index.ts';
import { htmlToText } from '../../platform/text.ts';
import { extractKeywords, searchDocumentIds } from '../search/public.ts';

/** Keywords suggested (at most). */
const KEYWORDS = 8;
/** Keywords whose search hits vote for a topic, and hits per keyword. */
const TOPIC_QUERIES = 4;
const HITS_PER_QUERY = 20;
/** Topics suggested (at most), and the least share of the votes a suggested topic needs. */
const TOPICS = 3;
const MIN_TOPIC_SCORE = 0.15;
/** Characters of the body read for keywords (the beginning says what a document is about). */
const BODY_CHARS = 20_000;

interface TopicSuggestion {
  code: string;
  label: string;
  /** Share of the similar documents' votes, 0–1. */
  score: number;
}

export interface Suggestions {
  keywords: string[];
  topics: TopicSuggestion[];
}

/**
 * Topic votes from search hits (pure): each list is one keyword's hits in rank order, as the hits' topics
 * (null: the document has none); a hit votes weight / (1 + rank / 5). Score = share of all votes.
 */
export function rankTopics(lists: { weight: number; topics: (string | null)[] }[], limit = TOPICS, min = MIN_TOPIC_SCORE): { code: string; score: number; hits: number }[] {
  const votes = new Map<string, { v: number; hits: number }>();
  let total = 0;
  for (const l of lists) {
    if (!(l.weight > 0)) continue;
    l.topics.forEach((t, rank) => {
      if (!t) return;
      const v = l.weight / (1 + rank / 5);
      total += v;
      const e = votes.get(t) ?? { v: 0, hits: 0 };
      e.v += v;
      e.hits++;
      votes.set(t, e);
    });
  }
  if (!total) return [];
  return [...votes]
    .map(([code, e]) => ({ code, score: Math.round((e.v / total) * 100) / 100, hits: e.hits }))
    .filter((x) => x.score >= min)
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
    .slice(0, limit);
}

/** The text keywords are drawn from: the title three times (it weighs more), then the body as text. */
function keywordText(title: string, body: string): string {
  const b = /<[a-z!/]/i.test(body) ? htmlToText(body) : body;
  const t = title.trim();
  return `${t}\n${t}\n${t}\n${b.slice(0, BODY_CHARS)}`;
}

export async function suggest(db: Db, input: { title: string; body: string }, opts: { excludeId?: number } = {}): Promise<Suggestions> {
  const kws = extractKeywords(keywordText(input.title ?? '', input.body ?? ''), KEYWORDS);
  if (!kws.length) return { keywords: [], topics: [] };
  const queries = kws.slice(0, TOPIC_QUERIES);
  const hitLists = await Promise.all(queries.map((k) => searchDocumentIds(db, k.word, HITS_PER_QUERY + 1)));
  const ids = [...new Set(hitLists.flat())].filter((id) => id !== opts.excludeId);
  const topicOf = new Map<number, string | null>();
  if (ids.length) {
    for (const r of await db.selectFrom('documents').select(['id', 'topic']).where('id', 'in', ids).execute()) topicOf.set(r.id, r.topic);
  }
  const ranked = rankTopics(
    queries.map((k, i) => ({
      weight: k.weight,
      topics: hitLists[i]!.filter((id) => id !== opts.excludeId).slice(0, HITS_PER_QUERY).map((id) => topicOf.get(id) ?? null),
    })),
    10,
  );
  const topics: TopicSuggestion[] = [];
  if (ranked.length) {
    // Only topics an editor can still choose (active terms), named with their parent: 卫生、体育 › 卫生.
    const terms = await db.selectFrom('terms').select(['code', 'label', 'parent_code', 'active']).where('kind', '=', 'topic').execute();
    const byCode = new Map(terms.map((t) => [t.code, t]));
    for (const r of ranked) {
      const t = byCode.get(r.code);
      if (!t || t.active !== 1 || topics.length >= TOPICS) continue;
      const parent = t.parent_code ? byCode.get(t.parent_code) : undefined;
      topics.push({ code: r.code, label: parent ? `${parent.label} › ${t.label}` : t.label, score: r.score });
    }
  }
  return { keywords: kws.map((k) => k.word), topics };
}
