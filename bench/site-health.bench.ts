// `node --import tsx bench/site-health.bench.ts`: the 网站健康度 page at scale (issue 19, "Measured": health
// pages for 30 units < 500 ms). 30 units (the demo tree plus departments), N published documents spread
// over them and the catalog's columns (size knob `--docs N` or BENCH_DOCS, default 100,000), N/10 requests
// (some overdue), annual reports, and a crawl with 2,000 findings. Times GET /admin/health (the portal with
// every unit's verdict: 30 × 9 checks), one unit's page and GET /api/v1/health — cold (after a change, so
// every figure is computed anew) and warm, p50/p95, with the CPU of a cold view.
// SQLite by default; GONGKAI_TEST_DB=postgres (with TEST_PG_URL) for PostgreSQL.
import { performance } from 'node:perf_hooks';
import { buildTestApp, makeToken, makeUser, staffSessions, DIALECT } from '../test/helpers.ts';
import { COLUMNS } from '../src/features/taxonomy/public.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DOCS = Number(arg('docs') || process.env.BENCH_DOCS || 100_000);
const UNITS = 30;
const RUNS = Number(arg('runs') || 10);
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const t = await buildTestApp();
try {
  await makeUser(t, 'bench-admin', 'admin', 'sucheng');
  const token = await makeToken(t, 'bench-admin');
  const now = new Date().toISOString();
  const root = await t.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const have = (await t.db.selectFrom('units').select('id').execute()).length;
  for (let i = have; i < UNITS; i++) {
    await t.db.insertInto('units').values({ code: `bench${i}`, name: `宿城区测试局${i}`, type: 'department', parent_id: root.id, index_prefix: `11321302MB${String(i).padStart(7, '0')}X`, position: 100 + i, created_at: now, updated_at: now } as any).execute();
  }
  const units = (await t.db.selectFrom('units').select('id').execute()).map((u) => u.id);
  const leaves = COLUMNS.filter((c) => !COLUMNS.some((x) => x.parent === c.code)).map((c) => c.code);
  const loadStart = performance.now();
  const BATCH = 500;
  const day0 = Date.UTC(2019, 0, 1);
  const span = Date.now() - day0;
  for (let i = 0; i < DOCS; i += BATCH) {
    await t.db
      .insertInto('documents')
      .values(
        Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, k) => {
          const n = i + k;
          const at = new Date(day0 + ((n * 7919) % 1000) / 1000 * span).toISOString();
          return {
            unit_id: units[n % units.length]!, status: 'published', title: `文件 ${n}`, index_no: `BH/${n}`, kind: 'other', genre: n % 3 ? 'tongzhi' : 'yijian',
            column_code: leaves[(n * 31) % leaves.length]!, publisher: '宿城区', written_on: null, published_at: at, keywords: '[]', summary: '', body: '<p>正文</p>',
            validity: n % 50 === 0 ? '废止' : '有效', validity_on: n % 50 === 0 ? '2024-01-01' : null, disclosure: '主动公开', version: 1, created_at: now, updated_at: now,
          } as any;
        }),
      )
      .execute();
  }
  const REQS = Math.round(DOCS / 10);
  for (let i = 0; i < REQS; i += BATCH) {
    await t.db
      .insertInto('requests')
      .values(
        Array.from({ length: Math.min(BATCH, REQS - i) }, (_, k) => {
          const n = i + k;
          return {
            tracking_no: `2026-B${String(n).padStart(6, '0')}`, query_code_hash: 'x', unit_id: units[n % units.length]!, channel: 'online', received_on: '2026-10-01', applicant_type: 'citizen',
            applicant: '{}', description: '申请', doc_ref: '', form: 'electronic', delivery: 'email', status: n % 20 === 0 ? 'in-progress' : 'delivered', outcome: null,
            created_at: now, updated_at: now, due_on: n % 40 === 0 ? '2026-11-01' : '2027-01-10', due_reason: '', due_provisional: 0, clock_running: n % 20 === 0 ? 1 : 0,
          } as any;
        }),
      )
      .execute();
  }
  const year = new Date().getUTCFullYear() - 1;
  for (const [i, u] of units.entries()) {
    if (i % 3) await t.db.insertInto('annual_reports').values({ unit_id: u, year, format: '2021', status: 'published', scope: 'unit', snapshot: '{}', revision: 1, published_at: `${year + 1}-01-${String(10 + (i % 20)).padStart(2, '0')}T02:00:00.000Z`, created_at: now, updated_at: now } as any).execute();
  }
  const crawl = await t.db.insertInto('health_crawls').values({ status: 'done', trigger: 'bench', started_at: now, finished_at: now, lease_until: now, pages: 5000, links: 90000, broken: 2000, truncated: 0, error: null, started_by: null }).returning('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 2000; i += BATCH) {
    await t.db.insertInto('health_crawl_findings').values(Array.from({ length: BATCH }, (_, k) => ({ crawl_id: crawl.id, page: `/xxgk/documents/${i + k + 1}`, link: `/xxgk/documents/${i + k + 1}/files/9`, link_text: '附件', kind: 'attachment' as const, status: 404, unit_id: units[(i + k) % units.length]! }))).execute();
  }
  console.log(`${DIALECT}: ${UNITS} units, ${DOCS} documents, ${REQS} requests loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const staff = staffSessions(() => t.app);
  const { b } = await staff.as('bench-admin');
  const touch = (i: string) =>
    t.db.insertInto('audit_log').values({ at: new Date().toISOString(), actor_id: null, actor_name: 'bench', action: 'bench.touch', entity: 'bench', entity_id: i, unit_id: null, before_json: null, after_json: null, ip: null } as any).execute();
  const measure = async (label: string, get: () => Promise<{ statusCode: number }>) => {
    const cold: number[] = [];
    const cpu: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await touch(`${label}${i}`);
      const c = process.cpuUsage();
      const s = performance.now();
      const r = await get();
      if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode}`);
      cold.push(performance.now() - s);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      const s2 = performance.now();
      await get();
      warm.push(performance.now() - s2);
    }
    console.log(`${label}: cold p50 ${pct(cold, 50).toFixed(0)} ms, p95 ${pct(cold, 95).toFixed(0)} ms (CPU p50 ${pct(cpu, 50).toFixed(0)} ms); warm p50 ${pct(warm, 50).toFixed(1)} ms`);
  };
  // A started server warms search 250 ms after it listens (search/index.ts: the dictionary and, on SQLite, the
  // index's in-memory fields); through inject nothing listens, so the first health view — whose search check runs
  // a real query — would pay that start-up work. Done here first, as the server does.
  await b.get(`/search?q=${encodeURIComponent('通知')}`);
  if (process.argv.includes('--breakdown')) await breakdown();
  await measure('GET /admin/health (portal + 30 units)', () => b.get('/admin/health'));
  await measure('GET /admin/health?unit=jyj', () => b.get('/admin/health?unit=jyj'));
  await measure('GET /api/v1/health', () => t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { authorization: `Bearer ${token}` } }));
} finally {
  await t.close();
}

