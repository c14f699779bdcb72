// The other direction of the link between a consultation and its final decision (extension point
// 'documents.pageSections'): the decision document's public page names the consultation on its draft
// and, once published, its 意见采纳情况.
import type { VNode } from 'preact';
import type { Db } from '../../platform/db/index.ts';
import { perPublicVersion } from '../../platform/http/public-memo.ts';
import { consultationUrl, publishedConsultationsOfDecision, publishedDecisionDocumentIds } from './repository.ts';

/** The documents that are the final decision of a published consultation (a few): most pages need no query. */
const decisionDocuments = perPublicVersion(async (db) => {
  const rows = await publishedDecisionDocumentIds(db);
  return new Set(rows.map((r) => r.decision_document_id));
});

export async function decisionDocumentSection({ db, doc }: { db: Db; doc: { id: number } }): Promise<VNode | null> {
  if (!(await decisionDocuments(db)).has(doc.id)) return null;
  const rows = await publishedConsultationsOfDecision(db, doc.id);
  if (!rows.length) return null;
  return (
    <section aria-labelledby="h-consultation" style="margin-top: 1.5em; border-top: 1px solid #ccc; padding-top: .5em">
      <h2 id="h-consultation">公众参与</h2>
      <ul>
        {rows.map((c) => (
          <li>
            本决策草案曾公开征求意见（{c.starts_on} 至 {c.ends_on}）：<a href={consultationUrl(c.id)}>{c.title}</a>
            {c.feedback_status === 'published' ? (
              <>
                {'，'}
                <a href={`${consultationUrl(c.id)}/feedback`}>意见采纳情况</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
