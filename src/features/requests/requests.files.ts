// Attachments of 依申请公开 requests and the one-time receipt after an application.
//
// Files: a multipart form is read part by part (readApplicationForm). The `_csrf` field must come
// before any file (the forms put it first) and is checked before a byte is stored; each file is
// checked by extension and, where cheap, by its first bytes, then streamed into the content-addressed
// FileStore. Rows (`files` + `request_files`) are written later, in the transaction that creates the
// request (submitRequest's `files` option) or adds the files (addRequestFiles).
//
// Receipts (Post/Redirect/Get): after an application the browser is redirected to a page that shows
// the tracking number and query code. Only sha256(token) is stored with the code, for 15 minutes.
// The staff receipt is deleted when shown. The public one stays readable for its 15 minutes in the
// browser that submitted (a cookie holds the same token), so a reload, 关怀模式 or the print page
// keep the code; a link opened anywhere else shows nothing (readPublicReceipt).
import crypto from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { nowIso, isStoredId } from '../../platform/db/index.ts';
import { clockNow } from '../../platform/clock.ts';
import { AppError, fail, ok, toAppError, type Result } from '../../platform/errors.ts';
import { csrfCheckedParts } from '../../platform/auth/index.tsx';
import { cleanFilename, commitWithTransaction, discardStaged, mimeFor, recordFile, withStagedFiles, type StagedFile } from '../../platform/files/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { queueFilesReleasedMail, queueSupplementUploadedMail } from './requests.mail.ts';
import './actions.ts'; // defines this feature's actions

const MAX_REQUEST_FILES = 5;
const MAX_REQUEST_FILE_MB = 10;
const REQUEST_FILE_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'ofd', 'txt'] as const;
/** For the file input's `accept` attribute. */
export const REQUEST_FILE_ACCEPT = REQUEST_FILE_EXTENSIONS.map((e) => `.${e}`).join(',');
export const REQUEST_FILE_TYPES_TEXT = 'PDF、JPG、PNG、Word（DOC/DOCX）、Excel（XLS/XLSX）、OFD、TXT';

export type RequestFileSource = 'applicant' | 'staff';

/** A file already in the FileStore, waiting for its row. */
export interface NewRequestFile {
  sha256: string;
  size: number;
  filename: string;
  mime: string;
  /** Uploaded and staged (FileStore.stage): moved into place when the row's transaction commits. */
  staged?: StagedFile;
}

export interface RequestFileView {
  id: number;
  filename: string;
  mime: string;
  size: number;
  source: RequestFileSource;
  createdAt: string;
  /** Uploaded by the applicant on the tracking page (补正材料). */
  supplement: boolean;
  /** When staff delivered it to the applicant (downloadable from the tracking page), or null. */
  releasedAt: string | null;
}

export interface UploadLimits {
  maxFiles: number;
  perFileBytes: number;
  totalBytes: number;
}

/** Per file 10 MB (or less when MAX_UPLOAD_MB is lower); all files together at most MAX_UPLOAD_MB. */
export function uploadLimits(maxUploadBytes: number): UploadLimits {
  return { maxFiles: MAX_REQUEST_FILES, perFileBytes: Math.min(MAX_REQUEST_FILE_MB * 1024 * 1024, maxUploadBytes), totalBytes: maxUploadBytes };
}

export const mb = (bytes: number) => {
  const v = bytes / 1024 / 1024;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
};

