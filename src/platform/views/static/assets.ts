// Scripts and vendored browser libraries, served from the project's own origin (never a CDN), under
// addresses that change with their content so they can be cached for a year:
//   /static/js/<name>?v=<hash>                 our progressive-enhancement scripts (this folder)
//   /static/vendor/jodit-<version>/<file>      the Jodit editor (node_modules/jodit/es2021)
// Public pages work without JavaScript; only the document page loads doc-tools.js, as an enhancement. Gzip is used when the browser accepts it.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';

const require = createRequire(import.meta.url);
const YEAR = 'public, max-age=31536000, immutable';

interface Asset {
  type: string;
  file: string;
  body?: Buffer;
  gzip?: Buffer;
}

/** Our own scripts, by name. */
const OWN: Record<string, Asset> = {
  'body-editor.js': { type: 'text/javascript; charset=utf-8', file: fileURL('body-editor.js') },
  'upload-progress.js': { type: 'text/javascript; charset=utf-8', file: fileURL('upload-progress.js') },
  'doc-tools.js': { type: 'text/javascript; charset=utf-8', file: fileURL('doc-tools.js') },
};

function fileURL(name: string): string {
  return new URL(`./${name}`, import.meta.url).pathname;
}

const joditRoot = path.dirname(require.resolve('jodit/package.json'));
const JODIT_VERSION = (JSON.parse(fs.readFileSync(path.join(joditRoot, 'package.json'), 'utf8')) as { version: string }).version;
/** The Jodit files a page may load (an allow-list: nothing else under node_modules is reachable). */
const JODIT: Record<string, Asset> = {
  'jodit.min.js': { type: 'text/javascript; charset=utf-8', file: path.join(joditRoot, 'es2021', 'jodit.min.js') },
  'jodit.min.css': { type: 'text/css; charset=utf-8', file: path.join(joditRoot, 'es2021', 'jodit.min.css') },
};

const hashes = new Map<string, string>();
function hashOf(a: Asset): string {
  let h = hashes.get(a.file);
  if (!h) {
    h = crypto.createHash('sha256').update(fs.readFileSync(a.file)).digest('hex').slice(0, 12);
    hashes.set(a.file, h);
  }
  return h;
}

/** The address of one of our scripts, with its content hash. */
export function scriptUrl(name: keyof typeof OWN & string): string {
  return `/static/js/${name}?v=${hashOf(OWN[name])}`;
}

/** The addresses of the Jodit editor's script and stylesheet. */
export const joditUrls = { js: `/static/vendor/jodit-${JODIT_VERSION}/jodit.min.js`, css: `/static/vendor/jodit-${JODIT_VERSION}/jodit.min.css` };

function send(req: FastifyRequest, reply: FastifyReply, a: Asset | undefined) {
  if (!a) throw new AppError('NOT_FOUND', '文件不存在。');
  a.body ??= fs.readFileSync(a.file);
  reply.type(a.type).header('Cache-Control', YEAR).header('Vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    a.gzip ??= zlib.gzipSync(a.body, { level: 9 });
    return reply.header('Content-Encoding', 'gzip').send(a.gzip);
  }
  return reply.send(a.body);
}

export function registerAssets(app: FastifyInstance) {
  app.get('/static/js/:name', async (req, reply) => send(req, reply, Object.hasOwn(OWN, (req.params as { name: string }).name) ? OWN[(req.params as { name: string }).name] : undefined));
  app.get(`/static/vendor/jodit-${JODIT_VERSION}/:name`, async (req, reply) => {
    const name = (req.params as { name: string }).name;
    return send(req, reply, Object.hasOwn(JODIT, name) ? JODIT[name] : undefined);
  });
}
