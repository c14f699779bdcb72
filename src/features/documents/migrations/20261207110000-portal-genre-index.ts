// 网站健康度 (issue 19), 栏目按期更新: the last public notice (公告/通告/通知) of each unit was a scan of every public
// document with a read of each row for its genre (~500 ms at 100,000 documents), and all of a unit's rows when
// it has no notice at all. With the genre before the unit in an index, the last notice of a unit and genre is
// one index seek.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('documents_portal_genre_idx').ifNotExists().on('documents').columns(['status', 'disclosure', 'genre', 'unit_id', 'published_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('documents_portal_genre_idx').ifExists().execute();
}
