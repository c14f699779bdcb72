// TypeBox building blocks shared by every feature's API schemas: nullable and enum shorthands, dates,
// stored ids, paging, the empty body and the error body every operation answers with.
//
// Two non-standard schema options are read by the validator compiler (validator.ts) and stripped from the
// OpenAPI output:
// - `errorMessage`: the Chinese message shown when a value fails this schema;
// - `fieldHints`: on an object, a better message for a known-but-not-accepted field than "unknown field".
import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_ID } from '../db/index.ts';

const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Enum = <V extends string>(values: readonly V[], options: Record<string, unknown> = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)), options);

export const DATE_MESSAGE = '日期格式应为 年-月-日，例如 2020-10-12';
export const DateString = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description, examples: ['2020-10-12'], errorMessage: DATE_MESSAGE });

/** A stored record's id (1 … MAX_ID). */
export const Id = (description: string, errorMessage = '编号应为正整数') => Type.Integer({ minimum: 1, maximum: MAX_ID, description, errorMessage });

/** Path parameters `{ id }` of a record, e.g. idParams('文件编号'). */
export const idParams = (label: string) => Type.Object({ id: Id(label, `${label}应为正整数`) }, { additionalProperties: false });

/** `page` and `pageSize` of a list query (1-based pages, at most MAX_PAGE_SIZE per page). */
export const pageProperties = () => ({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: '页码，从 1 开始', errorMessage: '页码应为不小于 1 的整数' })),
  pageSize: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `每页条数，1–${MAX_PAGE_SIZE}，默认 ${DEFAULT_PAGE_SIZE}`, errorMessage: `每页条数应为 1 至 ${MAX_PAGE_SIZE} 之间的整数` }),
  ),
});

/** The platform's own components (named Empty and Error in openapi.ts). */
export const EmptyBody = Type.Object({}, { additionalProperties: false, description: '无需请求体（可省略或为 {}）' });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: '稳定的错误代码，如 VALIDATION、UNAUTHENTICATED、FORBIDDEN、SELF_REVIEW、NOT_FOUND、INVALID_TRANSITION' }),
      message: Type.String({ description: '给人看的说明（中文）' }),
      fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: '逐字段的错误说明，键为字段名（嵌套字段用点号，如 checks.political）' })),
      earliestOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '办理步骤因期限未届满被拒绝（409）时：最早可以记录该步骤的日期，如补正期满、缴费期满的次日' })),
    }),
  },
  { description: '错误' },
);
