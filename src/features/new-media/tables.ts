// The new-media feature's tables (declaration merging into the platform's Database type).
import type { Generated, Selectable } from 'kysely';

interface NewMediaAccountTable {
  id: Generated<number>;
  unit_id: number;
  /** One of PLATFORMS. */
  platform: string;
  name: string;
  /** The platform's account id (微信号, 微博 UID, App 名称/包名…). */
  account_id: string;
  /** Staff member responsible (never shown in public). */
  responsible_person: string;
  /** 认证情况, e.g. 已认证（认证主体：宿城区人民政府办公室）. */
  verification: string;
  opened_on: string;
  /** Set when the account is closed: it is no longer active. */
  closed_on: string | null;
  /** One of FILING_STATUSES. */
  filing_status: string;
  /** 互动渠道, e.g. 留言、私信. */
  interaction: string;
  /** An approved exception to one active account per platform per unit: its reason (reviewed with the record). */
  exception_reason: string | null;
  status: string;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

interface NewMediaUpdateTable {
  id: Generated<number>;
  account_id: number;
  /** YYYY-MM-DD the account was updated. */
  on: string;
  what: string;
  created_at: string;
  created_by: number | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    new_media_accounts: NewMediaAccountTable;
    new_media_updates: NewMediaUpdateTable;
  }
}

export type NewMediaAccountRow = Selectable<NewMediaAccountTable>;
