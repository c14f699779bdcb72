// Demo 重点领域信息 (only when ctx.demo): one published record per area, drawn from the seed's §一(四) for 宿城区's
// units, and a demo school district — the 2020 招生范围 of three 城区 primary schools with their 施教区 (road
// segments and communities). SYNTHETIC demo content: the schools' catchments are not the real ones.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { saveKeyAreaRecord, stepKeyAreaRecord } from './commands.ts';

type Demo = { unit: string; town?: string; values: Record<string, unknown> };

export const DEMO_SCHOOLS = [
  {
    name: '宿城区第一实验小学（演示）',
    stage: '小学',
    address: '宿城区幸福中路99号',
    phone: '0527-80001211',
    roads: ['幸福中路 单号 1-199号', '古楚路 全部', '西湖路 至99号'],
    communities: ['古楚社区', '西湖社区'],
  },
  {
    name: '宿城区幸福路小学（演示）',
    stage: '小学',
    address: '宿城区幸福中路210号',
    phone: '0527-80001212',
    roads: ['幸福中路 双号 2-300号', '幸福中路 单号 201号以上', '太湖路 全部'],
    communities: ['幸福社区', '御景湾小区'],
  },
  {
    name: '宿城区项王路小学（演示）',
    stage: '小学',
    address: '宿城区项王路66号',
    phone: '0527-80001213',
    roads: ['项王路 全部', '西湖路 101号以上', '黄河南路 双号'],
    communities: ['项里社区', '张庄村'],
  },
];

const DEMO: Demo[] = [
  {
    unit: 'fgj',
    values: {
      area: 'zdxm', category: '批准结果', year: 2020, title: '宿城区古黄河生态修复提升工程可行性研究报告的批复（演示）',
      summary: '同意古黄河生态修复提升工程可行性研究报告，批复建设规模和总投资。',
      project: '古黄河生态修复提升工程', projectCode: '2020-321302-77-01-000123', owner: '宿城区住房和城乡建设局', location: '宿城区古黄河沿线',
      investment: '12800', authority: '宿城区发展和改革局', approvalNo: '宿城发改投〔2020〕35号', date: '2020-06-18',
      content: '一、同意实施古黄河生态修复提升工程。\n二、建设内容为河道清淤、岸坡生态化改造和慢行步道建设。\n三、项目总投资12800万元，资金由区财政统筹安排。',
    },
  },
  {
    unit: 'czj',
    values: {
      area: 'ggzy', category: '政府采购', year: 2020, title: '宿城区中小学教学设备采购项目成交结果公告（演示）',
      item: '宿城区中小学教学设备采购项目', method: '公开招标', amount: '356.8', party: '宿迁某教育科技有限公司', date: '2020-08-20',
      content: '本项目采用公开招标方式，经评标委员会评审，确定成交供应商和成交金额如上，公告期为1个工作日。',
    },
  },
  {
    unit: 'jyj',
    values: {
      area: 'ywjy', category: '招生范围', year: 2020, title: '宿城区2020年城区小学招生范围（施教区）（演示）', stage: '小学', date: '2020-06-10',
      summary: '城区三所小学2020年秋季一年级招生的施教区。',
      content: '适龄儿童按户籍和实际居住地就近入学。施教区道路按门牌号划分，单号、双号分属不同学校的，以房产证或不动产权证登记的门牌号为准。',
      schools: DEMO_SCHOOLS,
    },
  },
  {
    unit: 'ybj',
    values: {
      area: 'ylws', category: '医保监管', year: 2020, title: '宿城区2020年定点医药机构医保基金使用专项检查结果（演示）',
      subject: '全区定点医疗机构和定点零售药店', result: '检查定点医药机构126家，追回违规使用医保基金48.6万元，暂停医保服务协议3家。', date: '2020-11-05',
      content: '区医疗保障局开展打击欺诈骗保专项治理，对全区定点医药机构开展全覆盖检查，检查结果如上。',
    },
  },
  {
    unit: 'zrgh',
    town: 'gengche',
    values: {
      area: 'zdzs', category: '征收土地预公告', year: 2020, title: '耿车镇2020年度第3批次村镇建设用地征收土地预公告（演示）',
      project: '耿车镇2020年度第3批次村镇建设用地', location: '耿车镇张庄村、红卫村', size: '6.52', date: '2020-09-15',
      content: '拟征收土地位于耿车镇张庄村、红卫村，自本公告发布之日起，在拟征收土地范围内抢栽、抢建的，在补偿安置时不予认可。',
    },
  },
  {
    unit: 'yjglj',
    values: {
      area: 'aqsc', category: '监督检查', year: 2020, title: '宿城区2020年危险化学品企业安全生产专项检查情况（演示）',
      subject: '全区危险化学品生产、经营企业', result: '检查企业42家，发现隐患137处，已整改131处，其余限期整改。', date: '2020-10-28',
      content: '区应急管理局组织开展危险化学品安全生产专项检查，检查情况和整改进展如上。',
    },
  },
];

export async function seedDemoKeyAreas(db: Db): Promise<void> {
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const actor = systemActor('演示数据');
  const must = <T,>(r: { ok: true; value: T } | { ok: false; error: Error }, what: string): T => {
    if (!r.ok) throw new Error(`key-areas demo "${what}": ${r.error.message} ${JSON.stringify((r.error as { fields?: unknown }).fields ?? {})}`);
    return r.value;
  };
  for (const d of DEMO) {
    const title = String(d.values.title);
    const created = must(await saveKeyAreaRecord(db, actor, { ...d.values, unitId: units.get(d.unit), townId: d.town ? units.get(d.town) : undefined }), title);
    must(await stepKeyAreaRecord(db, actor, created.id, 'submit'), title);
    must(await stepKeyAreaRecord(db, actor, created.id, 'approve', { checks: { political: true, policy: true, wording: true } }), title);
    must(await stepKeyAreaRecord(db, actor, created.id, 'publish'), title);
  }
}
