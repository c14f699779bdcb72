// Demo staff accounts, one per role (their passwords are shown once: platform/seed.ts).
import type { Db } from '../../platform/db/index.ts';
import { systemActor, type Role } from '../../platform/access/roles.ts';
import type { SeedContext } from '../../platform/modules.ts';
import { createUser } from './users.commands.ts';

const DEMO_USERS: { username: string; displayName: string; role: Role; unit: string }[] = [
  { username: 'admin', displayName: '平台管理员', role: 'admin', unit: 'sucheng' },
  { username: 'zfb-admin', displayName: '政府办单位管理员', role: 'unit-admin', unit: 'zfb' },
  { username: 'zfb-editor', displayName: '政府办信息员', role: 'editor', unit: 'zfb' },
  { username: 'zfb-reviewer', displayName: '政府办审核员', role: 'reviewer', unit: 'zfb' },
  { username: 'auditor', displayName: '政务公开监督员', role: 'auditor', unit: 'sucheng' },
  { username: 'zfb-handler', displayName: '依申请公开办理人', role: 'handler', unit: 'zfb' },
  { username: 'zfb-head', displayName: '政务公开科负责人', role: 'office-head', unit: 'zfb' },
];

export async function seedDemoUsers(db: Db, ctx: SeedContext): Promise<void> {
  const actor = systemActor('演示数据');
  const units = await db.selectFrom('units').select(['id', 'code', 'type']).orderBy('position').execute();
  const users = [...DEMO_USERS];
  const edu = units.find((u) => u.code === 'jyj') ?? units.find((u) => u.type === 'department' && u.code !== 'zfb');
  if (edu) users.push({ username: `${edu.code}-editor`, displayName: '部门信息员', role: 'editor', unit: edu.code }, { username: `${edu.code}-reviewer`, displayName: '部门审核员', role: 'reviewer', unit: edu.code });
  for (const u of users) {
    const r = await createUser(db, actor, { ...u });
    if (r.ok) ctx.credential({ username: u.username, role: u.role, unit: u.unit, password: r.value.password });
  }
}
