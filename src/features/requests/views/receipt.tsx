// The receipt after an online application (Post/Redirect/Get): the tracking number and the query code,
// shown for 15 minutes in the submitting browser only; its print/download version (ReceiptDoc); and
// the page for a receipt link that has expired or was opened elsewhere.
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import { Styles } from './parts.tsx';

export interface ReceiptPageProps {
  ctx: PageContext;
  trackingNo: string;
  queryCode: string;
  unitName: string;
  fileCount: number;
  /** The receipt's own address (/ysqgk/receipt/<token>), for the print and download links. */
  href: string;
  /** Whether a copy is e-mailed (an address was given). */
  mailed: boolean;
}

export function ReceiptPage({ ctx, trackingNo, queryCode, unitName, fileCount, href, mailed }: ReceiptPageProps) {
  return (
    <Layout ctx={ctx} title="申请已提交" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>申请已提交</h1>
        <div class="secret" role="status">
          <p>
            <strong>请立即记下申请编号和查询码（可抄写、截图、打印或下载回执）。本页只在本设备上保留 15 分钟，之后不再显示，查询码也无法找回。</strong>
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
        <p class="actions">
          <a class="button" href={`${href}/print`}>
            打印回执
          </a>
          <a class="button secondary" href={`${href}/download`}>
            下载回执（网页文件）
          </a>
        </p>
        {mailed ? <p>回执（含查询码）同时发送到您填写的电子邮箱；以后每次办理状态变化也会发邮件通知您（邮件中不再包含查询码）。</p> : null}
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

/** A receipt link opened after 15 minutes, or on another device: the code is not shown. */
export function ReceiptGonePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="回执不能显示" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>回执不能显示</h1>
        <div class="notice" role="status">
          <p>
            <strong>查询码只在提交申请的设备上显示 15 分钟，本页面已过期或不是在提交申请的设备上打开，不能显示。</strong>
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

export interface ReceiptDocProps {
  siteName: string;
  /** Absolute address of the tracking page. */
  trackUrl: string;
  trackingNo: string;
  queryCode: string;
  submittedOn: string;
  unitName: string;
  description: string;
  docRef: string;
  fileCount: number;
}

/** Styles of the printable receipt: self-contained (also for the downloaded file, read offline). */
const RECEIPT_DOC_CSS = `
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", SimSun, sans-serif; color: #000; background: #fff; margin: 0; padding: 16px; line-height: 1.7; font-size: 16px; }
main { max-width: 720px; margin: 0 auto; }
h1 { font-size: 1.5rem; text-align: center; margin: 8px 0 16px; }
table { width: 100%; border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid #000; padding: 6px 10px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { width: 8em; font-weight: bold; white-space: nowrap; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.4rem; letter-spacing: .1em; font-weight: bold; }
.keep { border: 2px solid #000; padding: 8px 12px; }
.noprint a { display: inline-block; margin: 8px 12px 8px 0; padding: 8px 14px; border: 1px solid #333; color: #000; text-decoration: none; border-radius: 3px; }
@media print {
  body { padding: 0; font-size: 12pt; }
  .noprint { display: none; }
  @page { margin: 2cm; }
}
`;

/**
 * The printable receipt: a whole page without the site's chrome or scripts, so it prints on one sheet,
 * saves as a file that opens offline, and works in old browsers. No personal data of the applicant.
 */
export function ReceiptDoc(p: ReceiptDocProps & { links?: { href: string; label: string }[] }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`政府信息公开申请回执 ${p.trackingNo}`}</title>
        <style>{RECEIPT_DOC_CSS}</style>
      </head>
      <body>
        <main>
          <h1>政府信息公开申请回执</h1>
          <table>
            <tbody>
              <tr>
                <th scope="row">申请编号</th>
                <td>
                  <span class="code">{p.trackingNo}</span>
                </td>
              </tr>
              <tr>
                <th scope="row">查询码</th>
                <td>
                  <span class="code">{p.queryCode}</span>
                </td>
              </tr>
              <tr>
                <th scope="row">提交日期</th>
                <td>{p.submittedOn}</td>
              </tr>
              <tr>
                <th scope="row">受理单位</th>
                <td>{p.unitName}</td>
              </tr>
              {p.docRef ? (
                <tr>
                  <th scope="row">信息名称或文号</th>
                  <td>{p.docRef}</td>
                </tr>
              ) : null}
              {p.description ? (
                <tr>
                  <th scope="row">所需信息</th>
                  <td>{p.description}</td>
                </tr>
              ) : null}
              <tr>
                <th scope="row">附件</th>
                <td>{p.fileCount ? `${p.fileCount} 个` : '无'}</td>
              </tr>
            </tbody>
          </table>
          <div class="keep">
            <p>
              <strong>如何查询办理进度：</strong>打开 {p.trackUrl}（“{p.siteName}”网站 → 依申请公开 → 查询办理进度），输入上面的申请编号和查询码，
              可以查看办理状态、收到申请日期、答复期限、告知书和答复书，也可以在那里提交补正材料、下载答复的信息。
            </p>
            <p>请妥善保管本回执。查询码相当于密码，请勿告诉他人；遗失后无法找回，需联系受理单位。</p>
          </div>
          <p>
            网上申请以工作人员确认收到之日为收到申请之日（《政府信息公开条例》第三十一条），受理单位自收到申请之日起 20 个工作日内答复。
          </p>
          {p.links?.length ? (
            <p class="noprint">
              {p.links.map((l) => (
                <a href={l.href}>{l.label}</a>
              ))}
            </p>
          ) : null}
        </main>
      </body>
    </html>
  );
}
