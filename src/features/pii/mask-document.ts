// 一键遮蔽 (reviewer): masks a document's title, summary and body and writes a masked copy of each attachment
// in its own format (XLSX, CSV, DOCX; names in a recognised name column become 张*明), stored as a new
// version of the document with an audit row, in one transaction. Every masked copy is scanned again before
// anything is written: a copy that still holds a blocking finding is not used. A PDF (or any file we cannot
// rewrite) cannot be masked in place: it is reported, and the gate keeps blocking until it is replaced.
import fsp from 'node:fs/promises';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { readXlsx, writeXlsx, type Sheet } from '../../platform/files/xlsx.ts';
import { DEFAULT_ZIP_LIMITS, readZip } from '../../platform/files/zip.ts';
import { recordFile, type FileStore } from '../../platform/files/index.ts';
import { decodeText } from '../search/public.ts';
import { detect } from './detect.ts';
import { maskNameCell, maskText, nameColumns } from './mask.ts';
import { fileKind, parseCsv, scanFile } from './scan.ts';

/** Masks the text of one string (blocking findings only). */
const maskPlain = (s: string): string => maskText(s, detect(s));

/** Masks the text between the tags of sanitised HTML (tags and attributes untouched). */
function maskHtml(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : maskPlain(part)))
    .join('');
}

function maskRows(rows: string[][]): string[][] {
  const names = nameColumns(rows);
  return rows.map((row, r) =>
    row.map((cell, c) => {
      let v = maskPlain(cell);
      if (names && r > names.headerRow && names.cols.includes(c)) v = maskNameCell(v);
      return v;
    }),
  );
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A masked copy of a file in its own format, or why there is none. */
async function maskFile(bytes: Buffer, filename: string, mime: string): Promise<{ bytes: Buffer } | { error: string }> {
  const kind = fileKind(filename, mime);
  try {
    switch (kind) {
      case 'csv': {
        const sep = /\.tsv$/i.test(filename) ? '\t' : ',';
        const rows = maskRows(parseCsv(decodeText(bytes), sep));
        const text = rows.map((r) => r.map(sep === ',' ? csvCell : (s) => s).join(sep)).join('\r\n') + '\r\n';
        return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) };
      }
      case 'xlsx': {
        const sheets: Sheet[] = readXlsx(bytes).map((s, i) => ({ name: `工作表${/sheet(\d+)\.xml$/.exec(s.part)?.[1] ?? i + 1}`, rows: maskRows(s.rows), merges: [] }));
        return { bytes: Buffer.from(writeXlsx(sheets)) };
      }
      case 'docx': {
        // Bounded read first (zip bombs), then rewrite the text runs of the document, headers and footers.
        readZip(bytes, (n) => /^word\/.+\.xml$/.test(n), DEFAULT_ZIP_LIMITS);
        const files = unzipSync(bytes);
        for (const name of Object.keys(files)) {
          if (!/^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(name)) continue;
          const xml = strFromU8(files[name]!);
          files[name] = strToU8(xml.replace(/(<w:t(?:\s[^>]*)?>)([^<]*)(<\/w:t>)/g, (_m, open: string, text: string, close: string) => open + maskPlain(text) + close));
        }
        return { bytes: Buffer.from(zipSync(files)) };
      }
      case 'pdf':
        return { error: 'PDF 文件不能就地遮蔽，请用遮蔽后的文件替换该附件' };
      case 'text':
        return { bytes: Buffer.from(maskPlain(decodeText(bytes)), 'utf8') };
      default:
        return { error: '此类文件不能自动遮蔽，请人工处理后替换该附件' };
    }
  } catch (err) {
    return { error: `无法遮蔽：${String((err as Error)?.message ?? err)}`.slice(0, 300) };
  }
}

export interface MaskOutcome {
  fields: string[];
  masked: { filename: string }[];
  notMasked: { filename: string; reason: string }[];
}

/** 一键遮蔽 on document `id`: one new version, one audit row; nothing is written when nothing changes. */
export async function maskDocument(db: Db, files: FileStore, actor: Actor, id: number): Promise<Result<MaskOutcome>> {
  const row = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'document.read', row.unit_id)) return fail('NOT_FOUND', '文件不存在。');
  if (!can(actor, 'pii.review', row.unit_id)) return fail('FORBIDDEN', '只有审核人员可以遮蔽文件中的个人信息。');
  if (row.status === 'published' || row.status === 'withdrawn') return fail('INVALID_TRANSITION', '已发布或已撤稿的文件不能在此遮蔽，请撤稿后重新起草。');
  const patch = { title: maskPlain(row.title), summary: maskPlain(row.summary), body: maskHtml(row.body) };
  const fields = (['title', 'summary', 'body'] as const).filter((k) => patch[k] !== row[k]);
  const atts = await db.selectFrom('attachments').selectAll().where('document_id', '=', id).orderBy('position').execute();
  const replace: { old: (typeof atts)[number]; sha256: string; size: number }[] = [];
  const outcome: MaskOutcome = { fields, masked: [], notMasked: [] };
  for (const a of atts) {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(files.pathOf(a.sha256));
    } catch {
      outcome.notMasked.push({ filename: a.filename, reason: '附件文件不存在' });
      continue;
    }
    const before = await scanFile(bytes, a.filename, a.mime);
    if (!before.error && !before.findings.some((f) => f.severity === 'block')) continue;
    const m = await maskFile(bytes, a.filename, a.mime);
    if ('error' in m) {
      outcome.notMasked.push({ filename: a.filename, reason: m.error });
      continue;
    }
    // Nothing half-masked: the copy is scanned again and used only when nothing blocking is left.
    const after = await scanFile(m.bytes, a.filename, a.mime);
    if (after.error || after.findings.some((f) => f.severity === 'block')) {
      outcome.notMasked.push({ filename: a.filename, reason: '遮蔽后仍检出个人信息（如号码被拆在不同格式的文字中），请人工处理后替换该附件' });
      continue;
    }
    const stored = await files.putBuffer(m.bytes);
    replace.push({ old: a, ...stored });
    outcome.masked.push({ filename: a.filename });
  }
  if (!fields.length && !replace.length) return ok(outcome);
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const byId = actorId(actor);
    const updated = await trx
      .updateTable('documents')
      .set({ ...patch, version: row.version + 1, updated_at: now, updated_by: byId })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new Error('文件刚被修改，请刷新页面后重试');
    for (const r of replace) {
      await recordFile(trx, r, now);
      await trx.deleteFrom('attachments').where('id', '=', r.old.id).execute();
      await trx
        .insertInto('attachments')
        .values({ document_id: id, sha256: r.sha256, filename: r.old.filename, mime: r.old.mime, size: r.size, position: r.old.position, created_at: now, text_status: 'pending' })
        .execute();
    }
    await trx.insertInto('document_versions').values({ document_id: id, version: updated.version, action: 'mask', snapshot: json(updated), actor_id: byId, actor_name: actor.displayName, at: now }).execute();
    await audit(trx, actor, {
      action: 'pii.mask',
      entity: 'document',
      entityId: id,
      unitId: row.unit_id,
      before: { fields, attachments: replace.map((r) => ({ filename: r.old.filename, sha256: r.old.sha256 })) },
      after: { attachments: replace.map((r) => ({ filename: r.old.filename, sha256: r.sha256 })), notMasked: outcome.notMasked },
    });
    await emit(trx, db, 'document.changed', { ids: [id] });
  });
  return ok(outcome);
}