/**
 * `--breakdown`: each contributed check alone over the portal and every unit with one page memo (as the
 * portal page does), CPU per check — which checks a cold view pays for.
 */
async function breakdown(): Promise<void> {
  const { contributedChecks } = await import('../src/features/site-health/checks.ts');
  const { loadUnitTree } = await import('../src/platform/access/unit-tree.ts');
  const { todayBeijing } = await import('../src/platform/views/format.ts');
  const tree = await loadUnitTree(t.db);
  const today = todayBeijing();
  const scopes = [{ unitId: null, unitIds: null }, ...[...tree.byId.keys()].map((id) => ({ unitId: id, unitIds: [...tree.subtree(id)].sort((a, b) => a - b) }))];
  for (let round = 0; round < 2; round++) {
    const line: string[] = [];
    for (const [key, c] of contributedChecks()) {
      const memo = new Map<string, Promise<unknown>>();
      const c0 = process.cpuUsage();
      const s = performance.now();
      await Promise.all(scopes.map((sc) => (c.scope === 'portal' && sc.unitId !== null ? null : c.evaluate(t.db, { ...sc, today, memo }))));
      const used = process.cpuUsage(c0);
      line.push(`${key} ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (${(performance.now() - s).toFixed(0)} ms)`);
    }
    console.log(`breakdown${round ? '' : ' (first round compiles)'}, ${scopes.length} scopes: ${line.join('; ')}`);
  }
}
