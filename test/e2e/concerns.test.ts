// 回应关切 in Chromium (issue 16): the public page by area and the console register pass axe (0 serious or
// critical) and fit at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';

describe('回应关切 in the browser', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ demo: true });
  });
  after(async () => h?.close());

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`its pages pass axe and fit at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      const first = (await h.t.db.selectFrom('concerns').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      for (const url of ['/hygz', `/hygz?area=${encodeURIComponent('生态环境')}`]) await check(url);
      await login(page, EDITOR);
      await check('/admin/concerns');
      // The register links each concern to /admin/concerns/<id>, but no such page exists yet (404): the
      // error page is checked until it does.
      await check(`/admin/concerns/${first}`, { status: 404 });
    });
  }
});
