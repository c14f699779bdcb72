// Did-you-mean on PostgreSQL plans each call with the query's own words, from the text index (migration
// 20261207223000): gongkai_search_keep's statements run as PL/pgSQL prepared statements, and a generic plan (after five
// calls) chose a scan of every published row by date, reading each tsvector back — 0.6–1.1 s a zero-result page at
// 100,000 documents (docs/performance.md, LD13). Here: the function carries the settings, and it still suggests the
// words that find something together after many calls (the generic-plan point), as SQLite does from memory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, DIALECT, type TestApp } from '../../../test/helpers.ts';
import { sql } from '../../platform/db/index.ts';
import { importDemoDocuments } from './demo.fixtures.ts';
import { createSearch, type SearchEngine } from './engine.ts';

describe('did-you-mean of a query that finds nothing', () => {
  let t: TestApp;
  let engine: SearchEngine;

  before(async () => {
    t = await buildTestApp();
    engine = createSearch(t.db);
    await importDemoDocuments(t.db);
  });
  after(async () => t?.close());

  it('keeps the words that find something together, call after call', async () => {
    for (let i = 0; i < 8; i++) {
      const r = await engine.search(t.db, { q: '政务公开 鲲鹏扶摇', page: 1, pageSize: 20, sort: 'relevance' });
      assert.equal(r.total, 0);
      assert.equal(r.didYouMean, '政务公开', `call ${i + 1}`);
    }
  });

  // PostgreSQL only (registered there; SQLite counts from memory and has no such function).
  if (DIALECT === 'postgres') it('PostgreSQL: gongkai_search_keep is planned per call and without plain index scans', async () => {
    const { rows } = await sql<{ cfg: string[] | null }>`select proconfig as cfg from pg_proc where proname = 'gongkai_search_keep'`.execute(t.db);
    assert.equal(rows.length, 1);
    const cfg = rows[0].cfg ?? [];
    assert.ok(cfg.includes('enable_indexscan=off'), cfg.join(', '));
    assert.ok(cfg.includes('plan_cache_mode=force_custom_plan'), cfg.join(', '));
    assert.ok(cfg.includes('enable_seqscan=off'), cfg.join(', '));
  });
});
