// The consultations feature's tables, merged into the platform's Database type (issue 14).
import type { Generated } from 'kysely';

type ConsultationStatus = 'draft' | 'submitted' | 'approved' | 'published' | 'returned';
type FeedbackStatus = 'none' | 'draft' | 'submitted' | 'published';
type CommentStatus = 'pending' | 'published' | 'rejected';
export type Decision = 'adopted' | 'partly' | 'rejected' | 'not-needed';

export interface ConsultationTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  /** The current draft (sanitised HTML); every version is kept in consultation_versions. */
  body: string;
  /** 起草说明 (plain text). */
  explanation: Generated<string>;
  /** 决策依据: JSON [{ title, url }]. */
  basis: Generated<string>;
  /** Forms used: JSON array of FORM codes (online, hearing, forum, consult, media). */
  forms: Generated<string>;
  starts_on: string;
  ends_on: string;
  /** Why the period is shorter than 30 calendar days (shown publicly). */
  period_reason: string | null;
  status: ConsultationStatus;
  version: Generated<number>;
  return_reason: string | null;
  created_by: number | null;
  submitted_by: number | null;
  approved_by: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  feedback_status: Generated<FeedbackStatus>;
  feedback_summary: Generated<string>;
  feedback_submitted_by: number | null;
  feedback_return_reason: string | null;
  feedback_published_at: string | null;
  /** The final decision document (documents.id), once it is published. */
  decision_document_id: number | null;
}

interface ConsultationVersionTable {
  id: Generated<number>;
  consultation_id: number;
  version: number;
  body: string;
  note: Generated<string>;
  created_by: number | null;
  created_at: string;
}

interface ConsultationCommentTable {
  id: Generated<number>;
  consultation_id: number;
  receipt_no: string;
  /** The draft version commented on. */
  version: number;
  /** The article's key (a1, a2, …) or null for the whole draft. */
  article: string | null;
  body: string;
  /** Personal data: never public. */
  name: string | null;
  phone: string | null;
  email: string | null;
  form: string;
  /** Offline opinions: where they came from (e.g. 3月5日听证会记录). */
  source: string | null;
  status: CommentStatus;
  moderation_reason: string | null;
  moderated_by: number | null;
  moderated_at: string | null;
  opinion_id: number | null;
  created_by: number | null;
  created_at: string;
}

interface ConsultationOpinionTable {
  id: Generated<number>;
  consultation_id: number;
  summary: string;
  decision: Decision | null;
  reason: Generated<string>;
  created_at: string;
  updated_at: string;
}

interface ConsultationFileTable {
  id: Generated<number>;
  consultation_id: number;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  created_by: number | null;
  created_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    consultation_files: ConsultationFileTable;
    consultations: ConsultationTable;
    consultation_versions: ConsultationVersionTable;
    consultation_comments: ConsultationCommentTable;
    consultation_opinions: ConsultationOpinionTable;
  }
}
