// The key-area sections of 重点领域信息公开 (issue 18, seed §一(四)) and their structured templates: pure data
// and the checks of a record's fields. Each area is a 公开目录 column (taxonomy's zdly.*) and a 主题分类.
import { parseSegmentLine, formatSegment, type RoadSegment, type Zone } from './address.ts';

export interface FieldSpec {
  key: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'number';
  required?: boolean;
  hint?: string;
  /** Only for these categories (absent: every category of the area). */
  only?: string[];
}

export interface AreaSpec {
  key: string;
  label: string;
  /** The document's 公开目录栏目 and 主题分类 (taxonomy codes). */
  column: string;
  topic: string;
  categories: string[];
  fields: FieldSpec[];
}

const date = (label = '日期'): FieldSpec => ({ key: 'date', label, kind: 'date', hint: '信息形成或变更的日期，YYYY-MM-DD' });
const content: FieldSpec = { key: 'content', label: '主要内容', kind: 'textarea', required: true };

export const AREAS: AreaSpec[] = [
  {
    key: 'zdxm',
    label: '重大建设项目',
    column: 'zdly.zdxm',
    topic: 'gmjj.zdxm',
    categories: ['批准服务信息', '批准结果', '招标投标', '征收土地', '重大设计变更', '施工', '质量安全监督', '竣工'],
    fields: [
      { key: 'project', label: '项目名称', kind: 'text', required: true },
      { key: 'projectCode', label: '项目代码', kind: 'text', hint: '投资项目在线审批监管平台赋予的代码' },
      { key: 'owner', label: '项目法人（建设单位）', kind: 'text' },
      { key: 'location', label: '建设地点', kind: 'text' },
      { key: 'investment', label: '总投资（万元）', kind: 'number' },
      { key: 'authority', label: '审批（核准、备案）部门', kind: 'text', only: ['批准服务信息', '批准结果', '重大设计变更'] },
      { key: 'approvalNo', label: '批准文号', kind: 'text', only: ['批准结果', '征收土地', '重大设计变更'] },
      { key: 'winner', label: '中标单位', kind: 'text', only: ['招标投标'] },
      date('批准、开工或验收日期'),
      content,
    ],
  },
  {
    key: 'ggzy',
    label: '公共资源配置',
    column: 'zdly.ggzy',
    topic: 'gmjj.qt',
    categories: ['国有土地使用权出让', '矿业权出让', '政府采购', '国有产权交易', '工程建设项目招标投标', '保障性住房分配'],
    fields: [
      { key: 'item', label: '项目名称', kind: 'text', required: true },
      { key: 'method', label: '配置方式', kind: 'text', hint: '如 公开招标、挂牌出让、竞争性磋商' },
      { key: 'amount', label: '成交金额（万元）', kind: 'number' },
      { key: 'party', label: '受让人（中标、成交单位）', kind: 'text' },
      date('成交或公告日期'),
      content,
    ],
  },
  {
    key: 'ywjy',
    label: '义务教育',
    column: 'zdly.ywjy',
    topic: 'kjjy.jy',
    categories: ['招生方案', '招生范围', '招生程序', '报名条件', '学校情况', '录取结果', '咨询方式'],
    fields: [
      { key: 'stage', label: '学段', kind: 'text', hint: '小学、初中' },
      date('发布日期'),
      content,
    ],
  },
  {
    key: 'ylws',
    label: '医疗卫生',
    column: 'zdly.ylws',
    topic: 'wsty.ws',
    categories: ['医保监管', '药品监管', '医疗服务'],
    fields: [
      { key: 'subject', label: '对象（机构、药店或服务项目）', kind: 'text' },
      { key: 'result', label: '检查或处理结果', kind: 'textarea' },
      date('检查或发布日期'),
      content,
    ],
  },
  {
    key: 'zdzs',
    label: '征地征收',
    column: 'zdly.zdzs',
    topic: 'gtny.td',
    categories: ['征收土地预公告', '征地批复', '征地补偿安置方案', '房屋征收决定', '补偿结果'],
    fields: [
      { key: 'project', label: '项目名称', kind: 'text', required: true },
      { key: 'location', label: '位置（四至）', kind: 'text' },
      { key: 'size', label: '面积（公顷）', kind: 'number' },
      { key: 'approvalNo', label: '批准文号', kind: 'text' },
      { key: 'compensation', label: '补偿标准', kind: 'textarea' },
      date('批准或公告日期'),
      content,
    ],
  },
  {
    key: 'aqsc',
    label: '安全生产',
    column: 'zdly.aqsc',
    topic: 'scaq.aqsc',
    categories: ['行政许可', '监督检查', '行政处罚', '事故调查处理', '隐患排查治理'],
    fields: [
      { key: 'subject', label: '对象（企业或场所）', kind: 'text' },
      { key: 'result', label: '检查、处罚或处理结果', kind: 'textarea' },
      date('检查、决定或发布日期'),
      content,
    ],
  },
];

