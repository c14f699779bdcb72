// Helpers shared by the benchmarks (moved out of bench/pages.bench.ts, which re-exports them): the app as a
// child process (bench/serve.ts), the machine description, writing a section of docs/performance.md and
// summarising a .cpuprofile. Importing this module has no side effects until startApp() is called.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PROFILE = process.env.BENCH_PROFILE === '1';
const KEEP = process.env.BENCH_KEEP === '1';

// Children (app servers) started here are killed on exit; their temp dir is removed unless BENCH_KEEP=1.
const children = new Set<ChildProcess>();
let tmpDir: string | null = null;
function tmp(): string {
  if (tmpDir) return tmpDir;
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  process.on('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    if (!KEEP && tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });
  return tmpDir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts bench/serve.ts in a child process and resolves with its base URL. */
export async function startApp(databaseUrl: string, label: string): Promise<{ base: string; stop: () => Promise<void>; profDir: string }> {
  const profDir = path.join(tmp(), `prof-${label}`);
  const args = ['--import', 'tsx', ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), path.join(ROOT, 'bench/serve.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: path.join(tmp(), 'files'), SEED_DEMO: 'false', LOG_LEVEL: 'silent', PG_POOL_MAX: process.env.PG_POOL_MAX || '10' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('app did not start within 60 s')), 60_000);
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /READY (\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening`)));
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`);
  return {
    base,
    profDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          children.delete(child);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export function machine(nginxVersion: string, sqliteVersion: string, pgVersion: string | null) {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [, os.cpus()[0]?.model ?? '?'])[1];
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    nginx: nginxVersion,
    sqlite: sqliteVersion,
    pg: pgVersion,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' / '),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

/** Replaces (or appends) the `heading` section, keeping the rest of the file. `replaces`: older headings of the
 * same section; the first one found is replaced when `heading` is not there yet. */
export function writeSection(file: string, section: string, heading = '## Portal pages (issue 15)', replaces: string[] = []) {
  const head = '# Performance\n\nBenchmarks of the gongkai portal. Each section is rewritten by the benchmark that produces it.\n\n';
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : head;
  let start = text.indexOf(heading);
  for (const h of replaces) if (start < 0) start = text.indexOf(h);
  if (start < 0) text = text.replace(/\s*$/, '\n\n') + section;
  else {
    const next = text.indexOf('\n## ', start + 5);
    text = text.slice(0, start) + section + (next < 0 ? '' : '\n' + text.slice(next + 1));
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text.replace(/\n{3,}/g, '\n\n'));
}

/** Self time per function (top 25) and inclusive time of the project's own functions, from a .cpuprofile. */
export function summariseProfile(file: string): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  prof.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const label = (n: (typeof prof.nodes)[number]) => {
    const u = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT + '/', '');
    return `${n.callFrame.functionName || '(anonymous)'} ${u ? `${u}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (!node.callFrame.url.includes('/src/')) continue;
      const l = label(node);
      if (seen.has(l)) continue;
      seen.add(l);
      inclBy.set(l, (inclBy.get(l) ?? 0) + us);
    }
  }
  const fmt = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([l, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${l}`)
      .join('\n');
  return `self time (top 25):\n${fmt(selfBy, 25)}\ninclusive time, project code (top 25):\n${fmt(inclBy, 25)}`;
}

