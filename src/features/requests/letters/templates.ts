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
import { OUTCOMES, REGULATION, isOutcomeCode, type OutcomeCode, type OutcomeDef } from '../outcomes.ts';

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/** The form in which information is provided (Art. 29 (3), Art. 40); API values of `form`. */
export const PROVISION_FORMS = ['paper', 'email', 'electronic', 'on-site'] as const;
type ProvisionForm = (typeof PROVISION_FORMS)[number];
const PROVISION_FORM_LABELS: Record<ProvisionForm, string> = {
  paper: '纸质文本',
  email: '电子邮件',
  electronic: '电子文件',
  'on-site': '现场查阅',
};

/**
 * The Art. 36 item a reply rests on, chosen by staff: 予以公开 is either (一) already proactively
 * disclosed (tell where to get it) or (二) disclosable (provide it); 无法提供-1 is either (四) nothing
 * found or (五) not this organ's to disclose (name the responsible organ). The letter cites exactly
 * the chosen item.
 */
const GROUNDS = ['36-1', '36-2', '36-4', '36-5'] as const;
export type Ground = (typeof GROUNDS)[number];
const GROUND_BASIS: Record<Ground, string> = {
  '36-1': '第三十六条第（一）项',
  '36-2': '第三十六条第（二）项',
  '36-4': '第三十六条第（四）项',
  '36-5': '第三十六条第（五）项',
};
export const GROUND_LABELS: Record<Ground, string> = {
  '36-1': '已经主动公开，告知获取的方式、途径（第三十六条第（一）项）',
  '36-2': '可以公开，向申请人提供（第三十六条第（二）项）',
  '36-4': '经检索没有所申请公开的信息（第三十六条第（四）项）',
  '36-5': '不属于本机关负责公开（第三十六条第（五）项）',
};
/** Which grounds each outcome may rest on. */
export const OUTCOME_GROUNDS: Partial<Record<OutcomeCode, readonly Ground[]>> = {
  grant: ['36-1', '36-2'],
  'unable-1': ['36-4', '36-5'],
};

/** The exemption article of the part withheld in a 部分公开 (Art. 37), chosen by staff. */
export const WITHHELD_GROUNDS = ['14', '15', '16-1', '16-2', 'not-gov-info'] as const;
export type WithheldGround = (typeof WITHHELD_GROUNDS)[number];
const WITHHELD_BASIS: Record<WithheldGround, string> = {
  '14': '第十四条',
  '15': '第十五条',
  '16-1': '第十六条第一款',
  '16-2': '第十六条第二款',
  'not-gov-info': '第二条',
};
export const WITHHELD_LABELS: Record<WithheldGround, string> = {
  '14': '国家秘密、法律行政法规禁止公开、公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）',
  '15': '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）',
  '16-1': '人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）',
  '16-2': '讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息（第十六条第二款）',
  'not-gov-info': '不属于政府信息（第二条）',
};

function isGround(v: unknown): v is Ground {
  return typeof v === 'string' && (GROUNDS as readonly string[]).includes(v);
}
function isWithheldGround(v: unknown): v is WithheldGround {
  return typeof v === 'string' && (WITHHELD_GROUNDS as readonly string[]).includes(v);
}

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
  /** 予以公开: '36-1' or '36-2'; 无法提供-1: '36-4' or '36-5' (see GROUNDS). Required for those two. */
  ground?: Ground;
  /** 予以公开 under Art. 36 (一): where and how the proactively disclosed information can be obtained. */
  obtainWay?: string;
  /** 部分公开: the exemption article of the withheld part (Art. 37 + this article). Required. */
  withheld?: WithheldGround;
  /** 不予公开-4: a written consultation of the third party was recorded (then Art. 32 is cited). */
  thirdPartyConsulted?: boolean;
  /** 不予处理-4: the day the applicant was asked to explain the requests (Art. 35 step). Required. */
  reasonsRequestedOn?: string;
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

