// Demo content (only on a new database under `npm start`): 30 messages to 宿城区's units across every state
// — unanswered within the deadline, overdue, unanswered beyond 3 months (the single-veto flag), a reply
// waiting for review, replied on time and late (some rated), a transferred one, a merged duplicate, one
// withheld — including 12345 work orders. Dates are relative to today; contact details are made up.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { addMonths, receiptCode, replyDays, replyDeadline, type MessageStatus, type MessageType, type Rating } from './rules.ts';

type Demo = [unit: string, type: MessageType, title: string, body: string, reply: string | null, ageDays: number, extra?: { status?: MessageStatus; late?: boolean; rating?: Rating; source?: '12345'; publicOk?: 0; withheld?: string; transferredFrom?: [unit: string, reason: string] }];

const DEMO: Demo[] = [
  ['jyj', 'consult', '幼儿园入园报名时间', '请问2027年秋季公办幼儿园入园报名什么时候开始？需要准备哪些材料？', '您好！2027年秋季公办幼儿园报名预计于5月中旬开始，需准备户口簿、房产证明和儿童预防接种证，具体以届时发布的招生公告为准。', 40, { rating: 'satisfied' }],
  ['jyj', 'suggest', '建议增加学校周边接送车位', '幸福路小学放学时段道路拥堵，建议在周边增设临时接送车位。', '感谢您的建议。我局已会同公安交警部门在幸福路小学东侧增设临时接送车位 20 个，并安排志愿者疏导交通。', 25, { rating: 'basic' }],
  ['jyj', 'complaint', '校外培训机构退费难', '孩子报名的校外培训机构停业，预付的学费无法退回，请帮忙处理。', null, 2],
  ['wjw', 'consult', '老年人免费体检', '65岁以上老人每年的免费体检在哪里做？', '您好！65周岁以上常住居民可到户籍或居住地所在的社区卫生服务中心免费体检，请携带身份证。', 60, { rating: 'satisfied' }],
  ['wjw', 'complaint', '社区卫生服务中心排队时间长', '古城街道社区卫生服务中心上午挂号排队一个多小时，希望增加窗口。', '已督促古城街道社区卫生服务中心在上午高峰时段增开 2 个挂号窗口，并推行预约挂号。', 30, { late: true, rating: 'unsatisfied' }],
  ['wjw', 'opinion', '关于家庭医生签约服务落实情况', '文件要求家庭医生每季度随访一次，但我家签约后一年未见随访。', null, 9],
  ['zjj', 'complaint', '小区电梯长期故障', '项里街道某小区3号楼电梯故障两个月未修，老人上下楼困难。我的电话13912345678。', '经核查，该电梯维修资金申请已于本周批复，维保单位将于10日内完成更换主机。', 20, { rating: 'basic' }],
  ['zjj', 'consult', '老旧小区改造范围', '我们小区是1998年建成的，是否在今年老旧小区改造范围内？', null, 120],
  ['zjj', 'suggest', '建议老旧小区加装电梯', '老旧小区多为六层无电梯住宅，建议加大加装电梯补贴。', '感谢您的建议。区里正在制定既有住宅加装电梯补贴办法，征求意见时欢迎您继续提出意见。', 50],
  ['scjgj', 'complaint', '超市销售过期食品', '在某超市购买的牛奶已过保质期，要求处理。', '经现场检查，该超市确有销售过期食品行为，已依法立案查处，并责令下架全部过期商品。', 15, { rating: 'satisfied', source: '12345' }],
  ['scjgj', 'consult', '个体工商户注册需要哪些材料', '想开一家小餐馆，办理营业执照需要哪些材料？', '可登录江苏政务服务网或到区政务服务中心市场监管窗口办理，需提供经营者身份证、经营场所证明，餐饮还需办理食品经营许可。', 8],
  ['scjgj', 'complaint', '预付卡消费纠纷', '健身房突然关门，会员卡余额无法退还。', null, 4, { source: '12345' }],
  ['rsj', 'consult', '灵活就业人员社保缴费', '灵活就业人员怎么缴纳养老保险？每月缴多少？', '灵活就业人员可在江苏智慧人社 App 办理参保登记，按当地上年度社平工资的 60%–300% 自选档次缴费。', 35, { rating: 'satisfied' }],
  ['rsj', 'complaint', '工地拖欠农民工工资', '我们在某工地干了三个月，工资至今未发。', '已责令施工总承包单位从工资保证金中先行支付，并对拖欠单位立案调查。', 12, { source: '12345', publicOk: 0 }],
  ['rsj', 'suggest', '建议举办更多招聘会', '希望在街道多举办面向大龄人员的招聘会。', null, 100],
  ['mzj', 'consult', '高龄津贴申请', '80岁老人的高龄津贴怎么申请？', '80周岁以上老人可持身份证、户口簿到户籍所在地社区居委会申请，审核通过后次月发放。', 45, { rating: 'satisfied' }],
  ['mzj', 'complaint', '低保审核不公', '邻居家条件很好也享受低保，请核查。', null, 6],
  ['fgj', 'opinion', '关于物价调整听证会', '希望水价调整听证会能让更多居民代表参加。', '水价调整听证会参加人由消费者代表、经营者代表等组成，消费者代表通过自愿报名和随机抽取产生，报名公告将在区政府网站发布。', 70],
  ['czj', 'consult', '惠民补贴发放时间', '耕地地力保护补贴什么时候发放到一卡通？', '2026年耕地地力保护补贴已于6月底前发放到农户一卡通账户，如未收到请联系所在镇财政所。', 90, { late: true }],
  ['yjglj', 'suggest', '建议开展社区消防演练', '建议在老旧小区定期开展消防演练，检查消防通道。', null, 1],
  ['ybj', 'consult', '异地就医备案', '长期在上海居住，怎么办理异地就医备案？', '可通过国家医保服务平台 App 或江苏医保云办理异地长期居住备案，备案后在上海定点医院直接结算。', 18, { rating: 'basic' }],
  ['xingfu', 'complaint', '夜间施工噪音扰民', '幸福中路工地每天晚上十点后还在施工，严重影响休息。', '已联系施工单位，夜间22时后停止高噪声作业，确需连续施工的须办理夜间施工许可并公示。', 10, { source: '12345' }],
  ['xingfu', 'complaint', '夜间施工噪音', '幸福中路工地晚上施工太吵。', null, 9, { status: 'merged' }],
  ['xiangli', 'suggest', '建议增设公交站点', '项里街道新建小区附近没有公交站，建议增设。', null, 3, { status: 'review' }],
  ['gucheng', 'complaint', '路灯不亮', '古城街道某路段路灯已坏一个月。', '已安排维修，路灯已于本周恢复照明。', 28],
  ['gengche', 'consult', '农村建房审批', '耿车镇农村宅基地建房需要走哪些手续？', null, 130],
  ['caiji', 'opinion', '关于秸秆禁烧政策执行', '秸秆禁烧后收储点太少，农户秸秆处理难。', '镇里新增 3 个秸秆收储点，并对秸秆离田利用给予每亩 20 元补助。', 55, { rating: 'basic' }],
  ['wangguanji', 'complaint', '村道破损', '王官集镇某村道路破损严重，雨天无法通行。', null, 7, { transferredFrom: ['zjj', '村道养护属所在镇职责，转王官集镇办理'] }],
  ['zfb', 'suggest', '建议公开更多政策解读', '希望政府网站对涉及群众利益的政策多发布图解和问答。', '感谢您的建议，我办已要求各部门重要政策文件同步发布图解、问答等多种形式的解读。', 22],
  ['zfb', 'consult', '如何申请政府信息公开', '需要申请公开某项目的审批文件，应当向哪个单位提出？', '您可以通过本网站“依申请公开”栏目在线提交申请，或向制作、保存该信息的行政机关提出。', 5, { withheld: '涉及具体项目当事人信息' }],
];

