// The frozen report (pure): which records are counted differently now than when it was published,
// and reading stored snapshots (full reports, or the numbers-only snapshots stored before issue 12).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedRecords, freezeReport, numbersOfSnapshot, thawReport } from './frozen.ts';
import type { AnnualReport } from './report.ts';
import type { NumericReport } from './checks.ts';

type Cells = { requests?: Record<string, Record<string, number[]>>; review?: Record<string, Record<string, number[]>>; docs?: Record<string, Record<string, number[]>> };

function report(c: Cells): Pick<AnnualReport, 'requests' | 'review' | 'active'> {
  return {
    requests: { format: '2021', columns: [], rows: Object.entries(c.requests ?? {}).map(([key, ids]) => ({ key, label: key, depth: 0, heading: false, codes: [], values: null, ids })) } as any,
    review: Object.entries(c.review ?? {}).map(([group, ids]) => ({ group, values: {}, ids })) as any,
    active: [{ item: '第二十条第（一）项', columns: [], rows: Object.entries(c.docs ?? {}).map(([key, cols]) => ({ key, label: key, source: 'documents', sourceNote: '', cells: Object.fromEntries(Object.entries(cols).map(([k, ids]) => [k, { value: ids.length, ids }])) })) }] as any,
  };
}

const base: Cells = { requests: { new: { natural: [1, 2], total: [1, 2] }, grant: { natural: [1], total: [1] }, 'carried-forward': { natural: [2], total: [2] } }, docs: { normative: { made: [7], valid: [7] } } };

describe('changedRecords', () => {
  const cases: { name: string; live: Cells; n: number }[] = [
    { name: 'nothing changed', live: base, n: 0 },
    {
      name: 'a back-dated request added',
      live: { ...base, requests: { new: { natural: [1, 2, 3], total: [1, 2, 3] }, grant: { natural: [1, 3], total: [1, 3] }, 'carried-forward': { natural: [2], total: [2] } } },
      n: 1,
    },
    {
      name: 'an open request closed afterwards with a back-dated decision (moved)',
      live: { ...base, requests: { new: { natural: [1, 2], total: [1, 2] }, grant: { natural: [1, 2], total: [1, 2] }, 'carried-forward': { natural: [], total: [] } } },
      n: 1,
    },
    { name: 'a request deleted', live: { ...base, requests: { new: { natural: [1], total: [1] }, grant: { natural: [1], total: [1] } } }, n: 1 },
    { name: 'a document repealed back-dated', live: { ...base, docs: { normative: { made: [7], valid: [], repealed: [7] } } }, n: 1 },
    { name: 'a review filed afterwards', live: { ...base, review: { review: { pending: [1], total: [1] } } }, n: 1 },
    { name: 'request and document with the same id are different records', live: { ...base, docs: { normative: { made: [7, 1], valid: [7, 1] } } }, n: 1 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(changedRecords(report(base), report(c.live)), c.n));
});

describe('snapshots', () => {
  const numbers: NumericReport = { requests: [{ key: 'new', label: '一', values: { total: 3 } }], review: [] };
  it('a numbers-only snapshot (before issue 12) is not a frozen report, but still gives R5 its numbers', () => {
    assert.equal(thawReport(JSON.stringify(numbers)), null);
    assert.deepEqual(numbersOfSnapshot(JSON.stringify(numbers), () => assert.fail('not a full report')), numbers);
  });
  it('a full snapshot round-trips (text on SQLite, an object on PostgreSQL); garbage gives null', () => {
    const r = { ...report(base), year: 2025, changedSincePublication: 4, revisions: [{ revision: 1 }] } as unknown as AnnualReport;
    const text = freezeReport(r);
    const back = thawReport(text)!;
    assert.equal(back.year, 2025);
    assert.equal(back.changedSincePublication, null, 'not stored');
    assert.deepEqual(back.revisions, []);
    assert.equal(thawReport(JSON.parse(text))!.year, 2025);
    assert.equal(numbersOfSnapshot(text, () => numbers), numbers);
    assert.equal(thawReport('{not json'), null);
    assert.equal(numbersOfSnapshot(null, () => numbers), null);
  });
});
