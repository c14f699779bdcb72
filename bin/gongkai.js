#!/usr/bin/env node
// `npx gongkai …` and `npm start` (`gongkai serve`) — runs the command line in this same process: no child
// process, so a signal to this process (a supervisor's SIGTERM, or kill -9) reaches the work itself and never
// leaves an orphan import running beside a second one.
// It runs the ahead-of-time build of src/ (scripts/build.mjs: built here first when missing or older than the
// sources, about a second), so a start does not transpile ~500 TypeScript files through tsx. When it cannot
// build (or GONGKAI_FROM_SOURCE=1) it runs the sources with tsx, as the tests do.
// `npm start` runs it with two V8 flags (package.json; issue 15 memory, docs/performance.md):
// --max-semi-space-size=8: the young generation holds at most 2 × 8 MB instead of 2 × 16 MB — 15-16 MB less own
//   memory under load, the same CPU per page (MEM15).
// --heap-growing-percent=50: after a full collection V8 lets the old generation grow by half of what survived
//   before the next one (its own factor, up to 4× here, let ~60 MB of live objects take 110-150 MB, and the
//   Buffers of pages dropped from the page cache waited that long to be freed): 90-120 MB less own memory after
//   the same document mix at 100,000 documents, CPU per page +0-8 % (M13, within the noise of a loaded machine).
// Both are read when the isolate is made (v8.setFlagsFromString later does nothing) and a re-exec would keep a second
// process, so they are flags of the start command (any OS: V8's own flags); `npx gongkai serve` without them only
// uses that much more memory.
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
