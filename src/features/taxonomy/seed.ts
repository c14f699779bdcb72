// The classification lists every site needs (主题分类, 体裁, 栏目), added when missing.
import type { Db } from '../../platform/db/index.ts';
import { TOPICS, GENRES, COLUMNS } from './seed-data.ts';

export async function seedTerms(db: Db): Promise<void> {
  const have = await db.selectFrom('terms').select(['kind', 'code']).execute();
  const seen = new Set(have.map((t) => `${t.kind}:${t.code}`));
  const rows = [
    ...TOPICS.map((t) => ({ kind: 'topic' as const, ...t })),
    ...GENRES.map((t) => ({ kind: 'genre' as const, ...t })),
    ...COLUMNS.map((t) => ({ kind: 'column' as const, ...t })),
  ]
    .filter((t) => !seen.has(`${t.kind}:${t.code}`))
    .map((t) => ({ kind: t.kind, code: t.code, label: t.label, parent_code: t.parent ?? null, position: t.position, active: 1 }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('terms').values(rows.slice(i, i + 200)).execute();
}

