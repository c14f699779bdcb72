// Search in Chromium: type a query in the header box, filter by a facet, open a hit; the results
// page and the advanced-search form pass axe-core (no serious or critical violation) on a 360-px
// phone and a desktop, in normal and 适老化 mode, and the results page has no horizontal scroll.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, axeCheck, describeViolations, PHONE, DESKTOP, type Harness } from './browser.ts';
import { systemActor } from '../../src/platform/access/roles.ts';
import { importContext, importRecord } from '../../src/features/documents/documents.import.ts';
import { DEMO_DOCUMENTS } from '../../src/demo/documents.ts';

describe('search in the browser', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
    const ctx = await importContext(h.t.db, systemActor('演示数据'));
    for (const d of DEMO_DOCUMENTS) {
      const { validity, replacedBy: _r, ...rest } = d as any;
      const rec: Record<string, unknown> = { ...rest };
      if (validity) Object.assign(rec, { validity: validity.status, validityOn: validity.on, validityReason: validity.reason });
      assert.equal(typeof (await importRecord(ctx, rec)), 'string');
    }
  });
  after(async () => {
    await h?.close();
  });

  it('searches from the header, filters by a facet and opens a hit', async () => {
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('searchbox', { name: '检索' }).fill('义务教育招生');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('search', { name: '站内检索' }).getByRole('button', { name: '检索' }).click()]);
    assert.match(await page.locator('[role=status]').innerText(), /共找到 \d+ 条结果/);
    const totalBefore = Number((await page.locator('[role=status] strong').first().innerText()).trim());
    assert.ok(totalBefore >= 2);
    assert.match(await page.locator('.hits li h3').first().innerText(), /义务教育.*招生/);
    // Facet: 发布机构 → 宿城区教育局.
    const facet = page.locator('section[aria-labelledby=facet-unit] a', { hasText: '宿城区教育局' });
    await Promise.all([page.waitForURL(/unit=\d+/), facet.click()]);
    const totalAfter = Number((await page.locator('[role=status] strong').first().innerText()).trim());
    assert.ok(totalAfter >= 1 && totalAfter <= totalBefore);
    for (const line of await page.locator('.hits .meta-line').allInnerTexts()) assert.match(line, /发布机构：宿城区教育局/);
    const hit = page.locator('.hits li h3 a').first();
    const title = await hit.innerText();
    await Promise.all([page.waitForURL(/\/xxgk\/documents\/\d+$/), hit.click()]);
    assert.equal((await page.locator('h1').innerText()).trim(), title.trim());
  });

  for (const elder of [false, true]) {
    for (const [vw, viewport] of [['360px', PHONE], ['1280px', DESKTOP]] as const) {
      it(`${elder ? '适老化' : 'normal'} mode at ${vw}: the results and advanced pages pass axe-core`, async () => {
        const ctx = await h.context({ viewport, elder, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
        const failures: string[] = [];
        for (const url of ['/search?q=' + encodeURIComponent('政务公开工作要点'), '/search?q=' + encodeURIComponent('火星基地'), '/search/advanced', '/search']) {
          const page = await ctx.newPage();
          const res = await page.goto(url);
          assert.equal(res?.status(), 200, url);
          const v = await axeCheck(page);
          if (v.length) failures.push(`${url}\n${describeViolations(v)}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 1, `${url} at ${vw}: no horizontal scroll (${overflow}px)`);
          await page.close();
        }
        assert.equal(failures.length, 0, failures.join('\n\n'));
      });
    }
  }
});
