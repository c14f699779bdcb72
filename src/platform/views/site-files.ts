// Files every site is asked for at its root: /favicon.ico (browsers request it unprompted) and
// /robots.txt (crawlers: the public portal yes; the console, login, API and an applicant's receipt
// and tracking pages no; plus the sitemap's absolute address).
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const FAVICON = fs.readFileSync(new URL('./static/favicon.ico', import.meta.url));
const FAVICON_ETAG = `"${crypto.createHash('sha256').update(FAVICON).digest('base64url').slice(0, 27)}"`;

/** Paths crawlers must not visit (prefix rules). */
const ROBOTS_DISALLOW = ['/admin', '/login', '/logout', '/api/', '/ysqgk/track', '/ysqgk/receipt/'];

function robotsTxt(baseUrl: string): string {
  return [
    '# 门户网站（主动公开、依申请公开指南、检索）欢迎收录；管理后台、登录、接口和申请人的查询页面不收录。',
    'User-agent: *',
    'Allow: /',
    ...ROBOTS_DISALLOW.map((p) => `Disallow: ${p}`),
    '',
    `Sitemap: ${baseUrl}/sitemap.xml`,
    '',
  ].join('\n');
}

function notModified(req: FastifyRequest, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  return typeof inm === 'string' && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export function registerSiteFiles(app: FastifyInstance): void {
  app.get('/favicon.ico', async (req, reply: FastifyReply) => {
    reply.header('Cache-Control', 'public, max-age=2592000').header('ETag', FAVICON_ETAG);
    if (notModified(req, FAVICON_ETAG)) return reply.code(304).send();
    return reply.type('image/x-icon').send(FAVICON);
  });
  const robots = robotsTxt(app.config.baseUrl);
  app.get('/robots.txt', async (_req, reply) => reply.type('text/plain; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(robots));
}
