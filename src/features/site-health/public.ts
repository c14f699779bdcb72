// Site health (issue 19, 网站健康度 against 《政府网站与政务新媒体检查指标》): the surface for other features.
//
// Two extension points. A feature whose records a check or a yearly figure is about contributes it in its own
// module.ts (code in a file of that feature), e.g.
//   contributes: { 'health.checks': [myCheck], 'health.yearFigures': [myFigure] }
// and site-health reads them with contributions<HealthCheck[]>('health.checks'). The page always shows the
// fixed list EXPECTED_CHECKS / EXPECTED_FIGURES: an expected key nobody contributes is shown as 未测量 (never 0).
import type { Db } from '../../platform/db/index.ts';
import type { Action } from '../../platform/access/roles.ts';

export type HealthStatus = 'ok' | 'warn' | 'fail' | 'not-measured';

/** One record behind a figure: the drill-down (a console or public page of that record). */
export interface HealthRecord {
  label: string;
  url: string;
  /** The action a staff member needs to open `url` (a console page); the console shows the label without a link to whoever lacks it. */
  action?: Action;
  /** The unit of the record, for the action check (default: any unit). */
  unitId?: number;
  /** A short note shown beside the record (e.g. "最后更新 2026-05-02，已 219 天"). */
  detail?: string;
}

export interface HealthResult {
  status: HealthStatus;
  /** The figure as shown, e.g. "3 个栏目", "2026-11-30（7 天前）". */
  value: string;
  records: HealthRecord[];
  /** A sentence explaining the figure or why it is not measured. */
  note?: string;
}

export interface HealthContext {
  /** null: the whole portal; otherwise the unit whose health is asked. */
  unitId: number | null;
  /** The unit and its descendants (null for the portal): the records counted. */
  unitIds: readonly number[] | null;
  /** The check date, YYYY-MM-DD (Asia/Shanghai). */
  today: string;
  /**
   * Shared by the evaluations of one page (the portal and every unit): a check may keep a site-wide grouped
   * read here (e.g. per unit and column) and derive each scope from it instead of querying per unit.
   */
  memo?: Map<string, Promise<unknown>>;
}

/** The value of `key` in ctx.memo, computed once per page (or every time without a memo). */
export function memoized<T>(ctx: HealthContext, key: string, compute: () => Promise<T>): Promise<T> {
  if (!ctx.memo) return compute();
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = compute();
    ctx.memo.set(key, p);
  }
  return p;
}

export interface HealthCheck {
  /** Stable key, one of EXPECTED_CHECKS' keys (or a new one, listed after them). */
  key: string;
  label: string;
  /** The exact rule text (domain.md §5.1) shown beside the figure. */
  rule: string;
  /** A single-veto item (单项否决): a fail is highlighted red and makes the site 不合格. */
  singleVeto: boolean;
  /** 'portal': only meaningful for the whole site (e.g. search available); shown as 不适用 per unit. */
  scope?: 'portal' | 'both';
  evaluate(db: Db, ctx: HealthContext): Promise<HealthResult>;
}

/** A figure of the yearly 政府网站工作年度报表, contributed by the feature that owns the records. */
export interface YearFigure {
  key: string;
  group: YearGroup;
  label: string;
  /** null: the feature does not keep what is needed (shown as 未测量 with `note`). */
  count(db: Db, year: number): Promise<number | null>;
  note?: string;
}

export type YearGroup = '信息发布' | '栏目' | '互动交流' | '搜索';

export const HEALTH_CHECKS_POINT = 'health.checks';
export const YEAR_FIGURES_POINT = 'health.yearFigures';

