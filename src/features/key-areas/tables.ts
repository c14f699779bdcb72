// The key-areas feature's table (declaration merging into the platform's Database type). Versions, document
// links and the review workflow are the shared register pattern's (features/registers).
import type { Generated, Selectable } from 'kysely';

interface KeyAreaRecordTable {
  id: Generated<number>;
  /** The unit responsible for the information. */
  unit_id: number;
  /** AREAS key: zdxm, ggzy, ywjy, ylws, zdzs, aqsc. */
  area: string;
  /** One of the area's categories (e.g. 招生范围). */
  category: string;
  year: number;
  /** The town (unit of type town) the record concerns; null = the whole district. */
  town_id: number | null;
  title: string;
  summary: string;
  /** The template's fields: JSON { key: value }. */
  details: string;
  /** 招生范围: JSON School[] (name, stage, address, phone, roads, communities); '[]' otherwise. */
  schools: string;
  /** The record as a document in the catalog (documents.id), made when the record is submitted. */
  document_id: number | null;
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
    key_area_records: KeyAreaRecordTable;
  }
}

export type KeyAreaRecordRow = Selectable<KeyAreaRecordTable>;