/** Human size for lists: 12 KB, 3.4 MB. */
export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const MAGIC: Partial<Record<string, { label: string; ok: (head: Buffer) => boolean }>> = {
  pdf: { label: 'PDF 文件', ok: (h) => h.subarray(0, 1024).includes('%PDF-') },
  png: { label: 'PNG 图片', ok: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  jpg: { label: 'JPG 图片', ok: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  jpeg: { label: 'JPG 图片', ok: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  docx: { label: 'Word 文档（DOCX）', ok: (h) => h.subarray(0, 4).equals(ZIP) },
  xlsx: { label: 'Excel 表格（XLSX）', ok: (h) => h.subarray(0, 4).equals(ZIP) },
  ofd: { label: 'OFD 文件', ok: (h) => h.subarray(0, 4).equals(ZIP) },
  // Plain text never holds NUL bytes (UTF-16 text files are rare enough to ask for another format).
  txt: { label: '文本文件', ok: (h) => !h.includes(0) },
};

function extOf(filename: string): string {
  return path.extname(filename).slice(1).toLowerCase();
}

function isAllowedFile(filename: string): boolean {
  return (REQUEST_FILE_EXTENSIONS as readonly string[]).includes(extOf(filename));
}

/** A problem with the uploaded files; the message names the file and the limit. */
class UploadProblem extends Error {
  /** Set when the running total went over the limit: bytes of this file seen so far. */
  totalSeen?: number;
}

export interface ReadForm {
  fields: Record<string, string>;
  files: NewRequestFile[];
  /** Chinese message for the `files` field when a file was refused (then `files` must not be used). */
  fileError: string | null;
}

/**
 * Reads a multipart form: text fields (first value of each name), the `_csrf` check before any file
 * is stored (AppError CSRF otherwise), and files checked and streamed into the FileStore. When a file
 * is refused, the rest of the body is still read (so every typed field can be shown again) but no
 * further file is stored. `stopFiles(fields)` lets the caller refuse storing early (the honeypot).
 */
export async function readApplicationForm(
  app: FastifyInstance,
  req: FastifyRequest,
  opts: { fileField?: string; stopFiles?: (fields: Record<string, string>) => boolean } = {},
): Promise<ReadForm> {
  const limits = uploadLimits(app.config.maxUploadBytes);
  const fileField = opts.fileField ?? 'files';
  const fields: Record<string, string> = Object.create(null);
  const files: NewRequestFile[] = [];
  let fileError: string | null = null;
  let total = 0;
  let current = '';
  try {
    for await (const part of csrfCheckedParts(req)) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : '';
        if (!Object.hasOwn(fields, part.fieldname)) fields[part.fieldname] = value;
        continue;
      }
      // An empty <input type="file"> still sends a part without a file name.
      if (fileError || !part.filename || part.fieldname !== fileField || opts.stopFiles?.(fields)) {
        part.file.resume();
        continue;
      }
      const name = cleanFilename(part.filename);
      current = name;
      try {
        if (files.length >= limits.maxFiles) throw new UploadProblem(`最多上传 ${limits.maxFiles} 个附件，请合并或删减后重新选择。`);
        const ext = extOf(name);
        if (!isAllowedFile(name)) throw new UploadProblem(`附件“${name}”的类型不能上传。可以上传的类型：${REQUEST_FILE_TYPES_TEXT}。`);
        const stored = await storeChecked(app, part.file, name, ext, limits, total);
        total += stored.size;
        files.push({ sha256: stored.sha256, size: stored.size, filename: name, mime: mimeFor(name), staged: stored.staged });
      } catch (err) {
        if (err instanceof UploadProblem && err.totalSeen !== undefined) {
          // Over the total: if this file alone is also over the per-file limit, say that instead.
          let rest = err.totalSeen;
          for await (const chunk of part.file) rest += (chunk as Buffer).length;
          fileError = rest > limits.perFileBytes || part.file.truncated ? perFileMessage(name, limits) : err.message;
          continue;
        }
        part.file.resume();
        if (err instanceof UploadProblem) fileError = err.message;
        else {
          const e = toAppError(err as Error);
          if (e.code === 'CSRF') throw e;
          fileError = e.code === 'PAYLOAD_TOO_LARGE' ? perFileMessage(name, limits) : e.message;
        }
      }
    }
  } catch (err) {
    const e = err instanceof UploadProblem ? null : toAppError(err as Error);
    if (e?.code === 'CSRF') throw e;
    // Limits enforced by the multipart parser itself (size of one file, number of parts).
    if (!fileError) fileError = e?.code === 'PAYLOAD_TOO_LARGE' && current ? perFileMessage(current, limits) : `附件过大或过多：最多 ${limits.maxFiles} 个，单个不超过 ${mb(limits.perFileBytes)} MB，合计不超过 ${mb(limits.totalBytes)} MB。`;
  }
  // A refused upload keeps none of its files (those staged before the refusal are removed now).
  if (fileError) await discardStaged(files);
  return { fields, files: fileError ? [] : files, fileError };
}

function perFileMessage(name: string, limits: UploadLimits): string {
  return `附件“${name}”超过 ${mb(limits.perFileBytes)} MB，请压缩后重新选择。`;
}

/** Streams one file into the store, counting bytes and checking its first bytes against the extension. */
async function storeChecked(app: FastifyInstance, file: Readable & { truncated?: boolean }, name: string, ext: string, limits: UploadLimits, usedBefore: number) {
  let seen = 0;
  let head = Buffer.alloc(0);
  const magic = MAGIC[ext];
  async function* guard(src: Readable) {
    // On a refusal the parser's stream must stay alive to be drained (resume()); destroying it
    // would stall the rest of the multipart body.
    for await (const chunk of src.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > limits.perFileBytes) throw new UploadProblem(perFileMessage(name, limits));
      if (usedBefore + seen > limits.totalBytes) {
        const p = new UploadProblem(`附件合计超过 ${mb(limits.totalBytes)} MB（到“${name}”为止），请压缩或删减后重新选择。`);
        p.totalSeen = seen;
        throw p;
      }
      if (head.length < 1024) head = Buffer.concat([head, chunk.subarray(0, 1024 - head.length)]);
      yield chunk;
    }
    // The parser stops a file at its own limit and marks it truncated.
    if (file.truncated) throw new UploadProblem(perFileMessage(name, limits));
    if (seen === 0) throw new UploadProblem(`附件“${name}”是空文件（0 字节），请检查后重新选择。`);
    if (magic && !magic.ok(head)) throw new UploadProblem(`附件“${name}”的内容与扩展名不符（不是有效的${magic.label}），请检查后重新选择。`);
  }
  // FileStore.stage removes its temp file on any error and passes an UploadProblem on unchanged; the file
  // stays staged until the transaction that records it commits (insertRequestFiles).
  return app.files.stage(Readable.from(guard(file)), limits.perFileBytes);
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

/**
 * Inserts the rows of files already in the FileStore (inside the caller's transaction); staged uploads are
 * moved into place when that transaction commits. The caller runs under withStagedFiles, which discards
 * them when it does not commit.
 */
export async function insertRequestFiles(trx: DbOrTrx, requestId: number, files: NewRequestFile[], source: RequestFileSource, actorId: number | null, opts: { supplement?: boolean } = {}): Promise<void> {
  const now = nowIso();
  for (const f of files) {
    await commitWithTransaction(f);
    await recordFile(trx, f, now);
    await trx
      .insertInto('request_files')
      .values({ request_id: requestId, sha256: f.sha256, filename: f.filename, mime: f.mime, size: f.size, source, actor_id: actorId && actorId > 0 ? actorId : null, created_at: now, supplement: opts.supplement ? 1 : 0 })
      .execute();
  }
}

export async function listRequestFiles(db: DbOrTrx, requestId: number): Promise<RequestFileView[]> {
  const rows = await db.selectFrom('request_files').select(['id', 'filename', 'mime', 'size', 'source', 'created_at', 'supplement', 'released_at']).where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, size: Number(r.size), source: r.source, createdAt: r.created_at, supplement: Number(r.supplement) === 1, releasedAt: r.released_at ?? null }));
}

