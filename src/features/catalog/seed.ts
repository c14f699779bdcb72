// Reference data always: the 26 areas (domain.md §3.2), once. Demo content (a new database under `npm start`):
// the 2020 catalogs of three units (宿城区人民政府办公室, 教育局, 财政局 — the work points' deadline 11-20) over a
// few areas, compiled, submitted, accepted by the 政府办 and published, with their demo documents linked —
// so the catalog shows one item published late (实时, published the next day) and items with no document.
import type { Db } from '../../platform/db/index.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import type { SeedContext } from '../../platform/modules.ts';
import { linkDocuments, saveRecord, transition } from '../registers/public.ts';
import { AREAS_2019 } from './areas.ts';
import { CATALOG_REGISTER } from './register.ts';

export async function seedAreas(db: Db): Promise<void> {
  if (await db.selectFrom('catalog_areas').select('id').limit(1).executeTakeFirst()) return;
  await db.insertInto('catalog_areas').values(AREAS_2019.map((name, i) => ({ name, position: i + 1, active: 1 }))).execute();
}

const TWENTY = '信息形成或者变更之日起20个工作日内';
/** `doc`: the demo document (by its title) that fulfils the item; none → the item shows as 未关联. */
type Demo = { area: string; level1: string; level2: string; content: string; basis: string; time_limit: string; channels: string[]; audience: string; mode: string; level: string; doc?: RegExp };

const ITEMS: Record<string, { subject: string; items: Demo[] }> = {
  zfb: {
    subject: '宿城区人民政府办公室',
    items: [
      { area: '社会救助', level1: '最低生活保障', level2: '政策文件', content: '最低生活保障对象认定条件、保障标准、审核确认程序', basis: '《社会救助暂行办法》《江苏省最低生活保障工作规程》', time_limit: TWENTY, channels: ['政府网站', '社区/企事业单位/村公示栏（电子屏）'], audience: '全社会', mode: '主动', level: '县级', doc: /最低生活保障实施细则$/ },
      { area: '重大建设项目', level1: '批准服务信息', level2: '审批结果', content: '项目名称、审批部门、审批结果、审批时间', basis: '《政府信息公开条例》《关于推进重大建设项目批准和实施领域政府信息公开的意见》', time_limit: TWENTY, channels: ['政府网站', '两微一端'], audience: '全社会', mode: '主动', level: '县级' },
      { area: '公共资源交易', level1: '交易公告', level2: '招标公告', content: '项目概况、投标人资格、获取招标文件的时间和方式', basis: '《中华人民共和国招标投标法实施条例》', time_limit: '及时公开', channels: ['政府网站', '其他'], audience: '全社会', mode: '主动', level: '县级' },
    ],
  },
  jyj: {
    subject: '宿城区教育局',
    items: [
      { area: '义务教育', level1: '招生入学', level2: '招生方案', content: '招生范围、招生程序、报名条件、学校情况、录取结果、咨询方式', basis: '《中华人民共和国义务教育法》《教育部关于进一步做好普通中小学招生入学工作的通知》', time_limit: TWENTY, channels: ['政府网站', '两微一端', '公开查阅点'], audience: '全社会', mode: '主动', level: '县级', doc: /2021年义务教育招生工作方案/ },
      { area: '义务教育', level1: '教育经费', level2: '学生资助', content: '资助政策、资助对象、资助标准', basis: '《学生资助资金管理办法》', time_limit: '自作出决定之日起5个工作日内', channels: ['政府网站', '社区/企事业单位/村公示栏（电子屏）'], audience: '特定群众', mode: '主动', level: '县级' },
      // Published the day after it was formed: late for 实时.
      { area: '义务教育', level1: '机构信息', level2: '机构职能', content: '机构名称、职能、内设机构、办公地址、联系电话', basis: '《政府信息公开条例》第二十条', time_limit: '实时', channels: ['政府网站'], audience: '全社会', mode: '主动', level: '县级', doc: /教育局机构职能/ },
    ],
  },
  czj: {
    subject: '宿城区财政局',
    items: [
      { area: '财政预决算', level1: '政府预决算', level2: '政府预算', content: '一般公共预算、政府性基金预算及说明', basis: '《中华人民共和国预算法》《地方预决算公开操作规程》', time_limit: '批准后20日内', channels: ['政府网站', '政府公报'], audience: '全社会', mode: '主动', level: '县级', doc: /区级一般公共预算和政府性基金预算/ },
      { area: '财政预决算', level1: '政府预决算', level2: '政府决算', content: '决算报表及说明', basis: '《中华人民共和国预算法》', time_limit: TWENTY, channels: ['政府网站'], audience: '全社会', mode: '主动', level: '县级', doc: /年度区级决算/ },
      { area: '涉农补贴', level1: '补贴政策', level2: '补贴资金发放', content: '补贴项目、对象、标准、发放金额', basis: '《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》', time_limit: TWENTY, channels: ['政府网站', '社区/企事业单位/村公示栏（电子屏）', '入户/现场'], audience: '特定群众', mode: '主动', level: '乡级' },
      { area: '财政预决算', level1: '财政资金', level2: '政府采购合同', content: '采购项目、合同金额、供应商', basis: '《中华人民共和国政府采购法实施条例》', time_limit: '依法依规', channels: ['政府网站'], audience: '全社会', mode: '依申请', level: '县级' },
    ],
  },
};

