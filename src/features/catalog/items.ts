// One catalog item's fields as the form, the API and the .xlsx give them: checked field by field with a
// Chinese message (pure; the areas are passed in as data). The .xlsx layout of domain.md §3.3 — two header
// rows, 公开渠道和载体 as one ticked column per channel, 公开对象/方式/层级 as ticked pairs — written and read here.
import { AUDIENCES, CHANNELS, LEVELS, MODES } from './areas.ts';
import type { FieldErrors } from '../../platform/errors.ts';
import type { CellValue, Sheet } from '../../platform/files/xlsx.ts';
import { colName, readXlsx } from '../../platform/files/xlsx.ts';
import { trimmedText as str } from '../../platform/text.ts';

export interface ItemValues {
  area_id: number;
  seq: number;
  level1: string;
  level2: string;
  content: string;
  basis: string;
  time_limit: string;
  subject: string;
  channels: string;
  audience: string;
  mode: string;
  level: string;
}

/** What a form, the API or a spreadsheet row gives (area by name or id; channels as a list). */
export interface ItemInput {
  area?: unknown;
  seq?: unknown;
  level1?: unknown;
  level2?: unknown;
  content?: unknown;
  basis?: unknown;
  timeLimit?: unknown;
  subject?: unknown;
  channels?: unknown;
  audience?: unknown;
  mode?: unknown;
  level?: unknown;
}

export interface Area {
  id: number;
  name: string;
}

export const LIMITS = { level: 100, content: 2000, basis: 2000, timeLimit: 200, subject: 200 } as const;

function oneOf(v: unknown, allowed: readonly string[], field: string, label: string, errors: FieldErrors): string {
  let s = str(v);
  if (s === '依申请公开') s = '依申请';
  if (s === '主动公开') s = '主动';
  if (!s) errors[field] = `请选择${label}`;
  else if (s.includes('和') && s.split('和').every((x) => allowed.includes(x))) errors[field] = `${label}只能勾选一项（${s.replace('和', '、')}都勾选了）`;
  else if (!allowed.includes(s)) errors[field] = `${label}只能是 ${allowed.join('、')}`;
  return s;
}

/** Checks one item; `areas` are the catalog's areas. */
export function readItem(input: ItemInput, areas: readonly Area[]): { values: ItemValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const areaRaw = str(input.area);
  const area = areas.find((a) => a.name === areaRaw || String(a.id) === areaRaw);
  if (!areaRaw) errors.area = '请选择领域';
  else if (!area) errors.area = `没有“${areaRaw}”这个领域（应为 26 个试点领域之一，如 ${areas.slice(0, 3).map((a) => a.name).join('、')}）`;
  const text = (v: unknown, field: string, label: string, max: number, required = true) => {
    const s = str(v);
    if (!s && required) errors[field] = `请填写${label}`;
    else if (s.length > max) errors[field] = `${label}不能超过 ${max} 字`;
    return s;
  };
  const level1 = text(input.level1, 'level1', '一级事项', LIMITS.level);
  const level2 = text(input.level2, 'level2', '二级事项', LIMITS.level, false);
  const content = text(input.content, 'content', '公开内容（要素）', LIMITS.content);
  const basis = text(input.basis, 'basis', '公开依据', LIMITS.basis);
  const time_limit = text(input.timeLimit, 'timeLimit', '公开时限', LIMITS.timeLimit);
  const subject = text(input.subject, 'subject', '公开主体', LIMITS.subject);
  const list = (Array.isArray(input.channels) ? input.channels : input.channels === undefined || input.channels === '' ? [] : [input.channels]).map(str).filter(Boolean);
  const unknown = list.filter((c) => !CHANNELS.includes(c));
  if (!list.length) errors.channels = '请至少选择一个公开渠道和载体';
  else if (unknown.length) errors.channels = `没有“${unknown.join('、')}”这种公开渠道，应为 ${CHANNELS.join('、')}`;
  const channels = CHANNELS.filter((c) => list.includes(c));
  const audience = oneOf(input.audience, AUDIENCES, 'audience', '公开对象', errors);
  const mode = oneOf(input.mode, MODES, 'mode', '公开方式', errors);
  const level = oneOf(input.level, LEVELS, 'level', '公开层级', errors);
  let seq = 0;
  const seqRaw = str(input.seq);
  if (seqRaw) {
    if (!/^\d{1,6}$/.test(seqRaw) || Number(seqRaw) < 1) errors.seq = '序号应为正整数';
    else seq = Number(seqRaw);
  }
  return { values: { area_id: area?.id ?? 0, seq, level1, level2, content, basis, time_limit, subject, channels: JSON.stringify(channels), audience, mode, level }, errors };
}

