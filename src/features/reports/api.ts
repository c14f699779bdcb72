// JSON API of the annual report: GET /api/v1/annual-reports/{year}?unit=<id>[&format=json|docx|xlsx]
// [&revision=n]. A published report is public and frozen: the latest published revision (or the one
// asked for), as published, whatever was recorded afterwards; a draft (nothing published yet) needs a
// staff token whose unit scope covers the unit. Word and Excel are the same files as the console's.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { can } from '../../platform/access/roles.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { apiRoute, defineOperations } from '../../platform/http/index.ts';
import { FIRST_REPORT_YEAR } from './format.ts';
import { loadReport, loadRevisions, reportJson } from './report.ts';
import { documentStatuses } from './reports.repository.ts';
import { reportTitle, yearProblem } from './reports.commands.tsx';
import { reportToDocx } from './export/docx.ts';
import { reportToXlsx } from './export/xlsx.ts';
import './actions.ts'; // defines this feature's actions
import { AnnualReportJson, ReportParams, ReportQuery } from './reports.schemas.ts';
import { nowIso } from '../../platform/db/index.ts';

const OPERATIONS = defineOperations({
  getAnnualReport: {
    method: 'GET',
    url: '/annual-reports/:year',
    summary: '政府信息公开工作年度报告',
    description:
      '单位 unit 某年度的年度报告：第二、三、四部分的表格（按国家格式，2021 年度起用国办公开办函〔2021〕30号格式，2019、2020 年度用此前格式）、正文和勾稽关系校验结果。' +
      '已发布的报告公开可查，内容为发布时冻结的版本（此后补录的记录不改变已发布的数字；更正作为新版本发布，revision 可取旧版本）；尚未发布的草稿需要令牌，且单位在令牌用户的管理范围内。' +
      'format=docx 返回 Word 文件（application/vnd.openxmlformats-officedocument.wordprocessingml.document），format=xlsx 返回 Excel 文件（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）。',
    tag: '年度报告',
    access: 'optional',
    params: ReportParams,
    querystring: ReportQuery,
    success: { status: 200, description: '年度报告', schema: AnnualReportJson },
    errors: [400, 404],
  },
});

export async function registerReportRoutes(api: FastifyInstance, db: Db): Promise<void> {
  apiRoute(api, OPERATIONS.getAnnualReport, async (req, reply) => {
    const { year } = req.params as { year: number };
    const q = req.query as { unit: number; scope?: 'unit' | 'tree'; format?: 'json' | 'docx' | 'xlsx'; revision?: number };
    if (yearProblem(year)) throw new AppError('VALIDATION', undefined, { year: `年度应为 ${FIRST_REPORT_YEAR} 年至今年` });
    const staff = req.actor && can(req.actor, 'report.read', q.unit);
    // Public: a published revision whose document is still published (not withdrawn).
    const revisions = await loadRevisions(db, q.unit, year);
    const docs = revisions.length ? await documentStatuses(db, revisions.map((r) => r.documentId ?? 0)) : new Map<number, string>();
    const now = nowIso();
    // A scheduled publication (published_at in the future) is public from that time, like its document.
    const isPublic = (r: (typeof revisions)[number]) => r.publishedAt <= now && (r.documentId === null || docs.get(r.documentId) === 'published');
    // Default: the latest revision (for the public, the latest still published: a withdrawn correction leaves the one before).
    const wanted = q.revision !== undefined ? revisions.find((r) => r.revision === q.revision) : staff ? revisions.at(-1) : revisions.filter(isPublic).at(-1);
    if (q.revision !== undefined && !wanted) throw new AppError('NOT_FOUND', `该单位该年度的报告没有第 ${q.revision} 版。`);
    if (!staff && (!wanted || !isPublic(wanted))) throw new AppError('NOT_FOUND', '该单位该年度的报告尚未发布。');
    const report = await loadReport(db, q.unit, year, { revision: wanted?.revision, scope: wanted ? undefined : q.scope ?? 'unit' });
    if (!report) throw new AppError('NOT_FOUND', '单位不存在。');
    reply.header('Cache-Control', staff ? 'no-store' : 'public, max-age=300');
    if (staff) reply.removeHeader('Access-Control-Allow-Origin');
    const name = `${reportTitle(report)}${report.revision && report.revision > 1 ? `（第${report.revision}版）` : ''}`;
    if (q.format === 'docx') {
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('Content-Disposition', contentDisposition(`${name}.docx`))
        .send(await reportToDocx(report));
    }
    if (q.format === 'xlsx') {
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', contentDisposition(`${name}.xlsx`))
        .send(reportToXlsx(report));
    }
    return reportJson(report);
  });
}
