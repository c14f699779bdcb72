// A horizontal bar chart as inline SVG, readable without JavaScript and on a 360 px phone (one row per period,
// drawn at about its own size there): <title> and <desc> for screen readers (the figures in words), each bar
// labelled with its value, 未测量 written where there is no value, and always followed by the same figures as a
// table (the caller renders TrendTable).
import type { TrendPoint } from './service.ts';

const W = 340;
const ROW = 24;
const LABEL = 52;
const VALUE = 52;
const TOP = 18;

export function TrendChart({ id, title, points }: { id: string; title: string; points: TrendPoint[] }) {
  const H = TOP + Math.max(1, points.length) * ROW + 6;
  const barMax = W - LABEL - VALUE;
  const x = (v: number) => (Math.max(0, Math.min(100, v)) / 100) * barMax;
  const desc = points.length ? points.map((p) => `${p.label}：${p.total === null ? '未测量' : `${p.total} 分`}`).join('；') : '暂无数据';
  return (
    <svg class="as-chart" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {[0, 50, 100].map((v) => (
        <g>
          <line x1={LABEL + x(v)} x2={LABEL + x(v)} y1={TOP - 4} y2={H - 4} stroke="#d0d7de" stroke-width="1" />
          <text x={LABEL + x(v)} y={TOP - 6} text-anchor="middle" font-size="11" fill="#57606a">
            {v}
          </text>
        </g>
      ))}
      {points.map((p, i) => {
        const y = TOP + i * ROW;
        return (
          <g>
            <text x={LABEL - 6} y={y + ROW / 2 + 4} text-anchor="end" font-size="12" fill="#1f2328">
              {p.label}
            </text>
            {p.total === null ? (
              <text x={LABEL + 4} y={y + ROW / 2 + 4} font-size="12" fill="#57606a">
                未测量
              </text>
            ) : (
              <>
                <rect x={LABEL} y={y + 4} width={Math.max(1, x(p.total))} height={ROW - 8} fill="#0b4fa8" />
                <text x={LABEL + x(p.total) + 4} y={y + ROW / 2 + 4} font-size="12" fill="#1f2328">
                  {p.total}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function TrendTable({ caption, points }: { caption: string; points: TrendPoint[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">期间</th>
            <th scope="col">总分</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr>
              <th scope="row">{p.label}</th>
              <td>{p.total === null ? '未测量' : p.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
