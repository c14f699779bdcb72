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

describe('segment worker lifetime (issue 15: one worker, ended after an idle minute)', () => {
  it('shares one worker between leases, ends it when idle, and segments again after that', async () => {
    const before = SegmentWorker.idleMs;
    SegmentWorker.idleMs = 100;
    try {
      const seg = createSegmenter();
      const a = await SegmentWorker.start(seg);
      const b = await SegmentWorker.start(seg);
      assert.ok(a && b, 'leases given');
      assert.ok(SegmentWorker.running);
      await a.close();
      await new Promise((r) => setTimeout(r, 250));
      assert.ok(SegmentWorker.running, 'a lease still holds the worker');
      assert.deepEqual(await b.forms(['义务教育']), [indexForms(seg, '义务教育')]);
      // A word learnt after the worker started is known to the next lease on the same worker.
      seg.addWords([{ word: '宿城区数据共享专班', freq: 20000 }]);
      const c = await SegmentWorker.start(seg);
      assert.ok(c);
      assert.match((await c.forms(['宿城区数据共享专班']))[0].coarse, /^宿城区数据共享专班$/);
      await b.close();
      await c.close();
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(SegmentWorker.running, false, 'stopped after the idle time');
      await assert.rejects(c.forms(['关闭之后']), /stopped/);
      // The first segmentation after the worker ended starts a new one, with the learnt words.
      const d = await SegmentWorker.start(seg);
      assert.ok(d, 'a new worker after idle');
      try {
        const texts = ['宿城区数据共享专班关于义务教育招生的通知', 'ＡＢＣ　宿城政办发〔2020〕12号'];
        assert.deepEqual(await d.forms(texts), texts.map((t) => indexForms(seg, t)));
      } finally {
        await d.close();
      }
    } finally {
      SegmentWorker.idleMs = before;
    }
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