/**
 * The legal basis a letter cites: the outcome's own (outcomes.ts), except where it depends on what
 * staff chose or what happened — the Art. 36 item of 予以公开 / 无法提供-1, Art. 37 with the
 * exemption article of the withheld part, and Art. 32 for 不予公开-4 only after a consultation.
 */
export function letterCitation(input: Pick<LetterInput, 'outcome' | 'ground' | 'withheld' | 'thirdPartyConsulted'>): string | null {
  const def = OUTCOMES[input.outcome];
  if (!def) return null;
  switch (input.outcome) {
    case 'grant':
    case 'unable-1':
      return isGround(input.ground) && OUTCOME_GROUNDS[input.outcome]!.includes(input.ground) ? `${REGULATION}${GROUND_BASIS[input.ground]}` : null;
    case 'partial':
      return isWithheldGround(input.withheld) ? `${REGULATION}第三十七条、${WITHHELD_BASIS[input.withheld]}` : null;
    case 'deny-4':
      return `${REGULATION}第三十六条第（三）项、第十五条${input.thirdPartyConsulted ? '、第三十二条' : ''}`;
    default:
      return def.citation;
  }
}

function basisSentence(c: Ctx): string {
  const citation = letterCitation(c.input);
  return citation ? `根据${citation}的规定，` : '';
}

// ---------------------------------------------------------------------------
// Requirements per outcome
// ---------------------------------------------------------------------------

type Field = 'form' | 'delivery' | 'providedItems' | 'reasons' | 'otherOrgan' | 'ground' | 'obtainWay' | 'withheld' | 'reasonsRequestedOn';

const REQUIRED: Record<OutcomeCode, Field[]> = {
  grant: ['ground', 'providedItems', 'form', 'delivery'],
  partial: ['providedItems', 'form', 'delivery', 'reasons', 'withheld'],
  'deny-1': ['reasons'], 'deny-2': ['reasons'], 'deny-3': ['reasons'], 'deny-4': ['reasons'],
  'deny-5': ['reasons'], 'deny-6': ['reasons'], 'deny-7': ['reasons'], 'deny-8': ['reasons'],
  'unable-1': ['ground'], 'unable-2': [], 'unable-3': [],
  'reject-1': [], 'reject-2': [], 'reject-3': [], 'reject-4': ['reasons', 'reasonsRequestedOn'], 'reject-5': [],
  'other-1': [], 'other-2': [], 'other-3': ['reasons'],
};

/**
 * The fields an outcome needs beyond the common ones (for forms: mark them required). The chosen
 * ground changes them: 予以公开 under Art. 36 (一) tells where to get the information instead of
 * sending it; 无法提供-1 under Art. 36 (五) names the responsible organ.
 */
