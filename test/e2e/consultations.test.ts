// 意见征集 in Chromium (issue 17): on a 360 px phone a citizen comments on one article of an open draft
// (no JavaScript needed: <details> and a plain form) and gets a receipt; every public and console page of
// the feature has no serious/critical axe violation and no horizontal scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';

describe('意见征集 in the browser', () => {
  let h: Harness;
  let ids: number[] = [];
  before(async () => {
    h = await startHarness({ demo: true });
    ids = (await h.t.db.selectFrom('consultations').select('id').orderBy('id').execute()).map((r) => r.id);
  });
  after(async () => h?.close());

  it('a citizen on a 360 px phone comments on an article of the open draft and gets a receipt', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/yjzj');
    await page.getByRole('link', { name: /老旧小区改造实施办法/ }).click();
    await page.locator('#a3 summary').click();
    const form = page.locator('#a3 form');
    await form.locator('textarea[name="body"]').fill('建议把加装电梯列入基础类改造内容。');
    await form.locator('input[name="phone"]').fill('13900009999');
    await form.getByRole('button', { name: '提交意见' }).click();
    await page.waitForURL(/\/thanks\?no=YJ/);
    assert.match(await page.locator('main').innerText(), /回执号：YJ\d{8}-/);
    const row = await h.t.db.selectFrom('consultation_comments').select(['article', 'status']).where('phone', '=', '13900009999').executeTakeFirstOrThrow();
    assert.deepEqual(row, { article: 'a3', status: 'pending' });
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      for (const url of ['/yjzj', `/yjzj/${ids[0]}`, `/yjzj/${ids[1]}`, `/yjzj/${ids[2]}/feedback`, '/yjzj/overdue']) await check(url);
      await login(page, EDITOR);
      for (const url of ['/admin/consultations', '/admin/consultations/new', `/admin/consultations/${ids[1]}`]) await check(url);
    });
  }
});
