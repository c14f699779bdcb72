// The annual report pages in Chromium with the demo data: the dashboard and the 2025 report of the
// office pass axe-core (no serious or critical violation) on a 360-px phone and a desktop; a number
// in the request table opens the records counted in it; the charts are SVG with a text alternative.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, axeCheck, describeViolations, PHONE, DESKTOP, type Harness } from './browser.ts';
import { makeUser } from '../helpers.ts';

describe('annual report pages in a browser', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ demo: true });
    await makeUser(h.t, 'e2e-report-editor', 'editor', 'zfb');
  });
  after(async () => {
    await h?.close();
  });

  for (const [vw, viewport] of [['360px', PHONE], ['1280px', DESKTOP]] as const) {
    it(`dashboard and report at ${vw}: no serious or critical violation`, async () => {
      const ctx = await h.context({ viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
      const page = await ctx.newPage();
      await login(page, 'e2e-report-editor');
      const failures: string[] = [];
      for (const url of ['/admin/reports?year=2025', '/admin/reports/2025/zfb']) {
        const res = await page.goto(url);
        assert.equal(res?.status(), 200, url);
        assert.equal(await page.locator('h1').count(), 1, `${url}: one h1`);
        const bad = await axeCheck(page);
        if (bad.length) failures.push(`${url}:\n${describeViolations(bad)}`);
      }
      assert.equal(failures.length, 0, failures.join('\n\n'));
      await ctx.close();
    });
  }

  it('a number opens its records; the charts carry a text alternative', async () => {
    const ctx = await h.context({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await login(page, 'e2e-report-editor');
    await page.goto('/admin/reports/2025/zfb');
    const titles = await page.locator('svg[role="img"] title').allTextContents();
    assert.equal(titles.length, 2);
    assert.match(titles[0]!, /予以公开 \d+ 件/);
    const link = page.locator('a[href*="records?kind=requests&row=new&col=total"]').first();
    const n = Number(await link.textContent());
    assert.ok(n > 0);
    await Promise.all([page.waitForURL(/records/), link.click()]);
    assert.match((await page.locator('h1').textContent()) ?? '', /一、本年新收政府信息公开申请数量/);
    assert.equal(await page.locator('table.list tbody tr').count(), Math.min(n, 20));
    assert.equal((await axeCheck(page)).length, 0);
    await ctx.close();
  });
});
