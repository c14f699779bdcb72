// 考核 indicator 'messages' (features/assessment): 政民互动按时答复 — the messages (web and 12345, merged duplicates
// left out: the main message counts) whose reply deadline falls in the year, each replied on or before it (ok,
// rules.ts onTime) or late / still unanswered after it. A message not due yet and not replied is not counted
// against the unit; the deadline in force is the one of the unit holding the message (a transfer restarts it).
import type { Db } from '../../platform/db/index.ts';
import { byUnit, ratioResult, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import { onTime, publicText, type MessageStatus } from './rules.ts';
import './tables.ts';

export const messagesOnTimeIndicator: AssessmentIndicator = {
  key: 'messages',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const rows = await db
      .selectFrom('messages')
      .select(['id', 'unit_id', 'receipt_no', 'title', 'status', 'received_on', 'due_on', 'replied_on'])
      .where('status', '!=', 'merged')
      .where('unit_id', 'in', q.unitIds)
      .where('due_on', '>=', `${q.year}-01-01`)
      .where('due_on', '<=', `${q.year}-12-31`)
      .orderBy('due_on')
      .orderBy('id')
      .execute();
    const records = rows.flatMap((r) => {
      const replied = r.status === 'replied' && !!r.replied_on;
      if (!replied && r.due_on >= q.today) return []; // still within its time
      const ok = onTime({ status: r.status as MessageStatus, receivedOn: r.received_on, dueOn: r.due_on, repliedOn: r.replied_on }) === true;
      const note = replied ? `期限 ${r.due_on}，${r.replied_on} 答复${ok ? '' : '（超期）'}` : `期限 ${r.due_on}，逾期未答复`;
      return [{ unitId: r.unit_id, label: `${r.receipt_no} ${publicText(r.title)}`, url: `/admin/messages/${r.id}`, action: 'message.read', ok, on: r.due_on, note }];
    });
    return [...byUnit(q.unitIds, records, (r) => r.unitId)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map(({ unitId: _u, ...r }): IndicatorRecord => r),
        (ok, all) => `答复期限在当年的留言 ${all} 条，按期答复 ${ok} 条`,
      ),
    );
  },
};
