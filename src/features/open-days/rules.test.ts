// The open-day rules, table-driven with real dates and numbers: phone format, the registration window, seats
// left, where a registration goes, who moves up from the waiting list, a registrant's position.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { beijingMinute, formatPhone, maskName, maskPhone, normalizePhone, parseLocalMinute, placeRegistration, promotions, seatsLeft, waitingPosition, windowState, type Reg } from './rules.ts';
import { parseAgenda, parseQa } from './commands.ts';

describe('open-day rules', () => {
  it('phone: mainland mobile 1[3-9]xxxxxxxxx or a landline with its area code', () => {
    const cases: [string, string | null][] = [
      ['13812345678', '13812345678'],
      ['19912345678', '19912345678'],
      ['138 1234 5678', '13812345678'],
      ['138-1234-5678', '13812345678'],
      ['１３８１２３４５６７８', '13812345678'],
      ['+8613812345678', '13812345678'],
      ['8613812345678', '13812345678'],
      ['0527-84356789', '052784356789'],
      ['025-8435678', '0258435678'],
      ['010-12345678', '01012345678'],
      ['12812345678', null], // 12x is not a mobile prefix
      ['1381234567', null], // 10 digits
      ['138123456789', null], // 12 digits
      ['84356789', null], // landline without its area code
      ['abc', null],
      ['', null],
      ['13812345678<script>', null],
    ];
    for (const [raw, want] of cases) assert.equal(normalizePhone(raw), want, raw);
  });

  it('masks phones and names for staff who do not organise the event', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('052784356789'), '0527-******89');
    assert.equal(maskPhone('01012345678'), '010-******78');
    assert.equal(formatPhone('13812345678'), '13812345678');
    assert.equal(formatPhone('052784356789'), '0527-84356789');
    assert.equal(formatPhone('01012345678'), '010-12345678');
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧***');
    assert.equal(maskName('王'), '*');
  });

  it('registration window: not yet, open from its first minute, closed from closesAt, held, cancelled', () => {
    const e = { opensAt: '2026-12-01 09:00', closesAt: '2026-12-17 17:00', eventDate: '2026-12-19', cancelled: false };
    const cases: [string, Partial<typeof e>, ReturnType<typeof windowState>][] = [
      ['2026-11-30 23:59', {}, 'not-yet'],
      ['2026-12-01 08:59', {}, 'not-yet'],
      ['2026-12-01 09:00', {}, 'open'],
      ['2026-12-07 15:00', {}, 'open'],
      ['2026-12-17 16:59', {}, 'open'],
      ['2026-12-17 17:00', {}, 'closed'],
      ['2026-12-19 08:00', {}, 'closed'],
      ['2026-12-19 23:59', {}, 'closed'], // the day itself is not yet "held"
      ['2026-12-20 00:00', {}, 'held'],
      ['2026-12-07 15:00', { cancelled: true }, 'cancelled'],
      ['2027-01-05 10:00', { cancelled: true }, 'cancelled'],
    ];
    for (const [now, over, want] of cases) assert.equal(windowState({ ...e, ...over }, now), want, `${now} ${JSON.stringify(over)}`);
  });

  it('seats left, placement and promotion: the first on the waiting list who fits moves up', () => {
    const R = (id: number, people: number, status: Reg['status']): Reg => ({ id, people, status });
    const cases: { name: string; capacity: number; regs: Reg[]; left: number; place: [number, 'confirmed' | 'waiting'][]; promote: number[] }[] = [
      { name: 'empty', capacity: 10, regs: [], left: 10, place: [[3, 'confirmed'], [10, 'confirmed'], [11, 'waiting']], promote: [] },
      { name: 'last seat', capacity: 10, regs: [R(1, 3, 'confirmed'), R(2, 3, 'confirmed'), R(3, 3, 'confirmed')], left: 1, place: [[1, 'confirmed'], [2, 'waiting']], promote: [] },
      { name: 'full', capacity: 10, regs: [R(1, 3, 'confirmed'), R(2, 3, 'confirmed'), R(3, 3, 'confirmed'), R(4, 1, 'confirmed')], left: 0, place: [[1, 'waiting']], promote: [] },
      { name: 'cancelled ones do not count', capacity: 4, regs: [R(1, 3, 'cancelled'), R(2, 2, 'confirmed')], left: 2, place: [[2, 'confirmed'], [3, 'waiting']], promote: [] },
      { name: 'two seats free: the 3-person party keeps its place, the next that fits moves up', capacity: 10, regs: [R(1, 8, 'confirmed'), R(2, 3, 'waiting'), R(3, 2, 'waiting'), R(4, 1, 'waiting')], left: 2, place: [], promote: [3] },
      { name: 'three seats free: first in line first', capacity: 10, regs: [R(1, 7, 'confirmed'), R(2, 3, 'waiting'), R(3, 1, 'waiting')], left: 3, place: [], promote: [2] },
      { name: 'several move up', capacity: 10, regs: [R(1, 4, 'confirmed'), R(5, 2, 'waiting'), R(6, 3, 'waiting'), R(7, 2, 'waiting')], left: 6, place: [], promote: [5, 6] },
      { name: 'order by id, not by array order', capacity: 3, regs: [R(9, 1, 'waiting'), R(4, 1, 'waiting'), R(2, 2, 'confirmed')], left: 1, place: [], promote: [4] },
      { name: 'over-full (capacity lowered) stays at 0', capacity: 2, regs: [R(1, 3, 'confirmed'), R(2, 1, 'waiting')], left: 0, place: [[1, 'waiting']], promote: [] },
    ];
    for (const c of cases) {
      assert.equal(seatsLeft(c.capacity, c.regs), c.left, c.name);
      for (const [people, want] of c.place) assert.equal(placeRegistration(c.capacity, c.regs, people), want, `${c.name}: ${people}`);
      assert.deepEqual(promotions(c.capacity, c.regs), c.promote, c.name);
    }
  });

  it('waiting-list position counts only the waiting, in registration order', () => {
    const regs: Reg[] = [
      { id: 1, people: 2, status: 'confirmed' },
      { id: 4, people: 1, status: 'waiting' },
      { id: 3, people: 1, status: 'waiting' },
      { id: 7, people: 1, status: 'waiting' },
    ];
    assert.equal(waitingPosition(regs, 3), 1);
    assert.equal(waitingPosition(regs, 4), 2);
    assert.equal(waitingPosition(regs, 7), 3);
    assert.equal(waitingPosition(regs, 1), null);
    assert.equal(waitingPosition(regs, 99), null);
  });

  it('times: Beijing minute of an instant, local input with T or a space, real dates only', () => {
    assert.equal(beijingMinute(Date.parse('2026-12-07T15:59:30Z')), '2026-12-07 23:59');
    assert.equal(beijingMinute(Date.parse('2026-12-07T16:00:00Z')), '2026-12-08 00:00');
    assert.equal(parseLocalMinute('2026-12-01T09:00'), '2026-12-01 09:00');
    assert.equal(parseLocalMinute(' 2026-12-01 09:00 '), '2026-12-01 09:00');
    for (const bad of ['2026-02-30 09:00', '2026-12-01 24:00', '2026-12-01 09:60', '2026-12-01', '12/01/2026 09:00', '']) assert.equal(parseLocalMinute(bad), null, bad);
  });

  it('agenda lines and question/answer pairs keep their order', () => {
    assert.deepEqual(parseAgenda('09:00 签到\n\n9：15 参观大厅\n座谈交流').items, [
      { time: '09:00', item: '签到' },
      { time: '9:15', item: '参观大厅' },
      { time: '', item: '座谈交流' },
    ]);
    assert.match(parseAgenda([{ time: '09:00', item: '' }]).error!, /第 1 项没有内容/);
    assert.deepEqual(parseQa('问：能否延长开放时间？\n答：周六上午照常开放。\n\n问：停车在哪里？\n答：东侧停车场\n免费两小时。').pairs, [
      { q: '能否延长开放时间？', a: '周六上午照常开放。' },
      { q: '停车在哪里？', a: '东侧停车场\n免费两小时。' },
    ]);
    assert.match(parseQa('问：只有问题').error!, /第 1 组须同时有问题和答复/);
    assert.match(parseQa('答：没有问题').error!, /之前应有“问：”/);
    assert.match(parseQa([{ q: 'x', a: '' }]).error!, /第 1 组/);
  });
});
