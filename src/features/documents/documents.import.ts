// Imports of published documents (CSV or JSON Lines), streamed and committed IMPORT_BATCH_ROWS records per
// transaction (importBatch; each record under its own savepoint, one document.changed event per batch).
// Idempotent: a record whose 索引号 exists updates that document only when something changed;
// a record without 索引号 is matched on unit + 名称 + 成文日期 + 文号. Bad records are reported with their
// line, the rest imported (the rest of their batch too). A kill -9 leaves whole batches; run it again.
import fs from 'node:fs';
import readline from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { Db, Trx } from '../../platform/db/index.ts';
import { nowIso, json, sql } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import type { Insertable } from 'kysely';
import type { DocumentRow, DocumentVersionTable, NewDocumentRow } from './tables.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { loadUnitTree, type UnitTree } from '../../platform/access/unit-tree.ts';
import { can } from '../../platform/access/roles.ts';
import { audit, auditMany, type AuditEntry } from '../../platform/audit/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { validateDocumentFields, type TermSets } from './documents.input.ts';
import { loadTermSets } from './documents.repository.ts';
import { allocateIndexNo, allocateIndexNos, normalizeIndexNo } from './index-number.ts';
import { ledgerHead, nextLedgerEntry, type LedgerEntry } from './ledger.ts';
import { art26DueOn } from './art26.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { emit } from '../../platform/events.ts';
import { contributions } from '../../platform/modules.ts';
import './actions.ts'; // defines this feature's actions

/** Records committed per transaction (and indexed per document.changed event). */
export const IMPORT_BATCH_ROWS = 500;

interface ImportProblem {
  line: number;
  reason: string;
}

export interface ImportReport {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  problems: ImportProblem[];
}

export interface ImportContext {
  db: Db;
  actor: Actor;
  terms: TermSets;
  tree: UnitTree;
  /** Unit used when a record names none. */
  defaultUnitId?: number;
  /** Working-day calendar for the Art. 26 last day of publication (read once, outside the transactions). */
  calendar: WorkCalendar;
  /** Index numbers the file being imported carries explicitly: automatic numbers never take them. */
  reserved?: Set<string>;
}

export async function importContext(db: Db, actor: Actor, defaultUnitId?: number): Promise<ImportContext> {
  return { db, actor, terms: await loadTermSets(db), tree: await loadUnitTree(db), defaultUnitId, calendar: await loadCalendar(db) };
}

function resolveUnit(ctx: ImportContext, rec: Record<string, unknown>): number | string {
  if (rec.unitId !== undefined && rec.unitId !== '') {
    const n = Number(rec.unitId);
    return ctx.tree.byId.has(n) ? n : `单位编号 ${String(rec.unitId)} 不存在`;
  }
  const u = typeof rec.unit === 'string' ? rec.unit.trim() : '';
  if (u) {
    const byCode = ctx.tree.byCode.get(u);
    if (byCode) return byCode.id;
    for (const n of ctx.tree.byId.values()) if (n.name === u) return n.id;
    return `单位“${u}”不存在（可填写单位代码或全称）`;
  }
  if (ctx.defaultUnitId) return ctx.defaultUnitId;
  return '缺少发布单位（unit 或 unitId）';
}

const COMPARED: (keyof NewDocumentRow)[] = [
  'title', 'doc_no', 'topic', 'genre', 'kind', 'column_code', 'art20', 'publisher', 'written_on', 'formed_on', 'published_at',
  'keywords', 'summary', 'body', 'validity', 'validity_on', 'validity_reason', 'disclosure', 'unit_id', 'art26_due_on',
];

/**
 * Whether a row names the same document as the one holding its index number: the same unit, and the same
 * title, or the same 文号, or (neither has a 文号) the same 成文日期 — so a corrected title still updates.
 */
function sameDocument(existing: { unit_id: number; title: string; doc_no: string | null; written_on: string | null }, row: NewDocumentRow): boolean {
  if (existing.unit_id !== row.unit_id) return false;
  if (existing.title === row.title) return true;
  if (existing.doc_no || row.doc_no) return existing.doc_no === row.doc_no;
  return !!existing.written_on && existing.written_on === row.written_on;
}

