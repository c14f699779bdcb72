// The forms of an interpretation and the pure checks of what staff enter (field errors in Chinese, named
// by field: `media.2.alt` is the third item's alt text, `qa.0.question` the first pair's question).
import type { FieldErrors } from '../../platform/errors.ts';
import { checkUpload, fileUrl, IMAGE_MAX_BYTES, type Upload } from './upload-rules.ts';
import { trimmedText as str } from '../../platform/text.ts';
import { isIsoDate } from '../../platform/views/format.ts';
import { textForm } from '../../platform/http/forms.ts';

export const MEDIA_FORMS = { graphic: '图解', audio: '音频', video: '视频', animation: '动漫' } as const;
export type MediaForm = keyof typeof MEDIA_FORMS;
export const FORMS = { text: '文字解读', ...MEDIA_FORMS, qa: '简明问答' } as const;
export type Form = keyof typeof FORMS;
/** A mark shown beside each form in lists (text, so it reads aloud). */
export const FORM_ICONS: Record<Form, string> = { text: '文', graphic: '图', audio: '音', video: '视', animation: '漫', qa: '问' };

export const LIMITS = { question: 300, answer: 5000, caption: 200, alt: 300, text: 20000, url: 1000, pairs: 200, media: 50, place: 200, organiser: 200, audience: 1000, questions: 20000, reason: 500, photos: 20 };

/** An uploaded file behind a media item or photo: new (`upload`, staged until its row commits) or kept. */
interface MediaFile {
  sha256: string;
  mime: string;
  size: number;
  filename: string;
  /** A new upload (staged): registered and moved into place with the row. */
  upload?: Upload;
}

export interface MediaInput {
  form: MediaForm;
  /** A link (audio/video/动漫, or an address kept from before uploads); for a file its address on this site. */
  url: string;
  caption: string;
  alt: string | null;
  text: string;
  file: MediaFile | null;
}

export interface MediaRules {
  /** Uploaded files of this interpretation that an item may keep (by sha256). */
  kept: Map<string, Omit<MediaFile, 'upload'>>;
  /** 图解 addresses kept from before uploads ('any': trusted migration data — the demo seed, JSONL import). */
  legacyUrls: Set<string> | 'any';
  /** The size limit of an audio/video file. */
  maxBytes: number;
}

export interface QaInput {
  /** An existing pair keeps its id (and so its address). */
  id: number | null;
  question: string;
  answer: string;
}

