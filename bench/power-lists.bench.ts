// `npm run bench:power-lists` (issue 18): "a power list of 5,000 items with history renders and filters with
// p99 < 50 ms". A fresh SQLite database with the demo data (units) gets BENCH_ITEMS 权责清单 items, each with
// 2–3 published versions of history (and 2 % of them under revision: edited after their last publication, so
// the public sees their last published version), written directly as the register pattern writes them
// (power_items rows and their register_versions snapshots: create, submit, approve, publish, then per revision
// update with reason and date, submit, approve, publish — the audit rows are left out: no public page reads
// them). Then the real server (`node bin/gongkai.js serve`, one process) and wrk, 50 connections:
//   1. the mix (bench/power-lists.lua): 35 % the list /qzqd (page 1–N), 15 % a type filter, 10 % a unit filter,
//      10 % a word search, 30 % an item page with its public history — req/s, p50/p99 and server CPU per request;
//   2. each kind alone (a shorter run each) for its own p50/p99 and CPU per request.
// Server CPU: utime + stime of the server process from /proc/<pid>/stat before and after each run.
// Passes when every response is 200, no socket error, and every p99 < 50 ms.
//
// Knobs: BENCH_ITEMS (5000), BENCH_SECONDS (10; each kind alone runs half of it), BENCH_CONNECTIONS (50),
// BENCH_QUICK=1 (500 items, 2 s; does not touch docs/performance.md unless BENCH_DOCS=1), BENCH_NO_DOCS=1,
// BENCH_KEEP=1 (keep the temp dir). Writes the "## 权责清单 (issue 18)" section of docs/performance.md between
// the bench:power-lists markers. wrk is installed by bench/setup.sh when missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { openDatabase } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { POWER_TYPES } from '../src/features/power-lists/rules.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BIN = path.join(ROOT, 'bin/gongkai.js');
const QUICK = process.env.BENCH_QUICK === '1';
const ITEMS = Number(process.env.BENCH_ITEMS || (QUICK ? 500 : 5000));
const SECONDS = Number(process.env.BENCH_SECONDS || (QUICK ? 2 : 10));
const KIND_SECONDS = Math.max(1, Math.round(SECONDS / 2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const WRITE_DOCS = process.env.BENCH_NO_DOCS !== '1' && (!QUICK || process.env.BENCH_DOCS === '1');
const KEEP = process.env.BENCH_KEEP === '1';
const TARGET_P99_MS = 50;
const PAGE_SIZE = 20; // the public list's page size (power-lists/pages.tsx)

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-power-'));
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
const log = (msg: string) => console.log(`[power-lists ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Items. Names from real 权责清单 wording, combined so that they differ; every field the public page shows.
const OBJECTS = ['食品经营', '药品零售', '建设工程规划', '排污', '道路运输', '建筑施工', '医疗机构执业', '民办学校办学', '娱乐场所经营', '烟花爆竹经营', '特种设备使用', '城市绿地占用', '户外广告设置', '城镇污水排入排水管网', '农药经营', '兽药经营', '种子生产经营', '出版物零售', '公共场所卫生', '危险化学品经营', '消防安全检查', '价格违法行为', '劳动保障监察', '最低生活保障', '殡葬设施建设', '林木采伐', '河道采砂', '取水', '水土保持方案', '人防工程拆除'];
const ACTS: Record<string, string> = { 行政许可: '许可', 行政处罚: '违法行为的行政处罚', 行政强制: '的查封扣押', 行政征收: '费征收', 行政给付: '补助给付', 行政检查: '监督检查', 行政确认: '登记确认', 行政奖励: '先进表彰奖励', 行政裁决: '权属争议裁决', 其他: '备案' };
const LAWS = ['《中华人民共和国行政许可法》第十二条', '《中华人民共和国行政处罚法》第十八条', '《中华人民共和国食品安全法》第三十五条', '《中华人民共和国城乡规划法》第四十条', '《中华人民共和国环境保护法》第四十五条', '《中华人民共和国安全生产法》第六十二条', '《中华人民共和国行政强制法》第二十二条', '《社会救助暂行办法》第九条'];
const DUTIES = '1. 受理责任：公示应当提交的材料，一次性告知补正材料，依法受理或不予受理（不予受理的应当告知理由）。\n2. 审查责任：对申请材料进行审查，需要现场核查的组织核查。\n3. 决定责任：作出准予或不予的决定（不予的应当告知理由）。\n4. 送达责任：准予的制发文书并送达。\n5. 事后监管责任：依法开展监督检查。\n6. 其他法律法规规章文件规定应履行的责任。';
const ACCOUNTABILITY = '因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任：\n1. 对符合法定条件的申请不予受理、不予许可或者不在法定期限内作出决定的；\n2. 对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；\n3. 在办理过程中索取或者收受他人财物或者谋取其他利益的；\n4. 其他违反法律法规规章文件规定的行为。';
const REASONS = ['《中华人民共和国行政许可法》2019年4月23日修正：承诺时限压缩', '根据“证照分离”改革要求调整子项和承诺办结时限', '上位法修订，更新设定依据条款'];

interface Seeded {
  itemIds: number[];
  unitIds: number[];
  words: string[];
  versions: number;
  revising: number;
  sampleId: number;
}

async function seed(url: string): Promise<Seeded> {
  const h = openDatabase(url);
  await prepareDatabase(h, { demo: true });
  const db = h.db;
  const units = (await db.selectFrom('units').select(['id']).orderBy('id').execute()).map((u) => u.id);
  const t0 = Date.now();
  let versions = 0;
  let revising = 0;
  const itemIds: number[] = [];
  const BATCH = 100;
  for (let start = 0; start < ITEMS; start += BATCH) {
    await db.transaction().execute(async (trx) => {
      const n = Math.min(BATCH, ITEMS - start);
      const base = Date.UTC(2019, 0, 1) + start * 3_600_000;
      const rows = Array.from({ length: n }, (_, k) => {
        const i = start + k;
        const type = POWER_TYPES[i % POWER_TYPES.length];
        const obj = OBJECTS[Math.floor(i / POWER_TYPES.length) % OBJECTS.length];
        const name = `${obj}${ACTS[type]}（第 ${Math.floor(i / (POWER_TYPES.length * OBJECTS.length)) + 1} 类）`;
        return {
          i,
          v1: {
            unit_id: units[i % units.length],
            code: `B${String(POWER_TYPES.indexOf(type) + 1).padStart(2, '0')}${String(i).padStart(8, '0')}`,
            name,
            power_type: type,
            sub_items: JSON.stringify(i % 3 === 0 ? [`${name}核发`, `${name}变更`] : []),
            basis: JSON.stringify([{ law: LAWS[i % LAWS.length].replace(/第.*$/, '').replace(/[《》]/g, ''), article: LAWS[i % LAWS.length].replace(/^.*》/, ''), documentId: null }]),
            level: '区级',
            duties: DUTIES,
            accountability: ACCOUNTABILITY,
            fee: '不收费',
            statutory_days: 20,
            promised_days: 10,
            basis_checked_at: null,
          },
        };
      });
      const at = (ms: number) => new Date(base + ms).toISOString();
      const inserted = await trx
        .insertInto('power_items')
        .values(rows.map((r) => ({ ...r.v1, status: 'draft', version: 1, created_at: at(0), created_by: null, updated_at: at(0), updated_by: null, published_at: null })))
        .returning('id')
        .execute();
      const vrows: any[] = [];
      const finals: { id: number; row: Record<string, unknown> }[] = [];
      rows.forEach((r, k) => {
        const id = inserted[k].id;
        itemIds.push(id);
        let version = 0;
        let clock = 0;
        let row: Record<string, unknown> = { id, ...r.v1, status: 'draft', version: 1, created_at: at(0), created_by: null, updated_at: at(0), updated_by: null, published_at: null };
        const step = (action: string, status: string, changes: Record<string, unknown>, reason: string | null = null, effectiveOn: string | null = null) => {
          version++;
          clock += 60_000;
          row = { ...row, ...changes, status, version, updated_at: action === 'update' ? at(clock) : row.updated_at, ...(action === 'publish' ? { published_at: at(clock) } : {}) };
          vrows.push({ register: 'power-item', record_id: id, version, action, status, data_json: JSON.stringify(row), reason, effective_on: effectiveOn, actor_id: null, actor_name: '压测数据', at: at(clock) });
        };
        const publishOnce = () => (step('submit', 'submitted', {}), step('approve', 'approved', {}), step('publish', 'published', {}));
        step('create', 'draft', {});
        publishOnce();
        const published = 2 + (r.i % 2); // 2 or 3 published versions
        for (let p = 1; p < published; p++) {
          const sub = JSON.parse(String(row.sub_items)) as string[];
          step('update', 'draft', { promised_days: Math.max(1, Number(row.promised_days) - 3), sub_items: JSON.stringify([...sub, `${r.v1.name}延续（第 ${p} 次修订）`]) }, REASONS[(r.i + p) % REASONS.length], `202${p}-0${p}-15`);
          publishOnce();
        }
        if (r.i % 50 === 7) {
          // Under revision: edited after its last publication (the public keeps seeing the published version).
          step('update', 'draft', { name: `${r.v1.name}（修订中）`, promised_days: 1 }, '修订中', null);
          revising++;
        }
        finals.push({ id, row });
      });
      versions += vrows.length;
      for (let j = 0; j < vrows.length; j += 200) await trx.insertInto('register_versions').values(vrows.slice(j, j + 200)).execute();
      for (const f of finals) {
        const { id: _id, ...rest } = f.row;
        await trx.updateTable('power_items').set(rest as any).where('id', '=', f.id).execute();
      }
    });
  }
  log(`seeded ${ITEMS} items, ${versions} versions (${revising} under revision) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await h.close();
  return { itemIds, unitIds: [...new Set(units)], words: ['许可', '食品', '排污 许可', '监督检查', '道路运输', '第 2 类', 'B01', '补助给付'], versions, revising, sampleId: itemIds[1] };
}

// ---------------------------------------------------------------------------------------------
function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
}
const HZ = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

interface WrkResult {
  statuses: Record<string, number>;
  kinds: Record<string, number>;
  requests: number;
  duration_us: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
}
interface Run {
  kind: string;
  wrk: WrkResult;
  cpuMsPerRequest: number;
}

async function runWrk(base: string, script: string, kind: string, seconds: number, pid: number): Promise<Run> {
  const file = path.join(tmp, `${kind}.lua`);
  fs.writeFileSync(file, `KIND = ${JSON.stringify(kind)}\n` + script);
  const before = cpuTicks(pid);
  const r = spawnSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', file, base], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ticks = cpuTicks(pid) - before;
  if (r.status !== 0) throw new Error(`wrk exited ${r.status}: ${r.stdout}${r.stderr}`);
  const m = /LOADJSON (\{.*\})/.exec(r.stdout);
  if (!m) throw new Error(`no result from wrk: ${r.stdout}${r.stderr}`);
  const wrk = JSON.parse(m[1]) as WrkResult;
  return { kind, wrk, cpuMsPerRequest: ((ticks / HZ) * 1000) / Math.max(1, wrk.requests) };
}

// ---------------------------------------------------------------------------------------------
execFileSync('bash', [path.join(ROOT, 'bench/setup.sh')], { stdio: 'inherit' });
const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
if (os.loadavg()[0] > os.availableParallelism() * 0.5) log(`warning: load average ${loadBefore}: other work shares the CPUs — compare CPU per request, not latency`);
const dbUrl = `sqlite:${path.join(tmp, 'power.db')}`;
const seeded = await seed(dbUrl);

const port = await freePort();
const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATABASE_URL: dbUrl, DATA_DIR: path.join(tmp, 'files'), PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', WORKERS: '1' };
const server = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
children.add(server);
let serverOut = '';
server.stdout!.on('data', (d) => (serverOut += d));
server.stderr!.on('data', (d) => (serverOut += d));
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}: ${serverOut}`);
  try {
    const r = await fetch(`${base}/healthz`);
    await r.arrayBuffer();
    if (r.status === 200) break;
  } catch {}
  if (i > 1200) throw new Error(`server not healthy after 120 s: ${serverOut}`);
  await sleep(100);
}
log(`server up (pid ${server.pid})`);

// What the pages show: the whole list, an item's history with its changes, a revised item as last published.
const list = await (await fetch(`${base}/qzqd`)).text();
const total = Number(/共 (\d+) 项/.exec(list)?.[1] ?? -1);
const sample = await (await fetch(`${base}/qzqd/${seeded.sampleId}`)).text();
const revisingId = seeded.itemIds[7];
const revised = await (await fetch(`${base}/qzqd/${revisingId}`)).text();
const checks = [
  { ok: total >= ITEMS, what: `/qzqd lists ${total} items (${ITEMS} seeded${total > ITEMS ? ' + demo' : ''})` },
  { ok: (sample.match(/<table class="diff">/g) ?? []).length >= 1 && sample.includes('承诺办结时限'), what: `an item page shows its history with field changes` },
  { ok: !revised.includes('（修订中）'), what: `an item under revision shows its last published version` },
];

const script = fs.readFileSync(path.join(ROOT, 'bench/power-lists.lua'), 'utf8');
const prelude = `ITEM_IDS = { ${seeded.itemIds.join(', ')} }\nUNIT_IDS = { ${seeded.unitIds.join(', ')} }\nPAGES = ${Math.ceil(ITEMS / PAGE_SIZE)}\nWORDS = { ${seeded.words.map((w) => JSON.stringify(w)).join(', ')} }\n`;
// Warm-up (not recorded): the first requests compile the page code; without it a short run's p99 is the cold start.
await runWrk(base, prelude + script, 'mix', Math.max(1, Math.round(SECONDS / 5)), server.pid!);
const runs: Run[] = [];
for (const kind of ['mix', 'list', 'type', 'unit', 'word', 'item']) {
  const seconds = kind === 'mix' ? SECONDS : KIND_SECONDS;
  const r = await runWrk(base, prelude + script, kind, seconds, server.pid!);
  runs.push(r);
  log(`${kind.padEnd(4)}: ${r.wrk.requests} requests, ${(r.wrk.requests / (r.wrk.duration_us / 1e6)).toFixed(0)} req/s, p50 ${r.wrk.latency_ms.p50.toFixed(1)} ms, p99 ${r.wrk.latency_ms.p99.toFixed(1)} ms, server CPU ${r.cpuMsPerRequest.toFixed(2)} ms/request, statuses ${JSON.stringify(r.wrk.statuses)}`);
}
const loadAfter = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
server.kill('SIGTERM');
for (const r of runs) {
  const bad = Object.entries(r.wrk.statuses).reduce((a, [c, n]) => a + (c === '200' ? 0 : n), 0);
  const socket = r.wrk.errors.connect + r.wrk.errors.read + r.wrk.errors.write + r.wrk.errors.timeout;
  checks.push({ ok: bad === 0 && socket === 0, what: `${r.kind}: non-200 ${bad}, socket errors ${socket}` });
  checks.push({ ok: r.wrk.latency_ms.p99 < TARGET_P99_MS, what: `${r.kind}: p99 ${r.wrk.latency_ms.p99.toFixed(1)} ms < ${TARGET_P99_MS} ms` });
}
for (const c of checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`);

