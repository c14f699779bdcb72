// 查询办理进度: the tracking form and the public status of a request (no applicant data, ever),
// with the due date and its reason and the letters issued so far (答复书 and notices).
// Routes: letters/track.routes.tsx (the form POSTs; the code never goes into a URL).
import { Layout, ErrorSummary, Csrf, type PageContext } from '../../../platform/views/layout.tsx';
import type { FieldErrors } from '../../../platform/errors.ts';
import type { PublicRequestStatus } from '../requests.repository.ts';
import { LETTER_KIND_LABELS } from '../letters/templates.ts';
import { Styles, TextField } from './parts.tsx';
import { FileField } from './apply.tsx';
import { fmtSize, type RequestFileView, type UploadLimits } from '../requests.files.ts';

/** Files on the status page: delivered to the applicant, and their own online 补正 materials. */
export interface TrackFilesProps {
  released: RequestFileView[];
  supplements: RequestFileView[];
  canUpload: boolean;
  limits: UploadLimits;
  /** Flash after an upload: number of files received. */
  uploaded: number;
  /** Why the last upload was refused. */
  error?: string;
}

export const TRACK_NOT_FOUND = '未找到该申请，请核对申请编号和查询码';

export interface TrackPageProps {
  ctx: PageContext;
  trackingNo?: string;
  errors?: FieldErrors;
  message?: string;
}

export function TrackPage({ ctx, trackingNo = '', errors = {}, message }: TrackPageProps) {
  const hasFields = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title="查询办理进度" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>查询办理进度</h1>
        {message || hasFields ? <ErrorSummary message={message} fields={hasFields ? errors : undefined} /> : null}
        <p>请输入提交申请时页面显示的申请编号和查询码。</p>
        <form method="post" action="/ysqgk/track" class="stack">
          <Csrf token={ctx.csrf} />
          <TextField name="trackingNo" label="申请编号" value={trackingNo} error={errors.trackingNo} maxLength={20} autocomplete="off" hint="例如 SC2026-000123" />
          <TextField name="code" label="查询码" value="" error={errors.code} maxLength={20} autocomplete="off" hint="8 位字母和数字" />
          <p class="actions">
            <button type="submit">查询</button>
          </p>
        </form>
        <p>
          <a href="/ysqgk">依申请公开说明</a>
        </p>
      </div>
    </Layout>
  );
}

/** A step's text without its leading date (shown separately); the label when there is no text. */
function stepText(step: PublicRequestStatus['steps'][number]): string {
  const text = step.text.startsWith(step.on) ? step.text.slice(step.on.length).trim() : step.text.trim();
  return text || step.label;
}

const LETTER_KIND_NAMES: Record<string, string> = LETTER_KIND_LABELS;

