// The forms of 征求意见 (console and the public 意见 form), declared as schemas like the API bodies: which fields
// each form posts. The public 意见 form is the API's comment body (CommentBody, declared here and used by api.ts)
// plus the honeypot, and the 征求形式 checkboxes are the API's `forms` (CreateBody, every ticked value), so the
// same mistake gets the same message; the rest is text — the commands check it and name each bad field in
// Chinese. 意见 checkboxes (commentIds) keep every ticked value.
import { Type } from '@sinclair/typebox';
import { textForm } from '../../platform/http/forms.ts';
import { component, DateString, Enum } from '../../platform/http/index.ts';
import { COMMENT_LIMIT } from './commands.ts';
import { FORMS } from './rules.ts';

/** The API's body of a comment (POST /consultations/:id/comments); the public 意见 form is read against it too. */
export const CommentBody = component(
  'NewConsultationComment',
  Type.Object(
    {
      body: Type.String({ maxLength: 100_000, description: `意见内容，1–${COMMENT_LIMIT} 字` }),
      article: Type.Optional(Type.String({ maxLength: 20, description: '针对的条款（Consultation.articles[].key，如 a3）；省略为对草案整体' })),
      name: Type.Optional(Type.String({ maxLength: 200, description: '姓名（可不填，不公开）' })),
      phone: Type.Optional(Type.String({ maxLength: 40, description: '手机号码或固定电话（与 email 至少一项，不公开）' })),
      email: Type.Optional(Type.String({ maxLength: 300, description: '电子邮箱（与 phone 至少一项，不公开）' })),
    },
    { additionalProperties: false },
  ),
);

/** The API's body of a new consultation (POST /consultations); the console form shares its 征求形式. */
export const CreateBody = component(
  'NewConsultation',
  Type.Object(
    {
      title: Type.String({ maxLength: 1000 }),
      unit: Type.Union([Type.String({ maxLength: 100 }), Type.Integer()], { description: '起草单位：编号、代码或名称' }),
      startsOn: DateString('开始日期'),
      endsOn: DateString('截止日期（期限不少于 30 日，含首尾；少于 30 日须给出 periodReason）'),
      body: Type.String({ maxLength: 400_000, description: '征求意见稿（HTML 或纯文本，空行分段）' }),
      explanation: Type.Optional(Type.String({ maxLength: 100_000, description: '起草说明' })),
      basis: Type.Optional(Type.Array(Type.Union([Type.String({ maxLength: 800 }), Type.Object({ title: Type.String({ maxLength: 300 }), url: Type.Optional(Type.String({ maxLength: 600 })) }, { additionalProperties: false })]), { maxItems: 100, description: '决策依据：名称（可带链接）' })),
      forms: Type.Optional(Type.Array(Enum(FORMS), { minItems: 1, maxItems: 5 })),
      periodReason: Type.Optional(Type.String({ maxLength: 5000 })),
    },
    { additionalProperties: false },
  ),
);

/** 新建 / 修改 a consultation (决策依据 as lines). */
export const ConsultationFormBody = Type.Composite([textForm(['title', 'unit', 'startsOn', 'endsOn', 'periodReason', 'body', 'explanation', 'basis'], '征求意见'), Type.Pick(CreateBody, ['forms'])]);

/** 提交审核 / 审核通过 / 退回 / 发布, of the consultation or of its 采纳情况 (reason when returned). */
export const ReasonForm = textForm(['reason'], '审核');

/** 修改征求意见稿 while it is open (a new version with a note). */
export const ReviseForm = textForm(['body', 'note'], '修改征求意见稿');

/** 审核 one comment (publish=1 to publish). */
export const ModerateOneForm = textForm(['publish', 'reason'], '意见审核');

const CommentIds = Type.Object({ commentIds: Type.Optional(Type.Array(Type.String(), { title: '所选意见' })) });

/** 批量审核 the ticked comments. */
export const ModerateManyForm = Type.Composite([textForm(['reason'], '批量审核'), CommentIds]);

/** 录入线下意见. */
export const OfflineForm = textForm(['form', 'source', 'article', 'body'], '线下意见');

/** 归并 the ticked comments into a new or an existing opinion. */
export const GroupForm = Type.Composite([textForm(['summary', 'opinionId'], '归纳意见'), CommentIds]);

/** 采纳情况 of one opinion. */
export const DecideForm = textForm(['decision', 'reason', 'summary'], '采纳情况');

/** 采纳情况说明. */
export const FeedbackForm = textForm(['summary'], '采纳情况说明');

/** 关联决策文件. */
export const DecisionForm = textForm(['documentId'], '决策文件');

/** The public 意见 form: the API's body and the honeypot. */
export const PublicCommentForm = Type.Composite([CommentBody, Type.Object({ website: Type.Optional(Type.String()) })]);
