// Detection of personal information in text (发布前把关): pure functions, no I/O. Checksums cut false
// positives — an 18-digit number failing GB 11643 is not a resident ID, a 16–19-digit number failing Luhn
// is not a bank card. Full-width digits and letters count as their ASCII forms (positions are kept: the
// conversion is one UTF-16 unit for one); a single space or hyphen between digit groups is part of the
// number (`138 1234 5678`, `6222-0202-0000-1234`); a number inside a longer run of digits or letters is
// not a match (order numbers, 索引号 serials, product codes).
import { isDivisionCode, isValidCreditCode, isValidResidentId } from '../../platform/checksums.ts';
import { clockNow } from '../../platform/clock.ts';
import { maskFinding } from './mask.ts';

export const PII_TYPES = ['resident-id', 'phone', 'bank-card', 'credit-code', 'email', 'passport', 'permit', 'address'] as const;
export type PiiType = (typeof PII_TYPES)[number];

export const TYPE_LABELS: Record<PiiType | 'unscannable', string> = {
  'resident-id': '居民身份证号码',
  phone: '电话号码',
  'bank-card': '银行卡号',
  'credit-code': '统一社会信用代码',
  email: '电子邮箱',
  passport: '护照号码',
  permit: '港澳台通行证号码',
  address: '详细住址',
  unscannable: '无法检查的附件',
};

/** 'block': must be masked (or overridden) before publication; 'info': reported only (public by law or an office's own contact). */
type Severity = 'block' | 'info';

export interface Finding {
  type: PiiType;
  /** Where in the record: title, summary, body, attachment, text. */
  field: string;
  /** Human-readable place: 标题, 正文, 附件“名单.xlsx” 工作表1 第3行 C列, 第2页… */
  location: string;
  /** UTF-16 offsets in the scanned text (of the cell, for spreadsheets). */
  start: number;
  end: number;
  masked: string;
  severity: Severity;
}

/** A raw match before it is given a field and location. */
export interface Match {
  type: PiiType;
  start: number;
  end: number;
  /** The identifier as written (separators kept). */
  value: string;
  /** Digits/letters only, upper case (what the checksum saw). */
  norm: string;
  severity: Severity;
}

export interface DetectOptions {
  /** "Today" for the birth-date check of resident IDs. */
  now?: Date;
}

// ---- normalisation --------------------------------------------------------------------------------

/** Full-width digits, letters and ＠．－ to half-width; one unit for one, so offsets stay valid. */
function halfWidth(text: string): string {
  // Only what numbers, codes and addresses are made of (digits, letters, ＠．－ and the ideographic space):
  // Chinese punctuation （），：； is everywhere and needs no conversion. One pass over the character codes
  // into one buffer (no callback and no string per converted character).
  if (!WIDE.test(text)) return text;
  const n = text.length;
  const buf = new Uint16Array(n);
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    buf[k] = c === 0x3000 ? 32 : isWide(c) ? c - 0xfee0 : c;
  }
  return UTF16.decode(buf);
}

