// Reading the multipart forms of 政策解读 (media items, 解读会 photos): the CSRF token first, each file staged
// in the platform's file store with its first bytes kept, so its type is read from its content
// (upload-rules.ts), not from its name.
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfCheckedParts } from '../../platform/auth/index.tsx';
import { AppError, toAppError } from '../../platform/errors.ts';
import { cleanFilename, discardStaged } from '../../platform/files/index.ts';
import { sniff, type Upload } from './upload-rules.ts';

/** Passes a stream through, keeping its first bytes. */
function keepHead(stream: Readable, bytes = 32): { stream: Readable; head: () => Buffer } {
  let head = Buffer.alloc(0);
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (head.length < bytes) head = Buffer.concat([head, chunk.subarray(0, bytes - head.length)]);
      cb(null, chunk);
    },
  });
  stream.on('error', (e) => t.destroy(e));
  stream.pipe(t);
  // The platform's stage() reads `truncated` (the multipart size limit) from the stream it is given.
  Object.defineProperty(t, 'truncated', { get: () => (stream as { truncated?: boolean }).truncated });
  return { stream: t, head: () => head };
}

/**
 * Reads a multipart form (CSRF token first): its fields as a plain object, and each file part with a name
 * (`media.2.file`, `photo`) staged. A file over the size limit or empty is a field error of that part; the
 * other staged files are discarded then.
 */
export async function readMultipart(app: FastifyInstance, req: FastifyRequest): Promise<{ body: Record<string, string>; files: Map<string, Upload>; errors: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA', '请通过页面上的表单选择文件后提交。');
  const body: Record<string, string> = {};
  const files = new Map<string, Upload>();
  const errors: Record<string, string> = {};
  let current: { field: string; filename: string } | null = null;
  try {
    for await (const part of csrfCheckedParts(req)) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && Object.keys(body).length < 2000) body[part.fieldname] = part.value;
        continue;
      }
      if (!part.filename || files.has(part.fieldname) || files.size >= 60) {
        part.file.resume();
        continue;
      }
      const filename = cleanFilename(part.filename);
      current = { field: part.fieldname, filename };
      const peek = keepHead(part.file);
      try {
        const stored = await app.files.stage(peek.stream, app.config.maxUploadBytes);
        files.set(part.fieldname, { ...stored, filename, mime: sniff(peek.head()) });
      } catch (err) {
        part.file.resume();
        if (!(err instanceof AppError)) throw err;
        errors[part.fieldname] =
          err.code === 'PAYLOAD_TOO_LARGE'
            ? `文件“${filename}”过大：单个文件不能超过 ${Math.round(app.config.maxUploadBytes / 1024 / 1024)} MB`
            : `文件“${filename}”是空文件（0 字节），请检查后重新选择`;
      }
    }
  } catch (err) {
    await discardStaged([...files.values()]);
    if ((err as { code?: string }).code === 'FST_FIELDS_LIMIT') {
      files.clear();
      errors.form = '表单内容过多：一次最多保存 8 项，请删去不用的项后再保存';
      return { body, files, errors };
    }
    const e = toAppError(err as Error);
    // Over the site's limits (a file, the number of parts): the form answers with the field's error.
    if (e.code !== 'PAYLOAD_TOO_LARGE') throw e;
    files.clear();
    const mb = Math.round(app.config.maxUploadBytes / 1024 / 1024);
    errors[current?.field ?? 'file'] = current ? `文件“${current.filename}”过大：单个文件不能超过 ${mb} MB` : `上传的内容过多或过大：单个文件不能超过 ${mb} MB`;
    return { body, files, errors };
  }
  if (Object.keys(errors).length) {
    await discardStaged([...files.values()]);
    files.clear();
  }
  return { body, files, errors };
}
