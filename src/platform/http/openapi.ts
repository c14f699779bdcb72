// The JSON API's operations and the OpenAPI 3.1 document assembled from them. A feature defines its
// operations (method, path, TypeBox schemas, documentation) with defineOperations beside its handlers and
// registers each with apiRoute (index.ts) from the same definition, so the validated schemas and the
// published document cannot drift apart. The document lists exactly the operations registered in the API
// scope; schemas named with component() become shared components referenced by $ref.
import type { TSchema } from '@sinclair/typebox';
import { EmptyBody, ErrorBody } from './schemas.ts';

type Access = 'public' | 'optional' | 'staff';

export interface ApiTag {
  name: string;
  description: string;
}

/** The platform's own tag: open data, no token needed. */
export const PUBLIC_TAG: ApiTag = { name: '公开', description: '公开数据，无需令牌' };

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH';
  /** Fastify route path relative to the API base (`/documents/:id`); the OpenAPI path is `/api/v1/documents/{id}`. */
  url: string;
  summary: string;
  description?: string;
  /** A tag listed in the document (with its description), or just a tag name. */
  tag: ApiTag | string;
  access: Access;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /**
   * Success response; also the runtime response schema when `serialize` is set. `oneOf`: the response is
   * one of these named schemas (documented as such; `schema` is still what a client can rely on).
   */
  success: { status: 200 | 201; description: string; schema: TSchema; serialize?: boolean; oneOf?: TSchema[] };
  /** Error statuses this operation can answer with, besides those every staff operation has. */
  errors: number[];
  /** Error responses of this operation's own (another description and body than the shared ones). */
  errorResponses?: Record<number, { description: string; schema: TSchema }>;
}

export type DefinedOperation<Id extends string = string> = Operation & { readonly operationId: Id };

/** A feature's operations, keyed by operationId (the key is stamped on each as `operationId`). */
export function defineOperations<T extends Record<string, Operation>>(ops: T): { [K in keyof T & string]: T[K] & { readonly operationId: K } } {
  return Object.fromEntries(Object.entries(ops).map(([operationId, op]) => [operationId, { ...op, operationId }])) as never;
}

const componentNames = new WeakMap<object, string>();

/** Names a schema as an OpenAPI component: wherever it is used, the document refers to it by $ref. */
export function component<T extends TSchema>(name: string, schema: T): T {
  const had = componentNames.get(schema);
  if (had && had !== name) throw new Error(`同一个模式有两个名称：${had}、${name}`);
  componentNames.set(schema, name);
  return schema;
}

component('Empty', EmptyBody);
component('Error', ErrorBody);

/** Fastify `schema` option of an operation: request parts, and the success response when it is serialised by schema. */
export function routeSchema(op: Operation): Record<string, unknown> {
  const schema: Record<string, unknown> = {};
  if (op.params) schema.params = op.params;
  if (op.querystring) schema.querystring = op.querystring;
  if (op.body) schema.body = op.body;
  if (op.success.serialize) schema.response = { [op.success.status]: op.success.schema };
  return schema;
}

const ERROR_TEXT: Record<number, string> = {
  400: '请求有误（VALIDATION）：fields 逐项说明，例如 {"title":"此项为必填项"}；JSON 无法解析时同样返回 400',
  401: '缺少令牌或令牌无效（UNAUTHENTICATED）',
  403: '角色或单位范围不允许（FORBIDDEN），或审核自己的文件（SELF_REVIEW）',
  404: '文件不存在，或不在令牌用户的单位范围内（NOT_FOUND）',
  409: '文件当前状态不能执行此操作（INVALID_TRANSITION）',
  429: '提交过于频繁（RATE_LIMITED），请稍后再试',
};

/** Keys of our own that are not JSON Schema (read by the validator compiler only). */
const PRIVATE_KEYS = new Set(['errorMessage', 'fieldHints']);

/** TypeBox schema → plain JSON Schema 2020-12 (as OpenAPI 3.1 uses): symbols dropped, enums collapsed, components referenced. */
function toJsonSchema(schema: unknown, refs: Map<unknown, string>, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, refs, false));
  if (!schema || typeof schema !== 'object') return schema;
  if (!root && refs.has(schema)) return { $ref: `#/components/schemas/${refs.get(schema)}` };
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const anyOf = s.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length && anyOf.every((o) => o && typeof o === 'object' && 'const' in o)) {
    // Union of literals → enum, which every OpenAPI tool shows as a pick list.
    for (const [k, v] of Object.entries(s)) if (k !== 'anyOf' && !PRIVATE_KEYS.has(k)) out[k] = v;
    out.type = 'string';
    out.enum = anyOf.map((o) => o.const);
    return out;
  }
  for (const [k, v] of Object.entries(s)) {
    if (PRIVATE_KEYS.has(k)) continue;
    // `properties` is a map of names, not a schema: convert each value, never refer to the map itself.
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, p]) => [name, toJsonSchema(p, refs, false)]));
    } else out[k] = toJsonSchema(v, refs, false);
  }
  return out;
}

