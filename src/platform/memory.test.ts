// releaseStartupGarbage: one full collection without --expose-gc on the command line (issue 15: own memory).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { releaseStartupGarbage } from './memory.ts';

it('collects the garbage of a burst of short-lived rows, and the process itself gets no global gc', () => {
  let rows: { id: number; title: string }[] | null = Array.from({ length: 300_000 }, (_, i) => ({ id: i, title: `标题${i}`.repeat(3) }));
  assert.equal(rows.length, 300_000);
  rows = null;
  const before = v8.getHeapStatistics().used_heap_size;
  assert.equal(releaseStartupGarbage(), true);
  const after = v8.getHeapStatistics().used_heap_size;
  assert.ok(before - after > 20 * 1024 * 1024, `used heap ${before >> 20} -> ${after >> 20} MB`);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  assert.equal(releaseStartupGarbage(), true, 'again');
});
