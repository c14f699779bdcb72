#!/usr/bin/env node
// `npx gongkai …` and `npm start` (`gongkai serve`) — runs the command line in this same process: no child
// process, so a signal to this process (a supervisor's SIGTERM, or kill -9) reaches the work itself and never
// leaves an orphan import running beside a second one.
// It runs the ahead-of-time build of src/ (scripts/build.mjs: built here first when missing or older than the
// sources, about a second), so a start does not transpile ~500 TypeScript files through tsx. When it cannot
// build (or GONGKAI_FROM_SOURCE=1) it runs the sources with tsx, as the tests do.
// `npm start` runs it with --max-semi-space-size=8 (package.json; issue 15 memory): V8's young generation then holds
// at most 2 × 8 MB instead of 2 × 16 MB — 15-16 MB less own memory under load, the same CPU per page (MEM15's runs
// in docs/performance.md). A V8 heap size cannot be changed once the process runs and a re-exec would keep a second
// process, so it is a flag of the start command; `npx gongkai serve` without it only uses that much more memory.
import { builtModule } from '../scripts/build.mjs';

const built = await builtModule('src/cli.js');
let cli;
if (built) cli = await import(built);
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
cli.runCli(process.argv.slice(2));
