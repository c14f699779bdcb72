// Attachment upload in Chromium, under the site's real CSP: with JavaScript the form shows a <progress> bar
// while the file is sent and then loads the page with the result; the attachment row is saved at once and
// its text extracted in the background. Without JavaScript the plain form does the same.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { startHarness, login, EDITOR, DESKTOP, type Harness } from './browser.ts';
import { unitId } from '../helpers.ts';
import { systemActor } from '../../src/platform/access/roles.ts';
import { createDocument } from '../../src/features/documents/documents.commands.ts';
import { makePdf } from '../../src/features/search/extract.fixtures.ts';

const PDF = makePdf(Array.from({ length: 600 }, (_, i) => `Work plan page ${i + 1}: municipal open government tasks and responsibilities.`));

describe('attachment upload with progress', () => {
  let h: Harness;
  const problems: string[] = [];

  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  async function draft(title: string): Promise<number> {
    const r = await createDocument({ db: h.t.db }, systemActor(), { title, unitId: await unitId(h.t, 'zfb'), kind: 'other', disclosure: '主动公开', body: '<p>正文。</p>' });
    assert.ok(r.ok);
    return r.value.id;
  }

  async function page(javaScriptEnabled: boolean): Promise<Page> {
    const ctx = await h.context({ viewport: DESKTOP, bypassCSP: false, javaScriptEnabled });
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await login(p, EDITOR);
    return p;
  }

  it('shows a progress bar while uploading, then the page with the new attachment', async () => {
    const id = await draft('上传进度测试');
    const p = await page(true);
    assert.equal((await p.goto(`/admin/documents/${id}`))?.status(), 200);
    const form = p.locator('form[data-upload-progress]');
    assert.equal(await form.locator('progress').count(), 0, 'no progress bar before an upload');
    // A slow line (100 KB/s up) so the bar can be seen moving (a local upload is otherwise instant).
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    await form.locator('input[name="file"]').setInputFiles({ name: '工作方案.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form.getByRole('button', { name: '上传', exact: true }).click();
    const bar = form.locator('.upload-progress progress');
    await bar.waitFor({ state: 'visible' });
    assert.equal(await bar.getAttribute('max'), '100');
    // the bar moves while the file is sent
    await p.waitForFunction(() => {
      const v = (document.querySelector('.upload-progress progress') as HTMLProgressElement | null)?.value ?? 0;
      return v > 0 && v < 100;
    });
    assert.match((await form.locator('.upload-progress').textContent()) ?? '', /正在上传… \d+%（[\d.]+ (KB|MB) \/ [\d.]+ (KB|MB)）/);
    assert.match((await form.locator('.upload-progress').textContent()) ?? '', /上传/);
    assert.equal(await form.getByRole('button', { name: '上传', exact: true }).isDisabled(), true, 'no second submit while uploading');
    fs.mkdirSync('.tmp', { recursive: true });
    await form.screenshot({ path: '.tmp/upload-progress.png' });

    await p.waitForURL((u) => u.pathname === `/admin/documents/${id}` && u.searchParams.get('msg') === 'attached');
    assert.match((await p.textContent('main')) ?? '', /工作方案\.pdf/);
    const att = await h.t.db.selectFrom('attachments').selectAll().where('document_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(att.filename, '工作方案.pdf');
    assert.equal(att.size, PDF.length);
    await h.t.app.attachmentText.whenIdle();
    assert.equal((await h.t.db.selectFrom('attachments').select('text_status').where('id', '=', att.id).executeTakeFirstOrThrow()).text_status, 'done');
    assert.deepEqual(problems, []);
  });

  it('an upload error is shown on the page (too large), nothing saved', async () => {
    const id = await draft('上传过大测试');
    const p = await page(true);
    await p.goto(`/admin/documents/${id}`);
    const form = p.locator('form[data-upload-progress]');
    await form.locator('input[name="file"]').setInputFiles({ name: '过大.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(h.t.config.maxUploadBytes + 1024, 0x41) });
    await form.getByRole('button', { name: '上传', exact: true }).click();
    await p.locator('.error-summary').waitFor({ state: 'visible' });
    assert.match((await p.locator('.error-summary').textContent()) ?? '', /过大/);
    assert.equal((await h.t.db.selectFrom('attachments').select('id').where('document_id', '=', id).execute()).length, 0);
  });

  it('without JavaScript the plain form uploads', async () => {
    const id = await draft('无脚本上传测试');
    const p = await page(false);
    await p.goto(`/admin/documents/${id}`);
    const form = p.locator('form[data-upload-progress]');
    await form.locator('input[name="file"]').setInputFiles({ name: 'plain.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([p.waitForURL((u) => u.searchParams.get('msg') === 'attached'), form.getByRole('button', { name: '上传', exact: true }).click()]);
    assert.equal(await form.locator('progress').count(), 0);
    assert.equal((await h.t.db.selectFrom('attachments').select('id').where('document_id', '=', id).execute()).length, 1);
  });
});
