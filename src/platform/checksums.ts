/**
 * Check-digit validators and masking helpers for Chinese identifiers.
 *
 *  - 居民身份证号码 (resident identity number), GB 11643-1999, ISO 7064 MOD 11-2;
 *  - 统一社会信用代码 (unified social credit code), GB 32100-2015;
 *  - 组织机构代码 (organisation code), GB 11714-1997;
 *  - 行政区划代码 (administrative division code), GB/T 2260 and the 9/12-digit
 *    statistical division codes of the National Bureau of Statistics;
 *  - masking of ID numbers, phone numbers and personal names for display.
 *
 * All functions are pure and total: they never throw, and anything that is
 * not a string (e.g. `undefined` from an untyped JSON body) is simply
 * "not valid".  Validators do NOT trim: callers decide what to do with
 * surrounding whitespace.  Latin letters are accepted in either case.
 */
import { clockNow } from './clock.ts';

// ---------------------------------------------------------------------------
// 居民身份证号码 — GB 11643
// ---------------------------------------------------------------------------

/** Weights W_i = 2^(17-i) mod 11 for the 17 body digits. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Check character indexed by (Σ a_i·W_i) mod 11. */
const ID_CHECK_CHARS = '10X98765432';

/** Earliest birth year we accept in an ID number. */
const ID_MIN_BIRTH_YEAR = 1800;

export interface ResidentIdOptions {
  /**
   * "Today", for the not-in-the-future birth date check.  Defaults to the
   * clock of the context (platform/clock.ts).  Compared in local time.
   */
  now?: Date;
}

/** True if y-m-d (1-based month) is a real calendar date. */
function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of month m.
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
}

/**
 * Validate an 18-character resident identity number (GB 11643-1999):
 * 17 digits + check character (digit or X/x), correct ISO 7064 MOD 11-2
 * check, and a birth date (characters 7–14, YYYYMMDD) that is a real
 * calendar date between 1800-01-01 and today.
 *
 * The 6-digit address code is not checked against the division list
 * (codes of abolished divisions stay valid on old cards).  Old 15-digit
 * numbers are rejected.
 *
 * @example isValidResidentId('11010519491231002X') // true
 */
export function isValidResidentId(id: string, options: ResidentIdOptions = {}): boolean {
  if (typeof id !== 'string' || !/^\d{17}[\dXx]$/.test(id)) return false;

  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK_CHARS[sum % 11] !== id[17]!.toUpperCase()) return false;

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < ID_MIN_BIRTH_YEAR || !isRealDate(y, m, d)) return false;

  const now = options.now ?? new Date(clockNow());
  const today = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
  return y * 10000 + m * 100 + d <= today;
}

// ---------------------------------------------------------------------------
// 统一社会信用代码 — GB 32100
// ---------------------------------------------------------------------------

/** The 31 characters of GB 32100 (no I, O, S, V, Z); index = value. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights W_i = 3^(i) mod 31 for positions 1–17. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Validate an 18-character unified social credit code (GB 32100-2015):
 * every character from the 31-character alphabet and the 18th equal to
 * alphabet[(31 − Σ v_i·W_i mod 31) mod 31].
 *
 * Only the GB 32100 check is applied; the embedded organisation code
 * (characters 9–17) is deliberately not re-validated, and the registration
 * authority / entity type codes (characters 1–2) are not checked against
 * their code lists.  Lower-case input is accepted.
 *
 * @example isValidCreditCode('11100000MB0341032Y') // true (国家药品监督管理局)
 */
export function isValidCreditCode(code: string): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  const c = code.toUpperCase();
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(c[i]!);
    if (v < 0) return false;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  const check = CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
  return c[17] === check;
}

// ---------------------------------------------------------------------------
// 组织机构代码 — GB 11714
// ---------------------------------------------------------------------------

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Value of a body character: 0–9 for digits, A=10 … Z=35 for letters. */
function orgCharValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // '0'–'9'
  if (code >= 65 && code <= 90) return code - 55; // 'A'–'Z'
  return -1;
}

/**
 * Validate a 9-character organisation code (GB 11714-1997), written either
 * `XXXXXXXXC` or `XXXXXXXX-C`: 8 body characters (digits / letters) and a
 * check character C = 11 − (Σ v_i·W_i mod 11), where 10 is written `X` and
 * 11 is written `0`.  Lower-case input is accepted.
 *
 * @example isValidOrgCode('19220382-1') // true (华为技术有限公司)
 */
