// Two charts of the annual report as inline SVG (no script, readable in black and white print):
// the outcomes of the year by group, and the monthly flow of requests received and closed.
// Every bar carries its number as text; the SVG has a title and a text alternative.
import type { AnnualReport } from '../report.ts';
import { OUTCOME_GROUPS, OUTCOME_GROUP_DEFS, outcomesOfGroup } from '../../requests/public.ts';

function outcomeGroups(report: Pick<AnnualReport, 'requests'>): { label: string; count: number }[] {
  return OUTCOME_GROUPS.map((g) => {
    const codes = new Set<string>(outcomesOfGroup(g).map((o) => o.code));
    const count = report.requests.rows.filter((r) => r.codes.some((c) => codes.has(c))).reduce((s, r) => s + (r.values?.total ?? 0), 0);
    return { label: OUTCOME_GROUP_DEFS[g].label, count };
  });
}

export function OutcomeChart({ report }: { report: Pick<AnnualReport, 'requests' | 'year'> }) {
  const data = outcomeGroups(report);
  const max = Math.max(1, ...data.map((d) => d.count));
  const rowH = 28;
  const labelW = 80;
  const barW = 300;
  const h = data.length * rowH + 10;
  const alt = data.map((d) => `${d.label} ${d.count} 件`).join('，');
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby="chart-outcomes-title" viewBox={`0 0 ${labelW + barW + 60} ${h}`} width="100%" style="max-width:30rem">
        <title id="chart-outcomes-title">{`${report.year}年办理结果：${alt}`}</title>
        {data.map((d, i) => {
          const w = Math.round((d.count / max) * barW);
          const y = 5 + i * rowH;
          return (
            <g>
              <text x={labelW - 6} y={y + 17} text-anchor="end" font-size="13">
                {d.label}
              </text>
              <rect x={labelW} y={y + 4} width={Math.max(w, 1)} height={rowH - 10} fill="#555" />
              <text x={labelW + Math.max(w, 1) + 6} y={y + 17} font-size="13">
                {d.count}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>图 1　{report.year}年政府信息公开申请办理结果（件）</figcaption>
    </figure>
  );
}

export function MonthlyChart({ report }: { report: Pick<AnnualReport, 'monthly' | 'year'> }) {
  const data = report.monthly;
  const max = Math.max(1, ...data.flatMap((d) => [d.received, d.closed]));
  const chartH = 160;
  const colW = 36;
  const left = 30;
  const w = left + data.length * colW + 10;
  const h = chartH + 60;
  const y = (n: number) => 20 + chartH - Math.round((n / max) * chartH);
  const alt = data.map((d) => `${d.month}月收到 ${d.received} 件、办结 ${d.closed} 件`).join('；');
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby="chart-monthly-title" viewBox={`0 0 ${w} ${h}`} width="100%" style="max-width:32rem">
        <title id="chart-monthly-title">{`${report.year}年各月申请：${alt}`}</title>
        <line x1={left} y1={20 + chartH} x2={w - 5} y2={20 + chartH} stroke="#000" />
        {data.map((d, i) => {
          const x = left + i * colW;
          return (
            <g>
              <rect x={x + 4} y={y(d.received)} width={13} height={20 + chartH - y(d.received)} fill="#333" />
              <rect x={x + 18} y={y(d.closed)} width={13} height={20 + chartH - y(d.closed)} fill="#fff" stroke="#333" />
              <text x={x + 18} y={36 + chartH} text-anchor="middle" font-size="11">
                {`${d.month}月`}
              </text>
              {d.received ? (
                <text x={x + 10} y={y(d.received) - 3} text-anchor="middle" font-size="9">
                  {d.received}
                </text>
              ) : null}
            </g>
          );
        })}
        <rect x={left} y={h - 14} width={10} height={10} fill="#333" />
        <text x={left + 14} y={h - 5} font-size="11">
          收到
        </text>
        <rect x={left + 60} y={h - 14} width={10} height={10} fill="#fff" stroke="#333" />
        <text x={left + 74} y={h - 5} font-size="11">
          办结
        </text>
      </svg>
      <figcaption>图 2　{report.year}年各月收到和办结的申请（件）</figcaption>
    </figure>
  );
}
