// The only place with ports and signals: reads config, prepares the database, listens.
// With WORKERS > 1 the primary prepares the database once, then forks that many HTTP workers that
// share the port (node:cluster); each worker is a stateless app node on the same database.
import cluster from 'node:cluster';
import { sweepOrphanFiles } from './platform/files/sweep.ts';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { openDatabase } from './platform/db/index.ts';
import { announceDemoCredentials, prepareDatabase } from './features/seed.ts';
import { buildApp } from './app.tsx';
import { startJobs } from './platform/modules.ts';
import { deliverPending, pruneDelivered } from './platform/events.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误：${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

async function prepare(config: Config): Promise<void> {
  const handle = openDatabase(config.databaseUrl);
  try {
    const { fresh, credentials } = await prepareDatabase(handle, { demo: config.seedDemo });
    // Printed on a terminal only; otherwise written to a 0600 file in DATA_DIR (never into a log).
    if (fresh) announceDemoCredentials(credentials, { tty: !!process.stdout.isTTY, dir: config.dataDir, print: (l) => console.log(l) });
  } finally {
    await handle.close();
  }
}

async function listen(config: Config): Promise<void> {
  const handle = openDatabase(config.databaseUrl);
  const app = await buildApp(config, handle, { logger: { level: config.logLevel } });
  const close = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  // Background jobs: every feature's (its manifest's `jobs`) and the platform's own. Each is safe on several
  // nodes at once.
  startJobs(handle.db, app.log, [
    {
      // Stored blobs that no file record knows (parts of refused uploads); a grace period protects uploads
      // still in their transaction.
      name: '附件清理',
      everyMs: 24 * 3600_000,
      firstAfterMs: 3600_000,
      run: async (db, log) => {
        const r = await sweepOrphanFiles(db, app.files);
        if (r.removed) log(`清理未登记的附件文件 ${r.removed} 个（${r.bytes} 字节）`);
      },
    },
    {
      // Events whose delivery did not finish (a node stopped mid-way, a handler failed): delivered again.
      name: '事件补发',
      everyMs: 60_000,
      run: async (db, log) => {
        const n = await deliverPending(db);
        if (n) log(`补发事件 ${n} 个`);
        await pruneDelivered(db);
      },
    },
  ]);
}

export async function serve(): Promise<void> {
  const config = readConfig();
  const where = `http://localhost:${config.port}  数据库 ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`;
  if (config.workers <= 1) {
    await prepare(config);
    await listen(config);
    console.log(`gongkai 已启动：${where}`);
    return;
  }
  if (cluster.isPrimary) {
    await prepare(config);
    let ready = 0;
    for (let i = 0; i < config.workers; i++) cluster.fork();
    cluster.on('listening', () => {
      if (++ready === config.workers) console.log(`gongkai 已启动（${config.workers} 个工作进程）：${where}`);
    });
    cluster.on('exit', (worker, code, signal) => {
      if (code !== 0 && !signal) {
        console.error(`工作进程 ${worker.process.pid} 异常退出（${code}），正在重启`);
        cluster.fork();
      }
    });
    const stop = () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      setTimeout(() => process.exit(0), 2000).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  await listen(config);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
