// Browser test (issue 16, uploads): an editor uploads a 图解 image through the real form (multipart, CSRF)
// with its alt text and text equivalent; after review and publication a citizen on a 360 px phone reads the
// interpretation — the wide image scales to the screen, its alt text is there, no sideways scrolling — and
// the console's media and meeting forms pass axe at 1280 and 360 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, noSideScroll, EDITOR, PHONE, DESKTOP, type Harness } from './browser.ts';
import { makeUser, unitId } from '../helpers.ts';
import type { Actor } from '../../src/platform/access/roles.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../../src/features/documents/public.ts';
import { createInterpretation } from '../../src/features/interpretations/commands.ts';

describe('e2e: 政策解读 uploads', () => {
  let h: Harness;
  let interpId: number;
  let policyId: number;
  let ed: Actor;
  let rv: Actor;
  before(async () => {
    h = await startHarness();
    const { t } = h;
    const zfb = await unitId(t, 'zfb');
    ed = await makeUser(t, 'e2e-up-ed', 'editor', 'zfb');
    rv = await makeUser(t, 'e2e-up-rv', 'reviewer', 'zfb');
    const p = await createDocument({ db: t.db }, ed, { title: '宿城区养老服务补贴实施办法', unitId: zfb, kind: 'normative', genre: 'banfa', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-11-02' });
    assert.ok(p.ok);
    policyId = p.value.id;
    for (const step of [() => submitDocument({ db: t.db }, ed, policyId), () => approveDocument({ db: t.db }, rv, policyId, { checks: { political: true, policy: true, wording: true } }), () => publishDocument({ db: t.db }, rv, policyId, {})]) {
      assert.ok((await step()).ok);
    }
    const i = await createInterpretation(t.db, ed, { title: '图解：养老服务补贴实施办法', policyIds: [policyId], writtenOn: '2026-11-03', summary: '一图读懂养老服务补贴。' });
    assert.ok(i.ok);
    interpId = i.value.id;
  });
  after(async () => h?.close());

  it('an editor uploads a wide 图解 through the form; a phone reads it scaled, with its alt text', async () => {
    // A wide PNG (1,400 × 500) drawn by the browser itself.
    const drawCtx = await h.context({ viewport: { width: 1400, height: 500 } });
    const draw = await drawCtx.newPage();
    await draw.setContent('<body style="margin:0"><div style="width:1400px;height:500px;background:linear-gradient(90deg,#b5121b,#e8f1fb);font:60px sans-serif;color:#fff;padding:40px;box-sizing:border-box">养老服务补贴四项措施</div></body>');
    const png = await draw.screenshot({ type: 'png' });

    const ctx = await h.context({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await login(page, EDITOR);
    const check = pageChecker(page, DESKTOP, 'interp-');
    await check(`/admin/interpretations/${interpId}`);
    await page.selectOption('#f-media\\.0\\.form', 'graphic');
    await page.setInputFiles('#f-media\\.0\\.file', { name: 'butie.png', mimeType: 'image/png', buffer: png });
    await page.fill('#f-media\\.0\\.caption', '养老服务补贴四项措施');
    await page.fill('#f-media\\.0\\.alt', '图解：养老服务补贴的四项措施');
    await page.fill('#f-media\\.0\\.text', '一、居家养老补贴；二、社区养老服务；三、机构养老补助；四、医养结合。');
    await page.click('text=保存图解和音视频');
    await page.waitForURL(/msg=saved/);
    assert.match(await page.content(), /已上传：<a href="\/zcjd\/files\/[0-9a-f]{64}">butie.png<\/a>/);
    await check(`/admin/interpretations/policy/${policyId}`);

    const { t } = h;
    assert.ok((await submitDocument({ db: t.db }, ed, interpId)).ok);
    assert.ok((await approveDocument({ db: t.db }, rv, interpId, { checks: { political: true, policy: true, wording: true } })).ok);
    assert.ok((await publishDocument({ db: t.db }, rv, interpId, {})).ok);

    const phoneCtx = await h.context({ viewport: PHONE });
    const phone = await phoneCtx.newPage();
    const phoneCheck = pageChecker(phone, PHONE, 'interp-');
    await phoneCheck(`/xxgk/documents/${interpId}`);
    const img = phone.locator('.interp-graphic img');
    assert.equal(await img.getAttribute('alt'), '图解：养老服务补贴的四项措施');
    const box = await img.boundingBox();
    assert.ok(box && box.width <= PHONE.width && box.width > 200, `image width ${box?.width}`);
    assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 1400), 'the image loads from the site');
    await noSideScroll(phone);
    await phoneCheck(`/xxgk/documents/${policyId}`);
  });

  it('the console forms with file inputs pass axe at 360 px', async () => {
    const ctx = await h.context({ viewport: PHONE });
    const page = await ctx.newPage();
    await login(page, EDITOR);
    const check = pageChecker(page, PHONE, 'interp-');
    await check(`/admin/interpretations/${interpId}`);
    await check(`/admin/interpretations/policy/${policyId}`);
  });
});
