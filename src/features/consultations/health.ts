// The consultations' part of the yearly 政府网站工作年度报表 (issue 19, contributed to site-health's
// 'health.yearFigures' from module.ts): opinions received in a year (online and recorded offline ones).
import type { YearFigure } from '../site-health/public.ts';
import { beijingYear } from '../../platform/views/format.ts';

export const CONSULTATION_YEAR_FIGURES: YearFigure[] = [
  {
    key: 'consultation-comments',
    group: '互动交流',
    label: '征求意见收到意见（条）',
    async count(db, year) {
      const row = await db
        .selectFrom('consultation_comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('created_at', '>=', beijingYear(year).from)
        .where('created_at', '<', beijingYear(year).to)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  },
];
