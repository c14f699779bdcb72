// The rebuild's segmentation worker cuts text exactly as the main thread does (same dictionaries,
// including words learnt at run time), and a failed worker makes forms() reject instead of hanging.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentWorker } from './segment-worker.ts';
import { createSegmenter, indexForms } from './segment.ts';
import { topK } from './engine.ts';

describe('segment worker', () => {
  it('gives the same index forms as the main thread, with the learnt words', async () => {
    const seg = createSegmenter([{ word: '宿城区政务公开办', freq: 20000 }]);
    const w = await SegmentWorker.start(seg);
    assert.ok(w, 'worker started');
    try {
      const texts = ['宿城区政务公开办关于义务教育招生的通知', '城市总体规划（2020—2035年）', '', 'ＡＢＣ　宿城政办发〔2020〕12号', '😀 <b>x</b>'];
      assert.deepEqual(await w.forms(texts), texts.map((t) => indexForms(seg, t)));
      assert.match((await w.forms(['宿城区政务公开办']))[0].coarse, /^宿城区政务公开办$/);
    } finally {
      await w.close();
    }
    await assert.rejects(w.forms(['关闭之后']), /stopped/);
  });
});

describe('topK', () => {
  const cmp = (a: number, b: number) => b - a;
  it('returns the first k in order, for small and large k', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    for (const k of [0, 1, 10, 100, 255, 300, 1000, 2000]) assert.deepEqual(topK(xs, k, cmp), [...xs].sort(cmp).slice(0, k), `k=${k}`);
    assert.deepEqual(topK([3, 1, 3, 2], 3, cmp), [3, 3, 2]);
  });
});
