// 重点领域信息 in Chromium (issue 18): on a 360 px phone, without JavaScript, a citizen finds which school serves
// their address through the 施教区 lookup; every public and console page of the feature has no serious/critical
// axe violation and no horizontal scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, pageChecker, login, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';
import { systemActor } from '../../src/platform/access/roles.ts';
import { saveKeyAreaRecord } from '../../src/features/key-areas/commands.ts';
import { unitId } from '../helpers.ts';

describe('重点领域信息 in the browser', () => {
  let h: Harness;
  let zoneId = 0;
  let draftId = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    zoneId = (await h.t.db.selectFrom('key_area_records').select('id').where('category', '=', '招生范围').executeTakeFirstOrThrow()).id;
    const d = await saveKeyAreaRecord(h.t.db, systemActor('测试'), { area: 'ywjy', category: '招生范围', year: '2021', title: '2021年招生范围（草稿）', content: '草稿', unitId: await unitId(h.t, 'zfb'), school0_name: '某小学', school0_roads: '幸福中路 单号 1-99号' });
    assert.ok(d.ok);
    draftId = d.value.id;
  });
  after(async () => h?.close());

  it('a citizen on a 360 px phone finds which school serves an address', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: '重点领域' }).first().click();
    await page.getByLabel('住址、小区、社区或村').fill('幸福中路１２８号３栋２单元');
    await page.getByRole('button', { name: '查询对口学校' }).click();
    await page.waitForURL(/\/zdly\/ywjy\/schools\?q=/);
    const result = await page.locator('section[aria-labelledby="h-result"]').innerText();
    assert.match(result, /宿城区幸福路小学（演示）/);
    assert.match(result, /幸福中路 双号 2–300号/);
    assert.doesNotMatch(result, /第一实验小学/);
    // A village name works too; a road without its number asks for the number.
    await page.getByLabel('住址、小区、社区或村').fill('张庄村');
    await page.getByRole('button', { name: '查询对口学校' }).click();
    await page.waitForURL(/q=%E5%BC%A0/);
    assert.match(await page.locator('main').innerText(), /宿城区项王路小学（演示）/);
    await page.getByLabel('住址、小区、社区或村').fill('幸福中路');
    await page.getByRole('button', { name: '查询对口学校' }).click();
    await page.waitForURL(/q=%E5%B9%B8%E7%A6%8F%E4%B8%AD%E8%B7%AF$/);
    assert.match(await page.locator('main').innerText(), /请加上门牌号再查询/);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/360-lookup-needs-number.png`, fullPage: true });
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      const q = encodeURIComponent('幸福中路128号');
      for (const url of ['/zdly', '/zdly/ywjy', '/zdly/zdxm?year=2020', `/zdly/records/${zoneId}`, `/zdly/ywjy/schools?q=${q}`, `/zdly/ywjy/schools?q=${encodeURIComponent('幸福中路')}`]) await check(url);
      await login(page, EDITOR);
      for (const url of ['/admin/key-areas', `/admin/key-areas/new?kind=${encodeURIComponent('zdxm:批准结果')}`, `/admin/key-areas/${draftId}`]) await check(url);
    });
  }
});
