// The editor help on a draft's console page (documents' extension point 'documents.consoleSections'): the
// suggested 关键词 and 主题分类, each with 采用 (a CSRF form → POST /admin/editor-help/documents/:id/accept,
// applied through documents' update command with an audit row and the version the editor saw). Shown only
// on documents the viewer may edit (drafts and returned ones); nothing is applied without a click.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { requireActor } from '../../platform/auth/index.tsx';
import { AppError } from '../../platform/errors.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { acceptInput, acceptSuggestion } from './accept.ts';
import { suggest } from './suggest.ts';
import { documentForHelp } from './repository.ts';
import { AcceptForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';

const EDITABLE = new Set(['draft', 'returned']);

const CSS = `
.eh { border: 1px solid #c9d6ea; background: #f7f9fc; padding: 8px 12px; margin: 12px 0; border-radius: 4px; }
.eh h2 { font-size: 1.05rem; margin: 0 0 4px; }
.eh h3 { font-size: .95rem; margin: 10px 0 4px; }
.eh p { margin: 4px 0; }
.eh ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.eh li { display: flex; align-items: center; gap: 4px; background: #fff; border: 1px solid #d5dbe5; border-radius: 4px; padding: 2px 4px 2px 8px; max-width: 100%; }
.eh li span { overflow-wrap: anywhere; }
.eh li form { margin: 0; }
.eh li button { padding: 2px 8px; min-height: 32px; white-space: nowrap; flex: none; }
.eh .done { color: #1d6b2f; padding-right: 4px; }
`;

export async function editorHelpSection({ db, actor, row, csrf }: { db: Db; actor: Actor; row: { id: number; unit_id: number; status: string }; csrf: string }) {
  if (!EDITABLE.has(row.status) || !can(actor, 'document.edit', row.unit_id) || !can(actor, 'editor-help.suggest', row.unit_id)) return null;
  const doc = await documentForHelp(db, row.id);
  if (!doc) return null;
  const s = await suggest(db, { title: doc.title, body: doc.body }, { excludeId: doc.id });
  const have = new Set(parseJson<string[]>(doc.keywords, []));
  const action = `/admin/editor-help/documents/${doc.id}/accept`;
  const Accept = ({ kind, value, label }: { kind: string; value: string; label: string }) => (
    <form method="post" action={action} class="inline">
      <Csrf token={csrf} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="value" value={value} />
      <input type="hidden" name="version" value={String(doc.version)} />
      <button type="submit" class="secondary" aria-label={`采用${label}`}>
        采用
      </button>
    </form>
  );
  return (
    <section class="eh" id="editor-help" aria-labelledby="eh-title">
      <style>{CSS}</style>
      <h2 id="eh-title">编辑助手：建议</h2>
      <p>根据标题和正文、参照已公开的相似文件自动推荐，仅供参考。点“采用”才会写入文件（记入修改记录）；不采用可直接忽略。</p>
      <h3>建议关键词</h3>
      {s.keywords.length ? (
        <ul>
          {s.keywords.map((k) => (
            <li>
              <span>{k}</span>
              {have.has(k) ? <span class="done">已采用</span> : <Accept kind="keyword" value={k} label={`关键词“${k}”`} />}
            </li>
          ))}
        </ul>
      ) : (
        <p>标题和正文太短，暂无建议。</p>
      )}
      <h3>建议主题分类</h3>
      {s.topics.length ? (
        <ul>
          {s.topics.map((t) => (
            <li>
              <span>
                {t.label}（相似度 {Math.round(t.score * 100)}%）
              </span>
              {doc.topic === t.code ? <span class="done">当前分类</span> : <Accept kind="topic" value={t.code} label={`主题分类“${t.label}”`} />}
            </li>
          ))}
        </ul>
      ) : (
        <p>没有找到足够相似的已公开文件，请自行选择主题分类。</p>
      )}
    </section>
  );
}

export default async function registerEditorHelpPages(app: FastifyInstance): Promise<void> {
  app.post('/admin/editor-help/documents/:id/accept', async (req, reply) => {
    const actor = requireActor(req);
    const raw = String((req.params as { id?: string }).id ?? '');
    const id = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    if (!id) throw new AppError('NOT_FOUND', '文件不存在。');
    const input = acceptInput(parseForm(AcceptForm, req.body));
    if (!input.ok) throw new AppError('VALIDATION', Object.values(input.error.fields ?? {}).join('；') || input.error.message);
    const r = await acceptSuggestion(app.db, actor, id, input.value);
    if (!r.ok) throw r.error;
    return reply.redirect(`/admin/documents/${id}#editor-help`, 303);
  });
}