export function channelsOf(row: { channels: string }): string[] {
  try {
    const v = JSON.parse(row.channels);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

// ---- the .xlsx layout -------------------------------------------------------------------------------

const TICK = '√';
const ON = '■';
const OFF = '□';

/** Row 2 and row 3 of the sheet (row 1 is the title). 27 columns. */
export const HEAD1: string[] = [
  '序号',
  '领域',
  '公开事项',
  '',
  '公开内容（要素）',
  '公开依据',
  '公开时限',
  '公开主体',
  '公开渠道和载体',
  ...CHANNELS.slice(1).map(() => ''),
  '公开对象',
  '',
  '公开方式',
  '',
  '公开层级',
  '',
];
export const HEAD2: string[] = ['', '', '一级事项', '二级事项', '', '', '', '', ...CHANNELS, '全社会', '特定群众', '主动', '依申请', '县级', '乡级'];
const C = { channels: 8, audience: 8 + CHANNELS.length, mode: 10 + CHANNELS.length, level: 12 + CHANNELS.length };

export interface SheetItem extends Omit<ItemValues, 'area_id'> {
  areaName: string;
}

export function catalogSheet(title: string, items: readonly SheetItem[]): Sheet {
  const rows: CellValue[][] = [[title], HEAD1, HEAD2];
  for (const it of items) {
    const ch = channelsOf(it);
    const tick = (v: string, of: string) => (v === of ? TICK : '');
    rows.push([
      it.seq,
      it.areaName,
      it.level1,
      it.level2,
      it.content,
      it.basis,
      it.time_limit,
      it.subject,
      ...CHANNELS.map((c) => (ch.includes(c) ? ON : OFF)),
      tick(it.audience, '全社会'),
      tick(it.audience, '特定群众'),
      tick(it.mode, '主动'),
      tick(it.mode, '依申请'),
      tick(it.level, '县级'),
      tick(it.level, '乡级'),
    ]);
  }
  const span = (a: number, b: number) => `${colName(a)}2:${colName(b)}2`;
  const merges = [
    `A1:${colName(HEAD2.length - 1)}1`,
    span(2, 3),
    span(C.channels, C.channels + CHANNELS.length - 1),
    span(C.audience, C.audience + 1),
    span(C.mode, C.mode + 1),
    span(C.level, C.level + 1),
    ...[0, 1, 4, 5, 6, 7].map((i) => `${colName(i)}2:${colName(i)}3`),
  ];
  return { name: '标准目录', rows, merges };
}

const ticked = (cell: string | undefined) => {
  const s = (cell ?? '').trim();
  return s !== '' && s !== OFF && s !== '否' && s !== '0' && s !== '×';
};

export interface SheetRow {
  /** 1-based row number in the sheet. */
  line: number;
  input: ItemInput;
}

/**
 * The rows of a sheet in this layout, or the layout error (one Chinese sentence naming the first cell that
 * differs). Empty rows are skipped. A pair whose both cells are ticked gives a value the item check refuses.
 */
export function readCatalogSheet(rows: string[][]): { rows: SheetRow[] } | { error: string } {
  const at = rows.findIndex((r, i) => i < 6 && (r[0] ?? '').trim() === '序号');
  if (at < 0) return { error: '表格格式不对：前几行中找不到“序号”表头。请先导出本单位的目录（或空白模板），在其中填写后再导入。' };
  const h1 = rows[at] ?? [];
  const h2 = rows[at + 1] ?? [];
  for (const [expected, got, r] of [
    [HEAD1, h1, at + 1],
    [HEAD2, h2, at + 2],
  ] as const) {
    for (let i = 0; i < expected.length; i++) {
      if (expected[i] && (got[i] ?? '').trim() !== expected[i]) {
        return { error: `表格格式不对：第 ${r} 行 ${colName(i)} 列应为“${expected[i]}”，实为“${(got[i] ?? '').trim() || '空白'}”。请使用导出的目录或模板的格式。` };
      }
    }
  }
  const out: SheetRow[] = [];
  for (let r = at + 2; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (!row.some((c) => (c ?? '').trim())) continue;
    const pair = (i: number, a: string, b: string) => {
      const x = ticked(row[i]);
      const y = ticked(row[i + 1]);
      return x && y ? `${a}和${b}` : x ? a : y ? b : '';
    };
    out.push({
      line: r + 1,
      input: {
        seq: row[0],
        area: row[1],
        level1: row[2],
        level2: row[3],
        content: row[4],
        basis: row[5],
        timeLimit: row[6],
        subject: row[7],
        channels: CHANNELS.filter((_, k) => ticked(row[C.channels + k])),
        audience: pair(C.audience, '全社会', '特定群众'),
        mode: pair(C.mode, '主动', '依申请'),
        level: pair(C.level, '县级', '乡级'),
      },
    });
  }
  return { rows: out };
}

/**
 * An uploaded .xlsx read as catalog rows, or the reason it cannot be (one Chinese sentence). Pure and
 * synchronous: the console runs it in the app's file worker thread (app.fileWorker), off the event loop.
 */
export function readCatalogFile(bytes: Uint8Array): { rows: SheetRow[] } | { error: string } {
  let rows: string[][];
  try {
    rows = readXlsx(bytes, { firstOnly: true })[0]?.rows ?? [];
  } catch (e) {
    return { error: `无法读取这个文件：${e instanceof Error ? e.message : '不是 .xlsx 文件'}。请上传 Excel（.xlsx）文件。` };
  }
  const sheet = readCatalogSheet(rows);
  if ('error' in sheet) return sheet;
  if (!sheet.rows.length) return { error: '表格中没有目录事项（表头以下都是空行）。' };
  return sheet;
}
