// The `gongkai` command line. Every command honours DATABASE_URL, DATA_DIR, PORT and HOST.
import fs from 'node:fs';
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/index.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import './features/index.ts'; // the installed features
import { prepareDatabase } from './features/seed.ts';
import { systemActor, ROLES, ROLE_LABELS } from './platform/access/roles.ts';
import { createUser, issueToken, revokeToken } from './features/users/users.commands.ts';
import { importContext, importFile, type ImportReport } from './features/documents/documents.import.ts';
import { exportDocuments } from './features/documents/documents.export.ts';
import { isIsoDate, MAX_WORKING_DAYS } from './platform/calendar/calendar.ts';
import { loadCalendar } from './platform/calendar/calendar.repository.ts';

const HELP = `gongkai — 政务公开平台命令行

用法: npx gongkai <命令> [参数]

命令:
  serve                                   启动网站（同 npm start）
  migrate                                 升级数据库结构（新库同时载入分类和单位）
  user add <用户名> --role <角色> --unit <单位代码或编号> [--password <密码>] [--name <姓名>]
                                          新建工作人员账号；不给密码时生成随机密码并显示一次
                                          角色: ${ROLES.join(' ')}
  token create <用户名> [--name <用途>]     为用户生成 API 令牌（最后一行即令牌，只显示一次；90 天后失效）
  token revoke <令牌前缀> | --user <用户名>  吊销一个令牌，或该用户的全部令牌
  import documents <文件.csv|文件.jsonl> [--unit <默认单位>]
                                          导入已发布文件：流式读取、显示进度，逐行报告错误并导入其余行；
                                          按索引号幂等（重复导入不产生重复文件）
  export documents [--format jsonl|csv] [--out <文件>] [--unit <单位代码>]
                                          导出已发布文件（字段与 API、导入文件相同）
  backup <目录>                            备份数据库（SQLite 在线备份或 pg_dump）和全部附件文件，附校验和清单；网站可照常运行
  restore <目录> [--force]                 校验后恢复到当前 DATABASE_URL 和 DATA_DIR（PostgreSQL 须为空库；SQLite 文件已存在时需 --force，先停网站）
  audit verify                            核对公开记录链（每次发布、有效性变更、撤稿一条，逐条哈希相连），指出第一处断开
  files sweep                             删除未登记的附件文件（被拒绝的上传留下的部分；网站每天也自动运行一次）
  reindex                                 重建全文检索索引（分批进行、显示进度，网站可照常访问）
  workdays add <YYYY-MM-DD> <N>           计算自该日起第 N 个工作日（按数据库中的节假日安排）：第一行为日期，
                                          第二行为计算说明；涉及未录入节假日安排的年度时标注“（暂定）”并以状态 3 退出
  help, --help, -h                        显示本帮助

角色:
${ROLES.map((r) => `  ${r.padEnd(14)}${ROLE_LABELS[r]}`).join('\n')}

环境变量:
  DATABASE_URL  sqlite:<路径>（默认 sqlite:data/gongkai.db）或 postgres://…
  PORT (3000)  HOST (0.0.0.0)  DATA_DIR（附件目录，默认 data/files）
`;

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} 需要一个值`);
  args.splice(i, 2);
  return v;
}

class UsageError extends Error {}

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

function printReport(r: ImportReport) {
  console.log(`\n读取 ${r.read} 行：新增 ${r.created}，更新 ${r.updated}，未变化 ${r.unchanged}，失败 ${r.failed}`);
  for (const p of r.problems.slice(0, 200)) console.log(`  第 ${p.line} 行：${p.reason}`);
  if (r.problems.length > 200) console.log(`  ……另有 ${r.problems.length - 200} 行错误未列出`);
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const cmd = args.shift();
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
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
    case 'user': {
      if (args.shift() !== 'add') throw new UsageError('用法：user add <用户名> --role <角色> --unit <单位>');
      const role = opt(args, 'role');
      const unit = opt(args, 'unit');
      const password = opt(args, 'password');
      const name = opt(args, 'name');
      const username = args.shift();
      if (!username || !role || !unit) throw new UsageError('用法：user add <用户名> --role <角色> --unit <单位>');
      return withDb(async ({ db }) => {
        const r = await createUser(db, systemActor('命令行'), { username, role, unit, password, displayName: name });
        if (!r.ok) {
          console.error(`无法创建用户：${r.error.message}`);
          for (const [k, v] of Object.entries(r.error.fields ?? {})) console.error(`  ${k}：${v}`);
          return 1;
        }
        console.log(`已创建用户 ${username}（${role}）。`);
        if (r.value.generated) console.log(`初始密码（只显示这一次）：${r.value.password}`);
        return 0;
      });
    }
    case 'token': {
      const sub = args.shift();
      if (sub === 'revoke') {
        const user = opt(args, 'user');
        const prefix = args.shift();
        if (!prefix && !user) throw new UsageError('用法：token revoke <令牌前缀，如 gk_AbC12> | token revoke --user <用户名>');
        return withDb(async ({ db }) => {
          let q = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['api_tokens.id', 'api_tokens.prefix', 'users.username']).where('api_tokens.revoked_at', 'is', null);
          if (prefix) q = q.where('api_tokens.prefix', '=', prefix.replace(/…$/, '').slice(0, 8));
          if (user) q = q.where('users.username', '=', user);
          const rows = await q.execute();
          if (!rows.length) {
            console.error('没有找到有效的 API 令牌（前缀是令牌的前 8 个字符，可在“我的账号”或用户页面查看）。');
            return 1;
          }
          if (prefix && !user && rows.length > 1) {
            console.error(`前缀 ${prefix} 对应 ${rows.length} 个令牌，请加 --user <用户名> 指明。`);
            return 1;
          }
          for (const r of rows) {
            const res = await revokeToken(db, systemActor('命令行'), r.id);
            if (!res.ok) {
              console.error(res.error.message);
              return 1;
            }
            console.log(`已吊销 ${r.username} 的令牌 ${r.prefix}…`);
          }
          return 0;
        });
      }
      if (sub !== 'create') throw new UsageError('用法：token create <用户名> | token revoke <令牌前缀>');
      const name = opt(args, 'name') ?? 'cli';
      const username = args.shift();
      if (!username) throw new UsageError('用法：token create <用户名>');
      return withDb(async ({ db }) => {
        const r = await issueToken(db, systemActor('命令行'), username, name);
        if (!r.ok) {
          console.error(r.error.message);
          return 1;
        }
        console.log(`已为 ${username} 生成 API 令牌（只显示这一次，请妥善保存）：`);
        console.log(r.value);
        return 0;
      });
    }
    case 'import': {
      if (args.shift() !== 'documents') throw new UsageError('用法：import documents <文件>');
      const unit = opt(args, 'unit');
      const file = args.shift();
      if (!file) throw new UsageError('用法：import documents <文件.csv|文件.jsonl>');
      if (!fs.existsSync(file)) {
        console.error(`文件不存在：${file}`);
        return 1;
      }
      return withDb(async ({ db }) => {
        let defaultUnit: number | undefined;
        if (unit) {
          const { resolveUnitRef } = await import('./features/users/users.commands.ts');
          defaultUnit = (await resolveUnitRef(db, unit)) ?? undefined;
          if (!defaultUnit) {
            console.error(`单位不存在：${unit}`);
            return 1;
          }
        }
        const ctx = await importContext(db, systemActor('命令行导入'), defaultUnit);
        const started = Date.now();
        const report = await importFile(ctx, file, {
          onProgress: (r) => process.stderr.write(`\r已处理 ${r.read} 行（新增 ${r.created}，失败 ${r.failed}），${Math.round(r.read / ((Date.now() - started) / 1000 || 1))} 行/秒   `),
        });
        process.stderr.write('\n');
        printReport(report);
        return report.failed && !report.created && !report.updated && !report.unchanged ? 1 : 0;
      });
    }
    case 'export': {
      if (args.shift() !== 'documents') throw new UsageError('用法：export documents [--format jsonl|csv] [--out 文件]');
      const format = (opt(args, 'format') ?? 'jsonl') as 'jsonl' | 'csv';
      if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format 只能是 jsonl 或 csv');
      const out = opt(args, 'out');
      const unit = opt(args, 'unit');
      return withDb(async ({ db }) => {
        const stream = out ? fs.createWriteStream(out) : process.stdout;
        const n = await exportDocuments(db, stream, { format, unit });
        if (out) await new Promise<void>((res) => (stream as fs.WriteStream).end(res));
        process.stderr.write(`已导出 ${n} 条。\n`);
        return 0;
      });
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
    case 'audit': {
      if (args.shift() !== 'verify' || args.length) throw new UsageError('用法：audit verify');
      return withDb(async ({ db }) => {
        const { verifyLedger } = await import('./features/documents/ledger.ts');
        const r = await verifyLedger(db);
        if (r.broken) {
          console.error(`公开记录链在第 ${r.broken.seq} 条断开：${r.broken.reason}（此前 ${r.entries} 条完好）`);
          return 1;
        }
        console.log(`公开记录链完好：共 ${r.entries} 条，每一条的哈希和链接都已核对。`);
        return 0;
      });
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
    case 'reindex': {
      if (args.length) throw new UsageError('用法：reindex（无参数）');
      return withDb(async ({ db }) => {
        const { createSearch } = await import('./features/search/engine.ts');
        const started = Date.now();
        const n = await createSearch(db).rebuild(db, (done, total) => {
          const pct = total ? Math.floor((done / total) * 100) : 100;
          const width = 30;
          const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
          process.stderr.write(`\r重建检索索引 [${bar}] ${pct}% ${done}/${total}`);
        });
        process.stderr.write('\n');
        console.log(`已重建检索索引：${n} 件文件，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
        return 0;
      });
    }
    default:
      throw new UsageError(`未知命令：${cmd}。运行 npx gongkai help 查看可用命令。`);
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