type Outcome = 'created' | 'updated' | 'unchanged' | { error: string };

/**
 * Extension point 'documents.importChecks': imported records are published at once, so a feature that
 * guards publication (pii's 发布前把关) checks each record's text too. Synchronous and without database
 * work (it runs for every record of a batch before its transaction): a reason to refuse the record, or null.
 */
type ImportCheck = (doc: { title: string; summary: string; body: string }) => string | null;

/** A record checked and turned into its row, before any database work; or the reason it is refused. */
function prepareRecord(ctx: ImportContext, rec: Record<string, unknown>): { unit: number; cols: NewDocumentRow } | { error: string } {
  const unit = resolveUnit(ctx, rec);
  if (typeof unit === 'string') return { error: unit };
  if (!can(ctx.actor, 'document.create', unit)) return { error: '无权为该单位导入文件' };
  const { unit: _u, unitId: _id, replacedBy: _r, ...rest } = rec as Record<string, unknown>;
  const { value, errors } = validateDocumentFields({ ...rest, unitId: unit }, { terms: ctx.terms, partial: false, allowIndexNo: true });
  if (Object.keys(errors).length) return { error: Object.entries(errors).map(([k, v]) => `${k}: ${v}`).join('；') };
  for (const check of contributions<ImportCheck>('documents.importChecks')) {
    const refused = check({ title: value.title!, summary: value.summary ?? '', body: value.body ?? '' });
    if (refused) return { error: refused };
  }
  const node = ctx.tree.byId.get(unit)!;
  const publishedAt = value.publishedAt ?? (value.writtenOn ? `${value.writtenOn}T00:00:00.000Z` : nowIso());
  const now = nowIso();
  const cols: NewDocumentRow = {
    unit_id: unit,
    status: 'published',
    title: value.title!,
    index_no: value.indexNo ?? null,
    doc_no: value.docNo ?? null,
    doc_no_issuer: value.docNoIssuer ?? null,
    doc_no_year: value.docNoYear ?? null,
    doc_no_seq: value.docNoSeq ?? null,
    doc_no_key: value.docNoKey ?? null,
    topic: value.topic ?? null,
    genre: value.genre ?? null,
    kind: value.kind ?? 'other',
    column_code: value.column ?? null,
    art20: value.art20 ?? null,
    publisher: value.publisher ?? node.name,
    written_on: value.writtenOn ?? null,
    formed_on: value.formedOn ?? null,
    art26_due_on: art26DueOn(ctx.calendar, { formedOn: value.formedOn ?? null, writtenOn: value.writtenOn ?? null }),
    published_at: publishedAt,
    keywords: json(value.keywords ?? []),
    summary: value.summary ?? '',
    body: value.body ?? '',
    validity: value.validity ?? '有效',
    validity_on: value.validityOn ?? null,
    validity_reason: value.validityReason ?? null,
    disclosure: value.disclosure ?? '主动公开',
    version: 1,
    created_by: ctx.actor.id > 0 ? ctx.actor.id : null,
    updated_by: ctx.actor.id > 0 ? ctx.actor.id : null,
    created_at: now,
    updated_at: now,
  };
  // Legacy archives rarely record when (or why) a document lost effect: an empty validityOn /
  // validityReason is stored as unknown (NULL) and shown as “失效日期不详”, not refused.
  return { unit, cols };
}

/** What the records of one batch share inside its transaction. */
interface BatchState {
  /** Ids of the documents created or changed (the batch's one document.changed event). */
  changed: number[];
  /** Units' 索引号 prefixes read in this transaction. */
  prefixes: Map<number, string>;
  /** The document versions and ledger entries the batch's records make, stored together before commit. */
  versions: Insertable<DocumentVersionTable>[];
  ledger: LedgerEntry[];
  /** The ledger's head when the batch first needed it (read once: the batch holds the ledger's lock). */
  ledgerBase?: { head: { seq: number; hash: string } | undefined };
}

