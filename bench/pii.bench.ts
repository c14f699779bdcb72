// `node --import tsx bench/pii.bench.ts`: quality and speed of the PII gate's detection (issue 19).
// A generated corpus (seeded, reproducible) of BENCH_SNIPPETS (default 6,000) snippets, each a sentence of
// an office document holding either one true identifier of a type (resident ID 18/15 digits, mobile or
// landline, bank card, credit code, e-mail, passport, permit, home address — separators, full-width
// digits and table rows mixed in) or only look-alikes: 成文日期 and times, 文号, amounts, 索引号, order and
// tracking numbers, invalid-checksum IDs and cards, 11-digit numbers in longer runs. Precision and recall
// per type count matches by type and span. Then the time to scan 1 MB of such text. Writes the
// "## PII gate (issue 19)" section of docs/performance.md (BENCH_NO_WRITE=1: print only).
import path from 'node:path';
import os from 'node:os';
import { detect, PII_TYPES, type PiiType } from '../src/features/pii/detect.ts';
import { writeSection } from './pages.bench.ts';
import { DEMO_DOCUMENTS } from '../src/demo/documents.ts';
import { htmlToText } from '../src/platform/text.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const N = Number(process.env.BENCH_SNIPPETS ?? 6000);
const HEADING = '## PII gate (issue 19)';

// ---- seeded random ----------------------------------------------------------------------------------
let seed = 20261207;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
const pad = (n: number, w: number) => String(n).padStart(w, '0');

