// The open day on the shared register pattern (src/features/registers/public.ts): versions, audit and review
// before public come from there. The summary (text and questions/answers) is part of the record, so a summary
// written afterwards is reviewed and published the same way; the public sees the last published version.
import { defineRegister } from '../registers/public.ts';
import type { OpenDayRow } from './tables.ts';
import './actions.ts';

export const OPEN_DAY = defineRegister<OpenDayRow>({
  name: 'open-day',
  table: 'open_days',
  label: '政府开放日',
  entity: 'open_day',
  actions: { edit: 'open-day.edit', review: 'open-day.review' },
  fields: {
    theme: '活动主题',
    unit_id: '举办单位',
    event_date: '活动日期',
    start_time: '开始时间',
    end_time: '结束时间',
    place: '活动地点',
    capacity: '名额（人）',
    max_people: '每次报名最多人数',
    reg_opens_at: '报名开始',
    reg_closes_at: '报名截止',
    agenda: '活动议程',
    notes: '携带物品和注意事项',
    summary: '活动总结',
    qa: '问题和答复',
  },
});
