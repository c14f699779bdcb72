/**
 * The national format of the 政府信息公开工作年度报告, as data: section headings and the exact
 * labels of the tables of sections 二, 三 and 四, for the two formats in use since 2019
 * (domain.md §2; the earlier one from /work/shared/data/annual-reports-cn, a real 2019 report).
 *
 *  - '2021': 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号), report years ≥ 2021.
 *  - '2019': the earlier format, used for the 2019 and 2020 reports: other columns in table 二 and a
 *    single row 三(六)其他处理 without sub-rows.
 *
 * Pure data and lookups, no I/O.
 */
import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_LABELS,
  OUTCOME_GROUPS,
  OUTCOME_GROUP_DEFS,
  outcomesOfGroup,
  type ApplicantType,
  type OutcomeCode,
  type OutcomeGroup,
} from '../requests/public.ts';

const REPORT_FORMATS = ['2021', '2019'] as const;
export type ReportFormatId = (typeof REPORT_FORMATS)[number];

/** The first report year the platform produces (the 2019 Regulation took effect on 2019-05-15). */
export const FIRST_REPORT_YEAR = 2019;

export function formatForYear(year: number): ReportFormatId {
  return year >= 2021 ? '2021' : '2019';
}

export const SECTION_HEADINGS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

// ---------------------------------------------------------------------------
// Section 三: the request table
// ---------------------------------------------------------------------------

/** Columns of the request table in print order; `total` is 总计. */
export const REQUEST_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;
export type RequestColumn = (typeof REQUEST_COLUMNS)[number];
export const REQUEST_COLUMN_LABELS: Record<RequestColumn, string> = { ...APPLICANT_TYPE_LABELS, total: '总计' };
/** The header groups above the columns. */
export const REQUEST_COLUMN_GROUPS = {
  applicants: '申请人情况',
  natural: '自然人',
  organisations: '法人或其他组织',
  total: '总计',
} as const;
export const REQUEST_TABLE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/**
 * A row's key: a counting category (`new`, `carried-over`, `total`, `carried-forward`), an outcome
 * code, a group (`group:deny` — a heading row without cells in the 2021 format; in the 2019 format
 * `group:other` carries the sum of other-1…3), or the heading `results` (三、本年度办理结果).
 */
export type RequestRowKey = 'new' | 'carried-over' | 'results' | 'total' | 'carried-forward' | OutcomeCode | `group:${OutcomeGroup}`;

export interface RequestRowDef {
  key: RequestRowKey;
  /** The label exactly as printed. */
  label: string;
  depth: 0 | 1 | 2;
  /** Heading rows print no numbers. */
  heading: boolean;
  /** The outcome codes summed in this row (empty for the counting rows and headings). */
  codes: OutcomeCode[];
}

export function requestRows(format: ReportFormatId): RequestRowDef[] {
  const rows: RequestRowDef[] = [
    { key: 'new', label: '一、本年新收政府信息公开申请数量', depth: 0, heading: false, codes: [] },
    { key: 'carried-over', label: '二、上年结转政府信息公开申请数量', depth: 0, heading: false, codes: [] },
    { key: 'results', label: '三、本年度办理结果', depth: 0, heading: true, codes: [] },
  ];
  for (const group of OUTCOME_GROUPS) {
    const g = OUTCOME_GROUP_DEFS[group];
    const members = outcomesOfGroup(group);
    if (members.length === 1 && members[0]!.item === null) {
      rows.push({ key: members[0]!.code, label: g.rowLabel, depth: 1, heading: false, codes: [members[0]!.code] });
    } else if (format === '2019' && group === 'other') {
      rows.push({ key: 'group:other', label: g.rowLabel, depth: 1, heading: false, codes: members.map((m) => m.code) });
    } else {
      rows.push({ key: `group:${group}`, label: g.rowLabel, depth: 1, heading: true, codes: [] });
      for (const m of members) rows.push({ key: m.code, label: m.rowLabel, depth: 2, heading: false, codes: [m.code] });
    }
  }
  rows.push({ key: 'total', label: '（七）总计', depth: 1, heading: false, codes: [] });
  rows.push({ key: 'carried-forward', label: '四、结转下年度继续办理', depth: 0, heading: false, codes: [] });
  return rows;
}

/** Which applicant column a stored applicant type falls in. */
export function columnOf(type: string): ApplicantType {
  return (APPLICANT_TYPES as readonly string[]).includes(type) ? (type as ApplicantType) : 'other';
}

// ---------------------------------------------------------------------------
// Section 四: review and litigation
// ---------------------------------------------------------------------------

