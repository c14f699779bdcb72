// JSON API v1 routes of 依申请公开, registered inside the API's v1 context (TypeBox validator,
// JSON parser and error handler of features/api/index.ts). Operations and schemas are in
// features/api/openapi.ts (OPERATIONS.submitRequest, getRequest, getRequestLetter, addRequestEvent).
import { auditRead } from '../../platform/audit/index.ts';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { AppError, unwrap } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { OPERATIONS, routeSchema, type Operation } from '../api/openapi.ts';
import { publicCors, requireToken } from '../api/guards.ts';
import { applyRequestEvent, submitRequest } from './requests.commands.ts';
import { TRACKING_NO_RE, getPublicStatus, getStaffView } from './requests.repository.ts';
import { getPublicLetter } from './letters/letters.repository.ts';
import { codeCheckLimit } from './letters/track.routes.tsx';
import './actions.ts'; // defines this feature's actions

/** Public applications per IP per minute. */
export const SUBMIT_RATE_LIMIT = 10;


export async function registerRequestRoutes(api: FastifyInstance, db: Db): Promise<void> {
  const deps = { db };
  // Applicants' routes check a query code: counted with the web pages' checks (TRACK_RATE_LIMIT).
  const countCodeCheck = codeCheckLimit(api);

  const route = (op: Operation, handler: RouteHandlerMethod, config?: Record<string, unknown>) => {
    api.route({
      method: op.method,
      url: op.url,
      schema: routeSchema(op),
      onRequest: op.access === 'staff' ? requireToken : publicCors,
      ...(config ? { config } : {}),
      handler,
    });
  };

  route(
    OPERATIONS.submitRequest,
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const r = unwrap(await submitRequest(deps, req.actor ?? null, req.body));
      return reply.status(201).send(r);
    },
    // The limit protects the public form; staff registering offline requests with a token are exempt.
    { rateLimit: { max: SUBMIT_RATE_LIMIT, timeWindow: '1 minute', allowList: (req: FastifyRequest) => req.actor != null } },
  );

  route(OPERATIONS.getRequest, async (req, reply) => {
    const { id } = req.params as { id: string };
    reply.header('Cache-Control', 'no-store');
    if (TRACKING_NO_RE.test(id)) {
      const { code } = req.query as { code?: string };
      await countCodeCheck(req);
      return unwrap(await getPublicStatus(db, id, code ?? ''));
    }
    if (!req.actor) {
      reply.header('WWW-Authenticate', 'Bearer realm="gongkai"');
      throw new AppError('UNAUTHENTICATED', '查看申请的完整记录需要 API 令牌；申请人请用申请编号和查询码查询。');
    }
    reply.removeHeader('Access-Control-Allow-Origin');
    const view = unwrap(await getStaffView(db, req.actor, Number(id)));
    await auditRead(db, req.actor, { action: 'request.read-personal', entity: 'request', entityId: view.id, unitId: view.unitId, detail: { via: 'api' } });
    return view;
  });

  route(OPERATIONS.getRequestLetter, async (req, reply) => {
    const { id, letterId } = req.params as { id: string; letterId: number };
    const { code } = req.query as { code?: string };
    reply.header('Cache-Control', 'no-store');
    await countCodeCheck(req);
    const l = await getPublicLetter(db, id, code ?? '', letterId);
    if (!l) throw new AppError('NOT_FOUND', '申请编号或查询码不正确。');
    return { id: l.id, kind: l.kind, title: l.title, letterNo: l.letterNo, issuedOn: l.issuedOn, current: l.current, paragraphs: l.letter.paragraphs };
  });

  route(OPERATIONS.addRequestEvent, async (req) => {
    const { id } = req.params as { id: number };
    return unwrap(await applyRequestEvent(deps, req.actor!, id, req.body ?? {}));
  });
}
