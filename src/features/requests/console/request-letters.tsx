// Console pages for the letters of a 依申请公开 request: the reply letter (答复书) of a decided
// request and the three notices (补正告知书, 延长答复期限告知书, 收费通知书) — their elements, the
// editable text, issuing (storing) the edited text, and the issued letters' clean A4 print page and
// .docx, both generated from the STORED text (features/requests/letters/letters.repository.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import type { Actor } from '../../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { qs, type PageContext } from '../../../platform/views/layout.tsx';
import { todayBeijing } from '../../../platform/views/format.ts';
import { renderPage } from '../../../platform/views/render.ts';
import { contentDisposition } from '../../../platform/files/index.ts';
import { FORM_LABELS, parseTrackingNo, requestRoleOf, type StaffRequestView } from '../requests.repository.ts';
import { DELIVERY_METHOD_LABELS, DELIVERY_METHODS } from '../clock.ts';
import { OUTCOMES, isOutcomeCode } from '../outcomes.ts';
import {
  buildLetter,
  buildNotice,
  GROUND_LABELS,
  letterCitation,
  OUTCOME_GROUNDS,
  WITHHELD_GROUNDS,
  WITHHELD_LABELS,
  FEE_BASES,
  FEE_BASIS_LABELS,
  formatKindNo,
  formatLetterNo,
  isLetterKind,
  isNoticeKind,
  LETTER_KIND_LABELS,
  letterFromForm,
  NOTICE_EVENT,
  noticePrecondition,
  PARAGRAPH_KINDS,
  referralFromSteps,
  PROVISION_FORMS,
  type Letter,
  type LetterInput,
  type LetterKind,
  type LetterParagraph,
  type NoticeInput,
  type NoticeKind,
  type ParagraphKind,
} from '../letters/templates.ts';
import { getLetter, issueLetter, listLetters, type IssuedLetter } from '../letters/letters.repository.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.repository.ts';
import { isIsoDate } from '../../../platform/calendar/calendar.ts';
import { computeClock, CORRECTION_RESULTS, CORRECTION_RESULT_LABELS, FEE_PAYMENT_WORKING_DAYS, type EventType } from '../clock.ts';
import { LetterEditor, LetterPage, LetterStyles } from '../letters/render.tsx';
import { docxFilename, letterToDocx } from '../letters/docx.ts';
import { AdminPage, SelectField, TextArea, TextField, idParam, requireRole, sendPage, val } from '../../admin/public.ts';
import { unitLetterDefaults, type UnitLetterDefaults } from '../letter-defaults.ts';
import { IssueLetterFormBody, LetterFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';


const CRUMBS: [string, string][] = [
  ['/admin', '我的待办'],
  ['/admin/requests', '依申请公开办理'],
];
// ---------------------------------------------------------------------------
// Reply letter
// ---------------------------------------------------------------------------

const LETTER_PARAMS = ['letterNo', 'organName', 'decidedOn', 'receivedOn', 'requestSummary', 'ground', 'obtainWay', 'withheld', 'providedItems', 'reasons', 'reasonsRequestedOn', 'otherOrganName', 'otherOrganContact', 'contact', 'reviewBody', 'court', 'form', 'delivery'] as const;

/** Facts of the request's history a letter depends on (not editable in the letter form). */
function letterFacts(view: StaffRequestView): { thirdPartyConsulted: boolean; reasonsRequestedOn: string | undefined } {
  const consulted = view.events.some((e) => e.type === 'consultation-started' && e.payload.type === 'consultation-started' && e.payload.party === 'third-party');
  const asked = [...view.events].reverse().find((e) => (e.type as string) === 'reasons-requested');
  return { thirdPartyConsulted: consulted, reasonsRequestedOn: asked?.on };
}

/** The letter's data from the request, overridden by what staff typed in the letter form (query). */
function letterValues(view: StaffRequestView, q: unknown, unit: UnitLetterDefaults): Record<string, string> {
  const referral = referralFromSteps(view.events);
  const decideEvent = [...view.events].reverse().find((e) => e.type === 'decide' || e.type === 'supplement-expired' || e.type === 'fee-expired' || e.type === 'withdraw');
  const deliverEvent = [...view.events].reverse().find((e) => e.type === 'deliver');
  const m = parseTrackingNo(view.trackingNo);
  const method = deliverEvent && deliverEvent.payload.type === 'deliver' ? deliverEvent.payload.method : undefined;
  const summary = view.docRef && view.description ? `${view.docRef}（${view.description}）` : view.docRef || view.description;
  const defaults: Record<string, string> = {
    letterNo: m ? formatLetterNo('', m.year, m.seq) : view.trackingNo,
    organName: view.unitName,
    decidedOn: decideEvent?.on ?? todayBeijing(),
    receivedOn: view.receivedOn ?? '',
    requestSummary: summary,
    providedItems: view.outcome === 'grant' || view.outcome === 'partial' ? view.docRef || view.description : '',
    reasons: '',
    otherOrganName: view.outcome === 'unable-1' ? referral?.name ?? '' : '',
    otherOrganContact: view.outcome === 'unable-1' ? referral?.contact ?? '' : '',
    contact: '',
    // Chosen by staff in the form: 予以公开 defaults to Art. 36 (二) (provide it), 无法提供-1 to (四).
    // …after a referral (transfer after receipt) 无法提供-1 rests on (五) and names the organ.
    ground: view.outcome === 'grant' ? '36-2' : view.outcome === 'unable-1' ? (referral ? '36-5' : '36-4') : '',
    obtainWay: '',
    withheld: '',
    // 不予处理-4: the day the applicant was asked for reasons (Art. 35), from the recorded step.
    reasonsRequestedOn: view.outcome === 'reject-4' ? letterFacts(view).reasonsRequestedOn ?? '' : '',
    reviewBody: unit.reviewBody,
    court: unit.court,
    form: view.form,
    delivery: method ?? view.delivery,
  };
  const out: Record<string, string> = {};
  const given = q && typeof q === 'object' && Object.keys(q).some((k) => (LETTER_PARAMS as readonly string[]).includes(k));
  for (const k of LETTER_PARAMS) out[k] = given ? val(q, k) : defaults[k];
  return out;
}

function letterInput(view: StaffRequestView, v: Record<string, string>): LetterInput {
  const input: LetterInput = {
    outcome: view.outcome as LetterInput['outcome'],
    letterNo: v.letterNo,
    organName: v.organName,
    applicantName: view.applicant.name,
    applicantIsOrg: view.applicantType !== 'natural',
    receivedOn: v.receivedOn,
    requestSummary: v.requestSummary,
    decidedOn: v.decidedOn,
    reviewBody: v.reviewBody,
    court: v.court,
  };
  if (v.form) input.form = v.form as LetterInput['form'];
  if (v.delivery) input.delivery = v.delivery as LetterInput['delivery'];
  if (v.reasons.trim()) input.reasons = v.reasons;
  const items = v.providedItems.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (items.length) input.providedItems = items;
  if (v.otherOrganName.trim()) input.otherOrgan = { name: v.otherOrganName, contact: v.otherOrganContact || undefined };
  if (v.ground) input.ground = v.ground as LetterInput['ground'];
  if (v.obtainWay.trim()) input.obtainWay = v.obtainWay;
  if (v.withheld) input.withheld = v.withheld as LetterInput['withheld'];
  const facts = letterFacts(view);
  if (view.outcome === 'deny-4') input.thirdPartyConsulted = facts.thirdPartyConsulted;
  if (view.outcome === 'reject-4' && v.reasonsRequestedOn) input.reasonsRequestedOn = v.reasonsRequestedOn;
  if (v.contact.trim()) input.contact = v.contact;
  return input;
}

const LETTER_FIELD_MAP: Record<string, string> = { otherOrgan: 'otherOrganName' };

function LetterForm({ ctx, view, values, errors, letter, issued, canIssue, obtainWayHint }: { ctx: PageContext; view: StaffRequestView; values: Record<string, string>; errors: FieldErrors; letter: Letter | null; status: number; issued: IssuedLetter[]; canIssue: boolean; obtainWayHint: string }) {
  const e = (k: string) => errors[k];
  const base = `/admin/requests/${view.id}/letter`;
  const query = qs(values);
  const fields: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) fields[LETTER_FIELD_MAP[k] ?? k] = v;
  const citation = isOutcomeCode(view.outcome) ? letterCitation(letterInput(view, values)) : null;
  const grounds = isOutcomeCode(view.outcome) ? OUTCOME_GROUNDS[view.outcome] : undefined;
  return (
    <AdminPage
      ctx={ctx}
      title={`答复书：${view.trackingNo}`}
      message={Object.keys(fields).length ? '答复书信息不完整，请按提示补充后点击“生成答复书”：' : null}
      fields={fields}
      crumbs={[...CRUMBS, [`/admin/requests/${view.id}`, `申请 ${view.trackingNo}`]]}
    >
      <LetterStyles />
      <style>{'.letter-editor textarea { min-height: 0; }'}</style>
      <p class="status-line">
        <span>办理结果：{view.outcomeLabel}</span>
        {citation ? <span>法律依据：{citation}</span> : null}
      </p>
      <details open={!letter || undefined}>
        <summary>答复书要素</summary>
        <form method="get" action={base} class="stack">
          <TextField name="letterNo" label="文号" required value={values.letterNo} error={e('letterNo')} maxLength={100} />
          <TextField name="organName" label="答复机关" required value={values.organName} error={e('organName')} maxLength={100} />
          <TextField name="receivedOn" type="date" label="收到申请日期" required value={values.receivedOn} error={e('receivedOn')} />
          <TextField name="decidedOn" type="date" label="答复日期" required value={values.decidedOn} error={e('decidedOn')} />
          <TextArea name="requestSummary" label="申请获取的信息" required value={values.requestSummary} error={e('requestSummary')} rows={2} />
          {grounds ? (
            <SelectField name="ground" label={view.outcome === 'grant' ? '予以公开的依据' : '无法提供的依据'} required value={values.ground} error={e('ground')} empty="（请选择）" options={grounds.map((g) => ({ value: g, label: GROUND_LABELS[g] }))} hint="答复书只引用所选的一项。" />
          ) : null}
          {view.outcome === 'grant' ? (
            <TextArea name="obtainWay" label="获取的方式、途径（已经主动公开时填写）" value={values.obtainWay} error={e('obtainWay')} rows={2} hint={obtainWayHint} />
          ) : null}
          {view.outcome === 'reject-4' ? (
            <TextField name="reasonsRequestedOn" type="date" label="要求申请人说明理由的日期" required value={values.reasonsRequestedOn} error={e('reasonsRequestedOn')} hint="按“要求申请人说明理由”步骤的日期填写（第三十五条）；该步骤之前作出的答复，按实际要求说明理由的日期填写。" />
          ) : null}
          {view.outcome === 'partial' ? (
            <SelectField name="withheld" label="不予公开部分的依据" required value={values.withheld} error={e('withheld')} empty="（请选择）" options={WITHHELD_GROUNDS.map((g) => ({ value: g, label: WITHHELD_LABELS[g] }))} hint="答复书引用第三十七条和所选条款。" />
          ) : null}
          <TextArea name="providedItems" label="提供的信息（每行一项）" value={values.providedItems} error={e('providedItems')} rows={3} hint="予以公开、部分公开时必填。" />
          <SelectField name="form" label="提供形式" value={values.form} error={e('form')} empty="（不适用）" options={PROVISION_FORMS.map((f) => ({ value: f, label: FORM_LABELS[f] }))} />
          <SelectField name="delivery" label="获取方式" value={values.delivery} error={e('delivery')} empty="（不适用）" options={DELIVERY_METHODS.map((m) => ({ value: m, label: DELIVERY_METHOD_LABELS[m] }))} />
          <TextArea name="reasons" label="理由或具体情况" value={values.reasons} error={e('reasons')} rows={3} hint="不予公开、部分公开、其他处理等须说明理由。" />
          <TextField name="otherOrganName" label="负责公开的其他机关" value={values.otherOrganName} error={e('otherOrganName') ?? e('otherOrgan')} maxLength={100} hint="无法提供（不属于本机关负责公开）时填写。" />
          <TextField name="otherOrganContact" label="其他机关联系方式" value={values.otherOrganContact} error={e('otherOrganContact')} maxLength={100} />
          <TextField name="contact" label="联系人及电话" value={values.contact} error={e('contact')} maxLength={100} />
          <TextField name="reviewBody" label="行政复议机关" required value={values.reviewBody} error={e('reviewBody')} maxLength={100} />
          <TextField name="court" label="管辖的人民法院" required value={values.court} error={e('court')} maxLength={100} />
          <button type="submit" class="secondary">
            生成答复书
          </button>
        </form>
      </details>
      {letter ? (
        <>
          <h2>修改正文</h2>
          <p>
            <a href={`${base}.docx${query}`}>下载 Word 文件（按上述要素生成，不含下方的修改）</a>
          </p>
          <LetterEditor
            letter={letter}
            action={`${base}${query}`}
            csrf={ctx.csrf}
            submitLabel="生成打印页"
            issue={canIssue ? { action: `/admin/requests/${view.id}/letters/reply${query}`, label: '出具答复书', issuedOn: defaultIssuedOn(values.decidedOn) } : undefined}
          />
          <p class="muted small">“生成打印页”只预览，不保存；“出具答复书”保存上方修改后的正文，申请人凭申请编号和查询码可查看和下载。</p>
        </>
      ) : null}
      <IssuedList view={view} letters={issued.filter((l) => l.kind === 'reply')} heading="已出具的答复书" />
    </AdminPage>
  );
}


