// Feature modules: each feature folder exports one manifest (features/<name>/module.ts) and the app
// composes the list of them (src/features/index.ts). The platform learns everything it must know about a
// feature from its manifest — tables (by declaration merging into Database, see db/types.ts), migrations,
// actions and roles, routes, API operations, menus, event handlers, report and search contributions,
// demo seed, CLI commands and background jobs — so adding a feature touches no platform file and no
// other feature's file. See docs/architecture.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Db } from './db/index.ts';
import { defineActions, type ActionSpec } from './access/roles.ts';
import type { Action, Role } from './access/roles.ts';
import { on, type EventHandler } from './events.ts';

export interface MenuEntry {
  href: string;
  label: string;
  /** Position in the menu (smaller first); ties keep module order. */
  order: number;
  /** Console only: the action a role needs to see the entry; 'admin' = the platform admin; null = everyone. */
  action?: Action | 'admin' | null;
}

export interface CliCommand {
  /** One line of help, e.g. `pii scan    扫描已公开内容中的个人信息`. */
  help: string;
  run(args: string[], ctx: { db: Db; log: (line: string) => void }): Promise<number>;
}

export interface Job {
  name: string;
  /** Milliseconds between runs (first run after one interval). */
  everyMs: number;
  run(db: Db, log: (line: string) => void): Promise<void>;
}

export interface DemoCredential {
  username: string;
  role: Role;
  unit: string;
  password: string;
}

export interface SeedContext {
  /** True when demo content is wanted (npm start on an empty database); false: only what a real site needs. */
  demo: boolean;
  log: (line: string) => void;
  /** A demo account was created: its password is shown once when the site starts (never logged). */
  credential: (c: DemoCredential) => void;
}

export interface FeatureModule {
  /** Folder name under src/features. */
  name: string;
  /** The folder holding this feature's migrations (one file per migration; the file name is its name). */
  migrations?: URL;
  /** Called once when the module is installed (e.g. hooks that must run inside another feature's transaction). */
  install?: () => void;
  /** Actions this feature defines and the roles that may perform them (admin may do everything). */
  actions?: Record<string, ActionSpec>;
  /** Public and console pages (a Fastify plugin body, registered after the platform). */
  routes?: (app: FastifyInstance) => Promise<void>;
  /** JSON API operations under /api/v1 (registered inside the API scope with its validator). */
  api?: (api: FastifyInstance) => Promise<void>;
  menus?: { public?: MenuEntry[]; console?: MenuEntry[] };
  /** Handlers of platform events (emitted by any feature after commit; see platform/events.ts). */
  events?: Record<string, EventHandler>;
  /** First-start data: real reference data always, demo content when `ctx.demo`. Run in module order. */
  seed?: (db: Db, ctx: SeedContext) => Promise<void>;
  cli?: Record<string, CliCommand>;
  jobs?: Job[];
  /** Anything a feature offers to another feature's extension point (e.g. report sections, search kinds). */
  contributes?: Record<string, unknown>;
}

/** The features of this build, in order (set once by the app: src/features/index.ts). */
let installed: readonly FeatureModule[] = [];

export function installModules(modules: readonly FeatureModule[]): readonly FeatureModule[] {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`功能模块重名：${m.name}`);
    names.add(m.name);
  }
  if (installed === modules) return installed;
  installed = modules;
  for (const m of modules) {
    if (m.actions) defineActions(m.actions);
    m.install?.();
    for (const [type, handler] of Object.entries(m.events ?? {})) on(type, handler, m.name);
  }
  return installed;
}

export function installedModules(): readonly FeatureModule[] {
  return installed;
}

/** Menu entries of an area from every installed module, ordered. */
export function menuEntries(area: 'public' | 'console'): MenuEntry[] {
  return memo(`menu:${area}`, () => {
    const all = installed.flatMap((m, i) => (m.menus?.[area] ?? []).map((e, j) => ({ e, key: [e.order, i, j] as const })));
    all.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
    return all.map((x) => x.e);
  });
}

/** Contributions to an extension point named `point` (e.g. 'search.kinds'), in module order. */
export function contributions<T>(point: string): T[] {
  return memo(`point:${point}`, () => installed.flatMap((m) => (m.contributes && point in m.contributes ? [m.contributes[point] as T] : [])));
}

// Menus and contributions are asked for on every page render: worked out once per installed list (a copy is
// handed out, so a caller may change its array).
let memoFor: readonly FeatureModule[] | null = null;
const memos = new Map<string, unknown[]>();
function memo<T>(key: string, make: () => T[]): T[] {
  if (memoFor !== installed) {
    memos.clear();
    memoFor = installed;
  }
  let v = memos.get(key) as T[] | undefined;
  if (!v) memos.set(key, (v = make()));
  return v.slice();
}

/** The migrations in one folder: every .ts/.js file that is not a test, named by its file name. */
export async function migrationsIn(dir: URL): Promise<Record<string, Migration>> {
  const p = fileURLToPath(dir);
  if (!fs.existsSync(p)) return {};
  const out: Record<string, Migration> = {};
  for (const f of fs.readdirSync(p).sort()) {
    if (!/\.(ts|js|mjs)$/.test(f) || /\.test\.|\.d\.ts$/.test(f)) continue;
    const name = f.replace(/\.(ts|js|mjs)$/, '');
    const mod = (await import(pathToFileURL(path.join(p, f)).href)) as Migration;
    if (typeof mod.up !== 'function') throw new Error(`迁移文件没有 up()：${f}`);
    out[name] = { up: mod.up, down: mod.down };
  }
  return out;
}

/**
 * Starts the background jobs of every installed module plus `extra` (the platform's own), each on its own
 * interval (the first run after one interval, or after `firstAfterMs`). A run never overlaps the previous run
 * of the same job; a failure is logged and the job runs again next time. Returns a stop function.
 */
export function startJobs(db: Db, log: { info(msg: string): void; warn(msg: string): void }, extra: (Job & { firstAfterMs?: number })[] = []): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const job of [...installed.flatMap((m) => m.jobs ?? []), ...extra]) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job.run(db, (line) => log.info(`[${job.name}] ${line}`));
      } catch (err) {
        log.warn(`[${job.name}] 失败：${(err as Error).message}`);
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => {
      void tick();
      const every = setInterval(() => void tick(), job.everyMs);
      every.unref();
      timers.push(every);
    }, (job as { firstAfterMs?: number }).firstAfterMs ?? job.everyMs);
    first.unref();
    timers.push(first);
  }
  return () => timers.forEach((t) => clearTimeout(t));
}