export const AREA_BY_KEY = new Map(AREAS.map((a) => [a.key, a]));
/** The category whose records carry 施教区 (schools and their catchment). */
export const ZONE_CATEGORY = '招生范围';

export function fieldsFor(area: AreaSpec, category: string): FieldSpec[] {
  return area.fields.filter((f) => !f.only || f.only.includes(category));
}

/** A school of a 招生范围 record with its 施教区. */
export interface School {
  name: string;
  stage: string;
  address: string;
  phone: string;
  roads: RoadSegment[];
  communities: string[];
}

export function zonesOf(schools: School[]): Zone[] {
  return schools.map((s) => ({ school: s.name, roads: s.roads, communities: s.communities }));
}

export const MAX_SCHOOLS = 20;
const MAX_TEXT = 200;
const MAX_LONG = 5000;

export interface RecordInput {
  area: string;
  category: string;
  year: number;
  townId: number | null;
  title: string;
  summary: string;
  details: Record<string, string>;
  schools: School[];
}

/** Splits a list typed with 、，, or new lines. */
function splitList(s: string): string[] {
  return [...new Set(s.split(/[\n、，,;；]+/).map((x) => x.trim()).filter(Boolean))];
}

/** The schools block of the form: school i has name_i, stage_i, address_i, phone_i, roads_i (one segment a line), communities_i. */
function parseSchools(src: Record<string, unknown>, errors: Record<string, string>): School[] {
  const out: School[] = [];
  const s = (k: string) => (typeof src[k] === 'string' ? (src[k] as string).trim() : '');
  for (let i = 0; i < MAX_SCHOOLS; i++) {
    const name = s(`school${i}_name`);
    const roadsText = s(`school${i}_roads`);
    const commText = s(`school${i}_communities`);
    if (!name && !roadsText && !commText) continue;
    if (!name) errors[`school${i}_name`] = `第 ${i + 1} 所学校：请填写学校名称`;
    else if (name.length > MAX_TEXT) errors[`school${i}_name`] = `第 ${i + 1} 所学校：名称不能超过 ${MAX_TEXT} 个字`;
    const roads: RoadSegment[] = [];
    roadsText.split(/\n/).map((l) => l.trim()).filter(Boolean).forEach((line, j) => {
      const r = parseSegmentLine(line);
      if ('error' in r) errors[`school${i}_roads`] ??= `第 ${i + 1} 所学校的施教区道路第 ${j + 1} 行“${line}”：${r.error}`;
      else roads.push(r);
    });
    const communities = splitList(commText);
    if (name && !roads.length && !communities.length) errors[`school${i}_roads`] ??= `第 ${i + 1} 所学校：请填写施教区的道路或社区/村`;
    out.push({ name, stage: s(`school${i}_stage`).slice(0, 20), address: s(`school${i}_address`).slice(0, MAX_TEXT), phone: s(`school${i}_phone`).slice(0, 40), roads, communities });
  }
  const names = out.map((x) => x.name).filter(Boolean);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) errors.schools = `学校“${dup}”填了两次`;
  return out;
}

/** The form fields of the schools block, to show a saved record again. */
export function schoolsToForm(schools: School[]): Record<string, string> {
  const out: Record<string, string> = {};
  schools.forEach((s, i) => {
    out[`school${i}_name`] = s.name;
    out[`school${i}_stage`] = s.stage;
    out[`school${i}_address`] = s.address;
    out[`school${i}_phone`] = s.phone;
    out[`school${i}_roads`] = s.roads.map(formatSegment).join('\n');
    out[`school${i}_communities`] = s.communities.join('、');
  });
  return out;
}

