// TypeBox schemas of the annual-report API (GET /api/v1/annual-reports/{year}).
import { Type } from '@sinclair/typebox';

export const ReportParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, description: '报告年度' }) }, { additionalProperties: false });

export const ReportQuery = Type.Object(
  {
    unit: Type.Integer({ minimum: 1, description: '单位编号' }),
    scope: Type.Optional(Type.Union([Type.Literal('unit'), Type.Literal('tree')], { description: 'unit（默认）：本单位；tree：本单位及下级单位汇总' })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('docx'), Type.Literal('xlsx')], {
        description: 'json（默认）：JSON；docx：Word 文件（按官方表格格式）；xlsx：Excel 文件（三张表）',
      }),
    ),
    revision: Type.Optional(Type.Integer({ minimum: 1, description: '已发布报告的版本号（更正后有多个版本）；默认最新发布的版本' })),
  },
  { additionalProperties: false },
);

export const AnnualReportJson = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      '{ year, unit, scope, format, status, revision, publishedAt, correctionReason, revisions, sections: { active, requests: { columns, rows: [{ code, label, values }] }, review, narrative }, checks: [{ rule, ok, severity, message }], publishable }；' +
      'requests 每行 code 为办理结果代码或 new、carried-over、total、carried-forward，values 按申请人类别（natural、business、research、public-interest、legal-services、other、total）。',
  },
);