export async function getRequestFile(db: Db, requestId: number, fileId: number) {
  if (!isStoredId(fileId)) return undefined;
  return db.selectFrom('request_files').selectAll().where('id', '=', fileId).where('request_id', '=', requestId).executeTakeFirst();
}

/** Staff add files to a request (e.g. 补正 materials): handler or office head of the unit, audited. */
export async function addRequestFiles(deps: { db: Db }, actor: Actor, requestId: number, files: NewRequestFile[]): Promise<Result<{ count: number }>> {
  return withStagedFiles(files, () => addRequestFilesOnce(deps, actor, requestId, files));
}

async function addRequestFilesOnce(deps: { db: Db }, actor: Actor, requestId: number, files: NewRequestFile[]): Promise<Result<{ count: number }>> {
  if (!files.length) return fail('VALIDATION', undefined, { files: '请选择要上传的文件' });
  if (files.length > MAX_REQUEST_FILES) return fail('VALIDATION', undefined, { files: `一次最多上传 ${MAX_REQUEST_FILES} 个附件` });
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('requests').select(['id', 'unit_id', 'tracking_no']).where('id', '=', requestId).executeTakeFirst();
    if (!row || !can(actor, 'request.read', row.unit_id)) return fail('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
    if (!can(actor, 'request.handle', row.unit_id)) return fail('FORBIDDEN', '只有办理人或政府信息公开工作机构负责人可以为申请添加附件。');
    await insertRequestFiles(trx, row.id, files, 'staff', actor.id);
    await audit(trx, actor, {
      action: 'request.file-add',
      entity: 'request',
      publicEffect: false, // never on a public page
      entityId: row.id,
      unitId: row.unit_id,
      after: { trackingNo: row.tracking_no, files: files.map((f) => ({ filename: f.filename, sha256: f.sha256, size: f.size })) },
    });
    return ok({ count: files.length });
  });
}

