// 政务公开考核 in Chromium (issue 19): the 政府办 opens the ranking, a unit's page (SVG trend charts with their
// tables, records behind each score) and the weights form, and saves weights without JavaScript; every page
// has no serious/critical axe violation and no sideways scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, type Harness } from './browser.ts';
import { makeUser, unitId } from '../helpers.ts';
import { todayBeijing } from '../../src/platform/views/format.ts';

const OFFICE = 'e2e-kh-office';

describe('政务公开考核 in the browser', () => {
  let h: Harness;
  let unit = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    await makeUser(h.t, OFFICE, 'unit-admin', 'zfb');
    unit = await unitId(h.t, 'fgj');
  });
  after(async () => h?.close());

  it('the 政府办 sets the weights in a plain form (no JavaScript) and sees them in the ranking', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await login(page, OFFICE);
    await page.goto('/admin/assessment');
    await page.getByRole('link', { name: /设定 \d{4} 年权重/ }).click();
    await page.getByLabel('个人信息保护').fill('-3');
    await page.getByRole('button', { name: '保存权重' }).click();
    assert.match(await page.locator('main').innerText(), /0 到 100 之间/);
    await page.getByLabel('个人信息保护').fill('12.5');
    await page.getByRole('button', { name: '保存权重' }).click();
    await page.waitForURL(/\/admin\/assessment\?year=\d{4}&msg=saved/);
    assert.match(await page.locator('main').innerText(), /个人信息保护 12\.5/);
    const year = Number(todayBeijing().slice(0, 4));
    const row = await h.t.db.selectFrom('assessment_weights').select('weight_tenths').where('indicator', '=', 'pii').where('year', '=', year).executeTakeFirst();
    assert.equal(row?.weight_tenths, 125);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport, 'assessment-');
      await login(page, OFFICE);
      for (const url of ['/admin/assessment', `/admin/assessment/units/${unit}`, '/admin/assessment/weights', '/admin/assessment?year=2025']) await check(url);
      await page.goto(`/admin/assessment/units/${unit}`);
      assert.equal(await page.locator('svg[role="img"] title').count(), 2);
    });
  }
});
