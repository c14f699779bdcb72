// Table-driven checks of the ranking metrics against values computed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgments, ndcg, reciprocalRank, scoreQuery, summarise } from './metrics.ts';

const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} ≠ ${b}`);

test('reciprocal rank @10', () => {
  const cases: [string[], string[], number][] = [
    [['a', 'b', 'c'], ['a'], 1],
    [['x', 'a', 'c'], ['a'], 1 / 2],
    [['x', 'y', 'a', 'b'], ['b', 'a'], 1 / 3], // the first relevant one counts
    [['1', '2', '3', '4', '5', '6', '7', '8', '9', 'a'], ['a'], 1 / 10],
    [['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'a'], ['a'], 0], // rank 11 is outside @10
    [[], ['a'], 0],
    [['a'], [], 0],
  ];
  for (const [ranked, rel, want] of cases) close(reciprocalRank(ranked, judgments(rel)), want, JSON.stringify(ranked));
});

test('nDCG@10 with binary and graded relevance', () => {
  // one relevant doc at rank 1 → 1; at rank 2 → 1/log2(3); at rank 3 → 1/log2(4) = 0.5
  close(ndcg(['a', 'x'], judgments(['a'])), 1);
  close(ndcg(['x', 'a'], judgments(['a'])), 1 / Math.log2(3));
  close(ndcg(['x', 'y', 'a'], judgments(['a'])), 0.5);
  // graded: a=2, b=1. Ranking b, a: DCG = (2^1−1)/1 + (2^2−1)/log2 3 = 1 + 3/1.5849625 = 2.8927892607
  // ideal a, b: 3/1 + 1/log2 3 = 3.6309297536 → 0.7966923...
  const g = judgments([{ key: 'a', grade: 2 }, { key: 'b', grade: 1 }]);
  close(ndcg(['b', 'a'], g), (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)));
  close(ndcg(['a', 'b'], g), 1);
  // only b found at rank 1, a missing: 1 / 3.6309297536
  close(ndcg(['b', 'x'], g), 1 / (3 + 1 / Math.log2(3)));
  // duplicates count once
  close(ndcg(['a', 'a'], judgments(['a', 'b'])), 1 / (1 + 1 / Math.log2(3)));
  // more than 10 judged: the ideal is cut at 10
  const many = judgments(Array.from({ length: 15 }, (_, i) => `d${i}`));
  close(ndcg(Array.from({ length: 10 }, (_, i) => `d${i}`), many), 1);
  close(ndcg([], many), 0);
  close(ndcg(['a'], judgments([])), 0);
});

test('summaries per kind, known-item and all', () => {
  const s = summarise([
    scoreQuery('1', 'title-known-item', ['a'], judgments(['a'])),
    scoreQuery('2', 'title-known-item', ['x', 'a'], judgments(['a'])),
    scoreQuery('3', 'docno', ['x'], judgments(['a'])),
    scoreQuery('4', 'topical', ['a', 'b'], judgments([{ key: 'b', grade: 1 }])),
  ]);
  const by = Object.fromEntries(s.map((x) => [x.kind, x]));
  close(by['title-known-item'].mrr, 0.75);
  close(by['title-known-item'].top1, 0.5);
  close(by.docno.mrr, 0);
  close(by['known-item'].mrr, 0.5);
  assert.equal(by['known-item'].queries, 3);
  close(by.topical.mrr, 0.5);
  close(by.topical.ndcg, 1 / Math.log2(3));
  close(by.all.mrr, (1 + 0.5 + 0 + 0.5) / 4);
  assert.deepEqual(s.map((x) => x.kind), ['title-known-item', 'docno', 'known-item', 'topical', 'all']);
});
