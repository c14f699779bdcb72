// Demo tasks (only when ctx.demo), drawn from 宿城区2020年政务公开工作要点 §一(一)、(三)、(四)、§五(三):
// 证照分离改革, 不动产登记办理, 工程建设项目审批制度改革 (with two sub-tasks), 民生实事 and the standardisation
// pilot; their milestones and quarterly progress reports (SYNTHETIC text, marked 演示内容), and three
// 督查/审计 findings. Written through the shared register pattern, as staff would (versions, audit rows).
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { saveRecord, transition, type RegisterDef } from '../registers/public.ts';
import { FINDING, TASK, TASK_REPORT } from './registers.ts';
import type { Milestone } from './rules.ts';

type R = [date: string, period: string, percent: number, progress: string, results: string, next: string];
interface DemoTask {
  key: string;
  parent?: string;
  weight?: number;
  source: string;
  title: string;
  unit: string;
  co: string[];
  measures: string;
  milestones: Milestone[];
  endsOn: string;
  reports: R[];
}

const D = '（演示内容）';
const TASKS: DemoTask[] = [
  {
    key: 'zzfl', source: '年度重点工作', title: '推进“证照分离”改革全覆盖', unit: 'scjgj', co: ['fgj'], endsOn: '2020-12-31',
    measures: `对所有涉企经营许可事项实行清单管理，按直接取消审批、审批改为备案、实行告知承诺、优化审批服务四种方式分类推进改革，清单向社会公开。${D}`,
    milestones: [{ title: '制定改革实施方案', due: '2020-06-30', done: '2020-06-19' }, { title: '公开涉企经营许可事项清单', due: '2020-09-30', done: '2020-09-25' }, { title: '完成改革总结评估', due: '2020-12-31', done: '2020-12-28' }],
    reports: [
      ['2020-07-06', '2020年第二季度', 40, `印发区级实施方案，梳理涉企经营许可事项 68 项。${D}`, `4 类改革方式逐项明确到责任科室。${D}`, `三季度公开事项清单，开展窗口人员培训。${D}`],
      ['2020-10-09', '2020年第三季度', 75, `事项清单在政府网站公开，告知承诺制事项全部上线。${D}`, `新办企业平均 2 个工作日内领取营业执照和许可证。${D}`, `四季度开展总结评估，完善事中事后监管。${D}`],
      ['2021-01-08', '2020年第四季度', 100, `完成全年改革任务并形成评估报告。${D}`, `68 项事项全部按四种方式落实。${D}`, `纳入常态化监管，按上级清单动态调整。${D}`],
    ],
  },
  {
    key: 'bdc', source: '年度重点工作', title: '不动产登记办理提速', unit: 'zrgh', co: ['czj'], endsOn: '2020-12-31',
    measures: `推行“一窗受理、集成服务”，一般登记 5 个工作日内办结，抵押登记 3 个工作日内办结，办理流程和时限在政府网站公开。${D}`,
    milestones: [{ title: '“一窗受理”全面运行', due: '2020-08-31', done: '2020-08-21' }, { title: '一般登记 5 个工作日内办结', due: '2020-11-30', done: '2020-11-20' }],
    reports: [
      ['2020-09-04', '2020年第三季度', 60, `不动产登记、交易、缴税一窗受理全面运行。${D}`, `群众办事由跑 3 个窗口减为 1 个窗口。${D}`, `压缩一般登记时限，公开办事指南。${D}`],
      ['2020-12-04', '2020年第四季度', 100, `一般登记压缩至 5 个工作日内、抵押登记 3 个工作日内办结。${D}`, `全年办理各类登记 2.1 万件，按时办结率 100%。${D}`, `推进线上“不见面”办理。${D}`],
    ],
  },
  {
    key: 'gcjs', source: '政府工作报告', title: '深化工程建设项目审批制度改革', unit: 'zjj', co: ['zrgh', 'fgj'], endsOn: '2020-12-31',
    measures: `全流程审批时间压缩至 90 个工作日以内，审批事项、流程和结果公开。${D}`,
    milestones: [],
    reports: [],
  },
  {
    key: 'gcjs-lc', parent: 'gcjs', weight: 2, source: '政府工作报告', title: '精简审批环节，推行并联审批', unit: 'zjj', co: ['zrgh'], endsOn: '2020-10-31',
    measures: `合并规划许可和施工许可阶段的部分环节。${D}`,
    milestones: [{ title: '公布精简后的审批流程图', due: '2020-07-31', done: '2020-07-28' }],
    reports: [['2020-10-30', '2020年第三季度', 100, `审批环节由 17 个精简为 11 个。${D}`, `平均审批用时 78 个工作日。${D}`, `纳入常态化管理。${D}`]],
  },
  {
    key: 'gcjs-ys', parent: 'gcjs', weight: 1, source: '政府工作报告', title: '推行竣工联合验收', unit: 'zjj', co: [], endsOn: '2020-12-31',
    measures: `规划、消防、人防等专项验收一次联合完成。${D}`,
    milestones: [{ title: '出台联合验收办法', due: '2020-09-30', done: '2020-09-30' }, { title: '联合验收覆盖全部新建项目', due: '2020-11-30', done: null }],
    reports: [['2020-12-02', '2020年第四季度', 70, `联合验收办法已出台，9 个项目完成联合验收。${D}`, `验收用时平均缩短 10 个工作日。${D}`, `部分项目因消防专项资料不全尚未纳入，2021年一季度前全覆盖。${D}`]],
  },
  {
    key: 'lxjx', source: '民生实事', title: '老旧小区改造', unit: 'zjj', co: ['xingfu', 'gucheng'], endsOn: '2020-12-31',
    measures: `改造老旧小区 12 个，改造内容、资金安排和施工进度公开。${D}`,
    milestones: [{ title: '改造方案征求居民意见', due: '2020-04-30', done: '2020-04-25' }, { title: '12 个小区全部开工', due: '2020-07-31', done: '2020-07-20' }, { title: '全部完工验收', due: '2020-12-31', done: '2020-12-18' }],
    reports: [
      ['2020-07-22', '2020年第二季度', 35, `12 个小区全部开工。${D}`, `完成雨污分流管网 4.2 公里。${D}`, `加快外立面和道路施工。${D}`],
      ['2020-12-21', '2020年第四季度', 100, `12 个小区全部完工并通过验收。${D}`, `惠及居民 3600 余户。${D}`, `建立长效管理机制。${D}`],
    ],
  },
  {
    key: 'bzh', source: '年度重点工作', title: '政府信息公开标准化建设', unit: 'zfb', co: [], endsOn: '2020-12-31',
    measures: `11月20日前编制完成政务公开事项标准目录，由政府办统一汇总向社会公布。${D}`,
    milestones: [{ title: '各单位完成标准目录编制', due: '2020-11-20', done: '2020-11-18' }, { title: '汇总公布全区标准目录', due: '2020-12-15', done: '2020-12-10' }],
    reports: [['2020-12-11', '2020年第四季度', 100, `各单位标准目录编制完成，全区目录已公布。${D}`, `覆盖 26 个试点领域。${D}`, `按事项动态更新。${D}`]],
  },
];

