#!/usr/bin/env node
// Runs the whole suite on SQLite, then again on PostgreSQL, then the browser tests.
// - PostgreSQL: TEST_PG_URL (admin URL) if set, else scripts/pg-local.sh starts a throw-away cluster
//   when a server is installed. Browser tests need /usr/bin/chromium (or CHROMIUM_PATH).
// - With CI=true (or REQUIRE_ALL=1) a missing PostgreSQL or Chromium, or any skipped test, fails the run.
// Usage: npm test [-- file-filter ...]
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const strict = process.env.CI === 'true' || process.env.REQUIRE_ALL === '1';
const filters = process.argv.slice(2);

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}
const pick = (files) => (filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files);
const all = pick([...walk('src'), ...walk('test'), ...walk('bench')].sort());
const browser = all.filter((f) => f.includes(`${path.sep}e2e${path.sep}`));
const unit = all.filter((f) => !browser.includes(f));

fs.mkdirSync('.tmp', { recursive: true });
const totals = { pass: 0, fail: 0, skip: 0 };
const problems = [];

function run(label, files, env) {
  if (!files.length) return;
  console.log(`\n=== ${label}: ${files.length} test files ===`);
  const tap = path.join('.tmp', `${label.replace(/\W+/g, '-')}.tap`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const num = (k) => Number((new RegExp(`^# ${k} (\\d+)`, 'm').exec(text) ?? [])[1] ?? 0);
  totals.pass += num('pass');
  totals.fail += num('fail') + num('cancelled');
  const skipped = num('skipped') + num('todo');
  totals.skip += skipped;
  if (r.status !== 0) problems.push(`${label}: test runner exited ${r.status}`);
  if (skipped && strict) {
    const names = [...text.matchAll(/^\s*ok \d+ - (.*) # SKIP ?(.*)$/gm)].map((m) => `${m[1]} (${m[2]})`);
    problems.push(`${label}: ${skipped} test(s) skipped, not allowed in CI: ${names.join('; ')}`);
  }
}

// SQLite runs with cold caches (every TTL cache misses: each request is like the first after start or after a
// quiet spell); PostgreSQL and the browser run warm. See src/platform/cache.ts.
run('sqlite', unit, { GONGKAI_TEST_DB: 'sqlite', GONGKAI_COLD_CACHES: '1' });

let pgUrl = process.env.TEST_PG_URL;
if (!pgUrl) {
  try {
    pgUrl = execFileSync('bash', ['scripts/pg-local.sh'], { encoding: 'utf8' }).trim().split('\n').pop();
  } catch (err) {
    const msg = 'PostgreSQL suite skipped: no TEST_PG_URL and no local PostgreSQL server (apt-get install postgresql)';
    if (strict) problems.push(msg);
    else console.log(`\n!!! ${msg}`);
  }
}
if (pgUrl) run('postgres', unit, { GONGKAI_TEST_DB: 'postgres', TEST_PG_URL: pgUrl });

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (browser.length) {
  if (fs.existsSync(chromium)) run('browser', browser, { GONGKAI_TEST_DB: 'sqlite', CHROMIUM_PATH: chromium });
  else {
    const msg = `browser suite skipped: ${chromium} not found (apt-get install chromium fonts-wqy-microhei)`;
    if (strict) problems.push(msg);
    else console.log(`\n!!! ${msg}`);
  }
}

console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skip} skipped`);
for (const p of problems) console.log(`FAILED: ${p}`);
process.exit(problems.length || totals.fail ? 1 : 0);
