// 操作日志: the audit log, filterable by entity, unit-scoped for everyone but platform admins.
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { ROLE_LABELS, roleAllows, type Action, type Actor, type Role } from '../../platform/access/roles.ts';
import { STATUS_LABELS, type Status } from '../documents/public.ts';
import { parseJson } from '../../platform/db/index.ts';
import { Pager, qs } from '../../platform/views/layout.tsx';
import { loadAuditRows, unitNames, type AuditRowView } from './repository.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import { AdminPage, pageParam, requireRole, sendPage, val } from '../admin/public.ts';

export const AUDIT_ACTIONS: Record<string, string> = {
  'document.create': '新建文件',
  'document.edit': '修改文件',
  'document.attach': '附件变更',
  'document.attachment-text': '提取附件文字（供检索）',
  'document.submit': '提交审核',
  'document.approve': '审核通过',
  'document.return': '退回修改',
  'document.publish': '发布',
  'document.withdraw': '撤稿',
  'document.validity': '变更有效性',
  'document.import': '导入文件',
  'document.import-update': '导入更新',
  'calendar.seed': '载入节假日安排',
  'calendar.save': '录入节假日安排',
  'user.login': '登录',
  'user.logout': '退出',
  'user.locked': '账号锁定（密码错误次数过多）',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'token.create': '创建 API 令牌',
  'token.revoke': '吊销 API 令牌',
  'request.read-personal': '查看申请人信息',
  'file.download': '下载非公开附件',
  'user.password': '本人修改密码',
  'unit.seed': '初始化单位',
  'unit.create': '新建单位',
  'unit.update': '修改单位',
  'term.create': '新增分类',
  'term.rename': '分类改名',
  'term.deactivate': '停用分类',
  'term.activate': '启用分类',
  'term.move': '调整分类顺序',
};

export const AUDIT_ENTITIES: Record<string, string> = { document: '文件', user: '用户', unit: '单位', term: '分类', calendar: '工作日历' };

/** Column and field names in before/after, as staff call them. */
const FIELD_LABELS: Record<string, string> = {
  title: '名称', status: '状态', doc_no: '文号', unit_id: '发布单位', topic: '主题分类', genre: '体裁分类', kind: '类型',
  column_code: '公开目录', art20: '法定类别', publisher: '发布机构', written_on: '成文日期', formed_on: '形成日期',
  published_at: '公开时间', scheduled_at: '排期时间', keywords: '关键词', summary: '内容概述', body: '正文', validity: '有效性',
  validity_on: '有效性日期', validity_reason: '有效性原因', replaced_by_id: '替代文件', disclosure: '公开方式',
  review_comment: '审核意见', review_checks: '审核确认', index_no: '索引号', withdraw_reason: '撤稿原因', withdrawn_at: '撤稿时间',
  name: '名称', index_prefix: '索引号前段码', guide_arrangement: '信息分类与编排', guide_obtain: '获取方式', office_name: '工作机构',
  office_address: '办公地址', office_hours: '办公时间', phone: '电话', fax: '传真', email: '电子邮箱', postcode: '邮编',
  role: '角色', display_name: '姓名', active: '启用', password: '密码', username: '用户名', displayName: '姓名', unitId: '单位',
  label: '名称', position: '顺序', parentId: '上级单位', code: '代码', type: '类型', parent: '上级分类', attachments: '附件', removedAttachment: '删除的附件', lockedUntil: '锁定至', ip: 'IP',
};

const HIDDEN = new Set(['submitted_by', 'reviewed_by', 'updated_by', 'doc_no_issuer', 'doc_no_year', 'doc_no_seq', 'doc_no_key']);

const INSTANTS = new Set(['published_at', 'scheduled_at', 'withdrawn_at', 'lockedUntil']);

const UNIT_KEYS = new Set(['unit_id', 'unitId', 'parentId', 'parent_id']);

function short(v: unknown, key: string, units?: Map<number, string>): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (UNIT_KEYS.has(key) && units && typeof v === 'number') return units.get(v) ?? String(v);
  if (key === 'body') return '（正文内容）';
  if (key === 'status' && typeof v === 'string') return STATUS_LABELS[v as Status] ?? v;
  if (INSTANTS.has(key) && typeof v === 'string') return fmtDateTime(v) || v;
  if (key === 'active') return v === true || v === 1 || v === '1' ? '启用' : '停用';
  if (key === 'role' && typeof v === 'string') return ROLE_LABELS[v as Role] ?? v;
  if (key === 'review_checks' && typeof v === 'string') {
    const c = parseJson<Record<string, boolean>>(v, {});
    return Object.values(c).every(Boolean) ? '三项均已确认' : '未全部确认';
  }
  if (key === 'attachments' && Array.isArray(v)) return v.map((a: any) => a?.filename ?? '').join('、');
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

