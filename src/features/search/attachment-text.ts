// Attachment text for search, off the request path. An upload stores the file and its attachment row with
// text_status 'pending' (migration 0018) and is answered at once; this queue then extracts the text in a
// worker thread (extract-worker.ts) and, in one transaction, writes search_attachment_text, marks the row
// 'done' (or 'failed'), updates the document's search index and writes an audit row.
//
// Nothing is lost when the process stops: pending rows are taken up at start and by a sweep every minute.
// Several app nodes on one database: a node claims a row with a lease (text_lease) before extracting, so
// two nodes do not extract the same file; a lease that runs out (its node stopped) frees the row again.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { writeAttachmentText, type Extracted } from './extract.ts';
import { ExtractWorker, HARD_TIMEOUT_MS } from './extract-worker.ts';
import { segmentAttachmentAhead, syncDocumentIndex } from './engine.ts';

declare module 'fastify' {
  interface FastifyInstance {
    attachmentText: AttachmentTextQueue;
    /** The app's thread for CPU-heavy reading of uploads (attachment text; call() for other features). */
    fileWorker: Pick<ExtractWorker, 'call'>;
  }
}

/** How long a claim holds: longer than the worker's hard timeout plus the write. */
const LEASE_MS = HARD_TIMEOUT_MS + 60_000;
const SWEEP_MS = 60_000;
const SWEEP_BATCH = 50;

type Extractor = (path: string, mime: string, filename: string) => Promise<Extracted>;

class AttachmentTextQueue {
  private readonly queue: number[] = [];
  private readonly queued = new Set<number>();
  private running: Promise<void> | null = null;
  private paused = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly sweeping = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly extractor: Extractor,
    private readonly log: { error: (obj: object, msg: string) => void } = { error: () => {} },
  ) {}

  /** Starts the periodic sweep and takes up what is pending (a previous run may have stopped midway). */
  start(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
    void this.sweep();
  }

  /** Queues the pending attachments whose lease is free (all of them, or those of one document). */
  sweep(documentId?: number): Promise<void> {
    const p = this.findPending(documentId).finally(() => this.sweeping.delete(p));
    this.sweeping.add(p);
    return p;
  }

  private async findPending(documentId?: number): Promise<void> {
    if (this.closed) return;
    try {
      let q = this.db
        .selectFrom('attachments')
        .select('id')
        .where('text_status', '=', 'pending')
        .where((eb) => eb.or([eb('text_lease', 'is', null), eb('text_lease', '<', nowIso())]));
      if (documentId !== undefined) q = q.where('document_id', '=', documentId);
      const rows = await q.orderBy('id').limit(SWEEP_BATCH).execute();
      this.enqueue(rows.map((r) => r.id));
    } catch (err) {
      if (!this.closed) this.log.error({ err }, '查找待提取文字的附件失败');
    }
  }

  enqueue(ids: number[]): void {
    for (const id of ids) {
      if (this.queued.has(id)) continue;
      this.queued.add(id);
      this.queue.push(id);
    }
    this.pump();
  }

  /** For tests: hold the queue (jobs wait) / let it go on. */
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Resolves when no sweep is under way, the queue is empty and nothing runs (or the queue is paused). */
  async whenIdle(): Promise<void> {
    while (this.sweeping.size) await Promise.all([...this.sweeping]);
    if (!this.running && (!this.queue.length || this.paused || this.closed)) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.queue.length = 0;
    this.queued.clear();
    await this.running;
    this.wakeIdle();
  }

  private wakeIdle() {
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  private pump(): void {
    if (this.running || this.paused || this.closed) return;
    const id = this.queue.shift();
    if (id === undefined) {
      this.wakeIdle();
      return;
    }
    this.running = this.process(id)
      .catch((err) => {
        if (!this.closed) this.log.error({ err, attachmentId: id }, '附件文字提取失败');
      })
      .finally(() => {
        this.queued.delete(id);
        this.running = null;
        this.pump();
      });
  }

  /** Claims, extracts (outside any transaction) and stores the text of one attachment. */
  private async process(id: number): Promise<void> {
    const now = nowIso();
    // technical time: a worker lease
    const lease = new Date(Date.now() + LEASE_MS).toISOString();
    const att = await this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('attachments')
        .set({ text_lease: lease })
        .where('id', '=', id)
        .where('text_status', '=', 'pending')
        .where((eb) => eb.or([eb('text_lease', 'is', null), eb('text_lease', '<', now)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return undefined;
      return trx.selectFrom('attachments').select(['id', 'document_id', 'sha256', 'mime', 'filename']).where('id', '=', id).executeTakeFirst();
    });
    if (!att) return; // done already, deleted, or another node holds it

    const r = this.files.exists(att.sha256)
      ? await this.extractor(this.files.pathOf(att.sha256), att.mime, att.filename)
      : { text: '', error: '附件文件不存在' };
    if (this.closed && r.error) {
      // Stopped midway: leave the row pending for the next start (or another node).
      await this.db.updateTable('attachments').set({ text_lease: null }).where('id', '=', id).where('text_lease', '=', lease).execute().catch(() => {});
      return;
    }
    const status = r.error && !r.text ? 'failed' : 'done';
    // A long text is segmented for the index here, in a worker thread, before the transaction below writes
    // it on the event loop (seconds of jieba for a large file would hold up every other request).
    if (r.text) await segmentAttachmentAhead(this.db, att.filename, r.text);
    await this.db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('attachments').select(['id', 'document_id']).where('id', '=', id).where('text_status', '=', 'pending').where('text_lease', '=', lease);
      if (isPostgres(trx as any)) q = q.forUpdate();
      const still = await q.executeTakeFirst();
      if (!still) return; // deleted meanwhile, or the lease ran out and another node took over
      const doc = await trx.selectFrom('documents').select(['id', 'unit_id']).where('id', '=', still.document_id).executeTakeFirst();
      await writeAttachmentText(trx, id, still.document_id, r.text);
      await trx.updateTable('attachments').set({ text_status: status, text_lease: null }).where('id', '=', id).execute();
      await syncDocumentIndex(trx, still.document_id);
      await audit(trx, systemActor('附件文字提取'), {
        action: 'document.attachment-text',
        entity: 'document',
        entityId: still.document_id,
        unitId: doc?.unit_id ?? null,
        after: { attachmentId: id, filename: att.filename, status, chars: r.text.length, ...(r.error ? { error: r.error } : {}) },
      });
    });
  }
}

/**
 * Registers app.attachmentText: started when the app is ready, stopped (with its worker) on close; and
 * app.fileWorker, the same worker thread, for other reading of uploads off the event loop.
 */
export const attachmentTextPlugin = fp(
  async function attachmentText(app: FastifyInstance) {
    const worker = new ExtractWorker();
    const queue = new AttachmentTextQueue(app.db, app.files, (p, m, f) => worker.extract(p, m, f), app.log);
    app.decorate('attachmentText', queue);
    app.decorate('fileWorker', worker);
    app.addHook('onReady', async () => queue.start());
    app.addHook('onClose', async () => {
      const closing = queue.close();
      await worker.stop();
      await closing;
    });
  },
  { name: 'attachment-text' },
);
