// Facet counts of a search agree with the searches they lead to, on SQLite and PostgreSQL (GONGKAI_TEST_DB=postgres):
// each listed value's count is the total of the same search filtered by it, and the counts of a facet every document
// has add up to the total. PostgreSQL counts all facets in one pass (engine.ts pgFacetCounts, grouping sets) over
// the hits' own rows (gongkai_search_rows) — a value counted under the wrong facet, or a row counted twice, fails here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedDemoDocuments } from '../documents/seed.ts';
import { createSearch, type SearchEngine, type SearchParams } from './engine.ts';

describe('search facet counts', () => {
  let t: TestApp;
  let engine: SearchEngine;

  before(async () => {
    t = await buildTestApp();
    engine = createSearch(t.db);
    await seedDemoDocuments(t.db);
  });
  after(async () => t?.close());

  it('counts each facet value as many times as the search filtered by it finds', async () => {
    const filterOf = (facet: string, value: string): Partial<SearchParams> | null => {
      if (facet === 'unit') return { unit: Number(value) };
      if (facet === 'year') return { year: Number(value) };
      if (facet === 'genre') return { genre: value };
      if (facet === 'validity') return { validity: value };
      if (facet === 'kind') return { kind: value };
      return null; // topic: the filter takes the sub-topics too
    };
    let checked = 0;
    for (const q of ['公开', '政务公开', '政务公开 要点', '教育', '通知']) {
      const r = await engine.search(t.db, { q, pageSize: 5 });
      assert.ok(r.total > 0, q);
      for (const f of ['validity', 'kind', 'year'] as const) {
        assert.equal(r.facets[f].reduce((s, x) => s + x.count, 0), r.total, `${q}: ${f} adds up to the total`);
      }
      for (const [facet, list] of Object.entries(r.facets)) {
        assert.ok(list.every((x) => x.count > 0 && x.label), `${q}: ${facet}`);
        assert.equal(new Set(list.map((x) => x.value)).size, list.length, `${q}: ${facet} lists each value once`);
        for (const x of list) {
          const filter = filterOf(facet, x.value);
          if (!filter) continue;
          const narrowed = await engine.search(t.db, { q, pageSize: 5, ...filter });
          assert.equal(narrowed.total, x.count, `${q}: ${facet} = ${x.value}`);
          checked++;
        }
      }
      assert.ok(r.facets.unit.length > 0 && r.facets.year.length > 0, q);
    }
    assert.ok(checked >= 20, `${checked} values checked`);
  });
});
