// Demo interpretations (only when ctx.demo): the four 解读 already among the demo documents are marked and
// linked to their policies, six more are written, reviewed and published through the documents workflow
// (text, 图解, 简明问答, 视频, 音频, 动漫) — 40 Q&A pairs in all, 3 解读会 records. Some policies stay
// unexplained, and several interpretations came days after their policy, so the dashboard has work to show.
// Every interpretation and Q&A text here is SYNTHETIC demo content (as the demo documents are), except the
// quotations from the real 2020 work plan.
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { approveDocument, publishDocument, submitDocument } from '../documents/public.ts';
import { createInterpretation, saveMedia, saveQa } from './commands.ts';

type Pair = [string, string];

const WORK_PLAN_QA: Pair[] = [
  ['2020年政务公开工作的总体要求是什么？', '以公开促落实、促规范、促服务、促廉洁，推动“六稳”“六保”落地落实，以高质量公开助力推进政府治理体系和治理能力现代化。'],
  ['新出台的政策多长时间内要召开面对面解读会？', '新出台政策印发实施1个月内，相关责任单位要专门召开政策面对面解读会，邀请政策受众群体座谈交流、现场答疑解惑。'],
  ['政策解读可以采用哪些形式？', '积极采用图片、图表、音频视频、卡通动漫等形式，以一问一答的方式进行形象化、通俗化、多元化解读。'],
  ['什么是政策简明问答？', '把企业群众最关心的政策信息从文件中提炼出来，以一问一答的方式解读，让企业群众看得到、听得懂、易获取、有实用。'],
  ['哪些社会热点需要重点回应？', '生态环境、脱贫攻坚、就学就医、食品药品、市场监管、社会保障、社会治安、房地产市场等经济社会热点，以及办事创业的堵点痛点。'],
  ['线上解读和线下解读是什么关系？', '坚持线下、线上解读同步开展、同步推进，建立政策常态解读机制。'],
  ['政务舆情回应有什么要求？', '完善重大政务舆情信息共享、协同联动、快速反应机制，做到早发现、早研判、早处置。'],
  ['“六保”指的是哪些方面？', '保居民就业、保基本民生、保市场主体、保粮食能源安全、保产业链供应链稳定、保基层运转。'],
];

const ROAD_QA: Pair[] = [
  ['农村公路养护由谁负责？', '区交通运输部门负责全区农村公路养护的行业管理，镇（街道）负责本辖区县道以下农村公路的日常养护。（演示内容）'],
  ['养护资金从哪里来？', '养护资金由区级财政预算安排，并统筹上级补助资金，专款专用。（演示内容）'],
  ['日常巡查多久一次？', '县道每周至少巡查一次，乡道、村道每月至少巡查两次，雨雪天气后及时巡查。（演示内容）'],
  ['发现路面损坏可以向哪里反映？', '可拨打12345政务服务热线，或向所在镇（街道）反映，养护单位按规定时限处理。（演示内容）'],
  ['村民可以参与养护吗？', '鼓励通过设置公益性岗位、签订养护协议等方式吸收村民参与日常养护。（演示内容）'],
  ['养护工作怎么考核？', '区里每年对镇（街道）养护工作进行考核，考核结果与养护资金安排挂钩。（演示内容）'],
  ['在公路上堆放杂物会受到处理吗？', '在农村公路用地范围内堆放物品、设置障碍的，由相关部门责令限期清除。（演示内容）'],
  ['办法从什么时候开始施行？', '办法自印发之日起施行。（演示内容）'],
];

const ENROL_QA: Pair[] = [
  ['孩子上小学按什么确定学校？', '按照划片招生、免试就近入学的原则，依据户籍和实际居住情况确定入学学校。（演示内容）'],
  ['公办学校和民办学校什么时候招生？', '公办、民办学校同步招生，民办学校报名人数超过招生计划的，实行电脑随机录取。（演示内容）'],
  ['随迁子女怎么入学？', '符合条件的随迁子女按照相对就近原则统筹安排入学。（演示内容）'],
  ['招生信息在哪里公开？', '学校招生范围、招生计划、报名时间等在区教育局网站和学校公示栏公开。（演示内容）'],
  ['报名需要准备哪些材料？', '一般需要户口簿、房产证明或居住证明等，具体以当年招生工作方案为准。（演示内容）'],
  ['对录取结果有疑问怎么办？', '可以向区教育局咨询或提出复核申请，教育局在规定时间内答复。（演示内容）'],
  ['试行办法和新办法有什么不同？', '新办法把适用范围扩大到全区义务教育学校，并完善了招生信息公开要求。（演示内容）'],
  ['特殊群体子女有什么照顾政策？', '对符合条件的优抚对象子女等特殊群体，按规定给予入学照顾。（演示内容）'],
];

