// Attachments of a consultation's draft: uploaded by staff while a draft (multipart, CSRF first), staged
// until their rows commit — a refused upload leaves DATA_DIR as it was — and public once published.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildTestApp, makeToken, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';

function multipart(fields: Record<string, string>, files: { name: string; content: Buffer }[]) {
  const boundary = '----yj' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? (d as any).path, d.name)).sort();
}

describe('consultation attachments', () => {
  let t: TestApp;
  let id = 0;
  const staff = staffSessions(() => t.app);
  const upload = async (files: { name: string; content: Buffer }[]) => {
    const { b, csrf } = await staff.as('yja-ed');
    const m = multipart({ _csrf: csrf }, files);
    return t.app.inject({ method: 'POST', url: `/admin/consultations/${id}/files`, headers: { cookie: b.cookieHeader(), 'content-type': m.contentType }, payload: m.payload });
  };

  before(async () => {
    t = await buildTestApp();
    await makeUser(t, 'yja-ed', 'editor', 'zfb');
    await makeUser(t, 'yja-rv', 'reviewer', 'zfb');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { authorization: `Bearer ${await makeToken(t, 'yja-ed')}` },
      payload: { title: '附件示例（征求意见稿）', unit: 'zfb', startsOn: '2026-01-01', endsOn: '2099-12-31', body: '第一条 示例。' },
    });
    id = r.json().id;
  });
  after(async () => t?.close());

  it('a refused upload (one file too large) stores nothing; an accepted one adds its rows, file and audit row', async () => {
    const before = listFiles(t.config.dataDir);
    const big = await upload([{ name: '说明.txt', content: Buffer.from('起草说明') }, { name: '大文件.pdf', content: Buffer.alloc(3 * 1024 * 1024, 1) }]);
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /上传的文件过大/);
    assert.match(big.body, /附件示例（征求意见稿）/); // the consultation's page, the refusal beside the form
    assert.deepEqual(listFiles(t.config.dataDir), before);
    assert.equal((await t.db.selectFrom('consultation_files').select('id').execute()).length, 0);

    const ok = await upload([{ name: '起草说明.txt', content: Buffer.from('起草说明全文') }]);
    assert.equal(ok.statusCode, 303);
    const rows = await t.db.selectFrom('consultation_files').selectAll().execute();
    assert.deepEqual(rows.map((r) => [r.filename, r.size]), [['起草说明.txt', Buffer.byteLength('起草说明全文')]]);
    assert.ok(await t.db.selectFrom('files').select('sha256').where('sha256', '=', rows[0]!.sha256).executeTakeFirst());
    assert.equal(listFiles(path.join(t.config.dataDir, 'tmp')).length, 0);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'consultation.attach').execute()).length, 1);
    // Not public while a draft.
    assert.equal((await t.app.inject(`/yjzj/${id}/files/${rows[0]!.id}`)).statusCode, 404);
  });

  it('once published the attachment is listed and downloadable; it can no longer be removed', async () => {
    const rv = staff;
    assert.equal((await rv.post('yja-ed', `/admin/consultations/${id}/submit`, {})).statusCode, 303);
    assert.equal((await rv.post('yja-rv', `/admin/consultations/${id}/approve`, {})).statusCode, 303);
    assert.equal((await rv.post('yja-rv', `/admin/consultations/${id}/publish`, {})).statusCode, 303);
    const f = await t.db.selectFrom('consultation_files').selectAll().executeTakeFirstOrThrow();
    const page = await t.app.inject(`/yjzj/${id}`);
    assert.match(page.body, new RegExp(`href="/yjzj/${id}/files/${f.id}">起草说明.txt`));
    const dl = await t.app.inject(`/yjzj/${id}/files/${f.id}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, '起草说明全文');
    assert.match(String(dl.headers['content-disposition']), /attachment/);
    const api = (await t.app.inject(`/api/v1/consultations/${id}`)).json();
    assert.deepEqual(api.attachments, [{ name: '起草说明.txt', size: f.size, url: `/yjzj/${id}/files/${f.id}` }]);
    const del = await staff.post('yja-ed', `/admin/consultations/${id}/files/${f.id}/delete`, {});
    assert.equal(del.statusCode, 409);
    assert.equal((await t.db.selectFrom('consultation_files').select('id').execute()).length, 1);
  });
});
