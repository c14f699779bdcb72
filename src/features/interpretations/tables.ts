// The interpretations feature's tables (declaration merging into the platform's Database type). The
// interpretation itself is a `documents` row; these tables add what only an interpretation has.
import type { Generated, Selectable } from 'kysely';

/** Marks a document as an interpretation (政策解读). */
interface InterpretationTable {
  document_id: number;
  created_at: string;
}

/** Interpretation ↔ policy: both ends are documents rows. */
interface InterpretationLinkTable {
  interpretation_id: number;
  policy_id: number;
  created_at: string;
}

/** 图解 images (alt text + text equivalent required), audio/video/动漫 (transcript required). */
interface InterpretationMediaTable {
  id: Generated<number>;
  interpretation_id: number;
  form: string; // 'graphic' | 'audio' | 'video' | 'animation'
  position: number;
  url: string;
  caption: string;
  alt_text: string | null;
  /** 图解: the text equivalent; audio/video/动漫: the transcript. */
  text: string;
  /** An uploaded file (its content address in the file store; `url` is then /zcjd/files/<sha256>); null: a link. */
  sha256: string | null;
  mime: string | null;
  size: number | null;
  filename: string | null;
}

/** 简明问答: one question, one answer, in order; each addressable by id. */
interface InterpretationQaTable {
  id: Generated<number>;
  interpretation_id: number;
  position: number;
  question: string;
  answer: string;
  created_at: string;
  updated_at: string;
}

/** 政策面对面解读会 of a policy. */
interface InterpretationMeetingTable {
  id: Generated<number>;
  policy_id: number;
  held_on: string;
  place: string;
  organiser: string;
  audience: string;
  questions: string;
  photos: string; // JSON [{ url, alt }]
  created_by: number | null;
  created_at: string;
}

/** A unit's mark on a policy: needs an interpretation (1) or not (0, with the reason). Absent: by kind. */
interface InterpretationNeedTable {
  policy_id: number;
  needed: number;
  reason: string | null;
  set_by: number | null;
  set_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    interpretations: InterpretationTable;
    interpretation_links: InterpretationLinkTable;
    interpretation_media: InterpretationMediaTable;
    interpretation_qa: InterpretationQaTable;
    interpretation_meetings: InterpretationMeetingTable;
    interpretation_needs: InterpretationNeedTable;
  }
}

export type MediaRow = Selectable<InterpretationMediaTable>;
export type QaRow = Selectable<InterpretationQaTable>;
export type MeetingRow = Selectable<InterpretationMeetingTable>;
