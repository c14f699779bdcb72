// The open-days feature's tables, merged into the platform's Database type.
import type { Generated, Selectable } from 'kysely';
import type { RegisterStatus } from '../registers/public.ts';
import type { RegStatus } from './rules.ts';

interface OpenDayTable {
  id: Generated<number>;
  unit_id: number;
  theme: string;
  place: string;
  /** YYYY-MM-DD */
  event_date: string;
  /** HH:mm (Beijing) */
  start_time: string;
  end_time: string;
  /** Seats (people, not registrations). */
  capacity: number;
  /** Most people one registration may bring (1..N). */
  max_people: Generated<number>;
  /** Beijing 'YYYY-MM-DD HH:mm': registration open from opens, closed from closes. */
  reg_opens_at: string;
  reg_closes_at: string;
  /** JSON [{ time, item }] in order. */
  agenda: Generated<string>;
  /** 携带证件、注意事项 (plain text). */
  notes: Generated<string>;
  /** The summary afterwards (plain text; public once the record is published with it). */
  summary: Generated<string>;
  /** JSON [{ q, a }]: questions raised and answers given, in order. */
  qa: Generated<string>;
  cancelled_at: string | null;
  cancel_reason: string | null;
  cancelled_by: number | null;
  status: RegisterStatus;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

interface OpenDayRegistrationTable {
  id: Generated<number>;
  open_day_id: number;
  receipt_no: string;
  /** Personal data: never public; masked for staff who do not organise the event. */
  name: string;
  phone: string;
  people: number;
  status: RegStatus;
  /** When it moved up from the waiting list. */
  promoted_at: string | null;
  cancelled_at: string | null;
  attended_at: string | null;
  attended_by: number | null;
  created_at: string;
}

interface OpenDayPhotoTable {
  id: Generated<number>;
  open_day_id: number;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  /** Required: what the photo shows (for screen readers and when it does not load). */
  alt: string;
  position: number;
  created_by: number | null;
  created_at: string;
}

export type OpenDayRow = Selectable<OpenDayTable>;
export type RegistrationRow = Selectable<OpenDayRegistrationTable>;
export type PhotoRow = Selectable<OpenDayPhotoTable>;

declare module '../../platform/db/types.ts' {
  interface Database {
    open_days: OpenDayTable;
    open_day_registrations: OpenDayRegistrationTable;
    open_day_photos: OpenDayPhotoTable;
  }
}
