// Reading the multipart forms of 政策解读 (media items, 解读会 photos): the CSRF token first, each file staged
// in the platform's file store by the one upload loop (platform/files stageFileParts) with its first bytes
// kept, so its type is read from its content (upload-rules.ts), not from its name.
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfCheckedParts } from '../../platform/auth/index.tsx';
import { AppError, toAppError } from '../../platform/errors.ts';
import { cleanFilename, discardStaged, stageFileParts } from '../../platform/files/index.ts';
import { multipartFields } from '../../platform/http/forms.ts';
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
 * Reads a multipart form (CSRF token first): its text fields gathered for parseForm (platform multipartFields), and each file part with a name
 * (`media.2.file`, `photo`) staged (the first of a name; at most 60). A file over the size limit or empty is
 * a field error of that part (the first one refused); every staged file is discarded then.
 */
export async function readMultipart(app: FastifyInstance, req: FastifyRequest): Promise<{ fields: Record<string, string | string[]>; files: Map<string, Upload>; errors: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA', '请通过页面上的表单选择文件后提交。');
  const { fields, onField } = multipartFields();
  const files = new Map<string, Upload>();
  const errors: Record<string, string> = {};
  const mb = Math.round(app.config.maxUploadBytes / 1024 / 1024);
  let current: { field: string; filename: string } | null = null;
  let staged: (Upload & { field: string })[];
  try {
    const r = await stageFileParts(
      csrfCheckedParts(req),
      async (part) => {
        const filename = cleanFilename(part.filename);
        current = { field: part.fieldname, filename };
        const peek = keepHead(part.file);
        const stored = await app.files.stage(peek.stream, app.config.maxUploadBytes);
        return { ...stored, filename, mime: sniff(peek.head()), field: part.fieldname };
      },
      { onField, max: 60 },
    );
    if (r.refusal) {
      const at = current as { field: string; filename: string } | null;
      errors[at?.field ?? 'file'] = r.refusal.code === 'PAYLOAD_TOO_LARGE' ? `文件“${at?.filename}”过大：单个文件不能超过 ${mb} MB` : `文件“${at?.filename}”是空文件（0 字节），请检查后重新选择`;
      return { fields, files, errors };
    }
    staged = r.files;
  } catch (err) {
    // stageFileParts discarded whatever it staged.
    if ((err as { code?: string }).code === 'FST_FIELDS_LIMIT') {
      errors.form = '表单内容过多：一次最多保存 8 项，请删去不用的项后再保存';
      return { fields, files, errors };
    }
    const e = toAppError(err as Error);
    // Over the site's limits (a file, the number of parts): the form answers with the field's error.
    if (e.code !== 'PAYLOAD_TOO_LARGE') throw e;
    const at = current as { field: string; filename: string } | null;
    errors[at?.field ?? 'file'] = at ? `文件“${at.filename}”过大：单个文件不能超过 ${mb} MB` : `上传的内容过多或过大：单个文件不能超过 ${mb} MB`;
    return { fields, files, errors };
  }
  const extra: Upload[] = [];
  for (const { field, ...f } of staged) {
    if (files.has(field)) extra.push(f);
    else files.set(field, f);
  }
  await discardStaged(extra); // a second file of the same name: the first is the one kept
  return { fields, files, errors };
}