/** Chains a ledger entry for `row` after the batch's last one. */
async function chainLedger(trx: Trx, st: BatchState, row: DocumentRow, actor: Actor, attachments: string[]): Promise<void> {
  st.ledgerBase ??= { head: await ledgerHead(trx) };
  const entry = nextLedgerEntry(st.ledger.at(-1) ?? st.ledgerBase.head, row, 'import', actor, row.updated_at, attachments);
  st.ledger.push(entry);
}

/** The fields of the record that differ from the stored document (empty: unchanged). */
function importPatch(existing: DocumentRow, cols: NewDocumentRow): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const k of COMPARED) if ((existing as any)[k] !== (cols as any)[k]) patch[k] = (cols as any)[k];
  return patch;
}

/** A record naming a stored document: updated when a field differs, else unchanged. */
async function updateExisting(ctx: ImportContext, trx: Trx, unit: number, cols: NewDocumentRow, existing: DocumentRow, st: BatchState): Promise<Outcome> {
  const now = cols.updated_at;
  const patch = importPatch(existing, cols);
  if (!Object.keys(patch).length) return 'unchanged';
  const updated = await trx
    .updateTable('documents')
    .set({ ...patch, version: existing.version + 1, updated_at: now, updated_by: cols.updated_by })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  st.versions.push({ document_id: existing.id, version: updated.version, action: 'import', snapshot: json(updated), actor_id: cols.updated_by, actor_name: ctx.actor.displayName, at: now });
  await audit(trx, ctx.actor, { action: 'document.import-update', entity: 'document', entityId: existing.id, unitId: unit, before: Object.fromEntries(Object.keys(patch).map((k) => [k, (existing as any)[k]])), after: patch });
  const atts = await trx.selectFrom('attachments').select('sha256').where('document_id', '=', existing.id).execute();
  await chainLedger(trx, st, updated, ctx.actor, atts.map((a) => a.sha256));
  st.changed.push(existing.id);
  return 'updated';
}

/** Writes one prepared record inside the batch's transaction. A refusal is decided before anything is written. */
async function writeRecord(ctx: ImportContext, trx: Trx, unit: number, cols: NewDocumentRow, st: BatchState): Promise<Outcome> {
  const now = cols.updated_at;
  let existing = cols.index_no ? await trx.selectFrom('documents').selectAll().where('index_no', '=', cols.index_no).executeTakeFirst() : undefined;
  if (!existing && !cols.index_no) {
    let q = trx.selectFrom('documents').selectAll().where('unit_id', '=', unit).where('title', '=', cols.title);
    q = cols.written_on ? q.where('written_on', '=', cols.written_on) : q.where('written_on', 'is', null);
    q = cols.doc_no ? q.where('doc_no', '=', cols.doc_no) : q.where('doc_no', 'is', null);
    existing = await q.executeTakeFirst();
  }
  // An explicit index number that belongs to a different document is a conflict, never an overwrite
  // (the same document: same unit, and the same title or the same 文号).
  if (existing && cols.index_no && !sameDocument(existing, cols)) {
    return { error: `索引号 ${cols.index_no} 已属于另一份文件《${existing.title}》，本行未导入；请核对索引号` };
  }
  if (existing) return updateExisting(ctx, trx, unit, cols, existing, st);
  const row = { ...cols };
  if (!row.index_no) row.index_no = await allocateIndexNo(trx, unit, Number(fmtDate(row.published_at!).slice(0, 4)), ctx.reserved, st.prefixes);
  const inserted = await trx.insertInto('documents').values(row).returningAll().executeTakeFirstOrThrow();
  st.versions.push({ document_id: inserted.id, version: 1, action: 'import', snapshot: json(inserted), actor_id: row.created_by, actor_name: ctx.actor.displayName, at: now });
  await audit(trx, ctx.actor, { action: 'document.import', entity: 'document', entityId: inserted.id, unitId: unit, after: { title: inserted.title, indexNo: inserted.index_no } });
  // Inserted just now: it has no attachments.
  await chainLedger(trx, st, inserted, ctx.actor, []);
  st.changed.push(inserted.id);
  return 'created';
}

