// Validation of document fields, shared by the console forms, the JSON API and imports.
// Field names are the camelCase API names; messages are Chinese and name what to fix.
import { parseDocNo, normalizeDocNoForSearch } from './docno.ts';
import { sanitizeBody, textToHtml } from './sanitize.ts';
import { INDEX_NO_MAX, isIndexNo, normalizeIndexNo } from './index-number.ts';
import { VALIDITIES, DISCLOSURES, KINDS, type Validity, type Disclosure, type Kind } from './state.ts';
import { isIsoDate, beijingLocalToIso } from '../../platform/views/format.ts';
import type { FieldErrors } from '../../platform/errors.ts';

export interface TermSets {
  topic: Set<string>;
  genre: Set<string>;
  column: Set<string>;
}

/** Validated, normalised document fields (undefined = not given). */
export interface DocumentFields {
  title?: string;
  indexNo?: string | null;
  docNo?: string | null;
  docNoIssuer?: string | null;
  docNoYear?: number | null;
  docNoSeq?: number | null;
  docNoKey?: string | null;
  unitId?: number;
  topic?: string | null;
  genre?: string | null;
  kind?: Kind;
  column?: string | null;
  art20?: number | null;
  publisher?: string;
  writtenOn?: string | null;
  formedOn?: string | null;
  publishedAt?: string | null;
  keywords?: string[];
  summary?: string;
  body?: string;
  validity?: Validity;
  validityOn?: string | null;
  validityReason?: string | null;
  disclosure?: Disclosure;
}

const INPUT_FIELDS = [
  'title', 'indexNo', 'docNo', 'unitId', 'unit', 'topic', 'genre', 'kind', 'column', 'art20', 'publisher', 'writtenOn',
  'formedOn', 'publishedAt', 'keywords', 'summary', 'body', 'bodyText', 'validity', 'validityOn', 'validityReason', 'disclosure',
] as const;

const LIMITS = { title: 300, docNo: 100, publisher: 100, summary: 2000, body: 2_000_000, keyword: 30, keywords: 20 };

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export interface ValidateOptions {
  terms: TermSets;
  /** For PATCH: missing fields stay untouched; for create, title is required. */
  partial: boolean;
  /** Imports may carry indexNo, validity and publishedAt; the console and API create may not set indexNo. */
  allowIndexNo?: boolean;
}

