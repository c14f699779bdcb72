// The other direction of an item's document links (extension point 'documents.pageSections'): a public
// document's page names the public catalog items it fulfils, with their 公开时限, and links to them in /bzml.
import type { VNode } from 'preact';
import type { Db } from '../../platform/db/index.ts';
import { qs } from '../../platform/views/layout.tsx';
import { perPublicVersion } from '../../platform/http/public-memo.ts';
import { recordsLinkedTo } from '../registers/public.ts';
import { CATALOG_REGISTER } from './register.ts';
import { documentsLinkedToItems, publicItemsByIds } from './repository.ts';

/** The documents linked to a catalog item (one set per public version): a page of any other document needs no query. */
const linkedDocuments = perPublicVersion((db) => documentsLinkedToItems(db));

export async function catalogDocumentSection({ db, doc }: { db: Db; doc: { id: number } }): Promise<VNode | null> {
  if (!(await linkedDocuments(db)).has(doc.id)) return null;
  const links = await recordsLinkedTo(db, CATALOG_REGISTER.name, [doc.id]);
  const items = await publicItemsByIds(db, [...new Set(links.map((l) => l.recordId))]);
  if (!items.length) return null;
  return (
    <section aria-labelledby="h-catalog" style="margin-top: 1.5em; border-top: 1px solid #ccc; padding-top: .5em">
      <h2 id="h-catalog">政务公开事项标准目录</h2>
      <p>本文件是以下公开事项的履行文件：</p>
      <ul>
        {items.map((i) => (
          <li>
            <a href={`/bzml${qs({ year: i.year, unit: i.unit_id })}#item-${i.id}`}>
              {i.unitName} {i.year} 年目录 · {i.areaName} · {i.level1}
              {i.level2 ? ` · ${i.level2}` : ''}
            </a>
            （公开时限：{i.time_limit}）
          </li>
        ))}
      </ul>
    </section>
  );
}
