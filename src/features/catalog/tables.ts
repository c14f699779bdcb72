// The catalog feature's tables, merged into the platform's Database type. A catalog item is a register
// record (features/registers): its versions and document links live in the shared register tables.
import type { Generated } from 'kysely';

interface CatalogAreaTable {
  id: Generated<number>;
  name: string;
  position: number;
  active: Generated<number>;
}

export interface CatalogItemTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  area_id: number;
  /** 序号 within the unit's catalog. */
  seq: Generated<number>;
  /** 公开事项 · 一级事项 / 二级事项. */
  level1: string;
  level2: Generated<string>;
  /** 公开内容（要素）. */
  content: string;
  /** 公开依据. */
  basis: string;
  /** 公开时限 (free text as published; parsed by timelimit.ts). */
  time_limit: string;
  /** 公开主体. */
  subject: string;
  /** 公开渠道和载体: JSON array of CHANNELS. */
  channels: Generated<string>;
  /** 公开对象: 全社会 | 特定群众. */
  audience: string;
  /** 公开方式: 主动 | 依申请. */
  mode: string;
  /** 公开层级: 县级 | 乡级. */
  level: string;
  status: string;
  version: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

interface CatalogYearTable {
  year: number;
  deadline: string;
  updated_at: string;
  updated_by: number | null;
}

interface CatalogStepTable {
  id: Generated<number>;
  year: number;
  /** null for the district-wide publication. */
  unit_id: number | null;
  step: 'submit' | 'return' | 'accept' | 'publish';
  reason: string | null;
  items: Generated<number>;
  actor_id: number | null;
  actor_name: string;
  at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    catalog_areas: CatalogAreaTable;
    catalog_items: CatalogItemTable;
    catalog_years: CatalogYearTable;
    catalog_steps: CatalogStepTable;
  }
}
