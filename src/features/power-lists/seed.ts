// Demo 权责清单 for three of 宿城区's units, with real legal bases: 区市场监管局 (行政许可 and a 行政处罚), 区发改局
// (citing the district's 政府投资项目管理办法, whose 2019 text is marked 已修改 in the demo documents — so the
// item is flagged for review) and 区民政局 (citing the 最低生活保障实施细则, 废止 in 2022). One item was revised
// after the 2021 amendment of the 食品安全法, so its public history shows the field-level change.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { transition } from '../registers/public.ts';
import { saveItem } from './commands.ts';
import { POWER_ITEMS } from './register.ts';

type Demo = [unit: string, code: string, name: string, type: string, sub: string[], basis: string[], duties: string, acc: string, fee: string, statutory: number | null, promised: number | null];

const DUTIES_PERMIT = '1. 受理责任：公示应当提交的材料，一次性告知补正材料，依法受理或不予受理（不予受理的应当告知理由）。\n2. 审查责任：对申请材料进行审查，需要现场核查的组织核查。\n3. 决定责任：作出准予或不予许可的决定（不予许可的应当说明理由）。\n4. 送达责任：准予许可的制发证件，信息公开。\n5. 事后监管责任：开展定期和不定期检查，依法处理违法行为。\n6. 其他法律法规规章文件规定应履行的责任。';
const ACC_PERMIT = '因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任：\n1. 对符合法定条件的申请不予受理、不予许可或者不在法定期限内作出准予许可决定的；\n2. 对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；\n3. 在受理、审查、决定过程中，未向申请人、利害关系人履行法定告知义务的；\n4. 办理许可、实施监督检查，索取或者收受他人财物或者谋取其他利益的；\n5. 其他违反法律法规规章文件规定的行为。';

const DEMO: Demo[] = [
  ['scjgj', '000117003000', '食品经营许可', '行政许可', ['食品经营许可证核发', '食品经营许可证变更', '食品经营许可证延续', '食品经营许可证注销'], ['《中华人民共和国食品安全法》第三十五条', '《中华人民共和国行政许可法》第十二条'], DUTIES_PERMIT, ACC_PERMIT, '不收费', 20, 10],
  ['scjgj', '000117010000', '药品零售企业经营许可', '行政许可', ['药品经营许可证（零售）核发', '药品经营许可证（零售）变更'], ['《中华人民共和国药品管理法》第五十一条', '《药品经营许可证管理办法》第四条'], DUTIES_PERMIT, ACC_PERMIT, '不收费', 30, 15],
  ['scjgj', '000117021000', '特种设备使用登记', '行政许可', [], ['《中华人民共和国特种设备安全法》第三十三条', '《特种设备安全监察条例》第二十五条'], DUTIES_PERMIT, ACC_PERMIT, '不收费', 15, 5],
  ['scjgj', '000217040000', '对未取得食品生产经营许可从事食品生产经营活动的行政处罚', '行政处罚', [], ['《中华人民共和国食品安全法》第一百二十二条'], '1. 立案责任；2. 调查取证责任；3. 审查责任；4. 告知责任（告知拟作出的处罚及陈述、申辩、听证的权利）；5. 决定责任；6. 送达责任；7. 执行责任。', '1. 没有法律或者事实依据实施行政处罚的；2. 擅自改变行政处罚种类、幅度的；3. 违反法定的行政处罚程序的；4. 滥用职权、徇私舞弊的；5. 其他违反法律法规规章规定的行为。', '不收费', null, null],
  ['fgj', '000132001000', '政府投资项目审批', '行政许可', ['项目建议书审批', '可行性研究报告审批', '初步设计及概算审批'], ['《政府投资条例》第九条', '《宿城区政府投资项目管理办法》第四条'], DUTIES_PERMIT, ACC_PERMIT, '不收费', 20, 10],
  ['mzj', '000723001000', '最低生活保障金给付', '行政给付', [], ['《社会救助暂行办法》第九条', '《宿城区最低生活保障实施细则》第二条'], '1. 受理责任；2. 审核责任（入户调查、民主评议、公示）；3. 确认责任；4. 给付责任（按月发放）；5. 动态管理责任。', '1. 对符合条件的申请不予受理或不予确认的；2. 对不符合条件的申请人予以确认的；3. 截留、挤占、挪用、私分社会救助资金的；4. 其他违反法律法规的行为。', '不收费', 30, 20],
  ['mzj', '000724003000', '最低生活保障对象认定', '行政确认', [], ['《社会救助暂行办法》第十一条'], '1. 受理责任；2. 审核责任；3. 确认责任；4. 公示责任。', '1. 对符合条件的不予认定的；2. 对不符合条件的予以认定的；3. 其他违反法律法规的行为。', '不收费', 30, 20],
];

export async function seedDemoPowerItems(db: Db): Promise<void> {
  if (await db.selectFrom('power_items').select('id').limit(1).executeTakeFirst()) return;
  const actor = systemActor('演示数据');
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const ids = new Map<string, number>();
  for (const [unit, code, name, type, sub, basis, duties, acc, fee, statutory, promised] of DEMO) {
    const unitId = units.get(unit);
    if (!unitId) continue;
    const r = await saveItem(db, actor, { unitId, fields: { code, name, powerType: type, subItems: sub, basis, level: '区级', duties, accountability: acc, fee, statutoryDays: statutory, promisedDays: promised } });
    if (!r.ok) throw new Error(`演示权责清单 ${code}：${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    ids.set(code, r.value.id);
    for (const step of ['submit', 'approve', 'publish'] as const) await transition(db, POWER_ITEMS, actor, r.value.id, step);
  }
  // A revision after a law's amendment: a new version with its reason and date, reviewed and published again.
  const id = ids.get('000117003000');
  const row = id ? await db.selectFrom('power_items').select(['unit_id', 'version']).where('id', '=', id).executeTakeFirst() : undefined;
  if (id && row) {
    const [, code, name, type, sub, basis, duties, acc, fee] = DEMO[0];
    const r = await saveItem(db, actor, {
      id,
      expectedVersion: row.version,
      unitId: row.unit_id,
      fields: { code, name, powerType: type, subItems: [...sub, '仅销售预包装食品备案'], basis, level: '区级', duties, accountability: acc, fee, statutoryDays: 20, promisedDays: 5 },
      reason: '《中华人民共和国食品安全法》2021年4月29日修正：仅销售预包装食品的，报所在地县级以上地方人民政府食品安全监督管理部门备案；承诺时限压缩',
      effectiveOn: '2021-04-29',
    });
    if (r.ok) for (const step of ['submit', 'approve', 'publish'] as const) await transition(db, POWER_ITEMS, actor, id, step);
  }
}
