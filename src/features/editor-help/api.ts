// POST /api/v1/editor-help/suggest: the editor help's suggestions for a title and body not yet saved
// (an editing tool of another system, or a form before its first save). Staff only.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { can } from '../../platform/access/roles.ts';
import { apiRoute, component, defineOperations } from '../../platform/http/index.ts';
import { suggest } from './suggest.ts';
import './actions.ts';

const SuggestBody = component(
  'EditorHelpRequest',
  Type.Object(
    {
      title: Type.String({ maxLength: 300, description: '标题' }),
      body: Type.Optional(Type.String({ maxLength: 2_000_000, description: '正文（HTML 或纯文字；只读取前 2 万字）' })),
    },
    { additionalProperties: false },
  ),
);

const SuggestResponse = component(
  'EditorHelpSuggestions',
  Type.Object({
    keywords: Type.Array(Type.String(), { description: '建议的关键词，最相关的在前（TF-IDF，含政务领域词典）' }),
    topics: Type.Array(
      Type.Object({
        code: Type.String({ description: '主题分类代码（提交文件时的 topic）' }),
        label: Type.String({ description: '主题分类名称（含上级分类）' }),
        score: Type.Number({ description: '在相似的已公开文件中所占比重，0–1' }),
      }),
      { description: '建议的主题分类（至多 3 个），依据已公开的相似文件；没有足够相似的文件时为空' },
    ),
  }),
);

export const OPERATIONS = defineOperations({
  editorHelpSuggest: {
    method: 'POST',
    url: '/editor-help/suggest',
    summary: '起草建议：关键词和主题分类',
    description: '根据标题和正文建议关键词，并参照已公开的相似文件建议主题分类。只给建议，不修改任何文件。需要工作人员令牌（编辑、审核人员或单位管理员）。',
    tag: '编辑助手',
    access: 'staff',
    body: SuggestBody,
    success: { status: 200, description: '建议', schema: SuggestResponse },
    errors: [400, 403],
  },
});

export async function registerEditorHelpApi(api: FastifyInstance): Promise<void> {
  apiRoute(api, OPERATIONS.editorHelpSuggest, async (req) => {
    if (!can(req.actor!, 'editor-help.suggest')) throw new AppError('FORBIDDEN', '您的角色不能使用起草建议接口。');
    const b = req.body as { title: string; body?: string };
    if (!b.title.trim() && !(b.body ?? '').trim()) throw new AppError('VALIDATION', undefined, { title: '请填写标题或正文' });
    return suggest(req.server.db, { title: b.title, body: b.body ?? '' });
  });
}
