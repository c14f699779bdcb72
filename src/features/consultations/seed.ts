// Demo content (only on a new database under `npm start`): three consultations — one open, one closed
// awaiting its feedback, one closed with published feedback and its final decision document — and 60
// comments. Dates are relative to today so the demo always shows each state. Contact details are made up.
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import type { SeedContext } from '../../platform/modules.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { publicOnly } from '../documents/public.ts';
import { articlesOf } from './articles.ts';
import { receiptNumber } from './commands.ts';
import { addDays } from './rules.ts';
import type { Decision } from './tables.ts';

const DRAFT_A = `<p>第一条 为规范本区老旧小区改造工作，改善居民居住条件，根据有关规定，结合本区实际，制定本办法。</p>
<p>第二条 本办法适用于本区范围内2000年底前建成、失养失修失管、市政配套设施不完善的住宅小区。</p>
<p>第三条 老旧小区改造内容分为基础类、完善类和提升类。基础类包括供水、排水、供电、道路、消防等设施改造。</p>
<p>第四条 改造方案应当征求小区居民意见，经专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决同意。</p>
<p>第五条 改造资金由政府补助、居民出资、社会资本参与等方式共同筹集。</p>
<p>第六条 本办法自印发之日起施行。</p>`;

const DRAFT_B = `<p>第一条 为加强本区城市道路停车管理，缓解停车难问题，制定本规定。</p>
<p>第二条 道路临时停车泊位的设置应当符合城市道路交通管理规划，不得影响消防通道和行人通行。</p>
<p>第三条 道路临时停车泊位实行分时段收费，首30分钟免费。</p>
<p>第四条 居住区周边道路可以设置夜间限时停车泊位，供周边居民夜间免费停放。</p>
<p>第五条 本规定自2027年1月1日起施行。</p>`;

const DRAFT_C = `<p>第一条 为促进全区养老服务高质量发展，制定本实施意见。</p>
<p>第二条 每个街道至少建设一所具备全日托养、日间照料、上门服务功能的综合养老服务中心。</p>
<p>第三条 对经济困难的高龄、失能老年人开展家庭养老床位建设，给予适老化改造补贴。</p>
<p>第四条 建立养老服务时间银行，鼓励低龄老年人为高龄老年人提供志愿服务。</p>`;

const COMMENTS_A = ['建议把加装电梯纳入完善类改造内容。', '改造期间请合理安排施工时间，避免夜间施工扰民。', '希望增加停车位和充电桩。', '资金筹集比例应当公开，居民出资部分要量力而行。', '表决比例要求太高，很多小区难以达到。', '建议明确物业管理的长效机制。', '小区雨污分流问题突出，希望优先改造。'];
const COMMENTS_B = ['首30分钟免费很好，建议延长到1小时。', '学校周边应增加接送临时停车位。', '夜间免费停放对周边居民很有帮助。', '收费标准应当公示并听取意见。', '请增加非机动车停放区域。'];
const COMMENTS_C = ['综合养老服务中心建设要考虑交通便利。', '家庭养老床位补贴标准建议再提高。', '时间银行的服务时长要能跨区通兑。', '希望增加助餐点。'];

