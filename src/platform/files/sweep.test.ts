// Orphan blobs (stored, never recorded: a refused multi-file upload) are removed after the grace period;
// recorded files, fresh uploads and other files stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { sweepOrphanFiles } from './sweep.ts';

let t: TestApp;
const { as } = staffSessions(() => t.app);
before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'sw-ed', 'editor', 'zfb');
});
after(() => t.close());

test('a refused multi-file upload leaves blobs; the sweep removes exactly those', async () => {
  const store = t.app.files;
  // A recorded file and an orphan, both old; a fresh orphan (an upload still in its transaction).
  const kept = await store.putBuffer(Buffer.from('已登记的附件'));
  await t.db.insertInto('files').values({ sha256: kept.sha256, size: kept.size, created_at: new Date().toISOString() }).execute();
  const orphan = await store.putBuffer(Buffer.from('被拒绝的上传中已经写入的部分'));
  const fresh = await store.putBuffer(Buffer.from('正在上传'));
  const old = new Date(Date.now() - 2 * 3600_000);
  for (const s of [kept.sha256, orphan.sha256]) fs.utimesSync(store.pathOf(s), old, old);
  fs.mkdirSync(path.join(store.root, 'tmp'), { recursive: true });
  const tmpLeft = path.join(store.root, 'tmp', 'left-over');
  fs.writeFileSync(tmpLeft, 'x');
  fs.utimesSync(tmpLeft, old, old);

  const r = await sweepOrphanFiles(t.db, store);
  assert.equal(r.removed, 1);
  assert.equal(r.tmpRemoved, 1);
  assert.ok(store.exists(kept.sha256), 'recorded file kept');
  assert.ok(!store.exists(orphan.sha256), 'orphan removed');
  assert.ok(store.exists(fresh.sha256), 'fresh upload kept (grace period)');
  // Running again changes nothing.
  assert.equal((await sweepOrphanFiles(t.db, store)).removed, 0);
});

test('a real refused upload (second file over the limit) is cleaned by the sweep', async () => {
  const { b, csrf } = await as('sw-ed');
  const created = await b.post('/admin/documents', { _csrf: csrf, title: '附件清理测试', column: 'zd', writtenOn: '2026-03-02', body: '正文' });
  const id = /\/admin\/documents\/(\d+)/.exec(String(created.headers.location))![1];
  const before = new Set(walk(t.app.files.root));
  const fd = new FormData();
  fd.append('_csrf', csrf);
  fd.append('files', new Blob([Buffer.from('第一个文件，已写入')]), 'a.txt');
  fd.append('files', new Blob([new Uint8Array(3 * 1024 * 1024)]), 'big.pdf'); // over the 2 MB test limit
  const r = new Response(fd);
  const res = await t.app.inject({ method: 'POST', url: `/admin/documents/${id}/attachments`, headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! }, payload: Buffer.from(await r.arrayBuffer()) });
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
  assert.equal((await t.db.selectFrom('attachments').select('id').where('document_id', '=', Number(id)).execute()).length, 0, 'nothing recorded');
  const added = walk(t.app.files.root).filter((f) => !before.has(f) && !f.includes(`${path.sep}tmp${path.sep}`));
  const swept = await sweepOrphanFiles(t.db, t.app.files, { graceMs: 0, now: Date.now() + 1000 });
  for (const f of added) assert.ok(!fs.existsSync(f), `removed ${f}`);
  assert.ok(swept.removed >= added.length);
});

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
