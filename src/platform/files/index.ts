// Content-addressed attachment store: files live under DATA_DIR/ab/cd/<sha256>, deduplicated.
// An upload is staged: stage() writes it to DATA_DIR/tmp/<sha256>-<uuid> and returns it with `staged`;
// the code that records the file row in a transaction calls `commitWithTransaction(file)`, which moves
// it into place once that transaction has committed (afterCommit); whoever refuses the upload (the form
// reader, the command whose transaction failed, the route) discards it, so a refused upload leaves
// nothing. A crash between the commit and the move leaves the staged file, which the sweep moves into
// place because a row now references it (platform/files/sweep.ts).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Multipart, MultipartFile, MultipartValue } from '@fastify/multipart';
import { AppError, toAppError } from '../errors.ts';
import { afterCommit, nowIso, type DbOrTrx } from '../db/index.ts';

/** An uploaded file waiting in DATA_DIR/tmp for the transaction that records it. */
export interface StagedFile {
  /** Moves the file into place (idempotent; a no-op once moved or discarded). */
  commit(): Promise<void>;
  /** Removes the staged file unless it was committed (idempotent). */
  discard(): Promise<void>;
}

export interface StoredFile {
  sha256: string;
  size: number;
  /** Set by stage(): the file is in the temporary area until committed. */
  staged?: StagedFile;
}

/** Staged names in DATA_DIR/tmp: `<sha256>-<uuid>` (the sweep recovers one whose row committed). */
export const STAGED_NAME = /^([0-9a-f]{64})-[0-9a-f-]{36}$/;

/**
 * Called where a row referencing `file` is written inside a transaction: the staged file is moved into
 * place after that transaction commits (at once outside a transaction). Files without `staged` (already
 * in place) are left alone.
 */
export async function commitWithTransaction(file: { staged?: StagedFile }): Promise<void> {
  const staged = file.staged;
  if (staged) await afterCommit(() => staged.commit());
}

/**
 * Enters a stored blob in the platform's `files` table (what the orphan sweep keeps), in the transaction that
 * writes the row referencing it; nothing when it is there already (the same content uploaded before).
 */
export async function recordFile(trx: DbOrTrx, file: { sha256: string; size: number }, now = nowIso()): Promise<void> {
  await trx.insertInto('files').values({ sha256: file.sha256, size: file.size, created_at: now }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
}

/** Discards every file that is still staged (after a refusal, or always at the end: committed ones are kept). */
export async function discardStaged(files: readonly { staged?: StagedFile }[]): Promise<void> {
  for (const f of files) await f.staged?.discard();
}

/**
 * Runs a command that records `files` (commitWithTransaction in its transaction); whatever it did not
 * commit — it refused, failed or threw — is discarded when it returns.
 */
export async function withStagedFiles<T>(files: readonly { staged?: StagedFile }[] | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    if (files?.length) await discardStaged(files);
  }
}

/** What stageFileParts gives back: the staged files, or the first refusal (and then no file: all were discarded). */
export interface StagedParts<F> {
  files: F[];
  refusal: AppError | null;
}

/**
 * The upload loop of a multipart form, once: every file part with a filename is staged by `stage` (e.g.
 * `app.files.stage(part.file, max)` plus the filename) — parts without a filename, past `max` files or after
 * a refusal are drained. The first file `stage` refuses with an AppError (too large, empty) is `refusal`
 * (it stays the answer when the form reader then throws its own limit error), and every file staged in this
 * request is discarded. Anything else thrown (by `stage`, or by `parts` before a refusal: a wrong CSRF
 * token, the form reader's own limits) discards them too and is thrown on. Fields go to
 * `onField`. `parts` is the form's parts with the CSRF token checked first (`csrfCheckedParts(req)`).
 */
export async function stageFileParts<F extends { staged?: StagedFile }>(
  parts: AsyncIterable<Multipart>,
  stage: (part: MultipartFile) => Promise<F>,
  opts: { onField?: (field: MultipartValue) => void; max?: number } = {},
): Promise<StagedParts<F>> {
  const files: F[] = [];
  let refusal: AppError | null = null;
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        opts.onField?.(part);
        continue;
      }
      if (!part.filename || refusal || files.length >= (opts.max ?? Infinity)) {
        part.file.resume();
        continue;
      }
      try {
        files.push(await stage(part));
      } catch (err) {
        part.file.resume();
        if (!(err instanceof AppError)) throw err;
        refusal = err;
      }
    }
  } catch (err) {
    await discardStaged(files);
    if (refusal) return { files: [], refusal }; // the form reader's own limit after it (busboy's 'limit'): the first refusal says it
    throw err;
  }
  if (refusal) {
    await discardStaged(files);
    return { files: [], refusal };
  }
  return { files, refusal };
}

/** What readFirstFile gives back: the file, or why there is none that can be used. */
export interface FirstFile {
  /** The first file part with a filename, read into memory (null when none was sent, or it was too large). */
  file: { filename: string; bytes: Buffer } | null;
  /** The filename of a first file over the limit (its bytes were drained, not kept), else null. */
  oversized: string | null;
  /** The form reader refused the form (its own limits, a malformed body), else null. */
  error: AppError | null;
}

