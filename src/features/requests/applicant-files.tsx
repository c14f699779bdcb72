// The applicant's files on the tracking page (查询办理进度), after the query-code check:
// - POST /ysqgk/track/<number>/files: 补正 materials (multipart, `_csrf` first, the application form's
//   limits: 5 files, 10 MB each, same types; rate limited like the form and counted as a code check);
//   stored as the applicant's files, audited; staff record 收到补正 themselves.
// - GET /ysqgk/track/<number>/files/<id>: a file staff delivered to the applicant (released), never
//   any other file, never without the code.
// The code comes from the tracking cookie (letters/track.routes.tsx), re-checked on every request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import { isStoredId } from '../../platform/db/index.ts';
import { renderPage } from '../../platform/views/render.ts';
import { HTML } from '../../platform/http/request.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { AppError } from '../../platform/errors.ts';
import { codeCheckLimit, readTrackCookie } from './letters/track.routes.tsx';
import { getPublicStatus, queryCodeMatches, releasedStaffFile, requestByTrackingNo, requestIdByTrackingNo, TRACKING_NO_RE, type PublicRequestStatus } from './requests.repository.ts';
import { StatusPage, TRACK_NOT_FOUND, TrackPage, type TrackFilesProps } from './views/track.tsx';
import { acceptsSupplement, addApplicantSupplement, applicantFiles, readApplicationForm, uploadLimits } from './requests.files.ts';


/** The request behind the tracking cookie for this number, when its code matches; else null. */
async function checkedRequest(db: Db, req: FastifyRequest, trackingNo: string): Promise<{ id: number; status: string; code: string } | null> {
  const c = readTrackCookie(req);
  if (!TRACKING_NO_RE.test(trackingNo) || !c || c.trackingNo !== trackingNo) return null;
  const row = await requestByTrackingNo(db, trackingNo);
  if (!row || !queryCodeMatches(c.code.toUpperCase(), row.query_code_hash)) return null;
  return { id: row.id, status: row.status, code: c.code };
}

/** The files part of the status page (called by the status route after its code check). */
export async function trackFilesProps(app: FastifyInstance, req: FastifyRequest, status: PublicRequestStatus, error?: string): Promise<TrackFilesProps> {
  const files = await applicantFiles(app.db, await requestIdByTrackingNo(app.db, status.trackingNo));
  const q = Number((req.query as Record<string, unknown> | undefined)?.uploaded);
  return {
    ...files,
    canUpload: acceptsSupplement(status.status),
    limits: uploadLimits(app.config.maxUploadBytes),
    uploaded: Number.isInteger(q) && q > 0 && q <= 5 ? q : 0,
    error,
  };
}

const privateHeaders = {
  onSend: async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'no-store');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Robots-Tag', 'noindex, nofollow');
  },
};

export async function registerApplicantFileRoutes(app: FastifyInstance, opts: { uploadRateLimit: number }): Promise<void> {
  const db: Db = app.db;
  const countCheck = codeCheckLimit(app);
  const notFound = (req: FastifyRequest, reply: FastifyReply, trackingNo: string) =>
    reply.code(404).type(HTML).send(renderPage(<TrackPage ctx={req.pageCtx()} trackingNo={TRACKING_NO_RE.test(trackingNo) ? trackingNo : ''} message={TRACK_NOT_FOUND} />));

  // Multipart: `_csrf` is checked by readApplicationForm before any file is stored.
  const uploadConfig = { rateLimit: { max: opts.uploadRateLimit, timeWindow: '1 minute' }, multipartCsrf: true };
  app.post(
    '/ysqgk/track/:trackingNo/files',
    { ...privateHeaders, config: uploadConfig },
    async (req, reply) => {
      const trackingNo = (req.params as { trackingNo: string }).trackingNo.toUpperCase();
      await countCheck(req);
      // The code first: nothing of the body is stored for someone without it.
      const r = await checkedRequest(db, req, trackingNo);
      if (!r) return notFound(req, reply, trackingNo);
      if (!req.isMultipart()) throw new AppError('VALIDATION', '请通过查询页面上的“提交补正材料”表单选择文件后提交。');
      const form = await readApplicationForm(app, req);
      const again = async (status: number, message: string) => {
        const st = await getPublicStatus(db, trackingNo, r.code);
        if (!st.ok) return notFound(req, reply, trackingNo);
        return reply
          .code(status)
          .type(HTML)
          .send(renderPage(<StatusPage ctx={req.pageCtx()} status={st.value} dueReason={st.value.dueReason} files={await trackFilesProps(app, req, st.value, message)} />));
      };
      if (form.fileError) return again(400, form.fileError);
      const added = await addApplicantSupplement({ db }, r.id, form.files);
      if (!added.ok) return again(added.error.code === 'VALIDATION' ? 400 : added.error.status, added.error.fields?.files ?? added.error.message);
      return reply.redirect(`/ysqgk/track/${trackingNo}?uploaded=${added.value.count}#supplement`, 303);
    },
  );

  app.get('/ysqgk/track/:trackingNo/files/:fileId', privateHeaders, async (req, reply) => {
    const { trackingNo: rawNo, fileId: rawId } = req.params as { trackingNo: string; fileId: string };
    const trackingNo = rawNo.toUpperCase();
    const c = readTrackCookie(req);
    if (c && c.trackingNo === trackingNo) await countCheck(req);
    const r = await checkedRequest(db, req, trackingNo);
    const id = /^\d{1,10}$/.test(rawId) ? Number(rawId) : 0;
    const f = r && isStoredId(id)
      ? await releasedStaffFile(db, r.id, id)
      : undefined;
    if (!f || !app.files.exists(f.sha256)) return notFound(req, reply, trackingNo);
    reply.header('Content-Type', f.mime).header('Content-Disposition', contentDisposition(f.filename)).header('Content-Length', String(f.size));
    return reply.send(app.files.open(f.sha256));
  });
}
