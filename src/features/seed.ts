// First-start setup: migrations, taxonomies, the unit tree, and (optionally) the demo dataset.
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle, Db } from '../platform/db/index.ts';
import { nowIso } from '../platform/db/index.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import './index.ts'; // the installed features (their migrations, actions, seeds)
import { systemActor, type Role } from '../platform/access/roles.ts';
import { invalidateUnitTree } from '../platform/access/unit-tree.ts';
import { audit } from '../platform/audit/index.ts';
import { seedCalendar } from '../platform/calendar/calendar.repository.ts';
import { backfillDue, registerDueHooks } from './requests/requests.due.ts';
import { TOPICS, GENRES, COLUMNS } from './taxonomy/seed-data.ts';
import { UNITS } from '../demo/units.ts';
import { createUser } from './users/users.commands.ts';
import { importContext, importRecord } from './documents/documents.import.ts';

export async function seedTerms(db: Db): Promise<void> {
  const have = await db.selectFrom('terms').select(['kind', 'code']).execute();
  const seen = new Set(have.map((t) => `${t.kind}:${t.code}`));
  const rows = [
    ...TOPICS.map((t) => ({ kind: 'topic' as const, ...t })),
    ...GENRES.map((t) => ({ kind: 'genre' as const, ...t })),
    ...COLUMNS.map((t) => ({ kind: 'column' as const, ...t })),
  ]
    .filter((t) => !seen.has(`${t.kind}:${t.code}`))
    .map((t) => ({ kind: t.kind, code: t.code, label: t.label, parent_code: t.parent ?? null, position: t.position, active: 1 }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('terms').values(rows.slice(i, i + 200)).execute();
}

export async function seedUnits(db: Db): Promise<void> {
  const existing = await db.selectFrom('units').select('code').execute();
  if (existing.length) return;
  const now = nowIso();
  const ids = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    for (const [i, u] of UNITS.entries()) {
      const row = await trx
        .insertInto('units')
        .values({
          code: u.code,
          name: u.name,
          type: u.type,
          parent_id: u.parent ? ids.get(u.parent) ?? null : null,
          index_prefix: u.indexPrefix,
          position: i,
          guide_arrangement: u.guide.arrangement,
          guide_obtain: u.guide.obtain,
          office_name: u.guide.officeName,
          office_address: u.guide.address,
          office_hours: u.guide.hours,
          phone: u.guide.phone,
          fax: u.guide.fax,
          email: u.guide.email,
          postcode: u.guide.postcode ?? '',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(u.code, row.id);
    }
    await audit(trx, systemActor(), { action: 'unit.seed', entity: 'unit', entityId: '*', after: { count: UNITS.length } });
  });
  invalidateUnitTree(db);
}

export interface DemoCredential {
  username: string;
  role: Role;
  unit: string;
  password: string;
}

/** One line per demo account: `  admin            角色 admin      单位 sucheng    密码 …`. */
export function demoCredentialLines(credentials: DemoCredential[]): string[] {
  return credentials.map((c) => `  ${c.username.padEnd(16)} 角色 ${c.role.padEnd(10)} 单位 ${c.unit.padEnd(10)} 密码 ${c.password}`);
}

export const DEMO_PASSWORDS_FILE = 'demo-passwords.txt';

/**
 * Shows the demo passwords of a new database once. On a terminal they are printed. Otherwise (a
 * service manager, output redirected to a log file) they would end up in logs that others read: they
 * go to `<dir>/demo-passwords.txt`, readable by the owner only (0600), and only its path is printed.
 * Returns the file written, if any.
 */
export function announceDemoCredentials(credentials: DemoCredential[], opts: { tty: boolean; dir: string; print: (line: string) => void }): string | null {
  if (!credentials.length) return null;
  if (opts.tty) {
    opts.print('\n已创建新数据库并载入演示数据。以下演示账号的密码只显示这一次，请妥善保存：');
    for (const line of demoCredentialLines(credentials)) opts.print(line);
    opts.print('');
    return null;
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  const file = path.join(path.resolve(opts.dir), DEMO_PASSWORDS_FILE);
  // A new file (an old one, perhaps with other permissions, is removed first), created 0600.
  fs.rmSync(file, { force: true });
  const text = [`# gongkai 演示账号（${new Date().toISOString()} 创建新数据库时生成）`, '# 登录后请修改密码，记下后删除本文件。', ...demoCredentialLines(credentials), ''].join('\n');
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
  opts.print(`\n已创建新数据库并载入演示数据。标准输出不是终端，演示账号的密码没有打印，已写入仅本用户可读的文件：${file}\n`);
  return file;
}

const DEMO_USERS: { username: string; displayName: string; role: Role; unit: string }[] = [
  { username: 'admin', displayName: '平台管理员', role: 'admin', unit: 'sucheng' },
  { username: 'zfb-admin', displayName: '政府办单位管理员', role: 'unit-admin', unit: 'zfb' },
  { username: 'zfb-editor', displayName: '政府办信息员', role: 'editor', unit: 'zfb' },
  { username: 'zfb-reviewer', displayName: '政府办审核员', role: 'reviewer', unit: 'zfb' },
  { username: 'auditor', displayName: '政务公开监督员', role: 'auditor', unit: 'sucheng' },
  { username: 'zfb-handler', displayName: '依申请公开办理人', role: 'handler', unit: 'zfb' },
  { username: 'zfb-head', displayName: '政务公开科负责人', role: 'office-head', unit: 'zfb' },
];

export async function seedDemo(db: Db): Promise<DemoCredential[]> {
  const { DEMO_DOCUMENTS } = await import('../demo/documents.ts');
  const actor = systemActor('演示数据');
  const creds: DemoCredential[] = [];
  const units = await db.selectFrom('units').select(['id', 'code', 'type']).orderBy('position').execute();
  const users = [...DEMO_USERS];
  const edu = units.find((u) => u.code === 'jyj') ?? units.find((u) => u.type === 'department' && u.code !== 'zfb');
  if (edu) users.push({ username: `${edu.code}-editor`, displayName: '部门信息员', role: 'editor', unit: edu.code }, { username: `${edu.code}-reviewer`, displayName: '部门审核员', role: 'reviewer', unit: edu.code });
  for (const u of users) {
    const r = await createUser(db, actor, { ...u });
    if (r.ok) creds.push({ username: u.username, role: u.role, unit: u.unit, password: r.value.password });
  }
  const ctx = await importContext(db, actor);
  const byTitle = new Map<string, number>();
  for (const d of DEMO_DOCUMENTS) {
    const { validity, replacedBy: _r, unit, ...rest } = d as any;
    const rec: Record<string, unknown> = { ...rest, unit };
    if (validity) Object.assign(rec, { validity: validity.status, validityOn: validity.on, validityReason: validity.reason });
    const res = await importRecord(ctx, rec);
    if (typeof res !== 'string') throw new Error(`演示文件《${d.title}》导入失败：${res.error}`);
  }
  const rows = await db.selectFrom('documents').select(['id', 'title']).execute();
  for (const r of rows) byTitle.set(r.title, r.id);
  for (const d of DEMO_DOCUMENTS as any[]) {
    if (d.validity?.replacedBy && byTitle.has(d.validity.replacedBy)) {
      await db.updateTable('documents').set({ replaced_by_id: byTitle.get(d.validity.replacedBy)! }).where('id', '=', byTitle.get(d.title)!).execute();
    }
  }
  await seedDemoRequests(db, actor);
  await seedDemoReport(db, actor);
  return creds;
}

/**
 * The office's 2025 annual report, generated from the demo records, submitted and published like
 * any document in January 2026 — so the portal's 政府信息公开年报 column and the console's report
 * dashboard have something real to show.
 */
async function seedDemoReport(db: Db, actor: ReturnType<typeof systemActor>): Promise<void> {
  const { buildReport } = await import('./reports/report.ts');
  const { saveNarrative, submitReport } = await import('./reports/reports.commands.tsx');
  const { approveDocument, publishDocument } = await import('./documents/documents.commands.ts');
  const zfb = await db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirst();
  if (!zfb) return;
  const { saveInputs } = await import('./reports/reports.commands.tsx');
  const note = '演示数据（实际使用时按审批、执法、财政系统的统计填写）';
  await saveInputs({ db }, actor, zfb.id, 2025, [
    { row: 'licensing', col: 'decisions', value: '1286', source: note },
    { row: 'penalty', col: 'decisions', value: '57', source: note },
    { row: 'coercion', col: 'decisions', value: '3', source: note },
    { row: 'fees', col: 'amount', value: '12.36', source: note },
  ]);
  const draft = await buildReport(db, zfb.id, 2025);
  if (!draft?.publishable) return;
  const n = draft.narrative;
  const saved = await saveNarrative({ db }, actor, zfb.id, 2025, {
    overview: n.overview,
    problems: '2025年政务公开工作还存在一些不足：一是部分政策解读形式较为单一，图文、视频解读偏少；二是依申请公开答复书的说理还需加强。2026年将丰富解读形式，加强答复书审核，提高答复质量。',
    other: n.other,
  });
  if (!saved.ok) throw new Error(`演示年度报告正文保存失败：${saved.error.message}`);
  const submitted = await submitReport({ db }, actor, zfb.id, 2025);
  if (!submitted.ok) throw new Error(`演示年度报告提交失败：${submitted.error.message}`);
  const id = submitted.value.documentId;
  const approved = await approveDocument({ db }, actor, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' });
  if (!approved.ok) throw new Error(`演示年度报告审核失败：${approved.error.message}`);
  const published = await publishDocument({ db }, actor, id, { publishedAt: '2026-01-26T02:00:00.000Z' });
  if (!published.ok) throw new Error(`演示年度报告发布失败：${published.error.message}`);
}

/** The demo requests (src/demo/requests.ts), registered and handled through the real commands. */
async function seedDemoRequests(db: Db, actor: ReturnType<typeof systemActor>): Promise<void> {
  const { DEMO_REQUESTS, demoIdentity } = await import('../demo/requests.ts');
  const { submitRequest, applyRequestEvent } = await import('./requests/requests.commands.ts');
  const units = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  for (const [i, r] of DEMO_REQUESTS.entries()) {
    const unitId = units.get(r.unit);
    if (!unitId) continue;
    const created = await submitRequest({ db }, actor, {
      channel: r.channel,
      receivedOn: r.receivedOn,
      applicantType: r.type,
      applicant: { name: r.name, ...demoIdentity(r, i), address: '江苏省宿迁市宿城区幸福中路 1 号' },
      unitId,
      description: r.description,
      form: 'paper',
      delivery: 'post',
    });
    if (!created.ok) throw new Error(`演示申请“${r.description}”登记失败：${JSON.stringify(created.error)}`);
    for (const step of r.steps) {
      const { toUnit, ...e } = step as Record<string, unknown> & { toUnit?: string };
      const input = toUnit ? { ...e, toUnitId: units.get(toUnit) } : e;
      const done = await applyRequestEvent({ db }, actor, created.value.id, input);
      if (!done.ok) throw new Error(`演示申请“${r.description}”的办理步骤 ${String(e.type)} 失败：${JSON.stringify(done.error)}`);
    }
  }
}

/** Migrates; on a new database loads taxonomies and units, and the demo data when asked. */
export async function prepareDatabase(handle: DatabaseHandle, opts: { demo: boolean; log?: (msg: string) => void }): Promise<{ fresh: boolean; credentials: DemoCredential[] }> {
  const { db } = handle;
  await migrateToLatest(db);
  const fresh = !(await db.selectFrom('units').select('id').limit(1).executeTakeFirst());
  await seedTerms(db);
  await seedUnits(db);
  registerDueHooks(); // stored due dates of requests follow the calendar (requests.due.ts)
  await seedCalendar(db);
  await backfillDue(db);
  let credentials: DemoCredential[] = [];
  if (fresh && opts.demo) credentials = await seedDemo(db);
  return { fresh, credentials };
}
