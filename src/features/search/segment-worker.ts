// Segmentation in a worker thread, for `reindex` / rebuild() and for long attachment texts (engine.ts segmentAhead):
// jieba runs there while the main thread writes the previous batch to the index (bench:search measures the rate).
// The worker loads the same dictionaries (jieba's, dict/gov.txt) plus the words the main segmenter learnt at run
// time, so both cut text the same way. This file is both the client (main thread) and the worker's entry point.
//
// One worker per process, started on demand and ended after an idle minute (issue 15: own memory). A worker holds
// its own V8 isolate and its own copy of jieba's dictionary (~100 MB while it runs); starting one costs ~1.3 s
// (0.4 s of CPU) and, when it ends, glibc keeps part of what it freed (measured: +25-45 MB each start/stop, growing).
// Each start() is a lease on the one worker (which learns the segmenter's newer words); close() ends the lease,
// and the worker stops IDLE_MS after the last lease ended. The next start() after that starts a new one.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createSegmenter, indexForms, type ExtraWord, type IndexForms as Forms, type Segmenter } from './segment.ts';

type Request = { id: number; texts: string[] } | { id: number; words: ExtraWord[] };
type Reply = { id: number; forms: Forms[] } | { id: number; error: string };

const MARK = 'gongkai-segment-worker';

/** The process's one segmentation thread, shared by the leases SegmentWorker.start() hands out. */
class Thread {
  static current: Thread | null = null;
  private seq = 0;
  dead: Error | null = null;
  leases = 0;
  private idle: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, { resolve: (f: Forms[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if ('error' in m) w.reject(new Error(m.error));
      else w.resolve(m.forms);
    });
    const fail = (err: Error) => {
      this.dead ??= err;
      if (Thread.current === this) Thread.current = null;
      clearTimeout(this.idle);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('segment worker stopped')));
  }

  send(m: { texts: string[] } | { words: ExtraWord[] }): Promise<Forms[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...m } satisfies Request);
    });
  }

  lease(): void {
    this.leases++;
    clearTimeout(this.idle);
  }

  release(): void {
    if (--this.leases > 0 || this.dead) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.stop(), SegmentWorker.idleMs);
    this.idle.unref();
  }

  async stop(): Promise<void> {
    if (Thread.current === this) Thread.current = null;
    clearTimeout(this.idle);
    await this.worker.terminate();
  }
}

export class SegmentWorker {
  /** How long the worker stays after its last lease ended (tests shorten it). */
  static idleMs = 60_000;
  private closed = false;

  private constructor(private readonly thread: Thread) {}

  /** A lease on the process's worker (started if none runs) with the dictionary of `seg`, or null when no worker can be started (the caller segments itself). */
  static async start(seg: Segmenter): Promise<SegmentWorker | null> {
    let thread = Thread.current;
    try {
      if (!thread) {
        // The worker runs this TypeScript file: it registers the tsx loader first (Node 20 does not apply
        // the main thread's --import hooks to a worker's entry file).
        const data = { workerData: { [MARK]: true, words: seg.addedWords() } };
        const worker = import.meta.url.endsWith('.ts')
          ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`, { ...data, eval: true })
          : new Worker(new URL(import.meta.url), data);
        worker.unref();
        thread = Thread.current = new Thread(worker);
      }
      thread.lease();
    } catch (err) {
      if (process.env.DEBUG_SEGMENT_WORKER) console.error(err);
      return null;
    }
    const client = new SegmentWorker(thread);
    try {
      await thread.send({ words: seg.addedWords() }); // words learnt since the worker started (addWords is idempotent)
      await client.forms(['启动']); // the dictionaries are loaded: fail here rather than in the first batch
      return client;
    } catch (err) {
      if (process.env.DEBUG_SEGMENT_WORKER) console.error(err);
      await client.close();
      if (Thread.current === thread && thread.dead === null && !thread.leases) await thread.stop();
      return null;
    }
  }

  /** Whether a worker thread runs now (for tests and figures). */
  static get running(): boolean {
    return !!Thread.current && !Thread.current.dead;
  }

  /** indexForms() of each text, in order. */
  forms(texts: string[]): Promise<Forms[]> {
    if (this.closed) return Promise.reject(new Error('segment worker stopped'));
    return this.thread.send({ texts });
  }

  /** Ends this lease (the worker stops after an idle minute when no other lease holds it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.thread.release();
  }
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[MARK]) {
  const port = parentPort;
  const seg = createSegmenter((workerData as { words: ExtraWord[] }).words);
  port.on('message', (m: Request) => {
    try {
      if ('words' in m) {
        seg.addWords(m.words);
        port.postMessage({ id: m.id, forms: [] } satisfies Reply);
        return;
      }
      port.postMessage({ id: m.id, forms: m.texts.map((t) => indexForms(seg, t)) } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: m.id, error: (err as Error).message } satisfies Reply);
    }
  });
}
