// 重点领域信息 as a register of the shared pattern (features/registers): versions with field-level history,
// document links and review before public.
import { defineRegister } from '../registers/public.ts';
import type { KeyAreaRecordRow } from './tables.ts';
import './actions.ts';

export const KEY_AREA_REGISTER = defineRegister<KeyAreaRecordRow>({
  name: 'key-area',
  table: 'key_area_records',
  label: '重点领域信息',
  fields: { area: '领域', category: '公开类别', year: '年度', town_id: '所在镇街', title: '标题', summary: '内容概述', details: '具体内容', schools: '学校和施教区' },
  actions: { edit: 'keyarea.edit', review: 'keyarea.review' },
  entity: 'key_area_record',
});

/** The role of the register link to the record's own document in the catalog. */
export const OWN_DOCUMENT_ROLE = '本条信息';
/** The role of the link to a document the record had before it was edited and published again (marked 已修改). */
export const PREVIOUS_DOCUMENT_ROLE = '本条信息（旧版）';
