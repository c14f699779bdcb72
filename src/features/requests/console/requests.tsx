// Console pages for 依申请公开 (disclosure requests): the queue with the statutory clock, the
// registration of offline requests, the request page with one form per allowed workflow event,
// and the reply letter (editable, printable, .docx). The law lives in features/requests/.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import { can, type Actor } from '../../../platform/access/roles.ts';
import { loadUnitTree } from '../../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, ErrorSummary, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../../platform/views/format.ts';
import { parseJson, type Db } from '../../../platform/db/index.ts';
import { renderPage } from '../../../platform/views/render.ts';
import { contentDisposition } from '../../../platform/files/index.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../../platform/calendar/calendar.ts';
import { dueBounds, eventsByRequest } from '../requests.due.ts';
import { applyRequestEvent, submitRequest } from '../requests.commands.ts';
import { auditRead } from '../../../platform/audit/index.ts';
import {
  DELIVERIES,
  DELIVERY_LABELS,
  FORMS,
  FORM_LABELS,
  clockRequest,
  getStaffView,
  type StaffRequestView,
} from '../requests.repository.ts';
import {
  CHANNEL_LABELS,
  CONSULTATION_LABELS,
  CONSULTATION_PARTIES,
  DELIVERY_METHOD_LABELS,
  DELIVERY_METHODS,
  EVENT_LABELS,
  FEE_BASES,
  FEE_BASIS_LABELS,
  LITIGATION_RESULTS,
  LITIGATION_RESULT_LABELS,
  CONSULTATION_RESULTS,
  CONSULTATION_RESULT_LABELS,
  CORRECTION_RESULTS,
  CORRECTION_RESULT_LABELS,
  MAX_EXTENSION_WORKING_DAYS,
  MAX_SUPPLEMENT_PERIOD_WORKING_DAYS,
  RECEIPT_RULES,
  NOTICE_DELIVERY_LABELS,
  NOTICE_DELIVERY_METHODS,
  DELIVERED_NOTICE_LABELS,
  defaultNoticeMethod,
  computeClock,
  isEventType,
  type EventType,
  type RequestEvent,
} from '../clock.ts';
import { REQUEST_STATUSES, REQUEST_STATUS_LABELS, isRequestStatus } from '../transitions.ts';
import { OUTCOMES, OUTCOME_GROUPS, OUTCOME_GROUP_DEFS, isOutcomeCode, outcomesOfGroup } from '../outcomes.ts';
import { APPLICANT_TYPES, isApplicantType, ID_TYPES, ID_TYPE_LABELS, applicantTypeFullLabel, maskApplicant, type Applicant } from '../applicant.ts';
import requestLetterRoutes, { LettersSection, NoticeLink } from './request-letters.tsx';
import { listLetters, type IssuedLetter } from '../letters/letters.repository.ts';
import { pageRequestQueue, requestRoleOf, type QueueRawRow } from '../requests.repository.ts';
import requestFileRoutes, { RequestFilesSection, filesSection, type FilesSectionProps } from './request-files.tsx';
import { supplementsWaiting } from '../requests.files.ts';
import { createReceipt, readApplicationForm, uploadLimits, type NewRequestFile, type UploadLimits } from '../requests.files.ts';
import { FileField } from '../views/apply.tsx';
import { EventFormBody, RegisterFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';
import { AdminPage, PAGE_SIZE, RadioField, SelectField, TextArea, TextField, idParam, pageParam, requireRole, sendPage, unitOptions, val, type OptGroup, type Option } from '../../admin/public.ts';

const CRUMBS: [string, string][] = [
  ['/admin', '我的待办'],
  ['/admin/requests', '依申请公开办理'],
];


// ---------------------------------------------------------------------------
// Queue: order, 即将到期 / 已超期 and the count come from the stored due columns (migration 0005,
// features/requests/requests.due.ts) in SQL; only the page's rows are turned into QueueRows.
// ---------------------------------------------------------------------------

interface QueueRow {
  id: number;
  trackingNo: string;
  applicant: ReturnType<typeof maskApplicant> | null;
  unitName: string;
  channelLabel: string;
  receivedOn: string | null;
  status: string;
  dueOn: string | null;
  dueReason: string;
  dueSoon: boolean;
  overdue: boolean;
  provisional: boolean;
  /** Awaiting 补正 and the applicant uploaded materials online since the notice. */
  supplementUploaded?: boolean;
}

type RawRow = QueueRawRow;

/**
 * The queue's units: the actor's scope; none (every unit) when the scope is every unit (admins, the office
 * head of 区政府): the planner then walks the order index and stops after one page. Unit names come from the
 * cached unit tree, not from a join.
 */
function queueUnits(actor: Actor, allUnits: boolean): number[] | null {
  return actor.role !== 'admin' && !allUnits ? [...actor.scope] : null;
}

/**
 * The page's rows from their stored due columns; badges from today and the SQL bounds. A request
 * in an open consultation has a due date that moves every working day (projected as if the
 * consultation ended today), so those few rows are clocked live from their events.
 */
async function clockRows(db: Db, rows: RawRow[], unitNames: ReadonlyMap<number, { name: string }>, calendar: WorkCalendar, bounds: { today: string; soonBefore: string }): Promise<QueueRow[]> {
  if (!rows.length) return [];
  const live = rows.filter((r) => r.status === 'in-consultation');
  const events = await eventsByRequest(
    db,
    live.map((r) => r.id),
  );
  const uploaded = await supplementsWaiting(db, rows.filter((r) => r.status === 'awaiting-supplement').map((r) => r.id));
  return rows.map((r) => {
    const stored = parseJson<Omit<Applicant, 'type'> | null>(r.applicant, null);
    const a = stored && isApplicantType(r.applicant_type) ? ({ ...stored, type: r.applicant_type } as Applicant) : null;
    const request = clockRequest(r as any);
    const base = {
      id: r.id,
      trackingNo: r.tracking_no,
      applicant: a ? maskApplicant(a) : null,
      unitName: unitNames.get(r.unit_id)?.name ?? '',
      channelLabel: CHANNEL_LABELS[request.channel],
      status: r.status,
      supplementUploaded: uploaded.has(r.id),
    };
    if (r.status === 'in-consultation') {
      const c = computeClock(request, events.get(r.id) ?? [], calendar, bounds.today);
      return { ...base, receivedOn: c.receivedOn, dueOn: c.dueOn, dueReason: c.dueReason, dueSoon: c.dueSoon, overdue: c.overdue, provisional: c.provisional };
    }
    const running = Number(r.clock_running) === 1 && r.due_on !== null;
    return {
      ...base,
      receivedOn: r.received_on,
      dueOn: r.due_on,
      dueReason: r.due_reason,
      dueSoon: running && r.due_on! >= bounds.today && r.due_on! < bounds.soonBefore,
      overdue: running && r.due_on! < bounds.today,
      provisional: Number(r.due_provisional) === 1,
    };
  });
}

export function DueBadges({ row }: { row: { dueSoon: boolean; overdue: boolean; provisional: boolean } }) {
  return (
    <>
      {row.overdue ? <span class="badge bad">已超期</span> : null}
      {row.dueSoon ? <span class="badge warn">即将到期</span> : null}
      {row.provisional ? <span class="badge warn">暂定</span> : null}
    </>
  );
}

function QueueTable({ rows }: { rows: QueueRow[] }) {
  if (!rows.length) return <p class="muted">没有符合条件的申请。</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="申请列表">
      <table class="list">
        <thead>
          <tr>
            <th scope="col">申请编号</th>
            <th scope="col">申请人</th>
            <th scope="col">单位</th>
            <th scope="col">收到日期</th>
            <th scope="col">状态</th>
            <th scope="col">答复期限</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td class="nowrap">
                <a href={`/admin/requests/${r.id}`}>{r.trackingNo}</a>
              </td>
              <td data-label="申请人">
                {r.applicant ? (
                  <>
                    {r.applicant.name}
                    <span class="muted small">（{r.applicant.typeLabel}）</span>
                  </>
                ) : (
                  ''
                )}
              </td>
              <td data-label="单位">{r.unitName}</td>
              <td class="nowrap" data-label="收到日期">
                {r.receivedOn ?? <span class="muted">待确认</span>}
                <span class="muted small">（{r.channelLabel}）</span>
              </td>
              <td class="nowrap" data-label="状态">
                {isRequestStatus(r.status) ? REQUEST_STATUS_LABELS[r.status] : r.status}
                {r.supplementUploaded ? <span class="badge warn">申请人已在线提交补正材料</span> : null}
              </td>
              <td data-label="答复期限">
                <span class="nowrap" title={r.dueReason}>
                  {r.dueOn ?? <span class="muted">未起算</span>}
                </span>{' '}
                <DueBadges row={r} />
                <br />
                <span class="muted small">{r.dueReason}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------
// Registration form (offline requests)
// ---------------------------------------------------------------------------

const REGISTER_FIELDS = Object.keys(RegisterFormBody.properties) as (keyof Static<typeof RegisterFormBody>)[];
const OFFLINE_CHANNELS = ['in-person', 'post', 'fax'] as const;

function RegisterForm({ ctx, values, errors, units, message, status, limits }: { ctx: PageContext; values: Record<string, string>; errors: FieldErrors; units: Option[]; message?: string; status?: number; limits: UploadLimits }) {
  const e = (k: string) => errors[k];
  return (
    <AdminPage
      ctx={ctx}
      title="登记依申请公开申请"
      message={message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)}
      fields={errors}
      crumbs={CRUMBS}
    >
      <form method="post" action="/admin/requests/new" enctype="multipart/form-data" class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <p class="muted">登记当面提交、邮寄或传真的申请。网上申请由申请人在门户网站提交，无需登记。申请人信息只有本单位办理人员可以查看。</p>
        <fieldset>
          <legend>收到申请</legend>
          <RadioField name="channel" label="申请渠道" value={values.channel} error={e('channel')} options={OFFLINE_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
          <TextField
            name="receivedOn"
            type="date"
            label="收到申请日期"
            required
            value={values.receivedOn}
            error={e('receivedOn')}
            hint={
              <>
                {RECEIPT_RULES['in-person']}；{RECEIPT_RULES.post}；{RECEIPT_RULES.fax}。
              </>
            }
          />
          <SelectField name="unitId" label="受理单位" required value={values.unitId} error={e('unitId')} options={units} />
        </fieldset>
        <fieldset>
          <legend>申请人</legend>
          <SelectField
            name="applicantType"
            label="申请人类型"
            required
            value={values.applicantType}
            error={e('applicantType')}
            empty="（请选择）"
            options={APPLICANT_TYPES.map((t) => ({ value: t, label: applicantTypeFullLabel(t) }))}
          />
          <TextField name="applicant.name" label="姓名或名称" required value={values['applicant.name']} error={e('applicant.name')} maxLength={100} />
          <SelectField name="applicant.idType" label="身份证明类型" required value={values['applicant.idType']} error={e('applicant.idType')} empty="（请选择）" options={ID_TYPES.map((t) => ({ value: t, label: ID_TYPE_LABELS[t] }))} />
          <TextField name="applicant.idNumber" label="证件号码" required value={values['applicant.idNumber']} error={e('applicant.idNumber')} maxLength={50} hint="居民身份证和统一社会信用代码会校验校验位。" />
          <TextField name="applicant.phone" type="tel" label="联系电话" value={values['applicant.phone']} error={e('applicant.phone')} maxLength={30} hint="电话、电子邮箱、通信地址至少填写一项。" />
          <TextField name="applicant.email" type="email" label="电子邮箱" value={values['applicant.email']} error={e('applicant.email')} maxLength={254} />
          <TextField name="applicant.address" label="通信地址" value={values['applicant.address']} error={e('applicant.address')} maxLength={200} />
        </fieldset>
        <fieldset>
          <legend>所需信息</legend>
          <TextField name="docRef" label="信息名称或文号" value={values.docRef} error={e('docRef')} maxLength={200} />
          <TextArea name="description" label="内容描述" value={values.description} error={e('description')} rows={4} hint="名称、文号或便于查询的其他特征性描述，至少填写一项。" />
          <SelectField name="form" label="获取信息的形式" required value={values.form} error={e('form')} empty="（请选择）" options={FORMS.map((f) => ({ value: f, label: FORM_LABELS[f] }))} />
          <SelectField name="delivery" label="获取信息的方式" required value={values.delivery} error={e('delivery')} empty="（请选择）" options={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))} />
        </fieldset>
        <fieldset>
          <legend>附件（选填）</legend>
          <FileField name="files" label="申请材料" limits={limits} error={e('files')} hint="如申请表、身份证明复印件的扫描件。" />
        </fieldset>
        <div class="actions">
          <button type="submit">登记申请</button>
          <a class="button secondary" href="/admin/requests">
            取消
          </a>
        </div>
      </form>
    </AdminPage>
  );
}

