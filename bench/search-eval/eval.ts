// Relevance of the engine on the evaluation set, per query, for working on the ranking (issue 15): the real corpus
// loaded once into a SQLite file and (--pg) a PostgreSQL database `gk_search_eval` (TEST_PG_URL's server), both kept
// in --dir (default $TMPDIR/gongkai-search-eval) and reused, so a change to engine.ts is re-measured in about a minute
// (the first run builds them: ~3 min SQLite, ~10 min PostgreSQL on a loaded 2-CPU machine; MiniSearch's rankings are
// computed once and kept too). Delete the directory / drop the database after changing what the index holds.
// Prints MRR@10 / nDCG@10 per kind for all queries and for the two halves (query number even: tuning, odd: held
// back) and writes each query's top 4 (score, title, * = relevant) per engine to --out (default <dir>/dump.json).
//   node --import tsx bench/search-eval/eval.ts [--pg] [--no-sqlite] [--kinds title-known-item,topical] [--out f]
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { loadCorpus } from './corpus.ts';
import { loadEvalSet } from './build.ts';
import { judgments, scoreQuery, summarise } from './metrics.ts';
import { buildPeer, loadSegmenter } from './peer.ts';
import { sqliteRun, loadCtx, toRow, insertRowsKysely } from '../search.bench.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { prepareDatabase } from '../../src/features/seed.ts';
import { createSearch } from '../../src/features/search/engine.ts';

const args = process.argv.slice(2);
const has = (a: string) => args.includes(a);
const val = (a: string) => { const i = args.indexOf(a); return i >= 0 ? args[i + 1] : undefined; };
const D = val('--dir') ?? `${os.tmpdir()}/gongkai-search-eval`;
fs.mkdirSync(D, { recursive: true });
const corpus = loadCorpus();
const set = loadEvalSet();
const kinds = val('--kinds')?.split(',');
const queries = set.queries.filter((q) => !kinds || kinds.includes(q.kind));
const title = new Map(corpus.map((r) => [r.key, r.title]));
const out: Record<string, any> = {};
const engines: Record<string, (q: string) => Promise<{ key: string; score: number }[]>> = {};
// peer, cached
const peerFile = `${D}/peer.json`;
if (!fs.existsSync(peerFile)) {
  const { seg } = await loadSegmenter();
  const p = buildPeer(corpus, seg);
  const r: Record<string, string[]> = {};
  for (const q of set.queries) r[q.id] = p.search(q.q);
  fs.writeFileSync(peerFile, JSON.stringify(r));
}
const peer = JSON.parse(fs.readFileSync(peerFile, 'utf8')) as Record<string, string[]>;
engines.mini = async () => [];
if (!has('--no-sqlite')) {
  const file = `${D}/real.db`;
  let handle;
  if (!fs.existsSync(file)) {
    const r = await sqliteRun(file, corpus, (db) => createSearch(db) as never, 'real');
    handle = r.handle;
  } else handle = openDatabase(`sqlite:${file}`);
  const ids = (await handle.db.selectFrom('documents').select('id').orderBy('id').execute()).map((r) => r.id);
  const keyOf = new Map(ids.map((id, i) => [id, corpus[i].key]));
  const eng = createSearch(handle.db);
  engines.sqlite = async (q) => (await eng.search(handle.db, { q, page: 1, pageSize: 10 })).items.map((it) => ({ key: keyOf.get(it.id)!, score: it.score }));
}
if (has('--pg')) {
  const u = new URL(process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:54329/postgres');
  const name = 'gk_search_eval';
  const c = new pg.Client({ connectionString: u.toString() }); await c.connect();
  const exists = (await c.query(`select 1 from pg_database where datname = $1`, [name])).rows.length > 0;
  if (!exists) await c.query(`create database ${name}`);
  await c.end();
  u.pathname = `/${name}`;
  const handle = openDatabase(u.toString());
  const eng = createSearch(handle.db);
  if (!exists) {
    await prepareDatabase(handle, { demo: false });
    const ctx = await loadCtx(handle.db);
    await insertRowsKysely(handle.db, corpus.map((r, i) => toRow(r, i, ctx)));
    await sql`analyze`.execute(handle.db);
    await eng.rebuild!(handle.db);
    await sql`analyze`.execute(handle.db);
  } else await prepareDatabase(handle, { demo: false });
  const ids = (await handle.db.selectFrom('documents').select('id').orderBy('id').execute()).map((r) => r.id);
  const keyOf = new Map(ids.map((id, i) => [id, corpus[i].key]));
  engines.pg = async (q) => (await eng.search(handle.db, { q, page: 1, pageSize: 10 })).items.map((it) => ({ key: keyOf.get(it.id)!, score: it.score }));
}
const names = Object.keys(engines);
const scores: Record<string, any[]> = Object.fromEntries(names.map((n) => [n, []]));
const half = (id: string) => (Number(id.replace(/\D/g, '')) % 2 === 0 ? 'tune' : 'held');
const dump: any[] = [];
for (const q of queries) {
  const j = judgments(q.relevant);
  const row: any = { id: q.id, half: half(q.id), kind: q.kind, q: q.q, rel: q.relevant.map((r: any) => (typeof r === 'string' ? r : `${r.key}:${r.grade}`)).slice(0, 3).map((k: string) => `${k} ${title.get(k.replace(/:\d$/, ''))}`) };
  for (const n of names) {
    const res = n === 'mini' ? peer[q.id].map((key) => ({ key, score: 0 })) : await engines[n](q.q);
    const s = scoreQuery(q.id, q.kind, res.map((r) => r.key), j);
    scores[n].push({ ...s, half: half(q.id) });
    row[n] = { rr: +s.rr.toFixed(3), top: res.slice(0, 4).map((r) => `${j.get(r.key) ? '*' : ' '}${r.score.toFixed(1)} ${title.get(r.key)?.slice(0, 40)}`) };
  }
  dump.push(row);
}
fs.writeFileSync(val('--out') ?? `${D}/dump.json`, JSON.stringify(dump, null, 1));
for (const h of ['all', 'tune', 'held']) {
  console.log(`== ${h}`);
  for (const n of names) {
    const sm = summarise(scores[n].filter((s) => h === 'all' || s.half === h));
    console.log(n.padEnd(7), sm.map((k: any) => `${k.kind}:${k.mrr.toFixed(3)}/${k.ndcg.toFixed(3)}(${k.queries})`).join('  '));
  }
}
process.exit(0);
