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
      // A concern of the editor's own unit (another unit's answers 404, as it should): the first demo concern
      // is moved to that unit for this test.
      const editor = await h.t.db.selectFrom('users').select('unit_id').where('username', '=', EDITOR).executeTakeFirstOrThrow();
      const first = (await h.t.db.selectFrom('concerns').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      await h.t.db.updateTable('concerns').set({ unit_id: editor.unit_id }).where('id', '=', first).execute();
      for (const url of ['/hygz', `/hygz?area=${encodeURIComponent('生态环境')}`]) await check(url);
      await login(page, EDITOR);
      await check('/admin/concerns');
      await check(`/admin/concerns/${first}`);
    });
  }
});
