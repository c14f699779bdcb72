// Remove unused exports (issue 14): every `export` in src/ must be imported by another file. The scan is knip
// (a maintained tool, pinned in devDependencies; it resolves re-exports, `export *`, namespace imports, dynamic
// `import()` and type-only imports through the TypeScript sources, which a hand-written scanner would get
// partly wrong). Its settings are knip.json: the entry files are the launchers, the CLI, the migrations (loaded
// by file name), the worker modules, tests, benchmarks and scripts.
//
// Rule: an export counts as used when any other file imports it — a test included. A pure function exported so
// that its test can check it table-driven (deadlines, fees, parsers) is there for that test; an export nothing
// imports at all, or used only inside its own file, is not. An interface other files extend by declaration
// merging (ActionRegistry, Database) carries the `@public` tag, which knip respects.
//
//   npx knip                       the same report, readable
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const KNIP = path.join(ROOT, 'node_modules', 'knip', 'bin', 'knip.js');


interface KnipIssue {
  file: string;
  exports: { name: string; line: number }[];
  types: { name: string; line: number }[];
  nsExports: { name: string; line: number }[];
  nsTypes: { name: string; line: number }[];
}

it('every export in src/ is imported by another file (knip)', { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, [KNIP, '--reporter', 'json', '--no-progress', '--no-config-hints', '--no-exit-code'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `knip failed: ${run.stderr}`);
  const { issues } = JSON.parse(run.stdout) as { issues: KnipIssue[] };
  const unused = new Map<string, string[]>();
  for (const i of issues) {
    const names = [...i.exports, ...i.types, ...i.nsExports, ...i.nsTypes].map((e) => `${e.name} (line ${e.line})`);
    if (names.length) unused.set(i.file, names);
  }
  const fresh = [...unused].map(([file, names]) => `${file}: ${names.join(', ')}`);
  assert.deepEqual(fresh, [], 'exports no other file imports: remove the `export` keyword (or the code, when nothing uses it)');
});