// ---------------------------------------------------------------------------
// The applicant's side: 补正 materials uploaded on the tracking page, files delivered to them
// ---------------------------------------------------------------------------

/** At most this many 补正 files per request through the tracking page (5 per upload, like the form). */
const MAX_SUPPLEMENT_FILES = 20;
/** Statuses in which the applicant may still send materials online. */
const SUPPLEMENT_OPEN = new Set(['awaiting-confirmation', 'in-progress', 'awaiting-supplement', 'in-consultation', 'awaiting-fee']);

export function acceptsSupplement(status: string): boolean {
  return SUPPLEMENT_OPEN.has(status);
}

/**
 * The applicant (after the query-code check) sends 补正 materials: stored as the applicant's files,
 * audited, and mailed back as a confirmation. It does not record 收到补正 — staff do that.
 */
export async function addApplicantSupplement(deps: { db: Db }, requestId: number, files: NewRequestFile[]): Promise<Result<{ count: number }>> {
  return withStagedFiles(files, () => addApplicantSupplementOnce(deps, requestId, files));
}

async function addApplicantSupplementOnce(deps: { db: Db }, requestId: number, files: NewRequestFile[]): Promise<Result<{ count: number }>> {
  if (!files.length) return fail('VALIDATION', undefined, { files: '请选择要提交的补正材料文件' });
  if (files.length > MAX_REQUEST_FILES) return fail('VALIDATION', undefined, { files: `最多上传 ${MAX_REQUEST_FILES} 个附件，请合并或删减后重新选择。` });
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('requests').select(['id', 'unit_id', 'tracking_no', 'status']).where('id', '=', requestId).executeTakeFirst();
    if (!row) return fail('NOT_FOUND', '申请不存在。');
    if (!acceptsSupplement(row.status)) return fail('INVALID_TRANSITION', '申请已办结，不能再在线提交材料；如有需要请联系受理单位。');
    const n = await trx.selectFrom('request_files').select((eb) => eb.fn.countAll().as('n')).where('request_id', '=', row.id).where('supplement', '=', 1).executeTakeFirstOrThrow();
    if (Number(n.n) + files.length > MAX_SUPPLEMENT_FILES) {
      return fail('VALIDATION', undefined, { files: `每件申请在线提交的补正材料最多 ${MAX_SUPPLEMENT_FILES} 个文件（已提交 ${Number(n.n)} 个），其余材料请联系受理单位。` });
    }
    await insertRequestFiles(trx, row.id, files, 'applicant', null, { supplement: true });
    await audit(trx, null, {
      action: 'request.applicant-supplement',
      entity: 'request',
      publicEffect: false, // never on a public page
      entityId: row.id,
      unitId: row.unit_id,
      after: { trackingNo: row.tracking_no, files: files.map((f) => ({ filename: f.filename, sha256: f.sha256, size: f.size })) },
    });
    await queueSupplementUploadedMail(trx, row.id, files.length);
    return ok({ count: files.length });
  });
}

