// Demo open days (only when ctx.demo), after 宿城区2020年政务公开工作要点 §三(三) “积极推行政府开放日制度，开展多样化
// 主题活动”: one open for registration (dates relative to today, with a few SYNTHETIC registrations) and one held
// two months ago with its published summary and questions/answers. Written through the commands, as staff and
// the public would (register versions, audit rows). Names, phones and text are synthetic (演示内容).
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { clockNow } from '../../platform/clock.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { register, saveOpenDay, stepOpenDay } from './commands.ts';

const D = '（演示内容）';
const day = (offset: number) => todayBeijing(clockNow() + offset * 86_400_000);

async function publish(db: Db, id: number) {
  const actor = systemActor('演示数据');
  for (const s of ['submit', 'approve', 'publish'] as const) {
    const r = await stepOpenDay(db, actor, id, s);
    if (!r.ok) throw r.error;
  }
}

export async function seedDemo(db: Db): Promise<void> {
  if (await db.selectFrom('open_days').select('id').limit(1).executeTakeFirst()) return;
  const actor = systemActor('演示数据');
  const upcoming = await saveOpenDay(db, actor, {
    theme: '走进政务服务中心——“不见面审批”体验日',
    unit: 'zfb',
    date: day(12),
    startTime: '09:00',
    endTime: '11:30',
    place: '宿城区政务服务中心（宿城区洪泽湖路 1 号）一楼大厅',
    capacity: 30,
    maxPeople: 3,
    registrationOpens: `${day(-3)} 09:00`,
    registrationCloses: `${day(10)} 17:00`,
    agenda: [
      { time: '09:00', item: '签到，领取活动资料' },
      { time: '09:15', item: '参观政务服务大厅和“一窗受理”综合窗口' },
      { time: '10:00', item: '现场体验“不见面审批”网上办事和自助终端' },
      { time: '10:45', item: '座谈交流：群众提问，区政府办和有关部门负责人现场答复' },
      { time: '11:30', item: '活动结束' },
    ],
    notes: `请携带本人身份证，按时签到。大厅内请勿大声喧哗，拍照请避开正在办事的群众。${D}`,
  });
  if (!upcoming.ok) throw upcoming.error;
  await publish(db, upcoming.value.id);
  const people = [
    ['王演示', '13900000001', 2],
    ['李演示', '13900000002', 1],
    ['陈演示', '0527-84350003', 3],
  ] as const;
  for (const [name, phone, n] of people) {
    const r = await register(db, upcoming.value.id, { name, phone, people: n });
    if (!r.ok) throw r.error;
  }

  const past = await saveOpenDay(db, actor, {
    theme: '走进城市管理——垃圾分类和背街小巷整治开放日',
    unit: 'zjj',
    date: day(-60),
    startTime: '14:30',
    endTime: '16:30',
    place: '宿城区住房和城乡建设局三楼会议室及古城街道示范小区',
    capacity: 20,
    maxPeople: 3,
    registrationOpens: `${day(-80)} 09:00`,
    registrationCloses: `${day(-62)} 17:00`,
    agenda: [
      { time: '14:30', item: '参观生活垃圾分类示范小区' },
      { time: '15:15', item: '介绍背街小巷整治计划' },
      { time: '15:45', item: '座谈交流' },
    ],
    notes: `请穿着便于步行的鞋子。${D}`,
  });
  if (!past.ok) throw past.error;
  const withSummary = await saveOpenDay(
    db,
    actor,
    {
      summary: `本次开放日共有 18 位市民参加。区住房和城乡建设局介绍了生活垃圾分类和背街小巷整治工作，市民实地参观了示范小区的分类投放点，并就垃圾清运时间、老旧小区停车等问题提问，有关负责人现场作了答复。活动中收集的意见已转交有关科室办理。${D}`,
      qa: [
        { q: `小区的厨余垃圾能不能每天清运两次？夏天味道比较大。${D}`, a: `6 月至 9 月示范小区厨余垃圾每天早晚各清运一次，其他月份每天一次；清运时间在小区公告栏公示。${D}` },
        { q: `背街小巷整治什么时候轮到我们这条巷子？${D}`, a: `年度整治计划已在区政府网站公开，列入计划的巷子按季度推进；未列入的可通过政民互动提出，纳入下一年度计划统筹考虑。${D}` },
      ],
    },
    { id: past.value.id },
  );
  if (!withSummary.ok) throw withSummary.error;
  await publish(db, past.value.id);
}
