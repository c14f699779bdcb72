// 权责清单 and 政务新媒体 in Chromium (issue 18): on a 360 px phone a citizen searches and filters the current
// power list, opens an item and reads its history as field-level changes; every public and console page of the
// two features has no serious/critical axe violation and no horizontal scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeUser } from '../helpers.ts';
import type { Actor } from '../../src/platform/access/roles.ts';
import { readXlsx, writeXlsx } from '../../src/platform/files/xlsx.ts';
import { exportItems } from '../../src/features/power-lists/commands.ts';
import { startHarness, pageChecker, axeCheck, describeViolations, login, PHONE, DESKTOP, type Harness } from './browser.ts';

describe('权责清单 in the browser', () => {
  let h: Harness;
  let food = 0, flagged = 0, account = 0;
  let scjEd: Actor;
  before(async () => {
    h = await startHarness({ demo: true });
    scjEd = await makeUser(h.t, 'e2e-qz-ed', 'editor', 'scjgj');
    await makeUser(h.t, 'e2e-qz-fgj', 'editor', 'fgj');
    food = (await h.t.db.selectFrom('power_items').select('id').where('code', '=', '000117003000').executeTakeFirstOrThrow()).id;
    flagged = (await h.t.db.selectFrom('power_items').select('id').where('code', '=', '000132001000').executeTakeFirstOrThrow()).id;
    account = (await h.t.db.selectFrom('new_media_accounts').select('id').where('name', '=', '宿城市场监管').executeTakeFirstOrThrow()).id;
  });
  after(async () => h?.close());

  it('a citizen on a 360 px phone searches and filters the list, then reads an item\'s history diff', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/qzqd');
    await page.getByLabel('关键词').fill('食品');
    await page.getByLabel('权力类型').selectOption('行政许可');
    await page.getByRole('button', { name: '查找' }).click();
    await page.waitForURL(/\/qzqd\?.*type=/);
    assert.match(await page.getByRole('status').innerText(), /共 1 项（行政许可），含“食品”/);
    const table = await page.locator('main ul.doc-list').innerText();
    assert.match(table, /食品经营许可/);
    assert.doesNotMatch(table, /行政处罚/);
    await page.getByRole('link', { name: '食品经营许可' }).click();
    await page.waitForURL(new RegExp(`/qzqd/${food}$`));
    const history = page.locator('section', { has: page.getByRole('heading', { name: '变更记录' }) });
    const text = await history.innerText();
    assert.match(text, /2021年4月29日修正/);
    assert.match(text, /承诺办结时限\s+10 个工作日\s+5 个工作日/);
    assert.equal(await history.locator('del').first().innerText(), '食品经营许可证核发；食品经营许可证变更；食品经营许可证延续；食品经营许可证注销');
  });

  it('staff import the exported .xlsx through the form: nothing changes; a bad row is reported and changes nothing', async () => {
    const ctx = await h.context({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await login(page, 'e2e-qz-ed');
    const bytes = await exportItems(h.t.db, scjEd);
    const versions = async () => (await h.t.db.selectFrom('register_versions').select('id').where('register', '=', 'power-item').execute()).length;
    const before = await versions();
    const upload = async (buffer: Buffer) => {
      await page.goto('/admin/power-items');
      await page.locator('input[type=file][name=file]').setInputFiles({ name: '权责清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
      await page.getByRole('button', { name: '导入', exact: true }).click();
      await page.waitForLoadState('load');
      return page.locator('section', { has: page.getByRole('heading', { name: '导入结果' }) }).innerText();
    };
    assert.match(await upload(Buffer.from(bytes)), /新增 0 项，修改 0 项，未变 4 项，\s*未导入 0 行/);
    assert.equal(await versions(), before);
    const rows = readXlsx(bytes)[0].rows;
    rows[1][2] = '行政审批';
    rows[1][11] = '99';
    const report = await upload(Buffer.from(writeXlsx([{ name: 's', rows, merges: [] }])));
    assert.match(report, /未变 3 项，\s*未导入 1 行/);
    assert.match(report, /第 2 行.*未导入：权力类型：权力类型应为：行政许可/s);
    assert.match(report, /承诺办结时限（99 个工作日）不能长于法定办结时限/);
    assert.equal(await versions(), before);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the two features passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      for (const url of ['/qzqd', `/qzqd?type=${encodeURIComponent('行政给付')}`, `/qzqd/${food}`, '/zwxmt']) await check(url);
      await login(page, 'e2e-qz-ed');
      for (const url of ['/admin/power-items', `/admin/power-items/${food}`, '/admin/power-items/flagged', '/admin/new-media', `/admin/new-media/${account}`]) await check(url);
      const ctx2 = await h.context({ viewport });
      const p2 = await ctx2.newPage();
      await login(p2, 'e2e-qz-fgj');
      await p2.goto(`/admin/power-items/${flagged}`);
      assert.match(await p2.locator('main').innerText(), /已变更，请核对设定依据/);
      const vs = await axeCheck(p2);
      assert.equal(vs.length, 0, describeViolations(vs));
      if (process.env.SCREENSHOTS) await p2.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-flagged-item.png`, fullPage: true });
    });
  }
});
