// 政府开放日 (issue 17): the rules as pure functions — phone format, the registration window, seats left, where a
// new registration goes (confirmed or waiting list), who moves up from the waiting list, a registrant's position.
// Times are Beijing local 'YYYY-MM-DD HH:mm' strings (compared as text); tested table-driven in rules.test.ts.

/** Mainland mobile 1[3-9]xxxxxxxxx, or a landline with its area code (0 + 2–3 digits, then 7–8 digits). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;

/**
 * The phone as stored and compared (the same number typed with spaces, hyphens, full-width digits or +86 is one
 * number), or null when it is not a mainland mobile or landline number.
 */
export function normalizePhone(raw: string): string | null {
  let s = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-－—()（）]/g, '');
  if (/^\+?86(1[3-9]\d{9})$/.test(s)) s = s.replace(/^\+?86/, '');
  if (MOBILE.test(s)) return s;
  if (LANDLINE.test(s)) return s;
  return null;
}

export const PHONE_MESSAGE = '请填写正确的手机号码（11 位，如 13812345678）或带区号的固定电话（如 0527-84356789）';

/** A phone for staff who do not need it: 138****5678; landlines keep the area code and the last two digits. */
export function maskPhone(phone: string): string {
  if (MOBILE.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const area = /^0(10|2\d)/.test(phone) ? 3 : 4;
  return `${phone.slice(0, area)}-${'*'.repeat(Math.max(phone.length - area - 2, 1))}${phone.slice(-2)}`;
}

/** A stored phone as people write it: mobiles as they are, landlines with a hyphen after the area code. */
export function formatPhone(phone: string): string {
  if (MOBILE.test(phone) || !LANDLINE.test(phone)) return phone;
  const area = /^0(10|2\d)/.test(phone) ? 3 : 4;
  return `${phone.slice(0, area)}-${phone.slice(area)}`;
}

/** A name for staff who do not need it: 张** (the surname only). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

export type WindowState = 'not-yet' | 'open' | 'closed' | 'cancelled' | 'held';

export const WINDOW_LABELS: Record<WindowState, string> = {
  'not-yet': '尚未开始报名',
  open: '报名中',
  closed: '报名已截止',
  cancelled: '已取消',
  held: '已举办',
};

/**
 * Where registration stands at `now` (Beijing 'YYYY-MM-DD HH:mm'): cancelled events first, then held (the event's
 * day has passed), then the window [opensAt, closesAt) — open from its first minute, closed from closesAt.
 */
export function windowState(e: { opensAt: string; closesAt: string; eventDate: string; cancelled: boolean }, now: string): WindowState {
  if (e.cancelled) return 'cancelled';
  if (now.slice(0, 10) > e.eventDate) return 'held';
  if (now < e.opensAt) return 'not-yet';
  if (now >= e.closesAt) return 'closed';
  return 'open';
}

export type RegStatus = 'confirmed' | 'waiting' | 'cancelled';

export const REG_STATUS_LABELS: Record<RegStatus, string> = { confirmed: '报名成功', waiting: '候补', cancelled: '已取消' };

export interface Reg {
  id: number;
  people: number;
  status: RegStatus;
}

/** Seats not taken by confirmed registrations (never below 0). */
export function seatsLeft(capacity: number, regs: readonly Reg[]): number {
  const taken = regs.reduce((n, r) => n + (r.status === 'confirmed' ? r.people : 0), 0);
  return Math.max(capacity - taken, 0);
}

/**
 * Where a new registration of `people` goes: confirmed when its party fits in the seats left, else the waiting
 * list. (Nobody waiting fits in the seats left — promotion keeps that true — so a party that fits takes no one's turn.)
 */
export function placeRegistration(capacity: number, regs: readonly Reg[], people: number): 'confirmed' | 'waiting' {
  return people <= seatsLeft(capacity, regs) ? 'confirmed' : 'waiting';
}

/**
 * The waiting registrations that move up when seats become free (a cancellation, a larger capacity): in the order
 * they registered (regs in id order), each whose party fits in the seats then left; a party that does not fit keeps
 * its place and the next one that fits moves up.
 */
export function promotions(capacity: number, regs: readonly Reg[]): number[] {
  let left = seatsLeft(capacity, regs);
  const out: number[] = [];
  for (const r of [...regs].sort((a, b) => a.id - b.id)) {
    if (r.status !== 'waiting' || left <= 0) continue;
    if (r.people <= left) {
      out.push(r.id);
      left -= r.people;
    }
  }
  return out;
}

/** A waiting registration's place on the waiting list (1 = next), or null when it is not waiting. */
export function waitingPosition(regs: readonly Reg[], id: number): number | null {
  const waiting = regs.filter((r) => r.status === 'waiting').sort((a, b) => a.id - b.id);
  const i = waiting.findIndex((r) => r.id === id);
  return i < 0 ? null : i + 1;
}

/** Beijing local time of `ms` as 'YYYY-MM-DD HH:mm'. */
export function beijingMinute(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DD HH:mm' (a real date and time) → 'YYYY-MM-DD HH:mm', else null. */
export function parseLocalMinute(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const t = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi));
  if (t.getUTCFullYear() !== +y || t.getUTCMonth() !== +mo - 1 || t.getUTCDate() !== +d || +h > 23 || +mi > 59) return null;
  return `${y}-${mo}-${d} ${h}:${mi}`;
}

export const isTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
