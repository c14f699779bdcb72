// 政务公开事项标准目录 in Chromium (issue 18): a unit's editor compiles its catalog (one item through the form) and
// submits it; the 政府办's reviewer accepts it and publishes the district catalog; the citizen sees the item on
// /bzml. Every public and console page of the feature has no serious/critical axe violation and no horizontal
// scrolling at 360 and 1280 px (SCREENSHOTS=<dir> keeps a picture of each).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, pageChecker, axeCheck, describeViolations, login, PHONE, DESKTOP, REVIEWER, type Harness } from './browser.ts';
import { makeUser, unitId } from '../helpers.ts';

const UNIT_EDITOR = 'e2e-cat-wjw';
const YEAR = 2021;

describe('标准目录 in the browser', () => {
  let h: Harness;
  let wjw = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    await makeUser(h.t, UNIT_EDITOR, 'editor', 'wjw');
    await makeUser(h.t, 'e2e-cat-jyj', 'editor', 'jyj');
    wjw = await unitId(h.t, 'wjw');
  });
  after(async () => h?.close());

  it('a unit compiles and submits its catalog; the 政府办 accepts it and publishes the district catalog', async () => {
    const ctx = await h.context({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await login(page, UNIT_EDITOR);
    await page.goto(`/admin/catalog?year=${YEAR}`);
    await page.getByRole('link', { name: '宿城区卫生健康委员会' }).click();
    await page.getByText('添加事项').click();
    await page.getByLabel('领域').selectOption({ label: '卫生健康' });
    await page.getByLabel('一级事项').fill('医疗服务');
    await page.getByLabel('二级事项').fill('医疗机构执业登记');
    await page.getByLabel('公开内容（要素）').fill('医疗机构名称、地址、诊疗科目、执业许可证有效期');
    await page.getByLabel('公开依据').fill('《医疗机构管理条例》');
    await page.getByLabel('公开时限').fill('自作出行政决定之日起7个工作日内');
    await page.getByLabel('两微一端').check();
    await page.getByRole('button', { name: '添加' }).click();
    await page.waitForURL(/msg=created/);
    assert.match(await page.locator('main').innerText(), /医疗机构执业登记[\s\S]*未关联已公开的文件/);
    await page.getByRole('button', { name: /提交政府办审核/ }).click();
    await page.waitForURL(/msg=submit/);
    assert.match(await page.locator('main').innerText(), /已提交，待审核/);

    const office = await (await h.context({ viewport: DESKTOP })).newPage();
    await login(office, REVIEWER);
    await office.goto(`/admin/catalog?year=${YEAR}`);
    const row = office.getByRole('row', { name: /宿城区卫生健康委员会/ });
    assert.match(await row.innerText(), /已提交，待审核/);
    await row.getByRole('button', { name: '通过' }).click();
    await office.waitForURL(/msg=accept/);
    await office.getByRole('button', { name: /公布全区标准目录（1 项待公布）/ }).click();
    await office.waitForURL(/msg=publish/);
    assert.match(await office.locator('main').innerText(), /全区目录已于/);

    const citizen = await (await h.context({ viewport: PHONE, javaScriptEnabled: false })).newPage();
    await citizen.goto(`/bzml?year=${YEAR}`);
    const text = await citizen.locator('main').innerText();
    assert.match(text, /医疗机构执业登记/);
    assert.match(text, /未关联已公开的文件 1 项/);
    const status = await h.t.db.selectFrom('catalog_items').select('status').where('unit_id', '=', wjw).executeTakeFirstOrThrow();
    assert.equal(status.status, 'published');
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport, 'catalog-');
      const jyj = await unitId(h.t, 'jyj');
      const item = await h.t.db.selectFrom('catalog_items').select('id').where('unit_id', '=', jyj).orderBy('seq').executeTakeFirstOrThrow();
      for (const url of ['/bzml', '/bzml?year=2020&show=late']) await check(url);
      await login(page, REVIEWER);
      for (const url of ['/admin/catalog?year=2020', `/admin/catalog/units/${jyj}?year=2020`, `/admin/catalog/items/${item.id}`]) await check(url);
      // The unit editor's forms, open with their errors (an empty item sent).
      const ed = await (await h.context({ viewport })).newPage();
      await login(ed, `e2e-cat-jyj`);
      await ed.goto(`/admin/catalog/units/${jyj}?year=2022`);
      await ed.getByText('添加事项').click();
      // Past the browser's own checks (required), to see the server's messages.
      await ed.locator('form[action*="/items"]').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
      await ed.locator('form[action*="/items"] button[type=submit]').click();
      await ed.waitForLoadState('load');
      const text = await ed.locator('main').innerText();
      assert.match(text, /请选择领域/);
      assert.match(text, /请填写一级事项/);
      const vs = await axeCheck(ed);
      assert.equal(vs.length, 0, `add-item form with errors\n${describeViolations(vs)}`);
      assert.ok((await ed.evaluate(() => document.documentElement.scrollWidth)) <= viewport.width, 'add-item form fits');
      if (process.env.SCREENSHOTS) await ed.screenshot({ path: `${process.env.SCREENSHOTS}/catalog-${name}-add-item-errors.png`, fullPage: true });
      for (const url of [`/admin/catalog/items/${item.id}`]) {
        await ed.goto(url);
        await ed.getByText('修改事项').click();
        const v2 = await axeCheck(ed);
        assert.equal(v2.length, 0, `${url} (editor)\n${describeViolations(v2)}`);
        if (process.env.SCREENSHOTS) await ed.screenshot({ path: `${process.env.SCREENSHOTS}/catalog-${name}-item-editor.png`, fullPage: true });
      }
    });
  }
});
