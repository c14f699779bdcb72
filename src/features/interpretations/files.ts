// Who uses an uploaded file of 政策解读, so /zcjd/files/<sha256> knows its type and whether the public may
// read it (documents' one visibility rule, isPublic, on the interpretation or the meeting's policy); and the
// byte range a player asks for (pure).
import type { Db } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { isPublic } from '../documents/public.ts';
import type { MeetingPhoto } from './forms.ts';

export interface FileUse {
  mime: string;
  /** Some public interpretation or public policy's meeting shows it. */
  isPublic: boolean;
  /** The units of the documents that use it (staff of these may see it before publication). */
  unitIds: number[];
}

export async function fileUse(db: Db, sha256: string): Promise<FileUse | null> {
  const [media, meetings] = await Promise.all([
    db
      .selectFrom('interpretation_media')
      .innerJoin('documents', 'documents.id', 'interpretation_media.interpretation_id')
      .select(['interpretation_media.mime', 'documents.unit_id', 'documents.status', 'documents.disclosure', 'documents.published_at'])
      .where('interpretation_media.sha256', '=', sha256)
      .execute(),
    db
      .selectFrom('interpretation_meetings')
      .innerJoin('documents', 'documents.id', 'interpretation_meetings.policy_id')
      .select(['interpretation_meetings.photos', 'documents.unit_id', 'documents.status', 'documents.disclosure', 'documents.published_at'])
      .where('interpretation_meetings.photos', 'like', `%${sha256}%`)
      .execute(),
  ]);
  const uses: { mime: string; unitId: number; isPublic: boolean }[] = [];
  for (const m of media) if (m.mime) uses.push({ mime: m.mime, unitId: m.unit_id, isPublic: isPublic(m) });
  for (const m of meetings) {
    const photo = parseJson<MeetingPhoto[]>(m.photos, []).find((p) => p.sha256 === sha256 && p.mime);
    if (photo) uses.push({ mime: photo.mime!, unitId: m.unit_id, isPublic: isPublic(m) });
  }
  if (!uses.length) return null;
  return { mime: uses[0]!.mime, isPublic: uses.some((u) => u.isPublic), unitIds: [...new Set(uses.map((u) => u.unitId))] };
}

/** A single `bytes=` range of a file of `size` bytes: null (none asked, or several: the whole file), 'invalid' (416). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    // The last N bytes.
    const n = Number(b);
    if (n === 0) return 'invalid';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}
