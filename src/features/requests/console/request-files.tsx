// Console side of request attachments and of the one-time registration receipt:
// - the attachments section of the request page (list + upload form for handler / office head);
// - GET /admin/requests/:id/files/:fileId (download; unit scope, never public);
// - POST /admin/requests/:id/files (staff add files, e.g. 补正 materials; audited 'request.file-add');
// - POST /admin/requests/:id/files/:fileId/release|unrelease (a staff file delivered to the applicant,
//   who downloads it from the tracking page; audited 'request.file-release' / 'request.file-unrelease');
// - the applicant's online 补正 materials are flagged (申请人在线提交补正材料) above the list;
// - GET /admin/requests/:id/registered/:token (shows the query code of a new registration once).
import { auditRead } from '../../../platform/audit/index.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import { can, type Actor } from '../../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDateTime } from '../../../platform/views/format.ts';
import { contentDisposition } from '../../../platform/files/index.ts';
import { requestUnitId, type StaffRequestView } from '../requests.repository.ts';
import {
  addRequestFiles,
  fmtSize,
  getRequestFile,
  listRequestFiles,
  readApplicationForm,
  releaseRequestFile,
  takeReceipt,
  uploadLimits,
  type RequestFileView,
  type UploadLimits,
} from '../requests.files.ts';
import { FileField } from '../views/apply.tsx';
import { AdminPage, idParam, requireRole, sendPage, val } from '../../admin/public.ts';

const CRUMBS: [string, string][] = [
  ['/admin', '我的待办'],
  ['/admin/requests', '依申请公开办理'],
];

const SOURCE_LABELS: Record<string, string> = { applicant: '申请人提交', staff: '工作人员添加' };
const sourceLabel = (f: RequestFileView) => (f.supplement ? '申请人在线提交补正材料' : SOURCE_LABELS[f.source] ?? f.source);

export interface FilesSectionProps {
  requestId: number;
  files: RequestFileView[];
  canAdd: boolean;
  limits: UploadLimits;
  /** Flash after an upload (count of files added). */
  added: number;
}

/** What the request page needs for its attachments section. */
export async function filesSection(app: FastifyInstance, req: FastifyRequest, view: StaffRequestView): Promise<FilesSectionProps> {
  const actor = requireActor(req);
  const added = Number(val(req.query, 'filesAdded'));
  return {
    requestId: view.id,
    files: await listRequestFiles(app.db, view.id),
    canAdd: can(actor, 'request.handle', view.unitId),
    limits: uploadLimits(app.config.maxUploadBytes),
    added: Number.isInteger(added) && added > 0 && added <= 100 ? added : 0,
  };
}

