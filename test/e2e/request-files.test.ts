// The online application with attachments in a real browser on a 360-px phone, JavaScript off:
// the multipart form posts, the browser follows the 303 to the receipt, a reload and 关怀模式 keep the
// code, the print page holds it, another browser never sees it; an oversized file comes back as a 400
// page with the typed fields kept.
// axe-core on the receipt pages and the error page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, followToSamePage, axeCheck, describeViolations, PHONE, noSideScroll, type Harness } from './browser.ts';

const PDF = Buffer.from('%PDF-1.7\n% e2e\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('e2e')]);

describe('application with attachments on a phone without JavaScript', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  async function fill(page: Page) {
    await page.goto('/ysqgk/apply');
    await page.check('input[name="applicantType"][value="natural"]');
    await page.fill('#f-applicant\\.name', '孙手机');
    await page.selectOption('#f-applicant\\.idType', 'resident-id');
    await page.fill('#f-applicant\\.idNumber', '11010519491231002X');
    await page.fill('#f-applicant\\.phone', '13700001234');
    const zfb = await h.t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
    await page.selectOption('#f-unitId', String(zfb.id));
    await page.fill('#f-description', '2025 年度区政府常务会议纪要目录');
    await page.check('input[name="form"][value="electronic"]');
    await page.check('input[name="delivery"][value="online"]');
  }

  /** axe needs JavaScript: the same HTML, written into a page of the same origin with it on. */
  async function axeOn(html: string) {
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto('/ysqgk');
    await page.setContent(html, { waitUntil: 'load' });
    const bad = await axeCheck(page);
    assert.equal(bad.length, 0, describeViolations(bad));
  }

  it('submits two files, shows the code once, and the code works', async () => {
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await fill(page);
    await noSideScroll(page);
    await page.setInputFiles('#f-files', [
      { name: '身份证.png', mimeType: 'image/png', buffer: PNG },
      { name: '说明.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await Promise.all([page.waitForURL(/\/ysqgk\/receipt\//), page.getByRole('button', { name: '提交申请' }).click()]);
    const no = (await page.locator('.secret .big').nth(0).textContent())!.trim();
    const code = (await page.locator('.secret .big').nth(1).textContent())!.trim();
    assert.match(no, /^SC\d{4}-\d{6}$/);
    assert.match(code, /^[2-9A-HJ-NP-Z]{8}$/);
    assert.match((await page.locator('main').textContent())!, /已收到 2 个附件/);
    await noSideScroll(page);
    await axeOn(await page.content());

    // Issue 12: a reload and the page's own 关怀模式 link keep the code (same browser, 15 minutes).
    const receiptUrl = page.url();
    const reload = await page.reload();
    assert.equal(reload?.status(), 200);
    assert.equal((await page.locator('.secret .big').nth(1).textContent())!.trim(), code);
    await followToSamePage(page, page.locator('a.elder-toggle'));
    assert.equal(page.url(), receiptUrl);
    assert.equal(await page.locator('body').getAttribute('class'), 'elder');
    assert.equal((await page.locator('.secret .big').nth(1).textContent())!.trim(), code, 'the code survives 关怀模式');
    await noSideScroll(page);
    await axeOn(await page.content());
    await page.getByRole('link', { name: '打印回执' }).click();
    await page.waitForURL(/\/print$/);
    const printed = (await page.locator('main').textContent())!;
    assert.ok(printed.includes(code) && printed.includes(no), 'the print page holds number and code');
    await noSideScroll(page);
    await axeOn(await page.content());

    // The link opened in another browser shows nothing.
    const other = await (await h.context({ viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false })).newPage();
    const res = await other.goto(receiptUrl);
    assert.equal(res?.status(), 410);
    const text = (await other.locator('main').textContent())!;
    assert.ok(!text.includes(code), 'the code is not shown elsewhere');
    assert.match(text, /如遗失查询码请联系受理机关/);
    await axeOn(await other.content());

    const req = await h.t.db.selectFrom('requests').select('id').where('tracking_no', '=', no).executeTakeFirstOrThrow();
    const files = await h.t.db.selectFrom('request_files').select(['filename']).where('request_id', '=', req.id).orderBy('id').execute();
    assert.deepEqual(files.map((f) => f.filename), ['身份证.png', '说明.pdf']);

    await page.goto('/ysqgk/track');
    await page.fill('#f-trackingNo', no);
    await page.fill('#f-code', code);
    await page.locator('main form button[type=submit]').first().click();
    await page.waitForLoadState('load');
    assert.match((await page.locator('h1').textContent())!, new RegExp(no));
  });

  it('on the tracking page: 补正 materials uploaded and a delivered file downloaded, JavaScript off', async () => {
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false, acceptDownloads: true });
    const page = await ctx.newPage();
    await fill(page);
    await Promise.all([page.waitForURL(/\/ysqgk\/receipt\//), page.getByRole('button', { name: '提交申请' }).click()]);
    const no = (await page.locator('.secret .big').nth(0).textContent())!.trim();
    const code = (await page.locator('.secret .big').nth(1).textContent())!.trim();
    await page.goto('/ysqgk/track');
    await page.fill('#f-trackingNo', no);
    await page.fill('#f-code', code);
    await Promise.all([page.waitForURL(new RegExp(`/ysqgk/track/${no}$`)), page.locator('main form button[type=submit]').first().click()]);
    await page.setInputFiles('#f-supplement-files', [{ name: '补正说明.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    await Promise.all([page.waitForURL(/uploaded=1/), page.getByRole('button', { name: '提交补正材料' }).click()]);
    assert.match((await page.locator('#supplement').textContent())!, /已收到 1 个补正材料文件[\s\S]*补正说明\.pdf/);
    await noSideScroll(page);
    await axeOn(await page.content());
    const req = await h.t.db.selectFrom('requests').select('id').where('tracking_no', '=', no).executeTakeFirstOrThrow();
    const sup = await h.t.db.selectFrom('request_files').selectAll().where('request_id', '=', req.id).where('supplement', '=', 1).execute();
    assert.deepEqual(sup.map((f) => [f.filename, f.source]), [['补正说明.pdf', 'applicant']]);

    // Staff add the information and deliver it; the applicant downloads it from the same page.
    const { addRequestFiles, releaseRequestFile } = await import('../../src/features/requests/requests.files.ts');
    const { makeUser } = await import('../helpers.ts');
    const staff = await makeUser(h.t, 'e2e-af-handler', 'handler', 'zfb');
    const stored = await h.t.app.files.put((await import('node:stream')).Readable.from([PDF]), 1024 * 1024);
    const added = await addRequestFiles({ db: h.t.db }, staff, req.id, [{ sha256: stored.sha256, size: stored.size, filename: '答复信息.pdf', mime: 'application/pdf' }]);
    assert.ok(added.ok);
    const file = await h.t.db.selectFrom('request_files').selectAll().where('request_id', '=', req.id).where('filename', '=', '答复信息.pdf').executeTakeFirstOrThrow();
    assert.ok((await releaseRequestFile({ db: h.t.db }, staff, req.id, file.id, true)).ok);
    await page.goto(`/ysqgk/track/${no}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '答复信息.pdf' }).click()]);
    assert.equal(download.suggestedFilename(), '答复信息.pdf');
    const bytes = await import('node:fs').then((fs) => download.path().then((p) => fs.readFileSync(p!)));
    assert.deepEqual(bytes, PDF);
  });

  it('an oversized file: 400 page with the message, the fields kept, nothing stored', async () => {
    const before = Number((await h.t.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await fill(page);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(h.t.config.maxUploadBytes + 1, 0x41)]);
    await page.setInputFiles('#f-files', [{ name: 'big.pdf', mimeType: 'application/pdf', buffer: big }]);
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '提交申请' }).click()]);
    await page.waitForLoadState('load');
    assert.equal(res.status(), 400);
    assert.match((await page.locator('#f-files-error').textContent())!, /附件“big\.pdf”超过 2 MB，请压缩后重新选择/);
    assert.equal(await page.inputValue('#f-applicant\\.name'), '孙手机');
    assert.equal(await page.inputValue('#f-description'), '2025 年度区政府常务会议纪要目录');
    await noSideScroll(page);
    await axeOn(await page.content());
    const after = Number((await h.t.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(after, before);
  });
});
