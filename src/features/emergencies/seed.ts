// Demo emergency topic (only when ctx.demo), after seed §二(一) 常态化推进疫情信息及时向社会公开: the district's
// 2020 COVID-19 prevention topic with a few timestamped updates (SYNTHETIC text, marked 演示内容) and the demo
// 突发事件总体应急预案 linked as 法定公开. Written through the shared register pattern.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { linkDocuments, saveRecord, transition, type RegisterDef } from '../registers/public.ts';
import { PLAN_ROLE, TOPIC, UPDATE } from './registers.ts';

const D = '（演示内容）';
const UPDATES: [string, string, string][] = [
  ['2020-01-25T09:00:00+08:00', '区疫情防控指挥部成立', `区新型冠状病毒感染的肺炎疫情防控指挥部成立，统一指挥全区疫情防控工作。${D}`],
  ['2020-02-10T08:00:00+08:00', '企业复工复产指引发布', `符合条件的企业按“一企一策”有序复工复产，办理指南见区政府网站。${D}`],
  ['2020-03-02T08:00:00+08:00', '截至3月1日24时疫情情况', `截至3月1日24时，我区无新增确诊病例，累计确诊病例全部治愈出院。${D}`],
  ['2020-10-12T08:00:00+08:00', '常态化疫情防控提示', `请继续做好个人防护，出现发热等症状及时到发热门诊就诊。${D}`],
];

async function publish<Row>(db: Db, def: RegisterDef<Row>, id: number) {
  const a = systemActor('演示数据');
  for (const s of ['submit', 'approve', 'publish'] as const) {
    const r = await transition(db, def, a, id, s);
    if (!r.ok) throw r.error;
  }
}

export async function seedDemoEmergencies(db: Db): Promise<void> {
  if (await db.selectFrom('emergency_topics').select('id').limit(1).executeTakeFirst()) return;
  const unit = (await db.selectFrom('units').select('id').where('code', '=', 'wjw').executeTakeFirst())?.id ?? (await db.selectFrom('units').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  const actor = systemActor('演示数据');
  const topic = await db.transaction().execute((trx) =>
    saveRecord(trx, db, TOPIC, actor, { unitId: unit, reason: '新建', values: { title: '宿城区新冠肺炎疫情防控', category: '公共卫生事件', summary: `全区疫情防控工作动态、防控措施和复工复产政策。${D}`, started_on: '2020-01-24', ended_on: null } }),
  );
  if (!topic.ok) throw topic.error;
  await publish(db, TOPIC, topic.value.id);
  for (const [at, title, body] of UPDATES) {
    const u = await db.transaction().execute((trx) => saveRecord(trx, db, UPDATE, actor, { unitId: unit, reason: '起草', values: { topic_id: topic.value.id, title, body, occurred_at: new Date(at).toISOString() } }));
    if (!u.ok) throw u.error;
    await publish(db, UPDATE, u.value.id);
  }
  const plan = await db.selectFrom('documents').select('id').where('title', '=', '宿城区人民政府关于印发宿城区突发事件总体应急预案的通知').executeTakeFirst();
  if (plan) {
    const r = await db.transaction().execute((trx) => linkDocuments(trx, TOPIC, actor, topic.value.id, [plan.id], PLAN_ROLE));
    if (!r.ok) throw r.error;
  }
}
