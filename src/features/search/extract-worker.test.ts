// The extraction worker thread (attachment-text.ts uses it): it extracts a PDF off the main thread and
// keeps answering; a worker that cannot start at all makes extraction run in this thread instead (nothing
// is marked unreadable for that); a worker stuck in a job is stopped after the hard timeout and the next
// job gets a new one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExtractWorker } from './extract-worker.ts';
import { makePdf } from './extract.fixtures.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-extract-'));
const pdf = path.join(dir, 'a.pdf');
fs.writeFileSync(pdf, makePdf(['Worker thread extraction']));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('extracts in a worker thread, job after job', async () => {
  const w = new ExtractWorker();
  try {
    assert.deepEqual(await w.extract(pdf, 'application/pdf', 'a.pdf'), { text: 'Worker thread extraction' });
    assert.deepEqual(await w.extract(pdf, 'application/pdf', 'a.pdf'), { text: 'Worker thread extraction' });
    assert.match((await w.extract(path.join(dir, 'missing.pdf'), 'application/pdf', 'missing.pdf')).error ?? '', /无法读取/);
  } finally {
    await w.stop();
  }
});

test('a worker that cannot start: extraction runs in this thread', async () => {
  const w = new ExtractWorker({ code: 'throw new Error("no loader for the worker")' });
  try {
    assert.deepEqual(await w.extract(pdf, 'application/pdf', 'a.pdf'), { text: 'Worker thread extraction' });
    assert.deepEqual(await w.extract(pdf, 'application/pdf', 'a.pdf'), { text: 'Worker thread extraction' });
  } finally {
    await w.stop();
  }
});

test('a stuck worker is stopped after the hard timeout', async () => {
  const w = new ExtractWorker({ code: 'require("node:worker_threads").parentPort.on("message", () => { for (;;) {} })', hardTimeoutMs: 1500 });
  try {
    const started = Date.now();
    const r = await w.extract(pdf, 'application/pdf', 'a.pdf');
    assert.equal(r.text, '');
    assert.match(r.error ?? '', /提取超时/);
    assert.ok(Date.now() - started < 10_000);
  } finally {
    await w.stop();
  }
});
