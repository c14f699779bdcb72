// The requests feature's tables (declaration merging into the platform's Database type): the requests, their
// dated workflow events, files, one-time receipts, issued letters and the per-year tracking-number counters.
// The mail outbox stays a platform table (platform/mail sends it). Conventions: platform/db/types.ts.
import type { Generated } from 'kysely';

interface RequestCounterTable {
  year: number;
  seq: number;
}

/** 依申请公开 request; `applicant` is JSON of applicant.ts Applicant (never public). */
export interface RequestTable {
  id: Generated<number>;
  tracking_no: string;
  query_code_hash: string;
  unit_id: number;
  channel: string;
  received_on: string | null;
  applicant_type: string;
  applicant: string;
  description: string;
  doc_ref: string;
  form: string;
  delivery: string;
  status: string;
  outcome: string | null;
  created_at: string;
  updated_at: string;
  // Stored clock (migration 0005, requests.due.ts): 0/1 integers on both dialects.
  due_on: Generated<string | null>;
  due_reason: Generated<string>;
  due_provisional: Generated<number>;
  clock_running: Generated<number>;
  /** Date of the last closing event (decide, withdraw, supplement-/fee-expired), migration 20261207052000. */
  closed_on: Generated<string | null>;
}

interface RequestEventTable {
  id: Generated<number>;
  request_id: number;
  type: string;
  on: string;
  payload: string; // JSON of the parsed event (clock.ts RequestEvent)
  actor_id: number | null;
  actor_name: string;
  at: string;
}

/** An attachment of a request: the applicant's materials or a file staff added (bytes in FileStore). */
interface RequestFileTable {
  id: Generated<number>;
  request_id: number;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  source: 'applicant' | 'staff';
  actor_id: number | null;
  created_at: string;
  /** 1: uploaded by the applicant on the tracking page (补正材料), migration 0016. */
  supplement: Generated<number>;
  /** Delivered to the applicant (downloadable from the tracking page), migration 0016. */
  released_at: Generated<string | null>;
  released_by: Generated<number | null>;
}

/** One-time receipt after an application (Post/Redirect/Get); deleted when shown or expired. */
interface RequestReceiptTable {
  token_hash: string;
  audience: 'public' | 'staff';
  request_id: number;
  tracking_no: string;
  query_code: string;
  expires_at: string;
  /** First time the receipt was shown (migration 0016). */
  shown_at: Generated<string | null>;
}

/** An issued letter or notice of a request; `body` is JSON of the Letter (letters/templates.ts). */
interface RequestLetterTable {
  id: Generated<number>;
  request_id: number;
  kind: string; // 'reply' | 'supplement-notice' | 'extension-notice' | 'fee-notice'
  letter_no: string;
  title: string;
  body: string;
  issued_on: string;
  actor_id: number | null;
  actor_name: string;
  created_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    request_counters: RequestCounterTable;
    requests: RequestTable;
    request_events: RequestEventTable;
    request_letters: RequestLetterTable;
    request_files: RequestFileTable;
    request_receipts: RequestReceiptTable;
  }
}
