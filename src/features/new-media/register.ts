// The new-media account register: the shared register pattern (features/registers) applied to new_media_accounts.
import { defineRegister } from '../registers/public.ts';
import type { NewMediaAccountRow } from './tables.ts';
import './actions.ts';

export const ACCOUNTS = defineRegister<NewMediaAccountRow>({
  name: 'new-media',
  table: 'new_media_accounts',
  label: '政务新媒体账号',
  fields: {
    platform: '平台',
    name: '账号名称',
    account_id: '账号',
    responsible_person: '责任人',
    verification: '认证情况',
    opened_on: '开设日期',
    closed_on: '关停日期',
    filing_status: '备案状态',
    interaction: '互动渠道',
    exception_reason: '例外理由',
  },
  actions: { edit: 'newmedia.edit', review: 'newmedia.review' },
  entity: 'new_media_account',
});
