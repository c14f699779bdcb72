// Segmentation in a worker thread, for `reindex` / rebuild(): jieba runs there while the main thread
// writes the previous batch to the index (bench:search measures the rate). The worker loads the same
// dictionaries (jieba's, dict/gov.txt) plus the words the main segmenter learnt at run time, so both
// cut text the same way. This file is both the client (main thread) and the worker's entry point.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createSegmenter, indexForms, type ExtraWord, type IndexForms as Forms, type Segmenter } from './segment.ts';

interface Request {
  id: number;
  texts: string[];
}
type Reply = { id: number; forms: Forms[] } | { id: number; error: string };

const MARK = 'gongkai-segment-worker';

export class SegmentWorker {
  private seq = 0;
  private dead: Error | null = null;
  private readonly waiting = new Map<number, { resolve: (f: Forms[]) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if ('error' in m) w.reject(new Error(m.error));
      else w.resolve(m.forms);
    });
    const fail = (err: Error) => {
      this.dead ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('segment worker stopped')));
  }

  /** A worker with the dictionary of `seg`, or null when no worker can be started (the caller segments itself). */
  static async start(seg: Segmenter): Promise<SegmentWorker | null> {
    try {
      // The worker runs this TypeScript file: it registers the tsx loader first (Node 20 does not apply
      // the main thread's --import hooks to a worker's entry file).
      const data = { workerData: { [MARK]: true, words: seg.addedWords() } };
      const worker = import.meta.url.endsWith('.ts')
        ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`, { ...data, eval: true })
        : new Worker(new URL(import.meta.url), data);
      worker.unref();
      const client = new SegmentWorker(worker);
      await client.forms(['启动']); // the dictionaries are loaded: fail here rather than in the first batch
      return client;
    } catch (err) {
      if (process.env.DEBUG_SEGMENT_WORKER) console.error(err);
      return null;
    }
  }

  /** indexForms() of each text, in order. */
  forms(texts: string[]): Promise<Forms[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[MARK]) {
  const port = parentPort;
  const seg = createSegmenter((workerData as { words: ExtraWord[] }).words);
  port.on('message', (m: Request) => {
    try {
      port.postMessage({ id: m.id, forms: m.texts.map((t) => indexForms(seg, t)) } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: m.id, error: (err as Error).message } satisfies Reply);
    }
  });
}
