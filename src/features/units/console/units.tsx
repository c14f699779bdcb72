// 单位: the unit tree, each unit's name, 索引号 prefix and 政府信息公开指南 content.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import { can, type Actor } from '../../../platform/access/roles.ts';
import { loadUnitTree, type UnitNode } from '../../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, type PageContext } from '../../../platform/views/layout.tsx';
import type { Unit } from '../../../platform/db/types.ts';
import { createChildUnit, describeIndexPrefix, unitFormValues, updateUnit, UNIT_FIELDS, UNIT_TYPES, type UnitField } from '../units.commands.ts';
import { loadRemedies, type Remedies } from '../public.ts';
import { getUnit } from '../repository.ts';
import { NewUnitFormBody, UnitFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { AdminPage, SelectField, TextArea, TextField, flashText, idParam, requireRole, sendPage, val } from '../../admin/public.ts';


function UnitFields({ values, errors, prefixNote, remedies }: { values: Record<string, string>; errors: FieldErrors; prefixNote?: string; remedies?: Remedies }) {
  const e = (k: UnitField) => errors[k];
  return (
    <>
      <fieldset>
        <legend>基本信息</legend>
        <TextField name="name" label={UNIT_FIELDS.name.label} required value={values.name} error={e('name')} maxLength={UNIT_FIELDS.name.max} hint="单位全称，如 宿城区教育局。" />
        <TextField
          name="indexPrefix"
          label={UNIT_FIELDS.indexPrefix.label}
          required
          value={values.indexPrefix}
          error={e('indexPrefix')}
          maxLength={UNIT_FIELDS.indexPrefix.max}
          hint={
            <>
              索引号“前段码/年份-流水号”中的前段码，填写本单位的统一社会信用代码（18 位）、组织机构代码（9 位）或行政区划代码，按原样保存。修改只影响以后新发布的文件，已生成的索引号不变。
              {prefixNote ? (
                <>
                  <br />
                  <strong>{prefixNote}</strong>
                </>
              ) : null}
            </>
          }
        />
      </fieldset>
      <fieldset>
        <legend>政府信息公开指南</legend>
        <p class="muted">依《政府信息公开条例》第十二条，指南应包括信息的分类、编排体系、获取方式和工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式。以下内容显示在门户网站本单位的“公开指南”页面。</p>
        <TextArea name="arrangement" label={UNIT_FIELDS.arrangement.label} value={values.arrangement} error={e('arrangement')} rows={6} maxLength={UNIT_FIELDS.arrangement.max} />
        <TextArea name="obtain" label={UNIT_FIELDS.obtain.label} value={values.obtain} error={e('obtain')} rows={8} maxLength={UNIT_FIELDS.obtain.max} hint="主动公开的渠道、查阅场所，以及依申请公开的程序。可分段书写。" />
        <TextField name="officeName" label={UNIT_FIELDS.officeName.label} value={values.officeName} error={e('officeName')} maxLength={UNIT_FIELDS.officeName.max} hint="负责政府信息公开的工作机构，如 宿城区教育局办公室。" />
        <TextField name="officeAddress" label={UNIT_FIELDS.officeAddress.label} value={values.officeAddress} error={e('officeAddress')} maxLength={UNIT_FIELDS.officeAddress.max} />
        <TextField name="officeHours" label={UNIT_FIELDS.officeHours.label} value={values.officeHours} error={e('officeHours')} maxLength={UNIT_FIELDS.officeHours.max} />
        <TextField name="phone" label={UNIT_FIELDS.phone.label} value={values.phone} error={e('phone')} maxLength={UNIT_FIELDS.phone.max} inputMode="tel" hint="如 0527-80001002。" />
        <TextField name="fax" label={UNIT_FIELDS.fax.label} value={values.fax} error={e('fax')} maxLength={UNIT_FIELDS.fax.max} inputMode="tel" />
        <TextField name="email" label={UNIT_FIELDS.email.label} value={values.email} error={e('email')} maxLength={UNIT_FIELDS.email.max} inputMode="email" />
        <TextField name="postcode" label={UNIT_FIELDS.postcode.label} value={values.postcode} error={e('postcode')} maxLength={6} inputMode="numeric" />
      </fieldset>
      <fieldset>
        <legend>答复书中的救济途径</legend>
        <p class="muted">
          本单位出具的政府信息公开申请答复书写明：不服答复的，可以向下列机关申请行政复议，或者向下列人民法院提起行政诉讼。留空时按单位层级自动确定：区政府的部门、街道和乡镇为区人民政府和区人民法院；区人民政府为市人民政府和市中级人民法院（《行政复议法》第二十四条，《行政诉讼法》第十四条、第十五条）。实行行政案件集中管辖等特殊情况，请按实际填写。
        </p>
        <TextField name="reviewBody" label={UNIT_FIELDS.reviewBody.label} value={values.reviewBody} error={e('reviewBody')} maxLength={UNIT_FIELDS.reviewBody.max} hint={remedies ? `留空则为：${remedies.reviewBody}` : '留空则按单位层级自动确定。'} />
        <TextField name="court" label={UNIT_FIELDS.court.label} value={values.court} error={e('court')} maxLength={UNIT_FIELDS.court.max} hint={remedies ? `留空则为：${remedies.court}` : '留空则按单位层级自动确定。'} />
      </fieldset>
    </>
  );
}

function UnitPage({ ctx, unit, values, errors, flash, message, parentName, remedies }: { ctx: PageContext; unit: Unit; values: Record<string, string>; errors: FieldErrors; flash?: string | null; message?: string; parentName?: string; remedies?: Remedies }) {
  const saved = describeIndexPrefix(unit.index_prefix);
  return (
    <AdminPage ctx={ctx} title={unit.name} flash={flash} message={message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={errors} crumbs={[['/admin/units', '单位']]}>
      <p class="muted">
        类型：{UNIT_TYPES[unit.type as keyof typeof UNIT_TYPES] ?? unit.type}　单位代码：{unit.code}
        {parentName ? `　上级单位：${parentName}` : ''}　<a href={`/xxgk/guide?unit=${encodeURIComponent(unit.code)}`}>查看门户上的公开指南</a>
      </p>
      <form method="post" action={`/admin/units/${unit.id}`} class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <UnitFields values={values} errors={errors} prefixNote={`当前保存的${saved.text}`} remedies={remedies} />
        <div class="actions">
          <button type="submit">保存</button>
          <a class="button secondary" href="/admin/units">
            返回单位列表
          </a>
        </div>
      </form>
    </AdminPage>
  );
}

function NewUnitPage({ ctx, parent, values, errors, message }: { ctx: PageContext; parent: UnitNode; values: Record<string, string>; errors: FieldErrors; message?: string }) {
  return (
    <AdminPage ctx={ctx} title={`在“${parent.name}”下新建单位`} message={message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={errors} crumbs={[['/admin/units', '单位']]}>
      <form method="post" action="/admin/units" class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="parent" value={String(parent.id)} />
        <fieldset>
          <legend>新单位</legend>
          <TextField name="code" label="单位代码" required value={values.code} error={errors.code} maxLength={30} hint="用于网址和导入文件的简短英文代码，小写字母开头，如 sjj；建成后不能修改。" />
          <SelectField name="type" label="单位类型" required value={values.type} error={errors.type} options={Object.entries(UNIT_TYPES).map(([value, label]) => ({ value, label }))} empty="（请选择）" />
        </fieldset>
        <UnitFields values={values} errors={errors} />
        <div class="actions">
          <button type="submit">创建单位</button>
          <a class="button secondary" href="/admin/units">
            取消
          </a>
        </div>
      </form>
    </AdminPage>
  );
}

export default async function unitRoutes(app: FastifyInstance) {
  const { db } = app;
  const deps = { db };

  const loadUnit = async (actor: Actor, id: number) => {
    const unit = await getUnit(db, id);
    if (!unit) throw new AppError('NOT_FOUND', '单位不存在。');
    requireRole(actor, 'unit.manage', unit.id, '您只能管理本单位及下级单位的信息。');
    return unit;
  };

  const parentName = async (unit: Unit) => (unit.parent_id ? (await loadUnitTree(db)).byId.get(unit.parent_id)?.name : undefined);

  app.get('/admin/units', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'unit.manage', undefined, '只有平台管理员和单位管理员可以管理单位信息。');
    const tree = await loadUnitTree(db);
    const rows: { node: UnitNode; depth: number }[] = [];
    const walk = (nodes: UnitNode[], depth: number) => {
      for (const n of nodes) {
        if (can(actor, 'unit.manage', n.id)) rows.push({ node: n, depth });
        walk(n.children, depth + 1);
      }
    };
    walk(tree.roots, 0);
    const minDepth = Math.min(...rows.map((r) => r.depth));
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="单位" flash={flashText(req.query)}>
        <p class="muted">{actor.role === 'admin' ? '全部单位。' : '您可以维护本单位及下级单位的信息。'}点击单位名称修改名称、索引号前段码和政府信息公开指南。</p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="单位列表">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">单位名称</th>
                <th scope="col">类型</th>
                <th scope="col">索引号前段码</th>
                {actor.role === 'admin' ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ node, depth }) => {
                const kind = describeIndexPrefix(node.indexPrefix);
                return (
                  <tr>
                    <td style={`padding-left:${0.5 + (depth - minDepth) * 1.5}em`}>
                      <a href={`/admin/units/${node.id}`}>{node.name}</a>
                    </td>
                    <td class="nowrap" data-label="类型">{UNIT_TYPES[node.type as keyof typeof UNIT_TYPES] ?? node.type}</td>
                    <td data-label="前段码">
                      <code>{node.indexPrefix}</code>
                      <div class={kind.kind === 'other' ? 'small warn-text' : 'small muted'}>{kind.label}</div>
                    </td>
                    {actor.role === 'admin' ? (
                      <td class="nowrap">
                        <a href={`/admin/units/new?parent=${node.id}`}>新建下级单位</a>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p class="pager-info">共 {rows.length} 个单位</p>
      </AdminPage>,
    );
  });

  const newPage = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, parentId: number, values: Record<string, string>, errors: FieldErrors, status: number, message?: string) => {
    if (actor.role !== 'admin') throw new AppError('FORBIDDEN', '只有平台管理员可以新建单位。');
    const parent = (await loadUnitTree(db)).byId.get(parentId);
    if (!parent) throw new AppError('NOT_FOUND', '上级单位不存在。');
    return sendPage(reply, <NewUnitPage ctx={req.pageCtx()} parent={parent} values={values} errors={errors} message={message} />, status);
  };

  app.get('/admin/units/new', async (req, reply) => {
    const actor = requireActor(req);
    return newPage(req, reply, actor, Number(val(req.query, 'parent')) || 0, {}, {}, 200);
  });

  app.post('/admin/units', async (req, reply) => {
    const actor = requireActor(req);
    const { parent, ...values } = parseForm(NewUnitFormBody, req.body);
    const parentId = Number(parent ?? '') || 0;
    const r = await createChildUnit(deps, actor, parentId, values);
    if (!r.ok) return newPage(req, reply, actor, parentId, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/units/${r.value.id}?msg=unit-created`, 303);
  });

  app.get('/admin/units/:id', async (req, reply) => {
    const actor = requireActor(req);
    const unit = await loadUnit(actor, idParam(req));
    return sendPage(reply, <UnitPage ctx={req.pageCtx()} unit={unit} values={unitFormValues(unit)} errors={{}} flash={flashText(req.query)} parentName={await parentName(unit)} remedies={(await loadRemedies(db, unit.id, app.config.city)).defaults} />);
  });

  app.post('/admin/units/:id', async (req, reply) => {
    const actor = requireActor(req);
    const unit = await loadUnit(actor, idParam(req));
    const values = parseForm(UnitFormBody, req.body);
    const r = await updateUnit(deps, actor, unit.id, values);
    if (!r.ok) {
      return sendPage(
        reply,
        <UnitPage ctx={req.pageCtx()} unit={unit} values={{ ...unitFormValues(unit), ...values }} errors={r.error.fields ?? {}} message={r.error.fields ? undefined : r.error.message} parentName={await parentName(unit)} remedies={(await loadRemedies(db, unit.id, app.config.city)).defaults} />,
        r.error.status,
      );
    }
    return reply.redirect(`/admin/units/${unit.id}?msg=unit-saved`, 303);
  });
}