/** The match key of a record without 索引号: unit + 名称 + 成文日期 + 文号 (a missing value matches only a missing one). */
function matchKey(unit: number, title: string, writtenOn: string | null, docNo: string | null): string {
  return JSON.stringify([unit, title, writtenOn, docNo]);
}

/**
 * The batch's records written together — what writeRecord does for each, with a few statements per batch
 * instead of several per record: the stored documents the records name are read in two queries, 索引号 are
 * taken per unit and year in one counter step, new documents inserted many per statement, their audit rows
 * too. Outcomes, numbers, rows and audit rows are the same as record by record. A record that changes a
 * document an earlier record of the batch created or changed ends a segment: what came before it is written,
 * and the batch goes on from that record (which then finds the document stored).
 */
async function writeBatch(ctx: ImportContext, trx: Trx, prepared: { i: number; unit: number; cols: NewDocumentRow }[], st: BatchState): Promise<Map<number, Outcome>> {
  const out = new Map<number, Outcome>();
  for (let start = 0; start < prepared.length; ) start += await writeSegment(ctx, trx, prepared.slice(start), st, out);
  return out;
}

/** Writes records from the first on until one changes a document an earlier one named; returns how many it wrote (≥ 1). */
async function writeSegment(ctx: ImportContext, trx: Trx, prepared: { i: number; unit: number; cols: NewDocumentRow }[], st: BatchState, out: Map<number, Outcome>): Promise<number> {
  const byIndexNo = new Map<string, DocumentRow>();
  const explicit = [...new Set(prepared.map((p) => p.cols.index_no).filter((x): x is string => !!x))];
  for (let k = 0; k < explicit.length; k += 500) {
    for (const r of await trx.selectFrom('documents').selectAll().where('index_no', 'in', explicit.slice(k, k + 500)).execute()) byIndexNo.set(r.index_no!, r);
  }
  const byKey = new Map<string, DocumentRow>();
  const plain = prepared.filter((p) => !p.cols.index_no);
  if (plain.length) {
    const units = [...new Set(plain.map((p) => p.unit))];
    const titles = [...new Set(plain.map((p) => p.cols.title))];
    for (let k = 0; k < titles.length; k += 500) {
      const rows = await trx.selectFrom('documents').selectAll().where('unit_id', 'in', units).where('title', 'in', titles.slice(k, k + 500)).orderBy('id').execute();
      for (const r of rows) {
        const key = matchKey(r.unit_id, r.title, r.written_on, r.doc_no);
        if (!byKey.has(key)) byKey.set(key, r);
      }
    }
  }
  // What the batch did so far to each document it names: a new one (its record), or an existing one changed.
  const seen = new Map<string, { created: NewDocumentRow } | 'changed' | 'kept'>();
  const creates: { i: number; unit: number; cols: NewDocumentRow }[] = [];
  const conflict = (no: string, title: string): Outcome => ({ error: `索引号 ${no} 已属于另一份文件《${title}》，本行未导入；请核对索引号` });
  let done = 0;
  for (const p of prepared) {
    const { cols } = p;
    const key = matchKey(p.unit, cols.title, cols.written_on ?? null, cols.doc_no ?? null);
    // As record by record: a 索引号 names the document holding it; a record without one, the first stored
    // document with its unit + 名称 + 成文日期 + 文号 (one this batch creates included).
    const existing = cols.index_no ? byIndexNo.get(cols.index_no) : byKey.get(key);
    const target = existing ? `id:${existing.id}` : cols.index_no ? `#${cols.index_no}` : key;
    const prior = seen.get(target);
    if (prior === 'changed') break; // a second change of one document: after what came before is stored
    if (prior && prior !== 'kept') {
      // A document this segment creates, named again: unchanged, or a conflict — a change ends the segment.
      if (cols.index_no && !sameDocument(prior.created as DocumentRow, cols)) out.set(p.i, conflict(cols.index_no, prior.created.title));
      else if (Object.keys(importPatch(prior.created as DocumentRow, cols)).length) break;
      else out.set(p.i, 'unchanged');
      done++;
      continue;
    }
    done++;
    if (existing && cols.index_no && !sameDocument(existing, cols)) {
      out.set(p.i, conflict(cols.index_no, existing.title));
    } else if (existing) {
      const o = await updateExisting(ctx, trx, p.unit, cols, existing, st);
      seen.set(target, o === 'updated' ? 'changed' : 'kept');
      out.set(p.i, o);
    } else {
      creates.push(p);
      seen.set(target, { created: cols });
      if (cols.index_no && !byKey.has(key) && !seen.has(key)) seen.set(key, { created: cols });
    }
  }
  if (!creates.length) return done;
  // 索引号 for the new documents without one, in file order per unit and year.
  const groups = new Map<string, { unit: number; year: number; rows: NewDocumentRow[] }>();
  const rows = creates.map((p) => ({ ...p.cols }));
  rows.forEach((row, k) => {
    if (row.index_no) return;
    const year = Number(fmtDate(row.published_at!).slice(0, 4));
    const g = groups.get(`${creates[k].unit}:${year}`) ?? { unit: creates[k].unit, year, rows: [] };
    g.rows.push(row);
    groups.set(`${creates[k].unit}:${year}`, g);
  });
  for (const g of groups.values()) {
    const numbers = await allocateIndexNos(trx, g.unit, g.year, g.rows.length, ctx.reserved, st.prefixes);
    g.rows.forEach((row, k) => (row.index_no = numbers[k]));
  }
  const inserted = new Map<string, DocumentRow>();
  // ~31 values per row: 100 rows per statement stay within both databases' limits on bound parameters.
  for (let k = 0; k < rows.length; k += 100) {
    for (const r of await trx.insertInto('documents').values(rows.slice(k, k + 100)).returningAll().execute()) inserted.set(r.index_no!, r);
  }
  const audits: AuditEntry[] = [];
  creates.forEach((p, k) => {
    const doc = inserted.get(rows[k].index_no!)!;
    st.versions.push({ document_id: doc.id, version: 1, action: 'import', snapshot: json(doc), actor_id: rows[k].created_by, actor_name: ctx.actor.displayName, at: rows[k].updated_at });
    audits.push({ action: 'document.import', entity: 'document', entityId: doc.id, unitId: p.unit, after: { title: doc.title, indexNo: doc.index_no } });
    st.changed.push(doc.id);
    out.set(p.i, 'created');
  });
  await auditMany(trx, ctx.actor, audits);
  // Inserted just now: no attachments. The ledger in file order.
  for (const k of creates.keys()) await chainLedger(trx, st, inserted.get(rows[k].index_no!)!, ctx.actor, []);
  return done;
}

