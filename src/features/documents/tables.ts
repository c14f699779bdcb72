// The documents feature's tables (declaration merging into the platform's Database type): documents,
// their versions, attachments (the bytes are in the platform's content-addressed files table), the
// per-unit index number counters and the tamper-evident publication ledger. Conventions: db/types.ts.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

interface DocumentTable {
  id: Generated<number>;
  unit_id: number;
  status: string;
  title: string;
  index_no: string | null;
  doc_no: string | null;
  doc_no_issuer: string | null;
  doc_no_year: number | null;
  doc_no_seq: number | null;
  doc_no_key: string | null;
  topic: string | null;
  genre: string | null;
  kind: string;
  column_code: string | null;
  art20: number | null;
  publisher: string;
  written_on: string | null;
  formed_on: string | null;
  /** Art. 26: last day for publication (20 working days after formed_on/written_on); set when published. Migration 0014. */
  art26_due_on: string | null;
  published_at: string | null;
  scheduled_at: string | null;
  keywords: string; // JSON array
  summary: string;
  body: string; // sanitised HTML
  validity: string;
  validity_on: string | null;
  validity_reason: string | null;
  replaced_by_id: number | null;
  disclosure: string;
  review_checks: string | null; // JSON {political, policy, wording}
  review_comment: string | null;
  reviewed_by: number | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  submitted_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentVersionTable {
  id: Generated<number>;
  document_id: number;
  version: number;
  action: string;
  snapshot: string; // JSON of the document row
  actor_id: number | null;
  actor_name: string;
  at: string;
}

interface AttachmentTable {
  id: Generated<number>;
  document_id: number;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  position: number;
  created_at: string;
  /** 'pending' | 'done' | 'failed': background text extraction for search (migration 0018). */
  text_status: Generated<string>;
  /** ISO instant until which a node holds the extraction of this row (migration 0018). */
  text_lease: string | null;
}

interface IndexCounterTable {
  unit_id: number;
  year: number;
  seq: number;
}

export interface PublicationLedgerTable {
  seq: number;
  document_id: number;
  index_no: string | null;
  action: string;
  content_hash: string;
  at: string;
  actor: string;
  prev_hash: string;
  hash: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    documents: DocumentTable;
    document_versions: DocumentVersionTable;
    attachments: AttachmentTable;
    index_counters: IndexCounterTable;
    publication_ledger: PublicationLedgerTable;
  }
}

export type DocumentRow = Selectable<DocumentTable>;
export type NewDocumentRow = Insertable<DocumentTable>;
export type DocumentUpdate = Updateable<DocumentTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
