// kill -9 in the middle of a CLI import, then the same import again: the data is whole — every row once,
// nothing duplicated, nothing overwritten, the index numbers unique (the import commits whole batches of
// IMPORT_BATCH_ROWS rows, so a kill leaves whole batches only, and it is idempotent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDb } from './helpers.ts';
import { IMPORT_BATCH_ROWS } from '../src/features/documents/documents.import.ts';

const BIN = new URL('../bin/gongkai.js', import.meta.url).pathname;
let db: TestDb;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-kill-'));
});
after(async () => {
  await db.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an import killed with SIGKILL and run again leaves every row exactly once', { timeout: 300_000 }, async () => {
  const ROWS = 2000;
  const file = path.join(dir, 'docs.csv');
  const lines = ['title,indexNo,writtenOn,publishedAt,body'];
  // Every third row carries an explicit index number, the others get automatic ones.
  for (let i = 1; i <= ROWS; i++) lines.push(`中断导入测试 ${i},${i % 3 === 0 ? `KILLTEST/2023-${String(i).padStart(5, '0')}` : ''},2023-05-${String((i % 28) + 1).padStart(2, '0')},2023-06-01,正文 ${i}`);
  fs.writeFileSync(file, lines.join('\n'));
  const env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'files') };
  assert.equal(spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8' }).status, 0);

  const child = spawn(process.execPath, [BIN, 'import', 'documents', file, '--unit', 'zfb'], { env, stdio: 'ignore' });
  const count = async () => Number((await db.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  // Kill it once some rows are in, well before the end.
  for (let i = 0; i < 600; i++) {
    if ((await count()) >= 100) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const partial = await count();
  assert.ok(partial > 0 && partial < ROWS, `killed part-way (${partial} of ${ROWS})`);
  assert.equal(partial % IMPORT_BATCH_ROWS, 0, `whole batches only (${partial} rows)`);

  const again = spawnSync(process.execPath, [BIN, 'import', 'documents', file, '--unit', 'zfb'], { env, encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  const m = /新增 (\d+)，更新 (\d+)，未变化 (\d+)，失败 (\d+)/.exec(again.stdout)!;
  const [created, updated, unchanged, failed] = m.slice(1).map(Number);
  assert.equal(failed, 0, again.stdout);
  assert.equal(updated, 0, 'nothing overwritten');
  assert.equal(created + unchanged, ROWS);
  assert.equal(await count(), ROWS, 'every row exactly once');
  const dupTitles = await db.db.selectFrom('documents').select('title').groupBy('title').having((eb) => eb.fn.countAll(), '>', 1).execute();
  assert.deepEqual(dupTitles, []);
  const dupNos = await db.db.selectFrom('documents').select('index_no').groupBy('index_no').having((eb) => eb.fn.countAll(), '>', 1).execute();
  assert.deepEqual(dupNos, []);
  const explicit = await db.db.selectFrom('documents').select(['title', 'index_no']).where('index_no', 'like', 'KILLTEST/%').execute();
  assert.equal(explicit.length, Math.floor(ROWS / 3));
  for (const r of explicit) assert.equal(r.index_no, `KILLTEST/2023-${r.title.replace('中断导入测试 ', '').padStart(5, '0')}`);
});

test('two imports of the same file at once create every row once (no duplicates on either database)', { timeout: 300_000 }, async () => {
  const ROWS = 600;
  const file = path.join(dir, 'twice.csv');
  const lines = ['title,writtenOn,publishedAt,body'];
  for (let i = 1; i <= ROWS; i++) lines.push(`同时导入两次 ${i},2022-05-01,2022-06-01,正文 ${i}`);
  fs.writeFileSync(file, lines.join('\n'));
  const env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'files') };
  const run = () =>
    new Promise<string>((resolve) => {
      const c = spawn(process.execPath, [BIN, 'import', 'documents', file, '--unit', 'zfb'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += String(d).replace(/\r[^\n]*/g, ''))); // errors, without the progress line
      c.on('exit', () => resolve(out));
    });
  const outs = await Promise.all([run(), run()]);
  const failed = outs.map((o) => Number(/失败 (\d+)/.exec(o)?.[1] ?? -1));
  assert.deepEqual(failed, [0, 0], outs.join('\n'));
  const n = await db.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('title', 'like', '同时导入两次 %').executeTakeFirstOrThrow();
  assert.equal(Number(n.n), ROWS);
});

test('two processes starting at once on a new SQLite file both migrate it (one waits for the other)', { timeout: 300_000 }, async () => {
  const fresh = path.join(dir, 'fresh-two.db');
  const env = { ...process.env, DATABASE_URL: `sqlite:${fresh}`, DATA_DIR: path.join(dir, 'files-two') };
  const run = () =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, [BIN, 'migrate'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += d));
      c.on('exit', (code) => resolve({ code, out }));
    });
  const [a, b] = await Promise.all([run(), run()]);
  assert.deepEqual([a.code, b.code], [0, 0], `${a.out}\n${b.out}`);
  assert.ok(!fs.existsSync(`${fresh}.migrate-lock`), 'the lock file is removed');
});

test('a migration lock left by a killed process of this machine is taken over at once, not after 10 minutes', { timeout: 120_000 }, async () => {
  const fresh = path.join(dir, 'fresh-dead-lock.db');
  // A process that has ended: its pid names no running process (the lock a kill -9 during migrations leaves).
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(gone.stdout);
  assert.ok(deadPid > 0);
  fs.writeFileSync(`${fresh}.migrate-lock`, `${deadPid} ${new Date().toISOString()} ${os.hostname()}\n`);
  const env = { ...process.env, DATABASE_URL: `sqlite:${fresh}`, DATA_DIR: path.join(dir, 'files-dead') };
  const res = await new Promise<{ code: number | null; out: string; waited: boolean }>((resolve) => {
    const c = spawn(process.execPath, [BIN, 'migrate'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let waited = false;
    // The old behaviour waited STALE_LOCK_MS (10 min) for a lock younger than that: give up well before.
    const t = setTimeout(() => ((waited = true), c.kill('SIGKILL')), 60_000);
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('exit', (code) => (clearTimeout(t), resolve({ code, out, waited })));
  });
  assert.equal(res.waited, false, 'migrate waited on the dead process’s lock');
  assert.equal(res.code, 0, res.out);
  assert.ok(!fs.existsSync(`${fresh}.migrate-lock`), 'the lock file is removed');
});
