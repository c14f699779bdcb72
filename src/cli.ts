// The `gongkai` command line. Every command honours DATABASE_URL, DATA_DIR, PORT and HOST.
import fs from 'node:fs';
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/index.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import './features/index.ts'; // installs this build's features (their commands)
import { installedModules } from './platform/modules.ts';
import { UsageError } from './platform/cli.ts';
import { prepareDatabase } from './features/seed.ts';
import { ROLES, ROLE_LABELS } from './platform/access/roles.ts';
import { isIsoDate, MAX_WORKING_DAYS } from './platform/calendar/calendar.ts';
import { loadCalendar } from './platform/calendar/calendar.repository.ts';

/** Help lines of every feature's commands, in module order. */
function featureHelp(): string {
  return installedModules().flatMap((m) => Object.values(m.cli ?? {}).map((c) => c.help)).join('\n');
}

const HELP = () => `gongkai — 政务公开平台命令行

用法: npx gongkai <命令> [参数]

命令:
  serve                                   启动网站（同 npm start）
  migrate                                 升级数据库结构（新库同时载入分类和单位）
${featureHelp()}
  backup <目录>                            备份数据库（SQLite 在线备份或 pg_dump）和全部附件文件，附校验和清单；网站可照常运行
  restore <目录> [--force]                 校验后恢复到当前 DATABASE_URL 和 DATA_DIR（PostgreSQL 须为空库；SQLite 文件已存在时需 --force，先停网站）
  files sweep                             删除未登记的附件文件（被拒绝的上传留下的部分；网站每天也自动运行一次）
  workdays add <YYYY-MM-DD> <N>           计算自该日起第 N 个工作日（按数据库中的节假日安排）：第一行为日期，
                                          第二行为计算说明；涉及未录入节假日安排的年度时标注“（暂定）”并以状态 3 退出
  help, --help, -h                        显示本帮助

角色:
${ROLES.map((r) => `  ${r.padEnd(14)}${ROLE_LABELS[r]}`).join('\n')}

环境变量:
  DATABASE_URL  sqlite:<路径>（默认 sqlite:data/gongkai.db）或 postgres://…
  PORT (3000)  HOST (0.0.0.0)  DATA_DIR（附件目录，默认 data/files）
`;

async function withDb<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const h = openDatabase(config.databaseUrl);
  try {
    await prepareDatabase(h, { demo: false });
    return await fn(h);
  } finally {
    await h.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const cmd = args.shift();
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP());
      return 0;
    case 'serve': {
      const { serve } = await import('./server.ts');
      await serve();
      return -1; // keeps running
    }
    case 'migrate': {
      const config = loadConfig();
      const h = openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(h.db);
        await prepareDatabase(h, { demo: false });
        console.log(applied.length ? `已执行迁移：${applied.join(', ')}` : '数据库已是最新结构。');
      } finally {
        await h.close();
      }
      return 0;
    }
    case 'workdays': {
      const usage = '用法：workdays add <YYYY-MM-DD> <工作日数 N>';
      if (args.shift() !== 'add') throw new UsageError(usage);
      const [start, count, ...rest] = args;
      if (start === undefined || count === undefined || rest.length) throw new UsageError(usage);
      if (!isIsoDate(start)) throw new UsageError(`起算日期“${start}”无效，应为 YYYY-MM-DD 格式的有效日期。${usage}`);
      if (!/^\d{1,5}$/.test(count) || Number(count) > MAX_WORKING_DAYS) {
        throw new UsageError(`工作日数“${count}”无效，应为 0 至 ${MAX_WORKING_DAYS} 之间的整数。${usage}`);
      }
      return withDb(async ({ db }) => {
        const r = (await loadCalendar(db)).addWorkingDays(start, Number(count));
        console.log(r.provisional ? `${r.date}（暂定）` : r.date);
        console.log(r.reason);
        if (!r.provisional) return 0;
        const years = r.unknownYears.join('、');
        console.error(
          `结果为暂定：${years} 年节假日安排尚未录入，以上日期仅按周末计算，可能不准确。` +
            `请管理员在“工作日历”（/admin/calendar/${r.unknownYears[0]}）录入国务院办公厅公布的 ${years} 年节假日安排后重新计算。`,
        );
        return 3;
      });
    }
    case 'backup': {
      const dir = args.shift();
      if (!dir || args.length) throw new UsageError('用法：backup <备份目录>');
      const config = loadConfig();
      const { backup } = await import('./platform/backup/index.ts');
      const m = await backup(config.databaseUrl, config.dataDir, dir);
      console.log(`已备份数据库（${(m.database.size / 1024 / 1024).toFixed(1)} MB）和 ${m.files.length} 个附件文件到 ${dir}，校验和见 manifest.json。`);
      return 0;
    }
    case 'restore': {
      const force = args.includes('--force');
      const rest = args.filter((a) => a !== '--force');
      const dir = rest.shift();
      if (!dir || rest.length) throw new UsageError('用法：restore <备份目录> [--force]');
      const config = loadConfig();
      const { restore } = await import('./platform/backup/index.ts');
      const m = await restore(dir, config.databaseUrl, config.dataDir, { force });
      console.log(`已从 ${dir}（${m.createdAt} 的备份）恢复数据库和 ${m.files.length} 个附件文件。`);
      return 0;
    }
    case 'files': {
      if (args.shift() !== 'sweep' || args.length) throw new UsageError('用法：files sweep');
      return withDb(async ({ db }) => {
        const { FileStore } = await import('./platform/files/index.ts');
        const { sweepOrphanFiles } = await import('./platform/files/sweep.ts');
        const r = await sweepOrphanFiles(db, new FileStore(loadConfig().dataDir));
        console.log(`检查 ${r.scanned} 个附件文件，删除未登记的 ${r.removed} 个（${(r.bytes / 1024 / 1024).toFixed(1)} MB），临时文件 ${r.tmpRemoved} 个。`);
        return 0;
      });
    }
    default: {
      // A feature's command (its manifest's `cli`).
      const command = installedModules().flatMap((m) => Object.entries(m.cli ?? {})).find(([name]) => name === cmd)?.[1];
      if (!command) throw new UsageError(`未知命令：${cmd}。运行 npx gongkai help 查看可用命令。`);
      return withDb(({ db }) => command.run(args, { db, log: (line) => console.log(line) }));
    }
  }
}

/** Runs the command line and exits with its status (bin/gongkai.js and `node src/cli.ts`). */
export function runCli(argv: string[]): void {
  main(argv)
    .then((code) => {
      if (code >= 0) process.exit(code);
    })
    .catch((err) => {
      if (err instanceof UsageError || err instanceof ConfigError) {
        console.error(err.message);
        process.exit(2);
      }
      if ((err as Error)?.name === 'BackupError') {
        console.error((err as Error).message);
        process.exit(1);
      }
      console.error(err);
      process.exit(1);
    });
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(process.argv.slice(2));