/** Thrown out of a batch's first attempt when the database refused a record (the batch is redone with savepoints). */
class RowFailed extends Error {}

/**
 * Imports records as published documents in ONE transaction (the importer calls it with
 * IMPORT_BATCH_ROWS records at a time): all of them are committed together or none (a kill -9 leaves
 * whole batches only; the import is idempotent, so running it again completes it). Each record is
 * checked first; a record refused after looking at the database (a conflicting index number) is
 * refused before any of its writes. Should the database refuse a write of one record, the batch is
 * rolled back and written again with a savepoint per record, so that record is reported and the rest
 * of the batch kept. One `document.changed` event names every document the batch created or changed
 * (search indexes them after the commit). Returns what happened to each record, in order.
 */
export async function importBatch(ctx: ImportContext, records: Record<string, unknown>[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const prepared: { i: number; unit: number; cols: NewDocumentRow }[] = [];
  records.forEach((rec, i) => {
    const p = prepareRecord(ctx, rec);
    if ('error' in p) outcomes[i] = p;
    else prepared.push({ i, ...p });
  });
  if (!prepared.length) return outcomes;
  // 'batch': writeBatch; 'savepoints': record by record, each under a savepoint (the database refused a record).
  const attempt = (mode: 'batch' | 'savepoints') =>
    ctx.db.transaction().execute(async (trx) => {
      // PostgreSQL: two imports at once (two CLI runs, or one left running) must not both find a row new
      // and both insert it — the check and the insert are serialised per unit, the units of a batch locked
      // in ascending order (so two batches never wait on each other's). SQLite write transactions are
      // serialised already.
      if (isPostgres(trx as never)) {
        for (const unit of [...new Set(prepared.map((p) => p.unit))].sort((a, b) => a - b)) {
          await sql`select pg_advisory_xact_lock(hashtext(${`gongkai-import:${unit}`}))`.execute(trx);
        }
      }
      const st: BatchState = { changed: [], prefixes: new Map(), versions: [], ledger: [] };
      // With savepoints: the ledger's lock (PostgreSQL) is taken before the first savepoint, so rolling a
      // record back never releases it while the batch goes on chaining entries.
      const savepoints = mode === 'savepoints';
      if (savepoints) st.ledgerBase = { head: await ledgerHead(trx) };
      let out = new Map<number, Outcome>();
      if (!savepoints) {
        try {
          out = await writeBatch(ctx, trx, prepared, st);
        } catch (err) {
          throw new RowFailed((err as Error).message, { cause: err });
        }
      }
      for (const p of savepoints ? prepared : []) {
        const marks = [st.changed.length, st.versions.length, st.ledger.length] as const;
        await sql`savepoint import_row`.execute(trx);
        try {
          out.set(p.i, await writeRecord(ctx, trx, p.unit, p.cols, st));
          await sql`release savepoint import_row`.execute(trx);
        } catch (err) {
          await sql`rollback to savepoint import_row`.execute(trx);
          await sql`release savepoint import_row`.execute(trx);
          [st.changed.length, st.versions.length, st.ledger.length] = marks;
          out.set(p.i, { error: `无法写入：${(err as Error).message}` });
        }
      }
      // Several rows per statement (at most 500: well within both databases' limits on bound parameters).
      for (let k = 0; k < st.versions.length; k += 500) await trx.insertInto('document_versions').values(st.versions.slice(k, k + 500)).execute();
      for (let k = 0; k < st.ledger.length; k += 500) await trx.insertInto('publication_ledger').values(st.ledger.slice(k, k + 500)).execute();
      if (st.changed.length) await emit(trx, ctx.db, 'document.changed', { ids: [...new Set(st.changed)] });
      return out;
    });
  try {
    let written: Map<number, Outcome>;
    try {
      written = await attempt('batch');
    } catch (err) {
      if (!(err instanceof RowFailed)) throw err;
      written = await attempt('savepoints');
    }
    for (const [i, o] of written) outcomes[i] = o;
  } catch (err) {
    // The batch's transaction itself failed (e.g. the database is unreachable): none of it was written.
    for (const p of prepared) outcomes[p.i] = { error: `无法写入：${(err as Error).message}` };
  }
  return outcomes;
}

/** A line of the file that could not be read as a record. */
class RefusedRow extends Error {}

/** Imports one record as a published document (a batch of one). Returns what happened, or a reason for refusal. */
export async function importRecord(ctx: ImportContext, rec: Record<string, unknown>): Promise<Outcome> {
  return (await importBatch(ctx, [rec]))[0]!;
}

const isCsv = (file: string) => !/\.jsonl?$/i.test(file);

/** The column names of a CSV file's header row, as readRecords names them (quoted names, BOM and all). */
function csvHeader(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const rows = parseCsvSync(text, { bom: true, relax_column_count: true, relax_quotes: true, to_line: 1 }) as string[][];
    return (rows[0] ?? []).map(headerName);
  } catch {
    return ['indexNo']; // unreadable here: let the full pass decide
  } finally {
    fs.closeSync(fd);
  }
}