/**
 * Checks a record's input (form or API): every bad field named in Chinese. `towns` are the ids of units of
 * type town; `thisYear` bounds the year.
 */
export function checkRecord(src: Record<string, unknown>, towns: Set<number>, thisYear: number): { value: RecordInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const str = (k: string) => (typeof src[k] === 'string' ? (src[k] as string).trim() : typeof src[k] === 'number' ? String(src[k]) : '');
  const area = AREA_BY_KEY.get(str('area'));
  if (!area) errors.area = `请选择领域：${AREAS.map((a) => a.label).join('、')}`;
  const category = str('category');
  if (area && !area.categories.includes(category)) errors.category = `请选择${area.label}的公开类别：${area.categories.join('、')}`;
  const year = Number(str('year'));
  if (!Number.isInteger(year) || year < 2000 || year > thisYear + 1) errors.year = `年度应为 2000 至 ${thisYear + 1} 年的整数`;
  let townId: number | null = null;
  if (str('townId')) {
    townId = Number(str('townId'));
    if (!towns.has(townId)) errors.townId = '所在镇街应为本区的街道或镇（可不填，表示全区）';
  }
  const title = str('title');
  if (!title) errors.title = '请填写标题';
  else if (title.length > MAX_TEXT) errors.title = `标题不能超过 ${MAX_TEXT} 个字`;
  const summary = str('summary');
  if (summary.length > 1000) errors.summary = '内容概述不能超过 1000 个字';
  const details: Record<string, string> = {};
  const given = (src.details && typeof src.details === 'object' ? src.details : src) as Record<string, unknown>;
  if (area && !errors.category) {
    for (const f of fieldsFor(area, category)) {
      const raw = given[f.key];
      const v = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
      if (!v) {
        if (f.required) errors[f.key] = `请填写${f.label}`;
        continue;
      }
      if (v.length > (f.kind === 'textarea' ? MAX_LONG : MAX_TEXT)) errors[f.key] = `${f.label}不能超过 ${f.kind === 'textarea' ? MAX_LONG : MAX_TEXT} 个字`;
      else if (f.kind === 'date' && !isRealDate(v)) errors[f.key] = `${f.label}的格式应为 YYYY-MM-DD，且是真实的日期`;
      else if (f.kind === 'number' && !/^\d+(\.\d{1,4})?$/.test(v.normalize('NFKC'))) errors[f.key] = `${f.label}应为不小于 0 的数字`;
      else details[f.key] = f.kind === 'number' ? v.normalize('NFKC') : v;
    }
  }
  let schools: School[] = [];
  if (category === ZONE_CATEGORY && area?.key === 'ywjy') {
    schools = Array.isArray(src.schools) ? schoolsFromJson(src.schools, errors) : parseSchools(src, errors);
    if (!schools.length && !Object.keys(errors).some((k) => k.startsWith('school'))) errors.school0_name = '招生范围请至少填写一所学校及其施教区';
  }
  if (Object.keys(errors).length) return { value: null, errors };
  return { value: { area: area!.key, category, year, townId, title, summary, details, schools }, errors };
}

/** The API's schools: [{ name, stage?, address?, phone?, roads: ["幸福中路 单号 1-199号", …], communities: [..] }]. */
function schoolsFromJson(list: unknown[], errors: Record<string, string>): School[] {
  const src: Record<string, unknown> = {};
  if (list.length > MAX_SCHOOLS) errors.schools = `一条招生范围最多 ${MAX_SCHOOLS} 所学校`;
  list.slice(0, MAX_SCHOOLS).forEach((x, i) => {
    const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
    for (const k of ['name', 'stage', 'address', 'phone']) src[`school${i}_${k}`] = typeof o[k] === 'string' ? o[k] : '';
    src[`school${i}_roads`] = Array.isArray(o.roads) ? o.roads.filter((r) => typeof r === 'string').join('\n') : '';
    src[`school${i}_communities`] = Array.isArray(o.communities) ? o.communities.filter((r) => typeof r === 'string').join('、') : '';
  });
  return parseSchools(src, errors);
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Every template field of the area: key → label (the history's field-level diff of `details`). */
export function detailLabels(areaKey: string): Record<string, string> {
  return Object.fromEntries((AREA_BY_KEY.get(areaKey)?.fields ?? []).map((f) => [f.key, f.label]));
}
