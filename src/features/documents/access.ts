// Who may see a document: the one visibility rule of the documents feature. A document is public when it
// is published, 主动公开 (not 依申请公开 or 不予公开) and its publication time has come. Portal pages,
// feeds, the sitemap, the public API, the export and search all filter with what is defined here (search
// gets it through documents' public.ts); nothing else spells the rule out.
//
// A withdrawn document that was once public keeps its address as a tombstone (publicState).
// "Published or scheduled" (publicOrScheduled) is the same rule without the time: what search indexes
// ahead of time and what the portal's cache watches for; its reads apply the time (publicOnly, publicSql).
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { nowIso } from '../../platform/db/index.ts';
import type { Database } from '../../platform/db/types.ts';

/** The disclosure mode whose documents appear on the portal (条例第十九条: 主动公开). */
export const PUBLIC_DISCLOSURE = '主动公开';
const PUBLISHED = 'published';

/** A query reading the (unaliased) `documents` table. */
type DocumentsQuery = SelectQueryBuilder<Database, any, any>;

/** Published and 主动公开, whatever the publication time (scheduled ones included). */
export function publicOrScheduled<T extends DocumentsQuery>(q: T): T {
  return q.where('documents.status', '=', PUBLISHED).where('documents.disclosure', '=', PUBLIC_DISCLOSURE).where('documents.published_at', 'is not', null) as T;
}

/** The one gate for public reads: published, 主动公开, and its time has come. */
export function publicOnly<T extends DocumentsQuery>(q: T, now = nowIso()): T {
  return publicOrScheduled(q).where('documents.published_at', '<=', now) as T;
}

/** The same gate as an SQL condition on a documents table aliased `alias` (hand-written queries). */
export function publicSql(alias: string, now = nowIso()): RawBuilder<boolean> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<boolean>`(${c('status')} = ${PUBLISHED} and ${c('disclosure')} = ${PUBLIC_DISCLOSURE} and ${c('published_at')} <= ${now})`;
}

interface VisibilityFields {
  status: string;
  disclosure: string;
  published_at: string | null;
}

/** The rule on a row already read: 'public', 'scheduled' (public at published_at), or 'tombstone' (withdrawn after being public); null: never shown. */
export function publicState(row: VisibilityFields, now = nowIso()): 'public' | 'scheduled' | 'tombstone' | null {
  if (row.disclosure !== PUBLIC_DISCLOSURE || !row.published_at) return null;
  if (row.status === 'withdrawn') return 'tombstone';
  if (row.status !== PUBLISHED) return null;
  return row.published_at <= now ? 'public' : 'scheduled';
}

/** True when the public may read the row now. */
export function isPublic(row: VisibilityFields, now = nowIso()): boolean {
  return publicState(row, now) === 'public';
}
