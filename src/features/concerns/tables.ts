// The concerns feature's table (declaration merging into the platform's Database type).
import type { Generated } from 'kysely';

interface ConcernTable {
  id: Generated<number>;
  unit_id: number;
  topic: string;
  /** One of AREAS (the seed's eight, or 其他). */
  area: string;
  /** One of SOURCES. */
  source: string;
  /** ISO instant the concern was first seen. */
  first_seen_at: string;
  summary: string;
  /** 'open' | 'responded' */
  status: string;
  /** 'document' | 'statement' (a published document or interpretation, or a statement written here). */
  response_kind: string | null;
  response_document_id: number | null;
  response_text: string | null;
  responded_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    concerns: ConcernTable;
  }
}

