// 公开记录链 — a tamper-evident ledger of what was disclosed when. Each publication, change of validity
// and withdrawal appends one entry: document id, index number, a hash of the published content (title,
// numbers, dates, validity, body and the attachments' sha256), time, actor, the previous entry's hash and
// its own hash over all of these. Changing, removing or reordering any entry breaks every later hash:
// `npx gongkai ledger verify` recomputes the chain and names the first broken entry, and the public can
// download the chain (/xxgk/ledger.jsonl) and check a document's entries against what they saw.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/access/roles.ts';
import type { DocumentRow, PublicationLedgerTable } from './tables.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';

export const GENESIS = '0'.repeat(64);
export type LedgerAction = 'publish' | 'validity' | 'withdraw' | 'import' | 'baseline';

/** One entry as stored and as downloaded (the table's row). */
export type LedgerEntry = PublicationLedgerTable;

const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

/** The hash of what the public sees of a document (stable field order). */
export function contentHash(row: Pick<DocumentRow, 'title' | 'index_no' | 'doc_no' | 'published_at' | 'validity' | 'validity_on' | 'body' | 'withdrawn_at'>, attachments: string[]): string {
  return sha256(
    JSON.stringify([row.title, row.index_no, row.doc_no, row.published_at, row.validity, row.validity_on, row.body, row.withdrawn_at ?? null, [...attachments].sort()]),
  );
}

export function entryHash(e: Omit<LedgerEntry, 'hash'>): string {
  return sha256([e.prev_hash, e.seq, e.document_id, e.index_no ?? '', e.action, e.content_hash, e.at, e.actor].join('|'));
}

/** The last entry's number and hash. PostgreSQL: locks the ledger against other appenders until the transaction ends. */
export async function ledgerHead(trx: Trx): Promise<{ seq: number; hash: string } | undefined> {
  // PostgreSQL: one appender at a time (SQLite write transactions are serialised already).
  if (isPostgres(trx as never)) await sql`lock table publication_ledger in share row exclusive mode`.execute(trx);
  const r = await trx.selectFrom('publication_ledger').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r && { seq: Number(r.seq), hash: r.hash };
}

/** The entry that follows `head` for `row` (`attachments`: the sha256 of its attachments). Not stored. */
export function nextLedgerEntry(head: { seq: number; hash: string } | undefined, row: DocumentRow, action: LedgerAction, actor: Actor | null, at: string, attachments: string[]): LedgerEntry {
  const base = {
    seq: (head ? head.seq : 0) + 1,
    document_id: row.id,
    index_no: row.index_no,
    action,
    content_hash: contentHash(row, attachments),
    at,
    actor: actor ? `${actor.displayName}(${actor.username})` : '系统',
    prev_hash: head?.hash ?? GENESIS,
  };
  return { ...base, hash: entryHash(base) };
}

/**
 * Appends an entry for `row` inside the caller's transaction (serialised: one chain, no forks). `at` is
 * when it happened: now, or the moment a scheduled publication became public (scheduled.ts). (The import
 * chains a batch's entries with ledgerHead and nextLedgerEntry and stores them together.)
 */
export async function appendLedger(trx: Trx, row: DocumentRow, action: LedgerAction, actor: Actor | null, at: string = nowIso()): Promise<LedgerEntry> {
  const last = await ledgerHead(trx);
  const atts = (await trx.selectFrom('attachments').select('sha256').where('document_id', '=', row.id).execute()).map((a) => a.sha256);
  const entry = nextLedgerEntry(last, row, action, actor, at, atts);
  await trx.insertInto('publication_ledger').values(entry).execute();
  return entry;
}

export interface VerifyResult {
  entries: number;
  /** The first entry whose hash or link does not hold, with the reason; null when the chain is whole. */
  broken: { seq: number; reason: string } | null;
}

/** Recomputes the chain in order, in batches. */
export async function verifyLedger(db: Db): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectSeq = 1;
  let entries = 0;
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('publication_ledger').selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    if (!rows.length) break;
    for (const r of rows) {
      const e = { ...r, seq: Number(r.seq), document_id: Number(r.document_id) } as LedgerEntry;
      if (e.seq !== expectSeq) return { entries, broken: { seq: expectSeq, reason: `缺少第 ${expectSeq} 条（下一条是第 ${e.seq} 条）` } };
      if (e.prev_hash !== prev) return { entries, broken: { seq: e.seq, reason: '与上一条的链接不符（上一条被改动或删除）' } };
      const { hash, ...rest } = e;
      if (entryHash(rest) !== hash) return { entries, broken: { seq: e.seq, reason: '本条内容与其哈希不符（本条被改动）' } };
      prev = hash;
      expectSeq++;
      entries++;
      after = e.seq;
    }
  }
  return { entries, broken: null };
}
