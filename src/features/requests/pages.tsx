// Public 依申请公开 pages: the guide, the online application (Art. 29) with its receipt, and the
// status page reached with the tracking number and query code. Validation and storage are
// submitRequest (requests.commands.ts); the status view is getPublicStatus (requests.repository.ts),
// which never carries applicant data. The form is multipart with up to 5 attachments (requests.files.ts);
// a successful POST redirects (303) to the receipt page, so a reload never applies twice. The receipt
// (and its print page and download) shows the code for 15 minutes in the submitting browser only.
// 补正 materials and delivered files on the tracking page: applicant-files.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { contentDisposition, discardStaged } from '../../platform/files/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { loadUnitTree, type UnitNode } from '../../platform/access/unit-tree.ts';
import { submitRequest } from './requests.commands.ts';
import { getPublicStatus, receiptRequest, requestFileCount } from './requests.repository.ts';
import { YsqgkGuidePage } from './views/guide.tsx';
import { APPLY_FIELDS, ApplyPage, type ApplyValues, type UnitOption } from './views/apply.tsx';
import { ReceiptDoc, ReceiptGonePage, ReceiptPage } from './views/receipt.tsx';
import { createReceipt, readApplicationForm, readPublicReceipt, RECEIPT_TTL_MS, uploadLimits, type NewRequestFile } from './requests.files.ts';
import { registerTrackRoutes } from './letters/track.routes.tsx';
import { registerApplicantFileRoutes } from './applicant-files.tsx';
import { one, sendPage } from '../../platform/http/request.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';
import { ApplyFormBody } from './forms.ts';

/** Holds the receipt token in the browser that submitted, so only it sees the receipt again (15 minutes). */
export const RECEIPT_COOKIE = 'gk_receipt';
const RECEIPT_COOKIE_PATH = '/ysqgk/receipt';
/** Online applications per client address per minute. */
export const APPLY_RATE_LIMIT = 10;

async function unitOptions(db: Db): Promise<UnitOption[]> {
  const tree = await loadUnitTree(db);
  const out: UnitOption[] = [];
  const walk = (nodes: UnitNode[], depth: number) => {
    for (const n of nodes) {
      out.push({ id: n.id, name: n.name, depth });
      walk(n.children, depth + 1);
    }
  };
  walk(tree.roots, 0);
  return out;
}

/** The form's flat names (`applicant.name`, …) as typed. */
function readValues(form: Partial<ApplyValues>): ApplyValues {
  const v = {} as ApplyValues;
  for (const k of APPLY_FIELDS) v[k] = form[k] ?? '';
  return v;
}

/** The API's shape for submitRequest; empty optional fields are left out. */
function toInput(v: ApplyValues): Record<string, unknown> {
  const applicant: Record<string, string> = {};
  for (const k of ['name', 'idType', 'idNumber', 'phone', 'email', 'address'] as const) {
    const s = v[`applicant.${k}`];
    if (s !== '') applicant[k] = s;
  }
  const input: Record<string, unknown> = { applicantType: v.applicantType, applicant, unitId: v.unitId, description: v.description, form: v.form, delivery: v.delivery };
  if (v.docRef !== '') input.docRef = v.docRef;
  return input;
}

