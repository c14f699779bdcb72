/**
 * The outcome codes (办理结果) of a disclosure request, one per counted row of the annual-report
 * table for section 三 (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号; domain.md §2.3).
 *
 * Count: issue 4 speaks of "the 22 outcome codes", but the codes it lists — grant, partial,
 * deny-1…8, unable-1…3, reject-1…5, other-1…3 — are 1 + 1 + 8 + 3 + 5 + 3 = 21. The table's
 * "22 rows" under 三 include （七）总计, which is a sum, not an outcome. So there are 21 codes.
 *
 * Every decision carries exactly one code. Row labels are the format's own wording, verbatim
 * (checked against domain.md in outcomes.test.ts). Legal bases cite the 2019 Regulation
 * (国务院令第711号; article text checked against LawRefBook/Laws 政府信息公开条例(2019-04-03).md).
 * Which Art. 36 item maps to which row is partly analysis (domain.md §1.5, marked [A] there and
 * below); the mapping is what published reply letters commonly use.
 *
 * Pure data, no I/O.
 */

export const OUTCOME_GROUPS = ['grant', 'partial', 'deny', 'unable', 'reject', 'other'] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];

export interface OutcomeGroupDef {
  group: OutcomeGroup;
  /** Short name, e.g. '不予公开'. */
  label: string;
  /** The row exactly as the annual-report table prints it, e.g. '（三）不予公开'. */
  rowLabel: string;
}

