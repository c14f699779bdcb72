// 编辑助手 in Chromium (issue 19): on a draft's console page the editor sees suggested 关键词 and 主题分类,
// clicks 采用 on one keyword (a plain form, no JavaScript needed) and the document has it; the draft page
// with the suggestions has no serious/critical axe violation and no horizontal scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';
import { makeToken } from '../helpers.ts';

describe('编辑助手 in the browser', () => {
  let h: Harness;
  let id = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    const token = await makeToken(h.t, EDITOR);
    const r = await h.t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { authorization: `Bearer ${token}` },
      payload: { title: '关于做好2025年度城乡居民基本医疗保险参保缴费工作的通知', column: 'zd', writtenOn: '2026-03-02', body: '<p>各镇（街道）：请做好城乡居民基本医疗保险参保缴费工作，医疗保障部门公布缴费标准。</p>' },
    });
    assert.equal(r.statusCode, 201, r.body);
    id = r.json().id;
  });
  after(async () => h?.close());

  it('the editor accepts a suggested keyword on a 360 px phone without JavaScript; ignoring the rest changes nothing', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await login(page, EDITOR);
    await page.goto(`/admin/documents/${id}`);
    const section = page.locator('#editor-help');
    await section.getByRole('heading', { name: '编辑助手：建议' }).waitFor();
    const first = section.locator('li').filter({ has: page.locator('input[name="kind"][value="keyword"]') }).first();
    const word = (await first.locator('input[name="value"]').getAttribute('value'))!;
    await first.getByRole('button', { name: `采用关键词“${word}”` }).click();
    await page.waitForURL(new RegExp(`/admin/documents/${id}`));
    await section.locator('li', { hasText: word }).getByText('已采用').waitFor();
    const row = await h.t.db.selectFrom('documents').select(['keywords', 'topic', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.keywords), [word]);
    assert.equal(row.topic, null, 'the topic suggestion was not accepted: nothing written');
    assert.equal(row.version, 2);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`the draft page with the suggestions passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      await login(page, EDITOR);
      await pageChecker(page, viewport, 'editor-help-')(`/admin/documents/${id}`);
    });
  }
});
