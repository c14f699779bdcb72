/**
 * Reply letters (政府信息公开申请答复书): one template per outcome code (outcomes.ts), built from a
 * typed `LetterInput` into a list of typed paragraphs that render.tsx prints as an A4 page and
 * docx.ts writes as a .docx.
 *
 * Structure, as in published 答复书: title · document number (依申复〔YYYY〕N号) · salutation ·
 * receipt paragraph (本机关于…收到…) · decision with its legal basis (the citation of outcomes.ts,
 * verbatim) · what is provided and how (予以公开 / 部分公开) or the reasons (不予公开 / 部分公开) ·
 * 特此答复。 · remedy paragraph (行政复议 60 days, 行政诉讼 6 months) · contact · organ · date.
 *
 * Pure: no I/O. Missing or malformed fields → `Result` failure (VALIDATION) whose `fields` map
 * field names to Chinese messages.
 */
import { fail, ok, type FieldErrors, type Result } from '../../../platform/errors.ts';
import { isIsoDate } from '../../../platform/calendar/calendar.ts';
import { DELIVERY_METHODS, type DeliveryMethod } from '../clock.ts';
import { OUTCOMES, isOutcomeCode, type OutcomeCode, type OutcomeDef } from '../outcomes.ts';

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/** The form in which information is provided (Art. 29 (3), Art. 40); API values of `form`. */
export const PROVISION_FORMS = ['paper', 'email', 'electronic', 'on-site'] as const;
export type ProvisionForm = (typeof PROVISION_FORMS)[number];
export const PROVISION_FORM_LABELS: Record<ProvisionForm, string> = {
  paper: '纸质文本',
  email: '电子邮件',
  electronic: '电子文件',
  'on-site': '现场查阅',
};

/** How each delivery method reads in the provision sentence; `you` is '您' or '你单位'. */
const DELIVERY_SENTENCE: Record<DeliveryMethod, (you: string) => string> = {
  post: (you) => `以邮寄方式送达${you}提供的通信地址`,
  email: (you) => `以电子邮件方式发送至${you}提供的电子邮箱`,
  pickup: (you) => `请${you}持本答复书及身份证明到本机关当面领取`,
  online: (you) => `${you}可凭申请编号和查询码在本机关政府信息公开网站查询、下载`,
};

export type ParagraphKind = 'title' | 'no' | 'salutation' | 'body' | 'signature' | 'date';
export const PARAGRAPH_KINDS: readonly ParagraphKind[] = ['title', 'no', 'salutation', 'body', 'signature', 'date'];

export interface LetterParagraph {
  text: string;
  kind: ParagraphKind;
}

export interface Letter {
  title: string;
  paragraphs: LetterParagraph[];
}

export interface LetterInput {
  outcome: OutcomeCode;
  /** Full document number, e.g. '宿城政办依申复〔2025〕12号' (see `formatLetterNo`). */
  letterNo: string;
  /** The issuing organ's full name, printed as the signature, e.g. '宿迁市宿城区人民政府办公室'. */
  organName: string;
  applicantName: string;
  /** True for 法人或其他组织: the letter says “你单位” instead of “您”. */
  applicantIsOrg: boolean;
  /** Art. 31 receipt date (restarted by a supplement), 'YYYY-MM-DD'. */
  receivedOn: string;
  /** What the applicant asked for, quoted: 申请获取“…”。 */
  requestSummary: string;
  /** Date of the letter, 'YYYY-MM-DD'. */
  decidedOn: string;
  /** 予以公开 / 部分公开: the form of provision. */
  form?: ProvisionForm;
  /** 予以公开 / 部分公开: how it reaches the applicant. */
  delivery?: DeliveryMethod;
  /** Reasons (required for 不予公开, 部分公开 and 其他处理-3; optional elsewhere, added as explanation). */
  reasons?: string;
  /** 予以公开 / 部分公开: the items provided, one per entry. */
  providedItems?: string[];
  /** 无法提供-1 when another organ is responsible for disclosing the information (Art. 36 (5)). */
  otherOrgan?: { name: string; contact?: string };
  /** The 行政复议 body, e.g. '宿迁市宿城区人民政府'. */
  reviewBody: string;
  /** The court, full name, e.g. '宿迁市宿城区人民法院'. */
  court: string;
  /** Contact line, e.g. '联系人：王某，联系电话：0527-84356789'. */
  contact?: string;
}

