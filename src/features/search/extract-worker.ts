// Attachment text extraction in a worker thread (features/search/attachment-text.ts runs it after an upload
// has been answered): pdfjs-dist takes seconds to load and parsing a PDF is CPU work that would otherwise
// hold up every other request of the process. The worker starts on the first job and stops after a quiet
// minute; a job that does not answer within HARD_TIMEOUT_MS stops the worker (the next job starts a new
// one). This file is both the client (main thread) and the worker's entry point.
// The same thread also runs other CPU-heavy reading of uploads for the rest of the app (call(): a named
// export of a module, e.g. the annual-report import's spreadsheet reading), so that a large upload does
// not hold up the other requests of the process; the app has one such thread (app.fileWorker).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fsp from 'node:fs/promises';
import { extractText, MAX_INPUT_BYTES, PDF_TIMEOUT_MS, type Extracted } from './extract.ts';

interface ExtractJob {
  id: number;
  path: string;
  mime: string;
  filename: string;
}
/** Runs `fn` exported by `module` (a file URL) with `args` (structured-cloned) in the worker. */
interface CallJob {
  id: number;
  call: { module: string; fn: string; args: unknown[] };
}
type Job = ExtractJob | CallJob;
type Reply = { id: number; text: string; error?: string } | { id: number; value: unknown } | { id: number; callError: string };

async function runCall(job: CallJob): Promise<Reply> {
  try {
    const mod = (await import(job.call.module)) as Record<string, (...a: unknown[]) => unknown>;
    if (typeof mod[job.call.fn] !== 'function') throw new Error(`${job.call.module} 没有导出 ${job.call.fn}`);
    return { id: job.id, value: await mod[job.call.fn](...job.call.args) };
  } catch (err) {
    return { id: job.id, callError: String((err as Error)?.message ?? err).slice(0, 500) };
  }
}

/** What a waiting job does with its reply (null: no reply, `why` says what happened to the worker). */
type Answer = (reply: Reply | null, why: string) => void;

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

/** A job run in this thread (the worker's side, or the fallback where no worker can run). */
async function runHere(job: Job): Promise<Reply> {
  if ('call' in job) return runCall(job);
  const r = await extractFile(job.path, job.mime, job.filename);
  return { id: job.id, text: r.text, error: r.error };
}

export class ExtractWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private idle: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, { answer: Answer; timer: NodeJS.Timeout; job: Job }>();
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
      this.settle(m.id, m, '');
    });
    const gone = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      if (!this.answered) {
        // No worker thread can run here (e.g. no loader for it): extract in this thread from now on.
        this.inProcess = true;
        for (const [id, { job }] of [...this.waiting]) void runHere(job).then((r) => this.settle(id, r, ''));
        return;
      }
      for (const id of [...this.waiting.keys()]) this.settle(id, null, why);
    };
    w.on('error', (err) => gone(`提取文字的线程出错：${err.message}`.slice(0, 300)));
    w.on('exit', () => gone('提取文字的线程已停止'));
    return w;
  }

  private settle(id: number, reply: Reply | null, why: string) {
    const w = this.waiting.get(id);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(id);
    w.answer(reply, why);
    if (!this.waiting.size && this.worker) {
      clearTimeout(this.idle);
      this.idle = setTimeout(() => void this.stop(), IDLE_MS);
      this.idle.unref();
    }
  }

  /** Extracts the text of a stored file. Never throws. */
  async extract(path: string, mime: string, filename: string): Promise<Extracted> {
    if (this.inProcess) return extractFile(path, mime, filename);
    return new Promise<Extracted>((resolve) => {
      const answer: Answer = (m, why) => resolve(m && 'text' in m ? (m.error ? { text: m.text, error: m.error } : { text: m.text }) : { text: '', error: why });
      if (!this.send((id) => ({ id, path, mime, filename }), answer, (why) => `提取超时（${why}）`)) resolve(extractFile(path, mime, filename));
    });
  }

  /**
   * Runs `fn`, exported by the module at `module` (pass the caller's import.meta.url), with `args` in the
   * worker thread and resolves with its (structured-cloned) result; rejects with its error, or when the
   * worker stops or the hard timeout passes. Where no worker thread can run, it runs in this thread.
   */
  async call<T>(module: string, fn: string, args: unknown[]): Promise<T> {
    const job = (id: number): CallJob => ({ id, call: { module, fn, args } });
    const unwrap = (m: Reply): T => {
      if ('callError' in m) throw new Error(m.callError);
      return (m as { value: T }).value;
    };
    if (this.inProcess) return unwrap(await runCall(job(0)));
    return new Promise<T>((resolve, reject) => {
      const answer: Answer = (m, why) => {
        if (!m) return reject(new Error(why));
        try {
          resolve(unwrap(m));
        } catch (err) {
          reject(err);
        }
      };
      if (!this.send(job, answer, (why) => `处理超时（${why}）`)) void runCall(job(0)).then((m) => answer(m, ''));
    });
  }

  /** Posts a job to the worker (started if needed); false when no worker can be started (run it here). */
  private send(make: (id: number) => Job, answer: Answer, timeoutMessage: (limit: string) => string): boolean {
    clearTimeout(this.idle);
    if (!this.worker) {
      try {
        this.worker = this.start();
      } catch {
        this.inProcess = true;
        return false;
      }
    }
    const w = this.worker;
    const id = ++this.seq;
    const limit = this.opts.hardTimeoutMs ?? HARD_TIMEOUT_MS;
    const timer = setTimeout(() => {
      this.settle(id, null, timeoutMessage(`${Math.round(limit / 1000)} 秒`));
      if (this.worker === w) {
        this.worker = null;
        void w.terminate();
      }
    }, limit);
    timer.unref();
    const job = make(id);
    this.waiting.set(id, { answer, timer, job });
    w.postMessage(job);
    return true;
  }

  async stop(): Promise<void> {
    clearTimeout(this.idle);
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.waiting.keys()]) this.settle(id, null, '提取文字的线程已停止');
    if (w) await w.terminate();
  }
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[MARK]) {
  const port = parentPort;
  port.on('message', (m: Job) => {
    void runHere(m).then((r) => port.postMessage(r));
  });
}
