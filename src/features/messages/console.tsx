// Console pages of 政民互动 (menu entry from the manifest): the inbox in the staff member's scope with its
// filters (unit, type, status, overdue, beyond 3 months), one message with everything staff do on it —
// reply (a reviewer publishes at once; others submit for the unit's reviewer), approve or return, transfer
// (reason; the clock restarts at the receiving unit), merge into a main message, withhold from publication —
// and the 12345 import (upload → column mapping → preview with every row's problems → import).
// The writer's contact details are masked; staff with message.contact reveal them (an audit row).
import { noStore } from '../../platform/http/request.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor } from '../../platform/access/roles.ts';
import { AppError, type Result } from '../../platform/errors.ts';
import { csrfCheckedParts, requireActor } from '../../platform/auth/index.tsx';
import { auditRead } from '../../platform/audit/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { Csrf, Pager, qs } from '../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, PAGE_SIZE, SelectField, TextArea, TextField, idParam, pageParam, sendPage, unitOptions, val } from '../admin/public.ts';
import { resolveAbout } from './about.ts';
import { loadMessage, mergeMessage, replyMessage, replyShown, reviewReply, setWithheld, transferMessage, unitNames } from './commands.ts';
import { checkMapping, checkRows, FIELDS, guessMapping, importOrders, lastMapping, readTable, stagedUpload, stageUpload, type Mapping } from './import12345.ts';
import { duplicatesOf, mergedMessage, staffList, STAFF_STATES, transfersOf, vetoCutoff, type StaffState } from './repository.ts';
import { clockText, isOpen, isType, isVeto, isOverdue, maskEmail, maskPhone, RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, TYPE_LABELS, TYPES, type MessageType, type Source } from './rules.ts';
import { STYLE } from './pages.tsx';
import { ActionForms, MappingForm } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import type { Static } from '@sinclair/typebox';

const BASE = '/admin/messages';
const STATE_LABELS: Record<StaffState, string> = { all: '全部', open: '待答复', review: '答复待审核', replied: '已答复', merged: '已合并', overdue: '已超期', veto: '超过 3 个月未答复' };
const FLASH: Record<string, string> = {
  replied: '答复已发布。',
  review: '答复已提交审核。',
  approved: '答复已审核发布。',
  returned: '答复已退回修改。',
  transferred: '留言已转办。',
  merged: '已合并到主留言，答复以主留言为准。',
  withheld: '已标记为不予公开。',
  released: '已取消不予公开标记。',
  imported: '工单已导入。',
};