// ---- true identifiers ---------------------------------------------------------------------------------
const AREAS = ['110105', '320102', '321302', '321322', '440304', '510107', '330106', '620102', '370202', '420106'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idCheck(body: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i]!;
  return '10X98765432'[s % 11]!;
}
function birth(): string {
  const y = int(1940, 2015);
  const m = int(1, 12);
  const d = int(1, 28);
  return `${y}${pad(m, 2)}${pad(d, 2)}`;
}
const residentId = () => {
  const body = pick(AREAS) + birth() + digits(3);
  return body + idCheck(body);
};
const legacyId = () => pick(AREAS) + birth().slice(2) + digits(3);
const mobile = () => pick(['13', '15', '17', '18', '19']) + int(0, 9) + digits(8);
function luhnComplete(prefix: string, len: number): string {
  let s = prefix + digits(len - prefix.length - 1);
  for (let d = 0; d < 10; d++) {
    const c = s + d;
    let sum = 0;
    for (let i = 0; i < c.length; i++) {
      let x = Number(c[c.length - 1 - i]);
      if (i % 2) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return c;
  }
  return s + '0';
}
const bankCard = () => luhnComplete(pick(['622202', '622848', '621700', '622588', '621226', '436742', '955880']), pick([16, 16, 19, 19, 18]));
const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(): string {
  let b = pick(['11', '12', '91', '92', '52']) + pick(AREAS);
  for (let i = 0; i < 9; i++) b += CREDIT[int(0, 30)];
  let s = 0;
  for (let i = 0; i < 17; i++) s += CREDIT.indexOf(b[i]!) * CW[i]!;
  return b + CREDIT[(31 - (s % 31)) % 31];
}
const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const spaced = (s: string, groups: number[]) => {
  const out: string[] = [];
  let i = 0;
  for (const g of groups) (out.push(s.slice(i, i + g)), (i += g));
  if (i < s.length) out.push(s.slice(i));
  return out.join(pick([' ', '-']));
};
const NAMES = ['张小明', '李红', '王建国', '刘芳', '陈志强', '杨丽', '赵敏', '黄伟', '周杰', '吴静'];
const ROADS = ['幸福路', '洪泽湖路', '人民大道', '西湖路', '黄河路', '发展大道'];

interface Snippet {
  text: string;
  truth: { type: PiiType; value: string }[];
}

function withTruth(type: PiiType): Snippet {
  const name = pick(NAMES);
  let v: string;
  let text: string;
  switch (type) {
    case 'resident-id': {
      const raw = rnd() < 0.15 ? legacyId() : residentId();
      v = pick([raw, raw, raw, fullWidth(raw), raw.length === 18 ? spaced(raw, [6, 8]) : raw]);
      text = pick([`${name}，身份证号${v}，`, `序号\t${name}\t${v}\t补贴金额 1200.00 元`, `申请人：${name}（公民身份号码：${v}）`, `${v}`]);
      break;
    }
    case 'phone': {
      if (rnd() < 0.75) {
        const raw = mobile();
        v = pick([raw, raw, spaced(raw, [3, 4]), fullWidth(raw)]);
      } else v = `0527-${int(2, 8)}${digits(7)}`;
      text = pick([`${name} 联系方式 ${v}`, `${name}\t${v}\t宿城区`, `请与${name}联系（${v}）。`, `手机：${v}`]);
      break;
    }
    case 'bank-card': {
      const raw = bankCard();
      v = pick([raw, raw, spaced(raw, [4, 4, 4, 4])]);
      text = pick([`${name} 开户行：中国农业银行 账号：${v}`, `${name}\t${v}\t发放 800 元`, `收款卡号 ${v}。`]);
      break;
    }
    case 'credit-code':
      v = creditCode();
      text = `统一社会信用代码：${v}，法定代表人：${name}`;
      break;
    case 'email':
      v = `${pick(['zhang', 'li.hong', 'wjg1988', 'liufang_sq'])}${int(1, 999)}@${pick(['qq.com', '163.com', 'gmail.com', 'sina.cn'])}`;
      text = `邮箱：${v}`;
      break;
    case 'passport':
      v = pick([`E${digits(8)}`, `EA${digits(7)}`, `G${digits(8)}`]);
      text = `${name} 护照号码 ${v}`;
      break;
    case 'permit':
      v = pick([`H${digits(8)}`, `M${digits(8)}`, `C${digits(8)}`]);
      text = `${name} 通行证 ${v}`;
      break;
    case 'address':
      v = `江苏省宿迁市宿城区${pick(ROADS)}${int(1, 300)}号${int(1, 30)}栋${int(1, 4)}单元${int(1, 30)}0${int(1, 4)}室`;
      text = `${name}，家住${v}，`;
      break;
  }
  return { text, truth: [{ type, value: v }] };
}

/** Text holding nothing personal but numbers that look like identifiers. */
function lookAlike(): Snippet {
  const y = int(2008, 2026);
  const options = [
    () => `宿政发〔${y}〕${int(1, 120)}号`,
    () => `索引号：${pick(AREAS)}/${y}-${pad(int(1, 99999), 5)}`,
    () => `索引号：11321300014${digits(3)}/${y}-${pad(int(1, 99999), 5)}`,
    () => `成文日期：${y}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)} ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}`,
    () => `${y}年${int(1, 12)}月${int(1, 28)}日`,
    () => `金额：${int(1, 99)},${digits(3)},${digits(3)}.${digits(2)} 元`,
    () => `合计 ${int(10000000000, 99999999999)}.${digits(2)} 元`,
    () => `订单号 ${y}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(pick([8, 10, 12]))}`,
    () => `快递单号 SF${digits(12)}`,
    () => `流水号 ${digits(22)}`,
    () => `项目编号 ${pick(['JSSQ', 'SQCG'])}-${y}-${digits(4)}`,
    () => {
      // An ID with a wrong check digit.
      const b = pick(AREAS) + birth() + digits(3);
      const c = idCheck(b);
      return `身份证号 ${b}${c === '0' ? '1' : '0'}`;
    },
    () => {
      // A card number failing Luhn.
      const c = bankCard();
      return `卡号 ${c.slice(0, -1)}${(Number(c.slice(-1)) + 1) % 10}`;
    },
    () => `编号 ${digits(3)}${mobile()}${digits(2)}`,
    () => `统一社会信用代码11100000MB0341032X（校验位错误）`,
    () => `第${int(1, 300)}号公告 第${digits(2)}页`,
    () => `办公地址：宿城区${pick(ROADS)}${int(1, 300)}号`,
    () => `咨询电话：0527-${int(2, 8)}${digits(7)}`,
    () => `邮编 223800，传真 0527-8${digits(7)}`,
  ];
  return { text: pick(options)(), truth: [] };
}

function corpus(n: number): Snippet[] {
  const out: Snippet[] = [];
  const weights: [PiiType, number][] = [['resident-id', 20], ['phone', 20], ['bank-card', 14], ['credit-code', 6], ['email', 5], ['passport', 4], ['permit', 4], ['address', 5]];
  const totalW = weights.reduce((s, [, w]) => s + w, 0);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.45) {
      out.push(lookAlike());
      continue;
    }
    let r = rnd() * totalW;
    const type = weights.find(([, w]) => (r -= w) < 0)?.[0] ?? 'phone';
    const s = withTruth(type);
    // Half of the true snippets also carry a look-alike.
    if (rnd() < 0.5) s.text = `${lookAlike().text}；${s.text}`;
    out.push(s);
  }
  return out;
}

