// First-start setup: migrations, taxonomies, the unit tree, and (optionally) the demo dataset.
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '../platform/db/index.ts';
import type { DemoCredential, SeedContext } from '../platform/modules.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import './index.ts'; // installs this build's features (their migrations, actions, seeds)
import { installedModules } from '../platform/modules.ts';
import { seedCalendar } from '../platform/calendar/calendar.repository.ts';

export type { DemoCredential };

/** One line per demo account: `  admin            角色 admin      单位 sucheng    密码 …`. */
function demoCredentialLines(credentials: DemoCredential[]): string[] {
  return credentials.map((c) => `  ${c.username.padEnd(16)} 角色 ${c.role.padEnd(10)} 单位 ${c.unit.padEnd(10)} 密码 ${c.password}`);
}

const DEMO_PASSWORDS_FILE = 'demo-passwords.txt';

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
  // technical time: when the file was written, for the operator
  const text = [`# gongkai 演示账号（${new Date().toISOString()} 创建新数据库时生成）`, '# 登录后请修改密码，记下后删除本文件。', ...demoCredentialLines(credentials), ''].join('\n');
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
  opts.print(`\n已创建新数据库并载入演示数据。标准输出不是终端，演示账号的密码没有打印，已写入仅本用户可读的文件：${file}\n`);
  return file;
}

/**
 * Migrates (the platform's and every feature's migrations), loads the working-day calendar, then runs each
 * installed feature's seed in module order: reference data every site needs always (taxonomies, the unit
 * tree, stored due dates), demo content only on a new database when asked.
 */
export async function prepareDatabase(handle: DatabaseHandle, opts: { demo: boolean; log?: (msg: string) => void }): Promise<{ fresh: boolean; credentials: DemoCredential[] }> {
  const { db } = handle;
  await migrateToLatest(db);
  const fresh = !(await db.selectFrom('units').select('id').limit(1).executeTakeFirst());
  await seedCalendar(db);
  const credentials: DemoCredential[] = [];
  const ctx: SeedContext = { demo: fresh && opts.demo, log: opts.log ?? (() => {}), credential: (c) => credentials.push(c) };
  for (const m of installedModules()) if (m.seed) await m.seed(db, ctx);
  return { fresh, credentials };
}
