// Attachment text extraction in a worker thread (features/search/attachment-text.ts runs it after an upload
// has been answered): pdfjs-dist takes seconds to load and parsing a PDF is CPU work that would otherwise
// hold up every other request of the process. The worker starts on the first job and stops after a quiet
// minute; a job that does not answer within HARD_TIMEOUT_MS stops the worker (the next job starts a new
// one). This file is both the client (main thread) and the worker's entry point.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fsp from 'node:fs/promises';
import { extractText, MAX_INPUT_BYTES, PDF_TIMEOUT_MS, type Extracted } from './extract.ts';

interface Job {
  id: number;
  path: string;
  mime: string;
  filename: string;
}
type Reply = { id: number; text: string; error?: string };

const MARK = 'gongkai-extract-worker';
/** Longer than extract.ts's own PDF timeout: this one catches a worker stuck in synchronous code. */
export const HARD_TIMEOUT_MS = PDF_TIMEOUT_MS + 40_000;
const IDLE_MS = 60_000;

/** The text of a stored file ('' with an error when unreadable or too large). Never throws. */
export async function extractFile(path: string, mime: string, filename: string): Promise<Extracted> {
  try {
    const { size } = await fsp.stat(path);
    if (size > MAX_INPUT_BYTES) return { text: '', error: `文件超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB，未提取文字` };
    return await extractText(await fsp.readFile(path), mime, filename);
  } catch (err) {
    return { text: '', error: `无法读取文件：${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
  }
}

export class ExtractWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private idle: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, { resolve: (r: Extracted) => void; timer: NodeJS.Timeout; job: Job }>();
  /** Whether any worker has answered: a worker that fails before its first answer cannot start here. */
  private answered = false;
  /** Set when no worker thread can be started here: extraction then runs in this thread. */
  private inProcess = false;

  /** `opts` for tests: the worker's code (eval) and the hard timeout. */
  constructor(private readonly opts: { code?: string; hardTimeoutMs?: number } = {}) {}

  private start(): Worker {
    // The worker runs this TypeScript file: it registers the tsx loader first (Node 20 does not apply the
    // main thread's --import hooks to a worker's entry file). See segment-worker.ts.
    const data = { workerData: { [MARK]: true } };
    const w = this.opts.code
      ? new Worker(this.opts.code, { ...data, eval: true })
      : import.meta.url.endsWith('.ts')
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`, { ...data, eval: true })
      : new Worker(new URL(import.meta.url), data);
    w.unref();
    w.on('message', (m: Reply) => {
      this.answered = true;
      this.settle(m.id, m.error ? { text: m.text, error: m.error } : { text: m.text });
    });
    const gone = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      if (!this.answered) {
        // No worker thread can run here (e.g. no loader for it): extract in this thread from now on.
        this.inProcess = true;
        for (const [id, { job }] of [...this.waiting]) void extractFile(job.path, job.mime, job.filename).then((r) => this.settle(id, r));
        return;
      }
      for (const id of [...this.waiting.keys()]) this.settle(id, { text: '', error: why });
    };
    w.on('error', (err) => gone(`提取文字的线程出错：${err.message}`.slice(0, 300)));
    w.on('exit', () => gone('提取文字的线程已停止'));
    return w;
  }

  private settle(id: number, r: Extracted) {
    const w = this.waiting.get(id);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(id);
    w.resolve(r);
    if (!this.waiting.size && this.worker) {
      clearTimeout(this.idle);
      this.idle = setTimeout(() => void this.stop(), IDLE_MS);
      this.idle.unref();
    }
  }

  /** Extracts the text of a stored file. Never throws. */
  async extract(path: string, mime: string, filename: string): Promise<Extracted> {
    if (this.inProcess) return extractFile(path, mime, filename);
    clearTimeout(this.idle);
    if (!this.worker) {
      try {
        this.worker = this.start();
      } catch {
        this.inProcess = true;
        return extractFile(path, mime, filename);
      }
    }
    const w = this.worker;
    const id = ++this.seq;
    return new Promise<Extracted>((resolve) => {
      const limit = this.opts.hardTimeoutMs ?? HARD_TIMEOUT_MS;
      const timer = setTimeout(() => {
        this.settle(id, { text: '', error: `提取超时（${Math.round(limit / 1000)} 秒）` });
        if (this.worker === w) {
          this.worker = null;
          void w.terminate();
        }
      }, limit);
      timer.unref();
      const job: Job = { id, path, mime, filename };
      this.waiting.set(id, { resolve, timer, job });
      w.postMessage(job);
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.idle);
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.waiting.keys()]) this.settle(id, { text: '', error: '提取文字的线程已停止' });
    if (w) await w.terminate();
  }
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[MARK]) {
  const port = parentPort;
  port.on('message', (m: Job) => {
    void extractFile(m.path, m.mime, m.filename).then((r) => port.postMessage({ id: m.id, text: r.text, error: r.error } satisfies Reply));
  });
}
