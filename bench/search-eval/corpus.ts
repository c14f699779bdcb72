// The real search corpus as gongkai document records: the 3,445 law texts of ../shared/data/laws-cn
// (title, body, issuing body, validity, date) and the 34,578 real titles of ../shared/data/doc-numbers-cn
// (title, dates, 文号 joined from doc_numbers.csv on the URL; no body). Every record has a stable
// `key` (laws: `law:<upstream id or hash of the path>`, titles: `title:<hash of the URL>`) that the
// evaluation set (queries.json) refers to. Pure apart from reading the files.
import fs from 'node:fs';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';

const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;
export const LAWS_FILE = SHARED + 'laws-cn/laws.jsonl.gz';
export const TITLES_FILE = SHARED + 'doc-numbers-cn/titles_dates.csv';
export const DOCNOS_FILE = SHARED + 'doc-numbers-cn/doc_numbers.csv';

export interface CorpusRecord {
  key: string;
  source: 'law' | 'title';
  title: string;
  /** Plain text, paragraphs separated by blank lines; '' for title-only records. */
  body: string;
  /** 发布机构: the issuing body when derivable, else the level (法律, 行政法规 …) or the source government. */
  publisher: string;
  validity: '有效' | '失效';
  /** 'YYYY-MM-DD' */
  publishedOn: string;
  docNo: string | null;
  /** laws: level (法律, 地方性法规 …); titles: the source government. */
  group: string;
}

export interface LawLine {
  id: string | null;
  path: string;
  collection: string;
  category: string;
  title: string;
  subtitle: string | null;
  file_date: string | null;
  history: string[];
  level: string | null;
  publish: string | null;
  valid_from: string | null;
  expired: boolean | null;
  body: string;
}