const NAMES = ['王建国', '李秀英', '张伟', '刘洋', '陈静', '杨帆', '赵敏', '周杰', '吴芳', '孙强'];

export async function seedDemo(db: Db): Promise<void> {
  if (await db.selectFrom('messages').select('id').limit(1).executeTakeFirst()) return;
  const today = todayBeijing();
  const calendar = await loadCalendar(db);
  const days = replyDays();
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const ids: number[] = [];
  let i = 0;
  for (const [code, type, title, body, reply, age, x = {}] of DEMO) {
    const unitId = units.get(code);
    if (!unitId) continue;
    const receivedOn = age >= 100 ? addMonths(today, -4) : addDays(today, -age);
    // A transferred message: the clock restarted at the receiving unit two days after receipt (rules.ts).
    const clockFrom = x.transferredFrom ? addDays(receivedOn, 2) : receivedOn;
    const due = replyDeadline(calendar, clockFrom, days[type]);
    const repliedOn = reply ? (x.late ? addDays(due.dueOn, 3) : addDays(receivedOn, Math.min(2, age))) : null;
    const status: MessageStatus = x.status ?? (reply ? 'replied' : 'open');
    const now = nowIso();
    const n = i++;
    const row = await db
      .insertInto('messages')
      .values({
        receipt_no: receiptCode(receivedOn),
        source: x.source ?? 'web',
        work_order_no: x.source ? `SQ12345-${receivedOn.replace(/-/g, '')}-${String(n).padStart(4, '0')}` : null,
        dedup_key: null,
        unit_id: unitId,
        type,
        title,
        body,
        name: NAMES[n % NAMES.length]!,
        phone: `139${String(10000000 + n * 7919).slice(0, 8)}`,
        email: null,
        public_ok: x.publicOk ?? (x.source ? 0 : 1),
        withheld: x.withheld ? 1 : 0,
        withheld_reason: x.withheld ?? null,
        about_kind: null,
        about_id: null,
        status,
        received_on: receivedOn,
        clock_from: clockFrom,
        due_on: due.dueOn,
        due_provisional: due.provisional ? 1 : 0,
        reply: status === 'replied' ? reply : null,
        reply_draft: status === 'review' ? '感谢您的建议，我街道已向区交通运输局反映，将结合线路优化统筹考虑。' : null,
        reply_drafted_by: null,
        return_reason: null,
        replied_by: null,
        replied_at: status === 'replied' ? `${repliedOn}T02:00:00.000Z` : null,
        replied_on: status === 'replied' ? repliedOn : null,
        merged_into: status === 'merged' ? ids[ids.length - 1]! : null,
        rating: x.rating ?? null,
        rating_comment: x.rating === 'unsatisfied' ? '答复太慢' : null,
        rated_at: x.rating ? now : null,
        transfers: x.transferredFrom ? 1 : 0,
        created_at: `${receivedOn}T01:00:00.000Z`,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    const from = x.transferredFrom ? units.get(x.transferredFrom[0]) : undefined;
    if (from) await db.insertInto('message_transfers').values({ message_id: row.id, from_unit_id: from, to_unit_id: unitId, reason: x.transferredFrom![1], actor_id: null, created_at: `${clockFrom}T02:00:00.000Z` }).execute();
  }
}
