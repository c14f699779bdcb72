// 政府开放日 in Chromium (issue 17): on a 360 px phone without JavaScript, citizens register for an open day until
// it is full and the next registrant lands on the waiting list (shown with the position); every public and
// console page of the feature has no serious/critical axe violation and no side scrolling at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, login, pageChecker, PHONE, DESKTOP, EDITOR, type Harness } from './browser.ts';
import { systemActor } from '../../src/platform/access/roles.ts';
import { todayBeijing } from '../../src/platform/views/format.ts';
import { saveOpenDay, stepOpenDay } from '../../src/features/open-days/commands.ts';

describe('政府开放日 in the browser', () => {
  let h: Harness;
  let small = 0;
  let held = 0;
  let ids: number[] = [];
  before(async () => {
    h = await startHarness({ demo: true });
    const day = (n: number) => todayBeijing(Date.now() + n * 86_400_000);
    const r = await saveOpenDay(h.t.db, systemActor(), { theme: '小型座谈开放日', unit: 'zfb', date: day(5), startTime: '14:00', endTime: '15:00', place: '区政府 3 楼会议室', capacity: 4, maxPeople: 3, registrationOpens: `${day(-1)} 09:00`, registrationCloses: `${day(4)} 17:00`, agenda: [{ time: '14:00', item: '座谈' }] });
    if (!r.ok) throw r.error;
    small = r.value.id;
    for (const s of ['submit', 'approve', 'publish'] as const) {
      const x = await stepOpenDay(h.t.db, systemActor(), small, s);
      if (!x.ok) throw x.error;
    }
    // Held yesterday (zfb): its console page shows the summary, Q&A and photo forms.
    const y = await saveOpenDay(h.t.db, systemActor(), { theme: '昨天的开放日', unit: 'zfb', date: day(-1), startTime: '09:00', endTime: '10:00', place: '区政府', capacity: 10, registrationOpens: `${day(-9)} 09:00`, registrationCloses: `${day(-2)} 17:00`, summary: '共 8 位市民参加。', qa: [{ q: '问题', a: '答复' }] });
    if (!y.ok) throw y.error;
    held = y.value.id;
    ids = (await h.t.db.selectFrom('open_days').select('id').orderBy('id').execute()).map((x) => x.id);
  });
  after(async () => h?.close());

  it('on a 360 px phone: register until full; the next registrant lands on the waiting list', async () => {
    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const registerAs = async (name: string, phone: string, people: string) => {
      await page.goto('/kfr');
      await page.getByRole('link', { name: '小型座谈开放日' }).click();
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('联系电话').fill(phone);
      await page.getByLabel('参加人数').fill(people);
      await page.locator('#register button[type=submit]').click();
      await page.waitForURL(/\/receipt\?no=KF/);
      return page.locator('main').innerText();
    };
    // Bad input first: a clear message at the field, nothing saved.
    await page.goto(`/kfr/${small}`);
    await page.getByLabel('姓名').fill('张三');
    await page.getByLabel('联系电话').fill('12345');
    await page.getByLabel('参加人数').fill('9');
    await page.locator('#register button[type=submit]').click();
    assert.match(await page.locator('main').innerText(), /请填写正确的手机号码[\s\S]*人数应为 1–3 人/);
    assert.match(await registerAs('张三', '13900001001', '3'), /报名成功/);
    assert.match(await registerAs('李四', '13900001002', '1'), /报名成功/);
    await page.goto(`/kfr/${small}`);
    assert.match(await page.locator('main').innerText(), /名额已满/);
    const waiting = await registerAs('王五', '13900001003', '2');
    assert.match(waiting, /已进入候补名单[\s\S]*候补第 1 位/);
    const rows = await h.t.db.selectFrom('open_day_registrations').select(['phone', 'status']).where('open_day_id', '=', small).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.status), ['confirmed', 'confirmed', 'waiting']);
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      const receipt = await h.t.db.selectFrom('open_day_registrations').select('receipt_no').where('open_day_id', '=', ids[0]!).orderBy('id').executeTakeFirstOrThrow();
      for (const url of ['/kfr', `/kfr/${ids[0]}`, `/kfr/${ids[1]}`, `/kfr/${ids[0]}/receipt?no=${receipt.receipt_no}`]) await check(url);
      await login(page, EDITOR);
      for (const url of ['/admin/open-days', '/admin/open-days/new', `/admin/open-days/${ids[0]}`, `/admin/open-days/${small}`, `/admin/open-days/${ids[0]}/checkin`, `/admin/open-days/${small}/checkin`, `/admin/open-days/${held}`]) await check(url);
    });
  }
});
