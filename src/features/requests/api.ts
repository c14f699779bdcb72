// JSON API v1 operations of 依申请公开: defined here (schemas in requests.schemas.ts) and registered in
// the platform's API scope (platform/http: TypeBox validator, JSON parser, error handler) from the manifest.
import { auditRead } from '../../platform/audit/index.ts';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { AppError, unwrap } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/index.ts';
import { apiRoute, component, defineOperations, type ApiTag, type DefinedOperation } from '../../platform/http/index.ts';
import { applyRequestEvent, submitRequest } from './requests.commands.ts';
import { TRACKING_NO_RE, getPublicStatus, getStaffView } from './requests.repository.ts';
import { getPublicLetter } from './letters/letters.repository.ts';
import { codeCheckLimit } from './letters/track.routes.tsx';
import './actions.ts'; // defines this feature's actions
import {
  ApplicantBody,
  EventBody,
  RequestIdParams,
  RequestLetter,
  RequestLetterParams,
  RequestLetterQuery,
  RequestRefParams,
  RequestStatusView,
  StaffRequest,
  StatusQuery,
  SubmitRequestBody,
  Submitted,
} from './requests.schemas.ts';

/** Public applications per IP per minute. */
export const SUBMIT_RATE_LIMIT = 10;

const REQUESTS_TAG: ApiTag = { name: '依申请公开', description: '政府信息公开申请：公众提交和查询，工作人员登记和办理' };

// Names in the OpenAPI document (components, referenced by $ref wherever used).
for (const [name, schema] of [
  ['Applicant', ApplicantBody],
  ['SubmitRequest', SubmitRequestBody],
  ['SubmittedRequest', Submitted],
  ['RequestEvent', EventBody],
  ['RequestStatus', RequestStatusView],
  ['StaffRequest', StaffRequest],
  ['RequestLetter', RequestLetter],
] as const) component(name, schema);

const OPERATIONS = defineOperations({
  submitRequest: {
    method: 'POST',
    url: '/requests',
    summary: '提交政府信息公开申请',
    description:
      '公众网上申请（无需令牌，每个 IP 每分钟至多 10 次）：返回申请编号 trackingNo 和只显示一次的查询码 queryCode。' +
      '带工作人员令牌时登记当面、邮寄、传真收到的申请，须给出 channel 和收到申请日期 receivedOn。字段 website 须留空。',
    tag: REQUESTS_TAG,
    access: 'optional',
    body: SubmitRequestBody,
    success: { status: 201, description: '已提交的申请', schema: Submitted },
    errors: [400, 403, 429],
  },
  getRequest: {
    method: 'GET',
    url: '/requests/:id',
    summary: '申请查询',
    description:
      '申请人用申请编号（如 SC2026-000123）和查询码 code 查询办理状态、各步骤日期、答复期限及其依据 dueReason、办理结果和已出具的文书 letters（[{ id, kind, title, letterNo, issuedOn }]），不含申请人个人信息；编号或查询码错误均返回 404；同一地址核对查询码过于频繁（网页与接口合计，每分钟有上限）返回 429。' +
      '工作人员用数字编号和令牌取得完整记录（receivedOn、dueOn、dueReason、status、events；补正期限 supplementDueOn、缴费期限 feePaymentDueOn 及其依据 supplementNotice、feeNotice，' +
      '自申请人收到告知书之日起计算；收到后转办的 referral：告知申请人向其申请的机关名称 organName 和联系方式 organContact）。',
    tag: REQUESTS_TAG,
    access: 'optional',
    params: RequestRefParams,
    querystring: StatusQuery,
    success: { status: 200, description: '公开查询视图或工作人员视图', schema: RequestStatusView },
    errors: [400, 404, 429],
  },
  addRequestEvent: {
    method: 'POST',
    url: '/requests/:id/events',
    summary: '记录办理步骤',
    description:
      '记录一个办理步骤 { type, on, … }（确认收到、告知补正、收到补正、征求意见、延长期限、收费、登记告知书送达、转办、答复、送达、撤回、复议和诉讼）。' +
      '当前状态不允许的返回 409，角色不允许的返回 403（延长答复期限须由政府信息公开工作机构负责人办理），均不作任何改动。' +
      '补正期限、缴费期限自申请人收到告知书之日起计算：告知书可带 deliveryMethod 和 deliveredOn，未填送达方式时按申请人选择的获取方式推定，网上送达、电子邮件以发出之日为收到之日，' +
      '邮寄（以签收之日为准）、当面送达须填写 deliveredOn 或日后以 notice-delivered 登记（可再次登记更正）。期限届满前记录 supplement-expired、fee-expired 返回 409，' +
      'error.earliestOn 为最早可以记录的日期；答复期限届满后延长（extend）返回 409；网上申请的步骤日期不能早于提交之日（400）。' +
      'transfer：尚未确认收到的网上申请转由 toUnitId 单位办理（申请随之转移）；已收到的申请不转移，仍由本单位答复并计入本单位年度报告，' +
      '须填写负责公开的机关 organName（或本平台单位 toUnitId，自动取其名称和联系方式）和联系方式 organContact（第三十六条第（五）项）。',
    tag: REQUESTS_TAG,
    access: 'staff',
    params: RequestIdParams,
    body: EventBody,
    success: { status: 200, description: '办理后的申请（工作人员视图）', schema: StaffRequest },
    errors: [400, 403, 404, 409],
  },
  getRequestLetter: {
    method: 'GET',
    url: '/requests/:id/letters/:letterId',
    summary: '申请人取得已出具的文书',
    description:
      '申请人用申请编号、文书编号和查询码 code 取得已出具的答复书或告知书全文（标题、文号、各段正文）。编号、查询码或文书编号错误均返回同样的 404；核对查询码的次数与申请查询合计限制（429）。',
    tag: REQUESTS_TAG,
    access: 'public',
    params: RequestLetterParams,
    querystring: RequestLetterQuery,
    success: { status: 200, description: '文书全文', schema: RequestLetter },
    errors: [400, 404, 429],
  },
});

