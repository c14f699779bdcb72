// The messages feature's tables, merged into the platform's Database type (issue 17, 政民互动).
import type { Generated } from 'kysely';
import type { MessageStatus, MessageType, Rating, Source } from './rules.ts';

export interface MessageTable {
  id: Generated<number>;
  /** 回执号 (web) or LY-form code given to 12345 orders too; unique. */
  receipt_no: string;
  source: Source;
  /** 12345 工单编号 (unique when present): the import is idempotent on it. */
  work_order_no: string | null;
  /** sha256 of unit, type, body and contact of a web message: a reload or double click is one message. */
  dedup_key: string | null;
  unit_id: number;
  type: MessageType;
  title: string;
  body: string;
  /** Personal data: never public; masked in staff views unless the role needs it. */
  name: string | null;
  phone: string | null;
  email: string | null;
  /** The writer agreed that the message and its reply may be published (1) or not (0). */
  public_ok: number;
  /** Staff marked it not for publication (1), with the reason. */
  withheld: Generated<number>;
  withheld_reason: string | null;
  /** Optional subject: 'document' | 'consultation' | 'task' and its id. */
  about_kind: string | null;
  about_id: number | null;
  status: MessageStatus;
  /** Beijing date it was first received (the 3-month flag counts from here). */
  received_on: string;
  /** Beijing date the reply clock started (received, or the last transfer). */
  clock_from: string;
  due_on: string;
  due_provisional: Generated<number>;
  /** The reply in force (published when status is replied). */
  reply: string | null;
  /** A reply waiting for the reviewer (status review). */
  reply_draft: string | null;
  reply_drafted_by: number | null;
  return_reason: string | null;
  replied_by: number | null;
  replied_at: string | null;
  /** Beijing date of the reply (on time: replied_on <= due_on). */
  replied_on: string | null;
  merged_into: number | null;
  rating: Rating | null;
  rating_comment: string | null;
  rated_at: string | null;
  transfers: Generated<number>;
  created_at: string;
  updated_at: string;
}

interface MessageTransferTable {
  id: Generated<number>;
  message_id: number;
  from_unit_id: number;
  to_unit_id: number;
  reason: string;
  actor_id: number | null;
  created_at: string;
}

/** Uploaded 12345 files waiting for their mapping and import (kept one day). */
interface MessageImportTable {
  id: Generated<number>;
  filename: string;
  /** JSON string[][]: the header row first. */
  rows: string;
  created_by: number | null;
  created_at: string;
}

/** Small settings of the feature: 'import.mapping' = the last mapping used (JSON). */
interface MessageSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    messages: MessageTable;
    message_transfers: MessageTransferTable;
    message_imports: MessageImportTable;
    message_settings: MessageSettingTable;
  }
}