const FINDINGS: { source: string; problem: string; unit: string; measures: string; due: string; result: string; done: string | null }[] = [
  { source: '审计', problem: `2019年度部分专项资金拨付不及时${D}`, unit: 'czj', measures: `建立专项资金拨付台账，按月通报进度。${D}`, due: '2020-09-30', result: `涉及资金已全部拨付到位。${D}`, done: '2020-09-15' },
  { source: '督查', problem: `政府信息公开专栏部分栏目更新不及时${D}`, unit: 'zfb', measures: `明确栏目责任人，每月检查一次。${D}`, due: '2020-11-30', result: `已补充更新栏目信息 46 条。${D}`, done: '2020-12-10' },
  { source: '审计', problem: `部分公共租赁住房租金收缴不到位${D}`, unit: 'zjj', measures: `逐户核查欠缴情况，依法催缴。${D}`, due: '2027-03-31', result: '', done: null },
];

async function publish<Row>(db: Db, def: RegisterDef<Row>, id: number) {
  const a = systemActor('演示数据');
  for (const s of ['submit', 'approve', 'publish'] as const) {
    const r = await transition(db, def, a, id, s);
    if (!r.ok) throw r.error;
  }
}

export async function seedDemoTasks(db: Db): Promise<void> {
  if (await db.selectFrom('tasks').select('id').limit(1).executeTakeFirst()) return;
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const unit = (code: string) => units.get(code) ?? units.get('zfb')!;
  const actor = systemActor('演示数据');
  const ids = new Map<string, number>();
  for (const t of TASKS) {
    const r = await db.transaction().execute((trx) =>
      saveRecord(trx, db, TASK, actor, {
        unitId: unit(t.unit),
        reason: '新建',
        values: { year: 2020, source: t.source, title: t.title, parent_id: t.parent ? ids.get(t.parent)! : null, weight: t.weight ?? 1, co_units: json(t.co.map(unit)), measures: t.measures, milestones: json(t.milestones), disclosure_plan: '进展情况、取得成效、后续举措按季度在政府网站公开。', ends_on: t.endsOn },
      }),
    );
    if (!r.ok) throw r.error;
    ids.set(t.key, r.value.id);
    await publish(db, TASK, r.value.id);
    for (const [date, period, percent, progress, results, next] of t.reports) {
      const rep = await db.transaction().execute((trx) =>
        saveRecord(trx, db, TASK_REPORT, actor, { unitId: unit(t.unit), reason: '填报', values: { task_id: r.value.id, reported_on: date, period, percent, progress_text: progress, results_text: results, next_steps: next } }),
      );
      if (!rep.ok) throw rep.error;
      await publish(db, TASK_REPORT, rep.value.id);
    }
  }
  // A public opinion on the 老旧小区改造, published by moderation.
  await db
    .insertInto('task_comments')
    .values({ task_id: ids.get('lxjx')!, body: `建议改造后的小区增设电动自行车充电桩。${D}`, name: '', contact: 'demo@example.invalid', status: 'published', moderated_by: null, moderated_at: nowIso(), created_at: '2020-08-03T02:00:00.000Z' })
    .execute();
  for (const f of FINDINGS) {
    const r = await db.transaction().execute((trx) =>
      saveRecord(trx, db, FINDING, actor, { unitId: unit(f.unit), reason: '登记', values: { source: f.source, problem: f.problem, measures: f.measures, due_on: f.due, result: f.result, rectified_on: f.done } }),
    );
    if (!r.ok) throw r.error;
    await publish(db, FINDING, r.value.id);
  }
}
