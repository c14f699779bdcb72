// Features talk through named public surfaces (issue 14): a file in src/features/<a>/ may import from
// another feature <b> only `src/features/<b>/public.ts`. Table types and actions need no import (they are
// merged into the platform's Database and ActionRegistry); manifests are imported only by the app's list
// (src/features/index.ts). The platform never imports a feature. Tests are exempt: they set up data
// through whichever command is handiest.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FEATURES = path.join(ROOT, 'src', 'features');
const PLATFORM = path.join(ROOT, 'src', 'platform');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/\.fixtures?\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const featureOf = (file: string) => {
  const rel = path.relative(FEATURES, file);
  return rel.startsWith('..') || !rel.includes(path.sep) ? null : rel.split(path.sep)[0];
};

it('no feature imports another feature’s internal file, and the platform imports no feature', () => {
  const problems: string[] = [];
  for (const file of [...walk(FEATURES), ...walk(PLATFORM)]) {
    const own = featureOf(file);
    const inPlatform = file.startsWith(PLATFORM + path.sep);
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const where = path.relative(ROOT, file);
      if (inPlatform && target.startsWith(FEATURES + path.sep)) {
        problems.push(`${where} → ${spec} (the platform must not depend on a feature)`);
        continue;
      }
      const other = featureOf(target);
      if (!own || !other || other === own) continue;
      if (path.relative(path.join(FEATURES, other), target) === 'public.ts') continue;
      problems.push(`${where} → ${spec} (use ${other}/public.ts)`);
    }
  }
  assert.deepEqual(problems, [], `${problems.length} import(s) across feature boundaries:\n${problems.join('\n')}`);
});

it('the import scanner sees static, side-effect, re-export and dynamic imports', () => {
  const text = `import a from '../x/a.ts';\nimport '../y/b.ts';\nexport { c } from '../z/c.ts';\nconst d = await import('../w/d.ts');\nimport type { E } from "../v/e.ts";`;
  assert.deepEqual(importsOf(text), ['../x/a.ts', '../y/b.ts', '../z/c.ts', '../v/e.ts', '../w/d.ts'].sort((a, b) => text.indexOf(a) - text.indexOf(b)));
});
