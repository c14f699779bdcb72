// Shared UI pieces of the registers (issue 18): the .xlsx import form of a register's console list and the
// reading of its one uploaded file — written once for 权责清单 and 政务新媒体 (and any register with an import).
import type { FastifyRequest } from 'fastify';
import { csrfCheckedParts } from '../../platform/auth/index.tsx';
import { AppError } from '../../platform/errors.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { TextField } from '../admin/public.ts';
import type { Step } from './register.ts';

/** The import form: one required .xlsx file field (its error in `error`, linked from the error summary as f-file). */
export function XlsxImportForm({ action, csrf, error }: { action: string; csrf: string; error?: string }) {
  return (
    <form method="post" action={action} enctype="multipart/form-data">
      <Csrf token={csrf} />
      <div class={error ? 'field has-error' : 'field'}>
        <label for="f-file">选择文件</label>
        {error ? <p class="error" id="f-file-error">{error}</p> : null}
        <input id="f-file" type="file" name="file" accept=".xlsx" required aria-describedby={error ? 'f-file-error' : undefined} />
      </div>
      <button type="submit">导入</button>
    </form>
  );
}

/**
 * The first uploaded file of a multipart form (CSRF checked; later files are drained), or null when none or
 * empty. Not multipart → 415 in Chinese naming the form (`formName`) to use. The route needs
 * `config: { multipartCsrf: true }`.
 */
export async function uploadedFile(req: FastifyRequest, formName: string): Promise<Buffer | null> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA', `请通过“${formName}”表单选择文件后提交。`);
  let bytes: Buffer | null = null;
  for await (const part of csrfCheckedParts(req)) {
    if (part.type !== 'file') continue;
    if (bytes || !part.filename) {
      part.file.resume();
      continue;
    }
    bytes = await part.toBuffer();
  }
  return bytes && bytes.length ? bytes : null;
}

/** The message for a missing file. */
export const NO_FILE = '请选择要导入的 .xlsx 文件';

/**
 * A record's review buttons: the steps it allows (already filtered to those the staff member may take) as one form
 * of buttons, a return or retire behind a disclosure asking for its reason. Each form posts `step` (and `reason`)
 * with the `hidden` fields to `action`.
 */
export function StepForms({ action, csrf, steps, labels, hidden, idPrefix }: { action: string; csrf: string; steps: Step[]; labels: Record<Step, string>; hidden: Record<string, string>; idPrefix: string }) {
  if (!steps.length) return null;
  const fields = (
    <>
      <Csrf token={csrf} />
      {Object.entries(hidden).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
    </>
  );
  const plain = steps.filter((s) => s !== 'return' && s !== 'retire');
  return (
    <div class="steps">
      {plain.length ? (
        <form method="post" action={action}>
          {fields}
          <p>
            {plain.map((s) => (
              <>
                <button type="submit" name="step" value={s}>{labels[s]}</button>{' '}
              </>
            ))}
          </p>
        </form>
      ) : null}
      {steps.filter((s) => s === 'return' || s === 'retire').map((s) => (
        <details>
          <summary>{labels[s]}…</summary>
          <form method="post" action={action}>
            {fields}
            <TextField idPrefix={`${idPrefix}${s}`} name="reason" label={s === 'return' ? '退回的原因' : '撤下的原因'} required maxLength={500} />
            <p>
              <button type="submit" name="step" value={s} class="secondary">{labels[s]}</button>
            </p>
          </form>
        </details>
      ))}
    </div>
  );
}
