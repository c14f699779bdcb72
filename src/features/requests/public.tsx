// Public 依申请公开 pages: the guide, the online application (Art. 29) with its receipt, and the
// status page reached with the tracking number and query code. Validation and storage are
// submitRequest (requests.commands.ts); the status view is getPublicStatus (requests.repository.ts),
// which never carries applicant data. Attachments are not part of this form yet.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { renderPage } from '../../platform/views/render.ts';
import { loadUnitTree, type UnitNode } from '../../platform/access/unit-tree.ts';
import { submitRequest } from './requests.commands.ts';
import { getPublicStatus } from './requests.repository.ts';
import { YsqgkGuidePage } from './views/guide.tsx';
import { APPLY_FIELDS, ApplyPage, ReceiptPage, type ApplyValues, type UnitOption } from './views/apply.tsx';
import { StatusPage, TRACK_NOT_FOUND, TrackPage } from './views/track.tsx';

const HTML = 'text/html; charset=utf-8';
/** Online applications per client address per minute. */
export const APPLY_RATE_LIMIT = 10;

function one(v: unknown): string {
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v : '';
}

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
function readValues(body: unknown): ApplyValues {
  const src = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const v = {} as ApplyValues;
  for (const k of APPLY_FIELDS) v[k] = one(src[k]);
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

const send = (reply: FastifyReply, vnode: VNode, status = 200) => reply.code(status).type(HTML).send(renderPage(vnode));

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
    return send(reply, <YsqgkGuidePage ctx={req.pageCtx()} />);
  });

  app.get('/ysqgk/apply', { onSend: noStore }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const values = readValues({});
    // A unit may be preselected by a link (?unitId=…) from its 公开指南.
    if (/^\d{1,10}$/.test(one(q.unitId))) values.unitId = one(q.unitId);
    return send(reply, <ApplyPage ctx={req.pageCtx()} units={await unitOptions(db)} values={values} />);
  });

  app.post(
    '/ysqgk/apply',
    { config: { rateLimit: { max: APPLY_RATE_LIMIT, timeWindow: '1 minute' } }, onSend: noStore },
    async (req, reply) => {
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      // Honeypot: people never see the field; anything in it is a robot. Nothing is stored.
      if (one(body.website) !== '') throw new AppError('VALIDATION', '提交的内容无法处理，请刷新页面后重新填写。');
      const values = readValues(body);
      const result = await submitRequest(deps, null, toInput(values));
      if (!result.ok) {
        if (result.error.code !== 'VALIDATION' || !result.error.fields) throw result.error;
        return send(reply, <ApplyPage ctx={req.pageCtx()} units={await unitOptions(db)} values={values} errors={inFormOrder(result.error.fields)} />, 400);
      }
      const { trackingNo, queryCode } = result.value;
      const unit = (await loadUnitTree(db)).byId.get(Number(values.unitId));
      return send(reply, <ReceiptPage ctx={req.pageCtx()} trackingNo={trackingNo} queryCode={queryCode} unitName={unit?.name ?? ''} />);
    },
  );

  app.get(
    '/ysqgk/track',
    {
      // The query code travels in the URL: never cached, never sent on as a referrer.
      onSend: async (_req, reply) => {
        reply.header('Cache-Control', 'no-store');
        reply.header('Referrer-Policy', 'no-referrer');
      },
    },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const trackingNo = one(q.trackingNo).trim();
      const code = one(q.code).trim();
      const ctx = req.pageCtx();
      if (!('trackingNo' in q) && !('code' in q)) return send(reply, <TrackPage ctx={ctx} />);
      if (!trackingNo || !code) {
        const errors: Record<string, string> = {};
        if (!trackingNo) errors.trackingNo = '请填写申请编号';
        if (!code) errors.code = '请填写查询码';
        return send(reply, <TrackPage ctx={ctx} trackingNo={trackingNo} errors={errors} />, 400);
      }
      const r = await getPublicStatus(db, trackingNo, code);
      if (!r.ok) return send(reply, <TrackPage ctx={ctx} trackingNo={trackingNo} message={TRACK_NOT_FOUND} />, 404);
      const dueReason = (r.value as { dueReason?: unknown }).dueReason;
      return send(reply, <StatusPage ctx={ctx} status={r.value} dueReason={typeof dueReason === 'string' ? dueReason : null} />);
    },
  );
}
