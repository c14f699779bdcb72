// The requests' part of site health (issue 19, contributed to site-health's 'health.checks' and
// 'health.yearFigures' from module.ts): requests still open after their statutory answer date (the stored
// clock of requests.due.ts: due_on counts only while clock_running), and the requests received in a year.
import type { Db } from '../../platform/db/index.ts';
import type { HealthCheck, HealthResult, YearFigure } from '../site-health/public.ts';
import { RULES, daysBetween, memoized } from '../site-health/public.ts';
import { OPEN_STATUSES } from './transitions.ts';
import { beijingYear } from '../../platform/views/format.ts';

const RECORDS_MAX = 50;

export const requestsOverdueCheck: HealthCheck = {
  key: 'requests-overdue',
  label: '依申请公开逾期未答复',
  rule: RULES.requestsOverdue,
  singleVeto: false,
  async evaluate(db: Db, ctx): Promise<HealthResult> {
    const open = () =>
      db.selectFrom('requests').where('requests.status', 'in', [...OPEN_STATUSES]).where('requests.clock_running', '=', 1).where('requests.due_on', '<', ctx.today);
    // Counts per unit once per page (ctx.memo); the records only where there are some.
    const perUnit = await memoized(ctx, `requests.overdueByUnit|${ctx.today}`, async () => {
      let q = open();
      if (!ctx.memo && ctx.unitIds) q = q.where('requests.unit_id', 'in', ctx.unitIds.length ? [...ctx.unitIds] : [-1]);
      const rows = await q.select(['requests.unit_id as u', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('requests.unit_id').execute();
      return rows.map((r) => ({ u: r.u, n: Number(r.n) }));
    });
    const count = { n: perUnit.filter((r) => ctx.unitIds === null || ctx.unitIds.includes(r.u)).reduce((a, r) => a + r.n, 0) };
    let q = open();
    if (ctx.unitIds) q = q.where('requests.unit_id', 'in', ctx.unitIds.length ? [...ctx.unitIds] : [-1]);
    const rows = count.n ? await q.select(['requests.id', 'requests.unit_id', 'requests.tracking_no', 'requests.due_on']).orderBy('requests.due_on', 'asc').orderBy('requests.id', 'asc').limit(RECORDS_MAX).execute() : [];
    const n = Number(count?.n ?? 0);
    return {
      status: n ? 'fail' : 'ok',
      value: `${n} 件逾期未答复`,
      // The applicant's name and contact stay in the request (personal data): the tracking number identifies it.
      records: rows.map((r) => ({ label: `申请 ${r.tracking_no}`, url: `/admin/requests/${r.id}`, action: 'request.read', unitId: r.unit_id, detail: `答复期限 ${r.due_on}，已超 ${daysBetween(r.due_on!, ctx.today)} 天` })),
    };
  },
};

export const REQUEST_YEAR_FIGURES: YearFigure[] = [
  {
    key: 'requests-received',
    group: '互动交流',
    label: '收到依申请公开申请（件）',
    async count(db, year) {
      // Received on (the statutory date) or, before it is confirmed, submitted in the year (Beijing time).
      const row = await db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) =>
          eb.or([
            eb.and([eb('received_on', '>=', `${year}-01-01`), eb('received_on', '<=', `${year}-12-31`)]),
            eb.and([eb('received_on', 'is', null), eb('created_at', '>=', beijingYear(year).from), eb('created_at', '<', beijingYear(year).to)]),
          ]),
        )
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  },
];
