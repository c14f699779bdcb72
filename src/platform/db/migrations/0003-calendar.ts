// The working-day calendar (工作日历): statutory rest days and make-up working days per year of
// the State Council notice, seeded from the vendored holiday-cn data and edited by platform admins.
// A year is "entered" when it has a calendar_years row; its days are the calendar_days rows with
// that year (a notice may list late-December dates of the previous year, so `year` is the notice's
// year, not necessarily the date's). Dialect-neutral: only text and integer columns.
import type { Kysely } from 'kysely';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull()) // notice title and/or gov.cn URL(s)
    .addColumn('entered_by', 'integer') // users.id; null when seeded from the bundled data
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey()) // 'YYYY-MM-DD'
    .addColumn('kind', 'text', (c) => c.notNull()) // 'off' (放假) | 'work' (调休上班)
    .addColumn('name', 'text') // holiday name, e.g. '国庆节、中秋节'
    .addColumn('year', 'integer', (c) => c.notNull()) // calendar_years.year
    .execute();
  await db.schema.createIndex('calendar_days_year_idx').on('calendar_days').column('year').execute();
}

export async function down(db: Any): Promise<void> {
  await db.schema.dropIndex('calendar_days_year_idx').ifExists().execute();
  await db.schema.dropTable('calendar_days').ifExists().execute();
  await db.schema.dropTable('calendar_years').ifExists().execute();
}
