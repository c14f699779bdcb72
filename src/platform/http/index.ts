// The JSON API v1 as platform plumbing: the /api/v1 scope (strict TypeBox validation, JSON bodies), the
// guards, and the OpenAPI document of every operation registered in it. Features define their operations
// (defineOperations, openapi.ts) and register them from their manifest's `api(scope)` with apiRoute; every
// failure is a coded AppError rendered as JSON by the platform error handler (platform/errors.ts).
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { FeatureModule } from '../modules.ts';
import { buildOpenApi, defineOperations, PUBLIC_TAG, routeSchema, type DefinedOperation, type RegisteredOperation } from './openapi.ts';
import { typeboxValidatorCompiler } from './validator.ts';
import { publicCors, requireToken } from './guards.ts';
import { Type } from '@sinclair/typebox';

export { defineOperations, component, openApiPath, PUBLIC_TAG, type ApiTag, type Operation, type DefinedOperation } from './openapi.ts';
export * from './schemas.ts';
export * from './paging.ts';

/** Where the API lives: every operation's url is relative to it. */
export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** The operations registered in the API scope, in order (only inside that scope). */
    apiOperations: RegisteredOperation[];
  }
}

/**
 * Registers one operation in the API scope: its schemas (validated, and the success response serialised
 * when the operation says so), its access guard (staff: a bearer token; otherwise open to any origin), and
 * its place in the OpenAPI document. `config` is the route's Fastify config (e.g. a rate limit).
 */
export function apiRoute(api: FastifyInstance, op: DefinedOperation, handler: RouteHandlerMethod, config?: Record<string, unknown>): void {
  if (!api.hasDecorator('apiOperations')) throw new Error(`apiRoute(${op.operationId})：只能在接口范围（manifest 的 api）内注册`);
  api.route({
    method: op.method,
    url: op.url,
    schema: routeSchema(op),
    onRequest: op.access === 'staff' ? requireToken : publicCors,
    ...(config ? { config } : {}),
    handler,
  });
  api.apiOperations.push({ op, path: api.prefix + op.url });
}

const OPERATIONS = defineOperations({
  openapi: {
    method: 'GET',
    url: '/openapi.json',
    summary: '本接口的 OpenAPI 3.1 文档',
    tag: PUBLIC_TAG,
    access: 'public',
    success: { status: 200, description: 'OpenAPI 文档', schema: Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1 文档' }) },
    errors: [],
  },
});

/**
 * The API scope (register with `{ prefix: API_PREFIX, modules }`): the validator and JSON parser, every
 * module's operations (its manifest's `api`), then GET /openapi.json describing them.
 */
export async function apiScope(api: FastifyInstance, opts: { modules: readonly FeatureModule[] }): Promise<void> {
  api.decorate('apiOperations', [] as RegisteredOperation[]);
  api.setValidatorCompiler(typeboxValidatorCompiler);

  // A POST without a body but with `Content-Type: application/json` (what most clients send for
  // /submit) is an empty body, not a JSON error. Everything else goes to Fastify's own safe parser.
  const defaultJson = api.getDefaultJsonParser('error', 'error');
  api.removeContentTypeParser('application/json');
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return defaultJson(req, body as string, done);
  });

  for (const m of opts.modules) if (m.api) await m.api(api);

  const operations = api.apiOperations;
  apiRoute(api, OPERATIONS.openapi, async () => buildOpenApi(operations, { baseUrl: api.config.baseUrl, siteName: api.config.siteName }));
}
