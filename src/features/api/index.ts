// JSON API v1: public reads of published documents, staff writes with a bearer token, OpenAPI document.
// Routes parse (TypeBox, see schemas.ts), call one repository query or command, and shape the answer;
// every failure is a coded AppError rendered as JSON by the platform error handler.
import fp from 'fastify-plugin';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { AppError, ERRORS, type Result } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { resolveUnitRef } from '../users/users.commands.ts';
import { getDocumentRow, getPublicDocument, pagePublic, loadView, publicOnly, termLabels, type DocumentView } from '../documents/documents.repository.ts';
import {
  approveDocument,
  changeValidity,
  createDocument,
  publishDocument,
  returnDocument,
  submitDocument,
  updateDocument,
  withdrawDocument,
  type Deps,
} from '../documents/documents.commands.ts';
import { displayStatus } from '../documents/state.ts';
import { buildOpenApi, OPERATIONS, routeSchema, type Operation, type OperationId } from './openapi.ts';
import { DEFAULT_PAGE_SIZE, typeboxValidatorCompiler } from './schemas.ts';
import { publicCors, requireToken } from './guards.ts';
import { installedModules } from '../../platform/modules.ts';

type Body = Record<string, unknown>;

/** Public fields only: what the portal shows. Staff-only fields never leave through the public view. */
export function publicView(v: DocumentView) {
  return {
    id: v.id,
    title: v.title,
    indexNo: v.indexNo,
    docNo: v.docNo,
    unit: v.unit,
    unitId: v.unitId,
    topic: v.topic,
    genre: v.genre,
    kind: v.kind,
    column: v.column,
    art20: v.art20,
    publisher: v.publisher,
    writtenOn: v.writtenOn,
    formedOn: v.formedOn,
    publishedAt: v.publishedAt,
    keywords: v.keywords,
    summary: v.summary,
    body: v.body,
    validity: v.validity,
    validityOn: v.validityOn,
    validityReason: v.validityReason,
    replacedBy: v.replacedBy,
    disclosure: v.disclosure,
    url: v.url,
    attachments: v.attachments,
  };
}

export function staffView(v: DocumentView) {
  return {
    ...publicView(v),
    status: v.status,
    statusLabel: displayStatus(v.status, v.publishedAt),
    version: v.version,
    withdrawnAt: v.withdrawnAt,
    withdrawReason: v.withdrawReason,
    reviewComment: v.reviewComment,
    createdBy: v.createdBy,
    submittedBy: v.submittedBy,
    updatedAt: v.updatedAt,
  };
}

/** Form field names of the review checklist (check_political) → API names (checks.political). */
function apiFieldNames(err: AppError): AppError {
  if (!err.fields) return err;
  const fields = Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k.replace(/^check_(\w+)$/, 'checks.$1'), v]));
  return new AppError(err.code, err.message, fields);
}

export default fp(
  async function api(app: FastifyInstance) {
    await app.register(async function v1(api) {
      api.setValidatorCompiler(typeboxValidatorCompiler);

      // A POST without a body but with `Content-Type: application/json` (what most clients send for
      // /submit) is an empty body, not a JSON error. Everything else goes to Fastify's own safe parser.
      const defaultJson = api.getDefaultJsonParser('error', 'error');
      api.removeContentTypeParser('application/json');
      api.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
        return defaultJson(req, body as string, done);
      });


      const route = (id: OperationId, handler: RouteHandlerMethod) => apiRoute(api, id, handler);

      // Each feature registers its own operations (its manifest's `api`).
      for (const m of installedModules()) if (m.api) await m.api(api);

      route('openapi', async () => buildOpenApi({ baseUrl: app.config.baseUrl, siteName: app.config.siteName }));

    });
  },
  { name: 'feature-api' },
);

/** Registers one operation of OPERATIONS with its schemas and access guard. */
export function apiRoute(api: FastifyInstance, id: OperationId, handler: RouteHandlerMethod): void {
  const op: Operation = OPERATIONS[id];
  api.route({
    method: op.method,
    url: op.url,
    schema: routeSchema(op),
    onRequest: op.access === 'staff' ? requireToken : publicCors,
    handler,
  });
}

