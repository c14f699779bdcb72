// The rules of 政民互动 messages as pure functions (tested table-driven in rules.test.ts with real dates):
// the reply deadline in working days per type on the platform's calendar (provisional when a year's
// holiday schedule is missing), overdue, the inspection single-veto flag (unanswered more than 3 months,
// domain.md §5.1), satisfaction labels, the receipt code and its second factor, and what the public sees
// of a message (personal data masked with the pii feature's detector).
//
// Deadline rules (documented in README of the feature, module.ts):
//  - A message's clock starts on the day it is received (Beijing date); the deadline is the N-th working
//    day strictly after that day (N per type, default 5).
//  - A transfer to another unit restarts the clock at the receiving unit on the day of the transfer
//    (the receiving unit gets its full N working days); the 3-month flag keeps counting from the first
//    receipt — the writer has waited that long whatever the units did.
//  - Answered on time: the reply was published on or before the deadline in force.
import { randomInt } from 'node:crypto';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { detect, maskText } from '../pii/public.ts';

export const TYPES = ['consult', 'suggest', 'complaint', 'opinion'] as const;
export type MessageType = (typeof TYPES)[number];
export const TYPE_LABELS: Record<MessageType, string> = { consult: '咨询', suggest: '建议', complaint: '投诉求助', opinion: '对决策执行的意见' };
export const isType = (v: unknown): v is MessageType => typeof v === 'string' && (TYPES as readonly string[]).includes(v);

export const STATUSES = ['open', 'review', 'replied', 'merged'] as const;
export type MessageStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<MessageStatus, string> = { open: '办理中', review: '答复待审核', replied: '已答复', merged: '已合并办理' };

export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

export const SOURCES = ['web', '12345'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = { web: '网上留言', '12345': '12345 热线' };

const DEFAULT_REPLY_DAYS = 5;
/** Unanswered longer than this many calendar months: the inspection single-veto item. */
const VETO_MONTHS = 3;
export const BODY_LIMIT = 3000;
export const TITLE_LIMIT = 100;
export const REPLY_LIMIT = 10_000;

/**
 * Reply days per type from the environment: MESSAGE_REPLY_DAYS (all types, default 5) and
 * MESSAGE_REPLY_DAYS_CONSULT / _SUGGEST / _COMPLAINT / _OPINION (one type), each 1–60 working days.
 */
export function replyDays(env: Record<string, string | undefined> = process.env): Record<MessageType, number> {
  const int = (v: string | undefined) => (v && /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 60 ? Number(v) : null);
  const all = int(env.MESSAGE_REPLY_DAYS) ?? DEFAULT_REPLY_DAYS;
  const out = {} as Record<MessageType, number>;
  for (const t of TYPES) out[t] = int(env[`MESSAGE_REPLY_DAYS_${t.toUpperCase()}`]) ?? all;
  return out;
}

export interface Deadline {
  dueOn: string;
  provisional: boolean;
  reason: string;
}

/** The reply deadline: the `days`-th working day strictly after `from` (the day received or transferred). */
export function replyDeadline(calendar: WorkCalendar, from: string, days: number): Deadline {
  const r = calendar.addWorkingDays(from, days);
  return { dueOn: r.date, provisional: r.provisional, reason: r.reason };
}

/** `iso` plus `n` calendar months; a day past the month's end is clamped (2026-11-30 + 3 → 2027-02-28). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The cutoff of the single-veto flag today: a message received before it (more than 3 calendar months
 * ago, counted back from today and clamped at the month end) and still unanswered is flagged. The SQL of
 * the inbox and the console home use the same date.
 */
export const vetoCutoff = (today: string) => addMonths(today, -VETO_MONTHS);

export interface ClockFacts {
  status: MessageStatus;
  receivedOn: string;
  dueOn: string;
  repliedOn: string | null;
}

/** Whether the message is waiting for its answer (not replied, not merged into another). */
export const isOpen = (s: MessageStatus) => s === 'open' || s === 'review';

/** Unanswered and past its deadline today. */
export function isOverdue(m: ClockFacts, today: string): boolean {
  return isOpen(m.status) && today > m.dueOn;
}

/** Unanswered for more than 3 months (the single-veto item of the inspection, domain.md §5.1). */
export function isVeto(m: ClockFacts, today: string): boolean {
  return isOpen(m.status) && m.receivedOn < vetoCutoff(today);
}

/** Answered on time: the reply's date is on or before the deadline in force. */
export function onTime(m: ClockFacts): boolean | null {
  if (m.status !== 'replied' || !m.repliedOn) return null;
  return m.repliedOn <= m.dueOn;
}

/** The status line of the console and the 查询 page. */
export function clockText(m: ClockFacts, today: string): string {
  if (m.status === 'replied') return onTime(m) ? '已按期答复' : `已答复（超过期限 ${m.dueOn}）`;
  if (m.status === 'merged') return '已与同类留言合并办理';
  if (isVeto(m, today)) return `超过 3 个月未答复（${m.receivedOn} 收到）`;
  if (isOverdue(m, today)) return `已超期（答复期限 ${m.dueOn}）`;
  return `答复期限 ${m.dueOn}`;
}

// ---- receipt codes ------------------------------------------------------------------------------

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT_PATTERN = /^LY\d{8}-[2-9A-Z]{6}$/;

export function receiptCode(today: string): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `LY${today.replace(/-/g, '')}-${s}`;
}

/** Normalises what the writer typed (lower case, spaces, full-width characters). */
export function normalizeReceipt(v: string): string {
  return v
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * The second factor of the 查询 page: the last 4 digits of the phone given, or (when only an e-mail was
 * given) the e-mail address itself. Compared case-insensitively, spaces ignored.
 */
export function secondFactorMatches(contact: { phone: string | null; email: string | null }, given: string): boolean {
  const g = given.replace(/\s+/g, '').toLowerCase();
  if (!g) return false;
  if (contact.phone) return /^\d{4}$/.test(g) && contact.phone.replace(/\D/g, '').endsWith(g);
  return !!contact.email && contact.email.toLowerCase() === g;
}

// ---- contact checks -------------------------------------------------------------------------------

export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const EMAIL = /^[^\s@<>"]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,24}$/;

// ---- what the public sees -------------------------------------------------------------------------

/** Text shown publicly: personal data (ID numbers, phones, bank cards, e-mails, addresses …) masked. */
export function publicText(text: string): string {
  return maskText(text, detect(text));
}

/** The writer's name as staff without the contact right see it (张*明); the public never sees it. */
export function maskPhone(p: string | null): string {
  if (!p) return '';
  const d = p.replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
}
export function maskEmail(e: string | null): string {
  if (!e) return '';
  const at = e.indexOf('@');
  return at > 0 ? `${e.slice(0, 1)}***${e.slice(at)}` : '***';
}
