// `node --import tsx bench/catalog-compliance.bench.ts`: compliance of the standard catalog at scale (issue 18,
// "Measured": 20 units × 300 items against 100,000 documents in < 1 s). Seeds published catalog items of one year
// over the units, 100,000 published documents (形成日期/成文日期 spread over 2019–2021, some published late), each
// linked to an item; then times compliance() — the whole district (console: every document; public: only public
// ones) and one unit — p50/p95 over 10 runs, and the console overview page as the platform admin.
// SQLite by default; GONGKAI_TEST_DB=postgres (with TEST_PG_URL) for PostgreSQL.
// Knobs: BENCH_UNITS (20), BENCH_ITEMS (300 per unit), BENCH_DOCS (100000), BENCH_RUNS (10).
import { performance } from 'node:perf_hooks';
import { buildTestApp, makeUser, staffSessions, DIALECT } from '../test/helpers.ts';
import { compliance } from '../src/features/catalog/repository.ts';

const UNITS = Number(process.env.BENCH_UNITS || 20);
const ITEMS = Number(process.env.BENCH_ITEMS || 300);
const DOCS = Number(process.env.BENCH_DOCS || 100_000);
const RUNS = Number(process.env.BENCH_RUNS || 10);
const YEAR = 2020;
const LIMITS = ['信息形成或者变更之日起20个工作日内', '自作出行政决定之日起7个工作日内', '10个工作日内', '实时', '每年3月底前', '批准后15日内', '按规定时限'];
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const t = await buildTestApp();
try {
  await makeUser(t, 'bench-admin', 'admin', 'sucheng');
  const units = (await t.db.selectFrom('units').select('id').orderBy('id').execute()).map((u) => u.id);
  while (units.length < UNITS) {
    const r = await t.db.insertInto('units').values({ code: `bench${units.length}`, name: `基准单位${units.length}`, type: 'department', parent_id: units[0]!, index_prefix: `B${units.length}`, position: 100 + units.length, created_at: new Date().toISOString(), updated_at: new Date().toISOString() } as never).returning('id').executeTakeFirstOrThrow();
    units.push(r.id);
  }
  const area = (await t.db.selectFrom('catalog_areas').select('id').orderBy('position').execute()).map((a) => a.id);
  const now = new Date().toISOString();
  const loadStart = performance.now();
  const BATCH = 500;
  const itemIds: number[] = [];
  for (let u = 0; u < UNITS; u++) {
    for (let i = 0; i < ITEMS; i += BATCH) {
      const n = Math.min(BATCH, ITEMS - i);
      const rows = Array.from({ length: n }, (_, k) => ({
        unit_id: units[u]!,
        year: YEAR,
        area_id: area[(i + k) % area.length]!,
        seq: i + k + 1,
        level1: `事项 ${i + k + 1}`,
        level2: '',
        content: '公开内容',
        basis: '《政府信息公开条例》',
        time_limit: LIMITS[(i + k) % LIMITS.length]!,
        subject: `单位 ${u}`,
        channels: '["政府网站"]',
        audience: '全社会',
        mode: (i + k) % 50 === 0 ? '依申请' : '主动',
        level: '县级',
        status: 'published',
        version: 3,
        created_at: now,
        created_by: null,
        updated_at: now,
        updated_by: null,
        published_at: now,
      }));
      itemIds.push(...(await t.db.insertInto('catalog_items').values(rows).returning('id').execute()).map((r) => r.id));
    }
  }
  const day0 = Date.UTC(2019, 0, 1);
  for (let i = 0; i < DOCS; i += BATCH) {
    const n = Math.min(BATCH, DOCS - i);
    const docs = Array.from({ length: n }, (_, k) => {
      const j = i + k;
      const written = new Date(day0 + (j % 1000) * 86_400_000);
      const pub = new Date(written.getTime() + ((j % 40) + 1) * 86_400_000); // 1–40 calendar days later: some late
      return {
        unit_id: units[j % UNITS]!,
        status: 'published',
        title: `文件 ${j}`,
        index_no: `BC/${j}`,
        kind: 'other',
        genre: 'tongzhi',
        column_code: 'zcwj.qzfwj',
        publisher: '宿城区',
        written_on: written.toISOString().slice(0, 10),
        formed_on: j % 3 === 0 ? written.toISOString().slice(0, 10) : null,
        published_at: pub.toISOString(),
        keywords: '[]',
        summary: '',
        body: '<p>正文</p>',
        validity: '有效',
        disclosure: '主动公开',
        version: 1,
        created_at: now,
        updated_at: now,
      };
    });
    const ids = (await t.db.insertInto('documents').values(docs as never).returning('id').execute()).map((r) => r.id);
    // Each document fulfils one item (of its own unit); a tenth of the items get none.
    const links = ids
      .map((id, k) => ({ id, at: ((i + k) % UNITS) * ITEMS + (Math.floor((i + k) / UNITS) % ITEMS) }))
      .filter((l) => l.at % 10 !== 9)
      .map((l) => ({ register: 'catalog-item', record_id: itemIds[l.at]!, document_id: l.id, role: '履行文件', created_at: now, created_by: null }));
    if (links.length) await t.db.insertInto('register_links').values(links).execute();
  }
  const loadMs = performance.now() - loadStart;
  const links = Number((await t.db.selectFrom('register_links').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  console.log(`${DIALECT}: ${UNITS} units × ${ITEMS} items = ${itemIds.length} items, ${DOCS} documents, ${links} links (loaded in ${(loadMs / 1000).toFixed(1)} s)`);

  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn(); // warm-up (calendar, statement cache)
    const xs: number[] = [];
    let last: unknown;
    for (let r = 0; r < RUNS; r++) {
      const s = performance.now();
      last = await fn();
      xs.push(performance.now() - s);
    }
    console.log(`${label}: p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`);
    return last;
  };
  const all = (await time('compliance, whole district (console: every linked document)', () => compliance(t.db, { year: YEAR, publicOnly: false }))) as Awaited<ReturnType<typeof compliance>>;
  console.log(`  items ${all.total.items}: 按时 ${all.total.ok}, 未关联 ${all.total.missing}, 超时 ${all.total.late}, 人工核对 ${all.total.manual}, 依申请 ${all.total.onRequest}`);
  // `today` given: computed each time (the public pages keep the answer per data version; that is measured apart).
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  await time('compliance, whole district (public: public documents only, computed)', () => compliance(t.db, { year: YEAR, publicOnly: true, today }));
  await time('compliance, whole district (public, kept per data version)', () => compliance(t.db, { year: YEAR, publicOnly: true }));
  await time('compliance, one unit', () => compliance(t.db, { year: YEAR, unitIds: [units[1]!], publicOnly: false }));
  const staff = staffSessions(() => t.app);
  const { b } = await staff.as('bench-admin');
  await time('GET /admin/catalog (overview, every unit)', async () => {
    const r = await b.get(`/admin/catalog?year=${YEAR}`);
    if (r.statusCode !== 200) throw new Error(`overview ${r.statusCode}`);
  });
} finally {
  await t.close();
}