export const LETTER_TITLE = '政府信息公开申请答复书';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** '2025-10-30' → '2025年10月30日' (no leading zeros). Not a valid date → ''. */
export function chineseDate(iso: string): string {
  if (!isIsoDate(iso)) return '';
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** '<机关简称>依申复〔YYYY〕N号', e.g. formatLetterNo('宿城政办', 2025, 12) → '宿城政办依申复〔2025〕12号'. */
export function formatLetterNo(organAbbr: string, year: number, serial: number): string {
  return `${organAbbr.trim()}依申复〔${year}〕${serial}号`;
}

function clean(s: string | undefined): string {
  return typeof s === 'string' ? s.replace(/\r\n?/g, '\n').trim() : '';
}

/** Strips a final 。；; so a sentence can be closed once. */
function stripEnd(s: string): string {
  return s.replace(/[。；;，,\s]+$/u, '');
}

function items(list: string[] | undefined): string[] {
  return (list ?? []).map((s) => stripEnd(clean(s))).filter((s) => s.length > 0);
}

/** '1.甲；2.乙。' — or just '甲。' for a single item. */
function numbered(list: string[]): string {
  if (list.length === 1) return `${list[0]}。`;
  return list.map((s, i) => `${i + 1}.${s}`).join('；') + '。';
}

function basisSentence(def: OutcomeDef): string {
  return def.citation ? `根据${def.citation}的规定，` : '';
}

// ---------------------------------------------------------------------------
// Requirements per outcome
// ---------------------------------------------------------------------------

type Field = 'form' | 'delivery' | 'providedItems' | 'reasons' | 'otherOrgan';

const REQUIRED: Record<OutcomeCode, Field[]> = {
  grant: ['providedItems', 'form', 'delivery'],
  partial: ['providedItems', 'form', 'delivery', 'reasons'],
  'deny-1': ['reasons'], 'deny-2': ['reasons'], 'deny-3': ['reasons'], 'deny-4': ['reasons'],
  'deny-5': ['reasons'], 'deny-6': ['reasons'], 'deny-7': ['reasons'], 'deny-8': ['reasons'],
  'unable-1': [], 'unable-2': [], 'unable-3': [],
  'reject-1': [], 'reject-2': [], 'reject-3': [], 'reject-4': ['reasons'], 'reject-5': [],
  'other-1': [], 'other-2': [], 'other-3': ['reasons'],
};

/** The fields an outcome needs beyond the common ones (for forms: mark them required). */
export function requiredFields(outcome: OutcomeCode): readonly Field[] {
  return REQUIRED[outcome];
}

const MISSING: Record<Field, (def: OutcomeDef) => string> = {
  form: (d) => `${d.displayLabel}的答复须写明提供信息的形式`,
  delivery: (d) => `${d.displayLabel}的答复须写明获取信息的方式`,
  providedItems: (d) => `${d.displayLabel}的答复须列出提供的政府信息`,
  reasons: (d) =>
    d.group === 'deny' ? '不予公开的答复须说明理由'
      : d.group === 'partial' ? '部分公开的答复须说明不予公开部分的理由'
        : d.code === 'reject-4' ? '不予处理（无正当理由大量反复申请）的答复须说明申请理由不合理的情况'
          : '其他处理的答复须写明具体情况和依据',
  otherOrgan: () => '请填写负责公开该信息的机关名称',
};

const LIMITS = { short: 100, summary: 500, long: 5000, item: 500, items: 50 };

/** All problems with `input`, keyed by field name; empty when the letter can be built. */
export function letterProblems(input: LetterInput): FieldErrors {
  const e: FieldErrors = {};
  if (!isOutcomeCode(input.outcome)) {
    e.outcome = '请选择办理结果';
    return e;
  }
  const def = OUTCOMES[input.outcome];
  const need = (field: keyof LetterInput, message: string, limit: number) => {
    const v = clean(input[field] as string | undefined);
    if (!v) e[field] = message;
    else if (Array.from(v).length > limit) e[field] = `不能超过 ${limit} 个字`;
  };
  need('letterNo', '请填写答复书文号', LIMITS.short);
  need('organName', '请填写答复机关名称', LIMITS.short);
  need('applicantName', '请填写申请人姓名或名称', LIMITS.short);
  need('requestSummary', '请填写申请获取的信息内容', LIMITS.summary);
  need('reviewBody', '请填写行政复议机关', LIMITS.short);
  need('court', '请填写管辖的人民法院', LIMITS.short);
  if (input.contact !== undefined && Array.from(clean(input.contact)).length > LIMITS.short) e.contact = `不能超过 ${LIMITS.short} 个字`;
  if (input.reasons !== undefined && Array.from(clean(input.reasons)).length > LIMITS.long) e.reasons = `不能超过 ${LIMITS.long} 个字`;

  if (!isIsoDate(input.receivedOn)) e.receivedOn = '收到申请日期应为 YYYY-MM-DD 格式的有效日期';
  if (!isIsoDate(input.decidedOn)) e.decidedOn = '答复日期应为 YYYY-MM-DD 格式的有效日期';
  else if (isIsoDate(input.receivedOn) && input.decidedOn < input.receivedOn) e.decidedOn = '答复日期不能早于收到申请的日期';

  if (input.form !== undefined && !(PROVISION_FORMS as readonly string[]).includes(input.form)) e.form = '提供形式不在允许范围内';
  if (input.delivery !== undefined && !(DELIVERY_METHODS as readonly string[]).includes(input.delivery)) e.delivery = '获取方式不在允许范围内';
  if (input.providedItems !== undefined) {
    if (!Array.isArray(input.providedItems)) e.providedItems = '提供的信息格式不正确';
    else if (input.providedItems.length > LIMITS.items) e.providedItems = `最多列出 ${LIMITS.items} 项`;
    else if (input.providedItems.some((s) => typeof s !== 'string' || Array.from(s).length > LIMITS.item)) {
      e.providedItems = `每项不能超过 ${LIMITS.item} 个字`;
    }
  }
  if (input.otherOrgan !== undefined) {
    const name = clean(input.otherOrgan?.name);
    if (!name) e.otherOrgan = MISSING.otherOrgan(def);
    else if (Array.from(name).length > LIMITS.short || Array.from(clean(input.otherOrgan.contact)).length > LIMITS.short) {
      e.otherOrgan = `机关名称和联系方式各不能超过 ${LIMITS.short} 个字`;
    }
  }

  for (const f of REQUIRED[input.outcome]) {
    if (e[f]) continue;
    if (f === 'delivery' && input.form === 'on-site') continue; // read on site: nothing is delivered
    const present =
      f === 'providedItems' ? Array.isArray(input.providedItems) && items(input.providedItems).length > 0
        : f === 'otherOrgan' ? !!clean(input.otherOrgan?.name)
          : !!clean(input[f] as string | undefined);
    if (!present) e[f] = MISSING[f](def);
  }
  return e;
}

// ---------------------------------------------------------------------------
// Decision paragraphs per outcome
// ---------------------------------------------------------------------------

interface Ctx {
  def: OutcomeDef;
  /** '您' or '你单位'. */
  you: string;
  input: LetterInput;
  reasons: string;
}

/** The "what you get and how" paragraph for 予以公开 / 部分公开. */
function provision(c: Ctx, what: string): string[] {
  const list = items(c.input.providedItems);
  const form = PROVISION_FORM_LABELS[c.input.form!];
  // On-site reading has no delivery: the applicant comes to read (Art. 40: 安排查阅).
  const how = c.input.form === 'on-site'
    ? `请${c.you}自收到本答复书之日起，在工作时间持本答复书及身份证明到本机关现场查阅上述信息。`
    : `上述信息以${form}形式提供，${DELIVERY_SENTENCE[c.input.delivery!](c.you)}。`;
  return [`现向${c.you}提供${what}：${numbered(list)}`, how];
}

function explained(c: Ctx, lead = '具体情况说明：'): string[] {
  return c.reasons ? [`${lead}${stripEnd(c.reasons)}。`] : [];
}

function deny(c: Ctx, finding: string): string[] {
  return [
    `经审查，${finding}。${basisSentence(c.def)}本机关决定不予公开。`,
    `理由如下：${stripEnd(c.reasons)}。`,
  ];
}

const DECISIONS: Record<OutcomeCode, (c: Ctx) => string[]> = {
  grant: (c) => [
    `经审查，${c.you}申请获取的政府信息属于公开范围。${basisSentence(c.def)}本机关决定予以公开。`,
    ...provision(c, '以下政府信息'),
    ...explained(c),
  ],
  partial: (c) => [
    `经审查，${c.you}申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。${basisSentence(c.def)}本机关决定部分公开。`,
    ...provision(c, '可以公开的部分'),
    `对其余部分不予公开，理由如下：${stripEnd(c.reasons)}。`,
  ],
  'deny-1': (c) => deny(c, `${c.you}申请获取的信息经依法确定为国家秘密`),
  'deny-2': (c) => deny(c, `${c.you}申请获取的信息属于法律、行政法规禁止公开的政府信息`),
  'deny-3': (c) => deny(c, `${c.you}申请获取的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定`),
  'deny-4': (c) => deny(c, `${c.you}申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害`),
  'deny-5': (c) => deny(c, `${c.you}申请获取的信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息`),
  'deny-6': (c) => deny(c, `${c.you}申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息`),
  'deny-7': (c) => deny(c, `${c.you}申请获取的信息属于行政执法案卷信息`),
  'deny-8': (c) => [
    `经审查，${c.you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。${basisSentence(c.def)}本机关不予提供，请${c.you}依照有关法律、行政法规的规定办理查询。`,
    `说明：${stripEnd(c.reasons)}。`,
  ],
  'unable-1': (c) => {
    const other = c.input.otherOrgan && clean(c.input.otherOrgan.name);
    if (other) {
      const contact = clean(c.input.otherOrgan!.contact);
      return [
        `经审查，${c.you}申请获取的政府信息不属于本机关负责公开。${basisSentence(c.def)}现告知如下：负责公开该政府信息的行政机关为${other}${contact ? `，联系方式：${stripEnd(contact)}` : ''}，${c.you}可向该机关提出申请。`,
        ...explained(c),
      ];
    }
    return [
      `经检索，本机关未制作或者获取${c.you}申请公开的政府信息，该政府信息不存在。${basisSentence(c.def)}现告知${c.you}：本机关无法提供该政府信息。`,
      ...explained(c),
    ];
  },
  'unable-2': (c) => [
    `经审查，本机关没有${c.you}所申请的现成信息，提供该信息需要本机关对现有政府信息进行加工、分析。${basisSentence(c.def)}本机关不予提供。`,
    ...explained(c),
  ],
  'unable-3': (c) => [
    `本机关已一次性告知${c.you}需要补正的事项，经审查，${c.you}补正后的申请内容仍不明确，本机关无法确定${c.you}所需的政府信息。${basisSentence(c.def)}本机关无法提供。`,
    ...explained(c),
  ],
  'reject-1': (c) => [
    `经审查，${c.you}以政府信息公开申请的形式进行信访、投诉、举报等活动。${basisSentence(c.def)}本机关不作为政府信息公开申请处理，${c.you}可以通过信访、投诉、举报等相应渠道提出。`,
    ...explained(c),
  ],
  'reject-2': (c) => [
    `经审查，本机关已就${c.you}申请公开的相同政府信息作出答复，${c.you}本次属于重复申请。${basisSentence(c.def)}本机关不予重复处理。`,
    ...explained(c),
  ],
  'reject-3': (c) => [
    `经审查，${c.you}申请获取的是政府公报、报刊、书籍等公开出版物。${basisSentence(c.def)}现告知获取途径：${c.reasons ? stripEnd(c.reasons) : `${c.you}可通过公共图书馆、档案馆、本机关政府信息公开查阅场所查阅或者通过正规渠道购买`}。`,
  ],
  'reject-4': (c) => [
    `经审查，${c.you}申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，${c.you}所说明的理由不合理。${basisSentence(c.def)}本机关不予处理。`,
    `具体情况：${stripEnd(c.reasons)}。`,
  ],
  'reject-5': (c) => [
    `经审查，${c.you}的申请系要求本机关确认或者重新出具${c.you}已获取的信息，不属于申请获取政府信息。${basisSentence(c.def)}本机关不作为政府信息公开申请处理。`,
    ...explained(c),
  ],
  'other-1': (c) => [
    `本机关已一次性告知${c.you}需要补正的事项和合理的补正期限，${c.you}无正当理由逾期未补正，视为放弃申请。${basisSentence(c.def)}本机关不再处理该政府信息公开申请。`,
    ...explained(c),
  ],
  'other-2': (c) => [
    `本机关已向${c.you}发出收取信息处理费的通知，${c.you}逾期未按通知要求缴纳费用，视为放弃申请。${basisSentence(c.def)}本机关不再处理该政府信息公开申请。`,
    ...explained(c),
  ],
  'other-3': (c) => [`经审查，现将处理情况告知如下：${stripEnd(c.reasons)}。`],
};

// ---------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------

/** Builds the reply letter for `input`, or fails with VALIDATION and the problems per field. */
export function buildLetter(input: LetterInput): Result<Letter> {
  const problems = letterProblems(input);
  if (Object.keys(problems).length > 0) return fail('VALIDATION', '答复书信息不完整，请按提示补充后重试。', problems);
  const def = OUTCOMES[input.outcome];
  const you = input.applicantIsOrg ? '你单位' : '您';
  const c: Ctx = { def, you, input, reasons: clean(input.reasons) };
  const body = (text: string): LetterParagraph => ({ text, kind: 'body' });

  const paragraphs: LetterParagraph[] = [
    { text: LETTER_TITLE, kind: 'title' },
    { text: clean(input.letterNo), kind: 'no' },
    { text: `${clean(input.applicantName)}：`, kind: 'salutation' },
    body(`本机关于${chineseDate(input.receivedOn)}收到${you}提出的政府信息公开申请，申请获取“${stripEnd(clean(input.requestSummary))}”。`),
    ...DECISIONS[input.outcome](c).map(body),
    body('特此答复。'),
    body(`如对本答复不服，可以在收到本答复之日起六十日内向${clean(input.reviewBody)}申请行政复议，或者在六个月内向${clean(input.court)}提起行政诉讼。`),
  ];
  const contact = clean(input.contact);
  if (contact) paragraphs.push(body(`（${stripEnd(contact).replace(/^（|）$/g, '')}）`));
  paragraphs.push({ text: clean(input.organName), kind: 'signature' });
  paragraphs.push({ text: chineseDate(input.decidedOn), kind: 'date' });
  return ok({ title: LETTER_TITLE, paragraphs });
}

// ---------------------------------------------------------------------------
// Edited letters (from LetterEditor's form)
// ---------------------------------------------------------------------------

export const MAX_LETTER_PARAGRAPHS = 100;
export const MAX_PARAGRAPH_CHARS = 5000;

/**
 * Reads the fields posted by `LetterEditor` (`kind-0`, `text-0`, `kind-1`, …) back into a letter.
 * Empty paragraphs are dropped (that is how staff delete one); the title paragraph must stay.
 */
export function letterFromForm(body: Record<string, unknown>): Result<Letter> {
  const paragraphs: LetterParagraph[] = [];
  const errors: FieldErrors = {};
  for (let i = 0; i < MAX_LETTER_PARAGRAPHS; i++) {
    const kind = body[`kind-${i}`];
    const raw = body[`text-${i}`];
    if (kind === undefined && raw === undefined) break;
    if (typeof kind !== 'string' || !(PARAGRAPH_KINDS as readonly string[]).includes(kind)) {
      errors[`text-${i}`] = '段落类型不正确';
      continue;
    }
    if (raw !== undefined && typeof raw !== 'string') {
      errors[`text-${i}`] = '段落内容格式不正确';
      continue;
    }
    const text = clean(raw);
    if (Array.from(text).length > MAX_PARAGRAPH_CHARS) {
      errors[`text-${i}`] = `每段不能超过 ${MAX_PARAGRAPH_CHARS} 个字`;
      continue;
    }
    if (!text) {
      if (kind === 'title') errors[`text-${i}`] = '请填写答复书标题';
      continue;
    }
    // Paragraph texts are single paragraphs: line breaks inside one become spaces-free joins.
    paragraphs.push({ kind: kind as ParagraphKind, text: text.replace(/\s*\n\s*/g, '') });
  }
  const title = paragraphs.find((p) => p.kind === 'title');
  if (!title && Object.keys(errors).length === 0) errors['text-0'] = '请填写答复书标题';
  if (Object.keys(errors).length > 0 || !title) return fail('VALIDATION', undefined, errors);
  return ok({ title: title.text, paragraphs });
}

// ---------------------------------------------------------------------------
// Notices (告知书 / 通知书) sent during the procedure
// ---------------------------------------------------------------------------

/** Every kind of letter a request can carry: the reply and the three notices. */
export const LETTER_KINDS = ['reply', 'supplement-notice', 'extension-notice', 'fee-notice'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export type NoticeKind = Exclude<LetterKind, 'reply'>;
export const NOTICE_KINDS: readonly NoticeKind[] = ['supplement-notice', 'extension-notice', 'fee-notice'];

export function isLetterKind(v: unknown): v is LetterKind {
  return typeof v === 'string' && (LETTER_KINDS as readonly string[]).includes(v);
}
export function isNoticeKind(v: unknown): v is NoticeKind {
  return typeof v === 'string' && (NOTICE_KINDS as readonly string[]).includes(v);
}

/** Short names (lists, links). */
export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  reply: '答复书',
  'supplement-notice': '补正告知书',
  'extension-notice': '延长答复期限告知书',
  'fee-notice': '收费通知书',
};

/** Printed titles. */
export const NOTICE_TITLES: Record<NoticeKind, string> = {
  'supplement-notice': '政府信息公开申请补正告知书',
  'extension-notice': '政府信息公开申请延长答复期限告知书',
  'fee-notice': '政府信息公开信息处理费收费通知书',
};

/** The workflow event a notice belongs to: it can be issued only once that event is recorded. */
export const NOTICE_EVENT: Record<NoticeKind, 'request-supplement' | 'extend' | 'fee-notice'> = {
  'supplement-notice': 'request-supplement',
  'extension-notice': 'extend',
  'fee-notice': 'fee-notice',
};

const NUMBER_WORD: Record<LetterKind, string> = { reply: '复', 'supplement-notice': '补', 'extension-notice': '延', 'fee-notice': '费' };

/** '<机关简称>依申<复|补|延|费>〔YYYY〕N号'. */
export function formatKindNo(kind: LetterKind, organAbbr: string, year: number, serial: number): string {
  return `${organAbbr.trim()}依申${NUMBER_WORD[kind]}〔${year}〕${serial}号`;
}

export const FEE_BASES = ['count', 'pages'] as const;
export type FeeBasis = (typeof FEE_BASES)[number];
export const FEE_BASIS_LABELS: Record<FeeBasis, string> = { count: '按件计收', pages: '按量计收' };

export interface NoticeInput {
  kind: NoticeKind;
  letterNo: string;
  organName: string;
  applicantName: string;
  applicantIsOrg: boolean;
  /** Art. 31 receipt date, 'YYYY-MM-DD'. */
  receivedOn: string;
  requestSummary: string;
  /** Date of the notice (the event's date), 'YYYY-MM-DD'. */
  noticeOn: string;
  contact?: string;
  // 补正告知书 (Art. 30)
  /** What to supplement, one item per entry (event payload `items`); a generic item when empty. */
  items?: string[];
  /** Supplement period in working days (event payload `periodDays`). */
  periodDays?: number;
  /** Last day of the supplement period (clock: notice date + periodDays working days). */
  supplementDueOn?: string;
  // 延长答复期限告知书 (Art. 33 ¶2)
  /** Working days of the extension (event payload `days`). */
  days?: number;
  /** The new reply due date. */
  newDueOn?: string;
  reason?: string;
  // 收费通知书 (国办函〔2020〕109号)
  amount?: number;
  basis?: FeeBasis;
  /** 按量计收: pages of the information. */
  pages?: number;
  /** 按件计收: the applicant's cumulative count of requests in the calendar month. */
  count?: number;
  /** Last day to pay (notice date + 20 working days). */
  payDueOn?: string;
  /** How to pay (account, place); optional. */
  payment?: string;
}

const NOTICE_MAX_PERIOD = 60;
const NOTICE_MAX_EXTENSION = 20;
const NOTICE_MAX_AMOUNT = 100_000_000;

/** All problems with a notice's input, keyed by field name. */
export function noticeProblems(input: NoticeInput): FieldErrors {
  const e: FieldErrors = {};
  if (!isNoticeKind(input.kind)) {
    e.kind = '告知书类型不正确';
    return e;
  }
  const need = (field: 'letterNo' | 'organName' | 'applicantName' | 'requestSummary', message: string, limit: number) => {
    const v = clean(input[field]);
    if (!v) e[field] = message;
    else if (Array.from(v).length > limit) e[field] = `不能超过 ${limit} 个字`;
  };
  need('letterNo', '请填写文号', LIMITS.short);
  need('organName', '请填写发文机关名称', LIMITS.short);
  need('applicantName', '请填写申请人姓名或名称', LIMITS.short);
  need('requestSummary', '请填写申请获取的信息内容', LIMITS.summary);
  if (input.contact !== undefined && Array.from(clean(input.contact)).length > LIMITS.short) e.contact = `不能超过 ${LIMITS.short} 个字`;
  if (!isIsoDate(input.receivedOn)) e.receivedOn = '收到申请日期应为 YYYY-MM-DD 格式的有效日期';
  if (!isIsoDate(input.noticeOn)) e.noticeOn = '告知日期应为 YYYY-MM-DD 格式的有效日期';
  else if (isIsoDate(input.receivedOn) && input.noticeOn < input.receivedOn) e.noticeOn = '告知日期不能早于收到申请的日期';
  const intIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  const optDate = (field: 'supplementDueOn' | 'newDueOn' | 'payDueOn', message: string) => {
    const v = input[field];
    if (v !== undefined && v !== '' && !isIsoDate(v)) e[field] = message;
  };
  switch (input.kind) {
    case 'supplement-notice':
      if (!intIn(input.periodDays, 1, NOTICE_MAX_PERIOD)) e.periodDays = `补正期限应为 1 至 ${NOTICE_MAX_PERIOD} 个工作日`;
      if (input.items !== undefined) {
        if (!Array.isArray(input.items) || input.items.some((s) => typeof s !== 'string')) e.items = '补正事项格式不正确';
        else if (input.items.length > LIMITS.items) e.items = `最多列出 ${LIMITS.items} 项`;
        else if (input.items.some((s) => Array.from(s).length > LIMITS.item)) e.items = `每项不能超过 ${LIMITS.item} 个字`;
      }
      optDate('supplementDueOn', '补正截止日期应为 YYYY-MM-DD 格式的有效日期');
      break;
    case 'extension-notice':
      if (!intIn(input.days, 1, NOTICE_MAX_EXTENSION)) e.days = `延长期限应为 1 至 ${NOTICE_MAX_EXTENSION} 个工作日`;
      if (!isIsoDate(input.newDueOn)) e.newDueOn = '请填写延长后的答复期限（YYYY-MM-DD）';
      if (input.reason !== undefined && Array.from(clean(input.reason)).length > LIMITS.long) e.reason = `不能超过 ${LIMITS.long} 个字`;
      break;
    case 'fee-notice':
      if (!intIn(input.amount, 1, NOTICE_MAX_AMOUNT)) e.amount = '请填写收费金额（元，正整数）';
      if (!(FEE_BASES as readonly unknown[]).includes(input.basis)) e.basis = '请选择计费方式（按件计收或按量计收）';
      if (input.pages !== undefined && !intIn(input.pages, 1, 10_000_000)) e.pages = '页数应为正整数';
      if (input.count !== undefined && !intIn(input.count, 1, 10_000_000)) e.count = '件数应为正整数';
      if (input.payment !== undefined && Array.from(clean(input.payment)).length > LIMITS.summary) e.payment = `不能超过 ${LIMITS.summary} 个字`;
      optDate('payDueOn', '缴费截止日期应为 YYYY-MM-DD 格式的有效日期');
      break;
  }
  return e;
}

const DEFAULT_SUPPLEMENT_ITEM = '所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述，以确保本机关能够准确确定您所需要的政府信息';

function noticeParagraphs(c: { you: string; input: NoticeInput }): string[] {
  const { you, input } = c;
  switch (input.kind) {
    case 'supplement-notice': {
      const list = items(input.items);
      const what = list.length ? numbered(list) : `${DEFAULT_SUPPLEMENT_ITEM.replace('您', you)}。`;
      const until = input.supplementDueOn && isIsoDate(input.supplementDueOn) ? `（即${chineseDate(input.supplementDueOn)}前）` : '';
      return [
        `经审查，${you}的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，现一次性告知${you}需要作出补正的事项如下：${what}`,
        `请${you}自收到本告知书之日起${input.periodDays}个工作日内${until}向本机关提交补正后的申请。补正期间不计算在答复期限内，答复期限自本机关收到补正后的申请之日起计算。`,
        `${you}无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。`,
      ];
    }
    case 'extension-notice': {
      const reason = stripEnd(clean(input.reason));
      return [
        `${reason ? `因${reason}，` : ''}本机关不能在规定的答复期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${input.days}个工作日，延长后的答复期限至${chineseDate(input.newDueOn!)}。`,
        `本机关将在上述期限内作出答复。`,
      ];
    }
    case 'fee-notice': {
      const basis =
        input.basis === 'pages'
          ? `${you}申请公开的政府信息${input.pages ? `共${input.pages}页，` : ''}数量超过规定的免费标准，本机关按照该办法第五条的规定按量计收`
          : `${you}在同一自然月内${input.count ? `累计提出政府信息公开申请${input.count}件，` : ''}申请数量超过规定的免费标准，本机关按照该办法第四条的规定按件计收`;
      const until = input.payDueOn && isIsoDate(input.payDueOn) ? `（即${chineseDate(input.payDueOn)}前）` : '';
      const payment = stripEnd(clean(input.payment));
      return [
        `根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，${basis}，应缴纳信息处理费共计人民币${input.amount}元。`,
        `请${you}自收到本通知之日起20个工作日内${until}缴纳上述费用。${payment ? `缴费方式：${payment}。` : ''}`,
        `${you}逾期未缴纳信息处理费的，视为放弃申请，本机关将不再处理该政府信息公开申请。`,
      ];
    }
  }
}

/** Builds the notice for `input`, or fails with VALIDATION and the problems per field. */
export function buildNotice(input: NoticeInput): Result<Letter> {
  const problems = noticeProblems(input);
  if (Object.keys(problems).length > 0) return fail('VALIDATION', '告知书信息不完整，请按提示补充后重试。', problems);
  const you = input.applicantIsOrg ? '你单位' : '您';
  const title = NOTICE_TITLES[input.kind];
  const body = (text: string): LetterParagraph => ({ text, kind: 'body' });
  const paragraphs: LetterParagraph[] = [
    { text: title, kind: 'title' },
    { text: clean(input.letterNo), kind: 'no' },
    { text: `${clean(input.applicantName)}：`, kind: 'salutation' },
    body(`本机关于${chineseDate(input.receivedOn)}收到${you}提出的政府信息公开申请，申请获取“${stripEnd(clean(input.requestSummary))}”。`),
    ...noticeParagraphs({ you, input }).map(body),
    body(input.kind === 'fee-notice' ? '特此通知。' : '特此告知。'),
  ];
  const contact = clean(input.contact);
  if (contact) paragraphs.push(body(`（${stripEnd(contact).replace(/^（|）$/g, '')}）`));
  paragraphs.push({ text: clean(input.organName), kind: 'signature' });
  paragraphs.push({ text: chineseDate(input.noticeOn), kind: 'date' });
  return ok({ title, paragraphs });
}

/** Re-checks a stored or posted letter with the rules of `letterFromForm`. */
export function validateLetter(letter: unknown): Result<Letter> {
  if (!letter || typeof letter !== 'object' || !Array.isArray((letter as Letter).paragraphs)) return fail('VALIDATION', '答复书内容格式不正确', { 'text-0': '答复书内容格式不正确' });
  const ps = (letter as Letter).paragraphs as unknown[];
  if (ps.length > MAX_LETTER_PARAGRAPHS) return fail('VALIDATION', undefined, { 'text-0': `最多 ${MAX_LETTER_PARAGRAPHS} 段` });
  const form: Record<string, unknown> = {};
  ps.forEach((p, i) => {
    const o = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
    form[`kind-${i}`] = typeof o.kind === 'string' ? o.kind : '';
    form[`text-${i}`] = o.text;
  });
  return letterFromForm(form);
}
