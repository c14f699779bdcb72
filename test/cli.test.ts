// The command line, run as a user runs it: `node bin/gongkai.js …` against a fresh database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDb } from './helpers.ts';
import { sha256 } from '../src/platform/auth/password.ts';
import { ROLES, ROLE_LABELS } from '../src/platform/access/roles.ts';

const BIN = new URL('../bin/gongkai.js', import.meta.url).pathname;
let db: TestDb;
let dataDir: string;

before(async () => {
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-cli-'));
});
after(async () => {
  await db.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir },
    cwd: os.tmpdir(),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('help lists the commands and every role; `help`, `--help` and `-h` print the same', () => {
  const r = cli('--help');
  assert.equal(r.code, 0);
  for (const c of ['serve', 'migrate', 'user add', 'token create', 'import documents', 'export documents', 'reindex', 'workdays add']) assert.ok(r.out.includes(c), c);
  const roles = /角色: ([^\n]*)/.exec(r.out)?.[1]?.trim().split(/\s+/) ?? [];
  assert.deepEqual(roles.sort(), [...ROLES].sort(), 'the role line lists all seven roles');
  for (const role of ROLES) assert.ok(r.out.includes(ROLE_LABELS[role]), `the label of ${role}`);
  for (const alias of ['help', '-h']) {
    const a = cli(alias);
    assert.equal(a.code, 0, alias);
    assert.equal(a.out, r.out, alias);
  }
});

test('migrate, user add, token create: the token is the last line and works', async () => {
  assert.equal(cli('migrate').code, 0);
  const bad = cli('user', 'add', 'x', '--role', 'boss', '--unit', 'zfb');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /role：角色应为/);
  const u = cli('user', 'add', 'li.editor', '--role', 'editor', '--unit', 'zfb', '--name', '李编辑');
  assert.equal(u.code, 0, u.err);
  assert.match(u.out, /初始密码（只显示这一次）：\S{19}/);
  const row = await db.db.selectFrom('users').selectAll().where('username', '=', 'li.editor').executeTakeFirstOrThrow();
  assert.equal(row.role, 'editor');
  assert.equal(row.display_name, '李编辑');
  const t = cli('token', 'create', 'li.editor');
  assert.equal(t.code, 0, t.err);
  const token = t.out.trim().split('\n').pop()!;
  assert.match(token, /^gk_[A-Za-z0-9_-]{40}$/);
  const stored = await db.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  assert.ok(stored, 'only the hash is stored, and it matches');
  const audit = await db.db.selectFrom('audit_log').select('action').where('action', 'in', ['user.create', 'token.create']).execute();
  assert.equal(audit.length, 2);
  // token revoke <prefix>: the token stops working; an unknown prefix is an error.
  const unknown = cli('token', 'revoke', 'gk_nope0');
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /没有找到有效的 API 令牌/);
  const rv = cli('token', 'revoke', token.slice(0, 8));
  assert.equal(rv.code, 0, rv.err);
  assert.match(rv.out, /已吊销 li\.editor 的令牌/);
  const after = await db.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
  assert.ok(after.revoked_at);
  assert.ok(after.expires_at, 'CLI tokens expire too');
});

test('import reports bad lines with their numbers and exits 0 when some lines imported', () => {
  const r = cli('import', 'documents', new URL('./fixtures/import-sample.csv', import.meta.url).pathname);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /读取 7 行：新增 2，更新 0，未变化 0，失败 5/);
  assert.match(r.out, /第 5 行：缺少发布单位/);
  const again = cli('import', 'documents', new URL('./fixtures/import-sample.csv', import.meta.url).pathname);
  assert.match(again.out, /新增 0，更新 0，未变化 2/);
  const missing = cli('import', 'documents', '/nonexistent.csv');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /文件不存在/);
});

test('export writes CSV with a header and the imported rows', () => {
  const out = path.join(dataDir, 'out.csv');
  const r = cli('export', 'documents', '--format', 'csv', '--out', out);
  assert.equal(r.code, 0, r.err);
  const text = fs.readFileSync(out, 'utf8');
  assert.ok(text.startsWith('\ufeffindexNo,title,docNo,unit'));
  assert.ok(text.includes('321302/2019-00801'));
  assert.equal(text.match(/^321302\/2019-\d{5},/gm)?.length, 2, 'two records, the multi-line body stays quoted in one cell');
  assert.ok(text.includes('"<p>第一段。</p>\n<p>第二段。</p>"'));
});

test('unknown command and bad DATABASE_URL give a clear message, not a stack trace', () => {
  const r = cli('frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /未知命令/);
  const r2 = spawnSync(process.execPath, [BIN, 'migrate'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'mysql://x' } });
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /DATABASE_URL 应以 sqlite: 或 postgres:\/\/ 开头/);
  assert.doesNotMatch(r2.stderr, /at .*\.ts:\d+/);
});

test('files sweep removes stored blobs no file record knows, after the grace period', async () => {
  const { FileStore } = await import('../src/platform/files/index.ts');
  const store = new FileStore(dataDir);
  const orphan = await store.putBuffer(Buffer.from('cli sweep orphan ' + Date.now()));
  const old = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(store.pathOf(orphan.sha256), old, old);
  const r = cli('files', 'sweep');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /删除未登记的 \d+ 个/);
  assert.equal(store.exists(orphan.sha256), false);
});

test('backup and restore from the command line (SQLite): a second installation gets the same records', async () => {
  if (db.dialect !== 'sqlite') return;
  const dir = path.join(dataDir, '..', `gk-cli-backup-${Date.now()}`);
  const b = cli('backup', dir);
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /已备份数据库/);
  assert.ok(fs.existsSync(path.join(dir, 'manifest.json')));
  const target = path.join(dir, '..', `gk-cli-restored-${Date.now()}.db`);
  const r = spawnSync(process.execPath, [BIN, 'restore', dir], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: `sqlite:${target}`, DATA_DIR: path.join(dir, '..', 'gk-cli-restored-files') }, cwd: os.tmpdir() });
  assert.equal(r.status, 0, r.stderr);
  const again = spawnSync(process.execPath, [BIN, 'restore', dir], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: `sqlite:${target}`, DATA_DIR: path.join(dir, '..', 'gk-cli-restored-files') }, cwd: os.tmpdir() });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /已存在/);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(target, { force: true });
});

