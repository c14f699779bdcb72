#!/usr/bin/env node
// `npx gongkai …` — runs src/cli.ts in this same process (tsx registered in-process): no child process,
// so a signal to this process (a supervisor's SIGTERM, or kill -9) reaches the work itself and never
// leaves an orphan import running beside a second one.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
runCli(process.argv.slice(2));
