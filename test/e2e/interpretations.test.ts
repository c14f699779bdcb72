// 政策解读 in Chromium (issue 16): on a 360 px phone a citizen opens a policy, follows its 图解 interpretation
// (image with alt text, the text equivalent one tap away), searches a question and lands on the Q&A pair;
// every public and console page of the feature has no serious/critical axe violation and no horizontal
// scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';

describe('政策解读 in the browser', () => {
  let h: Harness;
  const id = async (title: string) => (await h.t.db.selectFrom('documents').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  before(async () => {
    h = await startHarness({ demo: true });
  });
  after(async () => h?.close());

  it('a citizen on a 360 px phone follows a policy to its 图解 and finds a Q&A pair', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`/xxgk/documents/${await id('宿城区人民政府关于促进就业创业的实施意见')}`);
    await page.getByRole('link', { name: '图解：宿城区促进就业创业实施意见' }).click();
    const img = page.locator('.interp-graphic img');
    assert.match((await img.getAttribute('alt')) ?? '', /支持企业稳岗/);
    await page.locator('.interp-graphic summary').click();
    assert.match(await page.locator('.interp-graphic details').innerText(), /支持企业稳定岗位/);
    // The site search finds the question itself (not only the whole interpretation) and links to the pair.
    await page.goto(`/search?q=${encodeURIComponent('随迁子女')}`);
    await page.locator('.search-answers').getByRole('link', { name: '随迁子女怎么入学？' }).click();
    await page.waitForURL(/\/zcjd\/qa\/\d+$/);
    assert.equal(await page.locator('h1').innerText(), '随迁子女怎么入学？');
    assert.match(await page.locator('main').innerText(), /相对就近原则/);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      const policy = await id('宿城区人民政府关于促进就业创业的实施意见');
      const graphic = await id('图解：宿城区促进就业创业实施意见');
      const qaDoc = await id('《宿城区2020年政务公开工作要点》解读');
      const plan = await id('宿城区2020年政务公开工作要点'); // the editor's own unit (区政府办)
      const pair = (await h.t.db.selectFrom('interpretation_qa').select('id').where('interpretation_id', '=', qaDoc).orderBy('position').executeTakeFirstOrThrow()).id;
      for (const url of ['/zcjd', '/zcjd/qa', `/zcjd/qa/${pair}`, `/xxgk/documents/${policy}`, `/xxgk/documents/${graphic}`, `/xxgk/documents/${qaDoc}`]) await check(url);
      await login(page, EDITOR);
      for (const url of ['/admin/interpretations', `/admin/interpretations/${qaDoc}`, `/admin/interpretations/policy/${plan}`, '/admin/interpretations/dashboard', '/admin/interpretations/dashboard?metric=late', '/admin/interpretations/review']) await check(url);
    });
  }
});