export async function seedDemo(db: Db, _ctx: SeedContext): Promise<void> {
  if (await db.selectFrom('catalog_items').select('id').limit(1).executeTakeFirst()) return;
  const year = 2020;
  const areas = new Map((await db.selectFrom('catalog_areas').select(['id', 'name']).execute()).map((a) => [a.name, a.id]));
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const compiler: Actor = systemActor('演示数据：单位信息员');
  const office: Actor = systemActor('演示数据：政府办审核员');
  for (const [code, spec] of Object.entries(ITEMS)) {
    const unitId = units.get(code);
    if (!unitId) continue;
    const docs = await db
      .selectFrom('documents')
      .select(['id', 'title'])
      .where('status', '=', 'published')
      .where('disclosure', '=', '主动公开')
      .orderBy('published_at')
      .execute();
    const ids: number[] = [];
    await db.transaction().execute(async (trx) => {
      for (const [i, it] of spec.items.entries()) {
        const area = areas.get(it.area);
        if (!area) continue;
        const { doc: _d, area: _a, channels, ...values } = it;
        const r = await saveRecord(trx, db, CATALOG_REGISTER, compiler, { unitId, values: { ...values, year, area_id: area, seq: i + 1, subject: spec.subject, channels: JSON.stringify(channels) } as never, action: 'import', reason: '演示数据' });
        if (!r.ok) throw r.error;
        ids.push(r.value.id);
        const pick = it.doc ? docs.find((d) => it.doc!.test(d.title)) : undefined;
        if (pick) {
          const l = await linkDocuments(trx, CATALOG_REGISTER, compiler, r.value.id, [pick.id], '履行文件');
          if (!l.ok) throw l.error;
        }
      }
    });
    for (const id of ids) for (const [step, who] of [['submit', compiler], ['approve', office], ['publish', office]] as const) {
      const r = await transition(db, CATALOG_REGISTER, who, id, step);
      if (!r.ok) throw r.error;
    }
    // The work points' timetable: submitted before 11-20, accepted, published by the 政府办 at the month's end.
    await db
      .insertInto('catalog_steps')
      .values([
        { year, unit_id: unitId, step: 'submit', reason: null, items: ids.length, actor_id: null, actor_name: compiler.displayName, at: '2020-11-18T02:00:00.000Z' },
        { year, unit_id: unitId, step: 'accept', reason: null, items: ids.length, actor_id: null, actor_name: office.displayName, at: '2020-11-24T02:00:00.000Z' },
      ])
      .execute();
  }
  await db.insertInto('catalog_steps').values({ year, unit_id: null, step: 'publish', reason: null, items: 10, actor_id: null, actor_name: office.displayName, at: '2020-11-30T02:00:00.000Z' }).execute();
}
