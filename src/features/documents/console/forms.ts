// The console's document forms, declared as schemas like the API bodies (api.schemas.ts): which fields
// each form posts, all text. A post is parsed against its schema — one value per field, repeated fields
// keep the first (as browsers send them), fields of other forms are ignored — and what it yields goes to
// the same commands as the API's bodies, so the Chinese field errors are the same ones
// (documents.input.ts validateDocumentFields, documents.commands.ts).
import { Type, type Static, type TObject, type TOptional, type TString } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AppError } from '../../../platform/errors.ts';

type TextFields<K extends string> = TObject<{ [P in K]: TOptional<TString> }>;

function textForm<const K extends string>(keys: readonly K[], description: string): TextFields<K> {
  const props = Object.fromEntries(keys.map((k) => [k, Type.Optional(Type.String())])) as { [P in K]: TOptional<TString> };
  return Type.Object(props, { description }) as TextFields<K>;
}

/** 新建文件 / 修改 (fields named as in the JSON API). */
export const DocumentFormBody = textForm(
  ['title', 'docNo', 'unitId', 'topic', 'genre', 'kind', 'column', 'art20', 'publisher', 'writtenOn', 'formedOn', 'keywords', 'summary', 'body', 'disclosure'],
  '文件表单',
);

/** The workflow forms of a document's page, by action. */
export const ActionFormBodies = {
  submit: textForm([], '提交审核'),
  approve: textForm(['check_political', 'check_policy', 'check_wording', 'comment'], '审核通过'),
  return: textForm(['comment'], '退回修改'),
  publish: textForm(['publishedAt'], '发布'),
  withdraw: textForm(['reason'], '撤稿'),
  validity: textForm(['validity', 'on', 'reason', 'replacedBy'], '变更有效性'),
} as const;

const compiled = new WeakMap<TObject, ReturnType<typeof TypeCompiler.Compile>>();

/**
 * The fields of `schema` from a form body (urlencoded: strings, arrays for repeated names). Absent fields
 * are left out; a body that is not a form is refused with a Chinese message.
 */
export function parseForm<T extends TObject>(schema: T, body: unknown): Static<T> {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) throw new AppError('VALIDATION', '请通过页面上的表单提交。');
  const src = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of Object.keys(schema.properties)) {
    if (!Object.prototype.hasOwnProperty.call(src, k)) continue;
    let v = src[k];
    if (Array.isArray(v)) v = v[0];
    if (typeof v === 'number') v = String(v);
    out[k] = typeof v === 'string' ? v : '';
  }
  let checker = compiled.get(schema);
  if (!checker) compiled.set(schema, (checker = TypeCompiler.Compile(schema)));
  if (!checker.Check(out)) throw new AppError('VALIDATION', '请通过页面上的表单提交。');
  return out as Static<T>;
}
