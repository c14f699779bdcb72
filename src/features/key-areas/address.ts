// 施教区 (school catchment) matching for 义务教育招生 (issue 18): pure functions, no I/O.
// A school's 施教区 is a list of road segments (a road, 单号/双号/全部, a number range) and a list of
// communities / villages / residential compounds. A citizen types an address as they know it —
// "宿城区幸福中路１２８号３栋", "黄河南路18弄", "张庄村", "古楚社区" — and gets the school(s) whose 施教区
// covers it, with the rule that matched.

type Parity = 'all' | 'odd' | 'even';
const PARITY_LABELS: Record<Parity, string> = { all: '全部', odd: '单号', even: '双号' };

export interface RoadSegment {
  road: string;
  parity: Parity;
  /** First house number covered (inclusive); null = from the start of the road. */
  from: number | null;
  /** Last house number covered (inclusive); null = to the end of the road. */
  to: number | null;
}

export interface Zone {
  school: string;
  roads: RoadSegment[];
  /** 社区、村、小区 names as staff wrote them (e.g. 幸福社区, 张庄村, 御景湾小区). */
  communities: string[];
}

export interface ZoneMatch {
  school: string;
  /** What matched, in words a citizen reads: "幸福中路 单号 1–199号" or "社区/村：张庄村". */
  rule: string;
  /** false when the address names the road but not a house number and the road is split between schools. */
  certain: boolean;
}

export interface LookupResult {
  matches: ZoneMatch[];
  /** The road(s) recognised without a house number where the number decides the school. */
  needsNumber: string[];
  /** The house number read from the address, if any. */
  number: number | null;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一百二十八 → 128, 十八 → 18, 二〇八 → 208 (digit by digit), 三千零五 → 3005; null if not a numeral. */
export function chineseNumber(s: string): number | null {
  if (!s || ![...s].every((ch) => ch in CN_DIGITS || ch in CN_UNITS)) return null;
  if (![...s].some((ch) => ch in CN_UNITS)) return Number([...s].map((ch) => CN_DIGITS[ch]).join(''));
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else {
      total += (digit ?? 1) * CN_UNITS[ch]!;
      digit = null;
    }
  }
  return total + (digit ?? 0);
}

/**
 * The form an address is compared in: full-width letters and digits made half-width (NFKC), spaces and
 * punctuation removed, 號→号, Chinese numerals before 号/弄/栋/幢 turned into digits, and the province /
 * city / district prefix dropped (every address in the lookup is in the district).
 */
