// Time as a dependency. Business code asks the clock of its context — `nowIso()` (db/index.ts) and
// `todayBeijing()` (views/format.ts) read it — instead of the wall clock, so a test (or a replay) sets
// "now" once for an app or a block of commands rather than sleeping or patching Date:
//   buildApp(config, db, { clock: fixedClock('2026-03-02T01:00:00Z') })  — every request of that app
//   withClock(fixedClock('2026-03-02T01:00:00Z'), () => submitRequest(...)) — direct calls
// Durations (timeouts, rate windows measured in ms, benchmarks) keep Date.now(): they are not "today".
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const current = new AsyncLocalStorage<Clock>();

/** The current instant by the clock of this context (the system clock unless one was set). */
export function clockNow(): number {
  return (current.getStore() ?? systemClock).now();
}

/** Runs `fn` (and everything it starts) with `clock` as the clock. */
export function withClock<T>(clock: Clock, fn: () => T): T {
  return current.run(clock, fn);
}

/** A clock standing still at `iso`, or moved by hand with `set`/`advance` (tests). */
export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`无效的时间：${iso}`);
  return {
    now: () => t,
    set(v: string) {
      t = Date.parse(v);
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
