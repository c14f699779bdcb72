// The year field's example on the 工作日历 page ("例如 <next year>") comes from the app's clock, Beijing time
// (issue 14, time is a dependency): on 2025-12-31 23:59:59 Beijing it offers 2026, a second later 2027.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';

const clock = fixedClock('2025-12-31T15:59:59Z');
let t: TestApp;
const staff = staffSessions(() => t.app);
before(async () => {
  t = await buildTestApp({ clock });
  await makeUser(t, 'cal-today', 'admin', 'sucheng');
});
after(() => t.close());

it('the example year is next year by the clock, in Beijing time', async () => {
  const { b } = await staff.as('cal-today');
  const page = async () => {
    const r = await b.get('/admin/calendar');
    assert.equal(r.statusCode, 200);
    return /之间的四位年份，例如 (\d{4})/.exec(r.body)?.[1];
  };
  assert.equal(await page(), '2026');
  clock.set('2025-12-31T16:00:00Z'); // 2026-01-01 00:00 Beijing
  assert.equal(await page(), '2027');
});
