// Console pages for the reply letter (答复书) of a decided 依申请公开 request: the letter's
// elements, the editable text, the clean A4 print page and the .docx download.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import type { Actor } from '../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { qs, type PageContext } from '../../platform/views/layout.tsx';
import { todayBeijing } from '../../platform/views/format.ts';
import { renderPage } from '../../platform/views/render.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { FORM_LABELS, type StaffRequestView } from '../requests/requests.repository.ts';
import { DELIVERY_METHOD_LABELS, DELIVERY_METHODS } from '../requests/clock.ts';
import { OUTCOMES, isOutcomeCode } from '../requests/outcomes.ts';
import { buildLetter, formatLetterNo, letterFromForm, PROVISION_FORMS, type LetterInput, type Letter } from '../requests/letters/templates.ts';
import { LetterEditor, LetterPage, LetterStyles } from '../requests/letters/render.tsx';
import { docxFilename, letterToDocx } from '../requests/letters/docx.ts';
import { AdminPage, SelectField, TextArea, TextField, idParam, requireRole, sendPage, val } from './ui.tsx';

export const DEFAULT_REVIEW_BODY = '宿迁市宿城区人民政府';
export const DEFAULT_COURT = '宿迁市宿城区人民法院';

const CRUMBS: [string, string][] = [
  ['/admin', '我的待办'],
  ['/admin/requests', '依申请公开办理'],
];
// ---------------------------------------------------------------------------
// Reply letter
// ---------------------------------------------------------------------------

const LETTER_PARAMS = ['letterNo', 'organName', 'decidedOn', 'receivedOn', 'requestSummary', 'providedItems', 'reasons', 'otherOrganName', 'otherOrganContact', 'contact', 'reviewBody', 'court', 'form', 'delivery'] as const;

/** The letter's data from the request, overridden by what staff typed in the letter form (query). */
function letterValues(view: StaffRequestView, q: unknown): Record<string, string> {
  const decideEvent = [...view.events].reverse().find((e) => e.type === 'decide' || e.type === 'supplement-expired' || e.type === 'fee-expired' || e.type === 'withdraw');
  const deliverEvent = [...view.events].reverse().find((e) => e.type === 'deliver');
  const m = /^SC(\d{4})-(\d+)$/.exec(view.trackingNo);
  const method = deliverEvent && deliverEvent.payload.type === 'deliver' ? deliverEvent.payload.method : undefined;
  const summary = view.docRef && view.description ? `${view.docRef}（${view.description}）` : view.docRef || view.description;
  const defaults: Record<string, string> = {
    letterNo: m ? formatLetterNo('', Number(m[1]), Number(m[2])) : view.trackingNo,
    organName: view.unitName,
    decidedOn: decideEvent?.on ?? todayBeijing(),
    receivedOn: view.receivedOn ?? '',
    requestSummary: summary,
    providedItems: view.outcome === 'grant' || view.outcome === 'partial' ? view.docRef || view.description : '',
    reasons: '',
    otherOrganName: '',
    otherOrganContact: '',
    contact: '',
    reviewBody: DEFAULT_REVIEW_BODY,
    court: DEFAULT_COURT,
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
  if (v.contact.trim()) input.contact = v.contact;
  return input;
}

const LETTER_FIELD_MAP: Record<string, string> = { otherOrgan: 'otherOrganName' };

function LetterForm({ ctx, view, values, errors, letter, status }: { ctx: PageContext; view: StaffRequestView; values: Record<string, string>; errors: FieldErrors; letter: Letter | null; status: number }) {
  const e = (k: string) => errors[k];
  const base = `/admin/requests/${view.id}/letter`;
  const query = qs(values);
  const fields: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) fields[LETTER_FIELD_MAP[k] ?? k] = v;
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
        {isOutcomeCode(view.outcome) && OUTCOMES[view.outcome].citation ? <span>法律依据：{OUTCOMES[view.outcome].citation}</span> : null}
      </p>
      <details open={!letter || undefined}>
        <summary>答复书要素</summary>
        <form method="get" action={base} class="stack">
          <TextField name="letterNo" label="文号" required value={values.letterNo} error={e('letterNo')} maxLength={100} />
          <TextField name="organName" label="答复机关" required value={values.organName} error={e('organName')} maxLength={100} />
          <TextField name="receivedOn" type="date" label="收到申请日期" required value={values.receivedOn} error={e('receivedOn')} />
          <TextField name="decidedOn" type="date" label="答复日期" required value={values.decidedOn} error={e('decidedOn')} />
          <TextArea name="requestSummary" label="申请获取的信息" required value={values.requestSummary} error={e('requestSummary')} rows={2} />
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
          <LetterEditor letter={letter} action={`${base}${query}`} csrf={ctx.csrf} submitLabel="生成打印页" />
        </>
      ) : null}
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
    const values = letterValues(view, req.query);
    const built = buildLetter(letterInput(view, values));
    const status = built.ok ? 200 : Object.keys(req.query as object).length ? 400 : 200;
    return sendPage(
      reply,
      <LetterForm ctx={req.pageCtx()} view={view} values={values} errors={built.ok ? {} : built.error.fields ?? {}} letter={built.ok ? built.value : null} status={status} />,
      status,
    );
  });

  app.post('/admin/requests/:id/letter', async (req, reply) => {
    const view = await decidedView(req);
    const r = letterFromForm((req.body ?? {}) as Record<string, unknown>);
    const values = letterValues(view, req.query);
    if (!r.ok) {
      const built = buildLetter(letterInput(view, values));
      const ctx = req.pageCtx();
      return sendPage(
        reply,
        <AdminPage ctx={ctx} title={`答复书：${view.trackingNo}`} message="答复书内容有误，请按提示修改：" crumbs={[...CRUMBS, [`/admin/requests/${view.id}`, `申请 ${view.trackingNo}`]]}>
          <LetterStyles />
          {built.ok ? <LetterEditor letter={mergeEdited(built.value, req.body)} action={`/admin/requests/${view.id}/letter${qs(values)}`} csrf={ctx.csrf} submitLabel="生成打印页" errors={r.error.fields ?? {}} /> : null}
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
    const built = buildLetter(letterInput(view, letterValues(view, req.query)));
    if (!built.ok) throw new AppError('VALIDATION', `${built.error.message} 请在答复书页面补充要素后再下载。`, built.error.fields);
    const bytes = await letterToDocx(built.value);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(docxFilename(built.value)))
      .send(bytes);
  });
}

/** Keeps what staff typed when the edited letter is refused. */
function mergeEdited(letter: Letter, body: unknown): Letter {
  const paragraphs = letter.paragraphs.map((p, i) => {
    const t = val(body, `text-${i}`);
    return t || val(body, `kind-${i}`) ? { ...p, text: t } : p;
  });
  return { ...letter, paragraphs };
}

