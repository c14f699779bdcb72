// The archive reader's limits: a zip bomb is refused early, ordinary Office files read as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync, strToU8 } from 'fflate';
import { readZip, ZipLimitError } from './zip.ts';

test('reads the wanted entries of an ordinary archive, stored or deflated', () => {
  const zip = zipSync({ 'a.xml': strToU8('<a>政务公开</a>'), 'b/c.xml': [strToU8('x'.repeat(10_000)), { level: 0 }], 'skip.bin': strToU8('no') });
  const files = readZip(zip, (n) => n.endsWith('.xml'));
  assert.deepEqual(Object.keys(files).sort(), ['a.xml', 'b/c.xml']);
  assert.equal(new TextDecoder().decode(files['a.xml']), '<a>政务公开</a>');
  assert.equal(files['b/c.xml'].length, 10_000);
});

test('a zip bomb is refused after little inflation, however its headers describe it', () => {
  // 96 MiB of zeros deflates to ~100 KB; the limits here are 8 MiB per entry.
  const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(96 * 1024 * 1024) }, { level: 9 });
  assert.ok(bomb.length < 200_000, `compressed ${bomb.length}`);
  const before = process.memoryUsage().arrayBuffers;
  const started = performance.now();
  assert.throws(() => readZip(bomb, () => true, { maxEntry: 8 * 1024 * 1024, maxTotal: 16 * 1024 * 1024, maxRatio: 1000, maxEntries: 10 }), ZipLimitError);
  const ms = performance.now() - started;
  assert.ok(ms < 1500, `stopped early (${ms.toFixed(0)} ms)`);
  assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'did not inflate the whole entry');
  // The ratio limit alone also catches it (default limits allow 200× the archive's size).
  assert.throws(() => readZip(bomb, () => true), /解压后过大/);
  // Too many entries.
  const many: Record<string, Uint8Array> = {};
  for (let i = 0; i < 30; i++) many[`f${i}.xml`] = strToU8('x');
  assert.throws(() => readZip(zipSync(many), () => true, { maxEntry: 1e6, maxTotal: 1e6, maxRatio: 100, maxEntries: 20 }), /条目过多/);
});
