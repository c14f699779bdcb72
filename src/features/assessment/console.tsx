// Console pages of 考核 (menu entry 政务公开考核): the ranking of the units for a year with the formula, a unit's
// page (each indicator's score and the records behind it, trends by month and year as SVG charts with tables),
// the .xlsx exports of both, and the 政府办's weights form (validated, audited, per year).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Action, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree, type UnitTree } from '../../platform/access/unit-tree.ts';
import { requireActor } from '../../platform/auth/index.tsx';
import { AppError } from '../../platform/errors.ts';
import { writeXlsx, type CellValue } from '../../platform/files/xlsx.ts';
import { qs } from '../../platform/views/layout.tsx';
import { todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, TextField, flashText, idParam, sendPage } from '../admin/public.ts';
import { INDICATORS, indicatorDef, type IndicatorRecord } from './public.ts';
import { readWeights, weightSum, WEIGHT_MAX, type Weights } from './score.ts';
import { TrendChart, TrendTable } from './chart.tsx';
import { WeightsForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import {
  assessUnits,
  isAssessmentYear,
  loadWeights,
  maySetWeights,
  monthTrend,
  ranking,
  saveWeights,
  unitScore,
  visibleUnits,
  yearTrend,
  YEAR_MIN,
  type IndicatorState,
  type UnitScore,
} from './service.ts';

export const BASE = '/admin/assessment';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Records listed per indicator on the unit page (the export has them all). */
const RECORDS_SHOWN = 100;

export const STATE_LABELS: Record<IndicatorState, string> = { measured: '已测量', 'not-measured': '未测量', 'not-applicable': '不适用' };
const STATE_HINTS: Record<Exclude<IndicatorState, 'measured'>, string> = {
  'not-measured': '本平台尚未提供该指标的数据，不计入总分',
  'not-applicable': '本年度没有应计入的记录，不计入总分',
};

export const FORMULA = '总分 = Σ（指标得分 × 权重）÷ Σ（计分指标的权重）。各指标得分 = 符合要求的记录数 ÷ 应计入的记录数 × 100；未测量、不适用和权重为 0 的指标不计入总分，也不按零分计算。';

const STYLE = (
  <style>{`
.as-score { font-size: 1.6rem; font-weight: bold; }
.as-chart { max-width: 480px; display: block; margin: 8px 0; }
.as-weights .field input { max-width: 8em; }
.as-rec-bad { color: var(--bad); }
.as-formula { background: #f6f7f9; border-left: 3px solid var(--line); padding: 6px 10px; }
.as-rank th[scope=row] a, .as-rank th[scope=row] span { display: inline-block; min-width: 8em; }
.as-rank thead th { font-size: .9rem; }
.as-w { color: var(--muted); font-size: .85rem; }
.as-rank thead th span.h { display: inline-block; min-width: 5em; }
.as-rank td { white-space: nowrap; }
`}</style>
);

/** The year asked for: missing → this year; anything else must be a year from 2019 to next year. */
export function yearParam(raw: unknown, today: string): number {
  if (raw === undefined || raw === '') return Number(today.slice(0, 4));
  const s = Array.isArray(raw) ? raw[0] : raw;
  const y = typeof s === 'string' && /^\d{4}$/.test(s.trim()) ? Number(s.trim()) : NaN;
  if (!isAssessmentYear(y, today)) throw new AppError('VALIDATION', `年度应为 ${YEAR_MIN} 至 ${Number(today.slice(0, 4)) + 1} 之间的四位年份`, { year: `年度应为 ${YEAR_MIN} 至 ${Number(today.slice(0, 4)) + 1} 之间的四位年份` });
  return y;
}

function canOpen(actor: Actor, rec: IndicatorRecord, unitId: number): boolean {
  try {
    return can(actor, rec.action as Action, unitId);
  } catch {
    return false; // an action this build does not define
  }
}

const fmt = (n: number | null) => (n === null ? '—' : String(n));

/** The formula with a unit's own figures: (95 × 20 + 80 × 10) ÷ 30 = 90. */
export function formulaWithFigures(s: UnitScore, weights: Weights): string {
  const parts = s.indicators.filter((i) => i.score !== null && weights[i.key] > 0);
  if (!parts.length) return '没有已测量且权重大于 0 的指标，总分未测量。';
  return `（${parts.map((i) => `${i.score} × ${weights[i.key]}`).join(' + ')}）÷ ${s.weightUsed} = ${s.total}`;
}

function YearForm({ action, year, today }: { action: string; year: number; today: string }) {
  const years: number[] = [];
  for (let y = Number(today.slice(0, 4)); y >= YEAR_MIN; y--) years.push(y);
  return (
    <form method="get" action={action} class="inline">
      <label for="f-year">年度</label>{' '}
      <select id="f-year" name="year">
        {years.map((y) => (
          <option value={String(y)} selected={y === year}>
            {y} 年
          </option>
        ))}
      </select>{' '}
      <button type="submit">查看</button>
    </form>
  );
}

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const noStore = async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'private, no-store');
  };

  const reader = async (req: FastifyRequest): Promise<{ actor: Actor; tree: UnitTree; units: { id: number; name: string }[]; today: string }> => {
    const actor = requireActor(req);
    if (!can(actor, 'assessment.read')) throw new AppError('FORBIDDEN', '您的角色不能查看政务公开考核。');
    const tree = await loadUnitTree(db);
    return { actor, tree, units: visibleUnits(tree, actor), today: todayBeijing() };
  };

  // ---- ranking ----
  app.get(BASE, { onSend: noStore }, async (req, reply) => {
    const { actor, tree, units, today } = await reader(req);
    const year = yearParam((req.query as Record<string, unknown>)?.year, today);
    const r = await ranking(db, units, year, today);
    const used = INDICATORS.filter((d) => r.weights[d.key] > 0);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`${year} 年政务公开考核`} flash={flashText(req.query)}>
        {STYLE}
        <YearForm action={BASE} year={year} today={today} />
        <p class="as-formula">{FORMULA}</p>
        <p>
          权重（{r.fromYear === null ? '默认权重' : r.fromYear === year ? `${year} 年设定` : `沿用 ${r.fromYear} 年设定`}，合计 {weightSum(r.weights)}）：
          {used.map((d) => `${d.label} ${r.weights[d.key]}`).join('，')}。
          {maySetWeights(tree, actor) ? (
            <>
              {' '}
              <a href={`${BASE}/weights${qs({ year })}`}>设定 {year} 年权重</a>
            </>
          ) : null}
        </p>
        <p>
          <a href={`${BASE}/ranking.xlsx${qs({ year })}`}>导出排名（Excel）</a>
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="单位排名">
          <table class="as-rank">
            <caption>
              {year} 年各单位排名（截至 {today < `${year}-12-31` ? today : `${year}-12-31`}，按总分从高到低；同分同名次）
            </caption>
            <thead>
              <tr>
                <th scope="col">名次</th>
                <th scope="col">单位</th>
                <th scope="col">总分</th>
                {INDICATORS.map((d) => (
                  <th scope="col">
                    <span class="h">{d.label}</span>
                    <br />
                    <span class="as-w">权重 {r.weights[d.key]}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => (
                <tr>
                  <td>{row.rank ?? '—'}</td>
                  <th scope="row">
                    <a href={`${BASE}/units/${row.unitId}${qs({ year })}`}>{row.name}</a>
                  </th>
                  <td>
                    <strong>{row.total === null ? '未测量' : row.total}</strong>
                  </td>
                  {row.indicators.map((i) => (
                    <td>
                      {i.state === 'measured' ? (
                        i.result && (i.result.recordCount ?? i.result.records.length) ? (
                          <a href={`${BASE}/units/${row.unitId}${qs({ year })}#ind-${i.key}`} aria-label={`${row.name} ${indicatorDef(i.key)!.label} ${i.score} 分，查看记录`}>
                            {i.score}
                          </a>
                        ) : (
                          i.score
                        )
                      ) : (
                        <span class="muted">{STATE_LABELS[i.state]}</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {units.length ? null : <p class="muted">没有可查看的单位。</p>}
        <h2>指标说明</h2>
        <dl>
          {INDICATORS.map((d) => (
            <>
              <dt>
                {d.label}
                {r.assessment.contributed.has(d.key) ? '' : '（未测量）'}
              </dt>
              <dd>{d.rule}</dd>
            </>
          ))}
        </dl>
      </AdminPage>,
    );
  });

  app.get(`${BASE}/ranking.xlsx`, { onSend: noStore }, async (req, reply) => {
    const { units, today } = await reader(req);
    const year = yearParam((req.query as Record<string, unknown>)?.year, today);
    const r = await ranking(db, units, year, today);
    const rows: CellValue[][] = [[`${year} 年政务公开考核排名`], [FORMULA], [], ['名次', '单位', '总分', ...INDICATORS.map((d) => `${d.label}（权重 ${r.weights[d.key]}）`)]];
    for (const row of r.rows) rows.push([row.rank, row.name, row.total ?? '未测量', ...row.indicators.map((i) => (i.state === 'measured' ? i.score : STATE_LABELS[i.state]))]);
    return reply
      .type(XLSX)
      .header('Content-Disposition', `attachment; filename="assessment-${year}.xlsx"`)
      .send(Buffer.from(writeXlsx([{ name: '排名', rows, merges: [] }])));
  });

  // ---- one unit ----
  const unitOf = async (req: FastifyRequest) => {
    const ctx = await reader(req);
    const unitId = idParam(req, 'unit');
    if (!ctx.tree.byId.has(unitId)) throw new AppError('NOT_FOUND', '没有这个单位。');
    const unit = ctx.units.find((u) => u.id === unitId);
    if (!unit) throw new AppError('FORBIDDEN', '只能查看本单位及下级单位的考核。');
    const year = yearParam((req.query as Record<string, unknown>)?.year, ctx.today);
    return { ...ctx, unit, year };
  };

  app.get(`${BASE}/units/:unit`, { onSend: noStore }, async (req, reply) => {
    const { actor, unit, year, today } = await unitOf(req);
    const [a, w] = await Promise.all([assessUnits(db, year, today, [unit.id]), loadWeights(db, year)]);
    const s = unitScore(a, unit.id, w.weights);
    const months = monthTrend(a, unit.id, w.weights);
    const years = await yearTrend(db, unit.id, year, today, 5, a);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`${unit.name} ${year} 年考核`} crumbs={[[`${BASE}${qs({ year })}`, `${year} 年政务公开考核`]]}>
        {STYLE}
        <YearForm action={`${BASE}/units/${unit.id}`} year={year} today={today} />
        <p>
          总分：<span class="as-score">{s.total === null ? '未测量' : s.total}</span>
        </p>
        <p class="as-formula">
          {formulaWithFigures(s, w.weights)}
          <br />
          {FORMULA}
        </p>
        <p>
          <a href={`${BASE}/units/${unit.id}/detail.xlsx${qs({ year })}`}>导出本单位明细（Excel）</a>
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="各项指标">
          <table>
            <caption>各项指标（点击指标名查看计分的记录）</caption>
            <thead>
              <tr>
                <th scope="col">指标</th>
                <th scope="col">权重</th>
                <th scope="col">得分</th>
                <th scope="col">符合 / 应计入</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {s.indicators.map((i) => {
                const d = indicatorDef(i.key)!;
                return (
                  <tr>
                    <th scope="row">{i.result && i.result.records.length ? <a href={`#ind-${i.key}`}>{d.label}</a> : d.label}</th>
                    <td>{w.weights[i.key]}</td>
                    <td>{i.state === 'measured' ? i.score : <span class="muted">{STATE_LABELS[i.state]}</span>}</td>
                    <td>{i.result ? `${i.result.numerator} / ${i.result.denominator}` : '—'}</td>
                    <td>{i.state === 'measured' ? i.result!.detail : STATE_HINTS[i.state]}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <h2>趋势</h2>
        <h3>{year} 年各月总分</h3>
        <TrendChart id="trend-month" title={`${unit.name} ${year} 年各月总分`} points={months} />
        <TrendTable caption={`${year} 年各月总分（按记录发生的月份统计；目录、新媒体、个人信息等按年度核查的指标不分月）`} points={months} />
        <h3>近年总分</h3>
        <TrendChart id="trend-year" title={`${unit.name} 近年总分`} points={years} />
        <TrendTable caption="近年总分（各年按当年权重）" points={years} />
        <h2>计分的记录</h2>
        {s.indicators.filter((i) => i.result && i.result.records.length).length ? null : <p class="muted">本年度没有计分的记录。</p>}
        {s.indicators
          .filter((i) => i.result && i.result.records.length)
          .map((i) => {
            const d = indicatorDef(i.key)!;
            const recs = i.result!.records;
            return (
              <section id={`ind-${i.key}`} aria-labelledby={`h-${i.key}`}>
                <h3 id={`h-${i.key}`}>
                  {d.label}（{i.result!.detail}）
                </h3>
                <p class="muted">{d.rule}</p>
                <ul>
                  {recs.slice(0, RECORDS_SHOWN).map((rec) => (
                    <li class={rec.ok ? '' : 'as-rec-bad'}>
                      {rec.ok ? '✓ 符合' : '✗ 不符合'}：{canOpen(actor, rec, unit.id) ? <a href={rec.url}>{rec.label}</a> : rec.label}
                      {rec.note ? `（${rec.note}）` : ''}
                    </li>
                  ))}
                </ul>
                {recs.length > RECORDS_SHOWN ? <p class="muted">共 {recs.length} 条，此处列出前 {RECORDS_SHOWN} 条，全部记录见导出的 Excel。</p> : null}
              </section>
            );
          })}
      </AdminPage>,
    );
  });

  app.get(`${BASE}/units/:unit/detail.xlsx`, { onSend: noStore }, async (req, reply) => {
    const { unit, year, today } = await unitOf(req);
    const [a, w] = await Promise.all([assessUnits(db, year, today, [unit.id]), loadWeights(db, year)]);
    const s = unitScore(a, unit.id, w.weights);
    const summary: CellValue[][] = [[`${unit.name} ${year} 年政务公开考核`], ['总分', s.total ?? '未测量'], ['计算', formulaWithFigures(s, w.weights)], [], ['指标', '权重', '得分', '符合', '应计入', '说明', '规则']];
    for (const i of s.indicators) {
      const d = indicatorDef(i.key)!;
      summary.push([d.label, w.weights[i.key], i.state === 'measured' ? i.score : STATE_LABELS[i.state], i.result?.numerator ?? null, i.result?.denominator ?? null, i.state === 'measured' ? i.result!.detail : STATE_HINTS[i.state], d.rule]);
    }
    const records: CellValue[][] = [['指标', '记录', '是否符合', '说明', '日期', '链接']];
    for (const i of s.indicators) for (const r of i.result?.records ?? []) records.push([indicatorDef(i.key)!.label, r.label, r.ok ? '符合' : '不符合', r.note ?? '', r.on ?? '', r.url]);
    return reply
      .type(XLSX)
      .header('Content-Disposition', `attachment; filename="assessment-${year}-unit-${unit.id}.xlsx"`)
      .send(Buffer.from(writeXlsx([{ name: '指标', rows: summary, merges: [] }, { name: '记录', rows: records, merges: [] }])));
  });

  // ---- weights ----
  const weightsPage = async (req: FastifyRequest, reply: FastifyReply, year: number, values: Record<string, string>, errors?: Record<string, string>, status = 200) => {
    const sum = (() => {
      let t = 0;
      for (const d of INDICATORS) t += Number(values[`w-${d.key}`]) || 0;
      return Math.round(t * 10) / 10;
    })();
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`设定 ${year} 年考核权重`} fields={errors} crumbs={[[`${BASE}${qs({ year })}`, `${year} 年政务公开考核`]]}>
        {STYLE}
        <p>
          各指标权重为 0 到 {WEIGHT_MAX} 的数（最多一位小数），不必合计为 100：总分按计分指标的权重加权平均。权重为 0 的指标不计入总分。设定只对 {year} 年及以后未另行设定的年度有效。
        </p>
        <form method="post" action={`${BASE}/weights`} class="as-weights">
          <input type="hidden" name="_csrf" value={req.pageCtx().csrf} />
          <input type="hidden" name="year" value={String(year)} />
          {INDICATORS.map((d) => (
            <TextField name={`w-${d.key}`} label={d.label} value={values[`w-${d.key}`]} error={errors?.[`w-${d.key}`]} inputMode="decimal" maxLength={5} required hint={`${d.rule}（默认 ${d.defaultWeight}）`} />
          ))}
          <p>
            当前合计：<strong>{sum}</strong>
          </p>
          <button type="submit">保存权重</button>
        </form>
      </AdminPage>,
      status,
    );
  };

  const weightsAllowed = async (req: FastifyRequest) => {
    const actor = requireActor(req);
    const tree = await loadUnitTree(db);
    if (!maySetWeights(tree, actor)) throw new AppError('FORBIDDEN', '只有政府办（平台管理员或区政府办公室的单位管理员）可以设定考核权重。');
    return actor;
  };

  app.get(`${BASE}/weights`, { onSend: noStore }, async (req, reply) => {
    await weightsAllowed(req);
    const year = yearParam((req.query as Record<string, unknown>)?.year, todayBeijing());
    const { weights } = await loadWeights(db, year);
    return weightsPage(req, reply, year, Object.fromEntries(INDICATORS.map((d) => [`w-${d.key}`, String(weights[d.key])])));
  });

  app.post(`${BASE}/weights`, async (req, reply) => {
    const actor = await weightsAllowed(req);
    const body: Record<string, string | undefined> = parseForm(WeightsForm, req.body);
    const today = todayBeijing();
    let year: number;
    try {
      year = yearParam(body.year ?? '', today);
    } catch {
      throw new AppError('VALIDATION', `年度应为 ${YEAR_MIN} 至 ${Number(today.slice(0, 4)) + 1} 之间的四位年份`);
    }
    const { weights, errors } = readWeights(body);
    if (Object.keys(errors).length) {
      const values = Object.fromEntries(INDICATORS.map((d) => [`w-${d.key}`, body[`w-${d.key}`] ?? '']));
      return weightsPage(req, reply, year, values, errors, 400);
    }
    await saveWeights(db, actor, year, weights);
    return reply.redirect(`${BASE}${qs({ year, msg: 'saved' })}`, 303);
  });
}
