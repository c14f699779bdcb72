// Demo 政务新媒体 accounts of 宿城区's units (the seed's 政务新媒体 work: one account per platform per unit),
// published, with recent updates — and one account not updated for three weeks, so the staleness flag shows.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { transition } from '../registers/public.ts';
import { recordUpdate, saveAccount } from './commands.ts';
import { ACCOUNTS } from './register.ts';

type Demo = [unit: string, platform: string, name: string, accountId: string, verification: string, opened: string, interaction: string, updatesAgo: number[], what: string];

const DEMO: Demo[] = [
  ['zfb', '微信公众号', '宿城发布', 'suchengfabu', '已认证（认证主体：宿城区人民政府办公室）', '2015-06-18', '后台留言', [1, 3, 6], '发布政务动态和政策解读'],
  ['zfb', '微博', '宿城发布', '3213020001', '已认证（认证主体：宿城区人民政府办公室）', '2013-03-01', '评论、私信', [2, 9], '转发全区重要工作信息'],
  ['zfb', '抖音', '宿城发布', 'suchengfabu_dy', '已认证（认证主体：宿城区人民政府办公室）', '2019-09-10', '评论', [4], '发布政务短视频'],
  ['jyj', '微信公众号', '宿城教育', 'sc_jiaoyu', '已认证（认证主体：宿城区教育局）', '2016-03-01', '后台留言', [2, 12], '发布义务教育招生政策和解读'],
  ['scjgj', '微信公众号', '宿城市场监管', 'sc_scjg', '已认证（认证主体：宿城区市场监督管理局）', '2018-05-20', '后台留言', [5], '发布食品安全抽检信息'],
  ['wjw', '微信公众号', '健康宿城', 'jiankang_sc', '已认证（认证主体：宿城区卫生健康委员会）', '2017-08-08', '后台留言', [21, 35], '发布健康科普和疫苗接种信息'],
  ['xingfu', '微信公众号', '幸福街道', 'xingfu_jd', '未认证', '2020-01-15', '后台留言', [3], '发布社区服务信息'],
];

const daysAgo = (today: string, n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoNewMedia(db: Db): Promise<void> {
  if (await db.selectFrom('new_media_accounts').select('id').limit(1).executeTakeFirst()) return;
  const actor = systemActor('演示数据');
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const today = todayBeijing();
  for (const [unit, platform, name, accountId, verification, opened, interaction, ago, what] of DEMO) {
    const unitId = units.get(unit);
    if (!unitId) continue;
    const r = await saveAccount(db, actor, { unitId, fields: { platform, name, accountId, responsiblePerson: '信息公开科', verification, openedOn: opened, filingStatus: '已备案', interaction } });
    if (!r.ok) throw new Error(`演示政务新媒体 ${name}：${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    for (const step of ['submit', 'approve', 'publish'] as const) await transition(db, ACCOUNTS, actor, r.value.id, step);
    for (const n of [...ago].sort((a, b) => b - a)) await recordUpdate(db, actor, r.value.id, { on: daysAgo(today, n), what });
  }
}
