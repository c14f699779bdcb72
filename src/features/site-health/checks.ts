// The health figures of the portal or one unit (issue 19): the fixed list of expected checks, each either
// contributed by the feature owning its records ('health.checks') or shown as 未测量 — never 0. Derived on
// demand from records and the date, cached per data version (health data version + day + scope) for a minute
// at most (a scheduled publication becomes public without a change).
import type { Db } from '../../platform/db/index.ts';
import { contributions } from '../../platform/modules.ts';
import { EXPECTED_CHECKS, HEALTH_CHECKS_POINT, type HealthCheck, type HealthContext, type HealthRecord, type HealthStatus } from './public.ts';
import { dataVersion } from '../../platform/http/public-cache.ts';

export interface EvaluatedCheck {
  key: string;
  label: string;
  rule: string;
  singleVeto: boolean;
  status: HealthStatus;
  value: string;
  note?: string;
  records: HealthRecord[];
  /** False when no feature measures it (yet) or it does not apply to a unit. */
  measured: boolean;
}

export type Verdict = 'fail' | 'warn' | 'pass';

export interface HealthReport {
  today: string;
  unitId: number | null;
  checks: EvaluatedCheck[];
  /** 不合格 when a single-veto item fails (§5.1); 有问题 when any check fails or warns; otherwise 合格. */
  verdict: Verdict;
  vetoFailed: string[];
}

const OWNER_LABELS: Record<string, string> = { messages: '政民互动留言', documents: '文件', requests: '依申请公开', reports: '年度报告', search: '检索', 'site-health': '链接检查' };

/** Contributed checks by key (the first contribution of a key wins). */
export function contributedChecks(): Map<string, HealthCheck> {
  const map = new Map<string, HealthCheck>();
  for (const list of contributions<HealthCheck[]>(HEALTH_CHECKS_POINT)) for (const c of list) if (!map.has(c.key)) map.set(c.key, c);
  return map;
}

/** The verdict over evaluated checks (pure). */
export function verdictOf(checks: readonly Pick<EvaluatedCheck, 'status' | 'singleVeto' | 'label'>[]): { verdict: Verdict; vetoFailed: string[] } {
  const vetoFailed = checks.filter((c) => c.singleVeto && c.status === 'fail').map((c) => c.label);
  if (vetoFailed.length) return { verdict: 'fail', vetoFailed };
  return { verdict: checks.some((c) => c.status === 'fail' || c.status === 'warn') ? 'warn' : 'pass', vetoFailed };
}

async function evaluateOne(db: Db, c: HealthCheck, ctx: HealthContext): Promise<EvaluatedCheck> {
  const base = { key: c.key, label: c.label, rule: c.rule, singleVeto: c.singleVeto };
  if (c.scope === 'portal' && ctx.unitId !== null) return { ...base, status: 'not-measured', value: '不适用', note: '全站指标，只在全站视图中检查。', records: [], measured: false };
  try {
    const r = await c.evaluate(db, ctx);
    return { ...base, ...r, measured: r.status !== 'not-measured' };
  } catch (err) {
    return { ...base, status: 'not-measured', value: '未测量', note: `检查出错：${(err as Error).message}`, records: [], measured: false };
  }
}

export async function evaluateHealth(db: Db, ctx: HealthContext): Promise<HealthReport> {
  const contributed = contributedChecks();
  const list: Promise<EvaluatedCheck>[] = [];
  for (const e of EXPECTED_CHECKS) {
    const c = contributed.get(e.key);
    if (c) list.push(evaluateOne(db, c, ctx));
    else {
      list.push(
        Promise.resolve({
          key: e.key,
          label: e.label,
          rule: e.rule,
          singleVeto: e.singleVeto,
          status: 'not-measured' as const,
          value: '未测量',
          note: `“${OWNER_LABELS[e.owner] ?? e.owner}”功能尚未提供这项检查，暂不计入结论。`,
          records: [],
          measured: false,
        }),
      );
    }
  }
  const expected = new Set(EXPECTED_CHECKS.map((e) => e.key));
  for (const [key, c] of contributed) if (!expected.has(key)) list.push(evaluateOne(db, c, ctx));
  const checks = await Promise.all(list);
  return { today: ctx.today, unitId: ctx.unitId, checks, ...verdictOf(checks) };
}

const CACHE_MS = 60_000;
const CACHE_MAX = 64;
const cache = new WeakMap<Db, Map<string, { at: number; report: Promise<HealthReport> }>>();

/** evaluateHealth, kept per data version, day and scope for up to a minute. */
export async function cachedHealth(db: Db, ctx: HealthContext): Promise<HealthReport> {
  const version = await dataVersion(db);
  const key = `${version}|${ctx.today}|${ctx.unitId ?? 'portal'}|${ctx.unitIds?.length ?? ''}`;
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  const hit = m.get(key);
  // technical time: cache age
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.report;
  const report = evaluateHealth(db, ctx);
  if (m.size >= CACHE_MAX) m.delete(m.keys().next().value!);
  // technical time: cache age
  m.set(key, { at: Date.now(), report });
  report.catch(() => m.delete(key));
  return report;
}
