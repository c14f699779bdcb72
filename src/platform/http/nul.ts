// NUL characters in any submitted text are removed, the same way on both databases (PostgreSQL refuses them in
// text with an error; SQLite would store them): query strings, form and JSON bodies, before validation.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Removes U+0000 from every string in a parsed query or body, in place (arrays and nested objects too). */
export function stripNul(value: Record<string, unknown> | unknown[], depth = 0): void {
  if (depth > 20) return;
  const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
  for (const k of keys as Iterable<string | number>) {
    const v = (value as Record<string | number, unknown>)[k];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) (value as Record<string | number, unknown>)[k] = v.replaceAll('\u0000', '');
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) stripNul(v as Record<string, unknown>, depth + 1);
  }
}

/**
 * preValidation hook of the app: the request's query and body without NUL characters. (Written with `done`
 * rather than async: no promise per request.)
 */
export function stripNulHook(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (req.query && typeof req.query === 'object') stripNul(req.query as Record<string, unknown>);
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) stripNul(req.body as Record<string, unknown>);
  done();
}
