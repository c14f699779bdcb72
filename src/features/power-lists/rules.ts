// 权责清单 rules (pure): the power types and levels, reading an item's fields from a form, the API or an .xlsx
// row (each bad field named in Chinese), the legal basis lines, and the .xlsx layout (export = import).
import type { FieldErrors } from '../../platform/errors.ts';
import { trimmedText as str } from '../../platform/text.ts';

export const POWER_TYPES = ['行政许可', '行政处罚', '行政强制', '行政征收', '行政给付', '行政检查', '行政确认', '行政奖励', '行政裁决', '其他'] as const;
export const LEVELS = ['国家级', '省级', '市级', '区级', '乡镇（街道）级'] as const;

export interface Basis {
  law: string;
  article: string;
  /** The law's document on this site, when one is found. */
  documentId: number | null;
}

const ARTICLE = /^(.*?)\s*(第[一二三四五六七八九十百千零〇两\d]+条.*)$/;

/** One basis line: 《法律名称》第X条… (the 《》 may be left out). */
export function parseBasisLine(line: string): { law: string; article: string } | null {
  const s = line.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const m = /^《([^》]+)》\s*(.*)$/.exec(s);
  if (m) return { law: m[1].trim(), article: m[2].trim() };
  const a = ARTICLE.exec(s);
  if (a && a[1]) return { law: a[1].replace(/[《》]/g, '').trim(), article: a[2].trim() };
  return { law: s.replace(/[《》]/g, ''), article: '' };
}

const basisLine = (b: { law: string; article: string }) => `《${b.law}》${b.article}`;

/** Text of a stored JSON array of strings (sub-items) or bases, one per line. */
export function linesOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v.map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' && 'law' in x ? basisLine(x as Basis) : String(x)));
  } catch {
    return [];
  }
}

export function parseBases(json: string): Basis[] {
  try {
    const v = JSON.parse(json) as Basis[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

const lines = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' && 'law' in x ? basisLine(x as Basis) : str(x))) : str(v).split(/\r?\n|；/))
    .map((x) => x.trim())
    .filter(Boolean);

export interface ItemValues {
  code: string;
  name: string;
  power_type: string;
  sub_items: string[];
  bases: { law: string; article: string }[];
  level: string;
  duties: string;
  accountability: string;
  fee: string;
  statutory_days: number | null;
  promised_days: number | null;
}

function days(v: unknown, label: string, field: string, errors: FieldErrors): number | null {
  const s = str(v).replace(/个?工作日$/, '');
  if (!s) return null;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 3650) {
    errors[field] = `${label}应为 1–3650 之间的整数（工作日）`;
    return null;
  }
  return n;
}

/** Reads and checks an item's fields (input keys as in the API: code, name, powerType, subItems, basis, level, duties, accountability, fee, statutoryDays, promisedDays). */
export function readItem(input: Record<string, unknown>): { values: ItemValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const code = str(input.code);
  const name = str(input.name);
  const powerType = str(input.powerType);
  const level = str(input.level);
  const duties = str(input.duties);
  const accountability = str(input.accountability);
  const fee = str(input.fee) || '不收费';
  if (!code) errors.code = '请填写事项编码';
  else if (code.length > 40 || !/^[0-9A-Za-z._-]+$/.test(code)) errors.code = '事项编码只能由数字、字母和 - _ . 组成，不超过 40 位';
  if (!name) errors.name = '请填写事项名称';
  else if (name.length > 200) errors.name = '事项名称不能超过 200 个字';
  if (!(POWER_TYPES as readonly string[]).includes(powerType)) errors.powerType = `权力类型应为：${POWER_TYPES.join('、')}`;
  if (!(LEVELS as readonly string[]).includes(level)) errors.level = `行使层级应为：${LEVELS.join('、')}`;
  const subItems = lines(input.subItems);
  if (subItems.length > 50) errors.subItems = '子项不能超过 50 个';
  else if (subItems.some((s) => s.length > 200)) errors.subItems = '每个子项不能超过 200 个字';
  const rawBases = lines(input.basis);
  const bases = rawBases.map(parseBasisLine).filter((b): b is { law: string; article: string } => !!b);
  if (!bases.length) errors.basis = '请填写设定依据，每行一条，如：《中华人民共和国食品安全法》第三十五条';
  else if (bases.length > 20) errors.basis = '设定依据不能超过 20 条';
  else if (bases.some((b) => b.law.length > 100 || b.article.length > 300)) errors.basis = '法律名称不能超过 100 个字，条款不能超过 300 个字';
  if (!duties) errors.duties = '请填写责任事项';
  else if (duties.length > 5000) errors.duties = '责任事项不能超过 5000 个字';
  if (!accountability) errors.accountability = '请填写追责情形';
  else if (accountability.length > 5000) errors.accountability = '追责情形不能超过 5000 个字';
  if (fee.length > 500) errors.fee = '收费依据及标准不能超过 500 个字';
  const statutory = days(input.statutoryDays, '法定办结时限', 'statutoryDays', errors);
  const promised = days(input.promisedDays, '承诺办结时限', 'promisedDays', errors);
  if (statutory !== null && promised !== null && promised > statutory) errors.promisedDays = `承诺办结时限（${promised} 个工作日）不能长于法定办结时限（${statutory} 个工作日）`;
  return {
    values: { code, name, power_type: powerType, sub_items: subItems, bases, level, duties, accountability, fee, statutory_days: statutory, promised_days: promised },
    errors,
  };
}

export const daysText = (n: number | null) => (n === null ? '—' : `${n} 个工作日`);

/** The .xlsx layout: the one header row of the export, which the import requires as it is. */
export const XLSX_HEADERS = ['事项编码', '事项名称', '权力类型', '子项', '设定依据', '实施主体', '行使层级', '责任事项', '追责情形', '收费依据及标准', '法定办结时限（工作日）', '承诺办结时限（工作日）', '变更原因'] as const;

/** An .xlsx row (cells as text) → API-style input; the unit is given by name (实施主体). */
export function rowToInput(cells: string[]): Record<string, string> {
  const c = (i: number) => (cells[i] ?? '').trim();
  return {
    code: c(0),
    name: c(1),
    powerType: c(2),
    subItems: c(3),
    basis: c(4),
    unit: c(5),
    level: c(6),
    duties: c(7),
    accountability: c(8),
    fee: c(9),
    statutoryDays: c(10),
    promisedDays: c(11),
    reason: c(12),
  };
}

/** Labels of the fields a diff and the history show. */
export const FIELD_LABELS: Record<string, string> = {
  code: '事项编码',
  name: '事项名称',
  power_type: '权力类型',
  sub_items: '子项',
  basis: '设定依据',
  level: '行使层级',
  duties: '责任事项',
  accountability: '追责情形',
  fee: '收费依据及标准',
  statutory_days: '法定办结时限',
  promised_days: '承诺办结时限',
  basis_checked_at: '依据复核时间',
};

/** A stored field's value as people read it (history, diffs). */
export function showValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (field === 'sub_items' || field === 'basis') return linesOf(String(v)).join('；') || '（空）';
  if (field === 'statutory_days' || field === 'promised_days') return daysText(Number(v));
  if (field === 'basis_checked_at') return String(v).slice(0, 10);
  return String(v);
}