/** The named components reachable from `roots`, in the order first met (each with its name). */
function componentsOf(roots: unknown[]): Map<unknown, string> {
  const found = new Map<unknown, string>();
  const seen = new Set<unknown>();
  const names = new Map<string, unknown>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const name = componentNames.get(v);
    if (name !== undefined) {
      if (names.has(name) && names.get(name) !== v) throw new Error(`两个不同的模式都命名为 ${name}`);
      names.set(name, v);
      found.set(v, name);
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child);
  };
  roots.forEach(visit);
  return found;
}

function parameters(where: 'path' | 'query', schema: TSchema | undefined, refs: Map<unknown, string>) {
  if (!schema) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, TSchema>).map(([name, p]) => {
    const { description, ...rest } = toJsonSchema(p, refs) as Record<string, unknown>;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

export interface OpenApiOptions {
  baseUrl: string;
  siteName?: string;
}

/** An operation as registered in the API scope: its full Fastify path (the scope's prefix + its url). */
export interface RegisteredOperation {
  op: DefinedOperation;
  path: string;
}

/** The OpenAPI 3.1 document of the JSON API v1: every registered operation. */
export function buildOpenApi(registered: readonly RegisteredOperation[], opts: OpenApiOptions): Record<string, unknown> {
  const ops = registered.map((r) => r.op);
  const refs = componentsOf([ErrorBody, ...ops.flatMap((op) => [op.params, op.querystring, op.body, op.success.schema, ...(op.success.oneOf ?? []), ...Object.values(op.errorResponses ?? {}).map((e) => e.schema)])]);
  const json = (s: TSchema) => ({ 'application/json': { schema: toJsonSchema(s, refs, false) } });
  const tags = new Map<string, ApiTag>([[PUBLIC_TAG.name, PUBLIC_TAG]]);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { op, path } of registered) {
    const tag = typeof op.tag === 'string' ? op.tag : op.tag.name;
    if (typeof op.tag !== 'string') {
      const had = tags.get(tag);
      if (had && had.description !== op.tag.description) throw new Error(`接口标签 ${tag} 有两种说明`);
      tags.set(tag, op.tag);
    }
    const success = op.success.oneOf
      ? { 'application/json': { schema: { oneOf: op.success.oneOf.map((s) => toJsonSchema(s, refs, false)) } } }
      : json(op.success.schema);
    const responses: Record<string, unknown> = { [op.success.status]: { description: op.success.description, content: success } };
    const statuses = new Set(op.errors);
    if (op.access === 'staff') [400, 401, 403].forEach((s) => statuses.add(s));
    if (op.access === 'optional') statuses.add(401);
    for (const status of [...statuses].sort()) {
      const own = op.errorResponses?.[status];
      if (!own && !ERROR_TEXT[status]) throw new Error(`${op.operationId}：状态 ${status} 没有说明（请在 errorResponses 中给出）`);
      responses[status] = { description: own?.description ?? ERROR_TEXT[status], content: json(own?.schema ?? ErrorBody) };
    }
    const operation: Record<string, unknown> = {
      operationId: op.operationId,
      tags: [tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      parameters: [...parameters('path', op.params, refs), ...parameters('query', op.querystring, refs)],
      ...(op.body ? { requestBody: { required: op.body !== EmptyBody, content: json(op.body) } } : {}),
      responses,
      security: op.access === 'staff' ? [{ bearerAuth: [] }] : op.access === 'optional' ? [{}, { bearerAuth: [] }] : [],
    };
    const p = openApiPath(path);
    if ((paths[p] ??= {})[op.method.toLowerCase()]) throw new Error(`接口重复：${op.method} ${p}`);
    paths[p][op.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${opts.siteName ?? 'gongkai 政府信息公开'} JSON API`,
      version: '1.0.0',
      description:
        '公开接口（无需令牌，支持跨域）提供主动公开文件的列表和详情；工作人员接口用 API 令牌（Authorization: Bearer <令牌>，由管理员用 `npx gongkai token create <用户名>` 生成）' +
        '新建、修改、提交、审核、发布、撤稿文件和变更有效性，令牌用户的角色和单位范围决定允许的操作。' +
        '字段名在请求、响应和导入文件中一致（camelCase）。错误一律为 {"error":{"code","message","fields"}}，code 为稳定的错误代码，message 与 fields 为中文说明。',
    },
    servers: [{ url: opts.baseUrl, description: '本站' }],
    tags: [...tags.values()],
    paths,
    components: {
      schemas: Object.fromEntries([...refs].map(([s, name]) => [name, toJsonSchema(s, refs, true)])),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'API 令牌：npx gongkai token create <用户名>' },
      },
    },
  };
}