export default async function requestLetterRoutes(app: FastifyInstance, loadView: (actor: Actor, id: number) => Promise<StaffRequestView>) {
  // ---- reply letter ----
  async function decidedView(req: FastifyRequest): Promise<StaffRequestView> {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    const view = await loadView(actor, idParam(req));
    if (!isOutcomeCode(view.outcome)) throw new AppError('INVALID_TRANSITION', '申请尚未作出答复，没有答复书。');
    return view;
  }

  app.get('/admin/requests/:id/letter', async (req, reply) => {
    const view = await decidedView(req);
    const unit = await unitLetterDefaults(app.db, view.unitId, app.config.city);
    const values = letterValues(view, req.query, unit);
    const built = buildLetter(letterInput(view, values));
    const status = built.ok ? 200 : Object.keys(req.query as object).length ? 400 : 200;
    const actor = requireActor(req);
    const issued = await listLetters(app.db, view.id);
    return sendPage(
      reply,
      <LetterForm ctx={req.pageCtx()} view={view} values={values} errors={built.ok ? {} : built.error.fields ?? {}} letter={built.ok ? built.value : null} status={status} issued={issued} canIssue={requestRoleOf(actor, view.unitId) !== null} obtainWayHint={unit.obtainWayHint} />,
      status,
    );
  });

  app.post('/admin/requests/:id/letter', async (req, reply) => {
    const view = await decidedView(req);
    const form = parseForm(LetterFormBody, req.body);
    const r = letterFromForm(form);
    const values = letterValues(view, req.query, await unitLetterDefaults(app.db, view.unitId, app.config.city));
    if (!r.ok) {
      const built = buildLetter(letterInput(view, values));
      const ctx = req.pageCtx();
      return sendPage(
        reply,
        <AdminPage ctx={ctx} title={`答复书：${view.trackingNo}`} message="答复书内容有误，请按提示修改：" crumbs={[...CRUMBS, [`/admin/requests/${view.id}`, `申请 ${view.trackingNo}`]]}>
          <LetterStyles />
          {built.ok ? <LetterEditor letter={mergeEdited(built.value, form)} action={`/admin/requests/${view.id}/letter${qs(values)}`} csrf={ctx.csrf} submitLabel="生成打印页" errors={r.error.fields ?? {}} /> : null}
        </AdminPage>,
        400,
      );
    }
    const html = renderPage(
      <LetterPage
        letter={r.value}
        pageTitle={`答复书 ${view.trackingNo}`}
        links={[
          { href: `/admin/requests/${view.id}/letter${qs(values)}`, label: '返回修改' },
          { href: `/admin/requests/${view.id}`, label: '返回申请' },
        ]}
      />,
    );
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/admin/requests/:id/letter.docx', async (req, reply) => {
    const view = await decidedView(req);
    const built = buildLetter(letterInput(view, letterValues(view, req.query, await unitLetterDefaults(app.db, view.unitId, app.config.city))));
    if (!built.ok) throw new AppError('VALIDATION', `${built.error.message} 请在答复书页面补充要素后再下载。`, built.error.fields);
    const bytes = await letterToDocx(built.value);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(docxFilename(built.value)))
      .send(bytes);
  });

  await issuedLetterRoutes(app, loadView);
}

