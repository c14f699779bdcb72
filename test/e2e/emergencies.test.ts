// 应急信息发布 in Chromium (issue 18): a citizen on a 360 px phone (no JavaScript) opens the epidemic topic and
// reads the newest update first; every public and console page of the feature has no serious/critical axe
// violation and fits at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeUser } from '../helpers.ts';
import { startHarness, pageChecker, login, PHONE, DESKTOP, type Harness } from './browser.ts';

describe('应急信息发布 in the browser', () => {
  let h: Harness;
  let id = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    id = (await h.t.db.selectFrom('emergency_topics').select('id').executeTakeFirstOrThrow()).id;
    await makeUser(h.t, 'e2e-wjw', 'unit-admin', 'wjw');
  });
  after(async () => h?.close());

  it('a citizen on a phone sees the newest update on top and the 应急预案 marked 法定公开', async () => {
    const page = await (await h.context({ viewport: PHONE, javaScriptEnabled: false })).newPage();
    await page.goto('/yjxx');
    await page.getByRole('link', { name: '宿城区新冠肺炎疫情防控' }).click();
    assert.match(await page.locator('.em-log li').first().innerText(), /常态化疫情防控提示/);
    assert.match(await page.locator('#h-plans + ul').innerText(), /突发事件总体应急预案.*法定公开/s);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const page = await (await h.context({ viewport })).newPage();
      const check = pageChecker(page, viewport);
      for (const url of ['/yjxx', `/yjxx/${id}`]) await check(url);
      await login(page, 'e2e-wjw');
      for (const url of ['/admin/emergencies', `/admin/emergencies/${id}`, '/admin/emergencies/duty']) await check(url);
    });
  }
});