const JOBS_QA: Pair[] = [
  ['这份实施意见的出台背景是什么？', '为应对就业形势变化，在原有政策基础上进一步完善稳就业促创业的措施。（演示内容）'],
  ['哪些企业可以申请吸纳就业补贴？', '在本区依法登记、吸纳重点群体就业并按规定缴纳社会保险费的企业可以申请。（演示内容）'],
  ['创业担保贷款额度是多少？', '符合条件的个人创业可申请创业担保贷款，具体额度和贴息标准以人社部门公布为准。（演示内容）'],
  ['高校毕业生有哪些就业支持？', '包括就业见习补贴、一次性求职创业补贴和基层就业支持等。（演示内容）'],
  ['就业困难人员怎么认定？', '由本人向户籍或常住地的镇（街道）提出申请，经审核后认定。（演示内容）'],
  ['技能培训补贴怎么领？', '参加培训并取得相应证书后，向人社部门申领，补贴直接发放到个人社会保障卡。（演示内容）'],
  ['补贴在哪里申请？', '可在区人社局服务窗口或网上办事大厅申请。（演示内容）'],
  ['补贴多久能到账？', '材料齐全的，审核通过后一般在20个工作日内发放。（演示内容）'],
  ['政策执行期限是多长？', '实施意见自印发之日起施行，有效期至相关上级政策调整时止。（演示内容）'],
  ['对政策有疑问找谁咨询？', '可以拨打12345政务服务热线或区人社局就业服务窗口电话咨询。（演示内容）'],
];

const INVEST_QA: Pair[] = [
  ['为什么要修订政府投资项目管理办法？', '为适应政府投资管理新要求，完善项目储备、概算调整和绩效评价等制度。（演示内容）'],
  ['修订后新增了哪些内容？', '增加了项目储备库管理、概算调整程序和绩效评价等内容。（演示内容）'],
  ['概算超过批复怎么办？', '因特殊原因确需调整概算的，按程序报原审批部门审核。（演示内容）'],
  ['哪些项目要入储备库？', '拟使用政府投资资金的项目原则上都应纳入项目储备库。（演示内容）'],
  ['绩效评价由谁开展？', '由项目主管部门会同财政部门组织开展，结果作为安排资金的重要依据。（演示内容）'],
  ['修订后的办法何时施行？', '修订后的办法自印发之日起施行，2019年版同时废止。（演示内容）'],
];

interface NewInterp {
  policy: string;
  unit: string;
  title: string;
  writtenOn: string;
  publishedAt: string;
  summary: string;
  body: string;
  media?: { form: string; url: string; caption: string; alt?: string; text: string }[];
  qa?: Pair[];
}