function evaluate(snippets: Snippet[]) {
  const stats = new Map<PiiType, { tp: number; fp: number; fn: number }>(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const misses: string[] = [];
  for (const s of snippets) {
    // Reported-only matches (office numbers, .gov.cn mailboxes) are not findings, except credit codes (always info).
    const got = detect(s.text).filter((g) => g.severity === 'block' || g.type === 'credit-code');
    const want = [...s.truth];
    for (const g of got) {
      const value = s.text.slice(g.start, g.end);
      const i = want.findIndex((w) => w.type === g.type && w.value === value);
      if (i >= 0) {
        stats.get(g.type)!.tp++;
        want.splice(i, 1);
      } else {
        stats.get(g.type)!.fp++;
        if (misses.length < 12) misses.push(`误报 ${g.type}: ${s.text}`);
      }
    }
    for (const w of want) {
      stats.get(w.type)!.fn++;
      if (misses.length < 12) misses.push(`漏报 ${w.type}: ${s.text}`);
    }
  }
  return { stats, misses };
}

function speed(para: string): { mb: number; ms: number; perMb: number; cpuMs: number; cpuPerMb: number } {
  let text = '';
  while (Buffer.byteLength(text) < 1024 * 1024) text += para;
  text = text.slice(0, text.length - Math.floor((Buffer.byteLength(text) - 1024 * 1024) / 3));
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  for (let i = 0; i < 3; i++) detect(text);
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    detect(text);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  runs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const ms = runs[Math.floor(runs.length / 2)]!;
  const cpuMs = cpu[Math.floor(cpu.length / 2)]!;
  return { mb, ms, perMb: ms / mb, cpuMs, cpuPerMb: cpuMs / mb };
}

const snippets = corpus(N);
const { stats, misses } = evaluate(snippets);
const sp = speed(snippets.map((s) => s.text).join('\n') + '\n');
// Ordinary documents: the demo documents' titles, summaries and bodies (real 政务公开 text, 索引号, 文号, dates).
const prose = speed(DEMO_DOCUMENTS.map((d) => [d.title, (d as { summary?: string }).summary ?? '', htmlToText((d as { body?: string }).body ?? '')].join('\n')).join('\n') + '\n');
const LABEL: Record<PiiType, string> = { 'resident-id': 'resident-id', phone: 'phone', 'bank-card': 'bank-card', 'credit-code': 'credit-code', email: 'email', passport: 'passport', permit: 'permit', address: 'address' };
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const rows = PII_TYPES.map((t) => {
  const s = stats.get(t)!;
  const p = s.tp / (s.tp + s.fp);
  const r = s.tp / (s.tp + s.fn);
  return `| ${LABEL[t]} | ${s.tp + s.fn} | ${s.tp} | ${s.fp} | ${s.fn} | ${f3(p)} | ${f3(r)} |`;
});
const trueCount = snippets.filter((s) => s.truth.length).length;
const cpu = os.cpus()[0]?.model ?? '?';
const section = `${HEADING}

\`node --import tsx bench/pii.bench.ts\` (${new Date().toISOString().slice(0, 10)}, ${cpu}, ${os.availableParallelism?.() ?? os.cpus().length} CPUs, Node ${process.version}).
Corpus: ${N.toLocaleString('en')} generated snippets (seeded), ${trueCount.toLocaleString('en')} holding one true identifier (separators, full-width digits and tab-separated table rows mixed in; half also carry a look-alike) and ${(N - trueCount).toLocaleString('en')} holding only look-alikes: 成文日期 and times, 文号, amounts, 索引号, order/tracking/serial numbers, IDs with a wrong check digit, card numbers failing Luhn, phone numbers inside longer digit runs, office addresses and office phone numbers. A match counts when type and span are right.

| type | true | found | false positives | missed | precision | recall |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Target (issue 19): recall ≥ 0.99 and precision ≥ 0.98 for resident IDs, bank cards and phones. Caveat: corpus and detector were written together, so these figures show that the rules hold on the formats and look-alikes listed, not the error rate on real documents; a bare 11-digit serial number starting 13–19 cannot be told from a mobile number and is left out of the corpus (it would be reported as a phone). Office numbers after 咨询电话/办公电话/传真 and mailboxes on .gov.cn get severity "info" (reported, never blocking) and are not counted as findings here; credit codes are always "info" and are counted.

Speed: scanning ${sp.mb.toFixed(2)} MB of this text (all detectors; the corpus is dense — one identifier or look-alike every ~25 characters) takes ${sp.ms.toFixed(1)} ms wall time and ${sp.cpuMs.toFixed(1)} ms CPU time (medians of 10 runs after 3 warm-up runs): ${sp.perMb.toFixed(1)} ms wall / ${sp.cpuPerMb.toFixed(1)} ms CPU per MB; target < 50 ms per MB. Load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.availableParallelism?.() ?? os.cpus().length} CPUs (other sessions' test suites) — the wall time is inflated by waiting for a CPU; the CPU time is what one scan costs.
Ordinary document text (the ${DEMO_DOCUMENTS.length} demo documents' titles, summaries and bodies, repeated to ${prose.mb.toFixed(2)} MB): ${prose.ms.toFixed(1)} ms wall, ${prose.cpuMs.toFixed(1)} ms CPU (${prose.cpuPerMb.toFixed(1)} ms CPU per MB).
${sp.cpuPerMb < 50 ? 'Both within the 50 ms per MB target.' : `Ordinary text is far within the target; text as dense as this corpus (a list that is nothing but names and numbers) is not yet: ${sp.cpuPerMb.toFixed(0)} ms CPU per MB, measured on a loaded machine — next step: the remaining per-match work in detect.ts (classifying digit runs, token regexes, allocation and GC), or scanning in a worker so it never holds the request path.`}
`;
console.log(section);
if (misses.length) console.log('Examples:\n' + misses.join('\n'));
if (!process.env.BENCH_NO_WRITE) writeSection(path.join(ROOT, 'docs/performance.md'), section, HEADING);