/** The documents operations (moving to features/documents). */
export async function registerDocumentRoutes(api: FastifyInstance): Promise<void> {
  const db = api.db;
  const deps: Deps = { db };
  const route = (id: OperationId, handler: RouteHandlerMethod) => apiRoute(api, id, handler);
  const isPublic = async (id: number) => (await getPublicDocument(db, id)) !== null;

  /** A document the public may see (so naming it in a refusal leaks nothing). */
  const isPubliclyVisible = async (id: number) =>
    !!(await publicOnly(db.selectFrom('documents').innerJoin('units', 'units.id', 'documents.unit_id')).select('documents.id').where('documents.id', '=', id).executeTakeFirst());

  route('listDocuments', async (req) => {
    const q = req.query as { unit?: string; topic?: string; genre?: string; year?: number; validity?: string; page?: number; pageSize?: number };
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? DEFAULT_PAGE_SIZE;
    const fields: Record<string, string> = {};
    let unitIds: number[] | undefined;
    if (q.unit !== undefined) {
      const unitId = await resolveUnitRef(db, q.unit);
      if (unitId) unitIds = [unitId];
      else fields.unit = `单位“${q.unit}”不存在（可填写单位编号或单位代码）`;
    }
    if (q.topic !== undefined || q.genre !== undefined) {
      const labels = await termLabels(db);
      if (q.topic !== undefined && !labels.has(`topic:${q.topic}`)) fields.topic = `主题分类“${q.topic}”不存在`;
      if (q.genre !== undefined && !labels.has(`genre:${q.genre}`)) fields.genre = `体裁分类“${q.genre}”不存在`;
    }
    if (Object.keys(fields).length) throw new AppError('VALIDATION', undefined, fields);
    const { items, total } = await pagePublic(db, { unitIds, topic: q.topic, genres: q.genre ? [q.genre] : undefined, year: q.year, validity: q.validity, page, pageSize });
    return { items, total, page, pageSize };
  });

  route('getDocument', async (req, reply) => {
    const { id } = req.params as { id: number };
    if (req.actor) {
      const row = await getDocumentRow(db, id);
      if (row && can(req.actor, 'document.read', row.unit_id)) {
        reply.removeHeader('Access-Control-Allow-Origin');
        reply.header('Cache-Control', 'no-store');
        return staffView(await loadView(db, row));
      }
    }
    const found = await getPublicDocument(db, id);
    if (!found) throw new AppError('NOT_FOUND', '文件不存在或未公开。');
    if (found.kind === 'withdrawn') {
      return reply.status(410).send({
        error: { code: 'WITHDRAWN', message: ERRORS.WITHDRAWN.message, withdrawnAt: found.doc.withdrawnAt, reason: found.doc.withdrawReason },
      });
    }
    const view = publicView(found.doc);
    // The replacement is named only while the public may see it too.
    if (view.replacedBy && !(await isPubliclyVisible(view.replacedBy.id))) view.replacedBy = null;
    return view;
  });

  /** Runs a command as the token's user and answers with the staff view, or its coded refusal. */
  const run = async (actor: Actor, id: number | null, result: Promise<Result<DocumentView>>) => {
    const r = await result;
    if (r.ok) return staffView(r.value);
    // Out-of-scope documents are "not found" to the command; when the document is public anyway,
    // its existence is no secret, so say plainly that this user may not act on it.
    if (r.error.code === 'NOT_FOUND' && id !== null && (await isPublic(id))) {
      throw new AppError('FORBIDDEN', `该文件不在您（${actor.unitName}）的管理范围内，不能办理。`);
    }
    throw apiFieldNames(r.error);
  };

  /** `unit` (code, id or name) as an alternative to `unitId`. */
  const withUnit = async (body: Body): Promise<Body> => {
    if (body.unit === undefined) return body;
    const { unit, ...rest } = body;
    const unitId = await resolveUnitRef(db, unit);
    if (!unitId) throw new AppError('VALIDATION', undefined, { unit: `单位“${String(unit)}”不存在（可填写单位编号或单位代码）` });
    if (rest.unitId !== undefined && rest.unitId !== unitId) throw new AppError('VALIDATION', undefined, { unit: 'unit 与 unitId 指向不同的单位，请只填写其中一个' });
    return { ...rest, unitId };
  };

  route('createDocument', async (req, reply) => {
    const body = await withUnit(req.body as Body);
    const doc = await run(req.actor!, null, createDocument(deps, req.actor!, body));
    return reply.status(201).header('Location', `/api/v1/documents/${doc.id}`).send(doc);
  });

  route('updateDocument', async (req) => {
    const { id } = req.params as { id: number };
    const body = await withUnit(req.body as Body);
    return run(req.actor!, id, updateDocument(deps, req.actor!, id, body));
  });

  const actions: [OperationId, (actor: Actor, id: number, body: Body) => Promise<Result<DocumentView>>][] = [
    ['submitDocument', (actor, id) => submitDocument(deps, actor, id)],
    ['approveDocument', (actor, id, body) => approveDocument(deps, actor, id, body)],
    ['returnDocument', (actor, id, body) => returnDocument(deps, actor, id, body)],
    ['publishDocument', (actor, id, body) => publishDocument(deps, actor, id, body)],
    ['withdrawDocument', (actor, id, body) => withdrawDocument(deps, actor, id, body)],
    ['changeValidity', (actor, id, body) => changeValidity(deps, actor, id, body)],
  ];
  for (const [opId, command] of actions) {
    route(opId, async (req) => {
      const { id } = req.params as { id: number };
      return run(req.actor!, id, command(req.actor!, id, (req.body as Body | undefined) ?? {}));
    });
  }
}