export async function seedDemo(db: Db, ctx: SeedContext): Promise<void> {
  if (await db.selectFrom('consultations').select('id').limit(1).executeTakeFirst()) return;
  const today = todayBeijing();
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const unit = (code: string) => units.get(code) ?? units.values().next().value!;
  const now = nowIso();
  const decisionDoc = await publicOnly(db.selectFrom('documents').select('documents.id').orderBy('documents.id')).executeTakeFirst();

  const make = async (o: { unit: string; title: string; body: string; startsOn: string; endsOn: string; forms: string[]; periodReason?: string; feedback: 'none' | 'published'; decisionDocumentId?: number | null; explanation: string; basis: { title: string; url: string }[] }) => {
    const row = await db
      .insertInto('consultations')
      .values({
        unit_id: unit(o.unit),
        title: o.title,
        body: o.body,
        explanation: o.explanation,
        basis: json(o.basis),
        forms: json(o.forms),
        starts_on: o.startsOn,
        ends_on: o.endsOn,
        period_reason: o.periodReason ?? null,
        status: 'published',
        version: 1,
        return_reason: null,
        created_by: null,
        submitted_by: null,
        approved_by: null,
        created_at: now,
        updated_at: now,
        published_at: now,
        feedback_status: o.feedback,
        feedback_summary: o.feedback === 'published' ? '征求意见期间共收到社会公众意见建议如下，经认真研究，采纳情况说明如下。' : '',
        feedback_submitted_by: null,
        feedback_return_reason: null,
        feedback_published_at: o.feedback === 'published' ? now : null,
        decision_document_id: o.decisionDocumentId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('consultation_versions').values({ consultation_id: row.id, version: 1, body: o.body, note: '', created_by: null, created_at: now }).execute();
    return row.id;
  };

  const comments = async (id: number, body: string, texts: string[], n: number, status: (i: number) => 'pending' | 'published' | 'rejected', offline = 0) => {
    const keys = articlesOf(body).map((a) => a.key);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const off = i < offline;
      const r = await db
        .insertInto('consultation_comments')
        .values({
          consultation_id: id,
          receipt_no: receiptNumber(today),
          version: 1,
          article: i % 3 === 0 ? null : keys[i % keys.length]!,
          body: texts[i % texts.length]! + (i >= texts.length ? `（${Math.floor(i / texts.length) + 1}）` : ''),
          name: off ? null : i % 2 ? `市民${i}` : null,
          phone: off ? null : `1390000${String(1000 + i).slice(-4)}`,
          email: null,
          form: off ? (i % 2 ? 'forum' : 'hearing') : 'online',
          source: off ? (i % 2 ? '社区居民座谈会记录' : '听证会记录') : null,
          status: off ? 'published' : status(i),
          moderation_reason: !off && status(i) === 'rejected' ? '与征求内容无关' : null,
          moderated_by: null,
          moderated_at: status(i) === 'pending' && !off ? null : now,
          opinion_id: null,
          created_by: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(r.id);
    }
    return ids;
  };

  // Open: 25 comments, some still awaiting moderation.
  const a = await make({
    unit: 'zjj',
    title: '宿城区老旧小区改造实施办法（征求意见稿）',
    body: DRAFT_A,
    startsOn: addDays(today, -10),
    endsOn: addDays(today, 20),
    forms: ['online', 'forum'],
    feedback: 'none',
    explanation: '为落实城镇老旧小区改造工作部署，区住房和城乡建设局起草了本办法，现向社会公开征求意见。',
    basis: [{ title: '国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见（国办发〔2020〕23号）', url: 'https://www.gov.cn/zhengce/content/2020-07/20/content_5528320.htm' }],
  });
  await comments(a, DRAFT_A, COMMENTS_A, 25, (i) => (i % 5 === 4 ? 'pending' : i === 7 ? 'rejected' : 'published'), 2);

  // Closed 40 days ago (a short period, with its reason), feedback not published: overdue.
  const b = await make({
    unit: 'zfb',
    title: '宿城区城市道路临时停车管理规定（征求意见稿）',
    body: DRAFT_B,
    startsOn: addDays(today, -60),
    endsOn: addDays(today, -40),
    forms: ['online', 'hearing', 'media'],
    periodReason: '停车收费调整须在供暖季前实施，征求意见期限缩短为21日。',
    feedback: 'none',
    explanation: '为缓解城区停车难问题，区政府办公室会同有关部门起草了本规定。',
    basis: [{ title: '中华人民共和国道路交通安全法', url: '' }],
  });
  await comments(b, DRAFT_B, COMMENTS_B, 20, (i) => (i === 3 ? 'rejected' : 'published'), 3);

  // Closed, feedback published, final decision document linked.
  const c = await make({
    unit: 'mzj',
    title: '宿城区关于推进养老服务高质量发展的实施意见（征求意见稿）',
    body: DRAFT_C,
    startsOn: addDays(today, -120),
    endsOn: addDays(today, -90),
    forms: ['online', 'consult'],
    feedback: 'published',
    decisionDocumentId: decisionDoc?.id ?? null,
    explanation: '区民政局起草了本实施意见，现公开征求意见。',
    basis: [{ title: '江苏省养老服务条例', url: '' }],
  });
  const cIds = await comments(c, DRAFT_C, COMMENTS_C, 15, () => 'published', 1);
  const groups: { summary: string; decision: Decision; reason: string; ids: number[] }[] = [
    { summary: '建议提高家庭养老床位补贴标准', decision: 'partly', reason: '补贴标准由省级统一确定，本区在省定标准基础上对失能老年人每户增加500元。', ids: cIds.slice(0, 6) },
    { summary: '综合养老服务中心选址应交通便利，增加助餐点', decision: 'adopted', reason: '已在第二条中增加“选址应当便于老年人出行”，并增加助餐点建设要求。', ids: cIds.slice(6, 11) },
    { summary: '时间银行服务时长跨区通兑', decision: 'rejected', reason: '跨区通兑需全市统一平台支持，待市级平台建成后再行衔接。', ids: cIds.slice(11, 15) },
  ];
  for (const g of groups) {
    const o = await db.insertInto('consultation_opinions').values({ consultation_id: c, summary: g.summary, decision: g.decision, reason: g.reason, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('consultation_comments').set({ opinion_id: o.id }).where('id', 'in', g.ids).execute();
  }
  ctx.log('演示数据：3 项征求意见、60 条意见');
}