/** Staff deliver a file they added to the applicant (release) or take it back; handler / office head, audited. */
export async function releaseRequestFile(deps: { db: Db }, actor: Actor, requestId: number, fileId: number, release: boolean): Promise<Result<{ filename: string }>> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('requests').select(['id', 'unit_id', 'tracking_no']).where('id', '=', requestId).executeTakeFirst();
    if (!row || !can(actor, 'request.read', row.unit_id)) return fail('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
    if (!can(actor, 'request.handle', row.unit_id)) return fail('FORBIDDEN', '只有办理人或政府信息公开工作机构负责人可以向申请人提供文件。');
    if (!isStoredId(fileId)) return fail('NOT_FOUND', '附件不存在。');
    const f = await trx.selectFrom('request_files').select(['id', 'filename', 'source', 'released_at']).where('id', '=', fileId).where('request_id', '=', row.id).executeTakeFirst();
    if (!f) return fail('NOT_FOUND', '附件不存在。');
    if (f.source !== 'staff') return fail('VALIDATION', '只能向申请人提供工作人员添加的文件（申请人自己提交的材料不需要提供）。');
    if (release === (f.released_at !== null)) return ok({ filename: f.filename });
    const now = nowIso();
    await trx.updateTable('request_files').set(release ? { released_at: now, released_by: actor.id > 0 ? actor.id : null } : { released_at: null, released_by: null }).where('id', '=', f.id).execute();
    await audit(trx, actor, {
      action: release ? 'request.file-release' : 'request.file-unrelease',
      entity: 'request',
      publicEffect: false, // never on a public page
      entityId: row.id,
      unitId: row.unit_id,
      before: { fileId: f.id, releasedAt: f.released_at },
      after: { trackingNo: row.tracking_no, fileId: f.id, filename: f.filename, releasedAt: release ? now : null },
    });
    if (release) await queueFilesReleasedMail(trx, row.id, 1);
    return ok({ filename: f.filename });
  });
}

/**
 * Of these requests, those awaiting 补正 for which the applicant has uploaded materials online since
 * the (latest) 补正 notice — for the staff queue's flag.
 */
export async function supplementsWaiting(db: DbOrTrx, requestIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  if (!requestIds.length) return out;
  const [files, notices] = await Promise.all([
    db.selectFrom('request_files').select(['request_id', (eb) => eb.fn.max('created_at').as('last')]).where('supplement', '=', 1).where('request_id', 'in', requestIds).groupBy('request_id').execute(),
    db.selectFrom('request_events').select(['request_id', (eb) => eb.fn.max('at').as('last')]).where('type', '=', 'request-supplement').where('request_id', 'in', requestIds).groupBy('request_id').execute(),
  ]);
  const noticeAt = new Map(notices.map((n) => [n.request_id, String(n.last ?? '')]));
  for (const f of files) if (String(f.last ?? '') > (noticeAt.get(f.request_id) ?? '')) out.add(f.request_id);
  return out;
}

/** What the tracking page shows of files: those delivered to the applicant, and their own online 补正. */
export async function applicantFiles(db: Db, requestId: number): Promise<{ released: RequestFileView[]; supplements: RequestFileView[] }> {
  const all = await listRequestFiles(db, requestId);
  return { released: all.filter((f) => f.releasedAt !== null && f.source === 'staff'), supplements: all.filter((f) => f.supplement) };
}