function registrationInput(v: Record<string, string>): Record<string, unknown> {
  return {
    channel: v.channel ?? '',
    receivedOn: v.receivedOn ?? '',
    applicantType: v.applicantType ?? '',
    applicant: {
      name: v['applicant.name'] ?? '',
      idType: v['applicant.idType'] ?? '',
      idNumber: v['applicant.idNumber'] ?? '',
      phone: v['applicant.phone'] ?? '',
      email: v['applicant.email'] ?? '',
      address: v['applicant.address'] ?? '',
    },
    unitId: v.unitId ?? '',
    description: v.description ?? '',
    docRef: v.docRef ?? '',
    form: v.form ?? '',
    delivery: v.delivery ?? '',
  };
}

// ---------------------------------------------------------------------------
// Request page
// ---------------------------------------------------------------------------

interface DetailState {
  status?: number;
  message?: string;
  fields?: FieldErrors;
  /** The event type the fields belong to. */
  action?: string;
  values?: Record<string, string>;
  flash?: string | null;
}

/** Form fields of each event (what the command's parseEvent reads). */
const EVENT_FIELDS: Record<EventType, string[]> = {
  'confirm-receipt': ['on'],
  'request-supplement': ['on', 'periodDays', 'items', 'deliveryMethod', 'deliveredOn'],
  'supplement-received': ['on'],
  'supplement-expired': ['on'],
  'consultation-started': ['on', 'party', 'with'],
  'consultation-ended': ['on', 'result'],
  extend: ['on', 'days', 'reason'],
  'fee-notice': ['on', 'basis', 'pages', 'deliveryMethod', 'deliveredOn'],
  'fee-paid': ['on'],
  'fee-expired': ['on'],
  'notice-delivered': ['on', 'deliveredOn', 'deliveryMethod'],
  transfer: ['on', 'toUnitId', 'organName', 'organContact'],
  decide: ['on', 'outcome'],
  deliver: ['on', 'method'],
  withdraw: ['on'],
  'review-filed': ['on'],
  'review-result': ['on', 'result'],
  'lawsuit-filed': ['on'],
  'lawsuit-result': ['on', 'result'],
  'reasons-requested': ['on', 'reason'],
  'correction-requested': ['on', 'items'],
  'correction-answered': ['on', 'result', 'with', 'reason'],
};

