// `node --import tsx bench/interpretations.bench.ts`: the 政策解读 dashboard at scale (issue 16, "Measured"):
// 100,000 published documents (half of them 行政规范性文件) and 20,000 published interpretations linked to
// them, 5,000 meetings; the district dashboard page (GET /admin/interpretations/dashboard as the platform
// admin, which reads every policy) and a policy page with its interpretation list — p50/p95 over 20 runs.
// SQLite by default; GONGKAI_TEST_DB=postgres (with TEST_PG_URL) for PostgreSQL. Size knob: `--docs 10000`
// (interpretations, meetings and policies scale with it: 1/5 and 1/20 of the documents) or BENCH_DOCS /
// BENCH_INTERPS. Besides wall time it reports the process CPU per cold view (user + system), which a busy
// machine disturbs less than wall time; cold drill-downs (page 2 of unexplained and of late) likewise. The
// database is filled after the start, so SQLite plans without statistics (the harder case). Loading 100,000
// documents takes ~35 s on SQLite; `--docs 10000` runs in ~15 s.
import { performance } from 'node:perf_hooks';
import { buildTestApp, makeUser, staffSessions, unitId, DIALECT } from '../test/helpers.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DOCS = Number(arg('docs') || process.env.BENCH_DOCS || 100_000);
const INTERPS = Number(arg('interps') || process.env.BENCH_INTERPS || Math.round(DOCS / 5));
const MEETINGS = Math.round(DOCS / 20);
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const t = await buildTestApp();
try {
  await makeUser(t, 'bench-admin', 'admin', 'sucheng');
  const units = (await t.db.selectFrom('units').select('id').execute()).map((u) => u.id);
  const zfb = await unitId(t, 'zfb');
  const now = new Date().toISOString();
  const loadStart = performance.now();
  const BATCH = 500;
  const doc = (i: number, interp: boolean) => {
    const day = new Date(Date.UTC(2019, 0, 1) + (i % 2500) * 86_400_000);
    const pub = new Date(day.getTime() + (interp ? (i % 20) * 86_400_000 : 0)).toISOString();
    return {
      unit_id: interp ? zfb : units[i % units.length]!,
      status: 'published',
      title: `${interp ? '解读' : '文件'} ${i}`,
      index_no: `B${interp ? 'J' : 'D'}/${i}`,
      kind: !interp && i % 2 === 0 ? 'normative' : 'other',
      genre: interp ? 'jiedu' : 'tongzhi',
      column_code: interp ? 'zcwj.zcjd' : 'zcwj.qzfwj',
      publisher: '宿城区',
      written_on: day.toISOString().slice(0, 10),
      published_at: pub,
      keywords: '[]',
      summary: '',
      body: interp ? '<p>解读</p>' : '<p>正文</p>',
      validity: '有效',
      disclosure: '主动公开',
      version: 1,
      created_at: now,
      updated_at: now,
    };
  };
  for (let i = 0; i < DOCS; i += BATCH) {
    await t.db.insertInto('documents').values(Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, k) => doc(i + k, false))).execute();
  }
  const policyIds = (await t.db.selectFrom('documents').select('id').where('kind', '=', 'normative').orderBy('id').execute()).map((r) => r.id);
  for (let i = 0; i < INTERPS; i += BATCH) {
    const n = Math.min(BATCH, INTERPS - i);
    const ids = (await t.db.insertInto('documents').values(Array.from({ length: n }, (_, k) => doc(i + k, true))).returning('id').execute()).map((r) => r.id);
    await t.db.insertInto('interpretations').values(ids.map((id) => ({ document_id: id, created_at: now }))).execute();
    await t.db.insertInto('interpretation_links').values(ids.map((id, k) => ({ interpretation_id: id, policy_id: policyIds[(i + k) % policyIds.length]!, created_at: now }))).execute();
  }
  for (let i = 0; i < MEETINGS; i += BATCH) {
    await t.db
      .insertInto('interpretation_meetings')
      .values(Array.from({ length: Math.min(BATCH, MEETINGS - i) }, (_, k) => ({ policy_id: policyIds[(i + k) * 3 % policyIds.length]!, held_on: '2020-01-15', place: '会议室', organiser: '区政府办', audience: '企业', questions: '', photos: '[]', created_by: null, created_at: now })))
      .execute();
  }
  console.log(`${DIALECT}: loaded ${DOCS} documents, ${INTERPS} interpretations in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const staff = staffSessions(() => t.app);
  const { b } = await staff.as('bench-admin');
  const time = async (url: string, runs = 20) => {
    const ms: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const s = performance.now();
      const r = await b.get(url);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
      if (i >= 2) ms.push(performance.now() - s);
    }
    console.log(`${url}: p50 ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms`);
  };
  // Cold: each run after a change (an audit row), so the dashboard is computed anew; warm: unchanged data.
  const cold: number[] = [];
  const coldCpu: number[] = [];
  for (let i = 0; i < 10; i++) {
    await t.db.insertInto('audit_log').values({ at: new Date().toISOString(), actor_id: null, actor_name: 'bench', action: 'bench.touch', entity: 'bench', entity_id: String(i), unit_id: null, before_json: null, after_json: null, ip: null }).execute();
    const s = performance.now();
    const c = process.cpuUsage();
    const r = await b.get('/admin/interpretations/dashboard');
    if (r.statusCode !== 200) throw new Error(`dashboard: ${r.statusCode}`);
    const used = process.cpuUsage(c);
    coldCpu.push((used.user + used.system) / 1000);
    cold.push(performance.now() - s);
  }
  console.log(`/admin/interpretations/dashboard (cold, after a change): p50 ${pct(cold, 50).toFixed(0)} ms, p95 ${pct(cold, 95).toFixed(0)} ms; CPU p50 ${pct(coldCpu, 50).toFixed(0)} ms, p95 ${pct(coldCpu, 95).toFixed(0)} ms`);
  // A drill-down (one page of policies) after a change: the counts anew and one page.
  for (const metric of ['unexplained', 'late']) {
    const drill: number[] = [];
    const drillCpu: number[] = [];
    for (let i = 0; i < 5; i++) {
      await t.db.insertInto('audit_log').values({ at: new Date().toISOString(), actor_id: null, actor_name: 'bench', action: 'bench.touch', entity: 'bench', entity_id: `d${i}`, unit_id: null, before_json: null, after_json: null, ip: null }).execute();
      const s = performance.now();
      const c = process.cpuUsage();
      const r = await b.get(`/admin/interpretations/dashboard?metric=${metric}&page=2`);
      if (r.statusCode !== 200) throw new Error(`drill-down: ${r.statusCode}`);
      const used = process.cpuUsage(c);
      drillCpu.push((used.user + used.system) / 1000);
      drill.push(performance.now() - s);
    }
    console.log(`/admin/interpretations/dashboard?metric=${metric}&page=2 (cold): p50 ${pct(drill, 50).toFixed(0)} ms; CPU p50 ${pct(drillCpu, 50).toFixed(0)} ms`);
  }
  await time('/admin/interpretations/dashboard');
  await time(`/xxgk/documents/${policyIds[0]}`);
  await time(`/xxgk/documents/${policyIds[1]}`);
} finally {
  await t.close();
}
