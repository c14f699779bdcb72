// 政民互动's part of site health (issue 19, contributed to site-health's 'health.checks' and 'health.yearFigures'
// from module.ts): the single-veto item 互动回应差 — messages (web and 12345) still unanswered more than 3 months
// after they were first received (rules.ts isVeto / vetoCutoff, the same date the inbox and the console home
// use; a transfer does not restart it) — and the messages received and answered in a year for the 政府网站
// 工作年度报表. Counts come from messageStats (public.ts); the records behind the check are listed for drill-down.
import type { Db } from '../../platform/db/index.ts';
import type { HealthCheck, HealthResult, YearFigure } from '../site-health/public.ts';
import { RULES, daysBetween } from '../site-health/public.ts';
import { messageStats } from './public.ts';
import { publicText, vetoCutoff } from './rules.ts';
import './tables.ts';

const RECORDS_MAX = 50;

export const messagesUnansweredCheck: HealthCheck = {
  key: 'messages-unanswered',
  label: '留言超过 3 个月未回应',
  rule: RULES.interactionPoor,
  singleVeto: true,
  async evaluate(db: Db, ctx): Promise<HealthResult> {
    const units = ctx.unitIds ? (ctx.unitIds.length ? [...ctx.unitIds] : [-1]) : undefined;
    const stats = await messageStats(db, { unitIds: units, today: ctx.today });
    let q = db.selectFrom('messages').where('status', 'in', ['open', 'review']).where('received_on', '<', vetoCutoff(ctx.today));
    if (units) q = q.where('unit_id', 'in', units);
    const rows = stats.veto ? await q.select(['id', 'receipt_no', 'title', 'received_on', 'work_order_no']).orderBy('received_on').orderBy('id').limit(RECORDS_MAX).execute() : [];
    return {
      status: stats.veto ? 'fail' : 'ok',
      value: `${stats.veto} 条`,
      // The writer's name and contact stay in the message (personal data): the receipt code identifies it.
      records: rows.map((r) => ({
        label: `${r.work_order_no ? `12345 工单 ${r.work_order_no}` : `留言 ${r.receipt_no}`}：${publicText(r.title)}`,
        url: `/admin/messages/${r.id}`,
        detail: `${r.received_on} 收到，已 ${daysBetween(r.received_on, ctx.today)} 天未答复`,
      })),
      note: `网上咨询建言渠道：政民互动（/zmhd）。共收到 ${stats.received} 条（含 12345 热线工单，合并办理的重复留言不重复计算），已答复 ${stats.replied} 条；超过 3 个月未答复的从首次收到之日起算，转办不重新起算。`,
    };
  },
};

export const MESSAGE_YEAR_FIGURES: YearFigure[] = [
  {
    key: 'messages-received',
    group: '互动交流',
    label: '收到政民互动留言（条）',
    note: '含 12345 热线工单；合并办理的重复留言不重复计算。',
    async count(db, year) {
      return (await messageStats(db, { from: `${year}-01-01`, to: `${year}-12-31` })).received;
    },
  },
  {
    key: 'messages-answered',
    group: '互动交流',
    label: '办结政民互动留言（条）',
    note: '当年答复的留言（按答复日期）。',
    async count(db, year) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'replied')
        .where('replied_on', '>=', `${year}-01-01`)
        .where('replied_on', '<=', `${year}-12-31`)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  },
];
