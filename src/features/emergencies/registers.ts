// The registers of this feature on the shared pattern (src/features/registers/public.ts).
import { defineRegister } from '../registers/public.ts';
import type { EmergencyTopicRow, EmergencyUpdateRow } from './tables.ts';
import './actions.ts';

export const TOPIC = defineRegister<EmergencyTopicRow>({
  name: 'emergency',
  table: 'emergency_topics',
  label: '应急专题',
  entity: 'emergency',
  actions: { edit: 'emergency.edit', review: 'emergency.review' },
  fields: { title: '专题名称', category: '事件类别', summary: '概况', started_on: '开始日期', ended_on: '结束日期' },
});

export const UPDATE = defineRegister<EmergencyUpdateRow>({
  name: 'emergency-update',
  table: 'emergency_updates',
  label: '应急动态',
  entity: 'emergency_update',
  actions: { edit: 'emergency.edit', review: 'emergency.review' },
  fields: { title: '标题', body: '内容', occurred_at: '信息时间' },
});

/** The role of a linked 应急预案 document: 法定公开 (seed §二(一): 加强应急预案法定公开). */
export const PLAN_ROLE = '应急预案';