/**
 * The first file of a multipart form read into memory, for an import that parses it (a spreadsheet): up to
 * `maxBytes` (a larger one is drained and named in `oversized`); later files are drained. A refused CSRF token
 * is thrown; any other error of the form reader comes back as `error`. `parts`: `csrfCheckedParts(req)`.
 */
export async function readFirstFile(parts: AsyncIterable<Multipart>, maxBytes: number): Promise<FirstFile> {
  const out: FirstFile = { file: null, oversized: null, error: null };
  try {
    for await (const part of parts) {
      if (part.type === 'field') continue;
      if (out.file || out.oversized !== null || out.error || !part.filename) {
        part.file.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of part.file) {
        size += (c as Buffer).length;
        if (size <= maxBytes) chunks.push(c as Buffer);
      }
      if (size > maxBytes) out.oversized = part.filename;
      else if ((part.file as { truncated?: boolean }).truncated) out.error = new AppError('PAYLOAD_TOO_LARGE'); // over the site's upload limit
      else out.file = { filename: part.filename, bytes: Buffer.concat(chunks) };
    }
  } catch (err) {
    const e = toAppError(err as Error);
    if (e.code === 'CSRF') throw e;
    if (out.oversized === null && !out.error) out.error = e;
    out.file = null;
  }
  return out;
}

export class FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams to a temp file while hashing, then moves it into place at once. Refuses empty and oversized input. */
  async put(stream: Readable, maxBytes: number): Promise<StoredFile> {
    const f = await this.stage(stream, maxBytes);
    await f.staged!.commit();
    return { sha256: f.sha256, size: f.size };
  }

  /**
   * Streams to the temporary area while hashing; the file stays there (`staged`) until committed with the
   * transaction that records it (commitWithTransaction) or discarded. Refuses empty and oversized input.
   */
  async stage(stream: Readable, maxBytes: number): Promise<StoredFile> {
    await fsp.mkdir(path.join(this.root, 'tmp'), { recursive: true });
    const id = crypto.randomUUID();
    const tmp = path.join(this.root, 'tmp', id);
    const hash = crypto.createHash('sha256');
    let size = 0;
    let tooLarge = false;
    try {
      await pipeline(
        stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) {
              tooLarge = true;
              throw new AppError('PAYLOAD_TOO_LARGE');
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(tmp),
      );
      if ((stream as any).truncated) tooLarge = true;
      if (tooLarge) throw new AppError('PAYLOAD_TOO_LARGE', `上传的文件过大，单个文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB。`);
      if (size === 0) throw new AppError('VALIDATION', '上传的文件是空文件，请检查后重新选择。');
      const sha256 = hash.digest('hex');
      const staged = path.join(this.root, 'tmp', `${sha256}-${id}`);
      await fsp.rename(tmp, staged);
      return { sha256, size, staged: this.stagedFile(sha256, staged) };
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      if (err instanceof AppError) throw err;
      if (tooLarge) throw new AppError('PAYLOAD_TOO_LARGE', `上传的文件过大，单个文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB。`);
      throw err;
    }
  }

  private stagedFile(sha256: string, file: string): StagedFile {
    let settled = false;
    return {
      commit: async () => {
        if (settled) return;
        settled = true;
        await this.moveIntoPlace(sha256, file);
      },
      discard: async () => {
        if (settled) return;
        settled = true;
        await fsp.rm(file, { force: true });
      },
    };
  }

  /** Moves a staged file to its content address (dropped when that content is already stored). */
  async moveIntoPlace(sha256: string, file: string): Promise<void> {
    const dest = this.pathOf(sha256);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    if (fs.existsSync(dest)) return fsp.rm(file, { force: true });
    try {
      await fsp.rename(file, dest);
    } catch (err) {
      // Already moved by the sweep's recovery: the content is in place.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync(dest)) throw err;
    }
  }

  /** The staged file of an upload (a name matching STAGED_NAME in DATA_DIR/tmp), e.g. to recover it. */
  stagedPath(name: string): string {
    if (!STAGED_NAME.test(name)) throw new Error('bad staged name');
    return path.join(this.root, 'tmp', name);
  }

  async putBuffer(buf: Buffer): Promise<StoredFile> {
    const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
    const dest = this.pathOf(sha256);
    if (!fs.existsSync(dest)) {
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      await fsp.writeFile(dest, buf);
    }
    return { sha256, size: buf.length };
  }

  open(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works',
  et: 'application/vnd.ms-excel',
  dps: 'application/vnd.ms-powerpoint',
  ofd: 'application/ofd',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  rtf: 'application/rtf',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
};

/** The MIME type from the original file name; unknown types download as octet-stream. */
export function mimeFor(filename: string): string {
  const ext = path.extname(filename).slice(1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

/** A safe display file name: no path parts, no control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(-200);
  return cleaned || '附件';
}

/** Content-Disposition with the original (possibly Chinese) name, RFC 6266 / 5987. */
export function contentDisposition(filename: string, inline = false): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