export function validateDocumentFields(raw: Record<string, unknown>, opts: ValidateOptions): { value: DocumentFields; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value: DocumentFields = {};
  const has = (k: string) => raw[k] !== undefined;
  const bad = (k: string, msg: string) => {
    errors[k] = msg;
  };

  for (const k of Object.keys(raw)) {
    if (!(INPUT_FIELDS as readonly string[]).includes(k) && k !== '_csrf' && k !== 'action' && !k.startsWith('check')) bad(k, `不认识的字段“${k}”`);
  }

  if (has('title') || !opts.partial) {
    const t = (str(raw.title) ?? '').replace(/\s+/g, ' ').trim();
    if (!t) bad('title', '请填写名称');
    else if (t.length > LIMITS.title) bad('title', `名称不能超过 ${LIMITS.title} 个字`);
    else value.title = t;
  }

  if (has('indexNo')) {
    const v = (str(raw.indexNo) ?? '').trim();
    if (!v) value.indexNo = null;
    else if (!opts.allowIndexNo) bad('indexNo', '索引号在首次发布时自动生成，不能手工填写');
    else if (!isIndexNo(normalizeIndexNo(v)))
      bad('indexNo', `索引号格式有误（“${v}”）：应由字母和数字组成，各段之间用“/”或“-”分隔，不含空格，不超过 ${INDEX_NO_MAX} 个字符，例如 321302/2020-00974`);
    else value.indexNo = normalizeIndexNo(v);
  }

  if (has('docNo')) {
    const v = (str(raw.docNo) ?? '').trim();
    if (!v) Object.assign(value, { docNo: null, docNoIssuer: null, docNoYear: null, docNoSeq: null, docNoKey: null });
    else if (v.length > LIMITS.docNo) bad('docNo', `文号不能超过 ${LIMITS.docNo} 个字`);
    else {
      const p = parseDocNo(v);
      if (!p.ok) bad('docNo', `文号无法识别（${p.reason}），标准写法如：宿城政办发〔2020〕12号`);
      else {
        value.docNo = p.normalized;
        value.docNoIssuer = p.issuer;
        value.docNoYear = p.year ?? null;
        value.docNoSeq = p.seq;
        value.docNoKey = normalizeDocNoForSearch(p.normalized);
      }
    }
  }

  if (has('unitId')) {
    const n = Number(raw.unitId);
    if (!Number.isInteger(n) || n <= 0) bad('unitId', '请选择发布单位');
    else value.unitId = n;
  }

  for (const [k, set] of [['topic', opts.terms.topic], ['genre', opts.terms.genre], ['column', opts.terms.column]] as const) {
    if (!has(k)) continue;
    const v = (str(raw[k]) ?? '').trim();
    if (!v) value[k] = null;
    else if (!set.has(v)) bad(k, k === 'topic' ? '主题分类不存在，请从列表中选择' : k === 'genre' ? '体裁分类不存在，请从列表中选择' : '公开目录栏目不存在，请从列表中选择');
    else value[k] = v;
  }

  if (has('kind')) {
    const v = str(raw.kind) ?? 'other';
    if (!(v in KINDS)) bad('kind', '文件类型应为 规章、行政规范性文件 或 其他文件');
    else value.kind = v as Kind;
  }

  if (has('art20')) {
    const v = str(raw.art20) ?? '';
    if (v === '') value.art20 = null;
    else {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 15) bad('art20', '法定主动公开类别应为第二十条第1至15项之一');
      else value.art20 = n;
    }
  }

  if (has('publisher')) {
    const v = (str(raw.publisher) ?? '').trim();
    if (v.length > LIMITS.publisher) bad('publisher', `发布机构不能超过 ${LIMITS.publisher} 个字`);
    else if (v) value.publisher = v;
  }

  for (const k of ['writtenOn', 'formedOn', 'validityOn'] as const) {
    if (!has(k)) continue;
    const v = (str(raw[k]) ?? '').trim();
    if (!v) value[k] = null;
    else if (!isIsoDate(v)) bad(k, '日期格式应为 年-月-日，例如 2020-10-12');
    else value[k] = v;
  }

  if (has('publishedAt')) {
    const v = (str(raw.publishedAt) ?? '').trim();
    if (!v) value.publishedAt = null;
    else {
      const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : beijingLocalToIso(v);
      if (!iso) bad('publishedAt', '公开日期格式应为 年-月-日 或 年-月-日 时:分');
      else value.publishedAt = iso;
    }
  }

  if (has('keywords')) {
    const v = raw.keywords;
    const list = (Array.isArray(v) ? v.map((x) => String(x)) : (str(v) ?? '').split(/[,，;；、\s]+/))
      .map((s) => s.trim())
      .filter(Boolean);
    const uniq = [...new Set(list)];
    if (uniq.length > LIMITS.keywords) bad('keywords', `关键词最多 ${LIMITS.keywords} 个`);
    else if (uniq.some((k) => k.length > LIMITS.keyword)) bad('keywords', `每个关键词不能超过 ${LIMITS.keyword} 个字`);
    else value.keywords = uniq;
  }

  if (has('summary')) {
    const v = (str(raw.summary) ?? '').trim();
    if (v.length > LIMITS.summary) bad('summary', `内容概述不能超过 ${LIMITS.summary} 个字`);
    else value.summary = v;
  }

  if (has('body') || has('bodyText')) {
    const html = has('body') ? str(raw.body) : textToHtml(str(raw.bodyText) ?? '');
    if (html === undefined) bad('body', '正文应为文本');
    else if (html.length > LIMITS.body) bad('body', '正文过长（不超过 200 万字符），请将长篇内容作为附件上传');
    else value.body = sanitizeBody(html);
  }

  if (has('validity')) {
    const v = str(raw.validity) ?? '';
    if (!(VALIDITIES as readonly string[]).includes(v)) bad('validity', '有效性应为 有效、失效、废止 或 已修改');
    else value.validity = v as Validity;
  }
  if (has('validityReason')) {
    const v = (str(raw.validityReason) ?? '').trim();
    if (v.length > 500) bad('validityReason', '原因不能超过 500 个字');
    else value.validityReason = v || null;
  }

  if (has('disclosure')) {
    const v = str(raw.disclosure) ?? '';
    if (!(DISCLOSURES as readonly string[]).includes(v)) bad('disclosure', '公开方式应为 主动公开、依申请公开 或 不予公开');
    else value.disclosure = v as Disclosure;
  }

  return { value, errors };
}
