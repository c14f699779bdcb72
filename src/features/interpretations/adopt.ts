// `gongkai interpretations adopt`: documents of 体裁“解读” published before this feature existed are plain
// documents. Each one that names its policy — by 文号 (宿城政办发〔2020〕12号) or by 《title》 — becomes an
// interpretation linked to that policy, in one transaction with an audit row; the others are listed for staff
// to link by hand (a guess would put a wrong interpretation under a policy). Idempotent: adopted documents
// are interpretations and are not looked at again.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { normalizeDocNoForSearch } from '../documents/public.ts';
import { GENRE } from './commands.ts';
import { htmlToText } from '../../platform/text.ts';

/** The 文号 and 《titles》 a text names (pure). */
export function namedPolicies(text: string): { docNos: string[]; titles: string[] } {
  const plain = htmlToText(text);
  // The issuer's characters run into the words before it (根据宿城政办发〔2021〕3号): common lead words are
  // dropped here, and the lookup tries ever shorter issuers (docNoKeys).
  const docNos = [...plain.matchAll(/[\u4e00-\u9fa5A-Za-z]{2,16}\s*[〔［\[【(（]\s*\d{4}\s*[〕］\]】)）]\s*第?\s*\d{1,5}\s*号/g)].map((m) =>
    m[0].replace(/\s+/g, '').replace(/^(?:根据|依据|按照|依照|贯彻|落实|印发|关于|对|和|及|与|的)+/, ''),
  );
  const titles = [...plain.matchAll(/《([^《》]{2,200})》/g)].map((m) => m[1]!.trim());
  return { docNos: [...new Set(docNos)], titles: [...new Set(titles)] };
}

/** The lookup keys of a 文号 found in text: its issuer shortened one leading character at a time (at least 2). */
export function docNoKeys(docNo: string): string[] {
  const at = docNo.search(/[〔［\[【(（]/);
  const keys: string[] = [];
  for (let i = 0; at - i >= 2; i++) {
    const key = normalizeDocNoForSearch(docNo.slice(i));
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

export interface AdoptResult {
  adopted: { id: number; title: string; policyIds: number[] }[];
  /** Not adopted: no policy named, or a name matching none or several documents. */
  unresolved: { id: number; title: string; reason: string }[];
}

export async function adoptInterpretations(db: Db, opts: { dryRun?: boolean } = {}): Promise<AdoptResult> {
  const actor = systemActor('命令行：interpretations adopt');
  const candidates = await db
    .selectFrom('documents')
    .leftJoin('interpretations', 'interpretations.document_id', 'documents.id')
    .select(['documents.id', 'documents.title', 'documents.summary', 'documents.body', 'documents.unit_id'])
    .where('documents.genre', '=', GENRE)
    .where('interpretations.document_id', 'is', null)
    .orderBy('documents.id')
    .execute();
  const result: AdoptResult = { adopted: [], unresolved: [] };
  for (const c of candidates) {
    const named = namedPolicies(`${c.title}\n${c.summary}\n${c.body}`);
    const found = new Set<number>();
    const problems: string[] = [];
    // Only documents that are not themselves interpretations (or of 体裁 解读) and not this one.
    const base = () => db.selectFrom('documents').leftJoin('interpretations', 'interpretations.document_id', 'documents.id').select('documents.id');
    const policies = (q: ReturnType<typeof base>) => q.where('documents.id', '<>', c.id).where('documents.genre', '<>', GENRE).where('interpretations.document_id', 'is', null);
    for (const no of named.docNos) {
      let rows: { id: number }[] = [];
      for (const key of docNoKeys(no)) {
        rows = await policies(base()).where('documents.doc_no_key', '=', key).execute();
        if (rows.length) break;
      }
      if (rows.length === 1) found.add(rows[0]!.id);
      else problems.push(rows.length ? `文号 ${no} 对应 ${rows.length} 份文件` : `找不到文号为 ${no} 的文件`);
    }
    for (const title of named.titles) {
      const rows = await policies(base()).where('documents.title', '=', title).execute();
      if (rows.length === 1) found.add(rows[0]!.id);
      else if (rows.length > 1) problems.push(`标题为《${title}》的文件有 ${rows.length} 份`);
      // A 《title》 matching nothing is usually a law or a book the text cites, not a reason to hold back.
    }
    if (!found.size) {
      const reason = problems.length ? problems.join('；') : named.docNos.length || named.titles.length ? '所提到的文号、标题都不是本平台的文件' : '没有提到所解读政策的文号或《标题》';
      result.unresolved.push({ id: c.id, title: c.title, reason });
      continue;
    }
    const policyIds = [...found].sort((a, b) => a - b);
    result.adopted.push({ id: c.id, title: c.title, policyIds });
    if (opts.dryRun) continue;
    await db.transaction().execute(async (trx) => {
      // Checked again inside: a parallel run (or the console) may have adopted it meanwhile.
      if (await trx.selectFrom('interpretations').select('document_id').where('document_id', '=', c.id).executeTakeFirst()) return;
      const now = nowIso();
      await trx.insertInto('interpretations').values({ document_id: c.id, created_at: now }).execute();
      for (const p of policyIds) await trx.insertInto('interpretation_links').values({ interpretation_id: c.id, policy_id: p, created_at: now }).execute();
      await audit(trx, actor, { action: 'interpretation.adopt', entity: 'document', entityId: c.id, unitId: c.unit_id, after: { policyIds, named } });
      await emit(trx, db, 'document.changed', { ids: [c.id, ...policyIds] });
    });
  }
  return result;
}
