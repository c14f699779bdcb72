// Demo concerns (only when ctx.demo): 8 concerns, one per area of the seed's list, each responded —
// by a demo document or interpretation where one fits, otherwise by a statement. SYNTHETIC demo content.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';

const DEMO: [string, string, string, string, string, string, string, string | null][] = [
  // area, source, unit, topic, first seen, responded, statement, response document title
  ['生态环境', '12345热线', 'xiangli', '项里街道秸秆焚烧烟雾扰民', '2022-05-20T08:30:00+08:00', '2022-05-24T10:00:00+08:00', '街道已组织巡查，发布夏季秸秆禁烧通知。（演示内容）', '项里街道关于做好2022年夏季秸秆禁烧和综合利用工作的通知'],
  ['就学就医', '网络', 'jyj', '义务教育招生划片是否调整', '2021-04-01T20:00:00+08:00', '2021-04-08T09:00:00+08:00', '新招生入学管理办法已公布，划片范围见学校公示。（演示内容）', '宿城区义务教育学校招生入学管理办法'],
  ['社会保障', '12345热线', 'ybj', '城乡居民医保缴费渠道咨询集中', '2023-09-10T09:00:00+08:00', '2023-09-14T09:00:00+08:00', '已发布参保缴费通告和图解。（演示内容）', '图解：2024年度宿城区城乡居民基本医疗保险参保缴费政策'],
  ['食品药品', '媒体', 'scjgj', '校园周边食品安全抽检结果', '2025-07-10T11:00:00+08:00', '2025-07-16T09:00:00+08:00', '已公布上半年食品安全监督抽检信息。（演示内容）', '宿城区2025年上半年食品安全监督抽检信息公告'],
  ['市场监管', '人大政协建议', 'scjgj', '“双随机”抽查频次过高影响经营', '2026-01-20T10:00:00+08:00', '2026-02-11T10:00:00+08:00', '年度抽查计划合理安排频次，同一企业年内原则上不重复抽查。（演示内容）', '宿城区市场监督管理局2026年度“双随机、一公开”抽查工作计划'],
  ['房地产市场', '网络', 'zjj', '城南安置小区二期交付时间', '2025-03-05T14:00:00+08:00', '2025-03-06T16:30:00+08:00', '二期设计方案已批前公示，建成后按安置协议约定时间交付。（演示内容）', null],
  ['社会治安', '信访', 'sucheng', '古城街道夜间噪声和聚集', '2024-01-08T22:00:00+08:00', '2024-01-09T15:00:00+08:00', '已协调公安派出所加强夜间巡逻，设置投诉电话。（演示内容）', null],
  ['脱贫攻坚', '媒体', 'wangguanji', '村级扶贫项目资金使用情况', '2019-03-15T09:00:00+08:00', '2019-03-19T09:00:00+08:00', '项目实施计划和资金安排已公示。（演示内容）', '王官集镇2019年度村级扶贫项目实施计划公示'],
];

export async function seedDemoConcerns(db: Db): Promise<void> {
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const docs = new Map((await db.selectFrom('documents').select(['id', 'title']).execute()).map((d) => [d.title, d.id]));
  const now = nowIso();
  for (const [area, source, unit, topic, seen, responded, statement, docTitle] of DEMO) {
    const docId = docTitle ? docs.get(docTitle) ?? null : null;
    await db
      .insertInto('concerns')
      .values({
        unit_id: units.get(unit) ?? units.get('zfb')!,
        topic,
        area,
        source,
        first_seen_at: new Date(seen).toISOString(),
        summary: '',
        status: 'responded',
        response_kind: docId ? 'document' : 'statement',
        response_document_id: docId,
        response_text: statement,
        responded_at: new Date(responded).toISOString(),
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}
