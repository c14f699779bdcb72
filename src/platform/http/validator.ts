// The API's validator compiler: request parts are checked against their TypeBox schemas with one Chinese
// message per field (schema options `errorMessage` and `fieldHints`, see schemas.ts).
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { AppError, type FieldErrors } from '../errors.ts';

/**
 * Fastify validator compiler for the API routes, on TypeBox's own compiler instead of Fastify's
 * shared Ajv instance, because that one is configured for HTML forms: it silently drops unknown
 * fields (removeAdditional), coerces body types ("12" → 12, "a" → ["a"]) and stops at the first
 * error. Here a body is checked strictly, every field gets its own Chinese message, unknown fields
 * are refused, and only the query string and path (always text) are converted to numbers.
 * A failure is thrown as AppError('VALIDATION', …, fields), which the platform error handler renders.
 */
export function typeboxValidatorCompiler({ schema, httpPart }: { schema: unknown; httpPart?: string }) {
  const s = schema as TSchema;
  const checker = TypeCompiler.Compile(s);
  const textual = httpPart === 'querystring' || httpPart === 'params';
  return (data: unknown): { value: unknown } | { error: Error } => {
    const value = textual ? coerceText(s, data) : data === null || data === undefined ? {} : data;
    if (checker.Check(value)) return { value };
    return { error: new AppError('VALIDATION', undefined, fieldErrors(checker.Errors(value), httpPart === 'body' || !httpPart ? 'body' : httpPart)) };
  };
}

/** Query strings and paths are text: empty values count as absent, integers are parsed strictly, defaults applied. */
function coerceText(schema: TSchema, data: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = (schema.properties ?? {}) as Record<string, TSchema>;
  for (const [k, v] of Object.entries((data ?? {}) as Record<string, unknown>)) {
    if (v === '') continue;
    const p = props[k];
    if (p && (p.type === 'integer' || p.type === 'number') && typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim())) out[k] = Number(v.trim());
    else out[k] = v;
  }
  for (const [k, p] of Object.entries(props)) if (out[k] === undefined && p.default !== undefined) out[k] = p.default;
  return out;
}

/** One Chinese message per field (the first problem found), keyed by the field's dotted path. */
export function fieldErrors(errors: Iterable<ValueError>, root: string): FieldErrors {
  const fields: FieldErrors = {};
  for (const e of errors) {
    const name = e.path.replace(/^\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') || root;
    if (fields[name] === undefined) fields[name] = messageFor(e, name);
  }
  return fields;
}

function custom(schema: TSchema | undefined): string | undefined {
  return schema && typeof schema.errorMessage === 'string' ? schema.errorMessage : undefined;
}

function messageFor(e: ValueError, name: string): string {
  const s = e.schema as TSchema;
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return '此项为必填项';
    case ValueErrorType.ObjectAdditionalProperties: {
      const key = name.split('.').pop()!;
      const hint = (s.fieldHints as Record<string, string> | undefined)?.[key];
      return hint ?? `不认识的字段“${key}”，可用的字段见 /api/v1/openapi.json`;
    }
    case ValueErrorType.ObjectMinProperties:
      return custom(s) ?? '请至少提供一个字段';
    case ValueErrorType.Object:
      return custom(s) ?? (name === 'body' ? '请求体应为 JSON 对象' : '应为对象');
    case ValueErrorType.Union: {
      const own = custom(s);
      if (own) return own;
      const options = (s.anyOf ?? []) as TSchema[];
      if (options.length && options.every((o) => 'const' in o)) return `取值应为 ${options.map((o) => String(o.const)).join('、')} 之一`;
      // Nullable(T): report why the value is not a T.
      for (const branch of e.errors) {
        const first = branch.First();
        if (first && first.type !== ValueErrorType.Null) return messageFor(first, name);
      }
      return '取值不在允许范围内';
    }
  }
  const own = custom(s);
  if (own) return own;
  switch (e.type) {
    case ValueErrorType.String:
      return '应为文本';
    case ValueErrorType.StringMinLength:
      return Number(s.minLength) <= 1 ? '此项不能为空' : `至少需要 ${s.minLength} 个字`;
    case ValueErrorType.StringMaxLength:
      return `不能超过 ${s.maxLength} 个字`;
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      return '格式不正确';
    case ValueErrorType.Integer:
      return '应为整数';
    case ValueErrorType.Number:
      return '应为数字';
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
      return s.minimum !== undefined && s.maximum !== undefined ? `应在 ${s.minimum} 至 ${s.maximum} 之间` : '数值超出允许范围';
    case ValueErrorType.Boolean:
      return '应为 true 或 false';
    case ValueErrorType.Array:
      return '应为数组';
    case ValueErrorType.ArrayMaxItems:
      return `最多 ${s.maxItems} 项`;
    case ValueErrorType.ArrayMinItems:
      return `至少 ${s.minItems} 项`;
    case ValueErrorType.Literal:
      return `取值应为 ${String(s.const)}`;
    case ValueErrorType.Null:
      return '应为 null';
    default:
      return '格式不正确';
  }
}
