// JSON API of the annual report: GET /api/v1/annual-reports/{year}?unit=<id>. A published report is
// public; a draft needs a staff token whose unit scope covers the unit.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { can } from '../../platform/access/roles.ts';
import { OPERATIONS, routeSchema } from '../api/openapi.ts';
import { publicCors } from '../api/guards.ts';
import { FIRST_REPORT_YEAR } from './format.ts';
import { buildReport, reportJson } from './report.ts';
import { yearProblem } from './reports.commands.tsx';

export async function registerReportRoutes(api: FastifyInstance, db: Db): Promise<void> {
  const op = OPERATIONS.getAnnualReport;
  api.route({
    method: op.method,
    url: op.url,
    schema: routeSchema(op),
    onRequest: publicCors,
    handler: async (req, reply) => {
      const { year } = req.params as { year: number };
      const q = req.query as { unit: number; scope?: 'unit' | 'tree' };
      if (yearProblem(year)) throw new AppError('VALIDATION', undefined, { year: `年度应为 ${FIRST_REPORT_YEAR} 年至今年` });
      const staff = req.actor && can(req.actor, 'report.read', q.unit);
      const row = await db
        .selectFrom('annual_reports')
        .leftJoin('documents', 'documents.id', 'annual_reports.document_id')
        .select(['documents.status as doc_status'])
        .where('annual_reports.unit_id', '=', q.unit)
        .where('annual_reports.year', '=', year)
        .executeTakeFirst();
      if (!staff && row?.doc_status !== 'published') throw new AppError('NOT_FOUND', '该单位该年度的报告尚未发布。');
      const report = await buildReport(db, q.unit, year, q.scope ?? 'unit');
      if (!report) throw new AppError('NOT_FOUND', '单位不存在。');
      reply.header('Cache-Control', staff ? 'no-store' : 'public, max-age=300');
      if (staff) reply.removeHeader('Access-Control-Allow-Origin');
      return reportJson(report);
    },
  });
}
