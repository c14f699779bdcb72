// Removes stored blobs that no `files` row knows: the parts of a multi-file upload that was refused after
// some files were already written (the transaction that would have recorded them never committed), and
// leftovers in DATA_DIR/tmp (a staged upload whose row committed is moved into place instead). A grace
// period keeps the blob of an upload whose transaction is still running. `files` rows themselves are kept (detached attachments stay part of a document's history).
// Run by `npx gongkai files sweep` and daily by the server.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import { STAGED_NAME, type FileStore } from './index.ts';

export interface SweepResult {
  scanned: number;
  removed: number;
  bytes: number;
  tmpRemoved: number;
  /** Staged uploads whose row committed but that were not yet moved into place. */
  recovered: number;
}

const BATCH = 500;

export async function sweepOrphanFiles(db: Db, store: FileStore, opts: { graceMs?: number; now?: number } = {}): Promise<SweepResult> {
  const graceMs = opts.graceMs ?? 3600_000;
  const cutoff = (opts.now ?? Date.now()) - graceMs;
  const result: SweepResult = { scanned: 0, removed: 0, bytes: 0, tmpRemoved: 0, recovered: 0 };
  let batch: { sha: string; file: string; size: number }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const known = new Set((await db.selectFrom('files').select('sha256').where('sha256', 'in', batch.map((b) => b.sha)).execute()).map((r) => r.sha256));
    for (const b of batch) {
      if (known.has(b.sha)) continue;
      // Checked again just before removal: an upload may have recorded it meanwhile.
      const again = await db.selectFrom('files').select('sha256').where('sha256', '=', b.sha).executeTakeFirst();
      if (again) continue;
      await fsp.rm(b.file, { force: true });
      result.removed++;
      result.bytes += b.size;
    }
    batch = [];
  };
  for (const a of await dirs(store.root)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of await dirs(path.join(store.root, a))) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      const dir = path.join(store.root, a, b);
      for (const name of await dirs(dir)) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const file = path.join(dir, name);
        const st = await fsp.stat(file).catch(() => null);
        if (!st || !st.isFile()) continue;
        result.scanned++;
        if (st.mtimeMs > cutoff) continue;
        batch.push({ sha: name, file, size: st.size });
        if (batch.length >= BATCH) await flush();
      }
    }
  }
  await flush();
  // The temporary area: uploads being written or staged for a transaction (kept for the grace period);
  // older ones are refused uploads, removed — except a staged file whose row did commit (the process
  // stopped between the commit and the move), which is moved into place.
  const tmp = path.join(store.root, 'tmp');
  for (const name of await dirs(tmp)) {
    const file = path.join(tmp, name);
    const st = await fsp.stat(file).catch(() => null);
    if (!st || !st.isFile() || st.mtimeMs >= cutoff) continue;
    const staged = STAGED_NAME.exec(name);
    if (staged && (await db.selectFrom('files').select('sha256').where('sha256', '=', staged[1]).executeTakeFirst())) {
      await store.moveIntoPlace(staged[1], file);
      result.recovered++;
      continue;
    }
    await fsp.rm(file, { force: true });
    result.tmpRemoved++;
  }
  return result;
}

async function dirs(p: string): Promise<string[]> {
  try {
    return await fsp.readdir(p);
  } catch {
    return [];
  }
}
