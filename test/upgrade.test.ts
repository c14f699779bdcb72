// Existing databases keep working: a database created by main before the feature modules (commit 302db4a,
// demo data, all migrations of that time) is upgraded by today's code — on SQLite and PostgreSQL, whichever
// the suite runs on. The fixtures are dumps of such databases (sqlite3 .dump / pg_dump --inserts), made with
// `git worktree add /tmp/old 302db4a` and the demo seed; see test/fixtures/upgrade/README.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { createTestDatabase, DIALECT, type TestDb } from './helpers.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/index.ts';
import { prepareDatabase } from '../src/features/seed.ts';
import { allMigrations } from '../src/platform/db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.tsx';

const FIXTURE = new URL(DIALECT === 'sqlite' ? './fixtures/upgrade/sqlite-302db4a.db.gz' : './fixtures/upgrade/postgres-302db4a.sql.gz', import.meta.url);

/** An empty database of the suite's dialect with the old main's dump loaded into it. */
async function oldMainDatabase(): Promise<{ handle: DatabaseHandle; cleanup(): Promise<void> }> {
  const bytes = zlib.gunzipSync(fs.readFileSync(FIXTURE));
  const empty: TestDb = await createTestDatabase();
  if (DIALECT === 'sqlite') {
    // The database file itself (a .dump cannot be replayed: it writes sqlite_schema for the FTS5 table,
    // which better-sqlite3's defensive mode refuses).
    const file = empty.url.slice('sqlite:'.length);
    await empty.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    fs.writeFileSync(file, bytes);
    const handle = openDatabase(empty.url);
    return { handle, cleanup: async () => (await handle.close(), fs.rmSync(path.dirname(file), { recursive: true, force: true })) };
  }
  const client = new pg.Client({ connectionString: empty.url });
  await client.connect();
  await client.query(bytes.toString('utf8')); // sets search_path to '' for this connection only
  await client.end();
  return { handle: empty, cleanup: () => empty.cleanup() };
}

describe(`upgrading a database made by main at 302db4a (${DIALECT})`, () => {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let counts: { documents: number; published: number; requests: number; events: number; ledger: number };

  before(async () => {
    ({ handle, cleanup } = await oldMainDatabase());
    const n = async (q: any) => Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    counts = {
      documents: await n(handle.db.selectFrom('documents')),
      published: await n(handle.db.selectFrom('documents').where('status', '=', 'published')),
      requests: await n(handle.db.selectFrom('requests')),
      events: await n(handle.db.selectFrom('request_events')),
      ledger: await n(handle.db.selectFrom('publication_ledger')),
    };
    assert.ok(counts.published > 10 && counts.requests > 10, 'the fixture holds the demo data');
  });
  after(async () => cleanup?.());

  it('runs every migration not yet applied, keeps the ones applied, and loses no row', async () => {
    const applied = new Set<string>((await (handle.db as any).selectFrom('kysely_migration').select('name').execute()).map((r: { name: string }) => r.name));
    assert.equal(applied.size, 22);
    const { fresh } = await prepareDatabase(handle, { demo: true });
    assert.equal(fresh, false, 'an existing database is not seeded again');
    const now: string[] = (await (handle.db as any).selectFrom('kysely_migration').select('name').execute()).map((r: { name: string }) => r.name).sort();
    assert.deepEqual(now, Object.keys(await allMigrations()).sort(), 'every migration of the platform and the features is recorded once');
    for (const name of applied) assert.ok(now.includes(name), `${name} still known`);
    const count = async (t: 'documents' | 'requests' | 'request_events' | 'publication_ledger') =>
      Number((await handle.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(await count('documents'), counts.documents);
    assert.equal(await count('requests'), counts.requests);
    assert.equal(await count('request_events'), counts.events);
    assert.equal(await count('publication_ledger'), counts.ledger);
    // Running it again changes nothing.
    await prepareDatabase(handle, { demo: true });
    assert.equal((await (handle.db as any).selectFrom('kysely_migration').select('name').execute()).length, now.length);
  });

  it('serves the old records: a document page, search, the request tracking lookup, the API', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-upgrade-'));
    const config = { ...loadConfig({ DATABASE_URL: handle.url, DATA_DIR: dataDir } as any), databaseUrl: handle.url };
    const app = await buildApp(config, handle as any);
    try {
      await app.ready();
      const doc = await handle.db.selectFrom('documents').select(['id', 'title']).where('title', '=', '宿城区2020年政务公开工作要点').executeTakeFirstOrThrow();
      const page = await app.inject(`/xxgk/documents/${doc.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /宿城区2020年政务公开工作要点/);
      const search = await app.inject(`/api/v1/search?q=${encodeURIComponent('政务公开工作要点')}`);
      assert.equal(search.statusCode, 200);
      assert.ok(search.json().items.some((h: { id: number }) => h.id === doc.id), 'the old document is found by search');
      const api = await app.inject(`/api/v1/documents/${doc.id}`);
      assert.equal(api.statusCode, 200);
      assert.equal(api.json().title, doc.title);
      // The tracking page of an old request: a wrong query code is refused plainly (the code is stored hashed).
      const req = await handle.db.selectFrom('requests').select(['tracking_no']).orderBy('id').executeTakeFirstOrThrow();
      const track = await app.inject({ method: 'POST', url: '/ysqgk/track', payload: { trackingNo: req.tracking_no, code: 'WRONG1' } });
      assert.ok(track.statusCode < 500, `tracking lookup answers (${track.statusCode})`);
      const home = await app.inject('/');
      assert.equal(home.statusCode, 200);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
