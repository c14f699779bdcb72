// The dashboard's SQL counts (dashboard-query.ts) equal the pure rules (dashboard.ts) applied to the same
// records, on generated data full of edges: publications around Beijing midnight (16:00 UTC), month-end
// effective dates (01-31, 02-29, 12-31), meetings on and after the due day, unit marks both ways, withdrawn,
// scheduled and non-public interpretations, and policies with several interpretations.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import type { Db } from '../../platform/db/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { publicOnly } from '../documents/public.ts';
import { needsInterpretation, policyStatus, tally, type PolicyStatus } from './dashboard.ts';
import { countsOf, dashboardDrill, dashboardLines, dashboardTallies } from './dashboard-query.ts';

/** The reference: every public policy's facts read plainly and judged by the pure rules in JS. */
async function statusesByRules(db: Db, unitIds: number[] | null, today: string): Promise<PolicyStatus[]> {
  let q = publicOnly(db.selectFrom('documents'))
    .leftJoin('interpretations', 'interpretations.document_id', 'documents.id')
    .leftJoin('interpretation_needs', 'interpretation_needs.policy_id', 'documents.id')
    .where('interpretations.document_id', 'is', null)
    .select(['documents.id', 'documents.unit_id', 'documents.kind', 'documents.published_at', 'documents.written_on', 'interpretation_needs.needed']);
  if (unitIds) q = q.where('documents.unit_id', 'in', unitIds);
  const policies = await q.execute();
  const interp = await publicOnly(db.selectFrom('interpretation_links').innerJoin('documents', 'documents.id', 'interpretation_links.interpretation_id'))
    .select(['interpretation_links.policy_id', 'documents.published_at'])
    .execute();
  const meetings = await db.selectFrom('interpretation_meetings').select(['policy_id', 'held_on']).execute();
  const on = new Map<number, string[]>();
  for (const i of interp) on.set(i.policy_id, [...(on.get(i.policy_id) ?? []), fmtDate(i.published_at)]);
  const met = new Map<number, string[]>();
  for (const m of meetings) met.set(m.policy_id, [...(met.get(m.policy_id) ?? []), m.held_on]);
  return policies.map((p) => {
    const publishedOn = fmtDate(p.published_at);
    return policyStatus(
      {
        id: p.id,
        unitId: p.unit_id,
        publishedOn,
        effectiveOn: p.written_on ?? publishedOn,
        needed: needsInterpretation(p.kind, p.needed === null ? null : { needed: p.needed }),
        interpretationsOn: on.get(p.id) ?? [],
        meetingsOn: met.get(p.id) ?? [],
      },
      today,
    );
  });
}

