// The ahead-of-time build that `npm start` and `npx gongkai` run from (issue 15): every source file of src/
// transpiled by esbuild to plain JavaScript, one file for one file (the migrations folders, the worker modules
// and the data files stay where the code expects them), relative `.ts`/`.tsx` specifiers rewritten to `.js`,
// the other files (data, dictionaries, static assets) copied. Under tsx every start transpiled ~500 files and
// resolved them through the loader thread: most of the start-up CPU.
//
// The output is `build/<key>/src/…`, where <key> is a digest of the sources' paths, sizes and modification
// times (and of this script): a changed, added or removed source file gives a new key, hence a fresh build on
// the next start; an unchanged tree reuses the build without transpiling anything. A build is written to a
// temporary folder and renamed into place, so two processes starting at once never see half a build (the
// loser of the rename uses the winner's). Older builds are removed, except the newest few (a process still
// running from one may import a module lazily).
//
// Tests and the benchmarks' helpers run from source with tsx; only the two launchers in bin/ use this.
//   node scripts/build.mjs            build now (if stale) and print the folder
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const OUT = path.join(ROOT, 'build');
const KEEP = 3;
const CODE = /\.(ts|tsx)$/;
const SKIP = /\.test\.tsx?$|\.d\.ts$/;

/** Every file under `dir` (relative paths, sorted), with its stat. */
function walk(dir, rel = '', out = []) {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(dir, r, out);
    else if (e.isFile()) out.push({ rel: r, stat: fs.statSync(path.join(dir, r)) });
  }
  return out;
}

/** The key of the current sources (a few ms: stats only, no reading). */
function sourceKey(files) {
  const h = crypto.createHash('sha256');
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  for (const f of files) h.update(`${f.rel}\0${f.stat.size}\0${f.stat.mtimeMs}\n`);
  return h.digest('hex').slice(0, 16);
}

/** `./x.ts`, `../y/z.tsx` in string literals → `.js` (imports, dynamic imports, `new URL('./m.ts', import.meta.url)`). */
export function rewriteSpecifiers(js) {
  return js.replace(/(["'`])(\.{1,2}\/[^"'`\n$]*?)\.tsx?\1/g, '$1$2.js$1');
}

async function buildInto(dir, files) {
  const esbuild = await import('esbuild');
  const code = files.filter((f) => CODE.test(f.rel) && !SKIP.test(f.rel));
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: code.map((f) => path.join(SRC, f.rel)),
    outbase: SRC,
    outdir: path.join(dir, 'src'),
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'silent',
  });
  // esbuild's service (a child process, and its output buffer — ~7 MB — in this process) is not needed
  // again: the server that built itself at start keeps serving without it (issue 15: own memory).
  await esbuild.stop();
  for (const o of result.outputFiles) {
    fs.mkdirSync(path.dirname(o.path), { recursive: true });
    fs.writeFileSync(o.path, o.path.endsWith('.js') ? rewriteSpecifiers(o.text) : o.contents);
  }
  for (const f of files) {
    if (CODE.test(f.rel)) continue;
    const to = path.join(dir, 'src', f.rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(SRC, f.rel), to);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  return code.length;
}

function prune(keep) {
  const dirs = fs
    .readdirSync(OUT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== keep)
    .map((e) => ({ name: e.name, at: fs.statSync(path.join(OUT, e.name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const d of dirs) {
    const temp = d.name.includes('.tmp-');
    // Half-written builds of dead processes after an hour; complete old builds beyond the newest few.
    if (temp ? Date.now() - d.at > 3600_000 : dirs.filter((x) => !x.name.includes('.tmp-')).indexOf(d) >= KEEP - 1) {
      fs.rmSync(path.join(OUT, d.name), { recursive: true, force: true });
    }
  }
}

/**
 * The folder of an up-to-date build (built now when the sources changed since the last one). Throws when it
 * cannot build (e.g. esbuild missing, or the folder not writable): the launchers then run from source.
 */
export async function ensureBuild({ log = (m) => process.stderr.isTTY && console.error(m) } = {}) {
  const files = walk(SRC);
  const key = sourceKey(files);
  const dir = path.join(OUT, key);
  if (fs.existsSync(path.join(dir, 'src', 'server.js'))) return dir;
  const started = Date.now();
  fs.mkdirSync(OUT, { recursive: true });
  const temp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    const n = await buildInto(temp, files);
    try {
      fs.renameSync(temp, dir);
    } catch (err) {
      if (!fs.existsSync(path.join(dir, 'src', 'server.js'))) throw err; // else another process built it first
    }
    log(`已编译 ${n} 个源文件（${Date.now() - started} ms）：${path.relative(ROOT, dir)}`);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  try {
    prune(key);
  } catch {
    /* another process pruning at the same time */
  }
  return dir;
}

/** The launchers' entry: the module `entry` (e.g. 'src/server.js') of the build, or null → run from source. */
export async function builtModule(entry) {
  if (process.env.GONGKAI_FROM_SOURCE === '1') return null;
  try {
    const dir = await ensureBuild();
    return pathToFileURL(path.join(dir, entry)).href;
  } catch (err) {
    console.error(`无法预编译（${err instanceof Error ? err.message : String(err)}），改为直接运行源代码（启动较慢）`);
    return null;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await ensureBuild({ log: (m) => console.log(m) });
  console.log(dir);
}
