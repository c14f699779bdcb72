// Form posts are parsed by schemas like the API bodies (issue 14): in every source file that registers routes or
// holds a feature's pages (console*, console/**, pages.tsx, *-pages.tsx, …) and is not an API file (API bodies are
// validated by their TypeBox schemas through Fastify), a request's body is read only as the argument of
// `parseForm(Schema, req.body)` (platform/http/forms.ts) — no `val(req.body, …)`, `pick(req.body, …)`,
// `req.body as …`, or a body handed to a helper that picks fields by hand. Multipart forms are read through the
// platform's csrfCheckedParts / stageFileParts (with multipartFields() for the text fields), which read no `.body`.
// Tests are exempt.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isRouteOrView, registersRoutes } from './queries-in-repositories.test.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SRC = path.join(ROOT, 'src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** An API file: its bodies are validated by the operation's TypeBox schema before the handler runs. */
export function isApiFile(rel: string): boolean {
  return /(^|[\\/])(api|[\w-]+\.api)\.ts$/.test(rel);
}

const REQ = String.raw`\b(?:req|request|_req)`;
/** parseForm(<schema expression, parentheses one level deep>, req.body) — the one allowed read. */
const ALLOWED = new RegExp(String.raw`\bparseForm\(\s*[^;()]*(?:\([^;()]*\)[^;()]*)*,\s*${REQ}\.body\s*,?\s*\)`, 'g');
/** Any other read of a request's body: req.body, req?.body, req['body'], const { body } = req. */
const BODY_READ = new RegExp(String.raw`${REQ}\s*\??\.\s*body\b|${REQ}\s*(?:\?\.)?\[\s*['"\x60]body['"\x60]\s*\]|\{[^{}]*\bbody\b[^{}]*\}\s*=\s*${REQ}\b`, 'g');

/** Line numbers of `text` where a request's body is read other than as parseForm's argument. */
export function bodyReads(text: string): number[] {
  // Comments out (a `//` after code or at a line's start; the text inside block comments), allowed reads blanked
  // with spaces so offsets keep their lines.
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|\s)\/\/.*$/gm, (m, lead: string) => lead + ' '.repeat(m.length - lead.length))
    .replace(ALLOWED, (m) => m.replace(/[^\n]/g, ' '));
  const lines = new Set<number>();
  for (const m of code.matchAll(BODY_READ)) lines.add(code.slice(0, m.index).split('\n').length);
  return [...lines].sort((a, b) => a - b);
}

/** The files the rule covers (paths relative to the repository, with forward slashes). */
function coveredFiles(): { rel: string; text: string }[] {
  return walk(SRC).flatMap((file) => {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    const feature = rel.startsWith('src/features/') ? rel.slice('src/features/'.length) : null;
    if (isApiFile(rel)) return [];
    if (!registersRoutes(text) && !(feature && isRouteOrView(feature))) return [];
    return [{ rel, text }];
  });
}

it('the lint finds body reads other than parseForm’s argument (its own table)', () => {
  const flagged: [string, number[]][] = [
    ["const title = val(req.body, 'title');", [1]],
    ["const values = pick(req.body, ['a', 'b']);", [1]],
    ['const body = req.body as Record<string, unknown>;', [1]],
    ['const id = Number(request.body.id);', [1]],
    ['const x = req?.body;', [1]],
    ["const y = req['body'];", [1]],
    ['const { body } = req;', [1]],
    ['const v = parseForm(Form, req.body.inner);', [1]],
    ['const v = parseForm(Form, req.body) ?? req.body;', [1]],
    ['letterFromForm(req.body);\nconst ok = parseForm(F, req.body);', [1]],
    ["async (_req, reply) => {\n  if (_req.body) return;\n}", [2]],
  ];
  for (const [text, lines] of flagged) assert.deepEqual(bodyReads(text), lines, text);
  const clean = [
    'const values = parseForm(DocumentFormBody, req.body);',
    'const input = parseForm(ActionFormBodies[name as keyof typeof ActionFormBodies], req.body);',
    'const form: Record<string, string | undefined> = parseForm(inputsFormBody(year), req.body);',
    'const f = parseForm(\n  LoginFormBody,\n  req.body,\n);',
    '// the old code read val(req.body, "x")',
    '/* req.body */ const a = row.body + doc.body + r.body;',
    "const page = { body: '' }; const s = res.body;",
  ];
  for (const text of clean) assert.deepEqual(bodyReads(text), [], text);
  assert.ok(isApiFile('src/features/requests/api.ts') && isApiFile('src/features/x/y.api.ts'));
  assert.ok(!isApiFile('src/features/requests/pages.tsx') && !isApiFile('src/features/requests/api-pages.tsx'));
});

it('every route and page file reads a form post through parseForm only', () => {
  const problems: string[] = [];
  for (const { rel, text } of coveredFiles()) problems.push(...bodyReads(text).map((n) => `${rel}:${n}`));
  assert.deepEqual(problems, [], `request bodies read by hand (declare the form in the feature's forms.ts and read it with parseForm(Schema, req.body)):\n${problems.join('\n')}`);
});