export function normaliseAddress(input: string): string {
  let s = input.normalize('NFKC').replace(/號/g, '号').replace(/衖/g, '弄');
  s = s.replace(/[\s,，。.、;；:：()（）【】\[\]"“”'‘’#＃]/g, '');
  s = s.replace(/^(中国)?(江苏省?)?(宿迁市?)?(宿城区)?/, '');
  // Chinese numerals used as house numbers: 十八号 → 18号.
  s = s.replace(/([零〇一二两三四五六七八九十百千]+)(?=号|弄|栋|幢|座|巷)/g, (m) => String(chineseNumber(m) ?? m));
  // 128—130号, 128~130号, 128至130号: the first number is the house number (a range of doors).
  s = s.replace(/(\d+)(?:[-—–~～至到])\d+/g, '$1');
  return s;
}

/** A name as compared: normalised, and for communities without their suffix (张庄村 → 张庄). */
function communityKey(name: string): string {
  const n = normaliseAddress(name);
  const stripped = n.replace(/(社区居委会|社区居民委员会|村民委员会|村委会|居委会|社区|小区|新村|村|居)$/, '');
  return stripped.length >= 2 ? stripped : n;
}

/** The name occurs in the address and is not the start of a road's name (张庄 in 张庄路8号). */
function mentions(addr: string, name: string): boolean {
  for (let i = addr.indexOf(name); i >= 0; i = addr.indexOf(name, i + 1)) {
    if (!/^(?:[东西南北中]?(?:路|街|巷|大道|大街))/.test(addr.slice(i + name.length))) return true;
  }
  return false;
}

function parityOk(p: Parity, n: number): boolean {
  return p === 'all' || (p === 'odd' ? n % 2 === 1 : n % 2 === 0);
}

export function segmentCovers(seg: RoadSegment, n: number): boolean {
  return parityOk(seg.parity, n) && (seg.from === null || n >= seg.from) && (seg.to === null || n <= seg.to);
}

/** A segment in the words staff type and citizens read: "幸福中路 单号 1–199号", "古楚路 全部", "黄河南路 双号 100号起". */
export function formatSegment(seg: RoadSegment): string {
  const range =
    seg.from === null && seg.to === null ? '' : seg.to === null ? ` ${seg.from}号起` : seg.from === null ? ` 至${seg.to}号` : ` ${seg.from}–${seg.to}号`;
  return seg.parity === 'all' ? `${seg.road}${range || ' 全部'}` : `${seg.road} ${PARITY_LABELS[seg.parity]}${range}`;
}

/** A whole segment with no range or parity: every address on the road belongs here. */
function wholeRoad(seg: RoadSegment): boolean {
  return seg.parity === 'all' && seg.from === null && seg.to === null;
}

/**
 * Parses one line of a school's road list as staff write it: "幸福中路 单号 1-199号", "幸福中路 双号 2－88",
 * "古楚路 全部", "古楚路", "黄河南路 101号以上" / "101-", "人民路 至99号". Returns the segment or a message.
 */
export function parseSegmentLine(line: string): RoadSegment | { error: string } {
  const s = line.normalize('NFKC').replace(/號/g, '号').trim();
  const m = /^(\S+?)\s*(单号|单|双号|双|全部|全)?\s*(?:(\d+)\s*号?\s*(?:[-—–~～至到]\s*(\d+)?\s*号?|以上|起|及以上)?|至\s*(\d+)\s*号?)?\s*$/.exec(s);
  if (!m || !/[\u4e00-\u9fa5]/.test(m[1]!)) return { error: '应写作“道路名 单号/双号/全部 起号-止号”，如“幸福中路 单号 1-199号”' };
  const road = m[1]!.replace(/[\d\-—–~～]+号?$/, '');
  if (!/(路|街|道|巷|弄|线|大道|大街|里|口)$/.test(road)) return { error: `“${road}”不像道路名（应以路、街、道、巷等结尾）；社区、村请写在“社区/村”一栏` };
  const parity: Parity = m[2]?.startsWith('单') ? 'odd' : m[2]?.startsWith('双') ? 'even' : 'all';
  let from: number | null = m[3] ? Number(m[3]) : null;
  let to: number | null = m[4] ? Number(m[4]) : m[5] ? Number(m[5]) : null;
  // "幸福中路 1-199" and "幸福中路 1号" (one door): a lone number without 以上/起/- means that door only.
  if (m[3] && !m[4] && !/(以上|起|[-—–~～至到])\s*号?\s*$/.test(s)) to = from;
  if (from !== null && to !== null && from > to) return { error: `起号 ${from} 大于止号 ${to}` };
  if (from === 0) from = null;
  return { road, parity, from, to };
}

interface RoadHit {
  road: string;
  start: number;
  end: number;
}

/** The roads of the zones named in the address; a road found inside a longer one (人民路 in 新人民路) is dropped. */
function roadsIn(addr: string, roads: string[]): RoadHit[] {
  const hits: RoadHit[] = [];
  for (const road of new Set(roads)) {
    const key = normaliseAddress(road);
    if (!key) continue;
    let i = addr.indexOf(key);
    while (i >= 0) {
      hits.push({ road, start: i, end: i + key.length });
      i = addr.indexOf(key, i + 1);
    }
  }
  return hits.filter((h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
}

/** The house number right after the road name: 128号, 18弄, 128-3号, 128 (end of input), 5栋 after 号 is not it. */
function numberAfter(addr: string, at: number): number | null {
  const m = /^(\d+)(?:号|弄|栋|幢|座|-|之|甲|乙|$)/.exec(addr.slice(at));
  return m ? Number(m[1]) : null;
}

/**
 * Which schools' 施教区 cover the address. Road rules: the road must be named; with a house number the
 * segments covering it (parity, range) match for certain; without one, a road wholly in one school's area
 * matches for certain, a split road lists each school with its segment as uncertain and asks for the number.
 * Community rules: the address names the community/village (with or without 社区/村), or the citizen typed
 * just part of its name (at least 2 characters).
 */
export function matchZones(zones: Zone[], query: string): LookupResult {
  const addr = normaliseAddress(query);
  const out: LookupResult = { matches: [], needsNumber: [], number: null };
  if (addr.length < 2) return out;
  const seen = new Set<string>();
  const add = (m: ZoneMatch) => {
    const k = `${m.school}\u0000${m.rule}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.matches.push(m);
    }
  };
  const hits = roadsIn(addr, zones.flatMap((z) => z.roads.map((r) => r.road)));
  for (const hit of hits) {
    const n = numberAfter(addr, hit.end);
    const segs = zones.flatMap((z) => z.roads.filter((r) => r.road === hit.road).map((seg) => ({ school: z.school, seg })));
    if (n !== null) {
      out.number ??= n;
      for (const { school, seg } of segs) if (segmentCovers(seg, n)) add({ school, rule: formatSegment(seg), certain: true });
    } else {
      const whole = segs.every(({ seg }) => wholeRoad(seg)) && new Set(segs.map((s) => s.school)).size === 1;
      if (!whole) out.needsNumber.push(hit.road);
      for (const { school, seg } of segs) add({ school, rule: formatSegment(seg), certain: whole });
    }
  }
  // Community names are looked for outside the road names (张庄 in 张庄路 is not 张庄村).
  let rest = addr;
  for (const h of [...hits].sort((a, b) => b.start - a.start)) rest = rest.slice(0, h.start) + '\u0000' + rest.slice(h.end);
  for (const z of zones) {
    for (const c of z.communities) {
      const full = normaliseAddress(c);
      const key = communityKey(c);
      if (!full) continue;
      if (rest.includes(full) || mentions(rest, key) || (!hits.length && full.includes(addr))) add({ school: z.school, rule: `社区/村：${c}`, certain: true });
    }
  }
  // A certain match makes the uncertain ones of the same road moot only when they are for the same school.
  const certainSchools = new Set(out.matches.filter((m) => m.certain).map((m) => m.school));
  out.matches = out.matches.filter((m) => m.certain || !certainSchools.has(m.school));
  return out;
}
