// Issue 12, the public document page in Chromium on a 375-px phone and a 1280-px desktop: title first,
// 信息公开要素 folded on the phone (open on the desktop once the script runs), print / font size / share
// with and without JavaScript, and the 失效 banner linking the replacing document.
// DOC_SHOTS=<folder> saves screenshots there for a look.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, axeCheck, describeViolations, DESKTOP, EDITOR, REVIEWER, type Harness } from './browser.ts';
import { unwrap } from '../../src/platform/errors.ts';
import { actorForUser } from '../../src/platform/auth/sessions.ts';
import { approveDocument, changeValidity, createDocument, publishDocument, submitDocument } from '../../src/features/documents/documents.commands.ts';

const PHONE_375 = { width: 375, height: 760 };
const SHOTS = process.env.DOC_SHOTS;

describe('document page in Chromium (issue 12)', () => {
  let h: Harness;
  const ids: Record<string, number> = {};

  async function shot(page: Page, name: string) {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  before(async () => {
    h = await startHarness();
    const db = h.t.db;
    const actor = async (username: string) => (await actorForUser(db, await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow(), 'session'))!;
    const ed = await actor(EDITOR);
    const rv = await actor(REVIEWER);
    const body = Array.from({ length: 8 }, (_, i) => `<p>第${i + 1}条 为进一步做好政府信息公开工作，提高政府工作透明度，保障公民、法人和其他组织依法获取政府信息，制定本办法。</p>`).join('');
    const publish = async (title: string) => {
      const id = unwrap(await createDocument({ db }, ed, { title, column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', docNo: '宿城政办发〔2024〕7号', topic: 'zhzw.zwgk', keywords: ['政务公开'], body })).id;
      unwrap(await submitDocument({ db }, ed, id));
      unwrap(await approveDocument({ db }, rv, id, { checks: { political: true, policy: true, wording: true } }));
      unwrap(await publishDocument({ db }, rv, id, {}));
      return id;
    };
    ids.current = await publish('宿城区政务公开工作实施办法（2024年修订）');
    ids.expired = await publish('宿城区政务公开工作实施办法（2019年）');
    unwrap(await changeValidity({ db }, rv, ids.expired, { validity: '失效', on: '2024-03-05', reason: '已被2024年修订版替代', replacedBy: ids.current }));
  });
  after(async () => {
    await h?.close();
  });

  it('375 px without JavaScript: title first, metadata folded, plain print link, 关怀模式 link and a copyable address', async () => {
    const ctx = await h.context({ viewport: PHONE_375, javaScriptEnabled: false });
    const page = await ctx.newPage();
    assert.equal((await page.goto(`/xxgk/documents/${ids.expired}`))?.status(), 200);
    const titleBox = (await page.locator('h1').boundingBox())!;
    const metaBox = (await page.locator('details.doc-meta').boundingBox())!;
    assert.ok(titleBox.y < metaBox.y, 'the title is above the metadata');
    assert.equal(await page.locator('details.doc-meta').evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.equal(await page.locator('table.meta').isVisible(), false, 'folded');
    await page.locator('details.doc-meta > summary').click();
    assert.equal(await page.locator('table.meta').isVisible(), true, 'opens without JavaScript');
    assert.ok(await page.locator('.doc-print-link').isVisible());
    assert.ok(await page.locator('.doc-size-link').isVisible());
    assert.equal(await page.locator('[data-doc-tool]:visible').count(), 0, 'no dead buttons without JavaScript');
    assert.equal(await page.locator('#doc-url').inputValue(), `${h.t.config.baseUrl}/xxgk/documents/${ids.expired}`);
    const banner = page.locator('.validity-banner');
    assert.ok(await banner.isVisible());
    assert.match(await banner.innerText(), /本文件已失效/);
    assert.equal(await banner.locator('a').getAttribute('href'), `/xxgk/documents/${ids.current}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await shot(page, 'doc-375-nojs');
    // The print link leads to the print view: metadata open, no tools.
    await page.locator('.doc-print-link').click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\?print=1$/);
    assert.equal(await page.locator('table.meta').isVisible(), true);
    assert.equal(await page.locator('.doc-tools').count(), 0);
  });

  it('375 px with JavaScript: buttons replace the links, text grows, the address is copied; printing hides the tools', async () => {
    const ctx = await h.context({ viewport: PHONE_375 });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await ctx.newPage();
    await page.goto(`/xxgk/documents/${ids.current}`);
    assert.equal(await page.locator('details.doc-meta').evaluate((d) => (d as HTMLDetailsElement).open), false, 'still folded on a phone');
    for (const t of ['print', 'smaller', 'larger', 'share']) assert.ok(await page.locator(`[data-doc-tool="${t}"]`).isVisible(), `${t} button`);
    assert.equal(await page.locator('.doc-print-link').isVisible(), false);
    const size = () => page.locator('.doc-body').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    await page.locator('[data-doc-tool="larger"]').click();
    await page.locator('[data-doc-tool="larger"]').click();
    assert.ok((await size()) > before, 'larger text');
    await page.reload();
    assert.ok((await size()) > before, 'remembered on this device');
    await page.locator('[data-doc-tool="smaller"]').click();
    await page.locator('[data-doc-tool="smaller"]').click();
    assert.equal(await size(), before);
    if (await page.evaluate(() => !('share' in navigator))) {
      await page.locator('[data-doc-tool="share"]').click();
      await page.waitForFunction(() => (document.querySelector('.doc-share-status')?.textContent ?? '') !== '');
      assert.match(await page.locator('.doc-share-status').innerText(), /已复制|复制/);
    }
    await shot(page, 'doc-375');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.doc-tools').isVisible(), false, 'no tools on paper');
    assert.equal(await page.locator('.site-header').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    const bad = (await axeCheck(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(bad.length, 0, describeViolations(bad));
  });

  it('1280 px with JavaScript: the metadata are open beside nothing hidden', async () => {
    const ctx = await h.context({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await page.goto(`/xxgk/documents/${ids.expired}`);
    assert.equal(await page.locator('details.doc-meta').evaluate((d) => (d as HTMLDetailsElement).open), true);
    assert.ok(await page.locator('table.meta').isVisible());
    assert.ok(await page.locator('.validity-banner').isVisible());
    await shot(page, 'doc-1280');
    const bad = (await axeCheck(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.equal(bad.length, 0, describeViolations(bad));
  });
});
