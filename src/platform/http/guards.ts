// onRequest hooks shared by every /api/v1 route: public reads are open to any origin;
// staff operations need a bearer token and are never cached.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export async function publicCors(_req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('Access-Control-Allow-Origin', '*');
}

export async function requireToken(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('Cache-Control', 'no-store');
  if (!req.actor) {
    reply.header('WWW-Authenticate', 'Bearer realm="gongkai"');
    throw new AppError('UNAUTHENTICATED', '需要 API 令牌：请在请求头中提供 Authorization: Bearer <令牌>。');
  }
}
