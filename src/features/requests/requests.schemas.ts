// TypeBox schemas of the 依申请公开 part of the JSON API v1 (validated by the API's validator
// compiler, published in the OpenAPI document). The commands validate again, with the law's rules.
import { MAX_ID } from '../../platform/db/index.ts';
import { Type } from '@sinclair/typebox';
import { Enum, Nullable } from '../../platform/http/index.ts';
import { APPLICANT_TYPES, ID_TYPES } from './applicant.ts';
import { CHANNELS, DELIVERED_NOTICES, EVENT_TYPES, NOTICE_DELIVERY_METHODS } from './clock.ts';
import { DELIVERIES, FORMS, DESCRIPTION_LIMIT, DOC_REF_LIMIT } from './requests.limits.ts';

const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2025-09-26'], errorMessage: '日期格式应为 年-月-日，例如 2025-09-26' };

export const ApplicantBody = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: '姓名或名称' }),
    idType: Enum(ID_TYPES, { description: '身份证明类型' }),
    idNumber: Type.String({ maxLength: 50, description: '证件号码（居民身份证、统一社会信用代码按校验位检查）' }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30, description: '电话' }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254, description: '电子邮箱' }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 400, description: '通信地址' }))),
  },
  { additionalProperties: false, description: '申请人（不公开；工作人员列表中脱敏显示）' },
);

export const SubmitRequestBody = Type.Object(
  {
    applicantType: Enum(APPLICANT_TYPES, { description: '申请人类型：自然人，或法人或其他组织的类别' }),
    applicant: ApplicantBody,
    unitId: Type.Integer({ minimum: 1, maximum: MAX_ID, description: '受理单位编号', errorMessage: '受理单位编号应为正整数' }),
    description: Type.Optional(Type.String({ maxLength: DESCRIPTION_LIMIT, description: '所需信息的特征性描述（与 docRef 至少填一项）' })),
    docRef: Type.Optional(Type.String({ maxLength: DOC_REF_LIMIT, description: '所需信息的名称、文号' })),
    form: Enum(FORMS, { description: '获取信息的形式' }),
    delivery: Enum(DELIVERIES, { description: '获取信息的方式' }),
    channel: Type.Optional(Enum(CHANNELS, { description: '申请渠道（仅工作人员令牌；公众只能为 online）' })),
    receivedOn: Type.Optional(Type.String({ ...DATE, description: '收到申请日期（仅工作人员登记当面、邮寄、传真申请时）' })),
    website: Type.Optional(Type.String({ maxLength: 200, description: '请留空（防机器提交）' })),
  },
  { additionalProperties: false },
);

export const Submitted = Type.Object(
  {
    id: Type.Integer(),
    trackingNo: Type.String({ description: '申请编号，如 SC2026-000123' }),
    queryCode: Type.String({ description: '查询码（只显示这一次，请妥善保存）' }),
    status: Type.String(),
  },
  { additionalProperties: false },
);

export const RequestRefParams = Type.Object(
  {
    id: Type.String({
      pattern: '^(?:[1-9]\\d{0,9}|SC\\d{4}-\\d{6})$',
      description: '工作人员：申请的数字编号；申请人：申请编号（如 SC2026-000123，须同时提供查询码 code）',
      errorMessage: '应为申请编号（如 SC2026-000123）或数字编号',
    }),
  },
  { additionalProperties: false },
);

export const RequestIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: '申请的数字编号', errorMessage: '申请编号应为正整数' }) },
  { additionalProperties: false },
);

export const StatusQuery = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 32, description: '查询码（申请人查询时必填）' })) },
  { additionalProperties: false },
);