export async function registerRequestRoutes(api: FastifyInstance, db: Db): Promise<void> {
  const deps = { db };
  // Applicants' routes check a query code: counted with the web pages' checks (TRACK_RATE_LIMIT).
  const countCodeCheck = codeCheckLimit(api);

  const route = (op: DefinedOperation, handler: RouteHandlerMethod, config?: Record<string, unknown>) => apiRoute(api, op, handler, config);

  route(
    OPERATIONS.submitRequest,
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      const r = unwrap(await submitRequest(deps, req.actor ?? null, req.body));
      return reply.status(201).send(r);
    },
    // The limit protects the public form; staff registering offline requests with a token are exempt.
    { rateLimit: { max: SUBMIT_RATE_LIMIT, timeWindow: '1 minute', allowList: (req: FastifyRequest) => req.actor != null } },
  );

  route(OPERATIONS.getRequest, async (req, reply) => {
    const { id } = req.params as { id: string };
    reply.header('Cache-Control', 'no-store');
    if (TRACKING_NO_RE.test(id)) {
      const { code } = req.query as { code?: string };
      await countCodeCheck(req);
      return unwrap(await getPublicStatus(db, id, code ?? ''));
    }
    if (!req.actor) {
      reply.header('WWW-Authenticate', 'Bearer realm="gongkai"');
      throw new AppError('UNAUTHENTICATED', '查看申请的完整记录需要 API 令牌；申请人请用申请编号和查询码查询。');
    }
    reply.removeHeader('Access-Control-Allow-Origin');
    const view = unwrap(await getStaffView(db, req.actor, Number(id)));
    await auditRead(db, req.actor, { action: 'request.read-personal', entity: 'request', entityId: view.id, unitId: view.unitId, detail: { via: 'api' } });
    return view;
  });

  route(OPERATIONS.getRequestLetter, async (req, reply) => {
    const { id, letterId } = req.params as { id: string; letterId: number };
    const { code } = req.query as { code?: string };
    reply.header('Cache-Control', 'no-store');
    await countCodeCheck(req);
    const l = await getPublicLetter(db, id, code ?? '', letterId);
    if (!l) throw new AppError('NOT_FOUND', '申请编号或查询码不正确。');
    return { id: l.id, kind: l.kind, title: l.title, letterNo: l.letterNo, issuedOn: l.issuedOn, current: l.current, paragraphs: l.letter.paragraphs };
  });

  route(OPERATIONS.addRequestEvent, async (req) => {
    const { id } = req.params as { id: number };
    return unwrap(await applyRequestEvent(deps, req.actor!, id, req.body ?? {}));
  });
}
