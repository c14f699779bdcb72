// Runs the migrations in src/platform/db/migrations, in name order.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index.ts';
import * as m0001 from './migrations/0001-core.ts';
import * as m0002 from './migrations/0002-portal-indexes.ts';
import * as m0003 from './migrations/0003-calendar.ts';
import * as m0004 from './migrations/0004-requests.ts';
import * as m0005 from './migrations/0005-request-due.ts';
import * as m0006 from './migrations/0006-request-letters.ts';
import * as m0007 from './migrations/0007-request-files.ts';
import * as m0008 from './migrations/0008-search.ts';
import * as m0009 from './migrations/0009-reports.ts';
import * as m0010 from './migrations/0010-search-changes.ts';
import * as m0011 from './migrations/0011-search-title-terms.ts';
import * as m0012 from './migrations/0012-request-due-recompute.ts';
import * as m0018 from './migrations/0018-attachment-text-status.ts';
import * as m0019 from './migrations/0019-login-locks.ts';
import * as m0020 from './migrations/0020-token-expiry-session-idle.ts';
import * as m0021 from './migrations/0021-rate-limits.ts';
import * as m0022 from './migrations/0022-publication-ledger.ts';
import * as m0013 from './migrations/0013-unit-remedies.ts';
import * as m0014 from './migrations/0014-document-art26.ts';
import * as m0016 from './migrations/0016-applicant-mail-files.ts';
import * as m0017 from './migrations/0017-search-suggestions.ts';
import * as m0015 from './migrations/0015-report-revisions.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-portal-indexes': m0002,
  '0003-calendar': m0003,
  '0004-requests': m0004,
  '0005-request-due': m0005,
  '0006-request-letters': m0006,
  '0007-request-files': m0007,
  '0008-search': m0008,
  '0009-reports': m0009,
  '0010-search-changes': m0010,
  '0011-search-title-terms': m0011,
  '0012-request-due-recompute': m0012,
  '0018-attachment-text-status': m0018,
  '0019-login-locks': m0019,
  '0020-token-expiry-session-idle': m0020,
  '0021-rate-limits': m0021,
  '0022-publication-ledger': m0022,
  '0013-unit-remedies': m0013,
  '0014-document-art26': m0014,
  '0016-applicant-mail-files': m0016,
  '0017-search-suggestions': m0017,
  '0015-report-revisions': m0015,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
