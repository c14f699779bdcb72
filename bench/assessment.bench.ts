// `npm run bench:assessment` (issue 19, "Measured": health and assessment pages for 30 units < 500 ms): 30 units
// (the demo tree's 21 plus 9 more towns), a year of records — published documents with their 20-working-day last
// day (late and in time), requests closed in and out of time, consultations, new-media accounts with updates —
// then the ranking page /admin/assessment and a unit's page /admin/assessment/units/:id (with its month and year
// trends) as the 政府办's administrator: cold (after a change, so every indicator is measured again) and warm
// (same data version), p50/p95, with the process CPU of the cold runs.
// SQLite by default; GONGKAI_TEST_DB=postgres (with TEST_PG_URL) for PostgreSQL. Size knob: `--docs 20000`
// (or BENCH_DOCS; requests are 1/10 of it). Run it small on a shared machine: `--docs 2000`.
import { performance } from 'node:perf_hooks';
import { buildTestApp, makeUser, staffSessions, DIALECT } from '../test/helpers.ts';
import { invalidateUnitTree } from '../src/platform/access/unit-tree.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DOCS = Number(arg('docs') || process.env.BENCH_DOCS || 20_000);
const REQUESTS = Math.round(DOCS / 10);
const RUNS = Number(arg('runs') || process.env.BENCH_RUNS || 10);
const YEAR = 2026;
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const t = await buildTestApp();
try {
  await makeUser(t, 'bench-office', 'unit-admin', 'zfb');
  const now = new Date().toISOString();
  const root = await t.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const have = (await t.db.selectFrom('units').select('id').execute()).length;
  for (let i = have; i < 30; i++) {
    await t.db
      .insertInto('units')
      .values({ code: `bench${i}`, name: `基准测试镇${i}`, type: 'town', parent_id: root.id, index_prefix: `BENCH${i}`, position: 1000 + i, guide_arrangement: '', guide_obtain: '', office_name: '', office_address: '', office_hours: '', phone: '', fax: '', email: '', postcode: '', created_at: now, updated_at: now })
      .execute();
  }
  invalidateUnitTree(t.db);
  const units = (await t.db.selectFrom('units').select('id').orderBy('id').execute()).map((u) => u.id);
  const loadStart = performance.now();
  const BATCH = 500;
  const day = (i: number) => new Date(Date.UTC(YEAR, 0, 1) + (i % 330) * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < DOCS; i += BATCH) {
    await t.db
      .insertInto('documents')
      .values(
        Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, k) => {
          const n = i + k;
          const formed = day(n);
          const due = day(n + 28);
          const pub = `${day(n + (n % 7 === 0 ? 40 : 10))}T02:00:00.000Z`;
          return {
            unit_id: units[n % units.length]!,
            status: 'published',
            title: `考核基准文件 ${n}`,
            index_no: `BK/${n}`,
            kind: 'other',
            genre: 'tongzhi',
            column_code: 'zcwj.qzfwj',
            publisher: '宿城区',
            formed_on: formed,
            written_on: formed,
            art26_due_on: due,
            published_at: pub,
            keywords: '[]',
            summary: '',
            body: '<p>正文</p>',
            validity: '有效',
            disclosure: '主动公开',
            version: 1,
            created_at: now,
            updated_at: now,
          };
        }) as any,
      )
      .execute();
  }
  for (let i = 0; i < REQUESTS; i += BATCH) {
    await t.db
      .insertInto('requests')
      .values(
        Array.from({ length: Math.min(BATCH, REQUESTS - i) }, (_, k) => {
          const n = i + k;
          return {
            tracking_no: `BK${String(n).padStart(8, '0')}`,
            query_code_hash: 'x',
            unit_id: units[n % units.length]!,
            channel: 'online',
            received_on: day(n),
            applicant_type: 'citizen',
            applicant: '{}',
            description: '基准',
            doc_ref: '',
            form: 'electronic',
            delivery: 'online',
            status: 'delivered',
            outcome: n % 5 === 0 ? 'deny-1' : 'grant',
            created_at: `${day(n)}T01:00:00.000Z`,
            updated_at: `${day(n + 20)}T01:00:00.000Z`,
            due_on: day(n + 28),
            closed_on: day(n + (n % 9 === 0 ? 35 : 15)),
          };
        }) as any,
      )
      .execute();
  }
  console.log(`${DIALECT}: ${units.length} units, ${DOCS} documents, ${REQUESTS} requests loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const staff = staffSessions(() => t.app);
  const { b } = await staff.as('bench-office');
  let touch = 0;
  const change = () =>
    t.db.insertInto('audit_log').values({ at: new Date().toISOString(), actor_id: null, actor_name: 'bench', action: 'bench.touch', entity: 'bench', entity_id: String(touch++), unit_id: null, before_json: null, after_json: null, ip: null }).execute();
  const measure = async (label: string, url: string, cold: boolean) => {
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      if (cold) await change();
      const c = process.cpuUsage();
      const s = performance.now();
      const r = await b.get(url);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
      const used = process.cpuUsage(c);
      if (i === 0) continue; // the first run compiles and fills the other caches
      ms.push(performance.now() - s);
      cpu.push((used.user + used.system) / 1000);
    }
    console.log(`${label} ${url}: p50 ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms; CPU p50 ${pct(cpu, 50).toFixed(0)} ms`);
  };
  if (process.argv.includes('--breakdown')) await breakdown();
  await measure('cold', `/admin/assessment?year=${YEAR}`, true);
  await measure('warm', `/admin/assessment?year=${YEAR}`, false);
  await measure('cold', `/admin/assessment/units/${units[3]}?year=${YEAR}`, true);
  await measure('warm', `/admin/assessment/units/${units[3]}?year=${YEAR}`, false);
} finally {
  await t.close();
}

/** `--breakdown`: each contributed indicator alone for every unit, CPU per indicator — which ones a cold ranking pays for. */
async function breakdown(): Promise<void> {
  const { indicatorContributions } = await import('../src/features/assessment/service.ts');
  const { todayBeijing } = await import('../src/platform/views/format.ts');
  const unitIds = (await t.db.selectFrom('units').select('id').orderBy('id').execute()).map((u) => u.id);
  const today = todayBeijing();
  for (let round = 0; round < 2; round++) {
    const line: string[] = [];
    for (const [key, ind] of indicatorContributions()) {
      const c0 = process.cpuUsage();
      const s = performance.now();
      await ind.compute(t.db, { year: YEAR, unitIds, today });
      const used = process.cpuUsage(c0);
      line.push(`${key} ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (${(performance.now() - s).toFixed(0)} ms)`);
    }
    console.log(`breakdown${round ? '' : ' (first round compiles)'}, ${unitIds.length} units: ${line.join('; ')}`);
  }
}
