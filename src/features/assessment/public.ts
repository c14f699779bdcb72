// 考核 (issue 19): the assessment's surface for other features. The catalogue of indicators is fixed here;
// each indicator is measured by the feature that owns its records, which contributes an
// `AssessmentIndicator` through its manifest:
//
//   contributes: { 'assessment.indicators': [documentsProactiveIndicator] satisfies AssessmentIndicator[] }
//
// An indicator nobody contributes — or whose denominator is 0 for a unit — is shown as 未测量 / 不适用,
// never as zero. Scores are derived from records and dates on demand; nothing is typed in.
import type { Db } from '../../platform/db/index.ts';

/** The extension point read with `contributions<AssessmentIndicator[]>(ASSESSMENT_INDICATORS)`. */
export const ASSESSMENT_INDICATORS = 'assessment.indicators';

export const INDICATOR_KEYS = [
  'proactive-on-time',
  'interpretation-sync',
  'interpretation-meeting',
  'requests-on-time',
  'requests-outcomes',
  'review-litigation',
  'catalog',
  'consultation-feedback',
  'new-media',
  'annual-report',
  'pii',
  'messages',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorDef {
  key: IndicatorKey;
  /** Short label for tables and charts. */
  label: string;
  /** The rule in one plain sentence: what is counted and what earns the score. */
  rule: string;
  /** Weight when the 政府办 has not set one for the year. */
  defaultWeight: number;
  /** The feature (folder) that owns the records and contributes the measurement. */
  owner: string;
}

/** The fixed catalogue (issue 19 "Assessment"), in display order. */
export const INDICATORS: readonly IndicatorDef[] = [
  { key: 'proactive-on-time', label: '主动公开及时', owner: 'documents', defaultWeight: 20, rule: '当年发布的主动公开文件中，自形成日期（未填时按成文日期）起 20 个工作日内公开的比例（条例第二十六条，按工作日历）' },
  { key: 'interpretation-sync', label: '政策解读三同步', owner: 'interpretations', defaultWeight: 10, rule: '当年发布、应当解读的政策文件中，解读材料与文件同日发布的比例' },
  { key: 'interpretation-meeting', label: '一个月内解读会', owner: 'interpretations', defaultWeight: 5, rule: '应当解读、印发满一个月的政策文件中，一个月内召开政策面对面解读会的比例' },
  { key: 'requests-on-time', label: '依申请按时答复', owner: 'requests', defaultWeight: 15, rule: '当年办结的依申请公开中，在答复期限内办结的比例（期限按条例第三十三条和工作日历计算）' },
  { key: 'requests-outcomes', label: '依申请公开率', owner: 'requests', defaultWeight: 5, rule: '当年作出答复的申请中，予以公开和部分公开的比例（结果分类同年度报表）' },
  { key: 'review-litigation', label: '复议诉讼未被纠错', owner: 'requests', defaultWeight: 10, rule: '当年审结的政府信息公开行政复议、行政诉讼中，结果未被纠正的比例' },
  { key: 'catalog', label: '标准目录完整及时', owner: 'catalog', defaultWeight: 10, rule: '本单位当年标准目录中应公开的事项，已按时限关联公开文件的比例（人工核对和依申请事项不计）' },
  { key: 'consultation-feedback', label: '意见采纳情况按时公布', owner: 'consultations', defaultWeight: 5, rule: '采纳情况公布期限在当年（已到期）的征求意见中，按时公布意见采纳情况的比例' },
  { key: 'new-media', label: '政务新媒体合规', owner: 'new-media', defaultWeight: 5, rule: '本单位在运行的政务新媒体账号中，最近 14 天内有更新的比例（超过 14 天未更新为“僵尸”账号）' },
  { key: 'annual-report', label: '年报按时公布', owner: 'reports', defaultWeight: 5, rule: '上一年度政府信息公开工作年度报告在当年 1 月 31 日前公布（条例第四十九条）：按时 100 分，逾期或未公布 0 分' },
  { key: 'pii', label: '个人信息保护', owner: 'pii', defaultWeight: 10, rule: '最近一次全站扫描中，本单位已公开文件里没有未处理的个人信息的比例' },
  { key: 'messages', label: '政民互动按时答复', owner: 'messages', defaultWeight: 5, rule: '当年到期的公众留言中，在期限内答复的比例' },
];

export function indicatorDef(key: string): IndicatorDef | undefined {
  return INDICATORS.find((d) => d.key === key);
}

export interface IndicatorQuery {
  /** The records whose reckoning day (publication, closing, due day, …) falls in this year. */
  year: number;
  /** The units to measure (each on its own records; no roll-up of lower units). */
  unitIds: number[];
  /** Beijing date the measurement is made on (deadlines not yet passed are not counted against a unit). */
  today: string;
  /**
   * false: the ranking asks for the counts only — a contributor may then answer with `records: []` and
   * `recordCount` (numerator, denominator, score and detail exactly as with the records) instead of building
   * every record. Omitted or true: every record (a unit's page, its export, the API).
   */
  records?: boolean;
}

export interface IndicatorRecord {
  label: string;
  /** The console page of the record. */
  url: string;
  /** The action a staff member needs (on the record's unit) to open `url`; others see the label without a link. */
  action: string;
  /** Whether this record counted for the unit (true) or against it (false). */
  ok: boolean;
  /** A short reason, e.g. '超期 3 个工作日'. */
  note?: string;
  /** The record's reckoning day (Beijing YYYY-MM-DD): the month trend buckets records by it. */
  on?: string;
}

export interface IndicatorResult {
  unitId: number;
  /** 0..100 (numerator / denominator × 100 unless the indicator says otherwise). */
  score: number;
  numerator: number;
  /** 0: 不适用 for this unit (nothing to measure); the assessment does not count it. */
  denominator: number;
  /** One sentence, e.g. '应公开 12 件，按时 10 件'. */
  detail: string;
  /** Every record behind the score (drill-down; the month trend recounts them by `on`). */
  records: IndicatorRecord[];
  /** Set when the records were not read (IndicatorQuery.records false): how many there are. */
  recordCount?: number;
}

/** One measurement contributed by the feature that owns its records. Units without a result: 不适用. */
export interface AssessmentIndicator {
  key: IndicatorKey;
  compute(db: Db, q: IndicatorQuery): Promise<IndicatorResult[]>;
}

/** The usual result: score = ok / all × 100 (0 when nothing to count — then denominator 0 says 不适用). */
export function ratioResult(unitId: number, records: IndicatorRecord[], detail: (ok: number, all: number) => string): IndicatorResult {
  const ok = records.filter((r) => r.ok).length;
  const all = records.length;
  return { unitId, score: all ? Math.round((ok / all) * 1000) / 10 : 0, numerator: ok, denominator: all, detail: detail(ok, all), records };
}

/** The usual result from counts alone (IndicatorQuery.records false): as ratioResult, without the records. */
export function ratioCounts(unitId: number, ok: number, all: number, detail: (ok: number, all: number) => string): IndicatorResult {
  return { unitId, score: all ? Math.round((ok / all) * 1000) / 10 : 0, numerator: ok, denominator: all, detail: detail(ok, all), records: [], recordCount: all };
}

/** The instants (UTC ISO) bounding a Beijing calendar year, for columns holding UTC timestamps. */
export function yearInstants(year: number): { from: string; to: string } {
  return { from: `${year - 1}-12-31T16:00:00.000Z`, to: `${year}-12-31T16:00:00.000Z` };
}

/** Groups rows by unit id, in the order of `unitIds`, leaving out units without rows (不适用). */
export function byUnit<T>(unitIds: readonly number[], rows: readonly T[], unitOf: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  const wanted = new Set(unitIds);
  for (const r of rows) {
    const u = unitOf(r);
    if (!wanted.has(u)) continue;
    const list = out.get(u);
    if (list) list.push(r);
    else out.set(u, [r]);
  }
  return out;
}
