// A bar chart as inline SVG, readable without JavaScript: <title> and <desc> for screen readers (the figures
// in words), each bar labelled with its value, 未测量 written where there is no value, and always followed by
// the same figures as a table (the caller renders TrendTable).
import type { TrendPoint } from './service.ts';

const W = 640;
const H = 220;
const TOP = 24;
const BOTTOM = 32;
const LEFT = 34;

export function TrendChart({ id, title, points }: { id: string; title: string; points: TrendPoint[] }) {
  const plotH = H - TOP - BOTTOM;
  const n = Math.max(1, points.length);
  const slot = (W - LEFT - 8) / n;
  const barW = Math.min(40, slot * 0.6);
  const y = (v: number) => TOP + plotH - (Math.max(0, Math.min(100, v)) / 100) * plotH;
  const desc = points.length ? points.map((p) => `${p.label}：${p.total === null ? '未测量' : `${p.total} 分`}`).join('；') : '暂无数据';
  return (
    <svg class="as-chart" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMidYMid meet">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {[0, 50, 100].map((v) => (
        <g>
          <line x1={LEFT} x2={W - 4} y1={y(v)} y2={y(v)} stroke="#d0d7de" stroke-width="1" />
          <text x={LEFT - 6} y={y(v) + 4} text-anchor="end" font-size="12" fill="#57606a">
            {v}
          </text>
        </g>
      ))}
      {points.map((p, i) => {
        const cx = LEFT + slot * i + slot / 2;
        return (
          <g>
            {p.total === null ? (
              <text x={cx} y={TOP + plotH - 4} text-anchor="middle" font-size="11" fill="#57606a">
                未测量
              </text>
            ) : (
              <>
                <rect x={cx - barW / 2} y={y(p.total)} width={barW} height={Math.max(1, TOP + plotH - y(p.total))} fill="#0b4fa8" />
                <text x={cx} y={y(p.total) - 4} text-anchor="middle" font-size="12" fill="#1f2328">
                  {p.total}
                </text>
              </>
            )}
            <text x={cx} y={H - 10} text-anchor="middle" font-size="12" fill="#1f2328">
              {p.label}
            </text>
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
