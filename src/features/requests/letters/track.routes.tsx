// The applicant's status page and issued letters (查询办理进度), reached with the tracking number
// and the query code — never with a guessable URL alone.
//
// How the code travels: the tracking form POSTs the number and the code (CSRF-protected). Every
// check of a code, on any of these routes, counts against one limit per client address
// (TRACK_RATE_LIMIT). When they match, the code is kept in a short-lived cookie (`gk_track`: HttpOnly,
// SameSite=Strict, Path=/ysqgk/track, Secure over HTTPS, 30 minutes) and the browser is redirected
// to /ysqgk/track/<number>. The status page, the letters' print pages and the .docx downloads are
// plain GET links under that path; each request re-checks number + code against the stored hash.
// So the code never appears in a URL (access logs, history, Referer); it is the same secret the
// applicant already holds, so the cookie reveals nothing new; no server-side state or signing key
// is needed (works with several workers). The old `GET /ysqgk/track?trackingNo=&code=` still works
// (bookmarks, older links) and sets the same cookie. “退出查询” clears it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../../../platform/db/index.ts';
import { renderPage } from '../../../platform/views/render.ts';
import { contentDisposition } from '../../../platform/files/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { getPublicStatus, TRACKING_NO_PATTERN, TRACKING_NO_RE } from '../requests.repository.ts';
import { StatusPage, TRACK_NOT_FOUND, TrackPage } from '../views/track.tsx';
import { getPublicLetter } from './letters.repository.ts';
import { LetterPage } from './render.tsx';
import { docxFilename, letterToDocx } from './docx.ts';
import { trackFilesProps } from '../applicant-files.tsx';
import { HTML, one, sendPage } from '../../../platform/http/request.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { TrackFormBody } from '../forms.ts';

export const TRACK_COOKIE = 'gk_track';
const TRACK_COOKIE_PATH = '/ysqgk/track';
const TRACK_COOKIE_MINUTES = 30;
/**
 * Query-code checks per client address per minute, counted together on every route that checks one:
 * the form, old links with the code in the address, and the status and letter pages reading the
 * cookie. Tracking numbers are sequential; the code is what protects an applicant's file, so it must
 * not be guessable faster through any of them. An applicant reading their file needs a handful.
 */
export const TRACK_RATE_LIMIT = 30;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';


const TRACK_COOKIE_RE = new RegExp(`^(${TRACKING_NO_PATTERN})\\.([A-Za-z0-9]{1,32})$`);

/** Number and code from the cookie, or null. */
export function readTrackCookie(req: FastifyRequest): { trackingNo: string; code: string } | null {
  const raw = req.cookies?.[TRACK_COOKIE];
  const m = typeof raw === 'string' ? TRACK_COOKIE_RE.exec(raw) : null;
  return m ? { trackingNo: m[1]!, code: m[2]! } : null;
}

const limits = new WeakMap<object, (req: FastifyRequest) => Promise<void>>();
/**
 * Counts one query-code check of the client address — these pages and the API's applicant routes
 * share the count (one per application: keyed by its database handle, which every plugin context
 * shares) — and refuses with 429 over TRACK_RATE_LIMIT a minute, whether the code is right or not.
 */
export function codeCheckLimit(app: FastifyInstance): (req: FastifyRequest) => Promise<void> {
  let f = limits.get(app.db);
  if (!f) {
    const checks = app.createRateLimit({ max: TRACK_RATE_LIMIT, timeWindow: '1 minute' });
    f = async (req) => {
      const r = await checks(req);
      if (!r.isAllowed && r.isExceeded) throw new AppError('RATE_LIMITED');
    };
    limits.set(app.db, f);
  }
  return f;
}

