// Uploads go to a temporary area (DATA_DIR/tmp) and are moved into place only when the transaction that
// records them commits (issue 13): a refused upload — an anonymous application or a console multi-file
// upload of attachments — leaves no file at all in DATA_DIR, an accepted one leaves exactly its files, in place. A staged file whose row committed but that was never moved (the
// process died in between) is moved into place by the sweep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buildTestApp, unitId, makeUser, staffSessions, Browser, type TestApp } from './helpers.ts';
import { sweepOrphanFiles } from '../src/platform/files/sweep.ts';
import { applicationForm } from '../src/features/requests/form.fixtures.ts';

let t: TestApp;
let zfb: number;
const { as } = staffSessions(() => t.app);
before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  await makeUser(t, 'su-ed', 'editor', 'zfb');
});
after(async () => t?.close());

/** Every file under DATA_DIR, temporary area included (relative paths). */
function allFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(t.config.dataDir, p));
    }
  };
  walk(t.config.dataDir);
  return out.sort();
}

const PDF = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), Buffer.from(`第 ${n} 份材料 ${Math.random()}`), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);

const form = (over: Record<string, string> = {}): Record<string, string> => applicationForm(zfb, { 'applicant.name': '王暂存', ...over });

let addr = 1;
async function apply(fields: Record<string, string>, files: { name: string; content: Buffer }[]) {
  const b = new Browser(t.app);
  const token = await b.csrf('/ysqgk/apply');
  const fd = new FormData();
  fd.append('_csrf', token);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.content)]), f.name);
  const r = new Response(fd);
  return t.app.inject({
    method: 'POST',
    url: '/ysqgk/apply',
    remoteAddress: `198.51.100.${addr++}`,
    headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! },
    payload: Buffer.from(await r.arrayBuffer()),
  });
}

const requests = async () => Number((await t.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('an application refused for a file (the third is not what its name says) leaves no file in DATA_DIR', async () => {
  const before = allFiles();
  const n = await requests();
  const res = await apply(form(), [
    { name: '材料一.pdf', content: PDF(1) },
    { name: '材料二.pdf', content: PDF(2) },
    { name: '伪装.pdf', content: Buffer.from('这不是 PDF 文件') },
  ]);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /内容与扩展名不符/);
  assert.equal(await requests(), n);
  assert.deepEqual(allFiles(), before, 'the two files written before the refusal are gone, tmp included');
});

test('an application refused for its fields (files fine) leaves no file in DATA_DIR', async () => {
  const before = allFiles();
  const n = await requests();
  const res = await apply(form({ 'applicant.name': '' }), [
    { name: '材料一.pdf', content: PDF(3) },
    { name: '材料二.pdf', content: PDF(4) },
  ]);
  assert.equal(res.statusCode, 400);
  assert.equal(await requests(), n);
  assert.deepEqual(allFiles(), before);
});

test('a robot (honeypot filled after its files) leaves no file in DATA_DIR', async () => {
  const before = allFiles();
  const b = new Browser(t.app);
  const token = await b.csrf('/ysqgk/apply');
  const fd = new FormData();
  fd.append('_csrf', token);
  for (const [k, v] of Object.entries(form())) if (k !== 'website') fd.append(k, v);
  fd.append('files', new Blob([new Uint8Array(PDF(5))]), 'a.pdf');
  fd.append('website', 'http://spam.example');
  const r = new Response(fd);
  const res = await t.app.inject({ method: 'POST', url: '/ysqgk/apply', remoteAddress: '198.51.100.200', headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! }, payload: Buffer.from(await r.arrayBuffer()) });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(allFiles(), before);
});

