// Runs the migrations: the platform's own (src/platform/db/migrations) and every installed feature's
// (the folder its manifest names), together in name order. Names are global: the early ones are
// numbered (0001-…, kept so existing databases know them), new ones are timestamped
// (YYYYMMDDhhmmss-what.ts) so two features added at once never clash.
import fs from 'node:fs';
import os from 'node:os';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index.ts';
import { installedModules, migrationsIn } from '../modules.ts';

const PLATFORM = new URL('./migrations/', import.meta.url);

/** Every migration of the platform and the installed features, by name. */
export async function allMigrations(): Promise<Record<string, Migration>> {
  if (!installedModules().length) throw new Error('没有安装功能模块：先导入 src/features/index.ts（FEATURES）再升级数据库');
  const out: Record<string, Migration> = { ...(await migrationsIn(PLATFORM)) };
  for (const m of installedModules()) {
    if (!m.migrations) continue;
    for (const [name, migration] of Object.entries(await migrationsIn(m.migrations))) {
      if (name in out) throw new Error(`迁移重名：${name}（功能模块 ${m.name}）`);
      out[name] = migration;
    }
  }
  return out;
}

class ModuleProvider implements MigrationProvider {
  getMigrations() {
    return allMigrations();
  }
}

/**
 * On SQLite Kysely runs migrations outside a transaction and takes no lock (its SQLite adapter declares no
 * transactional DDL), so two processes starting at once on one file (the CLI beside the site, two imports)
 * would run the same migration twice. A lock file beside the database serialises them; the second one
 * then finds nothing pending. A lock left by a killed process is taken over after STALE_LOCK_MS.
 */
async function withSqliteMigrationLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const list = await sql<{ name: string; file: string }>`pragma database_list`.execute(db).catch(() => null);
  const file = list?.rows.find((r) => r.name === 'main')?.file;
  if (!file) return fn(); // PostgreSQL (its migrator locks), or an in-memory SQLite database
  const lock = `${file}.migrate-lock`;
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid} ${new Date().toISOString()} ${os.hostname()}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS || holderIsGone(lock)) fs.rmSync(lock, { force: true });
      else if (Date.now() - started > WAIT_LOCK_MS) throw new Error(`数据库正在被另一个进程升级（${lock}），请稍后再试`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
/**
 * The lock's holder was a process of this machine that no longer runs (killed during its migrations: a crash, a
 * kill -9, a power cut): the next start takes the lock over at once instead of waiting STALE_LOCK_MS. A lock written
 * on another machine, by an older version (no host name) or by a process still running is left to the wait.
 */
function holderIsGone(lock: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(lock, 'utf8');
  } catch {
    return false; // removed meanwhile: the next try takes it
  }
  const [pidText, , host] = text.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || host !== os.hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false; // running (or not ours to signal: EPERM) — it may still be migrating
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
const STALE_LOCK_MS = 10 * 60_000;
const WAIT_LOCK_MS = 15 * 60_000;

export async function migrateToLatest(db: Db): Promise<string[]> {
  return withSqliteMigrationLock(db, () => runMigrations(db));
}

async function runMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ModuleProvider(), migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
