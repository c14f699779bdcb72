// Shared building blocks of the admin console: page shell, form fields with inline errors,
// request helpers (form values, ids, paging) and the flash-message catalogue.
import type { ComponentChildren } from 'preact';
import { Layout, ErrorSummary, Flash, adminNav, type PageContext } from '../../platform/views/layout.tsx';
import { idParam, pageParam, sendPage, val } from '../../platform/http/request.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { can, type Action, type Actor } from '../../platform/access/roles.ts';
import type { UnitTree, UnitNode } from '../../platform/access/unit-tree.ts';

// The request helpers moved to the platform (platform/http/request.ts); kept on admin's surface for the console pages.
export { idParam, pageParam, sendPage, val };

export const PAGE_SIZE = 20;

/** Fixed flash messages: the query carries a key, never text. */
const FLASH: Record<string, string> = {
  created: '文件已保存为草稿。',
  saved: '修改已保存。',
  submitted: '已提交审核，请等待审核人员处理。',
  approved: '已审核通过，可以发布。',
  returned: '已退回修改，修改意见已通知起草人。',
  published: '已发布，公众现在可以在门户网站看到此文件。',
  scheduled: '已排期发布，到设定时间后将自动在门户网站公开。',
  withdrawn: '已撤稿，公开页面将显示撤稿说明。',
  validity: '有效性已更新。',
  attached: '附件已上传。',
  detached: '附件已删除。',
  'unit-saved': '单位信息已保存。',
  'unit-created': '下级单位已创建。',
  'user-created': '用户已创建。',
  'user-saved': '用户信息已保存。',
  'term-added': '分类已添加。',
  'term-renamed': '分类名称已修改。',
  'term-deactivated': '分类已停用，新建或修改文件时不再可选；已使用该分类的文件不受影响。',
  'term-activated': '分类已重新启用。',
  'term-moved': '顺序已调整。',
  'calendar-saved': '节假日安排已保存，期限计算已按新安排进行。',
};

export function flashText(q: unknown): string | null {
  const key = q && typeof q === 'object' ? (q as Record<string, unknown>).msg : undefined;
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(FLASH, key) ? FLASH[key] : null;
}

export interface AdminPageProps {
  ctx: PageContext;
  title: string;
  flash?: string | null;
  message?: string | null;
  fields?: FieldErrors;
  children: ComponentChildren;
  /** When set, the page's h1 differs from the <title>. */
  heading?: ComponentChildren;
  crumbs?: [string, string][];
}

/** The console page: layout, breadcrumb, one h1, flash, error summary. */
export function AdminPage({ ctx, title, flash, message, fields, children, heading, crumbs }: AdminPageProps) {
  return (
    <Layout ctx={ctx} title={title} area="admin" nav={adminNav(ctx.user?.role)} head={<link rel="stylesheet" href="/static/admin.css" />}>
      {crumbs && crumbs.length ? (
        <nav class="breadcrumb" aria-label="当前位置">
          <ol>
            {crumbs.map(([href, label]) => (
              <li>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <h1>{heading ?? title}</h1>
      <Flash message={flash} />
      {message || (fields && Object.keys(fields).length) ? <ErrorSummary message={message ?? undefined} fields={fields} /> : null}
      {children}
    </Layout>
  );
}

// Form fields live in the platform (shared with the public forms).
import type { Option } from '../../platform/views/fields.tsx';
export { TextField, TextArea, SelectField, RadioField, CheckField, type Option, type OptGroup } from '../../platform/views/fields.tsx';

// ---------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------

/** Role check (any unit) or a 403 page. */
export function requireRole(actor: Actor, action: Action, unitId?: number | null, message?: string): void {
  if (!can(actor, action, unitId)) throw new AppError('FORBIDDEN', message);
}

/** Units in the actor's scope for `action`, in tree order, indented by depth. */
export function unitOptions(tree: UnitTree, actor: Actor, action: Action): Option[] {
  const out: Option[] = [];
  const walk = (nodes: UnitNode[], depth: number) => {
    for (const n of nodes) {
      if (can(actor, action, n.id)) out.push({ value: String(n.id), label: `${'　'.repeat(depth)}${n.name}` });
      walk(n.children, depth + 1);
    }
  };
  walk(tree.roots, 0);
  return out;
}

