// releaseStartupGarbage: one full collection without --expose-gc on the command line (issue 15: own memory).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import fs from 'node:fs';
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

it('deploy/gongkai.service starts node with the memory flags of npm start, plus the glibc settings npm start cannot give', () => {
  const root = new URL('../../', import.meta.url);
  const start = JSON.parse(fs.readFileSync(new URL('package.json', root), 'utf8')).scripts.start as string;
  const unit = fs.readFileSync(new URL('deploy/gongkai.service', root), 'utf8');
  const exec = /^ExecStart=(\S+) (.*)$/m.exec(unit);
  assert.ok(exec, 'ExecStart');
  const flags = (cmd: string) => cmd.split(/\s+/).filter((a) => a.startsWith('--'));
  assert.deepEqual(flags(exec[2]), flags(start));
  assert.ok(flags(start).includes('--heap-growing-percent=50') && flags(start).includes('--max-semi-space-size=8'), start);
  assert.match(exec[2], /bin\/gongkai\.js serve$/);
  for (const env of ['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072', 'NODE_ENV=production']) assert.ok(unit.includes(`\nEnvironment=${env}\n`), env);
});