const NEW: NewInterp[] = [
  {
    policy: '宿城区2020年政务公开工作要点',
    unit: 'zfb',
    title: '《宿城区2020年政务公开工作要点》解读',
    writtenOn: '2020-10-12',
    publishedAt: '2020-10-12T09:30:00+08:00',
    summary: '以文字和简明问答解读2020年政务公开工作要点的总体要求和政策解读、回应关切等重点任务。',
    body: '<p>《宿城区2020年政务公开工作要点》从推进政务运行全过程公开透明、加强公共卫生信息公开、强化政策解读和回应关切、加强公开平台建设、推进政府信息公开制度化规范化五个方面部署全年工作。</p><p>本解读摘录其中企业群众最关心的内容，以问答形式说明。</p>',
    qa: WORK_PLAN_QA,
  },
  {
    policy: '宿城区人民政府关于促进就业创业的实施意见',
    unit: 'rsj',
    title: '图解：宿城区促进就业创业实施意见',
    writtenOn: '2020-06-12',
    publishedAt: '2020-06-15T10:00:00+08:00',
    summary: '用一张图说明促进就业创业实施意见的四个方面措施。（演示内容）',
    body: '',
    media: [
      {
        form: 'graphic',
        url: '/zcjd/demo/jiuye-2020.svg',
        caption: '促进就业创业的四方面措施',
        alt: '图解：支持企业稳岗、鼓励创业带动就业、重点群体就业帮扶、强化就业服务四个方面的政策措施',
        text: '一、支持企业稳定岗位：落实稳岗返还和社会保险补贴。\n二、鼓励创业带动就业：提供创业担保贷款和创业补贴。\n三、加强重点群体就业帮扶：高校毕业生、农民工、就业困难人员分类帮扶。\n四、强化就业服务：线上线下招聘会、职业指导和技能培训。（演示内容）',
      },
    ],
  },
  {
    policy: '宿城区农村公路养护管理办法',
    unit: 'zfb',
    title: '《宿城区农村公路养护管理办法》简明问答',
    writtenOn: '2020-09-16',
    publishedAt: '2020-09-16T10:30:00+08:00',
    summary: '以一问一答方式说明农村公路养护的责任、资金、巡查和考核。（演示内容）',
    body: '',
    qa: ROAD_QA,
  },
  {
    policy: '宿城区最低生活保障审核确认实施细则',
    unit: 'mzj',
    title: '视频解读：最低生活保障怎么申请',
    writtenOn: '2022-01-12',
    publishedAt: '2022-01-12T15:00:00+08:00',
    summary: '三分钟视频讲解最低生活保障的申请条件、办理流程和审核时限。（演示内容）',
    body: '',
    media: [
      {
        form: 'video',
        url: 'https://www.example.gov.cn/demo/dibao-2022.mp4',
        caption: '最低生活保障怎么申请',
        text: '主持人：家庭人均收入低于本区最低生活保障标准、家庭财产状况符合规定的，可以申请最低生活保障。\n申请人向户籍所在地的镇（街道）提出书面申请，也可以委托村（居）民委员会代为提出。\n镇（街道）自受理之日起进行家庭经济状况调查，并在村（居）务公开栏公示。\n区民政局审核确认后，从作出决定的次月起发放保障金。（演示内容）',
      },
    ],
  },
  {
    policy: '宿城区义务教育学校招生入学管理办法',
    unit: 'jyj',
    title: '动漫：义务教育招生入学八问',
    writtenOn: '2021-04-19',
    publishedAt: '2021-04-20T09:00:00+08:00',
    summary: '用动漫和问答回答家长最关心的八个招生入学问题。（演示内容）',
    body: '',
    media: [
      {
        form: 'animation',
        url: 'https://www.example.gov.cn/demo/zhaosheng-2021.mp4',
        caption: '小明上学记',
        text: '旁白：小明今年六岁，要上小学了。爸爸打开区教育局网站，查到了家附近学校的招生范围。\n妈妈准备好户口簿和房产证明，在报名时间内完成了网上报名。\n八月，小明收到了入学通知书。（演示内容）',
      },
    ],
    qa: ENROL_QA,
  },
  {
    policy: '宿城区人民政府办公室关于印发宿城区重大行政决策程序实施办法的通知',
    unit: 'zfb',
    title: '音频解读：重大行政决策要经过哪些程序',
    writtenOn: '2021-03-29',
    publishedAt: '2021-03-30T10:00:00+08:00',
    summary: '音频讲解重大行政决策的公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。（演示内容）',
    body: '',
    media: [
      {
        form: 'audio',
        url: 'https://www.example.gov.cn/demo/juece-2021.mp3',
        caption: '重大行政决策程序',
        text: '重大行政决策要经过公众参与、专家论证、风险评估、合法性审查和集体讨论决定等程序。\n决策草案向社会公开征求意见，征求意见期限一般不少于30日。（演示内容）',
      },
    ],
  },
];

/** The interpretations among the demo documents and the policies they explain (title → title). */
const EXISTING: [string, string, Pair[] | null, NewInterp['media'] | null][] = [
  ['《宿城区政府投资项目管理办法（2024年修订）》政策解读', '宿城区政府投资项目管理办法（2024年修订）', INVEST_QA, null],
  ['《宿城区人民政府关于进一步稳就业促创业的实施意见》政策解读', '宿城区人民政府关于进一步稳就业促创业的实施意见', JOBS_QA, null],
  [
    '图解：2024年度宿城区城乡居民基本医疗保险参保缴费政策',
    '关于2024年宿城区城乡居民基本医疗保险参保缴费的通告',
    null,
    [
      {
        form: 'graphic',
        url: '/zcjd/demo/yibao-2024.svg',
        caption: '2024年度城乡居民医保参保缴费',
        alt: '图解：参保对象、缴费时间、缴费渠道和待遇享受时间',
        text: '参保对象：本区未参加职工医保的城乡居民。\n缴费时间：2023年9月至12月。\n缴费渠道：银行网点、手机银行和政务服务平台。\n待遇享受时间：2024年1月1日至12月31日。（演示内容）',
      },
    ],
  ],
  ['《宿城区义务教育学校招生入学管理办法》解读', '宿城区义务教育学校招生入学管理办法', null, null],
];

