// Runs the migrations: the platform's own (src/platform/db/migrations) and every installed feature's
// (the folder its manifest names), together in name order. Names are global: the early ones are
// numbered (0001-…, kept so existing databases know them), new ones are timestamped
// (YYYYMMDDhhmmss-what.ts) so two features added at once never clash.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
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

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ModuleProvider(), migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
