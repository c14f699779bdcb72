// 政府网站工作年度报表 (issue 19): the yearly figures — information published, columns, interactions and search
// use — each contributed by the feature that owns its records ('health.yearFigures'); an expected figure
// nobody contributes, or one its feature cannot count, is 未测量 with a note, never 0.
import type { Db } from '../../platform/db/index.ts';
import { contributions } from '../../platform/modules.ts';
import type { CellValue } from '../../platform/files/xlsx.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { EXPECTED_FIGURES, YEAR_FIGURES_POINT, type YearFigure, type YearGroup } from './public.ts';

export interface YearFigureValue {
  key: string;
  group: YearGroup;
  label: string;
  value: number | null;
  note?: string;
}

const OWNER_NOTES: Record<string, string> = {
  messages: '政民互动留言功能尚未上线，暂未测量。',
  search: '检索功能未记录检索次数，暂未测量。',
  consultations: '征求意见功能未提供该数字，暂未测量。',
};

export async function yearFigures(db: Db, year: number): Promise<YearFigureValue[]> {
  const map = new Map<string, YearFigure>();
  for (const list of contributions<YearFigure[]>(YEAR_FIGURES_POINT)) for (const f of list) if (!map.has(f.key)) map.set(f.key, f);
  const out: YearFigureValue[] = [];
  const expected = new Set<string>();
  for (const e of EXPECTED_FIGURES) {
    expected.add(e.key);
    const f = map.get(e.key);
    if (!f) {
      out.push({ key: e.key, group: e.group, label: e.label, value: null, note: OWNER_NOTES[e.owner] ?? '尚无功能提供该数字，暂未测量。' });
      continue;
    }
    out.push(await valueOf(db, f, year));
  }
  for (const [key, f] of map) if (!expected.has(key)) out.push(await valueOf(db, f, year));
  return out;
}

async function valueOf(db: Db, f: YearFigure, year: number): Promise<YearFigureValue> {
  try {
    const v = await f.count(db, year);
    return { key: f.key, group: f.group, label: f.label, value: v, note: v === null ? f.note ?? '暂未测量。' : f.note };
  } catch (err) {
    return { key: f.key, group: f.group, label: f.label, value: null, note: `统计出错：${(err as Error).message}` };
  }
}

export function yearFiguresXlsx(siteName: string, year: number, figures: YearFigureValue[]): Uint8Array {
  const rows: CellValue[][] = [[`${siteName} ${year} 年政府网站工作年度报表（部分数字）`], ['类别', '项目', '数值', '说明']];
  for (const f of figures) rows.push([f.group, f.label, f.value === null ? '未测量' : f.value, f.note ?? '']);
  return writeXlsx([{ name: `${year}年度报表`, rows, merges: [] }]);
}
