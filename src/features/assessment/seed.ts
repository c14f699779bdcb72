// Demo: the 政府办's weights for the current year. The seed document (宿城区2020年政务公开工作要点 §四(二)) says
// "政务新媒体工作情况列为政务公开年度考核指标", so the demo office weights new-media compliance twice the default;
// every other indicator keeps its default. The scores themselves come from the other features' demo records.
import type { Db } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { DEFAULT_WEIGHTS } from './score.ts';
import { saveWeights } from './service.ts';

export async function seedDemoWeights(db: Db): Promise<void> {
  const year = Number(todayBeijing().slice(0, 4));
  const exists = await db.selectFrom('assessment_weights').select('year').where('year', '=', year).executeTakeFirst();
  if (exists) return;
  await saveWeights(db, systemActor('演示数据'), year, { ...DEFAULT_WEIGHTS, 'new-media': DEFAULT_WEIGHTS['new-media'] * 2 });
}