/** Streams records from a .csv (header row, camelCase or Chinese column names) or .jsonl file. */
export async function* readRecords(file: string): AsyncGenerator<{ line: number; record?: Record<string, unknown>; error?: string }> {
  if (!isCsv(file)) {
    const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let line = 0;
    for await (const text of rl) {
      line++;
      if (!text.trim()) continue;
      try {
        const rec = JSON.parse(text);
        if (!rec || typeof rec !== 'object' || Array.isArray(rec)) yield { line, error: '该行不是 JSON 对象' };
        else yield { line, record: rec };
      } catch {
        yield { line, error: '该行不是有效的 JSON' };
      }
    }
    return;
  }
  const parser = fs.createReadStream(file).pipe(parseCsv({ columns: (h: string[]) => h.map(headerName), bom: true, relax_column_count: true, skip_empty_lines: true }));
  let line = 1;
  for await (const rec of parser) {
    line++;
    const r = rec as Record<string, string>;
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (k && v !== undefined && v !== '') clean[k] = v;
    yield { line, record: clean };
  }
}

/** Accepts the API names and the labels staff know from the portal. */
const HEADER_ALIASES: Record<string, string> = {
  名称: 'title', 标题: 'title', 索引号: 'indexNo', 文号: 'docNo', 发文字号: 'docNo', 单位: 'unit', 发布单位: 'unit', 主题分类: 'topic',
  体裁分类: 'genre', 文件类型: 'kind', 公开目录: 'column', 栏目: 'column', 发布机构: 'publisher', 成文日期: 'writtenOn',
  信息形成日期: 'formedOn', 公开日期: 'publishedAt', 发布日期: 'publishedAt', 关键词: 'keywords', 内容概述: 'summary', 正文: 'bodyText',
  有效性: 'validity', 失效日期: 'validityOn', 失效原因: 'validityReason', 公开方式: 'disclosure',
};

