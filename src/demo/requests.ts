// Demo 依申请公开 requests for `npm start`: a year and a bit of realistic requests to the district
// office and some departments (2025 and 2026), with 补正 (a posted notice awaiting its signed-for
// date), consultation, extension, a transfer after receipt (answered by the office: Art. 36(五)),
// withdrawals, reviews and every common outcome — so the queue, the request pages and the 2025
// annual report show real-looking numbers. Applicants are fictional; identity numbers are made
// valid (GB 11643 / GB 32100 check characters) so that they pass validation like real ones.
import { isValidCreditCode, isValidResidentId } from '../platform/checksums.ts';

export interface DemoRequest {
  unit: string;
  type: 'natural' | 'business' | 'research' | 'public-interest' | 'legal-services' | 'other';
  name: string;
  receivedOn: string;
  channel: 'in-person' | 'post' | 'fax';
  description: string;
  /** Events after registration (dates in order). */
  steps: Record<string, unknown>[];
}

/** A valid 18-digit resident ID from the first 17 digits. */
function residentId(first17: string): string {
  for (const c of '0123456789X') if (isValidResidentId(first17 + c)) return first17 + c;
  throw new Error(`no check digit for ${first17}`);
}

/** A valid 统一社会信用代码 from the first 17 characters. */
function creditCode(first17: string): string {
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (isValidCreditCode(first17 + c)) return first17 + c;
  throw new Error(`no check character for ${first17}`);
}

const grant = (on: string) => ({ type: 'decide', on, outcome: 'grant' });
const decide = (on: string, outcome: string) => ({ type: 'decide', on, outcome });
const deliver = (on: string) => ({ type: 'deliver', on, method: 'post' });

