// The only place with ports and signals: reads config, prepares the database, listens.
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase } from './platform/db/index.ts';
import { prepareDatabase } from './features/seed.ts';
import { buildApp } from './app.tsx';

export async function serve(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误：${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const handle = openDatabase(config.databaseUrl);
  const { fresh, credentials } = await prepareDatabase(handle, { demo: config.seedDemo });
  if (fresh && credentials.length) {
    console.log('\n已创建新数据库并载入演示数据。以下演示账号的密码只显示这一次，请妥善保存：');
    for (const c of credentials) console.log(`  ${c.username.padEnd(16)} 角色 ${c.role.padEnd(10)} 单位 ${c.unit.padEnd(10)} 密码 ${c.password}`);
    console.log('');
  }
  const app = await buildApp(config, handle, { logger: { level: config.logLevel } });
  const close = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  console.log(`gongkai 已启动：http://localhost:${config.port}  数据库 ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
