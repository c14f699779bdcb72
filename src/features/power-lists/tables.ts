// The power-lists feature's table (declaration merging into the platform's Database type).
import type { Generated, Selectable } from 'kysely';

interface PowerItemTable {
  id: Generated<number>;
  unit_id: number;
  /** 事项编码, unique. */
  code: string;
  name: string;
  /** One of POWER_TYPES. */
  power_type: string;
  /** JSON array of sub-item names. */
  sub_items: string;
  /** JSON array of { law, article, documentId } (documentId: the law's document on this site, when there is one). */
  basis: string;
  /** One of LEVELS. */
  level: string;
  duties: string;
  accountability: string;
  fee: string;
  /** 法定办结时限 in working days (null: none set by law). */
  statutory_days: number | null;
  /** 承诺办结时限 in working days. */
  promised_days: number | null;
  /** When staff last confirmed the legal basis after a cited law changed (a version like any other). */
  basis_checked_at: string | null;
  status: string;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    power_items: PowerItemTable;
  }
}

export type PowerItemRow = Selectable<PowerItemTable>;