export const DEMO_REQUESTS: DemoRequest[] = [
  { unit: 'zfb', type: 'natural', name: '陈明', receivedOn: '2024-12-23', channel: 'post', description: '2024年宿城区重大行政决策事项目录', steps: [grant('2025-01-08'), deliver('2025-01-09')] },
  { unit: 'zfb', type: 'natural', name: '刘洋', receivedOn: '2024-12-30', channel: 'in-person', description: '幸福街道某地块房屋征收补偿方案及评估报告', steps: [{ type: 'consultation-started', on: '2025-01-06', party: 'third-party', with: '评估机构' }, { type: 'consultation-ended', on: '2025-01-20' }, decide('2025-02-10', 'partial'), deliver('2025-02-11')] },
  { unit: 'zfb', type: 'natural', name: '王芳', receivedOn: '2025-01-13', channel: 'in-person', description: '宿城区2024年政府工作报告中民生实事项目完成情况', steps: [grant('2025-01-24'), deliver('2025-01-24')] },
  { unit: 'zfb', type: 'natural', name: '李强', receivedOn: '2025-02-10', channel: 'post', description: '本人所在小区周边道路改造工程的立项批复', steps: [decide('2025-03-03', 'unable-1'), deliver('2025-03-04')] },
  { unit: 'zfb', type: 'business', name: '宿迁恒信建材有限公司', receivedOn: '2025-02-17', channel: 'post', description: '2024年区政府采购项目中标结果及合同', steps: [grant('2025-03-07'), deliver('2025-03-10')] },
  { unit: 'zfb', type: 'natural', name: '赵敏', receivedOn: '2025-03-03', channel: 'in-person', description: '关于某信访事项的处理意见书', steps: [decide('2025-03-14', 'reject-1'), deliver('2025-03-14')] },
  { unit: 'zfb', type: 'natural', name: '孙丽', receivedOn: '2025-03-17', channel: 'post', description: '我要了解拆迁的事', steps: [{ type: 'request-supplement', on: '2025-03-19', periodDays: 15, items: '请写明所需信息的具体名称、文号或所涉地块、项目名称等能够指向特定政府信息的描述' }, { type: 'supplement-received', on: '2025-03-31' }, decide('2025-04-21', 'unable-1'), deliver('2025-04-22')] },
  { unit: 'zfb', type: 'legal-services', name: '江苏宿城律师事务所', receivedOn: '2025-04-07', channel: 'post', description: '某集体土地征收项目的征地批复文件和征地补偿安置方案公告', steps: [{ type: 'extend', on: '2025-04-30', days: 15, reason: '所需信息涉及多个部门，需调取档案核对' }, decide('2025-05-20', 'partial'), deliver('2025-05-21')] },
  { unit: 'zfb', type: 'natural', name: '周杰', receivedOn: '2025-04-21', channel: 'in-person', description: '区政府常务会议纪要（2025年第3次）', steps: [decide('2025-05-09', 'deny-6'), deliver('2025-05-09'), { type: 'review-filed', on: '2025-06-03' }, { type: 'review-result', on: '2025-07-28', result: 'upheld' }] },
  { unit: 'zfb', type: 'natural', name: '吴婷', receivedOn: '2025-05-12', channel: 'post', description: '宿城区2024年度财政预算执行情况报告', steps: [grant('2025-05-23'), deliver('2025-05-26')] },
  { unit: 'zfb', type: 'natural', name: '郑浩', receivedOn: '2025-05-26', channel: 'in-person', description: '某企业安全生产许可证办理材料', steps: [{ type: 'withdraw', on: '2025-05-30' }] },
  { unit: 'zfb', type: 'research', name: '宿迁学院地方治理研究中心', receivedOn: '2025-06-09', channel: 'post', description: '2020—2024年宿城区政务公开工作年度报告汇编', steps: [grant('2025-06-20'), deliver('2025-06-20')] },
  { unit: 'zfb', type: 'natural', name: '钱坤', receivedOn: '2025-06-16', channel: 'post', description: '本人2003年的招工录用审批表', steps: [decide('2025-07-04', 'reject-5'), deliver('2025-07-07')] },
  { unit: 'zfb', type: 'natural', name: '冯雪', receivedOn: '2025-07-07', channel: 'in-person', description: '宿城区城市管理领域行政处罚裁量基准', steps: [grant('2025-07-16'), deliver('2025-07-16')] },
  { unit: 'zfb', type: 'natural', name: '孙丽', receivedOn: '2025-07-21', channel: 'post', description: '宿城区国有土地上房屋征收与补偿工作流程', steps: [{ type: 'request-supplement', on: '2025-07-23', periodDays: 10, items: '请提供有效身份证明复印件的清晰版本', deliveryMethod: 'post', deliveredOn: '2025-07-25' }, { type: 'supplement-expired', on: '2025-08-11' }] },
  { unit: 'zfb', type: 'public-interest', name: '宿迁市绿源环保公益服务中心', receivedOn: '2025-08-04', channel: 'post', description: '古黄河沿线生态修复工程的环境影响评价文件', steps: [{ type: 'transfer', on: '2025-08-05', toUnit: 'zrgh' }, decide('2025-08-12', 'unable-1'), deliver('2025-08-13')] },
  { unit: 'zfb', type: 'natural', name: '褚晨', receivedOn: '2025-09-01', channel: 'in-person', description: '宿城区2025年义务教育学校招生划片范围', steps: [decide('2025-09-05', 'reject-3'), deliver('2025-09-05')] },
  { unit: 'zfb', type: 'business', name: '宿迁市鑫达物流有限公司', receivedOn: '2025-09-22', channel: 'post', description: '区级涉企行政事业性收费目录清单', steps: [grant('2025-10-16'), deliver('2025-10-17')] },
  { unit: 'zfb', type: 'natural', name: '卫东', receivedOn: '2025-10-13', channel: 'in-person', description: '某村集体资产处置的审批文件', steps: [decide('2025-11-03', 'unable-2'), deliver('2025-11-04'), { type: 'lawsuit-filed', on: '2025-12-01' }] },
  { unit: 'zfb', type: 'natural', name: '蒋涛', receivedOn: '2025-11-17', channel: 'post', description: '宿城区2025年度民生实事项目资金安排', steps: [grant('2025-12-05'), deliver('2025-12-08')] },
  { unit: 'zfb', type: 'natural', name: '沈悦', receivedOn: '2025-12-22', channel: 'in-person', description: '宿城区2026年重点工程项目计划', steps: [grant('2026-01-12'), deliver('2026-01-13')] },
  { unit: 'zfb', type: 'other', name: '宿城区某小区业主委员会', receivedOn: '2025-12-29', channel: 'post', description: '小区周边规划道路的控制性详细规划', steps: [decide('2026-01-20', 'partial'), deliver('2026-01-21')] },
  { unit: 'jyj', type: 'natural', name: '韩雪', receivedOn: '2025-03-10', channel: 'in-person', description: '2025年城区小学招生计划和学区划分方案', steps: [grant('2025-03-20'), deliver('2025-03-20')] },
  { unit: 'jyj', type: 'natural', name: '杨光', receivedOn: '2025-06-23', channel: 'post', description: '某民办学校办学许可证及年检结果', steps: [grant('2025-07-10'), deliver('2025-07-11')] },
  { unit: 'fgj', type: 'business', name: '宿迁市宏远光伏科技有限公司', receivedOn: '2025-05-19', channel: 'post', description: '2025年宿城区重大项目投资计划', steps: [grant('2025-06-06'), deliver('2025-06-09')] },
  { unit: 'zfb', type: 'natural', name: '朱琳', receivedOn: '2026-03-02', channel: 'in-person', description: '宿城区2025年政府信息公开工作年度报告中依申请公开的办理情况说明', steps: [grant('2026-03-13'), deliver('2026-03-13')] },
  { unit: 'zfb', type: 'natural', name: '秦岭', receivedOn: '2026-10-26', channel: 'post', description: '宿城区2026年老旧小区改造计划及资金来源', steps: [] },
  { unit: 'zfb', type: 'natural', name: '尤佳', receivedOn: '2026-11-16', channel: 'in-person', description: '区政府关于菜市场提档升级的实施方案', steps: [{ type: 'request-supplement', on: '2026-11-18', periodDays: 10, items: '请写明所涉菜市场的名称或所在街道', deliveryMethod: 'post' }] },
  { unit: 'zfb', type: 'business', name: '宿迁市城南建设工程有限公司', receivedOn: '2026-11-09', channel: 'post', description: '2026年区级政府投资项目招标计划', steps: [] },
];

/** A fictional but valid identity for applicant `i`. */
export function demoIdentity(r: DemoRequest, index: number): { idType: string; idNumber: string; phone: string } {
  // The same applicant (by name) keeps one identity across requests.
  const i = DEMO_REQUESTS.findIndex((x) => x.name === r.name && x.type === r.type);
  void index;
  const phone = `139${String(52700000 + i * 137).padStart(8, '0')}`;
  if (r.type === 'natural') {
    const birth = `19${String(60 + (i % 35)).padStart(2, '0')}${String((i % 12) + 1).padStart(2, '0')}${String((i % 27) + 1).padStart(2, '0')}`;
    return { idType: 'resident-id', idNumber: residentId(`321302${birth}${String(100 + i).slice(-3)}`), phone };
  }
  return { idType: 'credit-code', idNumber: creditCode(`91321302MA${String(1000000 + i * 7919).slice(-7)}`), phone: `0527-8${String(1000000 + i).slice(-6)}` };
}
