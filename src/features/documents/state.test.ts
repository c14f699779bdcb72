// The document workflow table: every (status × transition) pair, allowed or refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUSES, TRANSITIONS, canTransition, displayStatus, type Status, type Transition } from './state.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';

const ALLOWED: Record<Transition, Status[]> = {
  edit: ['draft', 'returned'],
  attach: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  publish: ['approved'],
  withdraw: ['published'],
  validity: ['published'],
};

for (const t of Object.keys(TRANSITIONS) as Transition[]) {
  for (const s of STATUSES) {
    const want = ALLOWED[t].includes(s);
    test(`${t} from ${s} is ${want ? 'allowed' : 'refused'}`, () => {
      assert.equal(canTransition(s, t), want);
    });
  }
}

test('target states: submit → submitted, approve → approved, return → returned, publish → published, withdraw → withdrawn', () => {
  assert.deepEqual(
    Object.fromEntries(Object.entries(TRANSITIONS).map(([k, v]) => [k, v.to])),
    { edit: null, attach: null, submit: 'submitted', approve: 'approved', return: 'returned', publish: 'published', withdraw: 'withdrawn', validity: null },
  );
});

test('withdrawn is final: nothing leaves it', () => {
  for (const t of Object.keys(TRANSITIONS) as Transition[]) assert.equal(canTransition('withdrawn', t), false, t);
});

test('a published document whose time has not come shows as 已排期 (derived, not stored)', () => {
  const now = '2026-11-28T04:00:00.000Z';
  assert.equal(displayStatus('published', '2026-11-29T00:00:00.000Z', now), '已排期');
  assert.equal(displayStatus('published', '2026-11-28T03:59:59.000Z', now), '已发布');
  assert.equal(displayStatus('submitted', null, now), '待审核');
});

test('without an explicit now, 已排期 is judged by the clock of the context (time is a dependency)', () => {
  const at = '2027-01-01T00:00:00.000Z'; // 2027-01-01 08:00 Beijing
  withClock(fixedClock('2026-12-31T23:59:59.999Z'), () => assert.equal(displayStatus('published', at), '已排期'));
  withClock(fixedClock(at), () => assert.equal(displayStatus('published', at), '已发布'));
});
