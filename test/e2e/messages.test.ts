// 政民互动 in Chromium (issue 17): on a 360 px phone without JavaScript a citizen writes to a unit and gets
// the receipt; the unit's editor drafts the reply, the unit's reviewer approves it (four eyes); the citizen
// finds it with the receipt code + the phone's last 4 digits and rates the reply once. Every public and
// console page of the feature has no serious/critical axe violation and no sideways scrolling at 360 and
// 1280 px (with SCREENSHOTS=<dir> the pages are saved as PNGs to look at).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { makeUser } from '../helpers.ts';
import { startHarness, login, pageChecker, axeCheck, describeViolations, noSideScroll, PHONE, DESKTOP, EDITOR, REVIEWER, type Harness } from './browser.ts';

const UNIT_ADMIN = 'e2e-ly-ua';
const PHONE_NO = '13900007777';

describe('政民互动 in the browser', () => {
  let h: Harness;
  let zfb = 0;
  let receipt = '';
  let messageId = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    zfb = (await h.t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id;
    await makeUser(h.t, UNIT_ADMIN, 'unit-admin', 'sucheng'); // the district: every unit's messages
  });
  after(async () => h?.close());

  /** axe + no sideways scroll + optional screenshot of the page as it is now (after a POST). */
  const checkHere = async (page: Page, width: number, name: string) => {
    const vs = await axeCheck(page);
    assert.equal(vs.length, 0, `${name}\n${describeViolations(vs)}`);
    await noSideScroll(page, width);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${width}-${name}.png`, fullPage: true });
  };

  it('a citizen on a 360 px phone (no JavaScript) writes to the 政府办 and gets a receipt', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/zmhd');
    await page.getByRole('link', { name: '我要写信' }).click();
    await page.waitForURL(/\/zmhd\/write$/);
    // First an empty submission: the page says what is missing, per field, and keeps nothing.
    await page.getByRole('button', { name: '提交留言' }).click();
    assert.match(await page.locator('main').innerText(), /请选择留言的单位/);
    await page.locator('select[name="unit"]').selectOption(String(zfb));
    await page.getByLabel('建议', { exact: true }).check();
    await page.locator('input[name="title"]').fill('建议在网站公开更多政策图解');
    await page.locator('textarea[name="body"]').fill('希望涉及群众切身利益的政策文件都配发图解和问答，方便老年人阅读。');
    await page.locator('input[name="name"]').fill('周杰');
    await page.locator('input[name="phone"]').fill(PHONE_NO);
    await page.getByLabel(/同意公开/).check();
    await page.getByRole('button', { name: '提交留言' }).click();
    await page.waitForURL(/\/zmhd\/thanks\?no=LY/);
    const text = await page.locator('main').innerText();
    const m = /回执号：(LY\d{8}-[2-9A-Z]{6})/.exec(text);
    assert.ok(m, text);
    receipt = m[1]!;
    // A reload of the receipt page does not write the message twice.
    await page.reload();
    const rows = await h.t.db.selectFrom('messages').select(['id', 'status', 'unit_id', 'public_ok']).where('phone', '=', PHONE_NO).execute();
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0], id: 0 }, { id: 0, status: 'open', unit_id: zfb, public_ok: 1 });
    messageId = rows[0]!.id;
  });

  it('the editor drafts the reply, the reviewer approves it; nothing is public before', async () => {
    const ectx = await h.context();
    const ed = await ectx.newPage();
    await login(ed, EDITOR);
    await ed.goto('/admin/messages?state=open');
    await ed.getByRole('link', { name: '建议在网站公开更多政策图解' }).click();
    assert.match(await ed.locator('main').innerText(), /139\*{4}7777/);
    await ed.locator('textarea[name="reply"]').fill('感谢您的建议。我办已要求各部门重要政策文件同步发布图解和问答。');
    await ed.getByRole('button', { name: '提交审核' }).click();
    await ed.waitForURL(/msg=review/);
    assert.match(await ed.locator('main').innerText(), /等待本单位审核人审核/);
    assert.equal((await h.t.app.inject(`/zmhd/${messageId}`)).statusCode, 404);

    const rctx = await h.context();
    const rv = await rctx.newPage();
    await login(rv, REVIEWER);
    await rv.goto(`/admin/messages/${messageId}`);
    await rv.getByRole('button', { name: '审核通过并发布' }).click();
    await rv.waitForURL(/msg=approved/);
    assert.match(await rv.locator('main').innerText(), /答复已审核发布/);
    const row = await h.t.db.selectFrom('messages').select(['status', 'reply']).where('id', '=', messageId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'replied');
    assert.match(row.reply ?? '', /政策文件同步发布图解/);
  });

  it('the citizen finds the reply with the receipt and the last 4 digits and rates it once', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/zmhd/query');
    await page.locator('input[name="no"]').fill(receipt.toLowerCase());
    await page.locator('input[name="factor"]').fill('0000');
    await page.getByRole('button', { name: '查询' }).click();
    assert.match(await page.locator('main').innerText(), /回执号或验证信息不正确/);
    await page.locator('input[name="factor"]').fill('7777');
    await page.getByRole('button', { name: '查询' }).click();
    const text = await page.locator('main').innerText();
    assert.match(text, /政策文件同步发布图解/);
    await page.getByLabel('满意', { exact: true }).check();
    await page.locator('textarea[name="comment"]').fill('答复很及时');
    await page.getByRole('button', { name: '提交评价' }).click();
    assert.match(await page.locator('main').innerText(), /您的评价：满意/);
    const row = await h.t.db.selectFrom('messages').select(['rating', 'rating_comment']).where('id', '=', messageId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { rating: 'satisfied', rating_comment: '答复很及时' });
    // The public page shows the message and the reply, never the writer's name or phone.
    await page.goto(`/zmhd/${messageId}`);
    const pub = await page.locator('body').innerText();
    assert.match(pub, /政策文件同步发布图解/);
    assert.doesNotMatch(pub, /周杰|13900007777/);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      const veto = await h.t.db.selectFrom('messages').select('id').where('status', '=', 'open').orderBy('received_on').limit(1).executeTakeFirstOrThrow();
      const review = await h.t.db.selectFrom('messages').select('id').where('status', '=', 'review').limit(1).executeTakeFirstOrThrow();
      for (const url of ['/zmhd', `/zmhd?unit=${zfb}&type=suggest`, '/zmhd/write', `/zmhd/${messageId}`, '/zmhd/stats', '/zmhd/query', `/zmhd/thanks?no=${receipt}`]) await check(url);
      // Pages answering a POST: the form with its errors, a wrong 查询, a replied message with the rating form.
      await page.goto('/zmhd/write');
      await page.getByRole('button', { name: '提交留言' }).click();
      await page.waitForLoadState('load');
      await checkHere(page, viewport.width, 'write-errors');
      await page.goto('/zmhd/query');
      await page.locator('input[name="no"]').fill(receipt);
      await page.locator('input[name="factor"]').fill('0000');
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForLoadState('load');
      await checkHere(page, viewport.width, 'query-wrong');
      const unrated = await h.t.db.selectFrom('messages').select(['receipt_no', 'phone']).where('status', '=', 'replied').where('rating', 'is', null).where('phone', 'is not', null).orderBy('id').limit(1).executeTakeFirstOrThrow();
      await page.locator('input[name="no"]').fill(unrated.receipt_no);
      await page.locator('input[name="factor"]').fill(unrated.phone!.slice(-4));
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('main').innerText(), /评价答复/);
      await checkHere(page, viewport.width, 'query-rate-form');
      await login(page, UNIT_ADMIN);
      for (const url of ['/admin/messages', '/admin/messages?state=veto', `/admin/messages/${messageId}`, `/admin/messages/${veto.id}`, `/admin/messages/${review.id}`, '/admin/messages/import']) await check(url);
      // The 12345 import: upload → mapping → preview with a row's problem.
      await page.goto('/admin/messages/import');
      const csv = '工单编号,来电时间,诉求类型,诉求内容,承办单位,答复内容,答复时间\nE2E-001,2026-11-02 09:00,投诉,路灯不亮,宿城区人民政府办公室,已修复,2026-11-04\nE2E-002,2026-11-03,咨询,怎么报名,火星局,,\n';
      await page.locator('input[type=file]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: '上传并选择列' }).click();
      await page.waitForURL(/\/admin\/messages\/import\/\d+$/);
      await checkHere(page, viewport.width, 'import-mapping');
      await page.getByRole('button', { name: '预览' }).click();
      assert.match(await page.locator('main').innerText(), /没有名为“火星局”的单位/);
      await checkHere(page, viewport.width, 'import-preview');
    });
  }
});
