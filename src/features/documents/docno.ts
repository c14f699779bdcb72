/**
 * 文号 (发文字号, official document number) parser and normaliser.
 *
 * A Chinese government document number normally has three parts:
 *
 *     宿城政办发〔2020〕12号
 *     └───┬───┘ └─┬─┘ └┬┘
 *     机关代字   年份  序号
 *     (issuer)  (year) (sequence)
 *
 * Real data scraped from government websites is far less tidy than the
 * standard (GB/T 9704) form.  This module accepts, among others:
 *
 *  - any of the bracket pairs 〔〕 [] ［］ () （） 【】 〈〉 ﹝﹞ 〖〗 《》, even
 *    mismatched ones (`晋政办发(2017〕109号` occurs in real data);
 *  - no brackets at all, when year and sequence are still separable:
 *    `宿城政办发2020 12号`, `国发2020年12号`;
 *  - stray spaces anywhere (`豫政 〔 2021 〕68 号`), zero-width characters,
 *    full-width digits (`1２号`) and full-width punctuation;
 *  - a leading label such as `发文字号：` or `文号:`;
 *  - a missing trailing 号, leading zeros in the sequence (`〔2020〕012号`);
 *  - a sequence suffix such as `12-1号` (kept in `suffix`);
 *  - several numbers joined by 、 ， , ； ; — only the FIRST one is parsed
 *    (e.g. `国发〔2020〕1号、国发〔2020〕2号` → `国发〔2020〕1号`);
 *  - empty bracket pairs left over by scraping (`渝府发〔2000〕48号〔〕`).
 *
 * Three shapes ("styles") are recognised:
 *
 *  - `bracket`:  `<issuer>〔<year>〕<seq>号` — the standard form, also used for
 *                bracket-less variants such as `国发2020年12号`.
 *  - `annual`:   `<issuer><year>年第<seq>号` — how 公告 and some 令 are
 *                numbered, e.g. `国家税务总局公告2015年第41号`.
 *  - `ordinal`:  `<issuer>第<seq>号` — numbers without a year, mostly
 *                government decrees (令), e.g. `国务院令第732号`,
 *                `省政府令 第219号`.  For this style `year` is ABSENT: the
 *                sequence runs across years (per government term), so no
 *                year can be inferred.
 *
 * `normalized` is the canonical spelling for the detected style:
 *   bracket → `<issuer>〔<year>〕<seq>号`
 *   annual  → `<issuer><year>年第<seq>号`
 *   ordinal → `<issuer>第<seq>号`
 * (with `-<suffix>` inserted before 号 when a suffix is present).  The issuer
 * has all whitespace removed, digits are half-width and the sequence has no
 * leading zeros.  Years are limited to 1949–2100.
 *
 * All functions here are pure: no I/O, no globals.
 */

/** Successful parse result. */
interface DocNoParsed {
  ok: true;
  /** 机关代字 (issuer abbreviation), whitespace removed, e.g. `宿城政办发`. */
  issuer: string;
  /**
   * Four-digit year (1949–2100).  Absent only for `ordinal` numbers
   * (`国务院令第732号`), which carry no year.
   */
  year?: number;
  /** Sequence number, without leading zeros. */
  seq: number;
  /** Sequence suffix, e.g. `1` for `12-1号`. */
  suffix?: string;
  /** Which shape the number has; see the module comment. */
  style: DocNoStyle;
  /** Canonical spelling, e.g. `宿城政办发〔2020〕12号`. */
  normalized: string;
}

/** Failed parse result; `reason` is a user-visible message in Chinese. */
interface DocNoParseError {
  ok: false;
  reason: string;
}

type DocNoStyle = 'bracket' | 'annual' | 'ordinal';

export type DocNoResult = DocNoParsed | DocNoParseError;

/** Earliest / latest year accepted for a 文号. */
const DOCNO_MIN_YEAR = 1949;
const DOCNO_MAX_YEAR = 2100;

