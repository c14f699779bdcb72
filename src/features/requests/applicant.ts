/**
 * The applicant of a disclosure request (申请人): types, identity documents, validation of what
 * Art. 29 of the Regulation requires (name, 身份证明, contact), and masking for staff lists.
 *
 * Applicant types are the columns of the annual-report table for section 三 (domain.md §2.3):
 * 自然人, and 法人或其他组织 split into 商业企业 · 科研机构 · 社会公益组织 · 法律服务机构 · 其他.
 *
 * Field errors use the API's names ('applicantType', 'applicant.name', 'applicant.idNumber', …)
 * and Chinese messages that say what to fix. Pure; no I/O.
 */
import {
  isValidCreditCode,
  isValidResidentId,
  maskIdNumber,
  maskName,
  maskPhone,
} from '../../platform/checksums.ts';
import type { FieldErrors } from '../../platform/errors.ts';

// ---------------------------------------------------------------------------
// Applicant types
// ---------------------------------------------------------------------------

export const APPLICANT_TYPES = ['natural', 'business', 'research', 'public-interest', 'legal-services', 'other'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  natural: '自然人',
  business: '商业企业',
  research: '科研机构',
  'public-interest': '社会公益组织',
  'legal-services': '法律服务机构',
  other: '其他',
};

/** The two top-level columns of the annual report. */
export type ApplicantCategory = 'person' | 'organisation';

export function applicantCategory(type: ApplicantType): ApplicantCategory {
  return type === 'natural' ? 'person' : 'organisation';
}

/** Full label, e.g. '法人或其他组织（商业企业）' or '自然人'. */
export function applicantTypeFullLabel(type: ApplicantType): string {
  return type === 'natural' ? '自然人' : `法人或其他组织（${APPLICANT_TYPE_LABELS[type]}）`;
}

