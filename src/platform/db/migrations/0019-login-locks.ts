// Login failures and locks per (account, source address) instead of per account:
// - one row per (username, source), also for usernames that do not exist (so unknown and known accounts
//   answer alike); `failures` is claimed atomically BEFORE the password is checked, so a burst of
//   parallel wrong passwords cannot all be checked; `lockouts` makes each further lock twice as long.
// - users.failed_logins / users.locked_until stay (old databases) but are no longer written.
import { type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_locks')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_locks_pk', ['username', 'source'])
    .execute();
  await db.schema.createIndex('login_locks_updated').on('login_locks').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_locks').execute();
}
