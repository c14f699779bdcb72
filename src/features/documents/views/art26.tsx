// Art. 26 (公开时限) in the console: the notice on a document's page (review page and staff view) and
// the per-unit count of late publications on the document list.
import { qs } from '../../../platform/views/layout.tsx';
import { art26Message, ART26_WORKING_DAYS, type Art26Status, type Art26UnitCount } from '../art26.ts';

/** A red notice when late (or overdue while waiting), a plain line otherwise. */
export function Art26Notice({ status }: { status: Art26Status | null }) {
  if (!status) return null;
  if (status.late) {
    return (
      <div class="notice bad" id="art26" role="note">
        <p>
          <strong>{status.publishedOn ? '公开超过法定时限' : '已超过法定公开时限'}</strong>：{art26Message(status)}
        </p>
      </div>
    );
  }
  return (
    <p class="muted" id="art26">
      公开时限：{art26Message(status)}
    </p>
  );
}

/** 公开时限统计: per unit, published proactive documents and those published late; late links to the list. */
export function Art26UnitTable({ rows }: { rows: Art26UnitCount[] }) {
  const late = rows.reduce((a, r) => a + r.late, 0);
  return (
    <section aria-labelledby="h-art26">
      <h2 id="h-art26">公开时限统计（条例第二十六条）</h2>
      <p class="muted">
        主动公开的信息应自形成（或成文）之日起 {ART26_WORKING_DAYS} 个工作日内公开（按节假日安排和调休计算）。下表按单位统计已发布的主动公开文件中超过时限公开的件数
        {late ? '，点击件数查看这些文件' : ''}。
      </p>
      {rows.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="公开时限统计表格">
          <table class="list" id="art26-units">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">已发布</th>
                <th scope="col">超过时限</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.unitName}</td>
                  <td data-label="已发布">{r.published}</td>
                  <td data-label="超过时限">
                    {r.late ? <a href={`/admin/documents${qs({ unit: r.unitId, art26: 'late' })}`}>{r.late}</a> : r.late}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">暂无已发布的主动公开文件。</p>
      )}
    </section>
  );
}