/** Keeps what staff typed when the edited letter is refused. */
function mergeEdited(letter: Letter, body: unknown): Letter {
  const paragraphs = letter.paragraphs.map((p, i) => {
    const t = val(body, `text-${i}`);
    return t || val(body, `kind-${i}`) ? { ...p, text: t } : p;
  });
  return { ...letter, paragraphs };
}


// ---------------------------------------------------------------------------
// Issued letters and notices
// ---------------------------------------------------------------------------

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The letter's date as the default date of issue, unless it lies in the future. */
function defaultIssuedOn(date: string): string {
  const today = todayBeijing();
  return isIsoDate(date) && date <= today ? date : today;
}

/** The notice kind staff issue for a recorded event, if any. */
function noticeKindForEvent(type: string): NoticeKind | null {
  for (const k of Object.keys(NOTICE_EVENT) as NoticeKind[]) if (NOTICE_EVENT[k] === type) return k;
  return null;
}

/** A link next to a recorded event on the request page: write the notice that goes with it. */
export function NoticeLink({ view, type, canIssue }: { view: StaffRequestView; type: string; canIssue: boolean }) {
  const kind = noticeKindForEvent(type);
  if (!kind || !canIssue || noticePrecondition(kind, view.events, view.outcome)) return null;
  return (
    <>
      {' '}
      <a class="small" href={`/admin/requests/${view.id}/notice/${kind}`}>
        出具{LETTER_KIND_LABELS[kind]}
      </a>
    </>
  );
}

