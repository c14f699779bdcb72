// 图解 images, audio/video and 解读会 photos are uploaded files (issue 16): a media item keeps the uploaded
// file's content address, type, size and name beside its `url` (for an upload the file's address on this
// site, /zcjd/files/<sha256>; for a link the link). Existing address-based items keep their `url` as it was.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('interpretation_media').addColumn('sha256', 'text').execute();
  await db.schema.alterTable('interpretation_media').addColumn('mime', 'text').execute();
  await db.schema.alterTable('interpretation_media').addColumn('size', 'integer').execute();
  await db.schema.alterTable('interpretation_media').addColumn('filename', 'text').execute();
  await db.schema.createIndex('interpretation_media_sha').on('interpretation_media').column('sha256').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('interpretation_media_sha').ifExists().execute();
  for (const c of ['filename', 'size', 'mime', 'sha256']) await db.schema.alterTable('interpretation_media').dropColumn(c).execute();
}
