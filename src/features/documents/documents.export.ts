// Export of published documents with the same camelCase fields as the API and the import files,
// paged by id so memory stays flat.
import type { Writable } from 'node:stream';
import type { Db } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { publicOnly } from './access.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';

const EXPORT_FIELDS = [
  'indexNo', 'title', 'docNo', 'unit', 'topic', 'genre', 'kind', 'column', 'art20', 'publisher', 'writtenOn', 'formedOn',
  'publishedAt', 'keywords', 'summary', 'body', 'validity', 'validityOn', 'validityReason', 'disclosure',
] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => (stream.write(text) ? resolve() : stream.once('drain', resolve)));
}

export async function exportDocuments(db: Db, stream: Writable, opts: { format: 'jsonl' | 'csv'; unit?: string; batch?: number }): Promise<number> {
  const tree = await loadUnitTree(db);
  const unitIds = opts.unit ? [...tree.subtree(tree.byCode.get(opts.unit)?.id ?? -1)] : undefined;
  if (opts.format === 'csv') await write(stream, '\ufeff' + EXPORT_FIELDS.join(',') + '\n');
  let lastId = 0;
  let n = 0;
  for (;;) {
    let q = publicOnly(db.selectFrom('documents').innerJoin('units', 'units.id', 'documents.unit_id'))
      .selectAll('documents')
      .select('units.code as unit_code')
      .where('documents.id', '>', lastId)
      .orderBy('documents.id')
      .limit(opts.batch ?? 500);
    if (unitIds) q = q.where('documents.unit_id', 'in', unitIds.length ? unitIds : [-1]);
    const rows = await q.execute();
    if (!rows.length) break;
    for (const r of rows) {
      const rec: Record<string, unknown> = {
        indexNo: r.index_no, title: r.title, docNo: r.doc_no, unit: r.unit_code, topic: r.topic, genre: r.genre, kind: r.kind,
        column: r.column_code, art20: r.art20, publisher: r.publisher, writtenOn: r.written_on, formedOn: r.formed_on,
        publishedAt: r.published_at, keywords: parseJson<string[]>(r.keywords, []), summary: r.summary, body: r.body,
        validity: r.validity, validityOn: r.validity_on, validityReason: r.validity_reason, disclosure: r.disclosure,
      };
      await write(stream, opts.format === 'csv' ? EXPORT_FIELDS.map((f) => csvCell(rec[f])).join(',') + '\n' : JSON.stringify(rec) + '\n');
      n++;
    }
    lastId = rows[rows.length - 1].id;
  }
  return n;
}
