// Benchmark data: N published documents spread over the seeded units, columns, topics, genres and the
// years 2008–2026, with real titles (../shared/data/doc-numbers-cn/titles_dates.csv when present),
// ~2 KB bodies, 文号, proper 索引号 from per-unit, per-year counters, and one attachment on a third of them.
// SQLite: better-sqlite3 directly, one transaction, prepared statements. PostgreSQL: Kysely, batches of 500.
import fs from 'node:fs';
import crypto from 'node:crypto';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import type { Db } from '../src/platform/db/index.ts';
import { formatIndexNo } from '../src/features/documents/index-number.ts';
import { parseDocNo, normalizeDocNoForSearch } from '../src/features/documents/docno.ts';

/** `iso` + `n` calendar days ('YYYY-MM-DD'). */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const TITLES_CSV = new URL('../../shared/data/doc-numbers-cn/titles_dates.csv', import.meta.url).pathname;

export interface UnitInfo {
  id: number;
  code: string;
  name: string;
  type: string;
  index_prefix: string;
}

export interface GenRow {
  unit_id: number;
  status: 'published';
  title: string;
  index_no: string;
  doc_no: string | null;
  doc_no_issuer: string | null;
  doc_no_year: number | null;
  doc_no_seq: number | null;
  doc_no_key: string | null;
  topic: string;
  genre: string;
  kind: string;
  column_code: string;
  art20: number | null;
  publisher: string;
  written_on: string;
  formed_on: string;
  published_at: string;
  keywords: string;
  summary: string;
  body: string;
  validity: string;
  validity_on: string | null;
  validity_reason: string | null;
  disclosure: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Plan {
  rows: GenRow[];
  counters: { unit_id: number; year: number; seq: number }[];
  /** Row indexes (0-based, = id order) that get an attachment. */
  withAttachment: Set<number>;
  titleSource: string;
}

/** Deterministic PRNG (mulberry32), so every run builds the same database. Shared by the benchmarks. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  '为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政府工作透明度，结合我区实际，制定本方案。',
  '各街道办事处、乡镇人民政府，区各有关部门要高度重视，切实加强组织领导，明确责任分工，确保各项任务落到实处。',
  '坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，保障人民群众的知情权、参与权、表达权和监督权。',
  '围绕优化营商环境、保障改善民生、推进乡村振兴等重点领域，及时准确公开政策文件、办事指南和实施情况。',
  '严格落实公开属性源头认定机制，在公文起草阶段同步明确公开方式，对不予公开的依法依规说明理由。',
  '加强政策解读，做到政策文件与解读材料同步组织、同步审签、同步部署，通过图表图解、音频视频等方式提高解读的针对性。',
  '规范依申请公开办理，严格按照法定时限答复，提高答复质量，依法保障申请人合法权益。',
  '加强政府网站和政务新媒体建设管理，确保信息发布及时、准确、权威，提升政务服务的便利度。',
  '健全政务舆情回应机制，对涉及群众切身利益的重要政策、重大事项，主动发声，及时回应社会关切。',
  '建立健全考核评估机制，将政务公开工作纳入年度综合考核，定期通报工作进展，推动工作落实。',
  '本办法自发布之日起施行，有效期五年。此前有关规定与本办法不一致的，以本办法为准。',
  '各单位应当于每季度末将工作开展情况报送区政务公开办公室，遇有重大情况及时报告。',
  '强化财政预决算公开，细化公开内容，按规定公开“三公”经费预决算及其增减变化原因。',
  '做好重大建设项目批准和实施、公共资源配置、社会公益事业建设等领域信息公开工作。',
  '进一步规范行政规范性文件的制定、备案和清理，实行统一登记、统一编号、统一印发制度。',
];
const KEYWORDS = ['政务公开', '通知', '实施方案', '营商环境', '乡村振兴', '财政预算', '社会保障', '教育', '卫生健康', '安全生产', '城市管理', '行政许可', '规划', '人事'];

const pad = (n: number) => String(n).padStart(2, '0');

function loadTitles(): { titles: string[]; source: string } {
  if (fs.existsSync(TITLES_CSV)) {
    const recs = parse(fs.readFileSync(TITLES_CSV), { columns: true, skip_empty_lines: true, relax_column_count: true }) as { title?: string }[];
    const titles = recs.map((r) => (r.title ?? '').trim()).filter((t) => t.length >= 4 && t.length <= 300);
    if (titles.length > 1000) return { titles, source: `${titles.length} real titles from ../shared/data/doc-numbers-cn/titles_dates.csv` };
  }
  const subjects = ['政务公开工作要点', '优化营商环境若干措施', '农村人居环境整治实施方案', '城乡居民基本医疗保险办法', '安全生产专项整治行动方案', '义务教育学校招生工作', '财政预算执行情况', '重大建设项目计划'];
  const titles: string[] = [];
  for (let y = 2008; y <= 2026; y++) for (const s of subjects) for (const g of ['的通知', '的意见', '的报告', '的实施方案']) titles.push(`关于印发宿城区${y}年${s}${g}`);
  return { titles, source: `${titles.length} synthetic titles (titles_dates.csv not found)` };
}

/** Builds the rows in memory (ids follow publication time), with counters matching the 索引号. */
export function planDocuments(n: number, units: UnitInfo[], terms: { kind: string; code: string; parent_code: string | null }[], now = Date.now()): Plan {
  const rand = rng(20260101);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const { titles, source } = loadTitles();
  const leaves = (kind: string) => {
    const ks = terms.filter((t) => t.kind === kind);
    const parents = new Set(ks.map((t) => t.parent_code).filter(Boolean));
    return ks.filter((t) => !parents.has(t.code)).map((t) => t.code);
  };
  const columns = leaves('column');
  const topics = leaves('topic');
  const genres = terms.filter((t) => t.kind === 'genre').map((t) => t.code);
  // Each unit publishes a third of its documents in its "own" column, the rest anywhere.
  const mainColumn = (u: UnitInfo) =>
    u.code === 'zfb' ? 'zcwj.qzfbwj' : u.code === 'sucheng' ? 'zcwj.qzfwj' : u.type === 'department' ? 'zcwj.bmwj' : 'zdly.xczx';
  const issuer = (u: UnitInfo) =>
    u.code === 'zfb' ? '宿城政办发' : u.code === 'sucheng' ? '宿城政发' : `宿城${u.name.replace(/^宿迁市|^宿城区/, '').slice(0, 2)}发`;
  // Weights: the government and its office publish more than a department, a department more than a town.
  const weighted: UnitInfo[] = [];
  for (const u of units) for (let i = 0; i < (u.code === 'zfb' || u.code === 'sucheng' ? 6 : u.type === 'department' ? 3 : 1); i++) weighted.push(u);

  const start = Date.UTC(2008, 0, 1) - 8 * 3600_000;
  const end = Math.min(now - 3600_000, Date.UTC(2026, 11, 31, 15, 59));
  const specs: { u: UnitInfo; t: number }[] = [];
  for (let i = 0; i < n; i++) specs.push({ u: pick(weighted), t: start + Math.floor(rand() * (end - start)) });
  specs.sort((a, b) => a.t - b.t);

  const seq = new Map<string, number>();
  const docSeq = new Map<string, number>();
  const rows: GenRow[] = [];
  const withAttachment = new Set<number>();
  for (const [i, { u, t }] of specs.entries()) {
    const bj = new Date(t + 8 * 3600_000);
    const year = bj.getUTCFullYear();
    const key = `${u.id}:${year}`;
    const s = (seq.get(key) ?? 0) + 1;
    seq.set(key, s);
    const written = new Date(t + 8 * 3600_000 - Math.floor(rand() * 20) * 86400_000);
    const writtenOn = `${written.getUTCFullYear()}-${pad(written.getUTCMonth() + 1)}-${pad(written.getUTCDate())}`;
    let docNo: string | null = null;
    let parsed: ReturnType<typeof parseDocNo> | null = null;
    if (rand() < 0.7) {
      const dk = `${u.id}:${written.getUTCFullYear()}`;
      const ds = (docSeq.get(dk) ?? 0) + 1;
      docSeq.set(dk, ds);
      docNo = `${issuer(u)}〔${written.getUTCFullYear()}〕${ds}号`;
      parsed = parseDocNo(docNo);
    }
    let body = '';
    while (body.length < 700) body += `<p>${pick(SENTENCES)}${pick(SENTENCES)}</p>`;
    const title = pick(titles);
    const invalid = rand() < 0.03;
    const publishedAt = new Date(t).toISOString();
    rows.push({
      unit_id: u.id,
      status: 'published',
      title,
      index_no: formatIndexNo(u.index_prefix, year, s),
      doc_no: parsed?.ok ? parsed.normalized : docNo,
      doc_no_issuer: parsed?.ok ? parsed.issuer : null,
      doc_no_year: parsed?.ok ? parsed.year ?? null : null,
      doc_no_seq: parsed?.ok ? parsed.seq : null,
      doc_no_key: docNo ? normalizeDocNoForSearch(docNo) : null,
      topic: pick(topics),
      genre: pick(genres),
      kind: rand() < 0.1 ? 'normative' : 'other',
      column_code: rand() < 0.34 ? mainColumn(u) : pick(columns),
      art20: rand() < 0.5 ? 1 + Math.floor(rand() * 15) : null,
      publisher: u.name,
      written_on: writtenOn,
      formed_on: writtenOn,
      published_at: publishedAt,
      keywords: JSON.stringify([pick(KEYWORDS), pick(KEYWORDS)].filter((k, j, a) => a.indexOf(k) === j)),
      summary: title.length > 10 ? `${title}。${pick(SENTENCES)}` : pick(SENTENCES),
      body,
      validity: invalid ? pick(['失效', '废止', '已修改']) : '有效',
      validity_on: invalid ? `${Math.min(2026, year + 1 + Math.floor(rand() * 3))}-06-30` : null,
      validity_reason: invalid ? '已被新文件替代' : null,
      disclosure: '主动公开',
      version: 3,
      created_at: publishedAt,
      updated_at: publishedAt,
    });
    if (rand() < 0.33) withAttachment.add(i);
  }
  const counters = [...seq].map(([k, v]) => {
    const [unit_id, year] = k.split(':').map(Number);
    return { unit_id, year, seq: v };
  });
  return { rows, counters, withAttachment, titleSource: source };
}

const ATTACHMENT_BYTES = Buffer.from('benchmark attachment\n'.repeat(100));
export const ATTACHMENT_SHA = crypto.createHash('sha256').update(ATTACHMENT_BYTES).digest('hex');

/** Fast path for SQLite: one transaction, prepared statements. */
export function insertSqlite(file: string, plan: Plan): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const cols = Object.keys(plan.rows[0]);
  const ins = db.prepare(`insert into documents (${cols.join(', ')}) values (${cols.map((c) => '@' + c).join(', ')})`);
  const att = db.prepare('insert into attachments (document_id, sha256, filename, mime, size, position, created_at) values (?, ?, ?, ?, ?, 1, ?)');
  const ctr = db.prepare('insert into index_counters (unit_id, year, seq) values (?, ?, ?) on conflict (unit_id, year) do update set seq = max(seq, excluded.seq)');
  db.transaction(() => {
    db.prepare('insert or ignore into files (sha256, size, created_at) values (?, ?, ?)').run(ATTACHMENT_SHA, ATTACHMENT_BYTES.length, new Date().toISOString());
    for (const [i, r] of plan.rows.entries()) {
      const { lastInsertRowid } = ins.run(r);
      if (plan.withAttachment.has(i)) att.run(Number(lastInsertRowid), ATTACHMENT_SHA, '附件：实施细则.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ATTACHMENT_BYTES.length, r.published_at);
    }
    for (const c of plan.counters) ctr.run(c.unit_id, c.year, c.seq);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** PostgreSQL: Kysely multi-row inserts in one transaction. */
export async function insertKysely(db: Db, plan: Plan): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('files').values({ sha256: ATTACHMENT_SHA, size: ATTACHMENT_BYTES.length, created_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
    for (let i = 0; i < plan.rows.length; i += 500) {
      const batch = plan.rows.slice(i, i + 500);
      const ids = await trx.insertInto('documents').values(batch).returning('id').execute();
      const atts = ids
        .map((r, j) => ({ r, j: i + j }))
        .filter(({ j }) => plan.withAttachment.has(j))
        .map(({ r, j }) => ({ document_id: r.id, sha256: ATTACHMENT_SHA, filename: '附件：实施细则.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: ATTACHMENT_BYTES.length, position: 1, created_at: plan.rows[j].published_at }));
      if (atts.length) await trx.insertInto('attachments').values(atts).execute();
    }
    for (const c of plan.counters) {
      await trx.insertInto('index_counters').values(c).onConflict((oc) => oc.columns(['unit_id', 'year']).doUpdateSet({ seq: c.seq })).execute();
    }
  });
}