/** Results offered per event (the `result` field). */
const RESULT_OPTIONS: Partial<Record<EventType, { value: string; label: string }[]>> = {
  'consultation-ended': CONSULTATION_RESULTS.map((r) => ({ value: r, label: CONSULTATION_RESULT_LABELS[r] })),
  'correction-answered': CORRECTION_RESULTS.map((r) => ({ value: r, label: CORRECTION_RESULT_LABELS[r] })),
};

/** Labels of shared field names that mean something else for some events. */
const FIELD_LABELS: Partial<Record<EventType, Record<string, string>>> = {
  'reasons-requested': { reason: '申请数量、频次明显超过合理范围的情况' },
  'correction-requested': { items: '申请人认为不准确的记录、要求更正的内容及其证据' },
  'correction-answered': { with: '有权更正的行政机关（转送或告知时填写）', reason: '处理说明（将写入更正申请答复书）' },
};

const EVENT_HINTS: Partial<Record<EventType, string>> = {
  'confirm-receipt': '网上申请以双方确认之日为收到申请之日，答复期限自次日起计算。',
  'request-supplement': '补正只能一次性告知，应在收到申请之日起 7 个工作日内发出；答复期限自收到补正材料之日起重新计算。',
  'supplement-received': '答复期限自此日起重新计算 20 个工作日。',
  'supplement-expired': '申请人无正当理由逾期不补正的，视为放弃申请（其他处理 1）。补正期限自申请人收到补正告知书之日起计算，期满后方可记录。',
  'notice-delivered': '补正期限、缴费期限自申请人收到告知书之日起计算。邮寄的以签收之日为准，当面送达的以交付之日为准；已登记的日期有误的，可再次登记更正。',
  'consultation-started': '征求第三方或其他机关意见所需时间不计入答复期限。',
  'consultation-ended': '第三方不同意公开且有合理理由的，不予公开；认为不公开可能对公共利益造成重大影响而决定公开的，须书面告知第三方。其他机关逾期未提出意见的，视为同意公开（第三十四条）。',
  'reasons-requested': '申请数量、频次明显超过合理范围的，可以要求申请人说明理由（第三十五条）；理由不合理的，才能按“不予处理”答复。',
  'correction-requested': '申请人有证据证明本机关提供的与其自身相关的政府信息记录不准确的，可以要求更正（第四十一条）。',
  extend: '答复期限只能延长一次，最长 20 个工作日，须经政府信息公开工作机构负责人同意，并告知申请人。',
  'fee-notice': '金额由系统按《政府信息公开信息处理费管理办法》计算：按件计收看该申请人当月向本机关提出的申请件数（10 件以内免费），按量计收看页数（30 页以内免费）；申请人应在 20 个工作日内缴费。',
  'fee-expired': '逾期未缴纳的，视为放弃申请（其他处理 2）。缴费期限自申请人收到收费通知之日起 20 个工作日，期满后方可记录。',
  decide: '每件答复只能选择一个办理结果。',
};

