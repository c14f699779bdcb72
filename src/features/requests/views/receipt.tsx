// The one-time receipt after an online application (Post/Redirect/Get): the tracking number and the
// query code, shown once; and the page for a receipt link that was already used or has expired.
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import { Styles } from './parts.tsx';

export interface ReceiptPageProps {
  ctx: PageContext;
  trackingNo: string;
  queryCode: string;
  unitName: string;
  fileCount: number;
}

export function ReceiptPage({ ctx, trackingNo, queryCode, unitName, fileCount }: ReceiptPageProps) {
  return (
    <Layout ctx={ctx} title="申请已提交" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>申请已提交</h1>
        <div class="secret" role="status">
          <p>
            <strong>请立即记下申请编号和查询码（可抄写或截图）。查询码只显示这一次，刷新或再次打开本页不会再显示，也无法找回。</strong>
          </p>
          <dl>
            <dt>申请编号</dt>
            <dd>
              <span class="big">{trackingNo}</span>
            </dd>
            <dt>查询码</dt>
            <dd>
              <span class="big">{queryCode}</span>
            </dd>
          </dl>
        </div>
        <dl class="status">
          <dt>受理单位</dt>
          <dd>{unitName}</dd>
          <dt>附件</dt>
          <dd>{fileCount ? `已收到 ${fileCount} 个附件` : '无'}</dd>
        </dl>
        <p>
          网上申请以工作人员确认收到之日为收到申请之日（《政府信息公开条例》第三十一条），20 个工作日的答复期限从确认收到之日起计算。确认后，您可以在查询页面看到收到日期和答复期限。
        </p>
        <p class="actions">
          <a class="button" href="/ysqgk/track">查询办理进度</a>
          <a class="button secondary" href="/ysqgk">返回依申请公开</a>
        </p>
      </div>
    </Layout>
  );
}

/** A receipt link opened a second time, or after 15 minutes: the code is not shown again. */
export function ReceiptGonePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="回执已显示过" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>回执已显示过</h1>
        <div class="notice" role="status">
          <p>
            <strong>查询码只在提交申请后显示一次，本页面已经打开过或已过期，不能再次显示。</strong>
          </p>
        </div>
        <p>您的申请已经提交，无需重复提交。请使用当时记下的申请编号和查询码查询办理进度。</p>
        <p>如遗失查询码请联系受理机关（联系方式见各单位的政府信息公开指南）。</p>
        <p class="actions">
          <a class="button" href="/ysqgk/track">查询办理进度</a>
          <a class="button secondary" href="/ysqgk">返回依申请公开</a>
        </p>
      </div>
    </Layout>
  );
}
