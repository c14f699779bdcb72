// Test helpers: a migrated database per test file (SQLite temp file, or a fresh PostgreSQL
// database when GONGKAI_TEST_DB=postgres), an app built on it, staff users and login helpers.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import crypto from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/index.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { buildApp } from '../src/app.tsx';
import { createUser } from '../src/features/users/users.commands.ts';
import { actorForUser } from '../src/platform/auth/sessions.ts';
import { systemActor, type Actor, type Role } from '../src/platform/access/roles.ts';
import { issueToken } from '../src/features/users/users.commands.ts';
import type { Clock } from '../src/platform/clock.ts';

export const DIALECT = process.env.GONGKAI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const SHARED = new URL('../../shared/', import.meta.url);
export const sharedPath = (p: string) => new URL(p, SHARED).pathname;
export const hasShared = (p: string) => fs.existsSync(sharedPath(p));

export interface TestDb extends DatabaseHandle {
  cleanup(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDb> {
  const name = `gk_t_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  if (DIALECT === 'postgres') {
    const admin = process.env.TEST_PG_URL;
    if (!admin) throw new Error('GONGKAI_TEST_DB=postgres needs TEST_PG_URL (an admin connection URL)');
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const h = openDatabase(url.toString());
    return {
      ...h,
      async cleanup() {
        await h.close();
        const c2 = new pg.Client({ connectionString: admin });
        await c2.connect();
        await c2.query(`drop database if exists ${name} with (force)`);
        await c2.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-'));
  const h = openDatabase(`sqlite:${path.join(dir, 'test.db')}`);
  return {
    ...h,
    async cleanup() {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  handle: TestDb;
  db: TestDb['db'];
  config: Config;
  close(): Promise<void>;
}

/** A migrated database with taxonomies and units (demo documents only when asked), and an app on it. */
export async function buildTestApp(opts: { demo?: boolean; loginRateLimit?: number; clock?: Clock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const handle = await createTestDatabase();
  await prepareDatabase(handle, { demo: opts.demo ?? false });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-files-'));
  const config = { ...loadConfig({ MAX_UPLOAD_MB: '2', ...opts.env, DATABASE_URL: handle.url, DATA_DIR: dataDir } as any), databaseUrl: handle.url };
  const app = await buildApp(config, handle, { loginRateLimit: opts.loginRateLimit ?? 1000, clock: opts.clock });
  await app.ready();
  return {
    app,
    handle,
    db: handle.db,
    config,
    async close() {
      await app.close();
      await handle.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function unitId(t: TestApp | TestDb, code: string): Promise<number> {
  const db = 'db' in t ? t.db : (t as TestDb).db;
  const row = await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export const PASSWORD = 'test-Passw0rd-123';

/** Creates a staff user and returns its Actor (for calling commands directly). */
export async function makeUser(t: TestApp, username: string, role: Role, unitCode: string): Promise<Actor> {
  const r = await createUser(t.db, systemActor(), { username, role, unit: unitCode, password: PASSWORD, displayName: username });
  if (!r.ok) throw r.error;
  const row = await t.db.selectFrom('users').selectAll().where('id', '=', r.value.id).executeTakeFirstOrThrow();
  return (await actorForUser(t.db, row, 'session'))!;
}

export async function makeToken(t: TestApp, username: string): Promise<string> {
  const r = await issueToken(t.db, systemActor(), username);
  if (!r.ok) throw r.error;
  return r.value;
}

/** Cookie jar for app.inject: logs in through the real form and keeps cookies. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance) {}

  private absorb(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.absorb(res);
    return res;
  }

  /** The CSRF token the server put in the last page's forms. */
  async csrf(url = '/login'): Promise<string> {
    const res = await this.get(url);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1];
  }

  /**
   * Posts a form: an object, or name/value pairs sent exactly as given (repeated names, stray fields). The CSRF token
   * is the form's own `_csrf` if it has one, else read from the page `csrfFrom` (default /login).
   */
  async post(url: string, form: Record<string, string> | [string, string][], csrfFrom?: string) {
    const pairs = Array.isArray(form) ? form : Object.entries(form);
    const own = pairs.find(([k]) => k === '_csrf');
    const token = own ? own[1] : await this.csrf(csrfFrom ?? '/login');
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([...pairs.filter(([k]) => k !== '_csrf'), ['_csrf', token]]).toString(),
    });
    this.absorb(res);
    return res;
  }

  async login(username: string, password = PASSWORD) {
    return this.post('/login', { username, password });
  }
}

/** Logged-in staff browsers by username, created on first use; `post` adds that session's CSRF token. */
export function staffSessions(app: () => FastifyInstance) {
  const sessions = new Map<string, { b: Browser; csrf: string }>();
  async function as(name: string) {
    if (!sessions.has(name)) {
      const b = new Browser(app());
      const res = await b.login(name);
      if (res.statusCode !== 303) throw new Error(`login ${name}: ${res.statusCode}`);
      sessions.set(name, { b, csrf: await b.csrf('/admin') });
    }
    return sessions.get(name)!;
  }
  async function post(name: string, url: string, form: Record<string, string>) {
    const { b, csrf } = await as(name);
    return b.post(url, { ...form, _csrf: csrf });
  }
  /** A form posted as the given name/value pairs, in order (repeated names, stray fields), with the session's CSRF token. */
  async function postPairs(name: string, url: string, pairs: [string, string][]) {
    const { b, csrf } = await as(name);
    return b.post(url, [...pairs, ['_csrf', csrf]]);
  }
  return { as, post, postPairs };
}

export interface MultipartPart {
  name: string;
  value?: string;
  filename?: string;
  content?: Buffer;
}

/** A multipart/form-data body of the parts in order, as a browser sends it; a part with a filename is a file of `fileType`. */
export function multipart(parts: MultipartPart[], fileType = 'application/octet-stream') {
  const boundary = `----gk${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n`;
    const type = p.filename !== undefined ? `Content-Type: ${fileType}\r\n` : '';
    chunks.push(Buffer.from(`--${boundary}\r\n${disp}${type}\r\n`, 'utf8'), p.content ?? Buffer.from(p.value ?? '', 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