export function requiredFields(outcome: OutcomeCode, ground?: Ground): readonly Field[] {
  if (outcome === 'grant' && ground === '36-1') return ['ground', 'providedItems', 'obtainWay'];
  if (outcome === 'unable-1' && ground === '36-5') return ['ground', 'otherOrgan'];
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
  ground: (d) => (d.code === 'grant' ? '请选择予以公开的依据：已经主动公开（第三十六条第（一）项）或可以公开（第三十六条第（二）项）' : '请选择无法提供的依据：经检索没有该信息（第三十六条第（四）项）或不属于本机关负责公开（第三十六条第（五）项）'),
  obtainWay: () => '已经主动公开的，请写明获取该信息的方式、途径（如网站栏目和网址）',
  withheld: () => '请选择不予公开部分所依据的条款',
  reasonsRequestedOn: () => '不予处理（无正当理由大量反复申请）须先要求申请人说明理由（第三十五条）：请填写要求说明理由的日期',
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

  if (input.ground !== undefined && !(OUTCOME_GROUNDS[input.outcome] ?? []).includes(input.ground)) {
    e.ground = OUTCOME_GROUNDS[input.outcome] ? '依据不在允许范围内' : `${def.displayLabel}的答复不选择第三十六条的具体项`;
  }
  if (input.withheld !== undefined && (input.outcome !== 'partial' || !isWithheldGround(input.withheld))) {
    e.withheld = input.outcome === 'partial' ? '不予公开部分的依据不在允许范围内' : '只有部分公开的答复选择不予公开部分的依据';
  }
  if (input.obtainWay !== undefined && Array.from(clean(input.obtainWay)).length > LIMITS.summary) e.obtainWay = `不能超过 ${LIMITS.summary} 个字`;
  if (input.reasonsRequestedOn !== undefined && input.reasonsRequestedOn !== '' && !isIsoDate(input.reasonsRequestedOn)) e.reasonsRequestedOn = '要求说明理由的日期应为 YYYY-MM-DD 格式的有效日期';
  for (const f of requiredFields(input.outcome, isGround(input.ground) ? input.ground : undefined)) {
    if (e[f]) continue;
    if (f === 'delivery' && input.form === 'on-site') continue; // read on site: nothing is delivered
    const present =
      f === 'providedItems' ? Array.isArray(input.providedItems) && items(input.providedItems).length > 0
        : f === 'otherOrgan' ? !!clean(input.otherOrgan?.name)
          : !!clean(input[f] as string | undefined);
    if (f === 'withheld' && present && !isWithheldGround(input.withheld)) continue;
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
    `经审查，${finding}。${basisSentence(c)}本机关决定不予公开。`,
    `理由如下：${stripEnd(c.reasons)}。`,
  ];
}

