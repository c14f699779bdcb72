// The calendar's extension point 'calendar.provisional': features whose deadlines are counted on the
// working-day calendar say how many of their open records have a provisional (暂定) deadline because it
// reaches into a year whose holiday schedule is not entered. The calendar page and the console home
// tell the platform admin, who enters the year (entering it recomputes them through onCalendarChange).
import type { Db } from '../../platform/db/index.ts';
import { contributions } from '../../platform/modules.ts';

const PROVISIONAL = 'calendar.provisional';

export interface ProvisionalDeadlines {
  /** Open records with a provisional deadline; `scope`: only these units (null: every unit). */
  count(db: Db, scope: ReadonlySet<number> | null): Promise<number>;
  /** The sentence for `n` such records, e.g. “目前有 3 件办理中的依申请公开申请，答复期限为暂定”. */
  describe(n: number): string;
}

/** Every contributor's count of provisional deadlines (every unit), with its sentence; zero counts left out. */
export async function provisionalDeadlines(db: Db): Promise<{ n: number; text: string }[]> {
  const all = await Promise.all(contributions<ProvisionalDeadlines>(PROVISIONAL).map(async (c) => ({ c, n: await c.count(db, null) })));
  return all.filter((x) => x.n > 0).map(({ c, n }) => ({ n, text: c.describe(n) }));
}
