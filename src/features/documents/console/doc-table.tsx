// The console's document table and status badge: the documents list, the review queue and the console
// home's boxes (through documents' public.ts) show documents the same way.
import { fmtDateTime } from '../../../platform/views/format.ts';
import { displayStatus, type Status } from '../state.ts';
import type { ListRow } from '../documents.repository.ts';

export type { ListRow };

export function StatusBadge({ status, publishedAt }: { status: string; publishedAt: string | null }) {
  const label = displayStatus(status as Status, publishedAt);
  const tone = status === 'published' ? (label === '已排期' ? 'warn' : 'ok') : status === 'returned' || status === 'withdrawn' ? 'bad' : 'warn';
  return <span class={`badge ${tone}`}>{label}</span>;
}

/** The standard document table of the console (名称, 状态, 单位, 索引号, 更新时间). */
export function DocTable({ rows, empty = '没有符合条件的文件。' }: { rows: ListRow[]; empty?: string }) {
  if (!rows.length) return <p class="muted">{empty}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="文件列表">
      <table class="list">
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">状态</th>
            <th scope="col">单位</th>
            <th scope="col">索引号</th>
            <th scope="col">更新时间</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={`/admin/documents/${r.id}`}>{r.title}</a>
              </td>
              <td class="nowrap" data-label="状态">
                <StatusBadge status={r.status} publishedAt={r.published_at} />
              </td>
              <td data-label="单位">{r.unit_name}</td>
              <td class="nowrap" data-label="索引号">{r.index_no ?? <span class="muted">发布时生成</span>}</td>
              <td class="nowrap" data-label="更新时间">{fmtDateTime(r.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
