// The emergencies feature's tables (declaration merging into the platform's Database type).
import type { Generated, Selectable } from 'kysely';

interface RegisterColumns {
  unit_id: number;
  /** draft | submitted | returned | approved | published | retired (the shared register workflow). */
  status: string;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

interface EmergencyTopicTable extends RegisterColumns {
  id: Generated<number>;
  title: string;
  /** One of CATEGORIES. */
  category: string;
  summary: string;
  started_on: string;
  ended_on: string | null;
}

interface EmergencyUpdateTable extends RegisterColumns {
  id: Generated<number>;
  topic_id: number;
  title: string;
  body: string;
  /** ISO instant the information refers to (e.g. 截至 … 时). */
  occurred_at: string;
}

interface EmergencyDutyTable {
  user_id: number;
  /** ISO instant the duty ends. */
  on_until: string;
  set_by: number | null;
  set_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    emergency_topics: EmergencyTopicTable;
    emergency_updates: EmergencyUpdateTable;
    emergency_duty: EmergencyDutyTable;
  }
}

export type EmergencyTopicRow = Selectable<EmergencyTopicTable>;
export type EmergencyUpdateRow = Selectable<EmergencyUpdateTable>;
