// search index (owner: search helper)
import type { Kysely } from 'kysely';

type Any = Kysely<any>;

export async function up(_db: Any): Promise<void> {}

export async function down(_db: Any): Promise<void> {}