/** Field errors in the order of the form, so the error summary reads top to bottom. */
function inFormOrder(errors: Record<string, string>): Record<string, string> {
  const rank = (k: string) => {
    const i = (APPLY_FIELDS as readonly string[]).indexOf(k);
    return i < 0 ? APPLY_FIELDS.length : i;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}


export default async function ysqgk(app: FastifyInstance) {
  const db: Db = app.db;
  const deps = { db };
  const noStore = async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'no-store');
  };

  app.get('/ysqgk', async (req, reply) => {
    // Static text; staff see their name in the header, so only anonymous pages may be shared.
    if (req.actor) reply.header('Cache-Control', 'private, no-store');
    else reply.header('Cache-Control', 'public, max-age=60').header('Vary', 'Cookie');
    return sendPage(reply, <YsqgkGuidePage ctx={req.pageCtx()} />);
  });

  app.get('/ysqgk/apply', { onSend: noStore }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const values = readValues({});
    // A unit may be preselected by a link (?unitId=…) from its 公开指南.
    if (/^\d{1,10}$/.test(one(q.unitId))) values.unitId = one(q.unitId);
    return sendPage(reply, <ApplyPage ctx={req.pageCtx()} units={await unitOptions(db)} values={values} limits={uploadLimits(app.config.maxUploadBytes)} />);
  });

  // Multipart: the route checks `_csrf` itself before storing any file (readApplicationForm).
  const applyConfig = { rateLimit: { max: APPLY_RATE_LIMIT, timeWindow: '1 minute' }, multipartCsrf: true };
  app.post(
    '/ysqgk/apply',
    { config: applyConfig, onSend: noStore },
    async (req, reply) => {
      const limits = uploadLimits(app.config.maxUploadBytes);
      let form: Static<typeof ApplyFormBody>;
      let files: NewRequestFile[] = [];
      let fileError: string | null = null;
      if (req.isMultipart()) {
        // Once the honeypot is seen filled, no file is stored.
        const read = await readApplicationForm(app, req, { stopFiles: (f) => (f.website ?? '') !== '' });
        ({ files, fileError } = read);
        form = parseForm(ApplyFormBody, read.fields);
      } else form = parseForm(ApplyFormBody, req.body);
      // Honeypot: people never see the field; anything in it is a robot. Nothing is stored (files sent
      // before the field are discarded).
      if ((form.website ?? '') !== '') {
        await discardStaged(files);
        throw new AppError('VALIDATION', '提交的内容无法处理，请刷新页面后重新填写。');
      }
      const values = readValues(form);
      const again = async (errors: Record<string, string>) =>
        sendPage(reply, <ApplyPage ctx={req.pageCtx()} units={await unitOptions(db)} values={values} errors={inFormOrder(errors)} limits={limits} />, 400);
      // A refused file: nothing is written, everything typed is shown again.
      if (fileError) return again({ files: fileError });
      let token = '';
      const result = await submitRequest(deps, null, toInput(values), {
        files,
        onCreated: async (trx, created) => {
          token = await createReceipt(trx, 'public', created);
        },
      });
      if (!result.ok) {
        if (result.error.code !== 'VALIDATION' || !result.error.fields) throw result.error;
        const errors = { ...result.error.fields };
        if (files.length) errors.files = '浏览器不会保留已选择的附件，改正后请重新选择。';
        return again(errors);
      }
      // Post/Redirect/Get: a reload of the receipt page does not resubmit. The cookie lets this browser
      // (and only it) see the receipt again for its 15 minutes: reload, 关怀模式, print, download.
      reply.setCookie(RECEIPT_COOKIE, token, {
        path: RECEIPT_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.cookieSecure === 'auto' ? req.protocol === 'https' : app.config.cookieSecure,
        maxAge: Math.floor(RECEIPT_TTL_MS / 1000),
      });
      return reply.redirect(`/ysqgk/receipt/${token}`, 303);
    },
  );

  const receiptHeaders = {
    onSend: async (_req: FastifyRequest, reply: FastifyReply) => {
      reply.header('Cache-Control', 'no-store');
      reply.header('Referrer-Policy', 'no-referrer');
      reply.header('X-Robots-Tag', 'noindex, nofollow');
    },
  };

  /** The receipt of the token in the URL, or null (expired, or not the submitting browser). */
  async function receipt(req: FastifyRequest) {
    const token = (req.params as { token: string }).token;
    const shown = await readPublicReceipt(db, token, req.cookies?.[RECEIPT_COOKIE]);
    if (!shown) return null;
    const row = await receiptRequest(db, shown.requestId);
    const fileCount = await requestFileCount(db, shown.requestId);
    let mailed = false;
    try {
      mailed = Boolean((JSON.parse(row.applicant) as { email?: string | null }).email);
    } catch {
      mailed = false;
    }
    return { token, ...shown, unitName: row.unitName, submittedOn: todayBeijing(Date.parse(row.created_at)), description: row.description, docRef: row.doc_ref, fileCount, mailed };
  }

  app.get('/ysqgk/receipt/:token', receiptHeaders, async (req, reply) => {
    const r = await receipt(req);
    if (!r) return sendPage(reply, <ReceiptGonePage ctx={req.pageCtx()} />, 410);
    return sendPage(reply, <ReceiptPage ctx={req.pageCtx()} trackingNo={r.trackingNo} queryCode={r.queryCode} unitName={r.unitName} fileCount={r.fileCount} href={`/ysqgk/receipt/${r.token}`} mailed={r.mailed} />);
  });

  // The printable receipt (…/print) and the same page as a file to keep (…/download).
  app.get('/ysqgk/receipt/:token/:as', receiptHeaders, async (req, reply) => {
    const as = (req.params as { as: string }).as;
    if (as !== 'print' && as !== 'download') throw new AppError('NOT_FOUND');
    const r = await receipt(req);
    if (!r) return sendPage(reply, <ReceiptGonePage ctx={req.pageCtx()} />, 410);
    const doc = (
      <ReceiptDoc
        siteName={app.config.siteName}
        trackUrl={`${app.config.baseUrl}/ysqgk/track`}
        trackingNo={r.trackingNo}
        queryCode={r.queryCode}
        submittedOn={r.submittedOn}
        unitName={r.unitName}
        description={r.description}
        docRef={r.docRef}
        fileCount={r.fileCount}
        links={as === 'print' ? [{ href: `/ysqgk/receipt/${r.token}`, label: '返回' }, { href: `/ysqgk/receipt/${r.token}/download`, label: '下载回执' }] : []}
      />
    );
    if (as === 'download') reply.header('Content-Disposition', contentDisposition(`政府信息公开申请回执-${r.trackingNo}.html`));
    return sendPage(reply, doc);
  });

  // Status page and issued letters (tracking number + query code): letters/track.routes.tsx.
  await registerTrackRoutes(app);
  // 补正 materials and delivered files on the tracking page: applicant-files.tsx.
  await registerApplicantFileRoutes(app, { uploadRateLimit: APPLY_RATE_LIMIT });
}