describe('interpretations dashboard in SQL = the pure rules', () => {
  let t: TestApp;
  let units: number[];
  before(async () => {
    t = await buildTestApp();
    units = (await t.db.selectFrom('units').select('id').orderBy('id').execute()).map((u) => u.id).slice(0, 4);
    // A small deterministic generator (no Math.random: a failure must reproduce).
    let seed = 20201012;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const days = ['2020-01-31', '2020-02-29', '2020-03-31', '2020-12-31', '2021-01-31', '2021-06-15', '2024-01-31', '2026-11-05', '2026-11-20'];
    // Instants as toISOString writes them around Beijing midnight, and in another form (an import's offset).
    const times = ['T00:00:00.000Z', 'T15:59:59.000Z', 'T16:00:00.000Z', 'T23:30:00.000Z', 'T07:30:00+08:00', 'T00:30:00+08:00'];
    const now = new Date().toISOString();
    const base = (i: number, over: Record<string, unknown>) => ({
      unit_id: units[rnd(units.length)]!,
      status: 'published',
      title: `政策 ${i}`,
      index_no: `T/${i}`,
      kind: ['normative', 'rule', 'other', 'other'][rnd(4)]!,
      genre: 'tongzhi',
      column_code: 'zcwj.qzfwj',
      publisher: '宿城区',
      written_on: null as string | null,
      published_at: now,
      keywords: '[]',
      summary: '',
      body: '<p>正文</p>',
      validity: '有效',
      disclosure: '主动公开',
      version: 1,
      created_at: now,
      updated_at: now,
      ...over,
    });
    const policyIds: number[] = [];
    for (let i = 0; i < 160; i++) {
      const day = days[rnd(days.length)]!;
      const written = rnd(3) === 0 ? null : days[rnd(days.length)]!;
      const status = rnd(12) === 0 ? 'withdrawn' : 'published';
      const row = await t.db.insertInto('documents').values(base(i, { status, written_on: written, published_at: `${day}${times[rnd(times.length)]}` })).returning('id').executeTakeFirstOrThrow();
      policyIds.push(row.id);
    }
    for (let i = 0; i < 120; i++) {
      const day = days[rnd(days.length)]!;
      const state = rnd(10);
      const over = {
        kind: 'other',
        genre: 'jiedu',
        title: `解读 ${i}`,
        index_no: `TJ/${i}`,
        status: state === 0 ? 'withdrawn' : state === 1 ? 'approved' : 'published',
        disclosure: state === 2 ? '依申请公开' : '主动公开',
        // One far in the future: scheduled, not yet public.
        published_at: state === 3 ? '2099-01-01T00:00:00.000Z' : `${day}${times[rnd(times.length)]}`,
      };
      const row = await t.db.insertInto('documents').values(base(10_000 + i, over)).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('interpretations').values({ document_id: row.id, created_at: now }).execute();
      const links = new Set([policyIds[rnd(policyIds.length)]!, policyIds[rnd(policyIds.length)]!]);
      for (const p of links) await t.db.insertInto('interpretation_links').values({ interpretation_id: row.id, policy_id: p, created_at: now }).execute();
    }
    for (let i = 0; i < 40; i++) {
      const d = days[rnd(days.length)]!;
      await t.db.insertInto('interpretation_meetings').values({ policy_id: policyIds[rnd(policyIds.length)]!, held_on: d, place: '会议室', organiser: '区政府办', audience: '企业', questions: '', photos: '[]', created_by: null, created_at: now }).execute();
    }
    for (let i = 0; i < 30; i++) {
      const p = policyIds[i * 5]!;
      await t.db.insertInto('interpretation_needs').values({ policy_id: p, needed: i % 2, reason: i % 2 ? null : '无需解读', set_by: null, set_at: now }).execute();
    }
  });
  after(async () => t?.close());

  for (const today of ['2020-03-01', '2021-03-01', '2026-12-07']) {
    it(`counts per unit and year match on ${today}, for the district and for one unit`, async () => {
      for (const scope of [null, [units[1]!]]) {
        const want = countsOf(tally(await statusesByRules(t.db, scope, today)));
        const got = await dashboardTallies(t.db, scope, today);
        assert.deepEqual(got, want);
        if (!scope) assert.ok(want.some((w) => w.unexplained > 0) && want.some((w) => w.late > 0) && want.some((w) => w.meetingOverdue > 0), 'the generated data exercises the metrics');
      }
    });
  }

  it('the drill-down pages in SQL through the same policies, and the export lines carry the same days late', async () => {
    const today = '2026-12-07';
    const rules = await statusesByRules(t.db, null, today);
    const lines = await dashboardLines(t.db, null, today);
    const byId = new Map(rules.map((r) => [r.id, r]));
    assert.equal(lines.length, rules.length);
    for (const l of lines) {
      const r = byId.get(l.id)!;
      assert.deepEqual({ unexplained: l.unexplained, daysLate: l.daysLate, meetingDueOn: l.meetingDueOn, meetingOverdue: l.meetingOverdue, year: l.year, needed: l.needed }, {
        unexplained: r.unexplained, daysLate: r.daysLate, meetingDueOn: r.meetingDueOn, meetingOverdue: r.meetingOverdue, year: r.year, needed: r.needed,
      }, `policy ${l.id}`);
    }
    for (const metric of ['unexplained', 'late', 'meetingOverdue'] as const) {
      const want = rules.filter((s) => (metric === 'late' ? (s.daysLate ?? 0) > 0 : s[metric])).map((s) => s.id).sort((a, b) => a - b);
      const seen: number[] = [];
      for (let page = 1; page < 50; page++) {
        const r = await dashboardDrill(t.db, null, { metric, page, pageSize: 7 }, today);
        assert.equal(r.total, want.length);
        if (!r.items.length) break;
        seen.push(...r.items.map((i) => i.id));
      }
      assert.deepEqual(seen.sort((a, b) => a - b), want, metric);
    }
    const u = units[2]!;
    const y = rules.find((r) => r.unitId === u)!.year;
    const one = await dashboardDrill(t.db, null, { metric: 'unexplained', unitId: u, year: y, page: 1, pageSize: 500 }, today);
    assert.deepEqual(one.items.map((i) => i.id).sort((a, b) => a - b), rules.filter((r) => r.unitId === u && r.year === y && r.unexplained).map((r) => r.id).sort((a, b) => a - b));
  });
});
