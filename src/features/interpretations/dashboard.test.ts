import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addCalendarMonth, daysBetween, needsInterpretation, policyStatus, tally, type PolicyFacts } from './dashboard.ts';

describe('interpretation rules (pure)', () => {
  it('needs an interpretation: rules and normative documents by default, a unit mark overrides', () => {
    const cases: [string, { needed: number } | null, boolean][] = [
      ['normative', null, true],
      ['rule', null, true],
      ['other', null, false],
      ['normative', { needed: 0 }, false],
      ['other', { needed: 1 }, true],
    ];
    for (const [kind, mark, want] of cases) assert.equal(needsInterpretation(kind, mark), want, `${kind} ${JSON.stringify(mark)}`);
  });

  it('one calendar month later, clamped to the month end', () => {
    const cases: [string, string][] = [
      ['2020-10-12', '2020-11-12'],
      ['2021-01-31', '2021-02-28'],
      ['2024-01-31', '2024-02-29'],
      ['2020-12-15', '2021-01-15'],
      ['2020-03-31', '2020-04-30'],
      ['2020-02-29', '2020-03-29'],
    ];
    for (const [from, want] of cases) assert.equal(addCalendarMonth(from), want, from);
  });

  it('calendar days between two dates, across months and a leap day', () => {
    assert.equal(daysBetween('2020-10-12', '2020-10-12'), 0);
    assert.equal(daysBetween('2020-10-12', '2020-10-19'), 7);
    assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
    assert.equal(daysBetween('2020-10-12', '2020-10-10'), -2);
  });

  const base: PolicyFacts = { id: 1, unitId: 7, publishedOn: '2020-10-12', effectiveOn: '2020-10-12', needed: true, interpretationsOn: [], meetingsOn: [] };
  const cases: [string, Partial<PolicyFacts>, string, { unexplained: boolean; daysLate: number | null; meetingOverdue: boolean; meetingDueOn: string }][] = [
    ['needed, nothing yet, month not over', {}, '2020-11-12', { unexplained: true, daysLate: null, meetingOverdue: false, meetingDueOn: '2020-11-12' }],
    ['needed, nothing, month over', {}, '2020-11-13', { unexplained: true, daysLate: null, meetingOverdue: true, meetingDueOn: '2020-11-12' }],
    ['三同步: same day', { interpretationsOn: ['2020-10-12'], meetingsOn: ['2020-11-01'] }, '2021-01-01', { unexplained: false, daysLate: 0, meetingOverdue: false, meetingDueOn: '2020-11-12' }],
    ['late by 9 days (first one counts)', { interpretationsOn: ['2020-11-02', '2020-10-21'] }, '2020-10-30', { unexplained: false, daysLate: 9, meetingOverdue: false, meetingDueOn: '2020-11-12' }],
    ['meeting after the month still misses it', { meetingsOn: ['2020-11-20'] }, '2020-12-01', { unexplained: true, daysLate: null, meetingOverdue: true, meetingDueOn: '2020-11-12' }],
    ['not needed: never unexplained or overdue', { needed: false }, '2021-06-01', { unexplained: false, daysLate: null, meetingOverdue: false, meetingDueOn: '2020-11-12' }],
    ['month counted from the effective date', { effectiveOn: '2020-09-30' }, '2020-10-31', { unexplained: true, daysLate: null, meetingOverdue: true, meetingDueOn: '2020-10-30' }],
  ];
  for (const [name, over, today, want] of cases) {
    it(`policy status: ${name}`, () => {
      const s = policyStatus({ ...base, ...over }, today);
      assert.deepEqual({ unexplained: s.unexplained, daysLate: s.daysLate, meetingOverdue: s.meetingOverdue, meetingDueOn: s.meetingDueOn }, want);
    });
  }

  it('tallies per unit and year with the ids behind each number', () => {
    const s = [
      policyStatus({ ...base, id: 1 }, '2021-01-01'),
      policyStatus({ ...base, id: 2, interpretationsOn: ['2020-10-15'], meetingsOn: ['2020-10-20'] }, '2021-01-01'),
      policyStatus({ ...base, id: 3, needed: false }, '2021-01-01'),
      policyStatus({ ...base, id: 4, unitId: 8, publishedOn: '2021-03-01', effectiveOn: '2021-03-01' }, '2021-03-02'),
    ];
    assert.deepEqual(tally(s), [
      { unitId: 8, year: 2021, policies: 1, needed: 1, unexplained: [4], late: [], meetingOverdue: [] },
      { unitId: 7, year: 2020, policies: 3, needed: 2, unexplained: [1], late: [2], meetingOverdue: [1] },
    ]);
  });
});
