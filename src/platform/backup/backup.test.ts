// Backup taken while writes run, restored into an empty installation: every record acknowledged before
// the backup began is there, and every attachment the restored database names has its file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { buildTestApp, makeUser, unitId, DIALECT, type TestApp } from '../../../test/helpers.ts';
import { openDatabase } from '../db/index.ts';
import { FileStore } from '../files/index.ts';
import type { Actor } from '../access/roles.ts';
import { createDocument, addAttachments } from '../../features/documents/documents.commands.ts';
import { backup, restore, verifyBackup, BackupError } from './index.ts';

let t: TestApp;
let ed: Actor;
let tmp: string;
before(async () => {
  t = await buildTestApp();
  ed = await makeUser(t, 'bk-ed', 'editor', 'zfb');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-backup-'));
});
after(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function emptyTarget(): Promise<{ url: string; drop(): Promise<void> }> {
  if (DIALECT === 'sqlite') return { url: `sqlite:${path.join(tmp, 'restored', 'gongkai.db')}`, drop: async () => {} };
  const admin = process.env.TEST_PG_URL!;
  const name = `gk_restore_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`drop database if exists ${name} with (force)`);
      await c2.end();
    },
  };
}

test('backup while writing, then restore: acknowledged records and their files are all there', async () => {
  const zfb = await unitId(t, 'zfb');
  const acknowledged: { id: number; sha256: string }[] = [];
  let stop = false;
  let n = 0;
  const writer = (async () => {
    while (!stop) {
      const i = ++n;
      const d = await createDocument({ db: t.db }, ed, { title: `备份期间写入的文件 ${i}`, unitId: zfb });
      assert.ok(d.ok);
      const id = (d as { value: { id: number } }).value.id;
      const f = await t.app.files.putBuffer(Buffer.from(`附件内容 ${i} ${crypto.randomUUID()}`));
      const a = await addAttachments({ db: t.db }, ed, id, [{ sha256: f.sha256, size: f.size, filename: `附件${i}.txt`, mime: 'text/plain' }]);
      assert.ok(a.ok);
      acknowledged.push({ id, sha256: f.sha256 });
    }
  })();
  while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 10));
  const before = acknowledged.slice();
  const dir = path.join(tmp, 'backup');
  const manifest = await backup(t.handle.url, t.config.dataDir, dir);
  const during = acknowledged.length;
  stop = true;
  await writer;
  assert.ok(during > before.length, 'writes went on during the backup');
  assert.equal(manifest.dialect, t.handle.dialect);
  assert.ok(manifest.files.length >= before.length);
  await verifyBackup(dir);

  const target = await emptyTarget();
  const dataDir = path.join(tmp, 'restored-files');
  try {
    await restore(dir, target.url, dataDir);
    const h = openDatabase(target.url);
    try {
      const rows = await h.db.selectFrom('documents').select('id').where('id', 'in', before.map((b) => b.id)).execute();
      assert.equal(rows.length, before.length, 'every record acknowledged before the backup began');
      const store = new FileStore(dataDir);
      const atts = await h.db.selectFrom('attachments').select('sha256').execute();
      assert.ok(atts.length >= before.length);
      for (const a of atts) assert.ok(store.exists(a.sha256), `file of an attachment row: ${a.sha256}`);
      for (const b of before) assert.ok(store.exists(b.sha256));
    } finally {
      await h.close();
    }
    // Restoring over existing data is refused.
    if (DIALECT === 'sqlite') await assert.rejects(restore(dir, target.url, dataDir), BackupError);
  } finally {
    await target.drop();
  }
});

test('a damaged backup is refused before anything is written; a non-empty backup directory too', async () => {
  const dir = path.join(tmp, 'backup2');
  const m = await backup(t.handle.url, t.config.dataDir, dir);
  await assert.rejects(backup(t.handle.url, t.config.dataDir, dir), /不是空目录/);
  const victim = m.files[0];
  const p = path.join(dir, 'files', victim.sha256.slice(0, 2), victim.sha256.slice(2, 4), victim.sha256);
  fs.appendFileSync(p, 'x');
  await assert.rejects(verifyBackup(dir), /缺失或已损坏/);
  const target = await emptyTarget();
  try {
    await assert.rejects(restore(dir, target.url, path.join(tmp, 'nowhere')), /缺失或已损坏/);
    assert.equal(fs.existsSync(path.join(tmp, 'nowhere')), false);
  } finally {
    await target.drop();
  }
});
