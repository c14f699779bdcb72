// JSON API v1 routes of 依申请公开, registered inside the API's v1 context (TypeBox validator,
// JSON parser and error handler of features/api/index.ts). Operations and schemas are in
// features/api/openapi.ts (OPERATIONS.submitRequest, getRequest, addRequestEvent).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { AppError, type Result } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { OPERATIONS, routeSchema, type Operation } from '../api/openapi.ts';
import { applyRequestEvent, submitRequest } from './requests.commands.ts';
import { TRACKING_NO_RE, getPublicStatus, getStaffView } from './requests.repository.ts';

/** Public applications per IP per minute. */
export const SUBMIT_RATE_LIMIT = 10;

function unwrapApi<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

export async function registerRequestRoutes(api: FastifyInstance, db: Db): Promise<void> {
  const deps = { db };

  const publicCors = async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('Access-Control-Allow-Origin', '*');
  };
  const requireToken = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'no-store');
    if (!req.actor) {
      reply.header('WWW-Authenticate', 'Bearer realm="gongkai"');
      throw new AppError('UNAUTHENTICATED', '需要 API 令牌：请在请求头中提供 Authorization: Bearer <令牌>。');
    }
  };
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
      const r = unwrapApi(await submitRequest(deps, req.actor ?? null, req.body));
      return reply.status(201).send(r);
    },
    { rateLimit: { max: SUBMIT_RATE_LIMIT, timeWindow: '1 minute' } },
  );

  route(OPERATIONS.getRequest, async (req, reply) => {
    const { id } = req.params as { id: string };
    reply.header('Cache-Control', 'no-store');
    if (TRACKING_NO_RE.test(id)) {
      const { code } = req.query as { code?: string };
      return unwrapApi(await getPublicStatus(db, id, code ?? ''));
    }
    if (!req.actor) {
      reply.header('WWW-Authenticate', 'Bearer realm="gongkai"');
      throw new AppError('UNAUTHENTICATED', '查看申请的完整记录需要 API 令牌；申请人请用申请编号和查询码查询。');
    }
    reply.removeHeader('Access-Control-Allow-Origin');
    return unwrapApi(await getStaffView(db, req.actor, Number(id)));
  });

  route(OPERATIONS.addRequestEvent, async (req) => {
    const { id } = req.params as { id: number };
    return unwrapApi(await applyRequestEvent(deps, req.actor!, id, req.body ?? {}));
  });
}
