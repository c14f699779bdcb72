// `node --import tsx bench/consultations.bench.ts`: 征求意见 under load (issue 17, "Measured").
//   (a) public comments accepted per second through POST /api/v1/consultations/{id}/comments (in-process
//       app.inject, 8 in flight, each from its own address as real citizens are — the per-address rate
//       limit stays on), and how many failed;
//   (b) the consultation page with 5,000 published comments, paginated: latency of GET /yjzj/{id}?page=n
//       over random pages → p50/p95/p99.
// SQLite by default; GONGKAI_TEST_DB=postgres (with TEST_PG_URL) for PostgreSQL. Knobs: BENCH_COMMENTS (2000).
import { performance } from 'node:perf_hooks';
import { buildTestApp, makeUser, DIALECT } from '../test/helpers.ts';
import { advanceConsultation, createConsultation } from '../src/features/consultations/commands.ts';
import { todayBeijing } from '../src/platform/views/format.ts';
import { addDays } from '../src/features/consultations/rules.ts';

const N = Number(process.env.BENCH_COMMENTS || 2000);
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const t = await buildTestApp();
try {
  const ed = await makeUser(t, 'bench-ed', 'editor', 'zfb');
  const rv = await makeUser(t, 'bench-rv', 'reviewer', 'zfb');
  const body = Array.from({ length: 30 }, (_, i) => `第${i + 1}条 条文内容示例，用于测量页面渲染。`).join('\n\n');
  const c = await createConsultation(t.db, ed, { title: '性能测试（征求意见稿）', unit: 'zfb', startsOn: todayBeijing(), endsOn: addDays(todayBeijing(), 40), body });
  if (!c.ok) throw c.error;
  const id = c.value.id;
  for (const [who, step] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) {
    const r = await advanceConsultation(t.db, who, id, step);
    if (!r.ok) throw r.error;
  }

  // (a) comments per second
  let next = 0;
  let failed = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consultations/${id}/comments`,
        remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        payload: { body: `第 ${i} 条意见：建议进一步明确实施细则。`, article: `a${(i % 30) + 1}`, phone: `139${String(10_000_000 + i).slice(-8)}` },
      });
      if (r.statusCode !== 201) failed++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const secs = (performance.now() - start) / 1000;
  console.log(`[${DIALECT}] comments: ${N} in ${secs.toFixed(2)} s = ${(N / secs).toFixed(0)}/s, failed ${failed}`);

  // (b) the page with 5,000 published comments
  const have = N;
  const rows = Array.from({ length: Math.max(0, 5000 - have) }, (_, k) => ({
    consultation_id: id, receipt_no: `YJB-${k}`, version: 1, article: `a${(k % 30) + 1}`, body: `补充意见 ${k}`, name: null, phone: '13900000000', email: null, form: 'online',
    source: null, status: 'published' as const, moderation_reason: null, moderated_by: null, moderated_at: null, opinion_id: null, created_by: null, created_at: new Date().toISOString(),
  }));
  for (let k = 0; k < rows.length; k += 500) await t.db.insertInto('consultation_comments').values(rows.slice(k, k + 500)).execute();
  await t.db.updateTable('consultation_comments').set({ status: 'published' }).where('consultation_id', '=', id).execute();
  const lat: number[] = [];
  for (let k = 0; k < 20; k++) await t.app.inject(`/yjzj/${id}?page=${1 + k}`); // warm up
  for (let k = 0; k < 400; k++) {
    const page = 1 + Math.floor(Math.random() * 250);
    const s0 = performance.now();
    const r = await t.app.inject(`/yjzj/${id}?page=${page}`);
    lat.push(performance.now() - s0);
    if (r.statusCode !== 200) throw new Error(`page ${page}: ${r.statusCode}`);
  }
  console.log(`[${DIALECT}] page with 5,000 comments: p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms (400 random pages)`);
} finally {
  await t.close();
}
