// Two writers at once on the embedded database: the CLI import (its own process and connection) beside
// the site taking writes. Measured: 0 failed import rows and 0 server errors (write transactions begin
// IMMEDIATE and wait for the lock instead of failing with SQLITE_BUSY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, makeUser, makeToken, type TestApp } from './helpers.ts';

let t: TestApp;
let token: string;
let dir: string;
before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'tw-ed', 'editor', 'zfb');
  token = await makeToken(t, 'tw-ed');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-2w-'));
});
after(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the CLI import and the site write at the same time: every row and every request succeeds', { timeout: 300_000 }, async (tt) => {
  const ROWS = 1500;
  const file = path.join(dir, 'docs.csv');
  const lines = ['title,writtenOn,publishedAt,body'];
  for (let i = 1; i <= ROWS; i++) lines.push(`并发导入测试文件 ${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},2024-02-01,正文 ${i}`);
  fs.writeFileSync(file, lines.join('\n'));

  const child = spawn(process.execPath, [new URL('../bin/gongkai.js', import.meta.url).pathname, 'import', 'documents', file, '--unit', 'zfb'], {
    env: { ...process.env, DATABASE_URL: t.handle.url, DATA_DIR: t.config.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));

  // The site keeps taking writes (4 at a time) for as long as the import runs.
  let running = true;
  void exited.then(() => (running = false));
  const statuses: number[] = [];
  const worker = async (w: number) => {
    for (let i = 0; running || i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/documents',
        headers: { authorization: `Bearer ${token}` },
        payload: { title: `站点同时写入 ${w}-${i}`, column: 'zd', writtenOn: '2026-03-02', body: '<p>正文</p>' },
      });
      statuses.push(res.statusCode);
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  const code = await exited;
  tt.diagnostic(`import: ${out.trim().split('\n')[0]}; site writes: ${statuses.length}`);
  assert.equal(code, 0, err);
  assert.match(out, new RegExp(`新增 ${ROWS}，更新 0，未变化 0，失败 0`), out);
  assert.ok(statuses.length >= 20, `the site wrote during the import (${statuses.length})`);
  assert.deepEqual([...new Set(statuses)], [201], `every site write succeeded: ${statuses.filter((s) => s !== 201).slice(0, 5).join(',')}`);
  const n = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('title', 'like', '并发导入测试文件%').executeTakeFirstOrThrow();
  assert.equal(Number(n.n), ROWS);
});