export async function registerConsolePages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const reader = (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (!can(actor, 'message.read')) throw new AppError('FORBIDDEN', '您的角色不能查看政民互动留言。');
    return actor;
  };

  app.get(BASE, { onSend: noStore }, async (req, reply) => {
    const actor = reader(req);
    const q = req.query;
    const today = todayBeijing();
    const stateRaw = val(q, 'state');
    const state: StaffState = (STAFF_STATES as readonly string[]).includes(stateRaw) ? (stateRaw as StaffState) : 'all';
    const typeRaw = val(q, 'type');
    const type: MessageType | null = isType(typeRaw) ? typeRaw : null;
    const unitRaw = val(q, 'unit');
    const unitId = /^\d{1,10}$/.test(unitRaw) ? Number(unitRaw) : null;
    const sourceRaw = val(q, 'source');
    const source: Source | null = sourceRaw === 'web' || sourceRaw === '12345' ? sourceRaw : null;
    const search = val(q, 'q').trim().slice(0, 100);
    const page = pageParam(q);
    const list = await staffList(db, { scope: actor.role === 'admin' ? null : actor.scope, unitId, type, state, source, q: search, today, vetoBefore: vetoCutoff(today) }, page, PAGE_SIZE);
    const units = unitOptions(await loadUnitTree(db), actor, 'message.read');
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="政民互动" flash={Object.hasOwn(FLASH, val(q, 'msg')) ? FLASH[val(q, 'msg')] : null}>
        {STYLE}
        {can(actor, 'message.import') ? (
          <p class="actions">
            <a class="button secondary" href={`${BASE}/import`}>
              导入 12345 工单
            </a>
          </p>
        ) : null}
        <form method="get" action={BASE} class="ly-filter">
          <SelectField name="state" label="状态" value={state} options={STAFF_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))} />
          <SelectField name="type" label="类型" value={type ?? ''} options={TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} empty="全部类型" />
          <SelectField name="unit" label="单位" value={unitId ? String(unitId) : ''} options={units} empty="全部单位" />
          <SelectField name="source" label="来源" value={source ?? ''} options={[{ value: 'web', label: '网上留言' }, { value: '12345', label: '12345 热线' }]} empty="全部来源" />
          <TextField name="q" label="标题、回执号或工单编号" value={search} maxLength={100} />
          <p>
            <button type="submit" class="secondary">
              筛选
            </button>
          </p>
        </form>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">类型</th>
                <th scope="col">单位</th>
                <th scope="col">收到</th>
                <th scope="col">状态</th>
                <th scope="col">期限</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((m) => {
                const facts = { status: m.status, receivedOn: m.received_on, dueOn: m.due_on, repliedOn: m.replied_on };
                return (
                  <tr>
                    <td>
                      <a href={`${BASE}/${m.id}`}>{m.title}</a>
                      <div class="ly-meta">
                        {m.receipt_no}
                        {m.work_order_no ? ` · 工单 ${m.work_order_no}` : ''}
                        {m.withheld ? ' · 不予公开' : !m.public_ok ? ' · 留言人不同意公开' : ''}
                      </div>
                    </td>
                    <td data-label="类型">{TYPE_LABELS[m.type]}</td>
                    <td data-label="单位">{m.unit_name}</td>
                    <td data-label="收到" class="nowrap">{m.received_on}</td>
                    <td data-label="状态">
                      {STATUS_LABELS[m.status]}
                      {m.rating ? `（${RATING_LABELS[m.rating]}）` : ''}
                    </td>
                    <td data-label="期限">
                      {isVeto(facts, today) ? <strong class="error">超过 3 个月未答复</strong> : isOverdue(facts, today) ? <strong class="error">已超期</strong> : null}
                      <div class="nowrap">
                        {m.due_on}
                        {m.due_provisional && isOpen(m.status) ? '（暂定）' : ''}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {list.items.length ? null : <p class="muted">没有符合条件的留言。</p>}
        <Pager page={page} pageSize={PAGE_SIZE} total={list.total} href={(n) => `${BASE}${qs({ state, type, unit: unitId, source, q: search || null, page: n })}`} />
      </AdminPage>,
    );
  });

  // ---- the 12345 import ----------------------------------------------------------------------------

  const importer = (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (!can(actor, 'message.import')) throw new AppError('FORBIDDEN', '您的角色不能导入 12345 工单。');
    return actor;
  };
  const uploadPage = (req: FastifyRequest, reply: FastifyReply, error?: string) =>
    sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="导入 12345 工单" crumbs={[[BASE, '政民互动']]} fields={error ? { file: error } : undefined}>
        <p>上传 12345 热线导出的工单（.csv 或 .xlsx，第一行为表头）。下一步选择各列对应的字段并预览，确认后导入。同一工单编号再次导入时不会重复，答复有变化的会更新并记入操作日志。</p>
        <form method="post" action={`${BASE}/import`} enctype="multipart/form-data">
          <Csrf token={req.pageCtx().csrf} />
          <div class={error ? 'field has-error' : 'field'}>
            <label for="f-file">工单文件</label>
            {error ? <p class="error">{error}</p> : null}
            <input id="f-file" type="file" name="file" accept=".csv,.xlsx" required />
          </div>
          <button type="submit">上传并选择列</button>
        </form>
      </AdminPage>,
      error ? 400 : 200,
    );
  app.get(`${BASE}/import`, { onSend: noStore }, async (req, reply) => {
    importer(req);
    return uploadPage(req, reply);
  });
  app.post(`${BASE}/import`, { config: { multipartCsrf: true } }, async (req, reply) => {
    const actor = importer(req);
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA', '请通过上传表单选择文件后提交。');
    let got: { filename: string; bytes: Buffer } | null = null;
    for await (const part of csrfCheckedParts(req)) {
      if (part.type !== 'file') continue;
      if (got || !part.filename) {
        part.file.resume();
        continue;
      }
      got = { filename: part.filename, bytes: await part.toBuffer() };
    }
    if (!got || !got.bytes.length) return uploadPage(req, reply, '请选择要上传的工单文件');
    let rows: string[][];
    try {
      rows = readTable(got.filename, got.bytes);
    } catch (e) {
      if (e instanceof AppError && e.fields?.file) return uploadPage(req, reply, e.fields.file);
      throw e;
    }
    const id = await stageUpload(db, actor, got.filename, rows);
    return reply.redirect(`${BASE}/import/${id}`, 303);
  });

  const mappingOf = (form: Static<typeof MappingForm>, headers: string[]): Mapping => {
    const m: Mapping = {};
    for (const f of FIELDS) {
      const v = form[f.key];
      if (v !== undefined && v < headers.length) m[f.key] = v;
    }
    return m;
  };

  const mappingPage = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, upId: number, mapping: Mapping | null, preview: boolean, status = 200) => {
    const up = await stagedUpload(db, actor, upId);
    const headers = up.rows[0]!;
    const m = mapping ?? guessMapping(headers, await lastMapping(db));
    const problems = checkMapping(headers, m);
    const checked = preview && !Object.keys(problems).length ? await checkRows(db, up.rows, m) : null;
    const bad = checked?.filter((r) => !r.values) ?? [];
    const ctx = req.pageCtx();
    const options = headers.map((h, i) => ({ value: String(i), label: `${h || '（无表头）'}（第 ${i + 1} 列）` }));
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title="导入 12345 工单：选择列" crumbs={[[BASE, '政民互动'], [`${BASE}/import`, '导入 12345 工单']]} fields={preview ? problems : undefined}>
        <p>
          文件：{up.filename}，共 {up.rows.length - 1} 张工单。请为每个字段选择所在的列（已按上次导入和表头名称预选）。
        </p>
        <form method="post" action={`${BASE}/import/${up.id}`}>
          <Csrf token={ctx.csrf} />
          {FIELDS.map((f) => (
            <SelectField name={f.key} label={f.label} required={f.required} value={m[f.key] !== undefined ? String(m[f.key]) : ''} options={options} empty="（不导入）" error={preview ? problems[f.key] : undefined} />
          ))}
          <p class="actions">
            <button type="submit" name="step" value="preview" class="secondary">
              预览
            </button>
          </p>
        {checked ? (
          <section>
            <h2>预览</h2>
            <p>
              可以导入 {checked.length - bad.length} 张；有问题 {bad.length} 张（不导入，请修改文件后重新上传）。
            </p>
            {bad.length ? (
              <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
                <h3 id="bad-h">有问题的工单（不导入）</h3>
                <table class="stack" aria-labelledby="bad-h">
                  <thead>
                    <tr>
                      <th scope="col">行</th>
                      <th scope="col">工单编号</th>
                      <th scope="col">问题</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bad.slice(0, 500).map((r) => (
                      <tr>
                        <td data-label="行">{r.line}</td>
                        <td data-label="工单编号">{r.orderNo}</td>
                        <td data-label="问题">{r.errors.join('；')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
              <h3 id="good-h">前 10 张可导入的工单</h3>
              <table class="stack" aria-labelledby="good-h">
                <thead>
                  <tr>
                    <th scope="col">工单编号</th>
                    <th scope="col">来电日期</th>
                    <th scope="col">类型</th>
                    <th scope="col">承办单位</th>
                    <th scope="col">答复</th>
                  </tr>
                </thead>
                <tbody>
                  {checked
                    .filter((r) => r.values)
                    .slice(0, 10)
                    .map((r) => (
                      <tr>
                        <td data-label="工单编号">{r.orderNo}</td>
                        <td data-label="来电日期" class="nowrap">
                          {r.values!.calledOn}
                        </td>
                        <td data-label="类型">{TYPE_LABELS[r.values!.type]}</td>
                        <td data-label="承办单位">{r.values!.unitName}</td>
                        <td data-label="答复">{r.values!.reply ? `${r.values!.repliedOn} 已答复` : '未答复'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
            {checked.length - bad.length ? (
              <p class="actions">
                <button type="submit" name="step" value="import">
                  导入 {checked.length - bad.length} 张工单
                </button>
              </p>
            ) : (
              <p class="error">没有可以导入的工单，请修改文件后重新上传。</p>
            )}
          </section>
        ) : null}
        </form>
      </AdminPage>,
      status,
    );
  };
  app.get(`${BASE}/import/:id`, { onSend: noStore }, async (req, reply) => mappingPage(req, reply, importer(req), idParam(req), null, false));
  app.post(`${BASE}/import/:id`, async (req, reply) => {
    const actor = importer(req);
    const up = await stagedUpload(db, actor, idParam(req));
    const headers = up.rows[0]!;
    const form = parseForm(MappingForm, req.body);
    const m = mappingOf(form, headers);
    if (form.step !== 'import' || Object.keys(checkMapping(headers, m)).length) return mappingPage(req, reply, actor, up.id, m, true, Object.keys(checkMapping(headers, m)).length ? 400 : 200);
    const r = await importOrders(db, actor, headers, await checkRows(db, up.rows, m), m);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="导入 12345 工单：完成" crumbs={[[BASE, '政民互动']]} flash={FLASH.imported}>
        <p>
          新增 {r.created} 张，更新 {r.updated} 张，未变 {r.unchanged} 张，有问题未导入 {r.rejected.length} 张。
        </p>
        {r.rejected.length ? (
          <ul>
            {r.rejected.slice(0, 500).map((x) => (
              <li>
                第 {x.line} 行{x.orderNo ? `（${x.orderNo}）` : ''}：{x.errors.join('；')}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href={`${BASE}?source=12345`}>查看 12345 工单</a>
        </p>
      </AdminPage>,
    );
  });

  // ---- one message -------------------------------------------------------------------------------

  async function detail(req: FastifyRequest, reply: FastifyReply, id: number, err?: { error: AppError; form: string; values?: Record<string, string> }) {
    const actor = reader(req);
    const m = await loadMessage(db, id);
    if (!can(actor, 'message.read', m.unit_id)) throw new AppError('FORBIDDEN', '只能查看本单位及下级单位的留言。');
    const ctx = req.pageCtx();
    const today = todayBeijing();
    const names = await unitNames(db);
    const facts = { status: m.status, receivedOn: m.received_on, dueOn: m.due_on, repliedOn: m.replied_on };
    const may = (a: 'message.reply' | 'message.review' | 'message.contact') => can(actor, a, m.unit_id);
    const reveal = val(req.query, 'contact') === '1' && may('message.contact');
    if (reveal) await auditRead(db, actor, { action: 'message.contact-read', entity: 'message', entityId: id, unitId: m.unit_id });
    const transfers = await transfersOf(db, id);
    const dups = await duplicatesOf(db, id);
    const shown = await replyShown(db, m);
    const about = await resolveAbout(db, m.about_kind, m.about_id);
    const main = m.merged_into ? await mergedMessage(db, m.merged_into) : undefined;
    const fields = (form: string) => (err?.form === form ? err.error.fields : undefined);
    const csrf = <Csrf token={ctx.csrf} />;
    const units = unitOptions(await loadUnitTree(db), { ...actor, role: 'admin' } as Actor, 'message.read').filter((u) => u.value !== String(m.unit_id));
    const msg = val(req.query, 'msg');
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={m.title} crumbs={[[BASE, '政民互动']]} flash={Object.hasOwn(FLASH, msg) ? FLASH[msg] : null} message={err ? err.error.message : null} fields={err?.error.fields}>
        {STYLE}
        <dl class="meta-list">
          <dt>回执号</dt>
          <dd>
            {m.receipt_no}
            {m.work_order_no ? `（12345 工单 ${m.work_order_no}）` : ''}
          </dd>
          <dt>来源 · 类型</dt>
          <dd>
            {SOURCE_LABELS[m.source]} · {TYPE_LABELS[m.type]}
          </dd>
          <dt>办理单位</dt>
          <dd>{names.get(m.unit_id)}</dd>
          <dt>收到</dt>
          <dd>{m.received_on}</dd>
          <dt>状态</dt>
          <dd>
            <strong>{STATUS_LABELS[m.status]}</strong> · {clockText(facts, today)}
            {m.due_provisional && isOpen(m.status) ? '（期限暂定：涉及尚未录入节假日安排的年份）' : ''}
          </dd>
          <dt>留言人</dt>
          <dd>
            {reveal ? (
              <>
                {m.name} · {m.phone ?? ''} {m.email ?? ''}
              </>
            ) : (
              <>
                {m.name ? `${Array.from(m.name)[0]}**` : '—'} · {maskPhone(m.phone)} {maskEmail(m.email)}
                {may('message.contact') && (m.phone || m.email) ? (
                  <>
                    {' '}
                    <a href={`${BASE}/${id}?contact=1`}>显示完整联系方式（记入操作日志）</a>
                  </>
                ) : null}
              </>
            )}
          </dd>
          <dt>公开</dt>
          <dd>
            {m.public_ok ? '留言人同意公开' : '留言人不同意公开'}
            {m.withheld ? `；已标记不予公开（${m.withheld_reason ?? ''}）` : ''}
          </dd>
          {about ? (
            <>
              <dt>涉及</dt>
              <dd>
                {about.label}：<a href={about.url}>{about.title}</a>
              </dd>
            </>
          ) : null}
          {m.rating ? (
            <>
              <dt>评价</dt>
              <dd>
                {RATING_LABELS[m.rating]}
                {m.rating_comment ? `：${m.rating_comment}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        <h2>留言内容</h2>
        <p class="ly-text">{m.body}</p>
        {main ? (
          <p class="card">
            已合并到主留言 <a href={`${BASE}/${main.id}`}>{main.receipt_no} {main.title}</a>，答复以主留言为准。
          </p>
        ) : null}
        {shown ? (
          <section class="ly-reply">
            <h2>答复（{shown.repliedOn}）</h2>
            <p class="ly-text">{shown.reply}</p>
          </section>
        ) : null}
        {m.status === 'review' ? (
          <section class="ly-reply">
            <h2>待审核的答复</h2>
            <p class="ly-text">{m.reply_draft}</p>
            {may('message.review') && m.reply_drafted_by !== actor.id ? (
              <div class="actions">
                <form method="post" action={`${BASE}/${id}/approve`} class="inline">
                  {csrf}
                  <button type="submit">审核通过并发布</button>
                </form>
                <form method="post" action={`${BASE}/${id}/return`}>
                  {csrf}
                  <TextField name="reason" label="退回理由" required maxLength={500} error={fields('return')?.reason} />
                  <button type="submit" class="secondary">
                    退回修改
                  </button>
                </form>
              </div>
            ) : (
              <p class="muted">等待本单位审核人审核。</p>
            )}
          </section>
        ) : null}
        {m.return_reason && m.status === 'open' ? <p class="card">答复被退回：{m.return_reason}</p> : null}
        {isOpen(m.status) && may('message.reply') && (m.status === 'open' || may('message.review')) ? (
          <form method="post" action={`${BASE}/${id}/reply`}>
            {csrf}
            <TextArea name="reply" label={m.status === 'review' ? '修改答复（提交后直接发布）' : may('message.review') ? '答复（提交后直接发布）' : '答复（提交后由本单位审核人审核发布）'} required rows={8} maxLength={10000} value={err?.form === 'reply' ? err.values?.reply : (m.reply_draft ?? '')} error={fields('reply')?.reply} />
            <button type="submit">{may('message.review') ? '发布答复' : '提交审核'}</button>
          </form>
        ) : null}
        {isOpen(m.status) && may('message.reply') ? (
          <>
            <details open={err?.form === 'transfer'}>
              <summary>转办到其他单位</summary>
              <form method="post" action={`${BASE}/${id}/transfer`}>
                {csrf}
                <SelectField name="unit" label="转办给" required options={units} empty="请选择单位" value={err?.form === 'transfer' ? err.values?.unit : ''} error={fields('transfer')?.unit} />
                <TextField name="reason" label="转办理由" required maxLength={500} value={err?.form === 'transfer' ? err.values?.reason : ''} error={fields('transfer')?.reason} hint="转办后答复期限在接收单位重新计算；超过 3 个月未答复的标记仍从首次收到之日起算。" />
                <button type="submit" class="secondary">
                  转办
                </button>
              </form>
            </details>
            <details open={err?.form === 'merge'}>
              <summary>合并重复留言</summary>
              <form method="post" action={`${BASE}/${id}/merge`}>
                {csrf}
                <TextField name="into" label="主留言的回执号" required maxLength={40} value={err?.form === 'merge' ? err.values?.into : ''} error={fields('merge')?.into} hint="本留言将不再单独答复，留言人查询时看到主留言的答复。" />
                <button type="submit" class="secondary">
                  合并
                </button>
              </form>
            </details>
          </>
        ) : null}
        {may('message.reply') ? (
          <details open={err?.form === 'withhold'}>
            <summary>{m.withheld ? '取消不予公开' : '标记为不予公开'}</summary>
            <form method="post" action={`${BASE}/${id}/${m.withheld ? 'release' : 'withhold'}`}>
              {csrf}
              {m.withheld ? null : <TextField name="reason" label="不予公开的理由" required maxLength={500} error={fields('withhold')?.reason} hint="如：涉及个人隐私、涉及国家秘密或商业秘密、内容不宜公开。" />}
              <button type="submit" class="secondary">
                {m.withheld ? '取消标记' : '标记'}
              </button>
            </form>
          </details>
        ) : null}
        {transfers.length ? (
          <>
            <h2>转办记录</h2>
            <ul>
              {transfers.map((t) => (
                <li>
                  {fmtDateTime(t.created_at)} 由 {t.from_name} 转 {t.to_name}：{t.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {dups.length ? (
          <>
            <h2>合并到本留言的重复留言</h2>
            <ul>
              {dups.map((d) => (
                <li>
                  <a href={`${BASE}/${d.id}`}>
                    {d.receipt_no} {d.title}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </AdminPage>,
      err ? (err.error.code === 'VALIDATION' ? 400 : err.error.code === 'CONFLICT' || err.error.code === 'INVALID_TRANSITION' ? 409 : 403) : 200,
    );
  }

  app.get(`${BASE}/:id`, { onSend: noStore }, async (req, reply) => detail(req, reply, idParam(req)));

  const handle = async (req: FastifyRequest, reply: FastifyReply, form: string, values: Record<string, string>, r: Result<unknown>, flash: string) => {
    const id = idParam(req);
    if (!r.ok) {
      if (r.error.code === 'NOT_FOUND') throw r.error;
      return detail(req, reply, id, { error: r.error, form, values });
    }
    // After a transfer the message may have left the staff member's scope: back to the inbox.
    return reply.redirect(flash === 'transferred' ? `${BASE}?msg=${flash}` : `${BASE}/${id}?msg=${flash}`, 303);
  };
  app.post(`${BASE}/:id/reply`, async (req, reply) => {
    const values = parseForm(ActionForms.reply, req.body);
    const r = await replyMessage(db, requireActor(req), idParam(req), values);
    return handle(req, reply, 'reply', values, r, r.ok && r.value.status === 'review' ? 'review' : 'replied');
  });
  app.post(`${BASE}/:id/approve`, async (req, reply) => handle(req, reply, 'return', {}, await reviewReply(db, requireActor(req), idParam(req), { approve: true }), 'approved'));
  app.post(`${BASE}/:id/return`, async (req, reply) => {
    const values = parseForm(ActionForms.return, req.body);
    return handle(req, reply, 'return', values, await reviewReply(db, requireActor(req), idParam(req), { approve: false, ...values }), 'returned');
  });
  app.post(`${BASE}/:id/transfer`, async (req, reply) => {
    const values = parseForm(ActionForms.transfer, req.body);
    return handle(req, reply, 'transfer', values, await transferMessage(db, requireActor(req), idParam(req), values), 'transferred');
  });
  app.post(`${BASE}/:id/merge`, async (req, reply) => {
    const values = parseForm(ActionForms.merge, req.body);
    return handle(req, reply, 'merge', values, await mergeMessage(db, requireActor(req), idParam(req), values), 'merged');
  });
  app.post(`${BASE}/:id/withhold`, async (req, reply) => {
    const values = parseForm(ActionForms.withhold, req.body);
    return handle(req, reply, 'withhold', values, await setWithheld(db, requireActor(req), idParam(req), { withheld: true, ...values }), 'withheld');
  });
  app.post(`${BASE}/:id/release`, async (req, reply) => handle(req, reply, 'withhold', {}, await setWithheld(db, requireActor(req), idParam(req), { withheld: false }), 'released'));
}