const OUTCOME_OPTIONS: OptGroup[] = OUTCOME_GROUPS.map((g) => ({
  group: OUTCOME_GROUP_DEFS[g].rowLabel.replace(/（区分处理.*$/, ''),
  options: outcomesOfGroup(g)
    .filter((o) => o.code !== 'other-1' && o.code !== 'other-2')
    .map((o) => ({ value: o.code, label: o.displayLabel })),
})).filter((g) => g.options.length > 0);

function EventForm({ ctx, view, type, today, units, errFor, valFor }: { ctx: PageContext; view: StaffRequestView; type: EventType; today: string; units: Option[]; errFor: (a: string, k: string) => string | undefined; valFor: (a: string, k: string) => string }) {
  const p = type;
  const v = (k: string, dflt = '') => valFor(type, k) || dflt;
  const fields = EVENT_FIELDS[type];
  return (
    <section class="action card" aria-labelledby={`h-${type}`}>
      <h3 id={`h-${type}`}>{EVENT_LABELS[type]}</h3>
      {EVENT_HINTS[type] ? <p class="muted small">{EVENT_HINTS[type]}</p> : null}
      {type === 'decide' && view.referral ? (
        <p class="small">已告知申请人向{view.referral.organName}申请：所申请信息不属于本机关负责公开的，办理结果一般为“{OUTCOMES['unable-1'].displayLabel}”（第三十六条第（五）项）。</p>
      ) : null}
      <form method="post" action={`/admin/requests/${view.id}/events`} class="stack">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="type" value={type} />
        <TextField name="on" idPrefix={p} type="date" label="日期" required value={v('on', today)} max={today} error={errFor(type, 'on')} />
        {fields.includes('periodDays') ? (
          <TextField name="periodDays" idPrefix={p} type="number" inputMode="numeric" min="1" max={String(MAX_SUPPLEMENT_PERIOD_WORKING_DAYS)} label="补正期限（工作日）" required value={v('periodDays', '10')} error={errFor(type, 'periodDays')} />
        ) : null}
        {fields.includes('party') ? (
          <SelectField name="party" idPrefix={p} label="征求意见对象" value={v('party', 'third-party')} error={errFor(type, 'party')} options={CONSULTATION_PARTIES.map((x) => ({ value: x, label: CONSULTATION_LABELS[x] }))} />
        ) : null}
        {fields.includes('days') ? (
          <TextField name="days" idPrefix={p} type="number" inputMode="numeric" min="1" max={String(MAX_EXTENSION_WORKING_DAYS)} label="延长工作日数" required value={v('days', String(MAX_EXTENSION_WORKING_DAYS))} error={errFor(type, 'days')} hint={`不超过 ${MAX_EXTENSION_WORKING_DAYS} 个工作日，自原答复期限起算。`} />
        ) : null}
        {fields.includes('items') ? (
          <TextArea name="items" idPrefix={p} label={FIELD_LABELS[type]?.items ?? '需要补正的事项'} required value={v('items')} error={errFor(type, 'items')} rows={3} hint="一次性写明全部需要补正的内容，例如：请补充所需信息的文号或形成时间。" />
        ) : null}
        {fields.includes('with') ? (
          <TextField name="with" idPrefix={p} label={FIELD_LABELS[type]?.with ?? '征求意见的第三方或机关名称'} value={v('with')} error={errFor(type, 'with')} maxLength={200} />
        ) : null}
        {fields.includes('reason') ? (
          <TextArea name="reason" idPrefix={p} label={FIELD_LABELS[type]?.reason ?? '延长理由'} value={v('reason')} error={errFor(type, 'reason')} rows={2} hint={type === 'extend' ? '将写入延长答复期限告知书。' : undefined} />
        ) : null}
        {fields.includes('basis') ? (
          <RadioField name="basis" idPrefix={p} label="计费方式" value={v('basis', 'count')} error={errFor(type, 'basis')} options={FEE_BASES.map((b) => ({ value: b, label: FEE_BASIS_LABELS[b] }))} />
        ) : null}
        {fields.includes('pages') ? (
          <TextField name="pages" idPrefix={p} type="number" inputMode="numeric" min="1" label="页数（按量计收时填写）" value={v('pages')} error={errFor(type, 'pages') ?? errFor(type, 'amount')} />
        ) : null}
        {fields.includes('deliveryMethod') ? (
          <SelectField
            name="deliveryMethod"
            idPrefix={p}
            label={type === 'notice-delivered' ? '送达方式' : '告知书送达方式'}
            value={v('deliveryMethod', noticeOf(view, type)?.method ?? defaultNoticeMethod(view.delivery))}
            error={errFor(type, 'deliveryMethod')}
            options={NOTICE_DELIVERY_METHODS.map((m) => ({ value: m, label: NOTICE_DELIVERY_LABELS[m] }))}
            hint={type === 'notice-delivered' ? undefined : '网上送达、电子邮件以发出之日为申请人收到之日；邮寄以签收之日、当面送达以交付之日为准，须填写或日后登记收到日期。'}
          />
        ) : null}
        {fields.includes('deliveredOn') ? (
          <TextField
            name="deliveredOn"
            idPrefix={p}
            type="date"
            label={type === 'notice-delivered' ? `申请人收到${DELIVERED_NOTICE_LABELS[view.status === 'awaiting-fee' ? 'fee-notice' : 'request-supplement']}的日期` : '申请人收到日期（选填）'}
            required={type === 'notice-delivered'}
            value={v('deliveredOn', type === 'notice-delivered' ? today : '')}
            max={today}
            error={errFor(type, 'deliveredOn')}
            hint={type === 'notice-delivered' ? '邮寄的填写签收日期（以回执或邮件查询结果为准）。' : '已知申请人收到（签收）日期的填写；不填时按送达方式确定。'}
          />
        ) : null}
        {fields.includes('toUnitId') && view.status === 'awaiting-confirmation' ? (
          <>
            <p class="small">申请人选错受理单位的（尚未确认收到），申请转由负责的单位确认收到并办理，由该单位答复和统计。</p>
            <SelectField name="toUnitId" idPrefix={p} label="转办单位" required value={v('toUnitId')} error={errFor(type, 'toUnitId')} empty="（请选择）" options={units.filter((u) => u.value !== String(view.unitId))} />
          </>
        ) : fields.includes('toUnitId') ? (
          <>
            <p class="small">已收到的申请，所申请信息不属于本机关负责公开的，仍由本机关答复：告知申请人向负责公开的机关申请，并告知该机关的名称、联系方式（《政府信息公开条例》第三十六条第（五）项），本申请计入本机关年度报告。</p>
            <SelectField name="toUnitId" idPrefix={p} label="负责公开的单位（本平台的单位，选填）" value={v('toUnitId')} error={errFor(type, 'toUnitId')} empty="（不在本平台，填写下面的名称）" options={units.filter((u) => u.value !== String(view.unitId))} hint="选择后自动填写名称和联系方式（来自该单位的公开指南）。" />
            <TextField name="organName" idPrefix={p} label="负责公开的机关名称" value={v('organName')} error={errFor(type, 'organName')} maxLength={200} />
            <TextField name="organContact" idPrefix={p} label="该机关的联系方式" value={v('organContact')} error={errFor(type, 'organContact')} maxLength={200} hint="如电话、地址，将写入答复书。" />
          </>
        ) : null}
        {fields.includes('outcome') ? (
          <SelectField name="outcome" idPrefix={p} label="办理结果" required value={v('outcome', view.referral ? 'unable-1' : '')} error={errFor(type, 'outcome')} empty="（请选择）" options={OUTCOME_OPTIONS} hint="逾期不补正、逾期未缴费的，请记录相应步骤，系统自动按其他处理结案。" />
        ) : null}
        {fields.includes('method') ? (
          <SelectField name="method" idPrefix={p} label="送达方式" value={v('method', (DELIVERY_METHODS as readonly string[]).includes(view.delivery) ? view.delivery : '')} error={errFor(type, 'method')} empty="（不填写）" options={DELIVERY_METHODS.map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))} />
        ) : null}
        {fields.includes('result') ? (
          <SelectField name="result" idPrefix={p} label="结果" required={type !== 'consultation-ended'} value={v('result')} error={errFor(type, 'result')} empty={type === 'consultation-ended' ? '（不填写）' : '（请选择）'} options={RESULT_OPTIONS[type] ?? LITIGATION_RESULTS.map((r) => ({ value: r, label: LITIGATION_RESULT_LABELS[r] }))} />
        ) : null}
        <TextArea name="note" idPrefix={p} label="办理说明（选填，仅工作人员可见）" value={v('note')} error={errFor(type, 'note')} rows={2} />
        <button type="submit" class={type === 'withdraw' || type.endsWith('-expired') ? 'secondary' : undefined}>
          {EVENT_LABELS[type]}
        </button>
      </form>
    </section>
  );
}