function headerName(h: string): string {
  const t = h.trim();
  return HEADER_ALIASES[t] ?? t;
}

export interface ImportOptions {
  /** Maps each raw record before import (e.g. from a foreign file layout). */
  map?: (rec: Record<string, unknown>) => Record<string, unknown>;
  onProgress?: (report: ImportReport) => void;
  /** Keep at most this many problems in the report (all are counted). */
  maxProblems?: number;
}

export async function importFile(ctx: ImportContext, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, problems: [] };
  const max = opts.maxProblems ?? 10_000;
  // First pass: the index numbers the file carries explicitly are reserved, so that a row without one
  // never takes a number that a later row names (which then overwrote the first document).
  // A CSV file without a 索引号 column (and no mapping that could make one) has none to reserve: one pass.
  const reserved = new Set<string>();
  if (opts.map || !isCsv(file) || csvHeader(file).includes('indexNo')) {
    for await (const item of readRecords(file)) {
      const rec = item.record && (opts.map ? opts.map(item.record) : item.record);
      const no = rec && typeof rec.indexNo === 'string' ? normalizeIndexNo(rec.indexNo) : '';
      if (no) reserved.add(no);
    }
  }
  ctx = { ...ctx, reserved };
  const flush = async (batch: { line: number; record?: Record<string, unknown>; error?: string }[]) => {
    const records: Record<string, unknown>[] = [];
    const lines: number[] = [];
    const problems: ImportProblem[] = [];
    for (const item of batch) {
      report.read++;
      try {
        if (item.error) throw new RefusedRow(item.error);
        records.push(opts.map ? opts.map(item.record!) : item.record!);
        lines.push(item.line);
      } catch (err) {
        problems.push({ line: item.line, reason: err instanceof RefusedRow ? err.message : `无法写入：${(err as Error).message}` });
      }
    }
    const outcomes = records.length ? await importBatch(ctx, records) : [];
    outcomes.forEach((outcome, i) => {
      if (typeof outcome === 'string') report[outcome]++;
      else problems.push({ line: lines[i]!, reason: outcome.error });
    });
    report.failed += problems.length;
    // In file order (a line that could not be read is found before the batch is written).
    for (const p of problems.sort((a, b) => a.line - b.line)) if (report.problems.length < max) report.problems.push(p);
    opts.onProgress?.(report);
  };
  let batch: { line: number; record?: Record<string, unknown>; error?: string }[] = [];
  for await (const item of readRecords(file)) {
    batch.push(item);
    if (batch.length >= IMPORT_BATCH_ROWS) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length) await flush(batch);
  opts.onProgress?.(report);
  return report;
}
