// 发布前把关: the check pii contributes to documents' extension point 'documents.publishChecks'. On submit and
// again on publish, a document with a blocking finding not covered by a resolution is refused (409
// PII_FOUND with the findings). Resolutions: a reviewer confirmed an attachment that could not be scanned;
// or an override (惩戒公示 / 依法应当公开, with a reason) proposed by one reviewer and confirmed by a second.
// A resolution covers the findings it was made for (by key): a new or changed finding blocks again.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { FileStore } from '../../platform/files/index.ts';
import { loadConfig } from '../../config.ts';
import { scanDocument, scanStoredFile, describe, type DocFinding, type ScannableDocument } from './scan.ts';
import { TYPE_LABELS } from './detect.ts';

/** The file store of the app running on a database (set by the manifest's routes); else DATA_DIR. */
const stores = new WeakMap<object, FileStore>();
let fallback: FileStore | undefined;

export function useFileStore(db: Db, files: FileStore): void {
  stores.set(db, files);
}

export function fileStoreFor(db: Db): FileStore {
  const s = stores.get(db);
  if (s) return s;
  fallback ??= new FileStore(loadConfig().dataDir);
  return fallback;
}

/** Blocking findings of a document that no resolution covers. */
export async function unresolvedFindings(db: DbOrTrx, files: FileStore, doc: ScannableDocument): Promise<{ all: DocFinding[]; open: DocFinding[] }> {
  const all = await scanDocument(db, files, doc);
  const blocking = all.filter((f) => f.severity === 'block');
  if (!blocking.length) return { all, open: [] };
  const covered = await coveredKeys(db, doc.id);
  return { all, open: blocking.filter((f) => !covered.has(f.key)) };
}

export async function coveredKeys(db: DbOrTrx, documentId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('pii_resolutions').select(['kind', 'keys', 'confirmed_by', 'confirmed_at']).where('document_id', '=', documentId).execute();
  const covered = new Set<string>();
  for (const r of rows) {
    if (r.kind === 'confirm' || (r.kind === 'override' && r.confirmed_at)) for (const k of parseJson<string[]>(r.keys, [])) covered.add(k);
  }
  return covered;
}

/** The public form of a finding (API bodies): no keys, no hashes. */
function publicFinding(f: DocFinding) {
  return { type: f.type, field: f.field, location: f.location, start: f.start, end: f.end, masked: f.masked };
}

function refusal(documentId: number, open: DocFinding[], stage: 'submit' | 'publish'): AppError {
  const counts = new Map<string, number>();
  for (const f of open) counts.set(TYPE_LABELS[f.type], (counts.get(TYPE_LABELS[f.type]) ?? 0) + 1);
  const summary = [...counts].map(([t, n]) => `${t} ${n} 处`).join('、');
  const shown = open.slice(0, 5).map(describe).join('；');
  const more = open.length > 5 ? `；等共 ${open.length} 处` : '';
  const message =
    `发现未处理的个人信息（${summary}），不能${stage === 'submit' ? '提交审核' : '发布'}：${shown}${more}。` +
    `请在“个人信息检查”页面（/admin/pii/documents/${documentId}）查看，由审核人员一键遮蔽；惩戒公示或依法应当公开的，由两名审核人员办理例外。`;
  return new AppError('PII_FOUND', message, undefined, { findings: open.map(publicFinding) });
}

/** The check contributed to 'documents.publishChecks' (runs inside documents' transaction). */
export async function piiPublishCheck(c: { trx: DbOrTrx; db: Db; row: ScannableDocument; stage: 'submit' | 'publish' }): Promise<AppError | null> {
  const { open } = await unresolvedFindings(c.trx, fileStoreFor(c.db), c.row);
  return open.length ? refusal(c.row.id, open, c.stage) : null;
}

/**
 * After a document changed (documents' event, after commit): scans its attachments not scanned yet, in the
 * background, so that submit and publish — which scan inside their transaction — find the results cached.
 * Not awaited: an upload is answered when the file is stored, not when it has been scanned.
 */
export async function prescanAttachments(db: Db, payload: { ids?: number[] }): Promise<void> {
  const ids = (payload?.ids ?? []).filter((n) => Number.isSafeInteger(n) && n > 0);
  if (!ids.length) return;
  setImmediate(() => {
    void (async () => {
      const atts = await db
        .selectFrom('attachments')
        .leftJoin('pii_file_scans', 'pii_file_scans.sha256', 'attachments.sha256')
        .select(['attachments.sha256', 'attachments.filename', 'attachments.mime'])
        .where('attachments.document_id', 'in', ids)
        .where('pii_file_scans.sha256', 'is', null)
        .execute();
      for (const a of atts) await scanStoredFile(db, fileStoreFor(db), a);
    })().catch(() => {});
  });
}