export function isApplicantType(value: unknown): value is ApplicantType {
  return typeof value === 'string' && (APPLICANT_TYPES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Identity documents (身份证明)
// ---------------------------------------------------------------------------

export const ID_TYPES = [
  'resident-id',
  'residence-permit',
  'passport',
  'hk-macao-permit',
  'taiwan-permit',
  'foreign-permanent-id',
  'credit-code',
  'other',
] as const;
export type IdType = (typeof ID_TYPES)[number];

export interface IdTypeDef {
  id: IdType;
  label: string;
  /** Who may use it: a natural person, an organisation, or either. */
  holder: ApplicantCategory | 'any';
  /** Example for the form's hint (a checksum-valid sample where a checksum applies). */
  example?: string;
  /** Hint shown next to the field. */
  hint: string;
}

export const ID_TYPE_DEFS: Record<IdType, IdTypeDef> = {
  'resident-id': {
    id: 'resident-id', label: '居民身份证', holder: 'person', example: '11010519491231002X',
    hint: '18 位，最后一位可能是 X',
  },
  // GB 11643 numbers with the 810000/820000/830000 prefix; same checksum as the resident ID.
  'residence-permit': {
    id: 'residence-permit', label: '港澳台居民居住证', holder: 'person',
    hint: '18 位，以 810000、820000 或 830000 开头',
  },
  passport: { id: 'passport', label: '护照', holder: 'person', hint: '5 至 17 位字母或数字' },
  'hk-macao-permit': {
    id: 'hk-macao-permit', label: '港澳居民来往内地通行证', holder: 'person',
    hint: 'H 或 M 开头，后接 8 位或 10 位数字',
  },
  'taiwan-permit': {
    id: 'taiwan-permit', label: '台湾居民来往大陆通行证', holder: 'person', hint: '8 位数字（旧版证件 10 位）',
  },
  // Old card: 3 letters + 12 digits; 2023 card: 18 characters starting with 9, GB 11643 checksum
  // with the birth date in the same place as on a resident ID (treated as such — [A]).
  'foreign-permanent-id': {
    id: 'foreign-permanent-id', label: '外国人永久居留身份证', holder: 'person',
    hint: '15 位（3 位字母加 12 位数字）或 18 位（以 9 开头）',
  },
  'credit-code': {
    id: 'credit-code', label: '统一社会信用代码', holder: 'organisation', example: '11100000MB0341032Y',
    hint: '18 位，见营业执照或登记证书',
  },
  other: { id: 'other', label: '其他有效身份证明', holder: 'any', hint: '请写明证件名称和号码' },
};

export const ID_TYPE_LABELS: Record<IdType, string> = Object.fromEntries(
  ID_TYPES.map((t) => [t, ID_TYPE_DEFS[t].label]),
) as Record<IdType, string>;

function isIdType(value: unknown): value is IdType {
  return typeof value === 'string' && (ID_TYPES as readonly string[]).includes(value);
}

/** The identity documents an applicant of this type may give, in form order. */
export function idTypesFor(type: ApplicantType): IdType[] {
  const cat = applicantCategory(type);
  return ID_TYPES.filter((t) => ID_TYPE_DEFS[t].holder === cat || ID_TYPE_DEFS[t].holder === 'any');
}

interface IdCheckOptions {
  /** "Today" for the birth-date-not-in-the-future check of GB 11643 numbers (tests pin it). */
  now?: Date;
}

/**
 * Normalise an identity number for storage: remove spaces, upper-case letters (all formats here
 * are case-insensitive). 'other' keeps its text as typed, trimmed and with runs of spaces collapsed.
 */
function normalizeIdNumber(idType: IdType, raw: string): string {
  if (idType === 'other') return raw.trim().replace(/\s+/g, ' ');
  return raw.replace(/[\s\u3000]+/g, '').toUpperCase();
}

/** Why `value` (already normalised) is not a valid number of `idType`; null when it is. */
function idNumberProblem(idType: IdType, value: string, options: IdCheckOptions = {}): string | null {
  const gb = () => isValidResidentId(value, options.now ? { now: options.now } : {});
  switch (idType) {
    case 'resident-id':
      if (!/^\d{17}[\dX]$/.test(value)) return '居民身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X';
      return gb() ? null : '居民身份证号码有误（校验位或出生日期不正确），请核对';
    case 'residence-permit':
      if (!/^8[123]0000\d{11}[\dX]$/.test(value)) return '港澳台居民居住证号码应为 18 位，以 810000、820000 或 830000 开头';
      return gb() ? null : '港澳台居民居住证号码有误（校验位或出生日期不正确），请核对';
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(value) ? null : '护照号码应为 5 至 17 位字母或数字';
    case 'hk-macao-permit':
      return /^[HM]\d{8}(?:\d{2})?$/.test(value) ? null : '港澳居民来往内地通行证号码应为 H 或 M 开头，后接 8 位或 10 位数字';
    case 'taiwan-permit':
      return /^\d{8}(?:\d{2})?$/.test(value) ? null : '台湾居民来往大陆通行证号码应为 8 位数字（旧版证件为 10 位）';
    case 'foreign-permanent-id':
      if (/^[A-Z]{3}\d{12}$/.test(value)) return null;
      if (/^9\d{16}[\dX]$/.test(value)) return gb() ? null : '外国人永久居留身份证号码有误（校验位不正确），请核对';
      return '外国人永久居留身份证号码应为 15 位（3 位字母加 12 位数字）或以 9 开头的 18 位';
    case 'credit-code':
      if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value)) {
        return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）';
      }
      return isValidCreditCode(value) ? null : '统一社会信用代码有误（校验位不正确），请核对';
    case 'other':
      return value.length >= 2 ? null : '请写明证件名称和号码';
  }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/** What the API accepts: `applicantType` and the `applicant` object (domain.md §1.5, Art. 29). */
export interface ApplicantInput {
  applicantType?: unknown;
  applicant?: {
    name?: unknown;
    idType?: unknown;
    idNumber?: unknown;
    phone?: unknown;
    email?: unknown;
    address?: unknown;
  } | unknown;
}

/** A validated, normalised applicant. Empty optional fields are null. */
export interface Applicant {
  type: ApplicantType;
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface ValidateApplicantOptions extends IdCheckOptions {
  /**
   * How the reply is to be delivered; 'post' makes the address required, 'email' the e-mail.
   * (Art. 29 (3): the form and the way of obtaining the information.)
   */
  delivery?: string;
}

export const APPLICANT_LIMITS = { personName: 50, orgName: 100, idNumber: 50, phone: 30, email: 254, address: 200 };

const APPLICANT_FIELDS = ['name', 'idType', 'idNumber', 'phone', 'email', 'address'] as const;

/** Mainland mobile, landline with area code (and extension), or an international number. */
const PHONE_RE = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\+\d{6,15})$/;
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Validate an applicant: the type, the name, an identity document fitting the type (checksums
 * for resident IDs and credit codes), and at least one way to reach them.
 * Returns the normalised applicant when there are no errors.
 */
export function validateApplicant(
  input: ApplicantInput,
  options: ValidateApplicantOptions = {},
): { value: Applicant | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const raw = (input.applicant && typeof input.applicant === 'object' ? input.applicant : {}) as Record<string, unknown>;
  if (input.applicant !== undefined && (typeof input.applicant !== 'object' || input.applicant === null || Array.isArray(input.applicant))) {
    errors.applicant = '申请人信息格式不正确';
  }
  for (const k of Object.keys(raw)) {
    if (!(APPLICANT_FIELDS as readonly string[]).includes(k)) errors[`applicant.${k}`] = `不认识的字段“${k}”`;
  }

  let type: ApplicantType | undefined;
  if (input.applicantType === undefined || input.applicantType === null || input.applicantType === '') {
    errors.applicantType = '请选择申请人类型（自然人或法人或其他组织）';
  } else if (!isApplicantType(input.applicantType)) {
    errors.applicantType = '申请人类型不在允许范围内';
  } else {
    type = input.applicantType;
  }
  const isOrg = type !== undefined && type !== 'natural';

  // Name (姓名 / 名称)
  const name = (text(raw.name) ?? '').replace(/\s+/g, ' ').trim();
  const nameLimit = isOrg ? APPLICANT_LIMITS.orgName : APPLICANT_LIMITS.personName;
  if (!name) errors['applicant.name'] = isOrg ? '请填写单位名称' : '请填写姓名';
  else if (Array.from(name).length > nameLimit) errors['applicant.name'] = `${isOrg ? '名称' : '姓名'}不能超过 ${nameLimit} 个字`;

  // Identity document
  let idType: IdType | undefined;
  const rawIdType = text(raw.idType)?.trim();
  if (!rawIdType) errors['applicant.idType'] = '请选择身份证明类型';
  else if (!isIdType(rawIdType)) errors['applicant.idType'] = '身份证明类型不在允许范围内';
  else if (type && !idTypesFor(type).includes(rawIdType)) {
    errors['applicant.idType'] = isOrg
      ? `法人或其他组织请提供统一社会信用代码或其他有效身份证明，不能使用${ID_TYPE_LABELS[rawIdType]}`
      : `自然人请提供个人身份证件，不能使用${ID_TYPE_LABELS[rawIdType]}`;
  } else idType = rawIdType;

  let idNumber = '';
  const rawId = text(raw.idNumber);
  if (!rawId || !rawId.trim()) errors['applicant.idNumber'] = '请填写证件号码';
  else if (rawId.length > APPLICANT_LIMITS.idNumber) errors['applicant.idNumber'] = `证件号码不能超过 ${APPLICANT_LIMITS.idNumber} 个字符`;
  else if (idType) {
    idNumber = normalizeIdNumber(idType, rawId);
    const problem = idNumberProblem(idType, idNumber, options);
    if (problem) errors['applicant.idNumber'] = problem;
  }

  // Contact (联系方式): at least one; the one the delivery needs is required.
  const phone = (text(raw.phone) ?? '').replace(/[\s\u3000]+/g, '');
  const email = (text(raw.email) ?? '').trim();
  const address = (text(raw.address) ?? '').replace(/\s+/g, ' ').trim();
  if (phone) {
    if (phone.length > APPLICANT_LIMITS.phone || !PHONE_RE.test(phone)) {
      errors['applicant.phone'] = '电话号码格式不正确，手机号为 11 位数字，固定电话请加区号（如 0527-84356789）';
    }
  }
  if (email) {
    if (email.length > APPLICANT_LIMITS.email || !EMAIL_RE.test(email)) errors['applicant.email'] = '电子邮箱格式不正确，例如 name@example.com';
  }
  if (address && Array.from(address).length > APPLICANT_LIMITS.address) {
    errors['applicant.address'] = `通信地址不能超过 ${APPLICANT_LIMITS.address} 个字`;
  }
  if (options.delivery === 'post' && !address && !errors['applicant.address']) {
    errors['applicant.address'] = '选择邮寄方式获取信息时，请填写通信地址';
  }
  if (options.delivery === 'email' && !email && !errors['applicant.email']) {
    errors['applicant.email'] = '选择电子邮件方式获取信息时，请填写电子邮箱';
  }
  if (!phone && !email && !address) {
    errors['applicant.phone'] = '请至少填写一种联系方式（电话、电子邮箱或通信地址）';
  }

  if (Object.keys(errors).length > 0 || !type || !idType) return { value: null, errors };
  return {
    value: {
      type,
      name,
      idType,
      idNumber,
      phone: phone || null,
      email: email || null,
      address: address || null,
    },
    errors,
  };
}

// ---------------------------------------------------------------------------
// Masking for staff lists
// ---------------------------------------------------------------------------

/**
 * Mask an e-mail address: keep the first character of the local part and the domain
 * (`zhangsan@example.com` → `z***@example.com`). Not an address → fully masked.
 */
export function maskEmail(email: string): string {
  if (typeof email !== 'string') return '';
  const s = email.trim();
  const at = s.lastIndexOf('@');
  if (at < 1) return '*'.repeat(Array.from(s).length);
  return `${Array.from(s)[0]}***${s.slice(at)}`;
}

export interface MaskedApplicant {
  type: ApplicantType;
  typeLabel: string;
  name: string;
  idTypeLabel: string;
  idNumber: string;
  phone: string | null;
  email: string | null;
}

/**
 * What a staff list (queue) shows of an applicant. Personal data is masked with the helpers of
 * platform/checksums.ts. An organisation's name and credit code are public registration data and
 * stay readable; a natural person's name, any personal document number, phone and e-mail are
 * masked. The address is left out of lists altogether.
 */
export function maskApplicant(a: Applicant): MaskedApplicant {
  const org = a.type !== 'natural';
  const publicNumber = a.idType === 'credit-code';
  return {
    type: a.type,
    typeLabel: applicantTypeFullLabel(a.type),
    name: org ? a.name : maskName(a.name),
    idTypeLabel: ID_TYPE_LABELS[a.idType],
    idNumber: publicNumber ? a.idNumber : maskIdNumber(a.idNumber),
    phone: a.phone === null ? null : maskPhone(a.phone),
    email: a.email === null ? null : maskEmail(a.email),
  };
}
