// Time is a dependency (platform/clock.ts): an app built with a clock, and commands run withClock, read
// "now" and "today" from it — the statutory dates follow the set day, not the wall clock.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { clockNow, fixedClock, systemClock, withClock } from './clock.ts';
import { nowIso } from './db/index.ts';
import { todayBeijing } from './views/format.ts';
import { buildTestApp, makeToken, makeUser, unitId, type TestApp } from '../../test/helpers.ts';

describe('clock', () => {
  it('nowIso and todayBeijing read the clock of the context; outside one, the system clock', async () => {
    const c = fixedClock('2025-12-31T16:30:00.000Z'); // 2026-01-01 00:30 in Beijing
    await withClock(c, async () => {
      assert.equal(nowIso(), '2025-12-31T16:30:00.000Z');
      assert.equal(todayBeijing(), '2026-01-01');
      await new Promise((r) => setTimeout(r, 5)); // still the same clock after an await
      c.advance(3600_000);
      assert.equal(nowIso(), '2025-12-31T17:30:00.000Z');
    });
    assert.ok(Math.abs(clockNow() - systemClock.now()) < 1000);
  });

  it('rejects a clock that is not a time', () => {
    assert.throws(() => fixedClock('yesterday'), /无效的时间/);
  });
});

describe('an app built with a clock', () => {
  let t: TestApp;
  let token: string;
  let unit: number;
  const clock = fixedClock('2025-03-03T02:00:00.000Z'); // Monday 2025-03-03 in Beijing
  before(async () => {
    t = await buildTestApp({ clock });
    unit = await unitId(t, 'zfb');
    await makeUser(t, 'clock-handler', 'handler', 'zfb');
    token = await makeToken(t, 'clock-handler');
  });
  after(async () => t?.close());

  const register = (receivedOn: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        applicantType: 'natural',
        applicant: { name: '李四', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13812345678', address: '宿迁市宿城区洪泽湖路 8 号' },
        unitId: unit,
        description: '2024年本单位行政处罚决定书',
        form: 'paper',
        delivery: 'post',
        channel: 'post',
        receivedOn,
      }),
    });

  it('"today" is the clock’s day: a receipt date after it is refused, naming that day', async () => {
    const res = await register('2025-03-04');
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.fields.receivedOn, /不能晚于今天（2025-03-03）/);
  });

  it('a request received that day gets its 20-working-day due date from that day, and the clock’s time', async () => {
    const res = await register('2025-03-03');
    assert.equal(res.statusCode, 201, res.body);
    const row = await t.db.selectFrom('requests').selectAll().where('tracking_no', '=', res.json().trackingNo).executeTakeFirstOrThrow();
    assert.equal(row.received_on, '2025-03-03');
    assert.equal(row.created_at, '2025-03-03T02:00:00.000Z');
    assert.match(String(row.tracking_no), /2025/);
    // 20 working days counted from the day after receipt: 2025-03-04 … 2025-03-31 (no holiday in March 2025).
    assert.equal(row.due_on, '2025-03-31');
  });
});