const DECISIONS: Record<OutcomeCode, (c: Ctx) => string[]> = {
  grant: (c) =>
    c.input.ground === '36-1'
      ? [
          `经审查，${c.you}申请获取的政府信息已经主动公开，即：${numbered(items(c.input.providedItems))}`,
          `${basisSentence(c)}现将获取该政府信息的方式、途径告知如下：${c.you}可通过${stripEnd(clean(c.input.obtainWay))}查阅、获取上述信息。`,
          ...explained(c),
        ]
      : [
          `经审查，${c.you}申请获取的政府信息属于公开范围。${basisSentence(c)}本机关决定予以公开。`,
          ...provision(c, '以下政府信息'),
          ...explained(c),
        ],
  partial: (c) => [
    `经审查，${c.you}申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。${basisSentence(c)}本机关决定部分公开。`,
    ...provision(c, '可以公开的部分'),
    `对其余部分不予公开，理由如下：${stripEnd(c.reasons)}。`,
  ],
  'deny-1': (c) => deny(c, `${c.you}申请获取的信息经依法确定为国家秘密`),
  'deny-2': (c) => deny(c, `${c.you}申请获取的信息属于法律、行政法规禁止公开的政府信息`),
  'deny-3': (c) => deny(c, `${c.you}申请获取的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定`),
  'deny-4': (c) =>
    deny(
      c,
      c.input.thirdPartyConsulted
        ? `${c.you}申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关已书面征求第三方的意见`
        : `${c.you}申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害`,
    ),
  'deny-5': (c) => deny(c, `${c.you}申请获取的信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息`),
  'deny-6': (c) => deny(c, `${c.you}申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息`),
  'deny-7': (c) => deny(c, `${c.you}申请获取的信息属于行政执法案卷信息`),
  'deny-8': (c) => [
    `经审查，${c.you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。${basisSentence(c)}本机关不予提供，请${c.you}依照有关法律、行政法规的规定办理查询。`,
    `说明：${stripEnd(c.reasons)}。`,
  ],
  'unable-1': (c) => {
    const other = c.input.otherOrgan && clean(c.input.otherOrgan.name);
    if (c.input.ground === '36-5' && other) {
      const contact = clean(c.input.otherOrgan!.contact);
      return [
        `经审查，${c.you}申请获取的政府信息不属于本机关负责公开。${basisSentence(c)}现告知如下：负责公开该政府信息的行政机关为${other}${contact ? `，联系方式：${stripEnd(contact)}` : ''}，${c.you}可向该机关提出申请。`,
        ...explained(c),
      ];
    }
    return [
      `经检索，本机关未制作或者获取${c.you}申请公开的政府信息，该政府信息不存在。${basisSentence(c)}现告知${c.you}：本机关无法提供该政府信息。`,
      ...explained(c),
    ];
  },
  'unable-2': (c) => [
    `经审查，本机关没有${c.you}所申请的现成信息，提供该信息需要本机关对现有政府信息进行加工、分析。${basisSentence(c)}本机关不予提供。`,
    ...explained(c),
  ],
  'unable-3': (c) => [
    `本机关已一次性告知${c.you}需要补正的事项，经审查，${c.you}补正后的申请内容仍不明确，本机关无法确定${c.you}所需的政府信息。${basisSentence(c)}本机关无法提供。`,
    ...explained(c),
  ],
  'reject-1': (c) => [
    `经审查，${c.you}以政府信息公开申请的形式进行信访、投诉、举报等活动。${basisSentence(c)}本机关不作为政府信息公开申请处理，${c.you}可以通过信访、投诉、举报等相应渠道提出。`,
    ...explained(c),
  ],
  'reject-2': (c) => [
    `经审查，本机关已就${c.you}申请公开的相同政府信息作出答复，${c.you}本次属于重复申请。${basisSentence(c)}本机关不予重复处理。`,
    ...explained(c),
  ],
  'reject-3': (c) => [
    `经审查，${c.you}申请获取的是政府公报、报刊、书籍等公开出版物。${basisSentence(c)}现告知获取途径：${c.reasons ? stripEnd(c.reasons) : `${c.you}可通过公共图书馆、档案馆、本机关政府信息公开查阅场所查阅或者通过正规渠道购买`}。`,
  ],
  'reject-4': (c) => [
    `经审查，${c.you}申请公开政府信息的数量、频次明显超过合理范围。本机关于${chineseDate(c.input.reasonsRequestedOn ?? '')}依法要求${c.you}说明理由。经审查，本机关认为${c.you}的申请理由不合理。${basisSentence(c)}本机关不予处理。`,
    `具体情况：${stripEnd(c.reasons)}。`,
  ],
  'reject-5': (c) => [
    `经审查，${c.you}的申请系要求本机关确认或者重新出具${c.you}已获取的信息，不属于申请获取政府信息。${basisSentence(c)}本机关不作为政府信息公开申请处理。`,
    ...explained(c),
  ],
  'other-1': (c) => [
    `本机关已一次性告知${c.you}需要补正的事项和合理的补正期限，${c.you}无正当理由逾期未补正，视为放弃申请。${basisSentence(c)}本机关不再处理该政府信息公开申请。`,
    ...explained(c),
  ],
  'other-2': (c) => [
    `本机关已向${c.you}发出收取信息处理费的通知，${c.you}逾期未按通知要求缴纳费用，视为放弃申请。${basisSentence(c)}本机关不再处理该政府信息公开申请。`,
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
const MAX_PARAGRAPH_CHARS = 5000;

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

/**
 * Every kind of letter a request can carry: the reply, the notices to the applicant (补正, 延期,
 * 收费, Art. 35 说明理由, Art. 41 更正答复) and the letters to a consulted party (Art. 32/34
 * 征求意见书; Art. 32 公开决定告知书 when disclosing over a third party's objection).
 */
const LETTER_KINDS = ['reply', 'supplement-notice', 'extension-notice', 'fee-notice', 'reasons-notice', 'consultation-letter', 'disclosure-notice', 'correction-reply'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export type NoticeKind = Exclude<LetterKind, 'reply'>;
const NOTICE_KINDS: readonly NoticeKind[] = ['supplement-notice', 'extension-notice', 'fee-notice', 'reasons-notice', 'consultation-letter', 'disclosure-notice', 'correction-reply'];
/** Letters addressed to a consulted party, not to the applicant: never shown on the applicant's pages. */
const THIRD_PARTY_KINDS: readonly LetterKind[] = ['consultation-letter', 'disclosure-notice'];
export function isApplicantLetterKind(kind: string): boolean {
  return isLetterKind(kind) && !THIRD_PARTY_KINDS.includes(kind);
}

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
  'reasons-notice': '说明理由通知书',
  'consultation-letter': '征求意见书',
  'disclosure-notice': '公开决定告知书（第三方）',
  'correction-reply': '更正申请答复书',
};

/** Printed titles. */
export const NOTICE_TITLES: Record<NoticeKind, string> = {
  'supplement-notice': '政府信息公开申请补正告知书',
  'extension-notice': '政府信息公开申请延长答复期限告知书',
  'fee-notice': '政府信息公开信息处理费收费通知书',
  'reasons-notice': '政府信息公开申请说明理由通知书',
  'consultation-letter': '政府信息公开征求意见书',
  'disclosure-notice': '政府信息公开决定告知书',
  'correction-reply': '政府信息更正申请答复书',
};

/** The workflow event a notice belongs to: it can be issued only once that event is recorded. */
export const NOTICE_EVENT: Record<NoticeKind, 'request-supplement' | 'extend' | 'fee-notice' | 'reasons-requested' | 'consultation-started' | 'consultation-ended' | 'correction-answered'> = {
  'supplement-notice': 'request-supplement',
  'extension-notice': 'extend',
  'fee-notice': 'fee-notice',
  'reasons-notice': 'reasons-requested',
  'consultation-letter': 'consultation-started',
  'disclosure-notice': 'consultation-ended',
  'correction-reply': 'correction-answered',
};

/** A recorded step, as far as the preconditions of a notice need it. */
export interface NoticeStep {
  type: string;
  payload?: unknown;
}

/**
 * The organ named by the last referral (a transfer after receipt, `mode: 'refer'`, Art. 36 (五)):
 * the reply to 无法提供-1 then rests on item (五) and names it. Null when there was none.
 */
export function referralFromSteps(steps: readonly NoticeStep[]): { name: string; contact: string } | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const e = steps[i]!;
    const p = (e.payload ?? {}) as Record<string, unknown>;
    if (e.type === 'transfer' && p.mode === 'refer' && typeof p.organName === 'string' && p.organName.trim()) {
      return { name: p.organName.trim(), contact: typeof p.organContact === 'string' ? p.organContact.trim() : '' };
    }
  }
  return null;
}

