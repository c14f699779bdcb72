// Issue 15: the annual report's request tables counted in SQL (requestCountsForReport,
// requestPlacementsForReport in requests/public.ts) give exactly the tables the pure JS aggregation
// (aggregate.ts over requestOutcomesForReport) gives — every cell, the ids behind every cell, section 四,
// the monthly chart and the fee totals — on a generated set of 3,000 requests covering every outcome code
// and the edge cases of the counting rules; on both databases (GONGKAI_TEST_DB). A published report is
// read from its snapshot without a query on requests or documents.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { createTestDatabase, type TestDb } from '../../../test/helpers.ts';
import { prepareDatabase } from '../seed.ts';
import { APPLICANT_TYPES, OUTCOME_CODES, requestCountsForReport, requestOutcomesForReport, requestPlacementsForReport } from '../requests/public.ts';
import { buildRequestTable, buildReviewTable, monthlyOfCounts, monthlyOfFacts, tableOfPlaced } from './aggregate.ts';
import { formatForYear, REQUEST_COLUMNS } from './format.ts';
import { buildReport, loadReport, requestIdsOfCell } from './report.ts';
import { freezeReport } from './frozen.ts';
import { backfillClosedOn } from '../requests/migrations/20261207052000-request-closed-on.ts';

let h: TestDb;
let units: number[] = [];
const N = 3000;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const day = (base: string, n: number) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

/** 3,000 requests over 2023–2026 with every outcome code and the rules' edge cases. */
function plan() {
  const rand = rng(15);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const reqs: Record<string, unknown>[] = [];
  const events: { type: string; on: string; payload: Record<string, unknown> }[][] = [];
  for (let i = 0; i < N; i++) {
    const received = day('2023-06-01', Math.floor(rand() * 1000)); // to 2026-02
    const evs: { type: string; on: string; payload: Record<string, unknown> }[] = [];
    const ev = (type: string, on: string, extra: Record<string, unknown> = {}) => evs.push({ type, on, payload: { type, on, ...extra } });
    // Online requests awaiting confirmation: no receipt date, submitted near Beijing midnight (16:00 UTC).
    const unconfirmed = rand() < 0.06;
    const createdAt = unconfirmed ? `${day(received, -1)}T${pick(['15:59:59.999', '16:00:00.000', '23:30:00.000'])}Z` : `${received}T02:00:00.000Z`;
    let status = 'in-progress';
    let outcome: string | null = null;
    const close = day(received, 3 + Math.floor(rand() * 60));
    const r = rand();
    if (unconfirmed) status = 'awaiting-confirmation';
    else if (r < 0.1) status = pick(['in-progress', 'awaiting-supplement', 'in-consultation', 'awaiting-fee']);
    else if (r < 0.16) {
      ev('withdraw', close);
      status = 'closed';
      outcome = rand() < 0.8 ? 'other-3' : null; // some rows without the stored code: implied by the event
    } else if (r < 0.2) {
      ev('request-supplement', day(received, 2), { periodDays: 10 });
      ev('supplement-expired', close);
      status = 'closed';
      outcome = rand() < 0.5 ? 'other-1' : null;
    } else if (r < 0.23) {
      ev('fee-notice', day(received, 5), { amount: 100 + Math.floor(rand() * 900) });
      if (rand() < 0.5) {
        ev('fee-paid', day(received, 9));
        outcome = pick(OUTCOME_CODES);
        ev('decide', close, { outcome });
        status = 'decided';
      } else {
        ev('fee-expired', close);
        status = 'closed';
        outcome = rand() < 0.5 ? 'other-2' : null;
      }
    } else if (r < 0.25) {
      // Decided, then a later closing event (the last one's date counts), or a decide without a code.
      outcome = rand() < 0.5 ? pick(OUTCOME_CODES) : null;
      ev('decide', close, { outcome });
      if (rand() < 0.5) ev('withdraw', day(close, 400));
      status = 'decided';
    } else {
      outcome = i < OUTCOME_CODES.length ? OUTCOME_CODES[i]! : rand() < 0.4 ? 'grant' : pick(OUTCOME_CODES);
      ev('decide', close, { outcome });
      status = 'decided';
      if (rand() < 0.08) {
        const filed = day(close, 10 + Math.floor(rand() * 300));
        const reviewed = rand() < 0.6;
        if (reviewed) {
          ev('review-filed', filed);
          if (rand() < 0.7) ev('review-result', day(filed, 30 + Math.floor(rand() * 300)), { result: pick(['upheld', 'corrected', 'other']) });
        }
        if (rand() < 0.5) {
          const sued = day(filed, 100);
          ev('lawsuit-filed', sued);
          if (rand() < 0.6) ev('lawsuit-result', day(sued, Math.floor(rand() * 400)), { result: pick(['upheld', 'corrected', 'other']) });
        }
      }
    }
    const last = evs.at(-1)?.on;
    reqs.push({
      tracking_no: `T${String(i).padStart(6, '0')}`,
      query_code_hash: '0'.repeat(64),
      unit_id: units[Math.floor(rand() * units.length)]!,
      channel: unconfirmed ? 'online' : 'post',
      received_on: unconfirmed ? null : received,
      applicant_type: rand() < 0.02 ? 'legacy-type' : rand() < 0.7 ? 'natural' : pick(APPLICANT_TYPES),
      applicant: '{}',
      description: '测试申请',
      doc_ref: '',
      form: 'paper',
      delivery: 'pickup',
      status,
      outcome,
      created_at: createdAt,
      updated_at: last ? `${last}T03:00:00.000Z` : createdAt,
    });
    events.push(evs);
  }
  return { reqs, events };
}