/** An address a browser can open: http(s) or a path on this site. */
function isLinkable(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function tooLong(errors: FieldErrors, key: string, value: string, max: number, label: string): void {
  if (value.length > max) errors[key] = `${label}不能超过 ${max} 个字`;
}

export function parseMedia(items: unknown, rules: MediaRules): { value: MediaInput[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value: MediaInput[] = [];
  if (!Array.isArray(items)) return { value, errors: { media: '形式列表格式不正确' } };
  if (items.length > LIMITS.media) return { value, errors: { media: `最多 ${LIMITS.media} 项` } };
  items.forEach((raw, i) => {
    const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const n = `第 ${i + 1} 项`;
    const form = str(r.form) as MediaForm;
    let url = str(r.url);
    const caption = str(r.caption);
    const alt = str(r.alt);
    const text = str(r.text);
    // A kept file: by its sha256, or by its address on this site (what the API's detail answers).
    const keep = str(r.sha256) || (/^\/zcjd\/files\/([0-9a-f]{64})$/.exec(url)?.[1] ?? '');
    const upload = r.file && typeof r.file === 'object' ? (r.file as Upload) : null;
    let file: MediaFile | null = null;
    if (!(form in MEDIA_FORMS)) errors[`media.${i}.form`] = `${n}：请选择形式（图解、音频、视频或动漫）`;
    if (upload) {
      const problem = form in MEDIA_FORMS ? checkUpload(form, upload, rules.maxBytes) : null;
      if (problem) errors[`media.${i}.file`] = `${n}：${problem}`;
      else file = { sha256: upload.sha256, mime: upload.mime!, size: upload.size, filename: upload.filename, upload };
    } else if (keep) {
      const k = rules.kept.get(keep);
      if (!k) errors[`media.${i}.file`] = `${n}：所保留的文件不属于这篇解读，请重新上传`;
      else if (form in MEDIA_FORMS && checkUpload(form, k, Number.MAX_SAFE_INTEGER)) errors[`media.${i}.file`] = `${n}：已上传的文件“${k.filename}”不适合“${MEDIA_FORMS[form]}”，请重新上传`;
      else file = { ...k };
    }
    if (file) url = fileUrl(file.sha256);
    else if (upload || keep) {
      // The file was refused above (its error names it).
    } else if (form === 'graphic') {
      const legacy = url && (rules.legacyUrls === 'any' ? isLinkable(url) : rules.legacyUrls.has(url));
      if (!legacy) errors[`media.${i}.file`] = `${n}：图解请上传图片文件（JPG、PNG、GIF 或 WebP）`;
    } else if (!url) {
      if (!errors[`media.${i}.file`]) errors[`media.${i}.url`] = `${n}：请上传文件或填写链接地址`;
    } else if (!isLinkable(url)) errors[`media.${i}.url`] = `${n}：链接地址应以 http://、https:// 或 / 开头`;
    if (form === 'graphic') {
      if (!alt) errors[`media.${i}.alt`] = `${n}：图解图片必须填写替代文字（供读屏软件朗读）`;
      if (!text) errors[`media.${i}.text`] = `${n}：图解必须提供文字版（与图片内容相同的文字）`;
    } else if (form in MEDIA_FORMS && !text) {
      errors[`media.${i}.text`] = `${n}：${MEDIA_FORMS[form]}必须提供文字稿`;
    }
    tooLong(errors, `media.${i}.url`, url, LIMITS.url, `${n}：地址`);
    tooLong(errors, `media.${i}.caption`, caption, LIMITS.caption, `${n}：标题`);
    tooLong(errors, `media.${i}.alt`, alt, LIMITS.alt, `${n}：替代文字`);
    tooLong(errors, `media.${i}.text`, text, LIMITS.text, `${n}：文字稿`);
    value.push({ form, url, caption, alt: form === 'graphic' ? alt : null, text, file });
  });
  return { value, errors };
}

export function parseQa(items: unknown): { value: QaInput[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value: QaInput[] = [];
  if (!Array.isArray(items)) return { value, errors: { qa: '问答列表格式不正确' } };
  if (items.length > LIMITS.pairs) return { value, errors: { qa: `最多 ${LIMITS.pairs} 组问答` } };
  const seen = new Set<number>();
  items.forEach((raw, i) => {
    const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const n = `第 ${i + 1} 组问答`;
    const question = str(r.question);
    const answer = str(r.answer);
    let id: number | null = null;
    if (r.id !== undefined && r.id !== null && r.id !== '') {
      const v = Number(r.id);
      if (!Number.isSafeInteger(v) || v <= 0 || seen.has(v)) errors[`qa.${i}.id`] = `${n}：编号无效`;
      else {
        id = v;
        seen.add(v);
      }
    }
    if (!question) errors[`qa.${i}.question`] = `${n}：请填写问题`;
    if (!answer) errors[`qa.${i}.answer`] = `${n}：请填写回答`;
    tooLong(errors, `qa.${i}.question`, question, LIMITS.question, `${n}：问题`);
    tooLong(errors, `qa.${i}.answer`, answer, LIMITS.answer, `${n}：回答`);
    value.push({ id, question, answer });
  });
  return { value, errors };
}

export interface MeetingInput {
  heldOn: string;
  place: string;
  organiser: string;
  audience: string;
  questions: string;
  photos: MeetingPhoto[];
}

/** A 解读会 photo: an uploaded image (url = its address on this site) or, from before uploads, an address. */
export interface MeetingPhoto {
  url: string;
  alt: string;
  sha256?: string;
  mime?: string;
  size?: number;
  filename?: string;
  /** A new upload (not stored in the row). */
  upload?: Upload;
}

export function parseMeeting(input: Record<string, unknown>, opts: { anyAddress?: boolean } = {}): { value: MeetingInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const heldOn = str(input.heldOn);
  const place = str(input.place);
  const organiser = str(input.organiser);
  const audience = str(input.audience);
  const questions = str(input.questions);
  if (!heldOn) errors.heldOn = '请填写解读会日期';
  else if (!isIsoDate(heldOn)) errors.heldOn = '日期格式应为 YYYY-MM-DD';
  if (!place) errors.place = '请填写地点';
  if (!organiser) errors.organiser = '请填写组织单位';
  if (!audience) errors.audience = '请填写邀请的受众';
  tooLong(errors, 'place', place, LIMITS.place, '地点');
  tooLong(errors, 'organiser', organiser, LIMITS.organiser, '组织单位');
  tooLong(errors, 'audience', audience, LIMITS.audience, '邀请的受众');
  tooLong(errors, 'questions', questions, LIMITS.questions, '现场问答');
  const photos: MeetingPhoto[] = [];
  const raw = Array.isArray(input.photos) ? input.photos : [];
  if (raw.length > LIMITS.photos) errors.photos = `每次解读会最多 ${LIMITS.photos} 张照片`;
  raw.slice(0, LIMITS.photos).forEach((p, i) => {
    const r = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
    const upload = r.file && typeof r.file === 'object' ? (r.file as Upload) : null;
    const url = str(r.url);
    const alt = str(r.alt);
    const n = `第 ${i + 1} 张照片`;
    if (!upload && !url && !alt) return;
    if (upload) {
      const problem = checkUpload('photo', upload, IMAGE_MAX_BYTES);
      if (problem) errors[`photos.${i}.file`] = `${n}：${problem}`;
    } else if (!url) errors[`photos.${i}.file`] = `${n}：请选择要上传的照片`;
    // An address is accepted only from trusted migration data (the JSONL import, the demo seed).
    else if (!opts.anyAddress || !isLinkable(url)) errors[`photos.${i}.file`] = `${n}：请上传照片文件（JPG、PNG、GIF 或 WebP）`;
    if (!alt) errors[`photos.${i}.alt`] = `${n}：请填写替代文字（照片内容的简要说明，供读屏软件朗读）`;
    tooLong(errors, `photos.${i}.alt`, alt, LIMITS.alt, `${n}：替代文字`);
    photos.push(upload ? { url: fileUrl(upload.sha256), alt, sha256: upload.sha256, mime: upload.mime ?? undefined, size: upload.size, filename: upload.filename, upload } : { url, alt });
  });
  return { value: { heldOn, place, organiser, audience, questions, photos }, errors };
}

// ---- the console's form posts, declared as schemas (platform/http/forms.ts parseForm) ----
// All text: the commands (commands.ts createInterpretation, linkPolicy, saveMedia, saveQa, setNeed, addMeeting) and
// the checks above name what to fix in Chinese beside the field. Repeated rows are posted as `qa.<i>.<key>`;
// the page's rowsOf turns the parsed fields back into rows.

/**
 * The text fields of a repeated form's rows, named `<prefix>.<i>.<key>`: ten rows more than its limit, more than the
 * page ever shows (the rows saved and its blank rows), so a list over the limit is still read and refused by the
 * limit's check (最多 … 组), not cut short. (Not 1,000 rows: 3,000 fields cost ~1.4 ms of CPU per post.)
 */
function rowFields(prefix: string, keys: readonly string[], limit: number): string[] {
  return Array.from({ length: limit + 10 }, (_, i) => keys.map((k) => `${prefix}.${i}.${k}`)).flat();
}

/** 新建解读. */
export const CreateFormBody = textForm(['policyIds', 'title', 'writtenOn', 'summary', 'body'], '新建解读');
/** 再关联一份政策文件 (the number as typed). */
export const LinkFormBody = textForm(['policyId'], '关联政策文件');
/** 简明问答: the rows as posted. */
export const QaFormBody = textForm(rowFields('qa', ['id', 'question', 'answer'], LIMITS.pairs), '简明问答');
/** 图解、音频、视频、动漫 (multipart; each row's file is a file part `media.<i>.file`). */
const MEDIA_ROW_KEYS = ['form', 'url', 'caption', 'alt', 'text', 'sha256'] as const;
export const MediaFormBody = textForm(rowFields('media', MEDIA_ROW_KEYS, LIMITS.media), '图解、音频、视频、动漫');
/** 是否需要解读. */
export const NeedFormBody = textForm(['needed', 'reason'], '是否需要解读');
/** 登记解读会 (multipart; photo files are file parts `photos.<i>.file`, three on the page). */
export const MEETING_PHOTO_ROWS = 3;
export const MeetingFormBody = textForm(['heldOn', 'place', 'organiser', 'audience', 'questions', ...Array.from({ length: MEETING_PHOTO_ROWS }, (_, i) => `photos.${i}.alt`)], '登记解读会');
