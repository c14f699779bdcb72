// The online application form (Art. 29), with up to 5 attachments (multipart; works without JavaScript).
// The receipt with the tracking number and query code is views/receipt.tsx.
import { Layout, Csrf, ErrorSummary, type PageContext } from '../../../platform/views/layout.tsx';
import type { FieldErrors } from '../../../platform/errors.ts';
import { APPLICANT_LIMITS, APPLICANT_TYPE_LABELS, ID_TYPE_DEFS, idTypesFor, type IdType } from '../applicant.ts';
import { DELIVERIES, DELIVERY_LABELS, FORMS, FORM_LABELS } from '../requests.repository.ts';
import { DESCRIPTION_LIMIT, DOC_REF_LIMIT } from '../requests.limits.ts';
import { RadioField, SelectField, Styles, TextArea, TextField, fieldId, type Option } from './parts.tsx';
import { REQUEST_FILE_ACCEPT, REQUEST_FILE_TYPES_TEXT, mb, type UploadLimits } from '../requests.files.ts';

/** What the form shows: every value as typed (strings; '' when absent). */
export interface ApplyValues {
  applicantType: string;
  'applicant.name': string;
  'applicant.idType': string;
  'applicant.idNumber': string;
  'applicant.phone': string;
  'applicant.email': string;
  'applicant.address': string;
  unitId: string;
  description: string;
  docRef: string;
  form: string;
  delivery: string;
}

export const APPLY_FIELDS = [
  'applicantType',
  'applicant.name',
  'applicant.idType',
  'applicant.idNumber',
  'applicant.phone',
  'applicant.email',
  'applicant.address',
  'unitId',
  'description',
  'docRef',
  'form',
  'delivery',
] as const satisfies readonly (keyof ApplyValues)[];

export interface UnitOption {
  id: number;
  name: string;
  depth: number;
}

const ORG_TYPES = ['business', 'research', 'public-interest', 'legal-services', 'other'] as const;

/** Identity documents grouped by who may use them (the form works without JavaScript). */
function idTypeOptions() {
  const person = idTypesFor('natural');
  const org = idTypesFor('business');
  const opt = (t: IdType): Option => ({ value: t, label: ID_TYPE_DEFS[t].label });
  return [
    { group: '自然人', options: person.filter((t) => !org.includes(t)).map(opt) },
    { group: '法人或其他组织', options: org.filter((t) => !person.includes(t)).map(opt) },
    { group: '通用', options: person.filter((t) => org.includes(t)).map(opt) },
  ];
}