test('an accepted application leaves exactly its files, in place, and nothing in the temporary area', async () => {
  const before = allFiles();
  const n = await requests();
  const a = PDF(6);
  const b = PDF(7);
  const res = await apply(form(), [
    { name: '材料一.pdf', content: a },
    { name: '材料二.pdf', content: b },
  ]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  assert.equal(await requests(), n + 1);
  const added = allFiles().filter((f) => !before.includes(f));
  const sha = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');
  assert.deepEqual(added.sort(), [path.relative(t.config.dataDir, t.app.files.pathOf(sha(a))), path.relative(t.config.dataDir, t.app.files.pathOf(sha(b)))].sort());
  assert.deepEqual(allFiles().filter((f) => f.startsWith(`tmp${path.sep}`)), []);
});

test('a staged upload whose row committed but was never moved (a crash in between) is moved into place by the sweep', async () => {
  const f = await t.app.files.stage(Readable.from([Buffer.from('提交后、移动前进程中断的附件')]), 1024 * 1024);
  await t.db.insertInto('files').values({ sha256: f.sha256, size: f.size, created_at: new Date().toISOString() }).execute();
  const orphan = await t.app.files.stage(Readable.from([Buffer.from('从未登记的暂存文件')]), 1024 * 1024);
  assert.ok(!t.app.files.exists(f.sha256));
  const later = Date.now() + 2 * 3600_000;
  const r = await sweepOrphanFiles(t.db, t.app.files, { now: later });
  assert.equal(r.recovered, 1);
  assert.ok(t.app.files.exists(f.sha256), 'recovered into place');
  assert.ok(!t.app.files.exists(orphan.sha256));
  assert.deepEqual(allFiles().filter((x) => x.startsWith(`tmp${path.sep}`)), [], 'the unrecorded staged file removed');
  await f.staged!.commit(); // the interrupted commit, if it ever ran, finds the file in place
  assert.ok(t.app.files.exists(f.sha256));
});

async function attach(id: string, files: { name: string; content: Buffer | Uint8Array }[]) {
  const { b, csrf } = await as('su-ed');
  const fd = new FormData();
  fd.append('_csrf', csrf);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.content)]), f.name);
  const r = new Response(fd);
  return t.app.inject({ method: 'POST', url: `/admin/documents/${id}/attachments`, headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! }, payload: Buffer.from(await r.arrayBuffer()) });
}

test('a refused console multi-file upload (the third file over the limit) leaves no file in DATA_DIR; an accepted one exactly its files', async () => {
  const { b, csrf } = await as('su-ed');
  const created = await b.post('/admin/documents', { _csrf: csrf, title: '暂存附件测试', column: 'zd', writtenOn: '2026-03-02', body: '正文' });
  const id = /\/admin\/documents\/(\d+)/.exec(String(created.headers.location))![1];
  const attachments = async () => (await t.db.selectFrom('attachments').select('id').where('document_id', '=', Number(id)).execute()).length;

  const before = allFiles();
  const refused = await attach(id, [
    { name: '一.txt', content: Buffer.from(`第一个附件 ${Math.random()}`) },
    { name: '二.txt', content: Buffer.from(`第二个附件 ${Math.random()}`) },
    { name: '大.pdf', content: new Uint8Array(3 * 1024 * 1024) }, // over the 2 MB test limit
  ]);
  assert.equal(refused.statusCode, 413, refused.body.slice(0, 300));
  assert.match(refused.body, /本次没有上传任何附件/);
  assert.equal(await attachments(), 0);
  assert.deepEqual(allFiles(), before, 'the two files read before the refused one are gone, tmp included');

  const one = Buffer.from(`附件甲 ${Math.random()}`);
  const two = Buffer.from(`附件乙 ${Math.random()}`);
  const ok = await attach(id, [
    { name: '甲.txt', content: one },
    { name: '乙.txt', content: two },
  ]);
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
  assert.equal(await attachments(), 2);
  const sha = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');
  const added = allFiles().filter((f) => !before.includes(f));
  assert.deepEqual(added.sort(), [one, two].map((x) => path.relative(t.config.dataDir, t.app.files.pathOf(sha(x)))).sort());
});