export const EventBody = Type.Object(
  {
    type: Enum(EVENT_TYPES, { description: '办理步骤' }),
    on: Type.String({ ...DATE, description: '发生日期' }),
    periodDays: Type.Optional(Type.Integer({ description: 'reasons-requested：说明理由的期限（工作日，选填）；request-supplement：补正期限（工作日，自申请人收到告知书之日起计算）' })),
    items: Type.Optional(Type.String({ maxLength: 4000, description: 'request-supplement（必填）：需要补正的事项，一次性告知；correction-requested（必填）：申请人认为不准确的政府信息记录和要求更正的内容（第四十一条）' })),
    party: Type.Optional(Type.String({ maxLength: 20, description: 'consultation-started：third-party 或 agency' })),
    with: Type.Optional(Type.String({ maxLength: 800, description: 'consultation-started：征求意见的第三方或机关名称；correction-answered：有权更正的行政机关（forwarded、referred 时必填）' })),
    days: Type.Optional(Type.Integer({ description: 'extend：延长的工作日数（至多 20）' })),
    reason: Type.Optional(Type.String({ maxLength: 4000, description: 'extend：延长理由；reasons-requested：申请数量、频次明显超过合理范围的情况；correction-answered：理由或具体情况' })),
    outcome: Type.Optional(Type.String({ maxLength: 20, description: 'decide：办理结果代码（grant、partial、deny-1 …）' })),
    basis: Type.Optional(Type.String({ maxLength: 10, description: 'fee-notice：count（按件计收，默认）或 pages（按量计收）' })),
    pages: Type.Optional(Type.Integer({ description: 'fee-notice：按量计收的页数' })),
    amount: Type.Optional(Type.Integer({ description: 'fee-notice：金额由系统按收费办法计算；如填写，须与计算结果一致（元）' })),
    note: Type.Optional(Type.String({ maxLength: 4000, description: '任一步骤：办理说明（仅工作人员可见）' })),
    toUnitId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, errorMessage: '转办单位编号应为正整数', description: 'transfer：尚未确认收到的，转办单位编号（必填）；已收到的，负责公开的本平台单位（选填，代替 organName）' })),
    organName: Type.Optional(Type.String({ maxLength: 200, description: 'transfer（已收到的申请）：负责公开该信息的机关名称，将告知申请人向其申请（第三十六条第（五）项）' })),
    organContact: Type.Optional(Type.String({ maxLength: 200, description: 'transfer（已收到的申请）：该机关的联系方式（电话、地址）' })),
    deliveryMethod: Type.Optional(Enum(NOTICE_DELIVERY_METHODS, { description: 'request-supplement、fee-notice、notice-delivered：告知书送达方式（online 网上送达、email 电子邮件、post 邮寄、in-person 当面送达）；未填时按申请人选择的获取方式推定' })),
    deliveredOn: Type.Optional(Type.String({ ...DATE, description: 'request-supplement、fee-notice（选填）、notice-delivered（默认为 on）：申请人收到告知书的日期（邮寄的为签收日期），补正期限、缴费期限自此计算' })),
    notice: Type.Optional(Enum(DELIVERED_NOTICES, { description: 'notice-delivered：送达的告知书（request-supplement 补正告知书、fee-notice 收费通知），由状态确定，可省略' })),
    method: Type.Optional(Type.String({ maxLength: 20, description: 'deliver：送达方式' })),
    result: Type.Optional(Type.String({ maxLength: 20, description: 'review-result / lawsuit-result：upheld、corrected、other；consultation-ended（选填）：agreed、objected、no-answer（第三方逾期未提出意见）、deemed-consent（其他机关逾期视为同意，第三十四条）；correction-answered（必填）：corrected、not-verified、forwarded、referred' })),
  },
  { additionalProperties: false },
);

export const RequestStatusView = Type.Object(
  {},
  { additionalProperties: true, description: '公开查询：状态、各步骤日期、答复期限和办理结果（不含申请人个人信息）；带令牌的数字编号：工作人员视图（含 receivedOn、dueOn、dueReason、status、events）' },
);
export const StaffRequest = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      '申请的工作人员视图：含 dueOn、dueReason，补正期限 supplementDueOn 与 supplementNotice、缴费期限 feePaymentDueOn 与 feeNotice（{ noticeOn, method, deliveredOn, basis, periodDays, dueOn, provisional, reason }，未登记收到日期时 dueOn 为 null），' +
      '收到后转办的 referral（{ on, organName, organContact, toUnitId }）',
  },
);

// ---------------------------------------------------------------------------
// 依申请公开: issued letters for the applicant (tracking number + query code)
// ---------------------------------------------------------------------------

export const RequestLetterParams = Type.Object(
  {
    id: Type.String({ pattern: '^SC\\d{4}-\\d{6}$', description: '申请编号，如 SC2026-000123', errorMessage: '应为申请编号，如 SC2026-000123' }),
    letterId: Type.Integer({ minimum: 1, maximum: MAX_ID, description: '文书编号（见查询结果 letters[].id）', errorMessage: '文书编号应为正整数' }),
  },
  { additionalProperties: false },
);

export const RequestLetterQuery = Type.Object(
  { code: Type.String({ maxLength: 32, description: '查询码（必填）' }) },
  { additionalProperties: false },
);

export const RequestLetter = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union(['reply', 'supplement-notice', 'extension-notice', 'fee-notice'].map((k) => Type.Literal(k)), { description: '答复书、补正告知书、延长答复期限告知书或收费通知书' }),
    title: Type.String(),
    letterNo: Type.String({ description: '文号' }),
    issuedOn: Type.String({ description: '出具日期 YYYY-MM-DD' }),
    current: Type.Boolean({ description: 'false：已被后来出具的同类文书取代' }),
    paragraphs: Type.Array(
      Type.Object({
        kind: Type.Union(['title', 'no', 'salutation', 'body', 'signature', 'date'].map((k) => Type.Literal(k))),
        text: Type.String(),
      }),
      { description: '正文各段（与打印页和 Word 文件相同）' },
    ),
  },
  { description: '已出具的文书全文（收件人为申请人本人）' },
);