export const REVIEW_GROUPS = ['review', 'lawsuit-direct', 'lawsuit-after-review'] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];
export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
  review: '行政复议',
  'lawsuit-direct': '未经复议直接起诉',
  'lawsuit-after-review': '复议后起诉',
};
export const REVIEW_LAWSUIT_HEADING = '行政诉讼';
export const REVIEW_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];
export const REVIEW_COLUMN_LABELS: Record<ReviewColumn, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

// ---------------------------------------------------------------------------
// Section 二: proactive disclosure
// ---------------------------------------------------------------------------

/**
 * A row of a block of table 二. `source` says where the numbers come from: `documents` (counted
 * from the documents' 文件类型 and 有效性) or `manual` (entered per unit and year with a source note,
 * because they come from other systems — 行政许可, 行政处罚, 行政强制 decisions, fees).
 */
interface ActiveRowDef {
  key: string;
  label: string;
  source: 'documents' | 'manual';
  /** For `documents` rows: the documents' `kind` counted. */
  docKind?: string;
}

interface ActiveColumnDef {
  key: string;
  label: string;
  /** Decimal allowed (fees in 万元); all other cells are whole numbers. */
  decimal?: boolean;
}

export interface ActiveBlockDef {
  /** E.g. '第二十条第（一）项'. */
  item: string;
  columns: ActiveColumnDef[];
  rows: ActiveRowDef[];
}

const CONTENT = '信息内容';

/** The 2019 format's columns for the items of Art. 20 (五)(六)(八): last year's count, this year's change, decisions. */
const ITEM_COLUMNS_2019: ActiveColumnDef[] = [
  { key: 'lastYear', label: '上一年项目数量' },
  { key: 'change', label: '本年增/减' },
  { key: 'decisions', label: '处理决定数量' },
];

export const ACTIVE_BLOCKS: Record<ReportFormatId, ActiveBlockDef[]> = {
  '2021': [
    {
      item: '第二十条第（一）项',
      columns: [
        { key: 'made', label: '本年制发件数' },
        { key: 'repealed', label: '本年废止件数' },
        { key: 'valid', label: '现行有效件数' },
      ],
      rows: [
        { key: 'rule', label: '规章', source: 'documents', docKind: 'rule' },
        { key: 'normative', label: '行政规范性文件', source: 'documents', docKind: 'normative' },
      ],
    },
    {
      item: '第二十条第（五）项',
      columns: [{ key: 'decisions', label: '本年处理决定数量' }],
      rows: [{ key: 'licensing', label: '行政许可', source: 'manual' }],
    },
    {
      item: '第二十条第（六）项',
      columns: [{ key: 'decisions', label: '本年处理决定数量' }],
      rows: [
        { key: 'penalty', label: '行政处罚', source: 'manual' },
        { key: 'coercion', label: '行政强制', source: 'manual' },
      ],
    },
    {
      item: '第二十条第（八）项',
      columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', decimal: true }],
      rows: [{ key: 'fees', label: '行政事业性收费', source: 'manual' }],
    },
  ],
  '2019': [
    {
      item: '第二十条第（一）项',
      columns: [
        { key: 'made', label: '本年新制作数量' },
        { key: 'published', label: '本年新公开数量' },
        { key: 'total', label: '对外公开总数量' },
      ],
      rows: [
        { key: 'rule', label: '规章', source: 'documents', docKind: 'rule' },
        { key: 'normative', label: '规范性文件', source: 'documents', docKind: 'normative' },
      ],
    },
    {
      item: '第二十条第（五）项',
      columns: ITEM_COLUMNS_2019,
      rows: [
        { key: 'licensing', label: '行政许可', source: 'manual' },
        { key: 'otherServices', label: '其他对外管理服务事项', source: 'manual' },
      ],
    },
    {
      item: '第二十条第（六）项',
      columns: ITEM_COLUMNS_2019,
      rows: [
        { key: 'penalty', label: '行政处罚', source: 'manual' },
        { key: 'coercion', label: '行政强制', source: 'manual' },
      ],
    },
    {
      item: '第二十条第（八）项',
      columns: ITEM_COLUMNS_2019.slice(0, 2),
      rows: [{ key: 'fees', label: '行政事业性收费', source: 'manual' }],
    },
    {
      item: '第二十条第（九）项',
      columns: [
        { key: 'projects', label: '采购项目数量' },
        { key: 'amount', label: '采购总金额', decimal: true },
      ],
      rows: [{ key: 'procurement', label: '政府集中采购', source: 'manual' }],
    },
  ],
};

export const ACTIVE_CONTENT_LABEL = CONTENT;
