// Display formatting in Beijing time (UTC+8, no DST).
import { clockNow } from '../clock.ts';

const OFFSET_MS = 8 * 3600 * 1000;

/** '2020-10-12T01:00:00.000Z' → '2020-10-12' (Beijing date). Dates pass through. */
export function fmtDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return '';
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/** '2020-10-12 09:00' in Beijing time. */
export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const t = Date.parse(value);
  if (Number.isNaN(t)) return '';
  return new Date(t + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today's date in Beijing as 'YYYY-MM-DD'. */
export function todayBeijing(now = clockNow()): string {
  return new Date(now + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants (UTC ISO) bounding a Beijing calendar year — 00:00 on 1 January to 00:00 on the next — for columns of UTC timestamps. */
export function beijingYear(year: number): { from: string; to: string } {
  return { from: `${year - 1}-12-31T16:00:00.000Z`, to: `${year}-12-31T16:00:00.000Z` };
}

/** Parses a 'YYYY-MM-DDTHH:mm' local (Beijing) input into an ISO instant, or null. */
export function beijingLocalToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00'] = m;
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi) - OFFSET_MS;
  const check = new Date(t + OFFSET_MS);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return null;
  return new Date(t).toISOString();
}

export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The one ISO-date check (platform/calendar): a real calendar date 'YYYY-MM-DD'. */
export { isIsoDate } from '../calendar/calendar.ts';
