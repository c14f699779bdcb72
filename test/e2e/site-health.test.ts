// 网站健康度 in Chromium (issue 19): the health page of the portal and of one unit, a drill-down, the link
// check and the yearly figures pass axe (0 serious/critical) and fit without sideways scrolling at 360 and
// 1280 px; the single-veto items that fail are shown in red with their rule.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';
import { makeUser } from '../helpers.ts';
import { injectFetcher, runCrawl } from '../../src/features/site-health/crawl-run.ts';

const ADMIN = 'e2e-health-admin';

describe('网站健康度 in the browser', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ demo: true });
    await makeUser(h.t, ADMIN, 'admin', 'sucheng');
    await runCrawl(h.t.db, injectFetcher(h.t.app), { trigger: 'test', crawl: { maxPages: 30 } });
  });
  after(async () => h?.close());

  it('the portal page shows the verdict, every expected check and the per-unit table', async () => {
    const ctx = await h.context({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await login(page, ADMIN);
    await page.goto('/admin/health');
    const main = await page.locator('main').innerText();
    assert.match(main, /结论：/);
    for (const label of ['首页更新', '栏目按期更新', '空白栏目', '留言超过 3 个月未回应', '依申请公开逾期未答复', '错链断链', '全站搜索可用', '失效文件清单', '年报按时公布']) assert.ok(main.includes(label), label);
    assert.match(main, /各单位/);
    // A failed single-veto item is drawn with the red frame and its rule.
    const vetoFails = page.locator('.hc.veto-fail');
    if ((await vetoFails.count()) > 0) {
      const color = await vetoFails.first().evaluate((el) => getComputedStyle(el).borderTopColor);
      assert.equal(color, 'rgb(164, 14, 38)');
      assert.match(await vetoFails.first().innerText(), /检查规则：/);
    }
    await page.getByRole('link', { name: /个空白栏目/ }).first().click();
    await page.waitForURL(/\/admin\/health\/check\/columns-empty/);
    assert.match(await page.locator('main').innerText(), /相关记录/);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport, 'health-');
      await login(page, ADMIN);
      for (const url of ['/admin/health', '/admin/health?unit=jyj', '/admin/health/check/columns-updated', '/admin/health/check/broken-links', '/admin/health/crawl', '/admin/health/yearly?year=2020']) await check(url);
      await check('/admin/health/yearly?year=abc', { status: 400 });
      const ctx2 = await h.context({ viewport });
      const page2 = await ctx2.newPage();
      await login(page2, EDITOR);
      await pageChecker(page2, viewport, 'health-editor-')('/admin/health');
    });
  }
});
