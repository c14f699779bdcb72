// Art. 26 of the 条例 (publication within 20 working days of 形成日期): documents.art26_due_on keeps the
// last day for publication of a published document (features/documents/art26.ts), so the console
// counts late publications per unit in one query. Existing published documents are filled in here
// from the stored working-day calendar (calendar_years / calendar_days, migration 0003).
import type { Kysely } from 'kysely';
import { WorkCalendar, type YearSchedule } from '../../../platform/calendar/calendar.ts';

type Any = Kysely<any>;

export async function up(db: Any): Promise<void> {
  await db.schema.alterTable('documents').addColumn('art26_due_on', 'text').execute();
  await fillArt26Due(db);
}

/** Sets art26_due_on of every published document with a start date (idempotent). */
export async function fillArt26Due(db: Any): Promise<void> {
  const days = (await db.selectFrom('calendar_days').select(['date', 'kind', 'year']).execute()) as { date: string; kind: string; year: number }[];
  const byYear = new Map<number, YearSchedule>();
  for (const d of days) {
    let s = byYear.get(Number(d.year));
    if (!s) byYear.set(Number(d.year), (s = { year: Number(d.year), offDays: [], workDays: [] }));
    (d.kind === 'off' ? s.offDays : s.workDays).push(d.date);
  }
  const calendar = new WorkCalendar([...byYear.values()]);
  // One update per distinct start date (形成日期, else 成文日期) of the published documents.
  const starts = (await db
    .selectFrom('documents')
    .select(['formed_on', 'written_on'])
    .distinct()
    .where('published_at', 'is not', null)
    .where((eb) => eb.or([eb('formed_on', 'is not', null), eb('written_on', 'is not', null)]))
    .execute()) as { formed_on: string | null; written_on: string | null }[];
  const done = new Set<string>();
  for (const s of starts) {
    const start = s.formed_on ?? s.written_on!;
    const key = `${s.formed_on ? 'f' : 'w'}${start}`;
    if (done.has(key)) continue;
    done.add(key);
    let due: string;
    try {
      due = calendar.addWorkingDays(start, 20).date;
    } catch {
      continue; // not a date: left unknown
    }
    let q = db.updateTable('documents').set({ art26_due_on: due }).where('published_at', 'is not', null);
    q = s.formed_on ? q.where('formed_on', '=', start) : q.where('formed_on', 'is', null).where('written_on', '=', start);
    await q.execute();
  }
}

export async function down(db: Any): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('art26_due_on').execute();
}
