// The one archive reader for every .xlsx/.docx the platform opens (xlsx.ts, docx.ts):
// entries are inflated in small steps and counted as they come out, so a zip bomb (a 2 MB file that
// inflates to gigabytes; the declared sizes in its headers can lie) is refused after at most one step
// past the limit instead of exhausting memory and blocking the event loop for seconds.
import { Unzip, UnzipInflate, UnzipPassThrough, zipSync, type UnzipFile } from 'fflate';

export interface ZipLimits {
  /** Largest inflated entry, bytes. */
  maxEntry: number;
  /** Largest total inflated size of the entries read, bytes. */
  maxTotal: number;
  /** Largest inflated/compressed ratio of the whole archive (beyond a 1 MiB allowance). */
  maxRatio: number;
  /** Most entries in the archive. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntry: 64 * 1024 * 1024, maxTotal: 128 * 1024 * 1024, maxRatio: 200, maxEntries: 10_000 };

/** The compressed input is fed in steps of this size: one step inflates to at most ~1,000× it. */
const STEP = 16 * 1024;

export class ZipLimitError extends Error {
  readonly code = 'ZIP_TOO_LARGE';
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

/**
 * Inflates the entries whose names `want` accepts. Throws ZipLimitError (Chinese message) when a limit
 * is passed, or the archive's own error when it is not a readable zip.
 */
export function readZip(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  let total = 0;
  let entries = 0;
  let failure: Error | null = null;
  const allowance = bytes.length * limits.maxRatio + 1024 * 1024;
  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return;
    if (++entries > limits.maxEntries) {
      failure = new ZipLimitError(`压缩文件中的条目过多（超过 ${limits.maxEntries} 个）`);
      return;
    }
    if (!want(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = err;
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxEntry || total > limits.maxTotal || total > allowance) {
        failure = new ZipLimitError(`压缩文件解压后过大（${file.name}），可能是损坏或恶意的文件`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out[file.name] = concat(chunks, size);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  for (let i = 0; i < bytes.length && !failure; i += STEP) {
    unzip.push(bytes.subarray(i, Math.min(bytes.length, i + STEP)), i + STEP >= bytes.length);
  }
  if (failure) throw failure;
  return out;
}

/**
 * For a library that opens archives itself (mammoth reads .docx through JSZip, without limits): the
 * entries `want` accepts, read through readZip's limits, packed again without compression. The library
 * then inflates nothing that was not counted here.
 */
export function boundedArchive(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Uint8Array {
  return zipSync(readZip(bytes, want, limits), { level: 0 });
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
