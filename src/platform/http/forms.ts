// Form posts (console and public pages) are parsed by schemas, like the API's JSON bodies: each form declares the
// fields it posts as a TypeBox object, and a post is read against it — the schema's fields only (fields of other
// forms and stray names are ignored), one value per field (browsers repeat a name: the first counts) unless the field
// is an array (checkbox groups: every value), text converted to the schema's integers and booleans. What the parse
// yields goes to the same commands as the API bodies, so a mistake gets the same Chinese message on a page as in
// JSON; a value the schema itself refuses (a number field holding letters) gets the API validator's own message for
// that field (validator.ts fieldErrors), thrown as AppError('VALIDATION') with `fields`.
import { Type, type Static, type TObject, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { AppError } from '../errors.ts';
import { fieldErrors } from './validator.ts';

export type TextFields<K extends string> = TObject<{ [P in K]: TOptional<TString> }>;

/**
 * The hidden version field of an edit form (optimistic locking): a whole number when sent; anything else is refused
 * (it would otherwise save without the version check) with a message that says what to do.
 */
export function versionField() {
  return Type.Optional(Type.Integer({ minimum: 1, title: '版本号（页面隐藏项，请刷新页面后重试）' }));
}

/** A form of optional text fields (the commands behind it check the values and say what to fix). */
export function textForm<const K extends string>(keys: readonly K[], description: string): TextFields<K> {
  const props = Object.fromEntries(keys.map((k) => [k, Type.Optional(Type.String())])) as { [P in K]: TOptional<TString> };
  return Type.Object(props, { description }) as TextFields<K>;
}

const NOT_A_FORM = '请通过页面上的表单提交。';
const compiled = new WeakMap<TObject, TypeCheck<TObject>>();

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function kindOf(s: TSchema): string | undefined {
  if (typeof s.type === 'string') return s.type;
  // Nullable / unions of one JSON type with null (Type.Union([Type.Integer(), Type.Null()])): the non-null member.
  const members = (s.anyOf ?? s.oneOf) as TSchema[] | undefined;
  const types = members?.map((m) => m.type).filter((t) => t && t !== 'null');
  return types && types.length && types.every((t) => t === types[0]) ? (types[0] as string) : undefined;
}

/** One field's value(s) from the form, converted to what its schema asks for (left as text when it cannot be). */
function coerce(s: TSchema, raw: unknown): unknown {
  const kind = kindOf(s);
  if (kind === 'array') {
    const all = (Array.isArray(raw) ? raw : [raw]).map(text).filter((v): v is string => v !== undefined);
    const item = (s.items ?? {}) as TSchema;
    return all.filter((v) => v !== '').map((v) => coerce(item, v));
  }
  const first = text(Array.isArray(raw) ? raw[0] : raw) ?? '';
  if (kind === 'integer' || kind === 'number') {
    const t = first.trim();
    if (t === '') return undefined;
    if (kind === 'integer' ? /^-?\d{1,16}$/.test(t) : /^-?\d{1,16}(\.\d{1,16})?$/.test(t)) return Number(t);
    return first; // the checker says 应为整数 / 应为数字
  }
  if (kind === 'boolean') {
    const t = first.trim().toLowerCase();
    if (t === '' || t === '0' || t === 'false' || t === 'off') return false;
    if (t === '1' || t === 'true' || t === 'on') return true;
    return first;
  }
  if (kind === 'null') return first === '' ? null : first;
  return first;
}

/**
 * The fields of `schema` from a form body — an urlencoded body as Fastify parsed it (strings, arrays for repeated
 * names), or the text fields gathered from a multipart form. Absent fields stay absent (an empty number or checkbox
 * field counts as absent / false); a body that is not a form is refused with a Chinese message; a value the schema
 * refuses is refused with that field's message, as the API would.
 */
export function parseForm<T extends TObject>(schema: T, body: unknown): Static<T> {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) throw new AppError('VALIDATION', NOT_A_FORM);
  const src = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (!Object.prototype.hasOwnProperty.call(src, k)) {
      if (kindOf(s) === 'boolean') out[k] = false; // an unticked checkbox is not sent at all
      continue;
    }
    const v = coerce(s, src[k]);
    if (v !== undefined) out[k] = v;
  }
  let checker = compiled.get(schema);
  if (!checker) compiled.set(schema, (checker = TypeCompiler.Compile(schema)));
  if (!checker.Check(out)) {
    const err = new AppError('VALIDATION', undefined, fieldErrors(checker.Errors(out), 'body'));
    err.labels = labelsOf(schema, Object.keys(err.fields!));
    throw err;
  }
  return out as Static<T>;
}

/**
 * The page's names of refused fields: a field schema's `title` (e.g. `Type.Integer({ title: '承办人' })`), for an
 * array item 'title 第 n 项'; a field without a title keeps its form name.
 */
function labelsOf(schema: TObject, keys: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of keys) {
    const [name, item] = key.split('.');
    const title = (schema.properties as Record<string, TSchema>)[name]?.title;
    if (typeof title === 'string' && title) labels[key] = item !== undefined && /^\d+$/.test(item) ? `${title} 第 ${Number(item) + 1} 项` : title;
  }
  return labels;
}

/**
 * The text fields of a multipart form, gathered for parseForm (stageFileParts' `onField`): repeated names keep every
 * value; NUL characters are removed.
 */
export function multipartFields(): { fields: Record<string, string | string[]>; onField: (part: { fieldname: string; value: unknown }) => void } {
  const fields: Record<string, string | string[]> = Object.create(null);
  return {
    fields,
    onField(part) {
      // NUL removed as the app's preValidation hook does for urlencoded and JSON bodies (multipart is read after it).
      const v = typeof part.value === 'string' ? part.value.replaceAll('\u0000', '') : '';
      const had = fields[part.fieldname];
      fields[part.fieldname] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    },
  };
}