export const OUTCOME_GROUP_DEFS: Record<OutcomeGroup, OutcomeGroupDef> = {
  grant: { group: 'grant', label: '予以公开', rowLabel: '（一）予以公开' },
  partial: { group: 'partial', label: '部分公开', rowLabel: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
  deny: { group: 'deny', label: '不予公开', rowLabel: '（三）不予公开' },
  unable: { group: 'unable', label: '无法提供', rowLabel: '（四）无法提供' },
  reject: { group: 'reject', label: '不予处理', rowLabel: '（五）不予处理' },
  other: { group: 'other', label: '其他处理', rowLabel: '（六）其他处理' },
};

/** The 21 codes in the order of the table's rows. */
export const OUTCOME_CODES = [
  'grant',
  'partial',
  'deny-1', 'deny-2', 'deny-3', 'deny-4', 'deny-5', 'deny-6', 'deny-7', 'deny-8',
  'unable-1', 'unable-2', 'unable-3',
  'reject-1', 'reject-2', 'reject-3', 'reject-4', 'reject-5',
  'other-1', 'other-2', 'other-3',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export const REGULATION = '《中华人民共和国政府信息公开条例》';
const FEE_MEASURES = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

export interface OutcomeDef {
  code: OutcomeCode;
  group: OutcomeGroup;
  /** Number of the sub-row inside its group (1…8), null for 予以公开 / 部分公开 (no sub-rows). */
  item: number | null;
  /** The row's text without its number, e.g. '属于国家秘密'; for grant/partial the group name. */
  label: string;
  /** The row exactly as printed in the table, e.g. '1.属于国家秘密' or '（一）予以公开'. */
  rowLabel: string;
  /** For lists and selects: '不予公开（属于国家秘密）', '予以公开'. */
  displayLabel: string;
  /** Which instrument `basis` refers to; null when there is no single basis (其他). */
  law: string | null;
  /** Articles, e.g. '第三十六条第（三）项、第十四条'; null for other-3. */
  basis: string | null;
  /** `law` + `basis`, ready for a reply letter; null for other-3. */
  citation: string | null;
  /** One line for the reply letter (答复书) saying what the outcome means for the applicant. */
  gist: string;
}

type Row = [code: OutcomeCode, label: string, law: string | null, basis: string | null, gist: string];

const ROWS: Row[] = [
  // Art. 36 (1) already proactively disclosed → tell where; (2) can be disclosed → provide.
  // Both are counted as 予以公开 ([A] for item (1), domain.md §1.5).
  ['grant', '予以公开', REGULATION, '第三十六条第（一）项、第（二）项',
    '经审查，您申请公开的政府信息属于公开范围，现予以提供（已主动公开的，告知获取的方式和途径）。'],
  ['partial', '部分公开', REGULATION, '第三十七条',
    '您申请公开的信息中含有不应当公开的内容，但能够作区分处理，现提供可以公开的部分，并对不予公开的部分说明理由。'],

  ['deny-1', '属于国家秘密', REGULATION, '第三十六条第（三）项、第十四条',
    '您申请公开的信息经依法确定为国家秘密，本机关决定不予公开。'],
  ['deny-2', '其他法律行政法规禁止公开', REGULATION, '第三十六条第（三）项、第十四条',
    '您申请公开的信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开。'],
  ['deny-3', '危及“三安全一稳定”', REGULATION, '第三十六条第（三）项、第十四条',
    '您申请公开的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开。'],
  ['deny-4', '保护第三方合法权益', REGULATION, '第三十六条第（三）项、第十五条、第三十二条',
    '您申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关决定不予公开。'],
  ['deny-5', '属于三类内部事务信息', REGULATION, '第三十六条第（三）项、第十六条第一款',
    '您申请公开的信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息，本机关决定不予公开。'],
  ['deny-6', '属于四类过程性信息', REGULATION, '第三十六条第（三）项、第十六条第二款',
    '您申请公开的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关决定不予公开。'],
  ['deny-7', '属于行政执法案卷', REGULATION, '第三十六条第（三）项、第十六条第二款',
    '您申请公开的信息属于行政执法案卷信息，本机关决定不予公开。'],
  // Art. 36 (7): registration files with special statutory access rules ([A] mapping).
  ['deny-8', '属于行政查询事项', REGULATION, '第三十六条第（七）项',
    '您申请公开的信息属于工商、不动产登记资料等信息，有关法律、行政法规对其获取有特别规定，请依照相关规定办理查询。'],

  // Art. 36 (4) nothing found; (5) not this organ's to disclose ([A]: both counted here).
  ['unable-1', '本机关不掌握相关政府信息', REGULATION, '第三十六条第（四）项、第（五）项',
    '经检索，本机关没有您申请公开的政府信息（不属于本机关负责公开的，告知负责公开的行政机关名称和联系方式）。'],
  ['unable-2', '没有现成信息需要另行制作', REGULATION, '第三十八条',
    '您申请的信息需要本机关对现有政府信息进行加工、分析后方能形成，本机关不予提供。'],
  ['unable-3', '补正后申请内容仍不明确', REGULATION, '第二十九条第二款、第三十条',
    '您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息，无法提供。'],

  ['reject-1', '信访举报投诉类申请', REGULATION, '第三十九条第一款',
    '您以政府信息公开申请的形式进行信访、投诉、举报，本机关不作为政府信息公开申请处理，请通过相应渠道提出。'],
  ['reject-2', '重复申请', REGULATION, '第三十六条第（六）项',
    '本机关已就您申请公开的相同政府信息作出答复，对您的重复申请不予重复处理。'],
  ['reject-3', '要求提供公开出版物', REGULATION, '第三十九条第二款',
    '您申请获取的是政府公报、报刊、书籍等公开出版物，请按本机关告知的途径获取。'],
  ['reject-4', '无正当理由大量反复申请', REGULATION, '第三十五条',
    '您申请公开政府信息的数量、频次明显超过合理范围，且所说明的理由不合理，本机关不予处理。'],
  // No article names this case; the reply letters seen treat it as not a request for existing
  // government information (Art. 2 definition; Art. 38 only existing information) — [A].
  ['reject-5', '要求行政机关确认或重新出具已获取信息', REGULATION, '第二条、第三十八条',
    '您的申请系要求本机关确认或重新出具您已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。'],

  ['other-1', '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', REGULATION, '第三十条',
    '您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。'],
  // The article of the fee measures that sets the 20-working-day payment period was not verified
  // (domain.md §1.7 / §8), so the measures are cited without an article number.
  ['other-2', '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', FEE_MEASURES, null,
    '您未在收费通知规定的期限内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。'],
  // Anything else, e.g. the applicant withdrew the request ([A]: withdrawals are counted here).
  ['other-3', '其他', null, null,
    '本机关根据具体情况作出其他处理（如申请人撤回申请的，终止处理），答复书中写明具体情况和依据。'],
];

function build(): Record<OutcomeCode, OutcomeDef> {
  const out = {} as Record<OutcomeCode, OutcomeDef>;
  for (const [code, label, law, basis, gist] of ROWS) {
    const dash = code.indexOf('-');
    const group = (dash < 0 ? code : code.slice(0, dash)) as OutcomeGroup;
    const item = dash < 0 ? null : Number(code.slice(dash + 1));
    const g = OUTCOME_GROUP_DEFS[group];
    out[code] = {
      code,
      group,
      item,
      label,
      rowLabel: item === null ? g.rowLabel : `${item}.${label}`,
      displayLabel: item === null ? g.label : `${g.label}（${label}）`,
      law,
      basis,
      citation: law === null ? null : basis === null ? law : `${law}${basis}`,
      gist,
    };
  }
  return out;
}

export const OUTCOMES: Readonly<Record<OutcomeCode, OutcomeDef>> = build();

export function isOutcomeCode(value: unknown): value is OutcomeCode {
  return typeof value === 'string' && (OUTCOME_CODES as readonly string[]).includes(value);
}

/** The codes of one group, in table order. */
export function outcomesOfGroup(group: OutcomeGroup): OutcomeDef[] {
  return OUTCOME_CODES.filter((c) => OUTCOMES[c].group === group).map((c) => OUTCOMES[c]);
}

/**
 * The rows of 三、本年度办理结果 in print order: group rows, and under (三)–(六) their numbered
 * sub-rows. `code` is set on the rows that hold a count (予以公开, 部分公开 and every sub-row).
 */
export function annualReportResultRows(): { rowLabel: string; code: OutcomeCode | null; depth: 1 | 2 }[] {
  const rows: { rowLabel: string; code: OutcomeCode | null; depth: 1 | 2 }[] = [];
  for (const group of OUTCOME_GROUPS) {
    const g = OUTCOME_GROUP_DEFS[group];
    const members = outcomesOfGroup(group);
    if (members.length === 1 && members[0]!.item === null) {
      rows.push({ rowLabel: g.rowLabel, code: members[0]!.code, depth: 1 });
    } else {
      rows.push({ rowLabel: g.rowLabel, code: null, depth: 1 });
      for (const m of members) rows.push({ rowLabel: m.rowLabel, code: m.code, depth: 2 });
    }
  }
  return rows;
}