/** Longest sequence number we accept (in digits); guards against junk. */
const MAX_SEQ_DIGITS = 6;

/**
 * Longest input (after clean-up, before splitting several numbers) we run
 * the patterns on.  Real values are < 40 characters; the cap keeps the
 * backtracking regexes cheap on hostile input from a search box.
 */
const MAX_INPUT_LENGTH = 200;

/** Longest issuer we accept (in code points); real ones are < 20. */
const MAX_ISSUER_LENGTH = 40;

// ---------------------------------------------------------------------------
// Text clean-up
// ---------------------------------------------------------------------------

/**
 * Opening / closing brackets accepted around the year, AFTER NFKC
 * normalisation (which already maps ［］→[], （）→(), ﹝﹞→〔〕).  Any opening
 * bracket may be closed by any closing bracket: mismatches occur in real data.
 */
const OPEN = '〔\\[(【〈〖《<{';
const CLOSE = '〕\\])】〉〗》>}';

/** Zero-width and other invisible characters seen in scraped text. */
const INVISIBLE_RE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;

/** Labels that scraped pages put in front of the number. */
const PREFIX_RE = /^(?:发文字号|发文文号|发文编号|文件字号|文件编号|文件号|发文号|字号|文号|编号)\s*[:：]?\s*/;

/** Separators between several numbers in one field. */
const MULTI_SEPARATOR_RE = /[、，,；;]/;

/** Empty bracket pairs, a scraping artefact (`48号〔〕`). */
const EMPTY_BRACKETS_RE = new RegExp(`[${OPEN}]\\s*[${CLOSE}]`, 'g');

/**
 * Width / compatibility normalisation shared by the parser and the search
 * key: NFKC (full-width digits, letters and punctuation → ASCII, ﹝﹞ → 〔〕,
 * U+3000 → space, Kangxi radicals → ideographs), invisible characters
 * removed, whitespace runs collapsed to one ASCII space and trimmed.
 */