function ApplicantTypeField({ value, error }: { value: string; error?: string }) {
  const id = fieldId('applicantType');
  const radio = (v: string, label: string, rid: string) => (
    <label class="radio">
      <input type="radio" name="applicantType" id={rid} value={v} checked={value === v} /> {label}
    </label>
  );
  return (
    <fieldset class={error ? 'field radios has-error' : 'field radios'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        申请人类型<span class="req">（必填）</span>
      </legend>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {radio('natural', '自然人', id)}
      <fieldset class="sub">
        <legend>法人或其他组织（请选择类别）</legend>
        {ORG_TYPES.map((t) => radio(t, APPLICANT_TYPE_LABELS[t], `${id}-${t}`))}
      </fieldset>
    </fieldset>
  );
}

export interface ApplyPageProps {
  ctx: PageContext;
  units: UnitOption[];
  values: ApplyValues;
  errors?: FieldErrors;
  limits: UploadLimits;
}

export function ApplyPage({ ctx, units, values, errors = {}, limits }: ApplyPageProps) {
  const e = (k: string) => errors[k];
  return (
    <Layout ctx={ctx} title="提交政府信息公开申请" area="public" head={<Styles />}>
      <div class="ysqgk">
        <h1>提交政府信息公开申请</h1>
        <ErrorSummary fields={Object.keys(errors).length ? errors : undefined} />
        <p>
          请如实填写以下内容（《政府信息公开条例》第二十九条）。申请人的个人信息仅用于办理本申请，不会公开。办理流程见<a href="/ysqgk">依申请公开说明</a>。
        </p>
        <form method="post" action="/ysqgk/apply" enctype="multipart/form-data" class="stack" novalidate>
          <Csrf token={ctx.csrf} />
          <div class="hp" aria-hidden="true">
            <label for="f-website">网站（请勿填写）</label>
            <input type="text" id="f-website" name="website" value="" tabIndex={-1} autocomplete="off" />
          </div>
          <fieldset>
            <legend>申请人信息</legend>
            <ApplicantTypeField value={values.applicantType} error={e('applicantType')} />
            <TextField name="applicant.name" label="姓名或名称" required value={values['applicant.name']} error={e('applicant.name')} maxLength={APPLICANT_LIMITS.orgName} autocomplete="name" hint="自然人填写姓名；法人或其他组织填写单位全称。" />
            <SelectField name="applicant.idType" label="身份证明类型" required value={values['applicant.idType']} error={e('applicant.idType')} empty="请选择" options={idTypeOptions()} />
            <TextField name="applicant.idNumber" label="证件号码" required value={values['applicant.idNumber']} error={e('applicant.idNumber')} maxLength={APPLICANT_LIMITS.idNumber} autocomplete="off" hint="居民身份证为 18 位，最后一位可能是 X；统一社会信用代码为 18 位。" />
            <TextField name="applicant.phone" label="联系电话" type="tel" value={values['applicant.phone']} error={e('applicant.phone')} maxLength={APPLICANT_LIMITS.phone} autocomplete="tel" hint="电话、电子邮箱、通信地址至少填写一项。" />
            <TextField name="applicant.email" label="电子邮箱" type="email" value={values['applicant.email']} error={e('applicant.email')} maxLength={APPLICANT_LIMITS.email} autocomplete="email" hint="选择电子邮件方式获取信息时必填。" />
            <TextField name="applicant.address" label="通信地址" value={values['applicant.address']} error={e('applicant.address')} maxLength={APPLICANT_LIMITS.address} autocomplete="street-address" hint="选择邮寄方式获取信息时必填。" />
          </fieldset>
          <fieldset>
            <legend>所需信息</legend>
            <SelectField name="unitId" label="受理单位" required value={values.unitId} error={e('unitId')} empty="请选择" options={units.map((u) => ({ value: String(u.id), label: `${'　'.repeat(u.depth)}${u.name}` }))} hint="向制作或保存该信息的单位提出申请。" />
            <TextArea name="description" label="所需信息的内容描述" value={values.description} error={e('description')} maxLength={DESCRIPTION_LIMIT} rows={6} hint="写明所需信息的内容、涉及的时间和范围等便于查询的特征；与下一项至少填写一项。" />
            <TextField name="docRef" label="信息名称或文号（选填）" value={values.docRef} error={e('docRef')} maxLength={DOC_REF_LIMIT} hint="例如：××政办发〔2024〕12号。" />
            <RadioField name="form" label="信息的形式" required value={values.form} error={e('form')} options={FORMS.map((f) => ({ value: f, label: FORM_LABELS[f] }))} />
            <RadioField name="delivery" label="获取信息的方式" required value={values.delivery} error={e('delivery')} options={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))} />
          </fieldset>
          <fieldset>
            <legend>附件（选填）</legend>
            <FileField name="files" label="选择附件" limits={limits} error={e('files')} hint="如身份证明、营业执照复印件或其他有助于查找信息的材料。" />
          </fieldset>
          <p class="actions">
            <button type="submit">提交申请</button>
          </p>
        </form>
      </div>
    </Layout>
  );
}

/**
 * A file input for up to `limits.maxFiles` files (one input with `multiple`, so it works without
 * JavaScript; a browser cannot keep chosen files after an error, so the hint says to choose again).
 */
export function FileField({ name, label, limits, error, hint, idPrefix }: { name: string; label: string; limits: UploadLimits; error?: string; hint?: string; idPrefix?: string }) {
  const id = fieldId(name, idPrefix);
  const rules = `最多 ${limits.maxFiles} 个文件，单个不超过 ${mb(limits.perFileBytes)} MB，合计不超过 ${mb(limits.totalBytes)} MB；可以上传 ${REQUEST_FILE_TYPES_TEXT}。`;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint ? `${hint}` : ''}
        {rules}
        {error ? '其他填写内容已保留，请重新选择附件。' : ''}
      </p>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input type="file" id={id} name={name} multiple accept={REQUEST_FILE_ACCEPT} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} style="max-width:100%" />
    </div>
  );
}