// ---------------------------------------------------------------------------------------------
const KIND_LABELS: Record<string, string> = { mix: 'mix (35 % list, 15 % type, 10 % unit, 10 % word, 30 % item)', list: 'list /qzqd?page=1…N', type: 'type filter /qzqd?type=…&page=1–3', unit: 'unit filter /qzqd?unit=…', word: 'word search /qzqd?q=…', item: 'item page /qzqd/{id} with history' };
function markdown(): string {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [, '?'])[1];
  const wrkVersion = (spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.match(/wrk \S+/) ?? ['wrk'])[0];
  const sqliteVersion = (spawnSync(process.execPath, ['-e', "console.log(require('better-sqlite3')(':memory:').prepare('select sqlite_version() v').get().v)"], { cwd: ROOT, encoding: 'utf8' }).stdout || '?').trim();
  const ok = checks.every((c) => c.ok);
  const L: string[] = [];
  L.push('<!-- bench:power-lists begin (written by npm run bench:power-lists, bench/power-lists.bench.ts) -->');
  L.push('## 权责清单 (issue 18)');
  L.push('');
  L.push(`Target: a power list of 5,000 items with history renders and filters with p99 < ${TARGET_P99_MS} ms. Measured by \`npm run bench:power-lists\` (bench/power-lists.bench.ts, wrk script bench/power-lists.lua),`);
  L.push(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, on ${os.availableParallelism()} CPUs, ${cpu}, Node.js ${process.version}, ${wrkVersion}, SQLite ${sqliteVersion}${QUICK ? ' — **quick run (BENCH_QUICK=1), not the target size**' : ''}.`);
  L.push(`Fresh database with the demo data and ${ITEMS.toLocaleString('en-US')} items (${seeded.versions.toLocaleString('en-US')} register versions: each item published 2 or 3 times, each revision with its reason and date; ${seeded.revising} items under revision, shown as last published);`);
  L.push(`the server \`node bin/gongkai.js serve\` (one process) and wrk (2 threads, ${CONNECTIONS} connections) share the CPUs. After a ${Math.max(1, Math.round(SECONDS / 5))} s warm-up of the mix (not counted), the mix runs ${SECONDS} s, each kind alone ${KIND_SECONDS} s; server CPU = its utime + stime (/proc/<pid>/stat) over the run ÷ requests.`);
  L.push(`wrk keeps ${CONNECTIONS} requests in flight (closed loop), so latency ≈ ${CONNECTIONS} ÷ req/s once the server is saturated: p99 < ${TARGET_P99_MS} ms here needs about ${Math.round((CONNECTIONS * 1000) / TARGET_P99_MS).toLocaleString('en-US')} req/s, i.e. the server CPU per request column × that rate within the CPUs the server gets.`);
  L.push('');
  L.push('| Run | requests | req/s | p50 ms | p99 ms | max ms | server CPU ms/request | non-200 |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    const bad = Object.entries(r.wrk.statuses).reduce((a, [c, n]) => a + (c === '200' ? 0 : n), 0);
    L.push(`| ${KIND_LABELS[r.kind]} | ${r.wrk.requests.toLocaleString('en-US')} | ${Math.round(r.wrk.requests / (r.wrk.duration_us / 1e6)).toLocaleString('en-US')} | ${r.wrk.latency_ms.p50.toFixed(1)} | ${r.wrk.latency_ms.p99.toFixed(1)} | ${r.wrk.latency_ms.max.toFixed(0)} | ${r.cpuMsPerRequest.toFixed(2)} | ${bad} |`);
  }
  L.push('');
  L.push(`Result: ${ok ? '**pass**' : '**FAIL**: ' + checks.filter((c) => !c.ok).map((c) => c.what).join('; ')}. Load average before / after: ${loadBefore} → ${loadAfter}.`);
  L.push('<!-- bench:power-lists end -->');
  return L.join('\n');
}

const block = markdown();
console.log('\n' + block);
if (WRITE_DOCS) {
  const file = path.join(ROOT, 'docs/performance.md');
  const text = fs.readFileSync(file, 'utf8');
  const re = /<!-- bench:power-lists begin[^]*?<!-- bench:power-lists end -->/;
  fs.writeFileSync(file, re.test(text) ? text.replace(re, block) : text.replace(/\s*$/, '') + '\n\n' + block + '\n');
  log('docs/performance.md updated');
}
process.exit(checks.every((c) => c.ok) ? 0 : 1);