function cleanText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Remove every whitespace character. */
function stripSpaces(s: string): string {
  return s.replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------
// Patterns (applied to cleaned text: single spaces, ASCII digits)
// ---------------------------------------------------------------------------

/**
 * Sequence tail shared by all styles: digits, optional `-N` suffix,
 * optional 号.  Groups: seq, suffix.
 */
const SEQ_TAIL = '(?<seq>\\d+)(?:\\s*[-‐‑–—]\\s*(?<suffix>\\d+|[A-Za-z]))?\\s*号?';

/** `宿城政办发〔2020〕12号`, `晋政发(2007)18号`, `国发〔2020年〕第3号`. */
const BRACKET_RE = new RegExp(
  `^(?<issuer>.*?)\\s*[${OPEN}]\\s*(?<year>\\d+)\\s*年?\\s*[${CLOSE}]\\s*(?:第\\s*)?${SEQ_TAIL}$`,
);

/** `国家税务总局公告2015年第41号`, `交通运输部令2019年第9号`. */
const ANNUAL_RE = new RegExp(`^(?<issuer>.*?)\\s*(?<year>\\d{4})\\s*年\\s*第\\s*${SEQ_TAIL}$`);

/**
 * Bracket-less number where year and sequence are still separable by 年,
 * 第 and/or a space: `国发2020年12号`, `宿城政办发2020 12号`, `国发2020第3号`.  The issuer must
 * end in a non-digit so the year is a whole four-digit run.
 */
const BARE_RE = new RegExp(
  `^(?<issuer>(?:.*[^\\d\\s])?)\\s*(?<year>\\d{4})(?:\\s*年\\s*(?:第\\s*)?|\\s*第\\s*|\\s+)${SEQ_TAIL}$`,
);

/** `国务院令第732号`, `省政府令 第219号`, `重庆市人民政府令第 359 号`. */
const ORDINAL_RE = new RegExp(`^(?<issuer>.*?)\\s*第\\s*${SEQ_TAIL}$`);

/** Bracketed something that is followed by nothing usable (for diagnostics). */
const BRACKET_YEAR_ANYWHERE_RE = new RegExp(`[${OPEN}]\\s*(\\d+)\\s*年?\\s*[${CLOSE}]`);

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

function fail(reason: string): DocNoParseError {
  return { ok: false, reason };
}

/**
 * Take the first of several numbers joined by 、 ， ; etc.
 * `国发〔2020〕1号、2号` → `国发〔2020〕1号`.
 */
function firstOfMany(s: string): string {
  const idx = s.search(MULTI_SEPARATOR_RE);
  return idx >= 0 ? s.slice(0, idx).trim() : s;
}

/**
 * Validate captured groups and build the success result.  Returns an error
 * result if the issuer, year or sequence is unacceptable.
 */
function build(
  style: DocNoStyle,
  groups: Record<string, string | undefined>,
): DocNoResult {
  const issuer = stripSpaces(groups.issuer ?? '');
  const seqText = groups.seq ?? '';
  const suffix = groups.suffix ? groups.suffix.toUpperCase() : undefined;

  if (issuer === '') return fail('缺少发文机关代字');
  if (/^\d+$/.test(issuer)) return fail(`发文机关代字“${issuer}”不能全为数字`);
  if ([...issuer].length > MAX_ISSUER_LENGTH) return fail('发文机关代字过长，可能不是文号');
  if (!/[\p{L}]/u.test(issuer)) return fail(`发文机关代字“${issuer}”中没有文字`);

  let year: number | undefined;
  if (groups.year !== undefined) {
    if (groups.year.length !== 4) return fail(`年份“${groups.year}”应为四位数字`);
    year = Number(groups.year);
    if (year < DOCNO_MIN_YEAR || year > DOCNO_MAX_YEAR) {
      return fail(`年份 ${year} 超出范围（${DOCNO_MIN_YEAR}–${DOCNO_MAX_YEAR}）`);
    }
  }

  const seqDigits = seqText.replace(/^0+(?=\d)/, '');
  if (seqDigits.length > MAX_SEQ_DIGITS) return fail(`序号“${seqText}”过长`);
  const seq = Number(seqDigits);
  if (seq === 0) return fail('序号不能为 0');

  const seqPart = suffix ? `${seq}-${suffix}` : String(seq);
  let normalized: string;
  switch (style) {
    case 'bracket':
      normalized = `${issuer}〔${year}〕${seqPart}号`;
      break;
    case 'annual':
      normalized = `${issuer}${year}年第${seqPart}号`;
      break;
    case 'ordinal':
      normalized = `${issuer}第${seqPart}号`;
      break;
  }

  // Optional keys are only present when they have a value, so results
  // compare cleanly with assert.deepEqual and serialise without `undefined`.
  return {
    ok: true,
    issuer,
    ...(year !== undefined ? { year } : {}),
    seq,
    ...(suffix !== undefined ? { suffix } : {}),
    style,
    normalized,
  };
}

/**
 * Explain why `s` (cleaned, single number) matched none of the patterns.
 * Only called on failure, so it can afford to be a little slow.
 */
function diagnose(s: string): string {
  if (!/\d/.test(s)) return '文号中未找到年份或序号';
  const bracket = BRACKET_YEAR_ANYWHERE_RE.exec(s);
  if (bracket) {
    const rest = s.slice(bracket.index + bracket[0].length).trim();
    if (rest === '' || rest === '号') return '缺少序号';
    if (/^号\s*\d/.test(rest)) return '“号”字位置错误，应位于序号之后';
    return `序号部分“${rest}”无法识别`;
  }
  if (new RegExp(`[${OPEN}]\\s*\\d*\\s*$`).test(s)) return '文号不完整，缺少右括号和序号';
  if (/^\D*\d{5,}\s*号?$/.test(s)) return '年份与序号连在一起，无法区分';
  if (/号./.test(s)) return '“号”字之后还有无法识别的内容';
  return '无法识别的文号格式';
}

/**
 * Parse a 文号.  Never throws; on failure returns `{ ok: false, reason }`
 * with a Chinese explanation suitable for showing to the user.
 *
 * If the input contains several numbers separated by 、 ， , ； ; only the
 * first is parsed.
 *
 * @example
 *   parseDocNo('发文字号：豫政 〔2023〕027号')
 *   // → { ok: true, issuer: '豫政', year: 2023, seq: 27, style: 'bracket',
 *   //     normalized: '豫政〔2023〕27号' }
 *   parseDocNo('国务院令第732号')
 *   // → { ok: true, issuer: '国务院令', seq: 732, style: 'ordinal',
 *   //     normalized: '国务院令第732号' }   (no year)
 */
export function parseDocNo(raw: string): DocNoResult {
  if (typeof raw !== 'string') return fail('文号必须是文本');
  let s = cleanText(raw);
  if (s.length > MAX_INPUT_LENGTH) return fail('文号过长，无法识别');
  s = s.replace(PREFIX_RE, '');
  s = s.replace(EMPTY_BRACKETS_RE, '').trim();
  s = firstOfMany(s);
  if (s === '') return fail('文号为空');

  // Order matters: the bracket form is the most specific; ANNUAL before BARE
  // so that `2015年第41号` keeps its 第; ORDINAL last because it has no year.
  let m = BRACKET_RE.exec(s);
  if (m?.groups) return build('bracket', m.groups);
  m = ANNUAL_RE.exec(s);
  if (m?.groups) return build('annual', m.groups);
  m = BARE_RE.exec(s);
  if (m?.groups) return build('bracket', m.groups);
  m = ORDINAL_RE.exec(s);
  if (m?.groups) return build('ordinal', m.groups);

  return fail(diagnose(s));
}

// ---------------------------------------------------------------------------
// Search key
// ---------------------------------------------------------------------------

/**
 * Compact key for loose matching of typed queries against stored numbers.
 *
 * For a parsable number the key is `<issuer><year><seq>` (plus `-<suffix>`),
 * e.g. `宿城政办发〔2020〕12号`, `宿城政办发[2020]012号`, `宿城政办发2020 12号`
 * and `文号：宿城政办发（2020）12` all give `宿城政办发202012`.  Ordinal
 * numbers give `<issuer><seq>` (`国务院令第732号` → `国务院令732`).  Latin
 * letters are upper-cased.
 *
 * For anything else — including partial input typed into a search box such
 * as `宿城政办发〔2020` — the text is only width-normalised and stripped of
 * brackets, whitespace, 号, a leading `文号：` label, 年 between a year and a
 * sequence and 第 before digits.  That keeps partial input a PREFIX of the
 * full key (`宿城政办发2020` ⊂ `宿城政办发202012`), so callers can use a
 * prefix / LIKE 'key%' match.
 *
 * Note the key is a matching aid, not an identifier: `X〔2020〕1号` and
 * `X第20201号` share a key in theory (never seen in practice).
 */
export function normalizeDocNoForSearch(raw: string): string {
  if (typeof raw !== 'string') return '';
  const parsed = parseDocNo(raw);
  if (parsed.ok) {
    const seqPart = parsed.suffix ? `${parsed.seq}-${parsed.suffix}` : String(parsed.seq);
    return `${parsed.issuer}${parsed.year ?? ''}${seqPart}`.toUpperCase();
  }
  return cleanText(raw)
    .replace(PREFIX_RE, '')
    .replace(new RegExp(`[${OPEN}${CLOSE}]`, 'g'), '')
    .replace(/(\d{4})\s*年(?=\s*第?\s*\d)/g, '$1')
    .replace(/第(?=\s*\d)/g, '')
    .replace(/号/g, '')
    .replace(/\s+/g, '')
    .toUpperCase();
}