/** Rule texts of 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号) as in domain.md §5.1. */
export const RULES = {
  homeNotUpdated: '首页不更新：首页在 2 周内没有新的信息（首页仅为导航页的，二级页面均无更新）。',
  columnsNotUpdated:
    '栏目不更新：(1) 检查时间点前 2 周内动态、要闻类栏目未更新，以及 6 个月内通知公告、政策文件类一级栏目未更新，累计超过 5 个（含）；(2) 应更新但长期未更新的栏目超过 10 个（含）；(3) 空白栏目超过 5 个（含）。',
  emptyColumns: '栏目不更新（3）：空白栏目超过 5 个（含）即单项否决。',
  interactionPoor:
    '互动回应差：(1) 没有有效的网上咨询、建言渠道（信访、纪检举报渠道除外）；(2) 检查时间点前 1 年内，咨询类栏目（不含在线访谈、调查征集、信访、纪检举报）存在超过 3 个月未回应的有效留言。',
  siteUnreachable: '站点无法访问：监测 1 周，每天 20 次以上；15 秒内无法打开的次数累计超过 5%（含）。',
  searchAvailable: '功能设计（扣分指标）：网站应提供全站搜索，搜索功能可用。',
  brokenLinks: '可用性（扣分指标）：网站内部链接、附件应可正常打开，不得存在错链、断链。',
  requestsOverdue: '《政府信息公开条例》第三十三条：行政机关收到申请后应在 20 个工作日内答复；需延长的经批准可延长不超过 20 个工作日。',
  invalidList: '《政府信息公开条例》第二十条、第二十六条：规范性文件失效、废止应当公开；公开目录应保留失效文件清单。',
  annualReport: '《政府信息公开条例》第四十九条：县级以上人民政府部门每年 1 月 31 日前公布本部门上一年度年报；县级以上地方人民政府每年 3 月 31 日前公布本级政府上一年度年报。',
} as const;

export interface ExpectedCheck {
  key: string;
  label: string;
  rule: string;
  singleVeto: boolean;
  /** The feature expected to contribute it (for the 未测量 note). */
  owner: string;
  scope?: 'portal' | 'both';
}

/** The checks the health page always lists, in order; contributed ones replace their row. */
export const EXPECTED_CHECKS: readonly ExpectedCheck[] = [
  { key: 'home-updated', label: '首页更新', rule: RULES.homeNotUpdated, singleVeto: true, owner: 'documents' },
  { key: 'columns-updated', label: '栏目按期更新', rule: RULES.columnsNotUpdated, singleVeto: true, owner: 'documents' },
  { key: 'columns-empty', label: '空白栏目', rule: RULES.emptyColumns, singleVeto: true, owner: 'documents' },
  { key: 'messages-unanswered', label: '留言超过 3 个月未回应', rule: RULES.interactionPoor, singleVeto: true, owner: 'messages' },
  { key: 'requests-overdue', label: '依申请公开逾期未答复', rule: RULES.requestsOverdue, singleVeto: false, owner: 'requests' },
  { key: 'broken-links', label: '错链断链（内部链接与附件）', rule: RULES.brokenLinks, singleVeto: false, owner: 'site-health', scope: 'both' },
  { key: 'search-available', label: '全站搜索可用', rule: RULES.searchAvailable, singleVeto: false, owner: 'search', scope: 'portal' },
  { key: 'invalid-list', label: '失效文件清单', rule: RULES.invalidList, singleVeto: false, owner: 'documents' },
  { key: 'annual-report', label: '年报按时公布', rule: RULES.annualReport, singleVeto: false, owner: 'reports' },
];

export interface ExpectedFigure {
  key: string;
  group: YearGroup;
  label: string;
  owner: string;
}

/** The yearly 政府网站工作年度报表 figures, in order; contributed ones replace their row. */
export const EXPECTED_FIGURES: readonly ExpectedFigure[] = [
  { key: 'docs-published', group: '信息发布', label: '发布信息总数（条）', owner: 'documents' },
  { key: 'docs-policy', group: '信息发布', label: '其中：政策文件（条）', owner: 'documents' },
  { key: 'docs-interpretations', group: '信息发布', label: '其中：政策解读（条）', owner: 'documents' },
  { key: 'columns-total', group: '栏目', label: '栏目总数（个）', owner: 'documents' },
  { key: 'columns-updated', group: '栏目', label: '年内有更新的栏目（个）', owner: 'documents' },
  { key: 'requests-received', group: '互动交流', label: '收到依申请公开申请（件）', owner: 'requests' },
  { key: 'messages-received', group: '互动交流', label: '收到政民互动留言（条）', owner: 'messages' },
  { key: 'messages-answered', group: '互动交流', label: '办结政民互动留言（条）', owner: 'messages' },
  { key: 'consultation-comments', group: '互动交流', label: '征求意见收到意见（条）', owner: 'consultations' },
  { key: 'search-queries', group: '搜索', label: '站内搜索次数（次）', owner: 'search' },
];

/** The status of a count against a limit ("at least `fail` is a fail"). Pure; tested. */
export function statusOfCount(n: number, fail: number, warnFrom = 1): HealthStatus {
  if (n >= fail) return 'fail';
  if (n >= warnFrom) return 'warn';
  return 'ok';
}

export { beijingDate, daysBetween, isStale, lastUpdateText, periodLabel, periodStart, type Period } from './rules.ts';
