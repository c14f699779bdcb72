// Ranking metrics for the search evaluation: MRR@k (reciprocal rank of the first relevant hit) and
// nDCG@k with graded relevance (gain 2^grade − 1, discount log2(rank + 1)); the ideal ranking takes the
// judged grades, best first. Pure.

/** Grades of the judged documents: key → grade (≥ 1 relevant; missing or 0 = not relevant). */
export type Judgments = ReadonlyMap<string, number>;

export function judgments(relevant: readonly (string | { key: string; grade: number })[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of relevant) {
    if (typeof r === 'string') m.set(r, Math.max(m.get(r) ?? 0, 1));
    else m.set(r.key, Math.max(m.get(r.key) ?? 0, r.grade));
  }
  return m;
}

/** 1 / rank of the first relevant result within the top k, else 0. */
export function reciprocalRank(ranked: readonly string[], judged: Judgments, k = 10): number {
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if ((judged.get(ranked[i]) ?? 0) > 0) return 1 / (i + 1);
  return 0;
}

function dcg(grades: readonly number[], k: number): number {
  let s = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) s += (2 ** grades[i] - 1) / Math.log2(i + 2);
  return s;
}

/** nDCG@k; 0 when nothing is judged relevant. A key ranked twice counts once (the first time). */
export function ndcg(ranked: readonly string[], judged: Judgments, k = 10): number {
  const seen = new Set<string>();
  const gains = ranked.slice(0, k).map((key) => {
    if (seen.has(key)) return 0;
    seen.add(key);
    return judged.get(key) ?? 0;
  });
  const ideal = [...judged.values()].filter((g) => g > 0).sort((a, b) => b - a);
  const idcg = dcg(ideal, k);
  return idcg === 0 ? 0 : dcg(gains, k) / idcg;
}

export interface QueryScore {
  id: string;
  kind: string;
  rr: number;
  ndcg: number;
}

export interface KindSummary {
  kind: string;
  queries: number;
  mrr: number;
  ndcg: number;
  /** Share of queries with a relevant document at rank 1. */
  top1: number;
}

export function scoreQuery(id: string, kind: string, ranked: readonly string[], judged: Judgments, k = 10): QueryScore {
  return { id, kind, rr: reciprocalRank(ranked, judged, k), ndcg: ndcg(ranked, judged, k) };
}

/** The kinds of the issue-3 known-item figure (the long-text slice of issue 15 is reported apart, and in 'all'). */
export const KNOWN_ITEM_KINDS = ['title-known-item', 'body-known-item', 'docno'];

/** Means per kind, plus 'known-item' (title, body and 文号 queries) and 'all'. */
export function summarise(scores: readonly QueryScore[]): KindSummary[] {
  const groups = new Map<string, QueryScore[]>();
  const add = (k: string, s: QueryScore) => groups.set(k, [...(groups.get(k) ?? []), s]);
  for (const s of scores) {
    add(s.kind, s);
    if (KNOWN_ITEM_KINDS.includes(s.kind)) add('known-item', s);
    add('all', s);
  }
  const order = ['title-known-item', 'body-known-item', 'docno', 'known-item', 'long-text-known-item', 'topical', 'all'];
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return [...groups]
    .sort((a, b) => (order.indexOf(a[0]) + 1 || 99) - (order.indexOf(b[0]) + 1 || 99))
    .map(([kind, xs]) => ({ kind, queries: xs.length, mrr: mean(xs.map((x) => x.rr)), ndcg: mean(xs.map((x) => x.ndcg)), top1: mean(xs.map((x) => (x.rr === 1 ? 1 : 0))) }));
}
