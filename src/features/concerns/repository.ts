// Reads of 回应关切: the public responses (responded, with a public document or a statement) and the staff register.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { documentUrl, publicSql } from '../documents/public.ts';
import { sql } from 'kysely';
import { responseHours } from './rules.ts';

export interface PublicConcern {
  id: number;
  topic: string;
  area: string;
  source: string;
  unit: string;
  firstSeenAt: string;
  respondedAt: string;
  responseHours: number;
  statement: string | null;
  document: { id: number; title: string; url: string } | null;
}

export async function pagePublicConcerns(db: Db, opts: { area?: string; page: number; pageSize: number }): Promise<{ items: PublicConcern[]; total: number }> {
  let q = db
    .selectFrom('concerns')
    .innerJoin('units', 'units.id', 'concerns.unit_id')
    .leftJoin('documents as d', 'd.id', 'concerns.response_document_id')
    .where('concerns.status', '=', 'responded')
    // A response by document is shown only while that document is public.
    .where((eb) => eb.or([eb('concerns.response_kind', '=', 'statement'), sql<boolean>`${publicSql('d')}`]));
  if (opts.area) q = q.where('concerns.area', '=', opts.area);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .select(['concerns.id', 'concerns.topic', 'concerns.area', 'concerns.source', 'units.name as unit', 'concerns.first_seen_at', 'concerns.responded_at', 'concerns.response_text', 'concerns.response_kind', 'd.id as doc_id', 'd.title as doc_title'])
      .orderBy('concerns.responded_at', 'desc')
      .orderBy('concerns.id', 'desc')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
  ]);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      area: r.area,
      source: r.source,
      unit: r.unit,
      firstSeenAt: r.first_seen_at,
      respondedAt: r.responded_at!,
      responseHours: responseHours(r.first_seen_at, r.responded_at!),
      statement: r.response_text,
      document: r.doc_id ? { id: r.doc_id, title: r.doc_title!, url: documentUrl(r.doc_id) } : null,
    })),
  };
}

/** The staff register: concerns of these units, open ones first (by status, then first seen), at most 500. */
export function staffConcerns(db: DbOrTrx, unitIds: number[]) {
  return db.selectFrom('concerns').selectAll().where('unit_id', 'in', unitIds.length ? unitIds : [-1]).orderBy('status').orderBy('first_seen_at').limit(500).execute();
}

/** One concern (any state), or undefined. */
export function concernById(db: DbOrTrx, id: number) {
  return db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirst();
}