// ignoreBOM: a leading U+FEFF stays (offsets must not move); a lone surrogate becomes U+FFFD, which no pattern matches either.
const WIDE = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0e\uff0d\u3000]/;
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
/** ０-９ Ａ-Ｚ ａ-ｚ ＠ ． － and the ideographic space. */
function isWide(c: number): boolean {
  return c >= 0xff0d ? (c >= 0xff10 && c <= 0xff19) || (c >= 0xff20 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) || c === 0xff0d || c === 0xff0e : c === 0x3000;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlnum = (c: string | undefined) => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
/** Character-code forms (no one-character strings): NaN (past the end) is neither. */
const dAt = (t: string, i: number) => {
  const c = t.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const anAt = (t: string, i: number) => {
  const c = t.charCodeAt(i) | 0x20;
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
};
/** Separators allowed between the digit groups of one number: space, hyphen, U+2010–2013 dashes, no-break space. */
const isSep = (c: number) => c === 32 || c === 45 || c === 0xa0 || (c >= 0x2010 && c <= 0x2013);

// ---- digit groups ---------------------------------------------------------------------------------

interface Group {
  start: number;
  end: number; // exclusive
  digits: string; // may end with X for a resident ID
}

/**
 * Runs of digit groups joined by single separators, each run not touching a letter or digit at either
 * end. A run like `2023-12-01 13812345678` gives groups 2023 | 12 | 01 | 13812345678.
 */
const BOUNDS = new Int32Array(128);

/** Calls `visit(ng)` for each run in order, its groups' [start, end) in BOUNDS[0 .. 2·ng). */
function groupRuns(t: string, visit: (ng: number) => void): void {
  let i = 0;
  const n = t.length;
  const nextDigit = /\d/g;
  while (i < n) {
    if (!dAt(t, i)) {
      // test() (not exec): the native scan to the next digit without a match object.
      nextDigit.lastIndex = i;
      if (!nextDigit.test(t)) break;
      i = nextDigit.lastIndex - 1;
    }
    if (anAt(t, i - 1) || (t.charCodeAt(i - 1) === 46 && dAt(t, i - 2))) {
      // Skip the whole alnum token so its inner digits are not a fresh start.
      while (i < n && anAt(t, i)) i++;
      continue;
    }
    // Group boundaries go to a reused buffer; objects are made only for runs long enough to matter.
    let ng = 0;
    let total = 0;
    let j = i;
    for (;;) {
      const s = j;
      while (j < n && dAt(t, j)) j++;
      let e = j;
      const cj = t.charCodeAt(j);
      const x = cj === 88 || cj === 120;
      if (x && !anAt(t, j + 1)) e = ++j;
      // A group glued to letters (ABC123 or 123ABC) ends the run and is not usable.
      if (anAt(t, j)) {
        while (j < n && anAt(t, j)) j++;
        break;
      }
      // A decimal (13812345678.50) is an amount, not a number to match.
      if (t.charCodeAt(j) === 46 && dAt(t, j + 1)) {
        while (j < n && (dAt(t, j) || t.charCodeAt(j) === 46)) j++;
        break;
      }
      if (ng < 64) (BOUNDS[2 * ng] = s), (BOUNDS[2 * ng + 1] = e), ng++;
      total += e - s;
      if (!x && isSep(t.charCodeAt(j)) && dAt(t, j + 1)) {
        j++;
        continue;
      }
      break;
    }
    // Only runs that can hold an identifier (10+ characters of digits) are worth looking at.
    if (total >= 10) visit(ng);
    i = Math.max(j, i + 1);
  }
}

/** The digits of t[s, e), a trailing x written X. */
function digitsAt(t: string, s: number, e: number): string {
  return t.charCodeAt(e - 1) === 120 ? t.slice(s, e - 1) + 'X' : t.slice(s, e);
}

// ---- classifiers ----------------------------------------------------------------------------------

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A 15-digit identity number (before 1999): area code with a real province prefix, YYMMDD a real date, 3-digit sequence. */
export function isLegacyResidentId(s: string): boolean {
  if (!/^\d{15}$/.test(s) || !isDivisionCode(s.slice(0, 6)) || s.slice(2, 6) === '0000') return false;
  return isRealDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
}

export function luhn(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = s.charCodeAt(s.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers issued to people in China: UnionPay 62/60/9x, Visa 4, Mastercard 51–55/2221–2720, JCB 35, Amex 37. */
function isCardPrefix(s: string): boolean {
  return /^(?:62|60|4|5[1-5]|35|37|9[0-9]|2[2-7])/.test(s);
}

/** Looks like a resident ID with a wrong check digit (area code + birth date): a mistyped ID, not a bank card. */
function looksLikeId(s: string): boolean {
  return s.length === 18 && isDivisionCode(s.slice(0, 6)) && isRealDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))) && /^(?:18|19|20)/.test(s.slice(6, 10));
}

const MOBILE = /^1[3-9]\d{9}$/;

function classifyNumber(d: string, opts: DetectOptions): PiiType | null {
  const len = d.length;
  if (len === 18 && isValidResidentId(d, opts) && isDivisionCode(d.slice(0, 6))) return 'resident-id';
  if (d.charCodeAt(len - 1) === 88) return null; // X: only a resident ID ends with it
  if (len === 15 && isLegacyResidentId(d)) return 'resident-id';
  if (len === 11 && MOBILE.test(d)) return 'phone';
  if (len >= 16 && len <= 19 && isCardPrefix(d) && luhn(d) && !looksLikeId(d)) return 'bank-card';
  return null;
}

// Office numbers (咨询电话 0527-84356789) are the office's own contact, published on purpose: a landline is
// 'info' only right after one of these labels — a bracketed qualifier may follow the label (咨询电话（工作日）：)
// — or after 联系电话 / 电话 in a clause without personal markers; mobiles always block. A landline
// continuing a list after an office number (电话：0527-84351234、84352345) is the office's too.
const QUALIFIER = '(?:[（(][^（）()\\n]{1,12}[)）])?[：:\\s]*$';
const OFFICE_LABEL = new RegExp(`(?:(?:咨询|办公|监督|举报|投诉|服务|值班|受理|查询)电话|热线|传真|总机)${QUALIFIER}`);
// 电话 alone or 联系电话 (家庭电话, 住宅电话, 手机 are not it: the character before 电话 must not be a CJK one, except 联系).
const CONTACT_LABEL = new RegExp(`(?:^|[^\\u4e00-\\u9fa5]|联系)电话${QUALIFIER}`);
/** Words that make a clause about a person (a household, an applicant), not about an office. */
const PERSONAL = /姓名|身份证|公民身份号码|户主|家庭住址|家住|现住址|住址|户籍|申请人|本人|家属|监护人|病人|患者/;
const CLAUSE_END = /[。；;！!？?\n]/;

/** A landline at `start` (optionally after an opening bracket) is an office's published number. */
function officeLandline(t: string, start: number): boolean {
  let at = start;
  const b = t.charCodeAt(at - 1);
  if (b === 0xff08 || b === 40) at--; // （0527-84351234） or （0527）84351234 after the label
  const before = t.slice(Math.max(0, at - 32), at);
  if (OFFICE_LABEL.test(before)) return true;
  if (!CONTACT_LABEL.test(before)) return false;
  // The clause around the number: back to the last sentence end (at most 80 characters), on to the next.
  let a = at;
  while (a > 0 && at - a < 80 && !CLAUSE_END.test(t[a - 1]!)) a--;
  let z = start;
  while (z < t.length && z - start < 80 && !CLAUSE_END.test(t[z]!)) z++;
  return !PERSONAL.test(t.slice(a, z));
}

/** An office landline is followed by another number in a list: 、，, / ／ 或 及 和 (and spaces). */
const LIST_SEP = /^\s*[、，,/／或及和]?\s*$/;

/** Numbers made of digit groups: resident IDs, mobile phones, bank cards; landlines (area code 0xx). */
function numberMatches(t: string, opts: DetectOptions, digitRuns18: { index: number; len: number }[]): Match[] {
  const out: Match[] = [];
  groupRuns(t, (ng) => {
    if (ng === 1) {
      const start = BOUNDS[0]!;
      const end = BOUNDS[1]!;
      const len = end - start;
      if (len < 10 || len > 19) return;
      if (len === 18) digitRuns18.push({ index: start, len });
      const digits = digitsAt(t, start, end);
      const type = classifyNumber(digits, opts);
      if (type) out.push({ type, start, end, value: t.slice(start, end), norm: digits, severity: 'block' });
      else if ((len === 11 || len === 12) && t.charCodeAt(start) === 48 && /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/.test(digits)) {
        const severity: Severity = officeLandline(t, start) ? 'info' : 'block';
        out.push({ type: 'phone', start, end, value: t.slice(start, end), norm: digits, severity });
      }
      return;
    }
    // The run's digits as one string; group k is all[off[k], off[k + 1]).
    const run: Group[] = [];
    let all = '';
    const off = [0];
    for (let k = 0; k < ng; k++) {
      const g = { start: BOUNDS[2 * k]!, end: BOUNDS[2 * k + 1]!, digits: digitsAt(t, BOUNDS[2 * k]!, BOUNDS[2 * k + 1]!) };
      run.push(g);
      all += g.digits;
      off.push(all.length);
    }
    const used = new Array<boolean>(run.length).fill(false);
    // Longest combination of consecutive groups first (a card in 4-digit groups before any one group).
    const cands: { i: number; j: number; type: PiiType; digits: string }[] = [];
    for (let i = 0; i < run.length; i++) {
      const gi = run[i]!.digits.length;
      const area = (gi === 3 || gi === 4) && run[i]!.digits.charCodeAt(0) === 48 && !run[i]!.digits.endsWith('X');
      for (let j = i; j < run.length; j++) {
        const len = off[j + 1]! - off[i]!;
        if (len > 19) break;
        if (len < 10) continue;
        const digits = all.slice(off[i]!, off[j + 1]!);
        const type = classifyNumber(digits, opts);
        if (type) cands.push({ i, j, type, digits });
        else if (area && j > i) {
          // Landline: area code group then a 7–8-digit local number (one inner hyphen allowed).
          const local = digits.slice(gi);
          if (/^[2-9]\d{6,7}$/.test(local) && !/^0(?:400|800)/.test(digits)) cands.push({ i, j, type: 'phone', digits });
        } else if (j === i && !area && /^0\d{9,11}$/.test(digits) && /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/.test(digits) && (digits.length === 11 || digits.length === 12)) {
          cands.push({ i, j, type: 'phone', digits });
        }
      }
    }
    cands.sort((a, b) => b.digits.length - a.digits.length || a.i - b.i);
    for (const c of cands) {
      let free = true;
      for (let k = c.i; k <= c.j; k++) if (used[k]) free = false;
      if (!free) continue;
      for (let k = c.i; k <= c.j; k++) used[k] = true;
      const start = run[c.i]!.start;
      const end = run[c.j]!.end;
      let severity: Severity = 'block';
      if (c.type === 'phone' && c.digits.startsWith('0') && officeLandline(t, start)) severity = 'info';
      out.push({ type: c.type, start, end, value: t.slice(start, end), norm: c.digits, severity });
    }
  });
  // Landlines written with the area code in brackets: (0527)84356789, （0527）8435-6789.
  let bracketed = false;
  for (const m of t.matchAll(/[（(](0\d{2,3})[)）][ -]?([2-9]\d{2,3})-?(\d{4})(?![0-9A-Za-z])/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (out.some((o) => o.start < end && start < o.end)) continue;
    const local = m[2]! + m[3]!;
    if (local.length < 7) continue;
    const severity: Severity = officeLandline(t, start) ? 'info' : 'block';
    out.push({ type: 'phone', start, end, value: m[0], norm: m[1]! + local, severity });
    bracketed = true;
  }
  if (bracketed) out.sort((a, b) => a.start - b.start);
  // A landline listed right after an office landline (、 ， / 或 and spaces between) is the office's too.
  for (let k = 1; k < out.length; k++) {
    const m = out[k]!;
    const prev = out[k - 1]!;
    if (m.type !== 'phone' || m.severity !== 'block' || !m.norm.startsWith('0') || prev.type !== 'phone' || prev.severity !== 'info' || !prev.norm.startsWith('0')) continue;
    if (m.start - prev.end <= 3 && LIST_SEP.test(t.slice(prev.end, m.start))) m.severity = 'info';
  }
  return out;
}

const CREDIT_RE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/i;
/** . _ % + - */
const LOCAL_EXTRA = new Set([46, 95, 37, 43, 45]);
const EMAIL_AT = /^[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,10}/;
// 护照: E + 8 digits, E + letter + 7 digits (2019 on), G + 8 digits (before 2012), P/S/D(E) + 7 digits (official).
const PASSPORT_RE = /^(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|(?:DE|SE|PE|[DSP])\d{7})$/;
// 港澳居民来往内地通行证 H/M + 8 (or 10) digits; 往来港澳通行证 C + 8 digits or C + letter + 7 digits;
// 台湾居民来往大陆通行证 8 digits (with its name close before it) or 10 digits + letter (older).
const PERMIT_RE = /^(?:[HM]\d{8}(?:\d{2})?|C[0-9A-HJ-NP-Z]\d{7}|T\d{8})$/;
const TW_PERMIT_RE = /(?:台胞证|台湾居民来往大陆通行证|通行证)(?:号码?|号)?[：:\s]*(\d{8}|\d{10}[A-Z]?)(?![0-9A-Za-z])/g;
// 详细住址: (省/市/区/县/镇/街道 …) + 路/街/巷 + 号 + 栋/幢 + 单元 + 室 — a street number alone (an office) is not.
const ADDRESS_RE = /((?:[\u4e00-\u9fa5]{1,8}(?:省|自治区|市))?(?:[\u4e00-\u9fa5]{1,8}?(?:市|区|县|旗))?(?:[\u4e00-\u9fa5]{1,8}?(?:镇|乡|街道))?[\u4e00-\u9fa5A-Za-z0-9]{1,12}?(?:大道|路|街|巷|弄|道|小区|花园|新村|苑))((?:\d{1,5}(?:-\d{1,4})?号(?:院)?)?(?:[\dA-Za-z]{1,4}(?:栋|幢|号楼|座))?(?:\d{1,3}单元)?(?:\d{1,5}室)?)/g;

/** Alphanumeric tokens of 8–18 characters that contain a letter (codes, passports, permits). */
function letterTokens(t: string): { index: number; len: number }[] {
  const out: { index: number; len: number }[] = [];
  const n = t.length;
  const nextAlnum = /[0-9A-Za-z]/g;
  for (let i = 0; i < n; ) {
    if (!anAt(t, i)) {
      nextAlnum.lastIndex = i;
      if (!nextAlnum.test(t)) break;
      i = nextAlnum.lastIndex - 1;
    }
    const a = i;
    let letter = false;
    for (; i < n && anAt(t, i); i++) if (!letter && !dAt(t, i)) letter = true;
    if (letter && i - a >= 8 && i - a <= 18) out.push({ index: a, len: i - a });
  }
  return out;
}

/**
 * The tokens (maximal runs of ASCII letters and digits) whose length fits and that `re` — anchored, the
 * whole token — matches: an identifier bounded by (?<![0-9A-Za-z]) … (?![0-9A-Za-z]) can only be a whole token.
 */
function* onTokens(t: string, tokens: { index: number; len: number }[], re: RegExp, minLen: number, maxLen: number): Generator<{ index: number; value: string }> {
  for (const tok of tokens) {
    if (tok.len < minLen || tok.len > maxLen) continue;
    const value = t.slice(tok.index, tok.index + tok.len);
    if (re.test(value)) yield { index: tok.index, value };
  }
}

function patternMatches(t: string, digitRuns18: { index: number; len: number }[]): Match[] {
  const out: Match[] = [];
  const tokens = letterTokens(t);
  for (const m of onTokens(t, [...tokens, ...digitRuns18], CREDIT_RE, 18, 18)) {
    const v = m.value.toUpperCase();
    if (/^\d+$/.test(v) && (isValidResidentId(v) || looksLikeId(v))) continue; // an ID (or a mistyped one), not a code
    // Registration authority 1–9/A/N/Y and a real division code in characters 3–8 (GB 32100), then the check character.
    if (/^[1-9ANY]/.test(v) && (v.slice(2, 8) === '100000' || isDivisionCode(v.slice(2, 8))) && isValidCreditCode(v)) out.push({ type: 'credit-code', start: m.index, end: m.index + v.length, value: m.value, norm: v, severity: 'info' });
  }
  // E-mail: around each @, the local part to the left and the domain to the right, checked anchored.
  let lastAt = -1;
  for (let at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
    if (at < lastAt) continue;
    let a = at;
    while (a > 0 && at - a < 64 && (anAt(t, a - 1) || LOCAL_EXTRA.has(t.charCodeAt(a - 1)))) a--;
    let b = at + 1;
    while (b < t.length && b - at < 255 && (anAt(t, b) || t.charCodeAt(b) === 46 || t.charCodeAt(b) === 45)) b++;
    const m = EMAIL_AT.exec(t.slice(a, b));
    if (!m) continue;
    const v = m[0].replace(/[.-]+$/, '');
    if (!/\.[A-Za-z]{2,10}$/.test(v) || isAlnum(t[a + v.length])) continue;
    m.index = a;
    lastAt = a + v.length;
    const severity: Severity = /\.gov\.cn$/i.test(v) ? 'info' : 'block';
    out.push({ type: 'email', start: m.index!, end: m.index! + v.length, value: v, norm: v.toLowerCase(), severity });
  }
  for (const m of onTokens(t, tokens, PASSPORT_RE, 8, 9)) {
    out.push({ type: 'passport', start: m.index, end: m.index + m.value.length, value: m.value, norm: m.value, severity: 'block' });
  }
  for (const m of onTokens(t, tokens, PERMIT_RE, 9, 11)) {
    out.push({ type: 'permit', start: m.index, end: m.index + m.value.length, value: m.value, norm: m.value, severity: 'block' });
  }
  for (const m of t.matchAll(TW_PERMIT_RE)) {
    const start = m.index! + m[0].length - m[1]!.length;
    out.push({ type: 'permit', start, end: start + m[1]!.length, value: m[1]!, norm: m[1]!, severity: 'block' });
  }
  // Addresses: only around a 室 or 单元 (the expensive pattern runs on a short window, not the whole text).
  let lastEnd = -1;
  for (const hit of t.matchAll(/室|单元/g)) {
    if (!isDigit(t[hit.index! - 1])) continue;
    const from = Math.max(0, lastEnd, hit.index! - 52);
    if (from >= hit.index! + hit[0].length) continue;
    const win = t.slice(from, hit.index! + hit[0].length + 12);
    for (const m of win.matchAll(ADDRESS_RE)) {
      const head = m[1]!;
      const tail = m[2]!;
      if (!/号/.test(tail) || !/(?:室|单元)/.test(tail)) continue;
      if (!/(?:省|市|区|县|旗|镇|乡|街道)/.test(head)) continue;
      // Words before the place name (家住、现住址、户籍地) are not part of the address.
      const lead = /^[\u4e00-\u9fa5]*?(?:现住址|家庭住址|家住|现住|住址|居住在|居住于|居住|住在|户籍地|户籍|地址|位于)/.exec(m[0]);
      const skip = lead && lead[0].length < head.length ? lead[0].length : 0;
      const start = from + m.index! + skip;
      const value = m[0].slice(skip);
      out.push({ type: 'address', start, end: start + value.length, value, norm: value, severity: 'block' });
      lastEnd = start + value.length;
    }
  }
  return out;
}

/** Every identifier in `text`, in order of position; overlapping matches keep the first, longer one. */
export function detect(text: string, opts: DetectOptions = {}): Match[] {
  if (typeof text !== 'string' || !text) return [];
  const t = halfWidth(text);
  // All-digit 18-character runs can be credit codes too (the letter tokens do not include them).
  const digitRuns18: { index: number; len: number }[] = [];
  // One "today" for every birth-date check of this text.
  if (!opts.now) opts = { ...opts, now: new Date(clockNow()) };
  // Two lists each sorted by position (number matches come out in order), merged: no sort of the whole.
  const byPos = (a: Match, b: Match) => a.start - b.start || b.end - b.start - (a.end - a.start);
  const nums = numberMatches(t, opts, digitRuns18);
  const pats = patternMatches(t, digitRuns18).sort(byPos);
  const all: Match[] = [];
  for (let i = 0, j = 0; i < nums.length || j < pats.length; ) {
    if (j >= pats.length || (i < nums.length && byPos(nums[i]!, pats[j]!) <= 0)) all.push(nums[i++]!);
    else all.push(pats[j++]!);
  }
  const out: Match[] = [];
  for (const m of all) {
    const prev = out[out.length - 1];
    if (prev && m.start < prev.end) {
      // An e-mail or address containing a number already found: keep the wider one.
      if (m.end - m.start > prev.end - prev.start && m.start === prev.start) out[out.length - 1] = m;
      continue;
    }
    // Keep the original characters (full-width ones too) for masking.
    if (t !== text) m.value = text.slice(m.start, m.end);
    out.push(m);
  }
  return out;
}

/** Findings of one piece of text, placed at `field` / `location`. */
export function findingsIn(text: string, field: string, location: string, opts: DetectOptions = {}): Finding[] {
  return detect(text, opts).map((m) => ({ type: m.type, field, location, start: m.start, end: m.end, masked: maskFinding(m), severity: m.severity }));
}
