// Time is a dependency (issue 14): in src/features/** business code takes "now"/"today" from the platform clock
// (platform/clock.ts: clockNow(), nowIso(), todayBeijing(), or a `now` parameter), so a test sets the day instead
// of reading the wall clock. This lint fails on `Date.now()` and on `new Date()` without an argument in a feature's
// source file, unless that line or the line above says why it is not business time:
//   // technical time: <why>      (a timeout, a cache age, a duration, a lease, a benchmark)
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FEATURES = path.join(ROOT, 'src', 'features');


const TECHNICAL = /\/\/\s*technical time:\s*\S/;
const WALL_CLOCK = /\bDate\.now\(\)|\bnew Date\(\s*\)/;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/\.fixtures?\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Lines of `text` reading the wall clock without a `technical time` note on them or just above. */
export function wallClockReads(text: string): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (WALL_CLOCK.test(code) && !TECHNICAL.test(line) && !(i > 0 && TECHNICAL.test(lines[i - 1]!))) out.push(i + 1);
  });
  return out;
}

it('the lint sees both forms and honours the note on the line or the line above', () => {
  assert.deepEqual(wallClockReads('const a = Date.now();'), [1]);
  assert.deepEqual(wallClockReads('const a = new Date();\nconst b = new Date(x);\nconst c = new Date( );'), [1, 3]);
  assert.deepEqual(wallClockReads('const a = Date.now(); // technical time: cache age'), []);
  assert.deepEqual(wallClockReads('// technical time: timeout\nconst a = Date.now();\nconst b = Date.now();'), [3]);
  assert.deepEqual(wallClockReads('const a = clockNow(); // not Date.now()'), [], 'a comment is not a read');
  assert.deepEqual(wallClockReads('// technical time:\nconst a = Date.now();'), [2], 'the note says why');
});

it('no feature reads the wall clock for business time (Date.now() / new Date() need a `technical time` note)', () => {
  const found: string[] = [];
  for (const file of walk(FEATURES)) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const lines = wallClockReads(fs.readFileSync(file, 'utf8'));
    for (const n of lines) found.push(`${rel}:${n}`);
  }
  assert.deepEqual(found, [], 'take the time from the clock (clockNow/nowIso/todayBeijing), or say `// technical time: <why>`');
});