/** The notice a `notice-delivered` step (or the notice step itself) is about. */
function noticeOf(view: StaffRequestView, type: EventType) {
  if (type === 'fee-notice') return view.feeNotice;
  if (type === 'request-supplement') return view.supplementNotice;
  if (type === 'notice-delivered') return view.status === 'awaiting-fee' ? view.feeNotice : view.supplementNotice;
  return null;
}

/** An applicant's period (补正, fee): its end, counted from the receipt of the notice, and why. */
function NoticeDue({ label, notice }: { label: string; notice: NonNullable<StaffRequestView['supplementNotice']> }) {
  return (
    <p class="small">
      {label}
      {notice.dueOn ? `至：${notice.dueOn}` : '：待登记申请人收到告知书的日期'}
      {notice.provisional ? <span class="badge warn">暂定</span> : null}
      <br />
      <span class="muted">{notice.reason}</span>
    </p>
  );
}

function Row({ label, children }: { label: string; children: any }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

function DetailPage({ ctx, view, state, units, unitNames, files, letters }: { ctx: PageContext; view: StaffRequestView; state: DetailState; units: Option[]; unitNames: Map<number, string>; files?: FilesSectionProps; letters?: { items: IssuedLetter[]; canIssue: boolean } }) {
  const fe = state.fields ?? {};
  const vals = state.values ?? {};
  const errFor = (action: string, k: string) => (state.action === action ? fe[k] : undefined);
  const valFor = (action: string, k: string) => (state.action === action ? vals[k] ?? '' : '');
  const today = todayBeijing();
  const a = view.applicant;
  const events = view.allowedEvents.filter(isEventType);
  const summary: FieldErrors = {};
  for (const [k, v] of Object.entries(fe)) summary[`${state.action}-${k}`] = v;
  const decided = isOutcomeCode(view.outcome);
  return (
    <AdminPage ctx={ctx} title={`申请 ${view.trackingNo}`} flash={state.flash} crumbs={CRUMBS}>
      <ErrorSummary message={state.message} fields={Object.keys(summary).length ? summary : undefined} />
      <p class="status-line">
        <span>
          状态：<strong>{view.statusLabel}</strong>
        </span>
        {view.outcomeLabel ? <span>办理结果：{view.outcomeLabel}</span> : null}
        <span>渠道：{view.channelLabel}</span>
        {decided ? (
          <a class="button secondary" href={`/admin/requests/${view.id}/letter`}>
            答复书
          </a>
        ) : null}
      </p>

      <div class={view.overdue ? 'notice bad' : 'notice'}>
        <h2>答复期限</h2>
        <p>
          <strong>{view.dueOn ?? '未起算'}</strong> <DueBadges row={view} />
          {view.daysLeft !== null && !view.overdue ? <span class="muted">（剩余 {view.daysLeft} 个工作日）</span> : null}
        </p>
        <p class="small">{view.dueReason}</p>
        {view.supplementNoticeDueOn && view.status === 'in-progress' && !view.events.some((e) => e.type === 'request-supplement') ? <p class="small">如需补正，应不晚于 {view.supplementNoticeDueOn} 一次性告知</p> : null}
        {view.supplementNotice ? <NoticeDue label="补正期限" notice={view.supplementNotice} /> : null}
        {view.feeNotice ? <NoticeDue label="缴费期限" notice={view.feeNotice} /> : null}
        {view.referral ? (
          <p class="small">
            已告知申请人向{view.referral.organName}申请{view.referral.organContact ? `（联系方式：${view.referral.organContact}）` : ''}；本机关仍应在答复期限内作出答复（《政府信息公开条例》第三十六条第（五）项），本申请计入本机关年度报告。
          </p>
        ) : null}
        {view.warnings.map((w) => (
          <p class="small warn-text">{w}</p>
        ))}
      </div>

      <h2>申请信息</h2>
      <table class="meta">
        <tbody>
          <Row label="申请编号">{view.trackingNo}</Row>
          <Row label="受理单位">{view.unitName}</Row>
          <Row label="收到申请日期">{view.receivedOn ?? <span class="muted">待确认收到</span>}</Row>
          <Row label="申请人类型">{view.applicantTypeLabel}</Row>
          <Row label="姓名或名称">{a.name}</Row>
          <Row label="身份证明">
            {ID_TYPE_LABELS[a.idType] ?? a.idType} {a.idNumber}
          </Row>
          <Row label="联系电话">{a.phone ?? ''}</Row>
          <Row label="电子邮箱">{a.email ?? ''}</Row>
          <Row label="通信地址">{a.address ?? ''}</Row>
          <Row label="信息名称或文号">{view.docRef}</Row>
          <Row label="内容描述">
            <span class="pre">{view.description}</span>
          </Row>
          <Row label="获取形式">{FORM_LABELS[view.form as keyof typeof FORM_LABELS] ?? view.form}</Row>
          <Row label="获取方式">{DELIVERY_LABELS[view.delivery as keyof typeof DELIVERY_LABELS] ?? view.delivery}</Row>
          <Row label="登记时间">{fmtDateTime(view.createdAt)}</Row>
        </tbody>
      </table>

      {files ? <RequestFilesSection ctx={ctx} section={files} error={errFor('files', 'files')} /> : null}

      <h2 id="history">办理记录</h2>
      {view.events.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="办理记录">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">步骤</th>
                <th scope="col">说明</th>
                <th scope="col">操作人</th>
              </tr>
            </thead>
            <tbody>
              {view.events.map((e) => (
                <tr>
                  <td class="nowrap" data-label="日期">
                    {e.on}
                  </td>
                  <td data-label="步骤">
                    {e.label}
                    <NoticeLink view={view} type={e.type} canIssue={letters?.canIssue ?? false} />
                  </td>
                  <td data-label="说明">
                    {eventDetail(e.payload, unitNames)}
                    {e.payload.note ? <div class="muted small">办理说明：{e.payload.note}</div> : null}
                  </td>
                  <td data-label="操作人">
                    {e.actorName} <span class="muted small">{fmtDateTime(e.at)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">尚无办理记录。</p>
      )}

      {letters ? <LettersSection view={view} letters={letters.items} canIssue={letters.canIssue} /> : null}

      {events.length ? (
        <section aria-labelledby="h-actions">
          <h2 id="h-actions">办理</h2>
          <div class="grid cols-2">
            {events.map((t) => (
              <EventForm ctx={ctx} view={view} type={t} today={today} units={units} errFor={errFor} valFor={valFor} />
            ))}
          </div>
        </section>
      ) : null}
    </AdminPage>
  );
}

function noticeDeliveryText(e: { deliveryMethod?: keyof typeof NOTICE_DELIVERY_LABELS; deliveredOn?: string }): string {
  if (!e.deliveryMethod && !e.deliveredOn) return '';
  return `；${e.deliveryMethod ? NOTICE_DELIVERY_LABELS[e.deliveryMethod] ?? '' : ''}${e.deliveredOn ? `，申请人 ${e.deliveredOn} 收到` : ''}`;
}

function eventDetail(e: RequestEvent, unitNames: Map<number, string>): string {
  switch (e.type) {
    case 'request-supplement':
      return `补正期限 ${e.periodDays} 个工作日${e.items ? `；需补正：${e.items}` : ''}${noticeDeliveryText(e)}`;
    case 'notice-delivered':
      return `${DELIVERED_NOTICE_LABELS[e.notice] ?? ''}：申请人 ${e.deliveredOn} 收到${e.deliveryMethod ? `（${NOTICE_DELIVERY_LABELS[e.deliveryMethod] ?? ''}）` : ''}`;
    case 'consultation-started':
      return `${CONSULTATION_LABELS[e.party] ?? ''}${e.with ? `：${e.with}` : ''}`;
    case 'extend':
      return `延长 ${e.days} 个工作日${e.reason ? `；理由：${e.reason}` : ''}`;
    case 'fee-notice':
      return `${e.amount !== undefined ? `${e.amount} 元${e.detail ? `（${e.detail}）` : ''}` : ''}${noticeDeliveryText(e)}`;
    case 'transfer':
      if (e.mode === 'refer') return `告知申请人向${e.organName ?? (e.toUnitId !== undefined ? unitNames.get(e.toUnitId) : '') ?? '有关机关'}申请${e.organContact ? `（${e.organContact}）` : ''}，本机关答复`;
      return e.toUnitId !== undefined ? `转至 ${unitNames.get(e.toUnitId) ?? `单位 ${e.toUnitId}`}` : '';
    case 'decide':
      return isOutcomeCode(e.outcome) ? OUTCOMES[e.outcome].displayLabel : String(e.outcome);
    case 'deliver':
      return e.method ? DELIVERY_METHOD_LABELS[e.method] ?? '' : '';
    case 'review-result':
    case 'lawsuit-result':
      return LITIGATION_RESULT_LABELS[e.result] ?? '';
    case 'consultation-ended':
      return e.result ? CONSULTATION_RESULT_LABELS[e.result] ?? '' : '';
    case 'reasons-requested':
      return e.reason ?? '';
    case 'correction-requested':
      return e.items;
    case 'correction-answered':
      return `${CORRECTION_RESULT_LABELS[e.result] ?? ''}${e.with ? `：${e.with}` : ''}`;
    default:
      return '';
  }
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

const FLASH_EVENT = (q: unknown): string | null => {
  const t = val(q, 'done');
  return isEventType(t) ? `已记录：${EVENT_LABELS[t]}。` : null;
};

export default async function requestRoutes(app: FastifyInstance) {
  const { db } = app;
  const deps = { db };

  const allUnits = async (): Promise<{ options: Option[]; names: Map<number, string> }> => {
    const tree = await loadUnitTree(db);
    const options: Option[] = [];
    const names = new Map<number, string>();
    const walk = (nodes: typeof tree.roots, depth: number) => {
      for (const n of nodes) {
        options.push({ value: String(n.id), label: `${'　'.repeat(depth)}${n.name}` });
        names.set(n.id, n.name);
        walk(n.children, depth + 1);
      }
    };
    walk(tree.roots, 0);
    return { options, names };
  };

  async function loadView(actor: Actor, id: number): Promise<StaffRequestView> {
    const r = await getStaffView(db, actor, id);
    if (!r.ok) throw new AppError(r.error.code === 'NOT_FOUND' ? 'NOT_FOUND' : r.error.code, r.error.message);
    return r.value;
  }

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, view: StaffRequestView, state: DetailState) {
    const { options, names } = await allUnits();
    const files = await filesSection(app, req, view);
    const letters = { items: await listLetters(db, view.id), canIssue: !!req.actor && requestRoleOf(req.actor, view.unitId) !== null };
    return sendPage(reply, <DetailPage ctx={req.pageCtx()} view={view} state={state} units={options} unitNames={names} files={files} letters={letters} />, state.status ?? 200);
  }

  // ---- queue ----
  app.get('/admin/requests', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const q = req.query as Record<string, unknown>;
    const page = pageParam(q);
    const status = val(q, 'status');
    const due = val(q, 'due');
    const today = todayBeijing();
    const tree = await loadUnitTree(db);
    const unitIds = queueUnits(actor, [...tree.byId.keys()].every((id) => actor.scope.has(id)));
    // 即将到期: today ≤ due < the 4th working day after today (at most 3 working days left);
    // 已超期: due < today — both only where the due date counts (clock_running, requests.due.ts).
    const calendar = await loadCalendar(db);
    const bounds = dueBounds(calendar, today);
    const { total, rows: raw } = await pageRequestQueue(db, { unitIds, status, due, today, soonBefore: bounds.soonBefore, page, pageSize: PAGE_SIZE });
    const rows = await clockRows(db, raw, tree.byId, calendar, bounds);
    const filters = { status, due };
    const ctx = req.pageCtx();
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="依申请公开办理" crumbs={[['/admin', '我的待办']]}>
        {can(actor, 'request.handle') ? (
          <p>
            <a class="button" href="/admin/requests/new">
              登记申请
            </a>
          </p>
        ) : null}
        <p class="muted">按答复期限排列，期限最早的在前。“即将到期”指剩余不超过 3 个工作日，“已超期”和“暂定”均按今天（{today}）计算。申请人信息已作遮蔽处理，打开申请可查看完整信息。</p>
        <form method="get" action="/admin/requests" class="filters" role="search" aria-label="筛选申请">
          <div>
            <label for="flt-status">状态</label>
            <select id="flt-status" name="status">
              <option value="">办理中的申请</option>
              {REQUEST_STATUSES.map((s) => (
                <option value={s} selected={s === status}>
                  {REQUEST_STATUS_LABELS[s]}
                </option>
              ))}
              <option value="all" selected={status === 'all'}>
                全部
              </option>
            </select>
          </div>
          <div>
            <label for="flt-due">期限</label>
            <select id="flt-due" name="due">
              <option value="">全部</option>
              <option value="soon" selected={due === 'soon'}>
                即将到期
              </option>
              <option value="overdue" selected={due === 'overdue'}>
                已超期
              </option>
            </select>
          </div>
          <div>
            <button type="submit">筛选</button>
          </div>
        </form>
        <QueueTable rows={rows} />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/admin/requests${qs({ ...filters, page: n })}`} />
      </AdminPage>,
    );
  });

  // ---- register ----
  const regUnits = async (actor: Actor) => unitOptions(await loadUnitTree(db), actor, 'request.handle');

  app.get('/admin/requests/new', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.handle', undefined, '您的角色不能登记政府信息公开申请。');
    const units = await regUnits(actor);
    const unitId = units.some((u) => u.value === String(actor.unitId)) ? String(actor.unitId) : units[0]?.value ?? '';
    return sendPage(reply, <RegisterForm ctx={req.pageCtx()} values={{ channel: 'in-person', receivedOn: todayBeijing(), unitId }} errors={{}} units={units} limits={uploadLimits(app.config.maxUploadBytes)} />);
  });

  // Multipart with optional attachments (the route checks `_csrf` before storing a file); a plain
  // urlencoded form is accepted too. Success → 303 to the one-time receipt (Post/Redirect/Get).
  app.post('/admin/requests/new', { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.handle', undefined, '您的角色不能登记政府信息公开申请。');
    const limits = uploadLimits(app.config.maxUploadBytes);
    let form: Static<typeof RegisterFormBody>;
    let files: NewRequestFile[] = [];
    let fileError: string | null = null;
    if (req.isMultipart()) {
      const read = await readApplicationForm(app, req);
      ({ files, fileError } = read);
      form = parseForm(RegisterFormBody, read.fields);
    } else form = parseForm(RegisterFormBody, req.body);
    const values: Record<string, string> = {};
    for (const k of REGISTER_FIELDS) values[k] = form[k] ?? '';
    const again = async (fields: FieldErrors, status: number, message?: string) =>
      sendPage(reply, <RegisterForm ctx={req.pageCtx()} values={values} errors={fields} units={await regUnits(actor)} message={message} status={status} limits={limits} />, status);
    if (fileError) return again({ files: fileError }, 400);
    let token = '';
    const r = await submitRequest(deps, actor, registrationInput(values), {
      files,
      onCreated: async (trx, created) => {
        token = await createReceipt(trx, 'staff', created);
      },
    });
    if (!r.ok) {
      const fields = r.error.fields && Object.keys(r.error.fields).length ? { ...r.error.fields } : {};
      if (files.length && Object.keys(fields).length) fields.files = '浏览器不会保留已选择的附件，改正后请重新选择。';
      return again(fields, r.error.status, Object.keys(fields).length ? undefined : r.error.message);
    }
    return reply.redirect(`/admin/requests/${r.value.id}/registered/${token}`, 303);
  });

  // ---- detail ----
  app.get('/admin/requests/:id', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const view = await loadView(actor, idParam(req));
    // The page shows the applicant's personal data: the read is logged.
    await auditRead(db, actor, { action: 'request.read-personal', entity: 'request', entityId: view.id, unitId: view.unitId, detail: { via: 'page' } });
    return renderDetail(req, reply, view, { flash: FLASH_EVENT(req.query) });
  });

  // ---- workflow events ----
  app.post('/admin/requests/:id/events', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const id = idParam(req);
    const before = await loadView(actor, id);
    const form: Record<string, string | undefined> = parseForm(EventFormBody, req.body);
    const type = form.type ?? '';
    const keys = isEventType(type) ? [...EVENT_FIELDS[type], 'note'] : ['on'];
    const values: Record<string, string> = {};
    for (const k of keys) values[k] = form[k] ?? '';
    if (!can(actor, 'request.handle', before.unitId)) {
      return renderDetail(req, reply, before, { status: 403, message: '您的角色只能查看申请，不能办理。', action: type, values });
    }
    const input: Record<string, unknown> = { type };
    for (const [k, v] of Object.entries(values)) if (v !== '' || k === 'on') input[k] = v;
    const r = await applyRequestEvent(deps, actor, id, input);
    if (r.ok) return reply.redirect(`/admin/requests/${id}?done=${encodeURIComponent(type)}#history`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
    const fresh = await loadView(actor, id);
    return renderDetail(req, reply, fresh, { status: r.error.status, message: r.error.message, fields: r.error.fields, action: type, values });
  });

  await requestLetterRoutes(app, loadView);
  await requestFileRoutes(app, loadView, renderDetail);

}
