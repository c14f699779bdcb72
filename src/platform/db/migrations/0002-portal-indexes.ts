// Indexes for the public portal. Every public query filters on status = 'published' and
// disclosure = '主动公开' and a publication time in the past, so each index leads with those two
// equalities, then what the page filters on, then published_at — ending there where the page sorts
// by it, so that the index order (published_at, id) is the page order and the planner needs no
// statistics to prefer it. Counts and id pages are answered from the index alone (rows are wide).
import type { Kysely } from 'kysely';

type Any = Kysely<any>;

const INDEXES: [name: string, columns: string[]][] = [
  // Latest lists (home, feeds, sitemap).
  ['documents_portal_date_idx', ['status', 'disclosure', 'published_at']],
  // 公开目录: counts per column (within a unit's subtree) and a unit's column list.
  ['documents_portal_column_idx', ['status', 'disclosure', 'column_code', 'unit_id', 'published_at']],
  // 法定主动公开内容: counts per Art. 20 category and category lists.
  ['documents_portal_art20_idx', ['status', 'disclosure', 'art20', 'published_at']],
  // 失效文件清单: the few documents whose validity is not 有效, with the unit and the date it changed.
  ['documents_portal_validity_idx', ['status', 'disclosure', 'validity', 'published_at', 'validity_on', 'unit_id']],
];

export async function up(db: Any): Promise<void> {
  for (const [name, columns] of INDEXES) await db.schema.createIndex(name).ifNotExists().on('documents').columns(columns).execute();
}

export async function down(db: Any): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
