// Request helpers for every feature's pages (public and console): a rendered page sent as HTML, single values
// of a query string or form body, a route id, a page number.
import type { VNode } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isStoredId } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { renderPage } from '../views/render.ts';

export const HTML = 'text/html; charset=utf-8';

/** Sends a rendered page. */
export function sendPage(reply: FastifyReply, vnode: VNode, status = 200) {
  return reply.status(status).type(HTML).send(renderPage(vnode));
}

/** One query or form value as a string: the first when repeated, '' when absent or not text. */
export function one(v: unknown): string {
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v : '';
}

/** A form or query value as a string ('' when absent; first value when repeated; numbers as text). */
export function val(src: unknown, key: string): string {
  if (!src || typeof src !== 'object') return '';
  let v = (src as Record<string, unknown>)[key];
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return '';
}

/** A positive integer route id, or a 404. */
export function idParam(req: FastifyRequest, name = 'id'): number {
  const raw = (req.params as Record<string, string>)[name];
  const n = /^\d{1,12}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!isStoredId(n)) throw new AppError('NOT_FOUND');
  return n;
}

/** The `page` of a query: a positive integer up to 100,000, else 1 (lists never fail on a bad page number). */
export function pageParam(q: unknown): number {
  const n = Number(val(q, 'page'));
  return Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
}

/** onSend hook of a page that must never be stored anywhere (staff pages with personal data, exports). */
export async function noStore(_req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('Cache-Control', 'private, no-store');
}

/**
 * onSend hook of a public page rendered on every request: an anonymous visitor's copy is revalidated each time
 * (no-cache, Vary: Cookie); a signed-in staff member's copy is never stored.
 */
export async function revalidatePublic(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.actor) reply.header('Cache-Control', 'private, no-store');
  else reply.header('Cache-Control', 'no-cache').header('Vary', 'Cookie');
}