export function RequestFilesSection({ ctx, section, error }: { ctx: PageContext; section: FilesSectionProps; error?: string }) {
  const { requestId, files, canAdd, limits, added } = section;
  const supplements = files.filter((f) => f.supplement);
  return (
    <section aria-labelledby="attachments">
      <h2 id="attachments">附件</h2>
      {added ? (
        <div class="flash" role="status">
          已添加 {added} 个附件。
        </div>
      ) : null}
      {supplements.length ? (
        <div class="notice" role="status">
          <p>
            <strong>申请人在线提交补正材料</strong>：共 {supplements.length} 个文件，最近一次 {fmtDateTime(supplements[supplements.length - 1]!.createdAt)}。
            请查看后按需记录“收到补正材料”（答复期限自收到补正之日起重新计算）。
          </p>
        </div>
      ) : null}
      {files.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="附件">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">文件名</th>
                <th scope="col">大小</th>
                <th scope="col">来源</th>
                <th scope="col">时间</th>
                <th scope="col">提供给申请人</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr>
                  <td data-label="文件名">
                    <a href={`/admin/requests/${requestId}/files/${f.id}`}>{f.filename}</a>
                  </td>
                  <td class="nowrap" data-label="大小">
                    {fmtSize(f.size)}
                  </td>
                  <td data-label="来源">{sourceLabel(f)}</td>
                  <td class="nowrap" data-label="时间">
                    {fmtDateTime(f.createdAt)}
                  </td>
                  <td data-label="提供给申请人">
                    {f.source !== 'staff' ? (
                      <span class="muted">—</span>
                    ) : (
                      <>
                        {f.releasedAt ? `已提供（${fmtDateTime(f.releasedAt)}），申请人可在查询页面下载` : '未提供'}
                        {canAdd ? (
                          <form method="post" action={`/admin/requests/${requestId}/files/${f.id}/${f.releasedAt ? 'unrelease' : 'release'}`} class="inline">
                            <Csrf token={ctx.csrf} />{' '}
                            <button type="submit" class={f.releasedAt ? 'link' : 'secondary'}>
                              {f.releasedAt ? '撤回' : '提供给申请人'}
                            </button>
                          </form>
                        ) : null}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">没有附件。</p>
      )}
      {canAdd ? (
        <form method="post" action={`/admin/requests/${requestId}/files`} enctype="multipart/form-data" class="stack">
          <Csrf token={ctx.csrf} />
          <FileField name="files" idPrefix="files" label="添加附件" limits={limits} error={error} hint="如申请人补正的材料、邮寄或传真的申请原件扫描件。" />
          <div class="actions">
            <button type="submit">上传附件</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function StaffReceipt({ ctx, id, trackingNo, queryCode }: { ctx: PageContext; id: number; trackingNo: string; queryCode: string }) {
  return (
    <AdminPage ctx={ctx} title="申请已登记" crumbs={CRUMBS}>
      <div class="flash" role="status">
        申请已登记，申请编号 {trackingNo}。
      </div>
      <p>请将申请编号和查询码告知申请人（例如写在受理回执上）。申请人凭二者在门户网站查询办理进度和答复书。</p>
      <p>
        <strong>查询码只显示这一次：刷新或再次打开本页不会再显示，也无法找回。</strong>
      </p>
      <dl class="secret">
        <dt>申请编号</dt>
        <dd>
          <code>{trackingNo}</code>
        </dd>
        <dt>查询码</dt>
        <dd>
          <code>{queryCode}</code>
        </dd>
      </dl>
      <p>
        <a class="button" href={`/admin/requests/${id}`}>
          打开申请
        </a>{' '}
        <a class="button secondary" href="/admin/requests/new">
          继续登记
        </a>
      </p>
    </AdminPage>
  );
}

function StaffReceiptGone({ ctx, id, trackingNo }: { ctx: PageContext; id: number; trackingNo: string }) {
  return (
    <AdminPage ctx={ctx} title="查询码已显示过" crumbs={CRUMBS}>
      <div class="notice" role="status">
        <p>
          <strong>查询码只在登记后显示一次，本页面已经打开过或已过期，不能再次显示。</strong>
        </p>
      </div>
      <p>
        可以告知申请人申请编号 <code>{trackingNo}</code>；查询码无法找回，也不能重新显示。
      </p>
      <p>
        <a class="button" href={`/admin/requests/${id}`}>
          打开申请
        </a>{' '}
        <a class="button secondary" href="/admin/requests">
          返回办理列表
        </a>
      </p>
    </AdminPage>
  );
}

type DetailRenderer = (req: FastifyRequest, reply: FastifyReply, view: StaffRequestView, state: { status?: number; message?: string; fields?: FieldErrors; action?: string }) => Promise<unknown>;

export default async function requestFileRoutes(app: FastifyInstance, loadView: (actor: Actor, id: number) => Promise<StaffRequestView>, renderDetail: DetailRenderer) {
  const { db } = app;

  /** The request's unit when the actor may read it; 404 otherwise (no hint that it exists). */
  async function scopedUnit(actor: Actor, id: number): Promise<number> {
    const unitId = await requestUnitId(db, id);
    if (unitId === undefined || !can(actor, 'request.read', unitId)) throw new AppError('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
    return unitId;
  }

  app.get('/admin/requests/:id/files/:fileId', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const id = idParam(req);
    const fileId = idParam(req, 'fileId');
    await scopedUnit(actor, id);
    const f = await getRequestFile(db, id, fileId);
    if (!f || !app.files.exists(f.sha256)) throw new AppError('NOT_FOUND', '附件不存在。');
    await auditRead(db, actor, { action: 'file.download', entity: 'request', entityId: id, detail: { fileId, filename: f.filename } });
    reply
      .header('Content-Type', f.mime)
      .header('Content-Disposition', contentDisposition(f.filename))
      .header('Content-Length', String(f.size))
      // Applicants' materials: never kept by shared caches or the browser.
      .header('Cache-Control', 'private, no-store');
    return reply.send(app.files.open(f.sha256));
  });

  app.post('/admin/requests/:id/files', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const id = idParam(req);
    const unitId = await scopedUnit(actor, id);
    if (!can(actor, 'request.handle', unitId)) throw new AppError('FORBIDDEN', '只有办理人或政府信息公开工作机构负责人可以为申请添加附件。');
    if (!req.isMultipart()) throw new AppError('VALIDATION', '请通过申请页面上的“添加附件”表单选择文件后提交。');
    const form = await readApplicationForm(app, req);
    const refuse = async (status: number, message: string) => renderDetail(req, reply, await loadView(actor, id), { status, fields: { files: message }, action: 'files' });
    if (form.fileError) return refuse(400, form.fileError);
    const r = await addRequestFiles({ db }, actor, id, form.files);
    if (!r.ok) {
      if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
      return refuse(r.error.status, r.error.fields?.files ?? r.error.message);
    }
    return reply.redirect(`/admin/requests/${id}?filesAdded=${r.value.count}#attachments`, 303);
  });

  // Deliver a file to the applicant (downloadable on the tracking page after the code), or take it back.
  for (const action of ['release', 'unrelease'] as const) {
    app.post(`/admin/requests/:id/files/:fileId/${action}`, async (req, reply) => {
      const actor = requireActor(req);
      requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
      const id = idParam(req);
      const fileId = idParam(req, 'fileId');
      const r = await releaseRequestFile({ db }, actor, id, fileId, action === 'release');
      if (!r.ok) {
        if (r.error.code === 'NOT_FOUND' || r.error.code === 'FORBIDDEN') throw new AppError(r.error.code, r.error.message);
        return renderDetail(req, reply, await loadView(actor, id), { status: r.error.status, fields: { files: r.error.message }, action: 'files' });
      }
      return reply.redirect(`/admin/requests/${id}#attachments`, 303);
    });
  }

  app.get('/admin/requests/:id/registered/:token', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const id = idParam(req);
    // Scope first: a receipt is never taken (deleted) by someone who may not see the request.
    const view = await loadView(actor, id);
    reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
    const shown = await takeReceipt(db, 'staff', (req.params as { token: string }).token, id);
    if (!shown) return sendPage(reply, <StaffReceiptGone ctx={req.pageCtx()} id={id} trackingNo={view.trackingNo} />, 410);
    return sendPage(reply, <StaffReceipt ctx={req.pageCtx()} id={id} trackingNo={shown.trackingNo} queryCode={shown.queryCode} />);
  });
}