export function isValidOrgCode(code: string): boolean {
  if (typeof code !== 'string') return false;
  const m = /^([0-9A-Z]{8})-?([0-9X])$/.exec(code.toUpperCase());
  if (!m) return false;
  const body = m[1]!;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  const check = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  return m[2] === check;
}

// ---------------------------------------------------------------------------
// 行政区划代码 — GB/T 2260 (6 digits) and statistical 9 / 12-digit codes
// ---------------------------------------------------------------------------

/**
 * First two digits of every province-level division (GB/T 2260), including
 * 71 台湾, 81 香港 and 82 澳门.  This list has been stable since 1997
 * (Chongqing, 50).
 */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/**
 * True if `code` looks like an administrative division code: 6 digits
 * (province / prefecture / county, GB/T 2260), 9 digits (township) or
 * 12 digits (village), starting with a real province prefix.  It is a
 * shape check; the code is not looked up in the current division list.
 *
 * @example isDivisionCode('110105') // true (北京市朝阳区)
 */
export function isDivisionCode(code: string): boolean {
  if (typeof code !== 'string' || !/^(?:\d{6}|\d{9}|\d{12})$/.test(code)) return false;
  return PROVINCE_PREFIXES.has(code.slice(0, 2));
}

// ---------------------------------------------------------------------------
// 索引号 prefix classification
// ---------------------------------------------------------------------------

export type IndexPrefixKind = 'credit-code' | 'org-code' | 'division-code' | 'other';

/**
 * Classify the organisation part of a 信息公开索引号 (the part before the
 * first `/`, e.g. `11100000MB0341032Y` in `11100000MB0341032Y/2024-00012`).
 * Surrounding whitespace is ignored, case is ignored.
 *
 * Order of tests: credit code, organisation code, division code.  A 9-digit
 * string can be both a township division code and a checksum-valid org code;
 * the checksum wins because it is positive evidence (a random 9-digit code
 * passes it only 1 time in 11).
 */
export function classifyIndexPrefix(prefix: string): IndexPrefixKind {
  if (typeof prefix !== 'string') return 'other';
  const p = prefix.trim();
  if (isValidCreditCode(p)) return 'credit-code';
  if (isValidOrgCode(p)) return 'org-code';
  if (isDivisionCode(p)) return 'division-code';
  return 'other';
}

// ---------------------------------------------------------------------------
// Masking for display
// ---------------------------------------------------------------------------

/** Replace the code points of `s` between `keepStart` and `keepEnd` by '*'. */
function maskMiddle(chars: string[], keepStart: number, keepEnd: number): string {
  const n = chars.length;
  return chars.slice(0, keepStart).join('') + '*'.repeat(n - keepStart - keepEnd) + chars.slice(n - keepEnd).join('');
}

/**
 * Mask an identity number for display: keep the 6-character address code
 * and the last 4 characters, mask the rest (which hides the birth date).
 * Input shorter than 11 characters is masked entirely, as keeping 10
 * characters of it would reveal too much.  Surrounding whitespace is trimmed.
 *
 * @example maskIdNumber('11010519491231002X') // '110105********002X'
 */
export function maskIdNumber(id: string): string {
  if (typeof id !== 'string') return '';
  const chars = Array.from(id.trim());
  if (chars.length < 11) return '*'.repeat(chars.length);
  return maskMiddle(chars, 6, 4);
}

/**
 * Mask a phone number for display.  A mainland mobile number (optionally
 * with a +86 / 86 prefix and separators) keeps its first 3 and last 4
 * digits: `13812345678` → `138****5678`, `+86 138-1234-5678` →
 * `+86 138****5678`.  Other numbers of 8+ characters keep the first 3 and
 * last 4 characters; shorter ones are masked entirely.
 */
export function maskPhone(phone: string): string {
  if (typeof phone !== 'string') return '';
  const s = phone.trim();
  const m = /^((?:\+?86)[\s-]*)?(1\d{2})[\s-]*(\d{4})[\s-]*(\d{4})$/.exec(s);
  if (m) return `${m[1] ? m[1].replace(/[\s-]+$/, '') + ' ' : ''}${m[2]}****${m[4]}`;
  const chars = Array.from(s);
  if (chars.length < 8) return '*'.repeat(chars.length);
  return maskMiddle(chars, 3, 4);
}

/**
 * Mask a personal name for display: one character → `*`; two characters →
 * surname + `*` (`张三` → `张*`); three or more → first and last character
 * kept (`张小明` → `张*明`, `欧阳小明` → `欧**明`).  Works on code points, so
 * rare characters outside the BMP count as one character.
 */
export function maskName(name: string): string {
  if (typeof name !== 'string') return '';
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return maskMiddle(chars, 1, 1);
}
