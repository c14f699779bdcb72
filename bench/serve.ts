// The app as production runs it (buildApp, logger off), on 127.0.0.1 and a free port, for the benchmark.
// Prints "READY <port>" when listening; exits cleanly on SIGTERM/SIGINT (so --cpu-prof can write).
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { buildApp } from '../src/app.tsx';

const config = loadConfig(process.env);
const handle = openDatabase(config.databaseUrl);
const app = await buildApp(config, handle, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
console.log(`READY ${port}`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await app.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