export async function registerTrackRoutes(app: FastifyInstance): Promise<void> {
  const db: Db = app.db;
  const secure = (req: FastifyRequest) => (app.config.cookieSecure === 'auto' ? req.protocol === 'https' : app.config.cookieSecure);
  const remember = (req: FastifyRequest, reply: FastifyReply, trackingNo: string, code: string) => {
    reply.setCookie(TRACK_COOKIE, `${trackingNo}.${code}`, {
      path: TRACK_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(req),
      maxAge: TRACK_COOKIE_MINUTES * 60,
    });
  };
  // Everything here is personal to one applicant: never cached, never indexed, no referrer.
  const countCheck = codeCheckLimit(app);

  const privateHeaders = {
    onSend: async (_req: FastifyRequest, reply: FastifyReply) => {
      reply.header('Cache-Control', 'no-store');
      reply.header('Referrer-Policy', 'no-referrer');
      reply.header('X-Robots-Tag', 'noindex, nofollow');
    },
  };

  async function statusPage(req: FastifyRequest, reply: FastifyReply, trackingNo: string, code: string) {
    const ctx = req.pageCtx();
    await countCheck(req);
    const r = await getPublicStatus(db, trackingNo, code);
    if (!r.ok) {
      reply.clearCookie(TRACK_COOKIE, { path: TRACK_COOKIE_PATH });
      return sendPage(reply, <TrackPage ctx={ctx} trackingNo={trackingNo} message={TRACK_NOT_FOUND} />, 404);
    }
    remember(req, reply, r.value.trackingNo, code.trim().toUpperCase());
    return sendPage(reply, <StatusPage ctx={ctx} status={r.value} dueReason={r.value.dueReason} files={await trackFilesProps(app, req, r.value)} />);
  }

  function missing(trackingNo: string, code: string): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!trackingNo) errors.trackingNo = '请填写申请编号';
    if (!code) errors.code = '请填写查询码';
    return errors;
  }

  // The form, or (older links) number and code in the query.
  app.get('/ysqgk/track', privateHeaders, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const ctx = req.pageCtx();
    if (!('trackingNo' in q) && !('code' in q)) return sendPage(reply, <TrackPage ctx={ctx} />);
    const trackingNo = one(q.trackingNo).trim();
    const code = one(q.code).trim();
    const errors = missing(trackingNo, code);
    if (Object.keys(errors).length) return sendPage(reply, <TrackPage ctx={ctx} trackingNo={trackingNo} errors={errors} />, 400);
    return statusPage(req, reply, trackingNo, code);
  });

  // The form posts here: check, remember in the cookie, redirect to the status page.
  app.post('/ysqgk/track', privateHeaders, async (req, reply) => {
    const form = parseForm(TrackFormBody, req.body);
    const trackingNo = (form.trackingNo ?? '').trim().toUpperCase();
    const code = (form.code ?? '').trim().toUpperCase();
    const ctx = req.pageCtx();
    const errors = missing(trackingNo, code);
    if (Object.keys(errors).length) return sendPage(reply, <TrackPage ctx={ctx} trackingNo={trackingNo} errors={errors} />, 400);
    await countCheck(req);
    const r = await getPublicStatus(db, trackingNo, code);
    if (!r.ok) return sendPage(reply, <TrackPage ctx={ctx} trackingNo={trackingNo} message={TRACK_NOT_FOUND} />, 404);
    remember(req, reply, r.value.trackingNo, code);
    return reply.redirect(`/ysqgk/track/${r.value.trackingNo}`, 303);
  });

  // “退出查询”: forget the code on this device.
  app.post('/ysqgk/track/forget', privateHeaders, async (_req, reply) => {
    reply.clearCookie(TRACK_COOKIE, { path: TRACK_COOKIE_PATH });
    return reply.redirect('/ysqgk/track', 303);
  });

  app.get('/ysqgk/track/:trackingNo', privateHeaders, async (req, reply) => {
    const trackingNo = (req.params as { trackingNo: string }).trackingNo.toUpperCase();
    const ctx = req.pageCtx();
    const c = readTrackCookie(req);
    // No remembered code for this number: ask for it (the same page whether the number exists or not).
    if (!TRACKING_NO_RE.test(trackingNo) || !c || c.trackingNo !== trackingNo) return sendPage(reply, <TrackPage ctx={ctx} trackingNo={TRACKING_NO_RE.test(trackingNo) ? trackingNo : ''} />);
    return statusPage(req, reply, trackingNo, c.code);
  });

  // An issued letter: print page (…/letters/12) or Word file (…/letters/12.docx).
  app.get('/ysqgk/track/:trackingNo/letters/:file', privateHeaders, async (req, reply) => {
    const { trackingNo: rawNo, file } = req.params as { trackingNo: string; file: string };
    const trackingNo = rawNo.toUpperCase();
    const m = /^(\d{1,9})(\.docx)?$/.exec(file); // ids fit in 32 bits (PostgreSQL)
    const c = readTrackCookie(req);
    if (m && c && c.trackingNo === trackingNo) await countCheck(req);
    const letter = m && c && c.trackingNo === trackingNo ? await getPublicLetter(db, trackingNo, c.code, Number(m[1])) : undefined;
    if (!letter) return sendPage(reply, <TrackPage ctx={req.pageCtx()} trackingNo={TRACKING_NO_RE.test(trackingNo) ? trackingNo : ''} message={TRACK_NOT_FOUND} />, 404);
    if (m![2]) {
      const bytes = await letterToDocx(letter.letter);
      return reply.header('Content-Type', DOCX).header('Content-Disposition', contentDisposition(docxFilename(letter.letter))).send(bytes);
    }
    return reply.type(HTML).send(
      renderPage(
        <LetterPage
          letter={letter.letter}
          pageTitle={`${letter.kindLabel} ${trackingNo}`}
          notice={letter.current ? null : '此文书已被本机关后来出具的同类文书取代，请以最新的为准。'}
          links={[
            { href: `/ysqgk/track/${trackingNo}/letters/${letter.id}.docx`, label: '下载 Word 文件' },
            { href: `/ysqgk/track/${trackingNo}`, label: '返回办理进度' },
          ]}
        />,
      ),
    );
  });
}