/**
 * Why a notice of `kind` cannot be issued for a request with these steps and outcome, or null.
 * Beyond its step being recorded: the 公开决定告知书 needs a consulted third party's objection and a
 * decision to disclose (予以公开 or 部分公开) — Art. 32's last sentence.
 */
export function noticePrecondition(kind: NoticeKind, steps: readonly NoticeStep[], outcome: string | null): string | null {
  if (!steps.some((e) => e.type === NOTICE_EVENT[kind])) return `尚未记录相应的办理步骤，不能出具${LETTER_KIND_LABELS[kind]}。`;
  if (kind === 'disclosure-notice') {
    let party: unknown = null;
    let objected = false;
    for (const e of steps) {
      const p = (e.payload ?? {}) as Record<string, unknown>;
      if (e.type === 'consultation-started') party = p.party;
      if (e.type === 'consultation-ended' && p.result === 'objected' && party === 'third-party') objected = true;
    }
    if (!objected) return '只有第三方不同意公开、本机关仍决定公开时，才出具公开决定告知书（请在“征求意见结束”中记录第三方不同意公开）。';
    if (outcome !== 'grant' && outcome !== 'partial') return '本机关作出予以公开或部分公开的答复后，才能向第三方出具公开决定告知书。';
  }
  return null;
}

