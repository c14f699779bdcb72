// 相关检索 that cannot be planted (features/search/suggest.ts):
// - search_query_visitors: who searched a suggestable query that found something, one row per Beijing
//   day, query and visitor. `visitor` is a hash of the address (IPv6: its /64) with that day's salt,
//   never the address; rows older than the suggestion window are deleted.
// - search_visitor_salts: one random salt per day, shared by all app nodes; deleted the day after, so
//   old hashes can no longer be tied to an address, not even by trying every IPv4 address.
// - search_suggestion_hidden: queries an administrator hid from the suggestions.
// - search_banned_words: words an administrator added to the built-in filter (dict/banned.txt).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_query_visitors')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_query_visitors_pk', ['day', 'query', 'visitor'])
    .execute();
  await db.schema
    .createTable('search_visitor_salts')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('search_suggestion_hidden')
    .addColumn('query', 'text', (c) => c.primaryKey())
    .addColumn('hidden_by', 'integer') // users.id
    .addColumn('hidden_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('search_banned_words')
    .addColumn('word', 'text', (c) => c.primaryKey())
    .addColumn('added_by', 'integer') // users.id
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_banned_words').ifExists().execute();
  await db.schema.dropTable('search_suggestion_hidden').ifExists().execute();
  await db.schema.dropTable('search_visitor_salts').ifExists().execute();
  await db.schema.dropTable('search_query_visitors').ifExists().execute();
}
