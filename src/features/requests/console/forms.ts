// The console forms of 依申请公开, declared as schemas (platform/http/forms.ts parseForm): which fields each form
// posts, all text — submitRequest and applyRequestEvent (requests.commands.ts, the commands behind the JSON API)
// and letterFromForm / issueLetter (letters) check the values and say in Chinese what to fix. Unknown names are
// ignored, a repeated name counts once (its first value).
import { textForm } from '../../../platform/http/forms.ts';
import { MAX_LETTER_PARAGRAPHS } from '../letters/templates.ts';

/** 登记申请 (当面、邮寄、传真). */
export const RegisterFormBody = textForm(
  ['channel', 'receivedOn', 'applicantType', 'applicant.name', 'applicant.idType', 'applicant.idNumber', 'applicant.phone', 'applicant.email', 'applicant.address', 'unitId', 'description', 'docRef', 'form', 'delivery'],
  '登记申请',
);

/** 办理步骤: the step and every field a step's form may post (the page keeps those of the posted step). */
export const EventFormBody = textForm(
  ['type', 'on', 'periodDays', 'items', 'deliveryMethod', 'deliveredOn', 'party', 'with', 'result', 'days', 'reason', 'basis', 'pages', 'toUnitId', 'organName', 'organContact', 'outcome', 'method', 'note'],
  '办理步骤',
);

const paragraphFields = Array.from({ length: MAX_LETTER_PARAGRAPHS }, (_, i) => [`kind-${i}`, `text-${i}`]).flat();

/** 答复书 / 告知书 as edited: `kind-<i>` and `text-<i>` per paragraph. */
export const LetterFormBody = textForm(paragraphFields, '答复书');
/** 出具答复书 / 告知书: the edited paragraphs and the date of issue. */
export const IssueLetterFormBody = textForm([...paragraphFields, 'issuedOn'], '出具答复书');