const NUMBER_WORD: Record<LetterKind, string> = {
  reply: '复', 'supplement-notice': '补', 'extension-notice': '延', 'fee-notice': '费',
  'reasons-notice': '说', 'consultation-letter': '征', 'disclosure-notice': '告', 'correction-reply': '更',
};

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
  // 说明理由通知书 (Art. 35): `reason` (the number/frequency found excessive), `periodDays` (optional).
  // 征求意见书 (Arts. 32, 34) and 公开决定告知书 (Art. 32): the consulted party.
  /** The consulted party (salutation of the letters to it). */
  addressee?: string;
  /** 征求意见书: a third party (Art. 32) or a co-making organ (Art. 34). */
  party?: 'third-party' | 'agency';
  /** 公开决定告知书: the content decided to be disclosed (`items`) and why (`reason`). */
  // 更正申请答复书 (Art. 41)
  /** The day the correction request was received. */
  correctionOn?: string;
  /** The record the applicant asked to correct (`correction-requested` items). */
  correctionItems?: string;
  result?: 'corrected' | 'not-verified' | 'forwarded' | 'referred';
  /** The organ entitled to correct (forwarded / referred). */
  organ?: string;
  reviewBody?: string;
  court?: string;
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
    case 'reasons-notice':
      if (input.periodDays !== undefined && !intIn(input.periodDays, 1, NOTICE_MAX_PERIOD)) e.periodDays = `说明理由的期限应为 1 至 ${NOTICE_MAX_PERIOD} 个工作日`;
      if (input.reason !== undefined && Array.from(clean(input.reason)).length > LIMITS.long) e.reason = `不能超过 ${LIMITS.long} 个字`;
      break;
    case 'consultation-letter':
    case 'disclosure-notice': {
      const a = clean(input.addressee);
      if (!a) e.addressee = input.kind === 'consultation-letter' ? '请填写征求意见的第三方或机关名称' : '请填写第三方的名称';
      else if (Array.from(a).length > LIMITS.short) e.addressee = `不能超过 ${LIMITS.short} 个字`;
      if (input.kind === 'consultation-letter' && input.party !== 'third-party' && input.party !== 'agency') e.party = '请选择征求意见对象：第三方或其他机关';
      if (input.kind === 'disclosure-notice') {
        const list = input.items ?? [];
        if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) e.items = '决定公开的内容格式不正确';
        else if (items(list).length === 0) e.items = '请写明决定公开的政府信息内容（第三十二条）';
        if (!clean(input.reason)) e.reason = '请写明不公开可能对公共利益造成重大影响、决定公开的理由（第三十二条）';
        else if (Array.from(clean(input.reason)).length > LIMITS.long) e.reason = `不能超过 ${LIMITS.long} 个字`;
      }
      break;
    }
    case 'correction-reply': {
      if (!isIsoDate(input.correctionOn)) e.correctionOn = '请填写收到更正申请的日期（YYYY-MM-DD）';
      const ci = clean(input.correctionItems);
      if (!ci) e.correctionItems = '请填写申请更正的内容';
      else if (Array.from(ci).length > LIMITS.long) e.correctionItems = `不能超过 ${LIMITS.long} 个字`;
      if (!['corrected', 'not-verified', 'forwarded', 'referred'].includes(input.result as string)) e.result = '请选择更正申请的处理结果';
      if ((input.result === 'forwarded' || input.result === 'referred') && !clean(input.organ)) e.organ = '请填写有权更正的行政机关名称';
      if (input.result === 'not-verified' && !clean(input.reason)) e.reason = '不予更正的，请说明理由';
      if (input.reason !== undefined && Array.from(clean(input.reason)).length > LIMITS.long) e.reason = `不能超过 ${LIMITS.long} 个字`;
      if (!clean(input.reviewBody)) e.reviewBody = '请填写行政复议机关';
      if (!clean(input.court)) e.court = '请填写管辖的人民法院';
      break;
    }
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
    case 'reasons-notice': {
      const reason = stripEnd(clean(input.reason));
      const when = input.periodDays ? `自收到本通知之日起${input.periodDays}个工作日内` : '在收到本通知后';
      return [
        `经审查，${you}申请公开政府信息的数量、频次明显超过合理范围${reason ? `（${reason}）` : ''}。根据《中华人民共和国政府信息公开条例》第三十五条的规定，请${you}${when}向本机关书面说明申请理由。`,
        `本机关认为申请理由不合理的，将告知${you}不予处理；认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知${you}。`,
      ];
    }
    case 'consultation-letter':
      return input.party === 'agency'
        ? [
            `经审查，该申请所涉政府信息由本机关与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的规定，现就是否公开该政府信息征求贵机关意见。`,
            `请贵机关自收到本征求意见书之日起15个工作日内提出书面意见。逾期未提出意见的，视为同意公开。`,
          ]
        : [
            `经审查，该申请所涉政府信息的公开可能损害你方的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。`,
            `请你方自收到本征求意见书之日起15个工作日内提出书面意见；不同意公开的，请说明理由。你方逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。`,
          ];
    case 'disclosure-notice':
      return [
        `本机关就该申请所涉政府信息是否公开书面征求了你方意见，你方不同意公开。经审查，本机关认为不公开可能对公共利益造成重大影响。根据《中华人民共和国政府信息公开条例》第三十二条的规定，本机关决定予以公开，现将决定公开的政府信息内容和理由告知如下。`,
        `决定公开的政府信息内容：${numbered(items(input.items))}`,
        `决定公开的理由：${stripEnd(clean(input.reason))}。`,
      ];
    case 'correction-reply': {
      const organ = stripEnd(clean(input.organ));
      const reason = stripEnd(clean(input.reason));
      const basis = '根据《中华人民共和国政府信息公开条例》第四十一条的规定，';
      const decision =
        input.result === 'corrected'
          ? `经审核，${you}提供的证据能够证明相关政府信息记录不准确。${basis}本机关已予以更正。`
          : input.result === 'not-verified'
            ? `经审核，${you}提供的证据不能证明相关政府信息记录不准确。${basis}本机关不予更正。`
            : input.result === 'forwarded'
              ? `经审查，更正该政府信息记录不属于本机关职能范围。${basis}本机关已将${you}的更正申请转送有权更正的${organ}处理。`
              : `经审查，更正该政府信息记录不属于本机关职能范围。${basis}请${you}向有权更正的${organ}提出。`;
      return [decision, ...(reason ? [`${input.result === 'not-verified' ? '理由' : '具体情况'}：${reason}。`] : [])];
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
  // Letters to a consulted party never name the applicant (personal data).
  const toParty = THIRD_PARTY_KINDS.includes(input.kind);
  const receipt =
    input.kind === 'correction-reply'
      ? `本机关于${chineseDate(input.correctionOn!)}收到${you}提出的政府信息更正申请，要求更正“${stripEnd(clean(input.correctionItems))}”。`
      : toParty
        ? `本机关于${chineseDate(input.receivedOn)}收到一件政府信息公开申请，申请获取“${stripEnd(clean(input.requestSummary))}”。`
        : `本机关于${chineseDate(input.receivedOn)}收到${you}提出的政府信息公开申请，申请获取“${stripEnd(clean(input.requestSummary))}”。`;
  const closing = input.kind === 'fee-notice' || input.kind === 'reasons-notice' ? '特此通知。' : input.kind === 'correction-reply' ? '特此答复。' : input.kind === 'consultation-letter' ? '特此征求意见。' : '特此告知。';
  const paragraphs: LetterParagraph[] = [
    { text: title, kind: 'title' },
    { text: clean(input.letterNo), kind: 'no' },
    { text: `${clean(toParty ? input.addressee : input.applicantName)}：`, kind: 'salutation' },
    body(receipt),
    ...noticeParagraphs({ you, input }).map(body),
    body(closing),
  ];
  if (input.kind === 'correction-reply') {
    paragraphs.push(body(`如对本答复不服，可以在收到本答复之日起六十日内向${clean(input.reviewBody)}申请行政复议，或者在六个月内向${clean(input.court)}提起行政诉讼。`));
  }
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
