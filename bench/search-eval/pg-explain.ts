// Where a PostgreSQL search spends its time, statement by statement (issue 15; companion of pg-cpu.ts). Runs
// engine.search() on an existing, migrated PostgreSQL database of your own (never a cached template) with one
// connection, logs every statement the engine sends with its wall time, and EXPLAIN (ANALYZE, BUFFERS) of the
// dearest statement of each query (BENCH_EXPLAIN=0: none; BENCH_EXPLAIN=all: every statement over 5 ms).
//
//   createdb -T gk_bench_tpl_100000_<key> mydb   (then migrate it, e.g. by one run of pg-cpu.ts's prepareDatabase)
//   PROBE_URL=postgres://postgres@127.0.0.1:54329/mydb node --import tsx bench/search-eval/pg-explain.ts [query …]
//
// Without queries: those of pg-cpu.ts (12 two-word queries, 通知 公告 关于, the first BENCH_EVAL evaluation queries).
import fs from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createSearch } from '../../src/features/search/engine.ts';

const url = process.env.PROBE_URL;
if (!url) {
  console.error('PROBE_URL=postgres://…/<your database> required');
  process.exit(1);
}
const EVAL = Number(process.env.BENCH_EVAL ?? 60);
const EXPLAIN = process.env.BENCH_EXPLAIN ?? '1';
const TWO_WORDS = ['政务公开 通知', '安全生产 实施方案', '乡村振兴 规划', '营商环境 措施', '财政 预算', '教育 收费', '卫生 健康', '城市 管理', '社会保障 办法', '行政许可 公告', '人事 任免', '环境 保护'];
const ONE_WORD = ['通知', '公告', '关于'];
const all = [...new Set((JSON.parse(fs.readFileSync(new URL('./queries.json', import.meta.url), 'utf8')).queries as { q: string }[]).map((q) => q.q))];
const queries = process.argv.length > 2 ? process.argv.slice(2) : [...TWO_WORDS, ...ONE_WORD, ...all.slice(0, EVAL)];

const log: { sql: string; params: readonly unknown[]; ms: number }[] = [];
const db = new Kysely<any>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  log(e) {
    if (e.level === 'query') log.push({ sql: e.query.sql, params: e.query.parameters, ms: e.queryDurationMillis });
  },
});
const engine = createSearch(db as any);
const short = (s: string) => s.replace(/\s+/g, ' ').slice(0, 140);
let total = 0;
for (const q of queries) {
  await engine.search(db as any, { q, pageSize: 20 }); // warm
  log.length = 0;
  const t0 = performance.now();
  const r = await engine.search(db as any, { q, pageSize: 20 });
  const ms = performance.now() - t0;
  total += ms;
  const stmts = [...log];
  const inDb = stmts.reduce((a, s) => a + s.ms, 0);
  console.log(`\n=== ${q}: ${ms.toFixed(1)} ms (${stmts.length} statements, ${inDb.toFixed(1)} ms in them), total ${r.total}`);
  for (const s of [...stmts].sort((a, b) => b.ms - a.ms).slice(0, 6)) console.log(`  ${s.ms.toFixed(1).padStart(7)} ms  ${short(s.sql)}  ${JSON.stringify(s.params).slice(0, 120)}`);
  if (EXPLAIN === '0') continue;
  const targets = EXPLAIN === 'all' ? stmts.filter((s) => s.ms > 5) : stmts.length ? [[...stmts].sort((a, b) => b.ms - a.ms)[0]] : [];
  for (const s of targets) {
    if (!/^\s*(with|select)/i.test(s.sql)) continue;
    const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.sql.replace(/\$(\d+)/g, (_, i) => lit(s.params[Number(i) - 1]))}`).execute(db);
    console.log(rows.map((x) => `    ${x['QUERY PLAN']}`).join('\n'));
  }
}
console.log(`\n${queries.length} queries, ${total.toFixed(0)} ms wall`);
await db.destroy();

function lit(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `array[${v.map(lit).join(',')}]::text[]`;
  return `'${String(v).replace(/'/g, "''")}'`;
}
