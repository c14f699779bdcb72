// 我的账号 in a real browser, at phone and desktop widths: reachable from the header, accessible (axe),
// a token minted after re-entering the password is shown once and listed afterwards, and revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHarness, login, axeCheck, describeViolations, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';
import { PASSWORD } from '../helpers.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  test(`我的账号 on a ${label}: from the header, accessible, mint and revoke a token`, async () => {
    const ctx = await h.context({ viewport });
    const page = await ctx.newPage();
    try {
      await login(page, EDITOR);
      await page.click('a[href="/admin/account"]');
      await page.waitForURL('**/admin/account');
      assert.equal(await page.locator('h1').innerText(), '我的账号');
      const vs = await axeCheck(page);
      assert.deepEqual(vs, [], describeViolations(vs));
      if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, `account-${label}.png`), fullPage: true });
      const name = `对接-${label}`;
      const form = page.locator('form[action="/admin/account/tokens"]');
      await form.locator('input[name=name]').fill(name);
      await form.locator('input[name=current]').fill(PASSWORD);
      await page.click('form[action="/admin/account/tokens"] button[type=submit]');
      const secret = await page.locator('p.secret code').innerText();
      assert.match(secret, /^gk_/);
      await page.click('a[href="/admin/account"]');
      const row = page.locator('tr', { hasText: name });
      assert.match(await row.innerText(), /有效/);
      await row.locator('button', { hasText: '吊销' }).click();
      await page.waitForURL('**/admin/account?msg=token-revoked');
      assert.match(await page.locator('tr', { hasText: name }).innerText(), /已吊销/);
    } finally {
      await ctx.close();
    }
  });
}