describe('annual report: SQL aggregation = JS aggregation (issue 15)', () => {
  before(async () => {
    h = await createTestDatabase();
    await prepareDatabase(h, { demo: false });
    units = (await h.db.selectFrom('units').select('id').orderBy('id').execute()).map((u) => u.id);
    const { reqs, events } = plan();
    await h.db.transaction().execute(async (trx) => {
      for (let i = 0; i < reqs.length; i += 200) {
        const ids = await trx.insertInto('requests').values(reqs.slice(i, i + 200) as any).returning('id').execute();
        const evs = ids.flatMap((r, j) => events[i + j]!.map((e) => ({ request_id: r.id, type: e.type, on: e.on, payload: JSON.stringify(e.payload), actor_id: null, actor_name: '测试', at: `${e.on}T03:00:00.000Z` })));
        for (let k = 0; k < evs.length; k += 500) await trx.insertInto('request_events').values(evs.slice(k, k + 500)).execute();
      }
    });
    // Rows inserted directly: requests.closed_on from their events, as the migration fills it (the
    // commands keep it with each event; requests.commands.test.ts).
    await backfillClosedOn(h.db);
  });
  after(async () => h?.cleanup());

  for (const year of [2024, 2025]) {
    for (const which of ['all units', 'three units'] as const) {
      it(`${year}, ${which}: every cell, the ids behind it, section 四, the chart and the fees`, async () => {
        const unitIds = which === 'all units' ? units : units.slice(1, 4);
        const format = formatForYear(year);
        const js = await requestOutcomesForReport(h.db, { year, unitIds });
        const jsTable = buildRequestTable(js.requests, year, format);
        const sqlCounts = await requestCountsForReport(h.db, { year, unitIds });
        const counted = tableOfPlaced(sqlCounts.counts.flatMap((c) => (c.opening && c.closing ? [{ opening: c.opening, closing: c.closing, applicantType: c.applicantType, n: c.n }] : [])), format, false);
        assert.ok(jsTable.rows.find((r) => r.key === 'total')!.values!.total > (which === 'all units' ? 500 : 20), 'the set reaches the table');
        assert.deepEqual(
          counted.rows.map((r) => [r.key, r.values]),
          jsTable.rows.map((r) => [r.key, r.values]),
        );
        // Every outcome code is counted somewhere in the years the set covers.
        if (which === 'all units' && year === 2024) for (const code of OUTCOME_CODES) assert.ok(js.requests.some((f) => f.outcome === code), code);
        const placed = await requestPlacementsForReport(h.db, { year, unitIds });
        assert.deepEqual(tableOfPlaced(placed.map((p) => ({ ...p, n: 1 })), format, true), jsTable);
        assert.deepEqual(buildReviewTable(sqlCounts.litigation, year), buildReviewTable(js.requests, year));
        assert.deepEqual(monthlyOfCounts(sqlCounts.counts), monthlyOfFacts(js.requests, year));
        assert.deepEqual(sqlCounts.fees, js.fees);
        // The ids of each cell, read when it is opened.
        const lazy = { year, unitIds, requests: counted };
        for (const row of jsTable.rows) {
          for (const col of REQUEST_COLUMNS) {
            const ids = await requestIdsOfCell(h.db, lazy, row.key, col);
            assert.deepEqual(ids, row.heading ? null : row.ids![col], `${row.key}|${col}`);
          }
        }
        assert.equal(await requestIdsOfCell(h.db, lazy, 'total', 'nope'), null);
      });
    }
  }

  it('the report page: counted without ids, the same numbers as with them; a published report is read from its snapshot alone', async () => {
    const district = (await h.db.selectFrom('units').select('id').where('code', '=', 'sucheng').executeTakeFirstOrThrow()).id;
    const live = (await buildReport(h.db, district, 2025, 'tree'))!;
    const withIds = (await buildReport(h.db, district, 2025, 'tree', { ids: true }))!;
    assert.ok(live.requests.rows.every((r) => r.ids === null));
    assert.deepEqual(
      live.requests.rows.map((r) => r.values),
      withIds.requests.rows.map((r) => r.values),
    );
    assert.deepEqual({ ...live, requests: null }, { ...withIds, requests: null });

    const now = new Date().toISOString();
    const snapshot = freezeReport(withIds);
    const { id } = await h.db
      .insertInto('annual_reports')
      .values({ unit_id: district, year: 2025, format: withIds.format, status: 'published', scope: 'tree', snapshot, revision: 1, published_at: now, created_at: now, updated_at: now } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.db.insertInto('annual_report_revisions').values({ report_id: id, revision: 1, scope: 'tree', document_id: null, snapshot, reason: null, published_at: now, published_by: null, created_at: now }).execute();
    const tables: string[] = [];
    const spy: KyselyPlugin = {
      transformQuery(args) {
        tables.push(JSON.stringify(args.node)); // table nodes and raw SQL alike
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    };
    const published = (await loadReport(h.db.withPlugin(spy), district, 2025))!;
    assert.equal(published.revision, 1);
    assert.deepEqual(published.requests, withIds.requests, 'the ids behind every cell as published');
    assert.ok(tables.length > 0);
    assert.deepEqual(tables.filter((q) => /request|documents/.test(q)), [], 'no query on requests or documents');
    // The frozen cell's ids come from the snapshot, without a query.
    tables.length = 0;
    assert.deepEqual(await requestIdsOfCell(h.db.withPlugin(spy), published, 'new', 'natural'), withIds.requests.rows.find((r) => r.key === 'new')!.ids!.natural);
    assert.deepEqual(tables, []);
  });
});