export function ChangeSummary({ before, after, units }: { before: string | null; after: string | null; units?: Map<number, string> }) {
  const b = parseJson<Record<string, unknown> | null>(before, null) ?? {};
  const a = parseJson<Record<string, unknown> | null>(after, null) ?? {};
  if (typeof a !== 'object' || typeof b !== 'object') return null;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k));
  if (!keys.length) return null;
  return (
    <ul class="changes">
      {keys.map((k) => (
        <li>
          {FIELD_LABELS[k] ?? k}：{k in b ? `${short(b[k], k, units)} → ` : ''}
          {short(a[k], k, units)}
        </li>
      ))}
    </ul>
  );
}

/** Console pages of the audited objects, and what a role needs to open them. */
const ENTITY_PAGES: Record<string, [prefix: string, action: Action]> = {
  document: ['/admin/documents/', 'document.read'],
  user: ['/admin/users/', 'user.manage'],
  unit: ['/admin/units/', 'unit.manage'],
};

/** The object's console page, when the viewer's role may open it (the log itself is unit-scoped). */
function entityLink(entity: string, id: string, viewer?: Actor): string | null {
  if (!/^\d+$/.test(id)) return null;
  const page = ENTITY_PAGES[entity];
  if (!page || (viewer && !roleAllows(viewer.role, page[1]))) return null;
  return `${page[0]}${id}`;
}

export function AuditTable({ rows, showEntity = true, units, viewer }: { rows: AuditRowView[]; showEntity?: boolean; units?: Map<number, string>; viewer?: Actor }) {
  if (!rows.length) return <p class="muted">暂无操作日志。</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="操作日志">
      <table class="list audit">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">操作</th>
            {showEntity ? <th scope="col">对象</th> : null}
            <th scope="col">内容</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const href = entityLink(r.entity, r.entity_id, viewer);
            return (
              <tr>
                <td class="nowrap" data-label="时间">{fmtDateTime(r.at)}</td>
                <td data-label="操作人">
                  {r.actor_name}
                  {r.ip ? <div class="muted small">{r.ip}</div> : null}
                </td>
                <td data-label="操作">{AUDIT_ACTIONS[r.action] ?? r.action}</td>
                {showEntity ? (
                  <td class="nowrap" data-label="对象">
                    {AUDIT_ENTITIES[r.entity] ?? r.entity} {href ? <a href={href}>{r.entity_id}</a> : r.entity_id}
                  </td>
                ) : null}
                <td data-label="内容">
                  <ChangeSummary before={r.before_json} after={r.after_json} units={units} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const PAGE = 50;

export default async function auditRoutes(app: FastifyInstance) {
  app.get('/admin/audit', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'audit.read', undefined, '只有平台管理员、单位管理员和审计人员可以查看操作日志。');
    const q = req.query as Record<string, unknown>;
    const entity = Object.prototype.hasOwnProperty.call(AUDIT_ENTITIES, val(q, 'entity')) ? val(q, 'entity') : '';
    const id = /^[\w.-]{1,40}$/.test(val(q, 'id')) ? val(q, 'id') : '';
    const page = pageParam(q);
    const [{ rows, total }, units] = await Promise.all([loadAuditRows(app.db, actor, { entity, id, page, pageSize: PAGE }), unitNames(app.db)]);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="操作日志">
        <p class="muted">{actor.role === 'admin' ? '全部单位的操作记录，最新的在前。' : '本单位及下级单位的操作记录，最新的在前。'}</p>
        <form method="get" action="/admin/audit" class="filters" aria-label="筛选日志">
          <div>
            <label for="flt-entity">对象类型</label>
            <select id="flt-entity" name="entity">
              <option value="">全部</option>
              {Object.entries(AUDIT_ENTITIES).map(([k, v]) => (
                <option value={k} selected={k === entity}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="flt-id">对象编号</label>
            <input type="search" id="flt-id" name="id" value={id} maxLength={40} inputMode="numeric" />
          </div>
          <div>
            <button type="submit">筛选</button>
          </div>
        </form>
        <AuditTable rows={rows} units={units} viewer={actor} />
        <Pager page={page} pageSize={PAGE} total={total} href={(n) => `/admin/audit${qs({ entity, id, page: n })}`} />
      </AdminPage>,
    );
  });
}
