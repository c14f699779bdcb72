// 依申请公开: a short plain guide for applicants (Regulation Arts. 27–33, 42; domain.md §1.5–1.7).
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import { Styles } from './parts.tsx';

export function YsqgkGuidePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="依申请公开" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>依申请公开</h1>
        <p>除主动公开的政府信息外，公民、法人或者其他组织可以向行政机关申请获取相关政府信息（《政府信息公开条例》第二十七条）。</p>
        <p class="actions">
          <a class="button" href="/ysqgk/apply">在线提交申请</a>
          <a class="button secondary" href="/ysqgk/track">查询办理进度</a>
        </p>
        <h2>谁可以申请</h2>
        <p>自然人，以及法人或者其他组织（商业企业、科研机构、社会公益组织、法律服务机构等）均可申请，网上申请无需注册账号。</p>
        <h2>申请时需要提供什么</h2>
        <p>根据条例第二十九条，申请内容包括：</p>
        <ul>
          <li>申请人的姓名或者名称、身份证明（证件类型和号码）、联系方式；</li>
          <li>申请公开的政府信息的名称、文号，或者便于行政机关查询的其他特征性描述；</li>
          <li>申请公开的政府信息的形式要求（纸质、电子邮件、电子文件或现场查阅），以及获取信息的方式（邮寄、电子邮件、自行领取或网上获取）。</li>
        </ul>
        <p>申请内容不明确的，受理单位会在收到申请之日起 7 个工作日内一次性告知需要补正的事项；补正后重新计算答复期限。</p>
        <h2>多长时间答复</h2>
        <p>
          受理单位自收到申请之日起 20 个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过 20 个工作日。征求第三方或其他机关意见所需时间不计算在内。
        </p>
        <p>网上申请以工作人员确认收到之日为收到申请之日（条例第三十一条），答复期限从这一天开始计算。</p>
        <h2>是否收费</h2>
        <p>行政机关依申请提供政府信息，原则上不收取费用。申请数量、频次明显超过合理范围的，可以按规定收取信息处理费，收费前会书面通知申请人。</p>
        <h2>如何查询进度</h2>
        <p>
          提交申请后，页面会显示<strong>申请编号</strong>和<strong>查询码</strong>，请当场记下。凭这两项可以在<a href="/ysqgk/track">查询办理进度</a>页面查看办理状态、各环节日期、答复期限和处理结果。查询码只显示一次，不会通过其他方式找回。
        </p>
      </div>
    </Layout>
  );
}
