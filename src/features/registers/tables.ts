// The shared register tables (declaration merging into the platform's Database type).
import type { Generated } from 'kysely';

interface RegisterVersionTable {
  id: Generated<number>;
  /** RegisterDef.name, e.g. 'power-item'. */
  register: string;
  record_id: number;
  version: number;
  /** 'create' | 'update' | 'submit' | 'approve' | 'return' | 'publish' | 'retire' | 'import' */
  action: string;
  /** The record's status after this version. */
  status: string;
  /** The full row after this version (JSON). */
  data_json: string;
  reason: string | null;
  /** YYYY-MM-DD: the date the change takes effect (e.g. the law's revision), when given. */
  effective_on: string | null;
  actor_id: number | null;
  actor_name: string;
  at: string;
}

interface RegisterLinkTable {
  id: Generated<number>;
  register: string;
  record_id: number;
  document_id: number;
  /** What the document is to the record, e.g. '法律依据', '履行文件'. */
  role: string;
  created_at: string;
  created_by: number | null;
}

interface RegisterRecordLinkTable {
  id: Generated<number>;
  register: string;
  record_id: number;
  /** The linked record's register (RegisterDef.name) and id. */
  target_register: string;
  target_id: number;
  role: string;
  created_at: string;
  created_by: number | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    register_versions: RegisterVersionTable;
    register_links: RegisterLinkTable;
    register_record_links: RegisterRecordLinkTable;
  }
}