export function StatusPage({ ctx, status, dueReason, files }: { ctx: PageContext; status: PublicRequestStatus; dueReason?: string | null; files?: TrackFilesProps }) {
  const s = status;
  const letters = s.letters ?? [];
  const base = `/ysqgk/track/${s.trackingNo}/letters`;
  return (
    <Layout ctx={ctx} title={`申请 ${s.trackingNo} 办理进度`} area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>申请 {s.trackingNo} 办理进度</h1>
        <dl class="status">
          <dt>当前状态</dt>
          <dd>
            <strong>{s.statusLabel}</strong>
          </dd>
          <dt>受理单位</dt>
          <dd>{s.unitName}</dd>
          <dt>提交日期</dt>
          <dd>{s.submittedOn}</dd>
          <dt>收到申请日期</dt>
          <dd>{s.receivedOn ?? '尚待工作人员确认收到（网上申请以双方确认之日为收到申请之日）'}</dd>
          <dt>答复期限</dt>
          <dd>
            {s.dueOn ? (
              <>
                {s.dueOn}
                {s.provisional ? <span class="badge warn">暂定</span> : null}
              </>
            ) : s.receivedOn === null ? (
              '确认收到申请后开始计算'
            ) : s.status === 'awaiting-supplement' ? (
              '待补正：收到补正材料后重新计算'
            ) : (
              '无'
            )}
            {dueReason ?? s.dueReason ? <p class="muted">期限依据：{dueReason ?? s.dueReason}</p> : null}
            {s.provisional ? <p class="muted">该期限涉及尚未公布节假日安排的年度，暂按周末和元旦、劳动节、国庆节计算（春节等农历节日和调休未计），公布后将重新计算。</p> : null}
          </dd>
          {s.outcomeLabel ? (
            <>
              <dt>处理结果</dt>
              <dd>{s.outcomeLabel}</dd>
            </>
          ) : null}
        </dl>
        <h2>办理过程</h2>
        {s.steps.length ? (
          <ol class="steps">
            {s.steps.map((step) => (
              <li>
                <time dateTime={step.on}>{step.on}</time> {stepText(step)}
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">申请已提交，等待工作人员确认收到。</p>
        )}
        <h2>答复书和告知书</h2>
        {letters.length ? (
          <ul class="letters">
            {[...letters].reverse().map((l) => (
              <li>
                <time dateTime={l.issuedOn}>{l.issuedOn}</time> {LETTER_KIND_NAMES[l.kind] ?? l.title}
                {l.letterNo ? `（${l.letterNo}）` : ''}：<a href={`${base}/${l.id}`}>查看和打印</a> · <a href={`${base}/${l.id}.docx`}>下载 Word 文件</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">尚未出具答复书或告知书。</p>
        )}
        {files ? <TrackFiles ctx={ctx} trackingNo={s.trackingNo} files={files} /> : null}
        <form method="post" action="/ysqgk/track/forget" class="actions">
          <Csrf token={ctx.csrf} />
          <a href="/ysqgk/track">查询其他申请</a>{' '}
          <button type="submit" class="secondary">
            退出查询
          </button>
        </form>
        <p class="muted small">为保护您的信息，查询状态在本设备上保留 30 分钟；在公共设备上查询后请点击“退出查询”。</p>
      </div>
    </Layout>
  );
}

/** The delivered files (download) and the online 补正 upload, under the letters. */
function TrackFiles({ ctx, trackingNo, files }: { ctx: PageContext; trackingNo: string; files: TrackFilesProps }) {
  const base = `/ysqgk/track/${trackingNo}/files`;
  return (
    <>
      {files.released.length ? (
        <>
          <h2 id="released">提供给您的信息（文件）</h2>
          <ul class="letters">
            {files.released.map((f) => (
              <li>
                <time dateTime={f.releasedAt!.slice(0, 10)}>{f.releasedAt!.slice(0, 10)}</time> <a href={`${base}/${f.id}`}>{f.filename}</a>（{fmtSize(f.size)}，下载）
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <section id="supplement" aria-labelledby="h-supplement">
        <h2 id="h-supplement">在线提交补正材料</h2>
        {files.uploaded ? (
          <div class="notice" role="status">
            <p>已收到 {files.uploaded} 个补正材料文件。受理单位确认收到补正后，答复期限重新计算，您可以在本页看到。</p>
          </div>
        ) : null}
        {files.supplements.length ? (
          <>
            <p>您已在线提交的材料：</p>
            <ul>
              {files.supplements.map((f) => (
                <li>
                  {f.createdAt.slice(0, 10)} {f.filename}（{fmtSize(f.size)}）
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {files.canUpload ? (
          <form method="post" action={base} enctype="multipart/form-data" class="stack">
            <Csrf token={ctx.csrf} />
            <FileField
              name="files"
              idPrefix="supplement"
              label="选择补正材料"
              limits={files.limits}
              error={files.error}
              hint="受理单位告知需要补正的，可以在这里提交补正材料（也可以按告知书写明的其他方式提交）。提交后以受理单位确认收到补正之日重新计算答复期限。"
            />
            <p class="actions">
              <button type="submit">提交补正材料</button>
            </p>
          </form>
        ) : (
          <p class="muted">申请已办结，不能再在线提交材料；如有需要请联系受理单位。</p>
        )}
      </section>
    </>
  );
}
