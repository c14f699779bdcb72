// The demo office's 2025 annual report, built from the demo records and published through the real workflow.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { approveDocument, publishDocument } from '../documents/public.ts';
import { buildReport } from './report.ts';
import { saveInputs, saveNarrative, submitReport } from './reports.commands.tsx';

/**
 * The office's 2025 annual report, generated from the demo records, submitted and published like
 * any document in January 2026 — so the portal's 政府信息公开年报 column and the console's report
 * dashboard have something real to show.
 */
export async function seedDemoReport(db: Db): Promise<void> {
  const actor = systemActor('演示数据');
  const zfb = await db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirst();
  if (!zfb) return;
  const note = '演示数据（实际使用时按审批、执法、财政系统的统计填写）';
  await saveInputs({ db }, actor, zfb.id, 2025, [
    { row: 'licensing', col: 'decisions', value: '1286', source: note },
    { row: 'penalty', col: 'decisions', value: '57', source: note },
    { row: 'coercion', col: 'decisions', value: '3', source: note },
    { row: 'fees', col: 'amount', value: '12.36', source: note },
  ]);
  const draft = await buildReport(db, zfb.id, 2025);
  if (!draft?.publishable) return;
  const n = draft.narrative;
  const saved = await saveNarrative({ db }, actor, zfb.id, 2025, {
    overview: n.overview,
    problems: '2025年政务公开工作还存在一些不足：一是部分政策解读形式较为单一，图文、视频解读偏少；二是依申请公开答复书的说理还需加强。2026年将丰富解读形式，加强答复书审核，提高答复质量。',
    other: n.other,
  });
  if (!saved.ok) throw new Error(`演示年度报告正文保存失败：${saved.error.message}`);
  const submitted = await submitReport({ db }, actor, zfb.id, 2025);
  if (!submitted.ok) throw new Error(`演示年度报告提交失败：${submitted.error.message}`);
  const id = submitted.value.documentId;
  const approved = await approveDocument({ db }, actor, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' });
  if (!approved.ok) throw new Error(`演示年度报告审核失败：${approved.error.message}`);
  const published = await publishDocument({ db }, actor, id, { publishedAt: '2026-01-26T02:00:00.000Z' });
  if (!published.ok) throw new Error(`演示年度报告发布失败：${published.error.message}`);
}

