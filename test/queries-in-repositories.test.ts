// Logic out of routes and views (issue 14): a feature's pages, console pages, views and API routes ask its
// repository (or commands) for data; they hold no query of their own. This lint fails on a query builder call or
// a raw SQL template in such a file: route/page/view/API files are console*.ts(x), console/**, views/**,
// pages.tsx, public-pages.tsx, *-pages.tsx, api.ts, a feature's index.ts, and any other file that registers a route
// (app.get / post / put / patch / delete / route). Tests are exempt.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FEATURES = path.join(ROOT, 'src', 'features');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Whether `rel` (a path below src/features) is a route, page, view or API file. */
export function isRouteOrView(rel: string): boolean {
  const parts = rel.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (parts.length === 2 && name === 'index.ts') return true;
  if (parts.slice(1, -1).some((d) => d === 'console' || d === 'views')) return true;
  return /^(console[\w-]*|pages|public-pages|[\w-]+-pages|api)\.tsx?$/.test(name);
}

/** Whether a file registers an HTTP route itself (app.get('/…', …) and the like). */
export function registersRoutes(text: string): boolean {
  return /\bapp\.(get|post|put|patch|delete|route)\(/.test(text);
}

/** Lines of `text` that build a query: Kysely's selectFrom / insertInto / updateTable / deleteFrom, or a sql template. */
export function queryLines(text: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^>]*>)?`/.test(code)) out.push(i + 1);
  });
  return out;
}

it('the lint recognises route/view files and queries (its own table)', () => {
  const files: [string, boolean][] = [
    ['tasks/console.tsx', true],
    ['requests/console/requests.tsx', true],
    ['documents/views/document.tsx', true],
    ['messages/pages.tsx', true],
    ['interpretations/public-pages.tsx', true],
    ['catalog/api.ts', true],
    ['search/index.ts', true],
    ['open-days/console-tasks.ts', true],
    ['tasks/repository.ts', false],
    ['documents/documents.repository.ts', false],
    ['requests/letters/index.ts', false],
    ['power-lists/commands.ts', false],
  ];
  for (const [f, want] of files) assert.equal(isRouteOrView(f), want, f);
  assert.ok(registersRoutes("  app.post('/admin/mail', async (req) => {"));
  assert.ok(!registersRoutes('const app = 1; app.getThing();'));
  assert.deepEqual(queryLines("a\nawait db.selectFrom('x')\n// db.selectFrom('y')\nsql<{ n: number }>`select 1`\nconst s = 'sql'\n"), [2, 4]);
});

it('no route, page, view or API file of a feature holds a query of its own', () => {
  const problems: string[] = [];
  for (const file of walk(FEATURES)) {
    const rel = path.relative(FEATURES, file);
    const text = fs.readFileSync(file, 'utf8');
    if (!isRouteOrView(rel) && !registersRoutes(text)) continue;
    for (const n of queryLines(text)) problems.push(`src/features/${rel}:${n}`);
  }
  assert.deepEqual(problems, [], `queries in route/view files (move them into the feature's repository):\n${problems.join('\n')}`);
});