const hash = (s: string) => crypto.createHash('sha1').update(s).digest('hex').slice(0, 12);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2018年12月20日" → "2018-12-20". */
export function cnDate(s: string): string | null {
  const m = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(s);
  if (!m) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

const BODIES = ['人民代表大会常务委员会', '人民代表大会', '国务院', '最高人民法院', '最高人民检察院', '中央军事委员会'];

/** The issuing body from the first history line ("…上海市第十五届人民代表大会常务委员会第二十一次会议通过"),
 * or from the title ("最高人民法院关于…"), else null. Session numbers (第十五届) are dropped. */
export function issuingBody(history: string[], title: string): string | null {
  const line = (history[0] ?? '').replace(/^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*/, '');
  for (const b of BODIES) {
    const i = line.indexOf(b);
    if (i < 0) continue;
    if (!b.startsWith('人民代表大会')) return b;
    const before = line.slice(0, i).replace(/第[一二三四五六七八九十百零〇\d]+届$/, '');
    const region = /([\u4e00-\u9fa5]{2,12}?(?:省|市|自治区|自治州|州|县|区))$/.exec(before)?.[1];
    return region && !/全国/.test(before) ? region + b : '全国' + b;
  }
  return /^(最高人民法院|最高人民检察院|国务院办公厅|国务院)/.exec(title)?.[1] ?? null;
}

/** Markdown body → plain paragraphs: headings become their own paragraph, front matter dropped. */
export function lawBodyText(md: string): string {
  return md
    .replace(/^---\n[\s\S]*?\n---\n?/, '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^#+\s*/, '').replace(/\s+/g, (s) => (s.includes('\n') ? '' : ' ')).trim())
    .filter(Boolean)
    .join('\n\n');
}

/** One law line → a record, or null for non-documents (`_index` pages, empty bodies). */
export function lawRecord(d: LawLine): CorpusRecord | null {
  if (!d.title || d.title === '_index') return null;
  const body = lawBodyText(d.body ?? '');
  if (body.length < 20) return null;
  const date = [d.publish, d.file_date, d.valid_from].find((x) => x && ISO_DATE.test(x)) ?? cnDate(d.history?.[0] ?? '') ?? '2000-01-01';
  const publisher = issuingBody(d.history ?? [], d.title);
  return {
    key: `law:${d.id ?? hash(d.path)}`,
    source: 'law',
    title: d.title.trim(),
    body,
    publisher: publisher ?? d.level ?? d.collection,
    validity: d.expired ? '失效' : '有效',
    publishedOn: date,
    docNo: null,
    group: d.level ?? d.category ?? '其他',
  };
}

export function loadLaws(file = LAWS_FILE): CorpusRecord[] {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  const out: CorpusRecord[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = lawRecord(JSON.parse(line) as LawLine);
    if (!r) continue;
    // Two lines with the same upstream id (rare) keep the first; keys stay unique.
    if (seen.has(r.key)) r.key = `${r.key}-${hash(r.title + r.publishedOn)}`;
    seen.add(r.key);
    out.push(r);
  }
  return out;
}

const SOURCE_LABEL: Record<string, string> = {
  'State Council': '国务院',
  'Shanghai Municipal Government': '上海市人民政府',
  'Henan Provincial Government': '河南省人民政府',
  'Guangdong Provincial Government': '广东省人民政府',
  'Sichuan Provincial Government': '四川省人民政府',
  'Yunnan Provincial Government': '云南省人民政府',
  'Hainan Provincial Government': '海南省人民政府',
  'Shanxi Provincial Government': '山西省人民政府',
  'Liaoning Provincial Government': '辽宁省人民政府',
  'Hubei Provincial Government': '湖北省人民政府',
  'Ningxia Hui Autonomous Region Government': '宁夏回族自治区人民政府',
  'Chongqing Municipal Government': '重庆市人民政府',
};
export function sourceLabel(source: string): string {
  return SOURCE_LABEL[source] ?? (source.startsWith('State Council') ? '国务院' : source);
}

/** The issuing body at the start of a title ("广东省人民政府办公厅关于…" → "广东省人民政府办公厅"). */
export function titleIssuer(title: string): string | null {
  const i = title.indexOf('关于');
  if (i < 2 || i > 30) return null;
  const head = title.slice(0, i);
  return /(政府|办公厅|办公室|委员会|厅|局|部|院|署|委|会|中心)$/.test(head) && !/[，、]/.test(head) ? head : null;
}

export interface TitleRow {
  source: string;
  url: string;
  title: string;
  issue_date: string;
  publish_date: string;
}

/** Title rows → records (deduplicated on the URL); 文号 from `docNos` (url → 文号). */
export function titleRecords(rows: TitleRow[], docNos: Map<string, string>): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const title = (r.title ?? '').replace(/\s+/g, ' ').trim();
    const url = (r.url ?? '').trim();
    if (title.length < 4 || !url || seen.has(url)) continue;
    seen.add(url);
    const date = [r.publish_date, r.issue_date].find((x) => x && ISO_DATE.test(x)) ?? '2000-01-01';
    out.push({
      key: `title:${hash(url)}`,
      source: 'title',
      title,
      body: '',
      publisher: titleIssuer(title) ?? sourceLabel(r.source),
      validity: '有效',
      publishedOn: date,
      docNo: docNos.get(url) ?? null,
      group: sourceLabel(r.source),
    });
  }
  return out;
}

export function loadDocNos(file = DOCNOS_FILE): Map<string, string> {
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, relax_column_count: true }) as { url: string; doc_number: string }[];
  const m = new Map<string, string>();
  for (const r of rows) {
    const d = (r.doc_number ?? '').replace(/\s+/g, '').trim();
    if (r.url && d && /\d/.test(d) && d.length <= 40) m.set(r.url.trim(), d);
  }
  return m;
}

export function loadTitles(file = TITLES_FILE, docNosFile = DOCNOS_FILE): CorpusRecord[] {
  const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, relax_column_count: true }) as TitleRow[];
  return titleRecords(rows, fs.existsSync(docNosFile) ? loadDocNos(docNosFile) : new Map());
}

/** Laws first, then titles: the order documents are inserted in (id = position + 1 in a fresh database). */
export function loadCorpus(): CorpusRecord[] {
  return [...loadLaws(), ...loadTitles()];
}

export function corpusAvailable(): boolean {
  return fs.existsSync(LAWS_FILE) && fs.existsSync(TITLES_FILE);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** The body as the sanitised HTML gongkai stores: one `<p>` per paragraph. */
export function bodyHtml(text: string): string {
  return text ? text.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('') : '';
}
