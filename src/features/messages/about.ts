// What a message may be about: a document (read here through documents' public.ts), or anything another
// feature offers through this feature's extension point 'messages.about' (a consultation, a key task):
// the reference is stored as (kind, id) and shown as a link only while the thing is public.
import type { Db } from '../../platform/db/index.ts';
import { isStoredId } from '../../platform/db/index.ts';
import { contributions } from '../../platform/modules.ts';
import { documentUrl, publicOnly } from '../documents/public.ts';

const ABOUT_POINT = 'messages.about';

/** Offered by a feature whose records a message may be about. */
export interface MessageAbout {
  /** Stored kind, e.g. 'consultation', 'task' (letters, digits and '-'). */
  kind: string;
  /** What it is called, e.g. 征求意见, 重点任务. */
  label: string;
  /** The public record's title and address, or null when it does not exist or is not public. */
  find(db: Db, id: number): Promise<{ title: string; url: string } | null>;
}

const documents: MessageAbout = {
  kind: 'document',
  label: '政府文件',
  async find(db, id) {
    const d = await publicOnly(db.selectFrom('documents').select(['documents.id', 'documents.title']).where('documents.id', '=', id)).executeTakeFirst();
    return d ? { title: d.title, url: documentUrl(d.id) } : null;
  },
};

function aboutKinds(): MessageAbout[] {
  return [documents, ...contributions<MessageAbout>(ABOUT_POINT)];
}

/** Parses 'kind:id' (form) or { kind, id } (API). */
export function parseAbout(v: unknown): { kind: string; id: number } | null | 'bad' {
  if (v === undefined || v === null || v === '') return null;
  let kind = '';
  let id = NaN;
  if (typeof v === 'string') {
    const m = /^([a-z][a-z0-9-]{0,30}):(\d{1,10})$/.exec(v.trim());
    if (!m) return 'bad';
    kind = m[1]!;
    id = Number(m[2]);
  } else if (typeof v === 'object') {
    kind = String((v as { kind?: unknown }).kind ?? '');
    id = Number((v as { id?: unknown }).id);
  }
  return isStoredId(id) && /^[a-z][a-z0-9-]{0,30}$/.test(kind) ? { kind, id } : 'bad';
}

/** The public subject of a message, or null. */
export async function resolveAbout(db: Db, kind: string | null, id: number | null): Promise<{ kind: string; label: string; title: string; url: string } | null> {
  if (!kind || !id) return null;
  const k = aboutKinds().find((a) => a.kind === kind);
  if (!k) return null;
  const r = await k.find(db, id);
  return r ? { kind, label: k.label, ...r } : null;
}
