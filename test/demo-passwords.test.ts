// The demo passwords of a new database are shown on the terminal only. When the server's standard
// output is not a terminal (a service manager, `npm start > log`), they go to a file only its owner
// can read, and the output names that file instead. Runs the real server as an operator would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDb } from './helpers.ts';
import { verifyPassword } from '../src/platform/auth/password.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const dbs: TestDb[] = [];
const dirs: string[] = [];
before(() => {});
after(async () => {
  for (const d of dbs) await d.cleanup();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Starts `npm start` (node --import tsx src/server.ts) on a new database; resolves with its output once it listens, then stops it. */
async function firstStart(opts: { tty: boolean }): Promise<{ out: string; db: TestDb; dataDir: string }> {
  const db = await createTestDatabase();
  dbs.push(db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-demo-pw-'));
  dirs.push(dataDir);
  const env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: path.join(dataDir, 'files'), PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', LOG_LEVEL: 'warn', WORKERS: '1' };
  const node = `${process.execPath} --import tsx src/server.ts`;
  // `script` gives the server a pseudo-terminal as its standard output, as when run by hand.
  const child = opts.tty
    ? spawn('script', ['-qec', node, '/dev/null'], { cwd: ROOT, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 120_000);
      child.stdout!.on('data', () => {
        if (out.includes('gongkai 已启动')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}):\n${out}`));
      });
    });
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.on('exit', r)));
  }
  return { out, db, dataDir };
}

async function demoHashes(db: TestDb): Promise<Map<string, string>> {
  const rows = await db.db.selectFrom('users').select(['username', 'password_hash']).execute();
  return new Map(rows.map((r) => [r.username, r.password_hash]));
}

test('stdout not a terminal: no password in the output; a 0600 file holds them and the output says where', { timeout: 180_000 }, async () => {
  const { out, db, dataDir } = await firstStart({ tty: false });
  const file = path.join(dataDir, 'files', 'demo-passwords.txt');
  assert.ok(fs.existsSync(file), `the file exists:\n${out}`);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'readable and writable by the owner only');
  assert.ok(out.includes(file), `the output names the file:\n${out}`);
  const text = fs.readFileSync(file, 'utf8');
  const hashes = await demoHashes(db);
  assert.ok(hashes.size >= 7);
  const creds = [...text.matchAll(/^\s*(\S+)\s+角色 .*密码 (\S+)\s*$/gm)].map((m) => ({ username: m[1], password: m[2] }));
  assert.equal(creds.length, hashes.size, `one line per demo user:\n${text}`);
  for (const c of creds) {
    assert.ok(await verifyPassword(c.password, hashes.get(c.username)!), `${c.username}: the file holds the real password`);
    assert.ok(!out.includes(c.password), `${c.username}: its password is not in the output`);
  }
  assert.doesNotMatch(out, /密码 \S{12,}/);
});

test('stdout a terminal: the passwords are printed there once and no file is written', { timeout: 180_000 }, async () => {
  const { out, db, dataDir } = await firstStart({ tty: true });
  assert.ok(!fs.existsSync(path.join(dataDir, 'files', 'demo-passwords.txt')), 'no file');
  const hashes = await demoHashes(db);
  const shown = [...out.matchAll(/^\s*(\S+)\s+角色 .*密码 (\S+)\s*$/gm)].map((m) => ({ username: m[1], password: m[2] }));
  assert.equal(shown.length, hashes.size, out);
  for (const c of shown) assert.ok(await verifyPassword(c.password, hashes.get(c.username)!), c.username);
});
