// Form fields shared by the console and the public forms: every input has a label, id="f-<name>",
// its hint and its error (linked with aria-describedby), so ErrorSummary links land on the field.
import type { ComponentChildren } from 'preact';


export interface FieldProps {
  name: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  /** Prefix for ids when several forms on one page share field names. */
  idPrefix?: string;
}

export const fieldId = (name: string, idPrefix?: string) => `f-${idPrefix ? `${idPrefix}-` : ''}${name}`;

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldShell({ id, label, hint, error, required, children }: { id: string; label: string; hint?: ComponentChildren; error?: string; required?: boolean; children: ComponentChildren }) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span class="req">（必填）</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function TextField(p: FieldProps & { value?: string | null; type?: string; maxLength?: number; placeholder?: string; autocomplete?: string; inputMode?: string; min?: string; max?: string }) {
  const id = fieldId(p.name, p.idPrefix);
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <input
        type={p.type ?? 'text'}
        id={id}
        name={p.name}
        value={p.value ?? ''}
        maxLength={p.maxLength}
        placeholder={p.placeholder}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode as any}
        min={p.min}
        max={p.max}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </FieldShell>
  );
}

export function TextArea(p: FieldProps & { value?: string | null; rows?: number; maxLength?: number }) {
  const id = fieldId(p.name, p.idPrefix);
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <textarea id={id} name={p.name} rows={p.rows ?? 4} maxLength={p.maxLength} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p.hint, p.error)}>
        {p.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}
export interface OptGroup {
  group: string;
  options: Option[];
}

export function SelectField(p: FieldProps & { value?: string | null; options: (Option | OptGroup)[]; empty?: string }) {
  const id = fieldId(p.name, p.idPrefix);
  const cur = p.value ?? '';
  const opt = (o: Option) => (
    <option value={o.value} selected={o.value === cur}>
      {o.label}
    </option>
  );
  return (
    <FieldShell id={id} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p.hint, p.error)}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map((o) =>
          'group' in o ? (
            <optgroup label={o.group}>{o.options.map(opt)}</optgroup>
          ) : (
            opt(o)
          ),
        )}
      </select>
    </FieldShell>
  );
}

/** Radio buttons in a fieldset; the first radio carries id f-<name> for the error summary. */
export function RadioField(p: FieldProps & { value?: string | null; options: Option[] }) {
  const id = fieldId(p.name, p.idPrefix);
  return (
    <fieldset class={p.error ? 'field radios has-error' : 'field radios'} aria-describedby={describedBy(id, p.hint, p.error)}>
      <legend>
        {p.label}
        {p.required ? <span class="req">（必填）</span> : null}
      </legend>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="error" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
      {p.options.map((o, i) => (
        <label class="radio">
          <input type="radio" name={p.name} id={i === 0 ? id : `${id}-${i}`} value={o.value} checked={o.value === (p.value ?? '')} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function CheckField(p: FieldProps & { checked?: boolean; value?: string }) {
  const id = fieldId(p.name, p.idPrefix);
  return (
    <div class={p.error ? 'field check has-error' : 'field check'}>
      {p.error ? (
        <p class="error" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
      <label class="check" for={id}>
        <input type="checkbox" id={id} name={p.name} value={p.value ?? 'on'} checked={p.checked} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined} /> {p.label}
      </label>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
    </div>
  );
}