const MEETINGS: [string, string, string, string, string, string][] = [
  ['宿城区人民政府关于进一步稳就业促创业的实施意见', '2023-06-20', '区人力资源市场三楼会议室', '区人力资源和社会保障局', '辖区重点企业人事负责人、高校毕业生代表', '问：吸纳就业补贴按人还是按岗位计算？答：按实际吸纳并缴纳社会保险费的人数计算。（演示内容）'],
  ['宿城区义务教育学校招生入学管理办法', '2021-04-25', '区教育局报告厅', '区教育局', '幼儿园大班家长代表、社区工作人员', '问：租房居住的能否就近入学？答：符合居住证等条件的，按相对就近原则统筹安排。（演示内容）'],
  ['宿城区政府投资项目管理办法（2024年修订）', '2024-05-10', '区政务服务中心会议室', '区发展和改革委员会', '区直部门和镇（街道）项目负责人', '问：储备库项目多久更新一次？答：每年集中更新，重大项目可随时申报入库。（演示内容）'],
];

export async function seedDemoInterpretations(db: Db): Promise<void> {
  const actor = systemActor('演示数据');
  const docs = await db.selectFrom('documents').select(['id', 'title']).execute();
  const byTitle = new Map(docs.map((d) => [d.title, d.id]));
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const id = (title: string) => {
    const v = byTitle.get(title);
    if (!v) throw new Error(`演示解读：找不到文件《${title}》`);
    return v;
  };
  const now = nowIso();
  for (const [interp, policy, qa, media] of EXISTING) {
    const iid = id(interp);
    await db.insertInto('interpretations').values({ document_id: iid, created_at: now }).execute();
    await db.insertInto('interpretation_links').values({ interpretation_id: iid, policy_id: id(policy), created_at: now }).execute();
    for (const [i, [question, answer]] of (qa ?? []).entries()) {
      await db.insertInto('interpretation_qa').values({ interpretation_id: iid, position: i + 1, question, answer, created_at: now, updated_at: now }).execute();
    }
    for (const [i, m] of (media ?? []).entries()) {
      await db.insertInto('interpretation_media').values({ interpretation_id: iid, form: m.form, position: i + 1, url: m.url, caption: m.caption, alt_text: m.alt ?? null, text: m.text }).execute();
    }
  }
  // The work plan is not a 规范性文件, but the office marked it as needing an interpretation.
  await db.insertInto('interpretation_needs').values({ policy_id: id('宿城区2020年政务公开工作要点'), needed: 1, reason: null, set_by: null, set_at: now }).execute();
  for (const n of NEW) {
    const unitId = units.get(n.unit) ?? units.get('zfb')!;
    const input: Record<string, unknown> = { title: n.title, unitId, writtenOn: n.writtenOn, summary: n.summary, policyIds: [id(n.policy)] };
    if (n.body) input.body = n.body;
    const created = await createInterpretation(db, actor, input);
    if (!created.ok) throw new Error(`演示解读《${n.title}》：${created.error.message} ${JSON.stringify(created.error.fields ?? {})}`);
    const iid = created.value.id;
    // The demo's 图解 are drawn SVGs served at /zcjd/demo (addresses, like data from before uploads).
    if (n.media) must(await saveMedia(db, actor, iid, n.media.map((m) => ({ ...m })), { anyAddress: true }), n.title);
    if (n.qa) must(await saveQa(db, actor, iid, n.qa.map(([question, answer]) => ({ question, answer }))), n.title);
    must(await submitDocument({ db }, actor, iid), n.title);
    must(await approveDocument({ db }, actor, iid, { checks: { political: true, policy: true, wording: true } }), n.title);
    must(await publishDocument({ db }, actor, iid, { publishedAt: n.publishedAt }), n.title);
  }
  for (const [policy, heldOn, place, organiser, audience, questions] of MEETINGS) {
    await db
      .insertInto('interpretation_meetings')
      .values({ policy_id: id(policy), held_on: heldOn, place, organiser, audience, questions, photos: json([]), created_by: null, created_at: now })
      .execute();
  }
}

function must(r: { ok: boolean; error?: { message: string; fields?: unknown } }, title: string): void {
  if (!r.ok) throw new Error(`演示解读《${title}》：${r.error?.message} ${JSON.stringify(r.error?.fields ?? {})}`);
}