/** Table of issued letters with their print page and .docx (history kept; the newest of a kind is current). */
function IssuedList({ view, letters, heading = '告知书/答复书', id }: { view: StaffRequestView; letters: IssuedLetter[]; heading?: string; id?: string }) {
  const base = `/admin/requests/${view.id}/letters`;
  return (
    <section aria-labelledby={id ?? 'h-issued-letters'}>
      <h2 id={id ?? 'h-issued-letters'}>{heading}</h2>
      {letters.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={heading}>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">出具日期</th>
                <th scope="col">文书</th>
                <th scope="col">文号</th>
                <th scope="col">出具人</th>
                <th scope="col">查看</th>
              </tr>
            </thead>
            <tbody>
              {[...letters].reverse().map((l) => (
                <tr>
                  <td class="nowrap" data-label="出具日期">
                    {l.issuedOn}
                  </td>
                  <td data-label="文书">
                    {l.kindLabel}
                    {l.current ? null : <span class="muted small">（已被更新的版本取代）</span>}
                  </td>
                  <td data-label="文号">{l.letterNo}</td>
                  <td data-label="出具人">{l.actorName}</td>
                  <td data-label="查看">
                    <a href={`${base}/${l.id}`}>打印页</a> · <a href={`${base}/${l.id}.docx`}>Word 文件</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">尚未出具。</p>
      )}
    </section>
  );
}

/** The request page's section: issued letters, and where to write the next one. */
export function LettersSection({ view, letters, canIssue }: { view: StaffRequestView; letters: IssuedLetter[]; canIssue: boolean }) {
  const kinds = view.events.map((e) => noticeKindForEvent(e.type)).filter((k): k is NoticeKind => k !== null && noticePrecondition(k, view.events, view.outcome) === null);
  const links: [string, string][] = [];
  if (canIssue && isOutcomeCode(view.outcome)) links.push([`/admin/requests/${view.id}/letter`, '编辑并出具答复书']);
  if (canIssue) for (const k of [...new Set(kinds)]) links.push([`/admin/requests/${view.id}/notice/${k}`, `编辑并出具${LETTER_KIND_LABELS[k]}`]);
  return (
    <>
      <IssuedList view={view} letters={letters} id="letters" />
      {links.length ? (
        <p>
          {links.map(([href, label], i) => (
            <>
              {i > 0 ? ' · ' : ''}
              <a href={href}>{label}</a>
            </>
          ))}
        </p>
      ) : null}
    </>
  );
}

/** The letter as typed (kind-N/text-N, unvalidated), to re-render the editor without losing input. */
function typedLetter(body: unknown): Letter {
  const paragraphs: LetterParagraph[] = [];
  for (let i = 0; i < 100; i++) {
    const kind = val(body, `kind-${i}`);
    const text = val(body, `text-${i}`);
    if (!kind && !text && (body as Record<string, unknown> | undefined)?.[`kind-${i}`] === undefined) break;
    paragraphs.push({ kind: ((PARAGRAPH_KINDS as readonly string[]).includes(kind) ? kind : 'body') as ParagraphKind, text });
  }
  const title = paragraphs.find((p) => p.kind === 'title')?.text ?? '';
  return { title, paragraphs: paragraphs.length ? paragraphs : [{ kind: 'title', text: '' }] };
}

// ---- notices: elements from the recorded event ----

const NOTICE_PARAMS = ['letterNo', 'organName', 'noticeOn', 'receivedOn', 'requestSummary', 'contact', 'periodDays', 'items', 'supplementDueOn', 'days', 'newDueOn', 'reason', 'amount', 'basis', 'pages', 'count', 'payDueOn', 'payment', 'addressee', 'party', 'correctionOn', 'correctionItems', 'result', 'organ', 'reviewBody', 'court'] as const;

/** The last step of `type` (with its payload) before index `before`. */
function lastStep(view: StaffRequestView, type: string, before = view.events.length) {
  for (let i = Math.min(before, view.events.length) - 1; i >= 0; i--) if (view.events[i]!.type === type) return view.events[i]!;
  return undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

async function noticeValues(db: FastifyInstance['db'], city: string, view: StaffRequestView, kind: NoticeKind, q: unknown): Promise<Record<string, string>> {
  const remedies = kind === 'correction-reply' ? await unitLetterDefaults(db, view.unitId, city) : { reviewBody: '', court: '' };
  const type = NOTICE_EVENT[kind];
  const idx = view.events.map((e) => e.type).lastIndexOf(type);
  const event = view.events[idx]!;
  // Payload fields are optional (older events lack them): read defensively.
  const p = (event.payload ?? {}) as unknown as Record<string, unknown>;
  const m = parseTrackingNo(view.trackingNo);
  const summary = view.docRef && view.description ? `${view.docRef}（${view.description}）` : view.docRef || view.description;
  const defaults: Record<string, string> = {
    letterNo: m ? formatKindNo(kind, '', m.year, m.seq) : view.trackingNo,
    organName: view.unitName,
    noticeOn: event.on,
    receivedOn: view.receivedOn ?? '',
    requestSummary: summary,
    contact: '',
    periodDays: str(p.periodDays),
    items: Array.isArray(p.items) ? p.items.filter((x) => typeof x === 'string').join('\n') : str(p.items),
    supplementDueOn: '',
    days: str(p.days),
    newDueOn: '',
    // Never the event's `note`: it is an internal remark, visible to staff only.
    reason: str(p.reason),
    amount: str(p.amount),
    basis: p.basis === 'pages' || p.basis === 'count' ? p.basis : p.pages !== undefined ? 'pages' : 'count',
    pages: str(p.pages),
    count: str(p.monthlyCount),
    payDueOn: '',
    payment: '',
    addressee: '',
    party: str(p.party),
    correctionOn: '',
    correctionItems: '',
    result: str(p.result),
    organ: '',
    reviewBody: remedies.reviewBody,
    court: remedies.court,
  };
  if (kind === 'consultation-letter') defaults.addressee = str(p.with);
  if (kind === 'disclosure-notice') {
    // The third party consulted last (the objection recorded at `consultation-ended`).
    const started = lastStep(view, 'consultation-started', idx);
    defaults.addressee = started ? str((started.payload as unknown as Record<string, unknown>).with) : '';
    defaults.items = view.docRef || view.description;
    defaults.reason = '';
  }
  if (kind === 'correction-reply') {
    const asked = lastStep(view, 'correction-requested', idx);
    defaults.correctionOn = asked?.on ?? '';
    defaults.correctionItems = asked ? str((asked.payload as unknown as Record<string, unknown>).items) : '';
    defaults.organ = str(p.with);
    defaults.items = '';
  }
  // Dates that follow from the clock at the time of the event.
  const given = q && typeof q === 'object' && Object.keys(q).some((k) => (NOTICE_PARAMS as readonly string[]).includes(k));
  if (!given) {
    const calendar = await loadCalendar(db);
    const clock = computeClock(
      { channel: view.channel, receivedOn: view.channel === 'online' ? null : view.receivedOn },
      view.events.slice(0, idx + 1).map((e) => e.payload),
      calendar,
      event.on,
    );
    if (kind === 'supplement-notice') defaults.supplementDueOn = clock.supplementDueOn ?? '';
    if (kind === 'extension-notice') defaults.newDueOn = [...clock.steps].reverse().find((s) => s.type === 'extend')?.dueOn ?? '';
    if (kind === 'fee-notice') defaults.payDueOn = clock.feePaymentDueOn ?? calendar.addWorkingDays(event.on, FEE_PAYMENT_WORKING_DAYS).date;
  }
  const out: Record<string, string> = {};
  for (const k of NOTICE_PARAMS) out[k] = given ? val(q, k) : defaults[k]!;
  return out;
}

function intOrUndef(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^\d{1,12}$/.test(t) ? Number(t) : Number.NaN;
}

function noticeInput(view: StaffRequestView, kind: NoticeKind, v: Record<string, string>): NoticeInput {
  const input: NoticeInput = {
    kind,
    letterNo: v.letterNo!,
    organName: v.organName!,
    applicantName: view.applicant.name,
    applicantIsOrg: view.applicantType !== 'natural',
    receivedOn: v.receivedOn!,
    requestSummary: v.requestSummary!,
    noticeOn: v.noticeOn!,
  };
  if (v.contact!.trim()) input.contact = v.contact;
  if (kind === 'supplement-notice') {
    input.periodDays = intOrUndef(v.periodDays!);
    const items = v.items!.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    if (items.length) input.items = items;
    if (v.supplementDueOn) input.supplementDueOn = v.supplementDueOn;
  } else if (kind === 'extension-notice') {
    input.days = intOrUndef(v.days!);
    input.newDueOn = v.newDueOn;
    if (v.reason!.trim()) input.reason = v.reason;
  } else if (kind === 'reasons-notice') {
    if (v.periodDays!.trim()) input.periodDays = intOrUndef(v.periodDays!);
    if (v.reason!.trim()) input.reason = v.reason;
  } else if (kind === 'consultation-letter') {
    input.addressee = v.addressee;
    input.party = v.party as NoticeInput['party'];
  } else if (kind === 'disclosure-notice') {
    input.addressee = v.addressee;
    input.items = v.items!.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    input.reason = v.reason;
  } else if (kind === 'correction-reply') {
    input.correctionOn = v.correctionOn;
    input.correctionItems = v.correctionItems;
    input.result = v.result as NoticeInput['result'];
    if (v.organ!.trim()) input.organ = v.organ;
    if (v.reason!.trim()) input.reason = v.reason;
    input.reviewBody = v.reviewBody;
    input.court = v.court;
  } else {
    input.amount = intOrUndef(v.amount!);
    input.basis = v.basis as NoticeInput['basis'];
    if (v.pages!.trim()) input.pages = intOrUndef(v.pages!);
    if (v.count!.trim()) input.count = intOrUndef(v.count!);
    if (v.payDueOn) input.payDueOn = v.payDueOn;
    if (v.payment!.trim()) input.payment = v.payment;
  }
  return input;
}

function NoticeForm({ ctx, view, kind, values, errors, letter, issued, canIssue }: { ctx: PageContext; view: StaffRequestView; kind: NoticeKind; values: Record<string, string>; errors: FieldErrors; letter: Letter | null; issued: IssuedLetter[]; canIssue: boolean }) {
  const e = (k: string) => errors[k];
  const base = `/admin/requests/${view.id}/notice/${kind}`;
  const query = qs(values);
  const label = LETTER_KIND_LABELS[kind];
  return (
    <AdminPage
      ctx={ctx}
      title={`${label}：${view.trackingNo}`}
      message={Object.keys(errors).length ? `${label}信息不完整，请按提示补充后点击“生成${label}”：` : null}
      fields={errors}
      crumbs={[...CRUMBS, [`/admin/requests/${view.id}`, `申请 ${view.trackingNo}`]]}
    >
      <LetterStyles />
      <style>{'.letter-editor textarea { min-height: 0; }'}</style>
      <details open={!letter || undefined}>
        <summary>{label}要素</summary>
        <form method="get" action={base} class="stack">
          <TextField name="letterNo" label="文号" required value={values.letterNo} error={e('letterNo')} maxLength={100} />
          <TextField name="organName" label="发文机关" required value={values.organName} error={e('organName')} maxLength={100} />
          <TextField name="receivedOn" type="date" label="收到申请日期" required value={values.receivedOn} error={e('receivedOn')} />
          <TextField name="noticeOn" type="date" label="告知日期" required value={values.noticeOn} error={e('noticeOn')} />
          <TextArea name="requestSummary" label="申请获取的信息" required value={values.requestSummary} error={e('requestSummary')} rows={2} />
          {kind === 'supplement-notice' ? (
            <>
              <TextArea name="items" label="需要补正的事项（每行一项）" value={values.items} error={e('items')} rows={3} hint="不填写时，告知补正所需信息的名称、文号或特征性描述。" />
              <TextField name="periodDays" label="补正期限（工作日）" required value={values.periodDays} error={e('periodDays')} inputMode="numeric" maxLength={2} />
              <TextField name="supplementDueOn" type="date" label="补正截止日期" value={values.supplementDueOn} error={e('supplementDueOn')} />
            </>
          ) : null}
          {kind === 'extension-notice' ? (
            <>
              <TextField name="days" label="延长的工作日数" required value={values.days} error={e('days')} inputMode="numeric" maxLength={2} />
              <TextField name="newDueOn" type="date" label="延长后的答复期限" required value={values.newDueOn} error={e('newDueOn')} />
              <TextArea name="reason" label="延长理由" value={values.reason} error={e('reason')} rows={2} />
            </>
          ) : null}
          {kind === 'fee-notice' ? (
            <>
              <SelectField name="basis" label="计费方式" required value={values.basis} error={e('basis')} options={FEE_BASES.map((b) => ({ value: b, label: FEE_BASIS_LABELS[b] }))} />
              <TextField name="amount" label="收费金额（元）" required value={values.amount} error={e('amount')} inputMode="numeric" maxLength={12} />
              <TextField name="pages" label="页数（按量计收）" value={values.pages} error={e('pages')} inputMode="numeric" maxLength={9} />
              <TextField name="count" label="本月累计申请件数（按件计收）" value={values.count} error={e('count')} inputMode="numeric" maxLength={9} />
              <TextField name="payDueOn" type="date" label="缴费截止日期" value={values.payDueOn} error={e('payDueOn')} hint="自通知之日起 20 个工作日。" />
              <TextArea name="payment" label="缴费方式" value={values.payment} error={e('payment')} rows={2} />
            </>
          ) : null}
          {kind === 'reasons-notice' ? (
            <>
              <TextArea name="reason" label="申请数量、频次明显超过合理范围的情况" value={values.reason} error={e('reason')} rows={2} />
              <TextField name="periodDays" label="说明理由的期限（工作日，选填）" value={values.periodDays} error={e('periodDays')} inputMode="numeric" maxLength={2} />
            </>
          ) : null}
          {kind === 'consultation-letter' || kind === 'disclosure-notice' ? (
            <TextField name="addressee" label={kind === 'consultation-letter' ? '征求意见的第三方或机关' : '第三方'} required value={values.addressee} error={e('addressee')} maxLength={100} hint="文书写给该第三方或机关，不写申请人的姓名和联系方式。" />
          ) : null}
          {kind === 'consultation-letter' ? (
            <SelectField name="party" label="征求意见对象" required value={values.party} error={e('party')} options={[{ value: 'third-party', label: '第三方（第三十二条）' }, { value: 'agency', label: '共同制作的其他机关（第三十四条）' }]} />
          ) : null}
          {kind === 'disclosure-notice' ? (
            <>
              <TextArea name="items" label="决定公开的政府信息内容（每行一项）" required value={values.items} error={e('items')} rows={3} />
              <TextArea name="reason" label="决定公开的理由（不公开可能对公共利益造成重大影响）" required value={values.reason} error={e('reason')} rows={3} />
            </>
          ) : null}
          {kind === 'correction-reply' ? (
            <>
              <TextField name="correctionOn" type="date" label="收到更正申请日期" required value={values.correctionOn} error={e('correctionOn')} />
              <TextArea name="correctionItems" label="申请更正的内容" required value={values.correctionItems} error={e('correctionItems')} rows={2} />
              <SelectField name="result" label="处理结果" required value={values.result} error={e('result')} empty="（请选择）" options={CORRECTION_RESULTS.map((r) => ({ value: r, label: CORRECTION_RESULT_LABELS[r] }))} />
              <TextField name="organ" label="有权更正的行政机关（转送或告知时填写）" value={values.organ} error={e('organ')} maxLength={100} />
              <TextArea name="reason" label="理由或具体情况" value={values.reason} error={e('reason')} rows={2} hint="不予更正的，须说明理由。" />
              <TextField name="reviewBody" label="行政复议机关" required value={values.reviewBody} error={e('reviewBody')} maxLength={100} />
              <TextField name="court" label="管辖的人民法院" required value={values.court} error={e('court')} maxLength={100} />
            </>
          ) : null}
          <TextField name="contact" label="联系人及电话" value={values.contact} error={e('contact')} maxLength={100} />
          <button type="submit" class="secondary">
            生成{label}
          </button>
        </form>
      </details>
      {letter ? (
        <>
          <h2>修改正文</h2>
          {canIssue ? (
            <LetterEditor
              letter={letter}
              action={`/admin/requests/${view.id}/letters/${kind}${query}`}
              csrf={ctx.csrf}
              issue={{ action: `/admin/requests/${view.id}/letters/${kind}${query}`, label: `出具${label}`, issuedOn: defaultIssuedOn(values.noticeOn!), only: true }}
            />
          ) : (
            <p class="muted">您的角色只能查看，不能出具。</p>
          )}
        </>
      ) : null}
      <IssuedList view={view} letters={issued.filter((l) => l.kind === kind)} heading={`已出具的${label}`} />
    </AdminPage>
  );
}

/** The editor again with what staff typed and the problems (status 400). */
function IssueErrorPage({ ctx, view, kind, letter, errors, issuedOn, action }: { ctx: PageContext; view: StaffRequestView; kind: LetterKind; letter: Letter; errors: FieldErrors; issuedOn: string; action: string }) {
  const label = LETTER_KIND_LABELS[kind];
  const { issuedOn: dateError, ...textErrors } = errors;
  const summary: FieldErrors = {};
  for (const [k, v] of Object.entries(textErrors)) summary[k.replace(/^text-(\d+)$/, 'letter-text-$1')] = v;
  if (dateError) summary['letter-issued-on'] = dateError;
  return (
    <AdminPage ctx={ctx} title={`出具${label}：${view.trackingNo}`} crumbs={[...CRUMBS, [`/admin/requests/${view.id}`, `申请 ${view.trackingNo}`]]}>
      <LetterStyles />
      <div class="error-summary" role="alert" tabIndex={-1}>
        <p>
          <strong>{label}内容有误，未出具，请按提示修改：</strong>
        </p>
        <ul>
          {Object.entries(summary).map(([k, v]) => (
            <li>
              <a href={`#${k}`}>{v}</a>
            </li>
          ))}
        </ul>
      </div>
      <LetterEditor letter={letter} action={action} csrf={ctx.csrf} errors={textErrors} issue={{ action, label: `出具${label}`, issuedOn, error: dateError, only: true }} />
      <p>
        <a href={kind === 'reply' ? `/admin/requests/${view.id}/letter` : `/admin/requests/${view.id}/notice/${kind}`}>放弃修改，重新生成</a>
      </p>
    </AdminPage>
  );
}

async function issuedLetterRoutes(app: FastifyInstance, loadView: (actor: Actor, id: number) => Promise<StaffRequestView>) {
  const { db } = app;
  const deps = { db };

  async function readableView(req: FastifyRequest): Promise<{ actor: Actor; view: StaffRequestView }> {
    const actor = requireActor(req);
    requireRole(actor, 'request.read', undefined, '您的角色不能查看政府信息公开申请。');
    return { actor, view: await loadView(actor, idParam(req)) };
  }

  function kindParam(req: FastifyRequest): string {
    return (req.params as Record<string, string>).kind ?? '';
  }

  // ---- notice editor ----
  app.get('/admin/requests/:id/notice/:kind', async (req, reply) => {
    const { actor, view } = await readableView(req);
    const kind = kindParam(req);
    if (!isNoticeKind(kind)) throw new AppError('NOT_FOUND');
    const problem = noticePrecondition(kind, view.events, view.outcome);
    if (problem) throw new AppError('INVALID_TRANSITION', problem);
    const values = await noticeValues(db, app.config.city, view, kind, req.query);
    const built = buildNotice(noticeInput(view, kind, values));
    const status = built.ok ? 200 : Object.keys(req.query as object).length ? 400 : 200;
    const issued = await listLetters(db, view.id);
    return sendPage(
      reply,
      <NoticeForm ctx={req.pageCtx()} view={view} kind={kind} values={values} errors={built.ok ? {} : built.error.fields ?? {}} letter={built.ok ? built.value : null} issued={issued} canIssue={requestRoleOf(actor, view.unitId) !== null} />,
      status,
    );
  });

  // ---- issue: store the edited text (Post/Redirect/Get) ----
  app.post('/admin/requests/:id/letters/:kind', async (req, reply: FastifyReply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const kind = kindParam(req);
    if (!isLetterKind(kind)) throw new AppError('NOT_FOUND');
    // Scope (404) and role (403) before anything else; issueLetter checks again in its transaction.
    const view = await loadView(actor, id);
    if (!requestRoleOf(actor, view.unitId)) throw new AppError('FORBIDDEN', '您的角色只能查看申请，不能出具答复书和告知书。');
    const body = parseForm(IssueLetterFormBody, req.body);
    const form = letterFromForm(body);
    const issuedOn = body.issuedOn ?? '';
    const r = form.ok ? await issueLetter(deps, actor, id, kind, form.value, issuedOn || undefined) : form;
    if (r.ok) return reply.redirect(`/admin/requests/${id}/letters/${r.value.id}?issued=1`, 303);
    if (r.error.code !== 'VALIDATION') throw new AppError(r.error.code, r.error.message);
    // 400: the editor again, with what was typed.
    const action = `/admin/requests/${id}/letters/${kind}${qs(req.query as Record<string, string>)}`;
    return sendPage(
      reply,
      <IssueErrorPage ctx={req.pageCtx()} view={view} kind={kind} letter={typedLetter(body)} errors={r.error.fields ?? {}} issuedOn={issuedOn} action={action} />,
      400,
    );
  });

  // ---- issued letter: print page or .docx, from the stored text ----
  app.get('/admin/requests/:id/letters/:file', async (req, reply) => {
    const file = (req.params as Record<string, string>).file ?? '';
    const m = /^(\d{1,9})(\.docx)?$/.exec(file); // ids fit in 32 bits (PostgreSQL)
    if (!m) throw new AppError('NOT_FOUND');
    const { view } = await readableView(req);
    const issued = await getLetter(db, view.id, Number(m[1]));
    if (!issued) throw new AppError('NOT_FOUND');
    if (m[2]) {
      const bytes = await letterToDocx(issued.letter);
      return reply.header('Content-Type', DOCX_TYPE).header('Content-Disposition', contentDisposition(docxFilename(issued.letter))).send(bytes);
    }
    const justIssued = val(req.query, 'issued') === '1';
    const html = renderPage(
      <LetterPage
        letter={issued.letter}
        pageTitle={`${issued.kindLabel} ${view.trackingNo}`}
        notice={
          (justIssued ? `已出具${issued.kindLabel}（${issued.issuedOn}），申请人可凭申请编号和查询码查看和下载。` : `${issued.kindLabel}，${issued.issuedOn} 由 ${issued.actorName} 出具`) +
          (issued.current ? '' : '。此版本已被更新的版本取代。')
        }
        links={[
          { href: `/admin/requests/${view.id}/letters/${issued.id}.docx`, label: '下载 Word 文件' },
          { href: `/admin/requests/${view.id}#letters`, label: '返回申请' },
        ]}
      />,
    );
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
