// Coded error catalogue and the single error handler: JSON for /api routes, an HTML page otherwise.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorSpec {
  status: number;
  message: string;
}

/** Every expected failure has a stable code; messages are what a user reads (zh-CN). */
export const ERRORS = {
  NOT_FOUND: { status: 404, message: '您访问的页面或记录不存在，可能已被删除或地址有误。' },
  VALIDATION: { status: 400, message: '提交的内容有误，请按提示修改后重试。' },
  UNAUTHENTICATED: { status: 401, message: '请先登录。' },
  FORBIDDEN: { status: 403, message: '您没有执行此操作的权限。' },
  CSRF: { status: 403, message: '页面已过期或来源无法验证，请刷新页面后重新提交。' },
  CONFLICT: { status: 409, message: '当前状态下不能执行此操作。' },
  INVALID_TRANSITION: { status: 409, message: '当前状态下不能执行此操作。' },
  SELF_REVIEW: { status: 403, message: '不能审核自己提交的文件。' },
  PII_FOUND: { status: 409, message: '文件含有未处理的个人信息，不能提交审核或发布。' },
  WITHDRAWN: { status: 410, message: '该文件已撤稿，不再公开。' },
  LOCKED: { status: 423, message: '登录失败次数过多，账号已临时锁定，请稍后再试。' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试。' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传的文件过大。' },
  UNSUPPORTED_MEDIA: { status: 415, message: '不支持的提交格式。' },
  INTERNAL: { status: 500, message: '系统暂时无法处理您的请求，请稍后再试。' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldErrors {
  [field: string]: string;
}

/** Extra machine-readable members of an error body, e.g. `earliestOn` when a step only came too early. */
export interface ErrorDetails {
  earliestOn?: string;
  /** PII_FOUND: each unresolved finding (type, field, location, start, end, masked). */
  findings?: unknown[];
}

/** An expected failure, thrown from routes or returned from commands. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: FieldErrors;
  readonly details?: ErrorDetails;
  /** Names of `fields` as the person filling in a page knows them (a form field's label), for the HTML error page. */
  labels?: Record<string, string>;
  constructor(code: ErrorCode, message?: string, fields?: FieldErrors, details?: ErrorDetails) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = fields;
    if (details) this.details = details;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message?: string, fields?: FieldErrors, details?: ErrorDetails): Result<never> => ({
  ok: false,
  error: new AppError(code, message, fields, details),
});

/**
 * Runs a command body that refuses by throwing an AppError (a missing record, a wrong state): the refusal
 * comes back as a failed Result, anything else is thrown on.
 */
export async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e };
    throw e;
  }
}

/** Unwraps a command result or throws its error for the route's error handler. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

/** Maps Fastify's own errors (validation, body limits, content type) onto our codes. */
export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    const fields: FieldErrors = {};
    for (const v of fe.validation) {
      const name = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || String((v.params as any)?.missingProperty ?? '');
      fields[name || 'body'] = translateAjv(v);
    }
    return new AppError('VALIDATION', undefined, fields);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('VALIDATION', '请求内容不是有效的 JSON。');
  }
  if (fe.statusCode === 429) return new AppError('RATE_LIMITED');
  if (fe.statusCode === 404) return new AppError('NOT_FOUND');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new AppError('VALIDATION', '请求有误：' + fe.message);
  return new AppError('INTERNAL');
}

function translateAjv(v: any): string {
  switch (v.keyword) {
    case 'required':
      return '此项为必填项';
    case 'maxLength':
      return `不能超过 ${v.params.limit} 个字符`;
    case 'minLength':
      return v.params.limit <= 1 ? '此项不能为空' : `至少需要 ${v.params.limit} 个字符`;
    case 'pattern':
    case 'format':
      return '格式不正确';
    case 'type':
      return '类型不正确';
    case 'enum':
    case 'anyOf':
    case 'const':
      return '取值不在允许范围内';
    case 'minimum':
    case 'maximum':
      return '数值超出允许范围';
    case 'additionalProperties':
      return `不认识的字段：${v.params.additionalProperty}`;
    default:
      return '格式不正确';
  }
}

export type HtmlErrorRenderer = (req: FastifyRequest, err: AppError) => string;

export function installErrorHandler(app: FastifyInstance, renderHtml: HtmlErrorRenderer): void {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(error);
    if (appErr.status >= 500) req.log.error({ err: error }, 'unhandled error');
    sendError(req, reply, appErr);
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('NOT_FOUND')));

  function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError) {
    if (err.code === 'UNAUTHENTICATED' && !isApiRequest(req) && req.method === 'GET') {
      return reply.redirect(`/login?back=${encodeURIComponent(req.url)}`, 303);
    }
    reply.status(err.status);
    if (isApiRequest(req)) {
      return reply.type('application/json; charset=utf-8').send({ error: { code: err.code, message: err.message, fields: err.fields, ...err.details } });
    }
    return reply.type('text/html; charset=utf-8').send(renderHtml(req, err));
  }
}
