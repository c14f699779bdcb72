// The console's document forms, declared as schemas like the API bodies (api.schemas.ts): which fields
// each form posts, all text. A post is parsed against its schema — one value per field, repeated fields
// keep the first (as browsers send them), fields of other forms are ignored — and what it yields goes to
// the same commands as the API's bodies, so the Chinese field errors are the same ones
// (documents.input.ts validateDocumentFields, documents.commands.ts).
import { textForm } from '../../../platform/http/forms.ts';

/** 新建文件 / 修改 (fields named as in the JSON API). */
export const DocumentFormBody = textForm(
  ['title', 'docNo', 'unitId', 'topic', 'genre', 'kind', 'column', 'art20', 'publisher', 'writtenOn', 'formedOn', 'keywords', 'summary', 'body', 'disclosure'],
  '文件表单',
);

/** The workflow forms of a document's page, by action. */
export const ActionFormBodies = {
  submit: textForm([], '提交审核'),
  approve: textForm(['check_political', 'check_policy', 'check_wording', 'comment'], '审核通过'),
  return: textForm(['comment'], '退回修改'),
  publish: textForm(['publishedAt'], '发布'),
  withdraw: textForm(['reason'], '撤稿'),
  validity: textForm(['validity', 'on', 'reason', 'replacedBy'], '变更有效性'),
} as const;