// ---------------------------------------------------------------------------
// One-time receipts
// ---------------------------------------------------------------------------

export const RECEIPT_TTL_MS = 15 * 60 * 1000;
export type ReceiptAudience = 'public' | 'staff';

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Stores a receipt for the request (call inside the transaction that created it); returns the URL token. */
export async function createReceipt(trx: DbOrTrx, audience: ReceiptAudience, r: { id: number; trackingNo: string; queryCode: string }): Promise<string> {
  await purgeExpiredReceipts(trx);
  const token = crypto.randomBytes(24).toString('base64url');
  await trx
    .insertInto('request_receipts')
    .values({ token_hash: hashToken(token), audience, request_id: r.id, tracking_no: r.trackingNo, query_code: r.queryCode, expires_at: new Date(clockNow() + RECEIPT_TTL_MS).toISOString() })
    .execute();
  return token;
}

/**
 * The public receipt for `token`, for its whole lifetime, in the browser that submitted the form:
 * that browser holds the token in a cookie (RECEIPT_COOKIE), so a reload or switching to 关怀模式 shows
 * the code again. Opened without the cookie (a shared or copied link, or a browser refusing cookies),
 * it shows at most once: the first showing is recorded atomically. Null when unknown, expired, or
 * already shown to a browser without the cookie. The row is not deleted before it expires.
 */
export async function readPublicReceipt(db: Db, token: string, cookieToken: string | undefined): Promise<ShownReceipt | null> {
  await purgeExpiredReceipts(db);
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const hash = hashToken(token);
  const now = nowIso();
  const live = () => db.selectFrom('request_receipts').select(['request_id', 'tracking_no', 'query_code']).where('token_hash', '=', hash).where('audience', '=', 'public').where('expires_at', '>=', now);
  let row: { request_id: number; tracking_no: string; query_code: string } | undefined;
  if (cookieToken !== undefined && cookieToken.length === token.length && crypto.timingSafeEqual(Buffer.from(cookieToken), Buffer.from(token))) {
    row = await live().executeTakeFirst();
    if (row) await db.updateTable('request_receipts').set({ shown_at: now }).where('token_hash', '=', hash).where('shown_at', 'is', null).execute();
  } else {
    row = await db
      .updateTable('request_receipts')
      .set({ shown_at: now })
      .where('token_hash', '=', hash)
      .where('audience', '=', 'public')
      .where('expires_at', '>=', now)
      .where('shown_at', 'is', null)
      .returning(['request_id', 'tracking_no', 'query_code'])
      .executeTakeFirst();
  }
  return row ? { requestId: row.request_id, trackingNo: row.tracking_no, queryCode: row.query_code } : null;
}

async function purgeExpiredReceipts(db: DbOrTrx): Promise<void> {
  await db.deleteFrom('request_receipts').where('expires_at', '<', nowIso()).execute();
}

export interface ShownReceipt {
  requestId: number;
  trackingNo: string;
  queryCode: string;
}

/**
 * Takes the receipt for `token` (deleting it, so it shows once). Null when unknown, already shown,
 * expired, for another audience, or (staff) for another request.
 */
export async function takeReceipt(db: Db, audience: ReceiptAudience, token: string, requestId?: number): Promise<ShownReceipt | null> {
  await purgeExpiredReceipts(db);
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  let q = db.deleteFrom('request_receipts').where('token_hash', '=', hashToken(token)).where('audience', '=', audience).where('expires_at', '>=', nowIso());
  if (requestId !== undefined) q = q.where('request_id', '=', requestId);
  const row = await q.returning(['request_id', 'tracking_no', 'query_code']).executeTakeFirst();
  return row ? { requestId: row.request_id, trackingNo: row.tracking_no, queryCode: row.query_code } : null;
}
