// Building blocks of the public 依申请公开 pages: labelled fields with hint and error (id="f-<name>",
// the target of the ErrorSummary links), and the few styles these pages add to site.css.
import type { ComponentChildren } from 'preact';

export const fieldId = (name: string) => `f-${name}`;

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** Styles for these pages only (CSP allows inline styles); inputs stay usable at 360 px. */
export const YSQGK_CSS = `
.ysqgk input[type=email], .ysqgk input[type=tel] { width: 100%; max-width: 640px; padding: 8px; font: inherit; border: 1px solid #8c959f; border-radius: 3px; background: #fff; color: var(--ink); box-sizing: border-box; }
.ysqgk input[type=text], .ysqgk select, .ysqgk textarea { box-sizing: border-box; }
.ysqgk fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 14px 0; padding: 4px 12px 12px; min-width: 0; }
.ysqgk fieldset.radios { border: 0; padding: 0; margin: 10px 0; }
.ysqgk legend { font-weight: bold; padding: 0 4px; }
.ysqgk fieldset.radios legend { padding: 0; margin: 10px 0 4px; }
.ysqgk fieldset.sub { margin: 6px 0 0 1.8em; padding: 2px 10px 6px; }
.ysqgk fieldset.sub legend { font-weight: normal; }
.ysqgk label.radio { display: flex; gap: 8px; align-items: flex-start; font-weight: normal; margin: 8px 0; }
.ysqgk input[type=radio] { width: 1.25em; height: 1.25em; margin: .3em 0 0; flex: none; }
.ysqgk .req { font-weight: normal; color: var(--bad); font-size: .9em; }
.ysqgk .hp { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
.ysqgk .secret { border: 2px solid var(--brand); border-radius: 4px; padding: 10px 14px; margin: 14px 0; background: #fdf3f3; }
.ysqgk .secret dt { font-weight: bold; margin-top: 6px; }
.ysqgk .secret dd { margin: 0; }
.ysqgk .big { display: inline-block; font-size: 1.8rem; font-family: ui-monospace, Menlo, Consolas, monospace; letter-spacing: .08em; font-weight: bold; word-break: break-all; }
.ysqgk ol.steps { padding-left: 1.4em; }
.ysqgk ol.steps li { margin: 6px 0; overflow-wrap: anywhere; }
.ysqgk dl.status dt { font-weight: bold; margin-top: 8px; }
.ysqgk dl.status dd { margin: 0 0 0 1em; overflow-wrap: anywhere; }
`;

export function Styles() {
  return <style>{YSQGK_CSS}</style>;
}

function Shell({ id, label, hint, error, required, children }: { id: string; label: string; hint?: ComponentChildren; error?: string; required?: boolean; children: ComponentChildren }) {
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

export interface FieldProps {
  name: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  value?: string;
}

export function TextField(p: FieldProps & { type?: string; maxLength?: number; autocomplete?: string; inputMode?: string }) {
  const id = fieldId(p.name);
  return (
    <Shell id={id} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <input
        type={p.type ?? 'text'}
        id={id}
        name={p.name}
        value={p.value ?? ''}
        maxLength={p.maxLength}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode as any}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      />
    </Shell>
  );
}

export function TextArea(p: FieldProps & { rows?: number; maxLength?: number }) {
  const id = fieldId(p.name);
  return (
    <Shell id={id} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <textarea id={id} name={p.name} rows={p.rows ?? 5} maxLength={p.maxLength} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p.hint, p.error)}>
        {p.value ?? ''}
      </textarea>
    </Shell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(p: FieldProps & { options: (Option | { group: string; options: Option[] })[]; empty?: string }) {
  const id = fieldId(p.name);
  const cur = p.value ?? '';
  const opt = (o: Option) => (
    <option value={o.value} selected={o.value === cur}>
      {o.label}
    </option>
  );
  return (
    <Shell id={id} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <select id={id} name={p.name} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p.hint, p.error)}>
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map((o) => ('group' in o ? <optgroup label={o.group}>{o.options.map(opt)}</optgroup> : opt(o)))}
      </select>
    </Shell>
  );
}

/** Radios in a fieldset; the first radio carries id f-<name> for the error summary. */
export function RadioField(p: FieldProps & { options: Option[] }) {
  const id = fieldId(p.name);
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
          <input type="radio" name={p.name} id={i === 0 ? id : `${id}-${o.value}`} value={o.value} checked={o.value === (p.value ?? '')} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
