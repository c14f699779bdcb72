// The document page built as a string (document-html.ts, issue 15) is byte for byte what DocumentPage renders through
// Preact: every validity state, attachments, a replacement, sections of other features, 适老化 and print modes, and
// hostile text (<script>, &, quotes) in every field a visitor sees.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VNode } from 'preact';
import { renderPage } from '../../../platform/views/render.ts';
import { DocumentPage, type DocumentPageProps } from './document.tsx';
import { documentPageHtml } from './document-html.ts';
import type { DocumentView, TermNode } from '../documents.repository.ts';
import type { UnitNode } from '../../../platform/access/unit-tree.ts';

const HOSTILE = `<script>alert("x")</script> & 'q' "dq" &amp; <b>`;

function unit(id: number, code: string, name: string): UnitNode {
  return { id, code, name, type: 'dept', parentId: null, indexPrefix: 'X', position: 0, children: [] };
}
function term(code: string, label: string): TermNode {
  return { kind: 'column', code, label, parentCode: null, position: 0, active: true, children: [] };
}

function view(over: Partial<DocumentView> = {}): DocumentView {
  return {
    id: 42,
    title: '关于做好2024年防汛工作的通知',
    indexNo: '11110000-2024-00042',
    docNo: '某政办发〔2024〕3号',
    unit: { id: 2, name: '区政府办公室' },
    writtenOn: '2024-03-01',
    formedOn: null,
    summary: '部署防汛工作。',
    publishedAt: '2024-03-02T01:30:00.000Z',
    validity: '有效',
    url: '/xxgk/documents/42',
    status: 'published',
    unitId: 2,
    topic: 't1',
    genre: 'g1',
    kind: 'normal',
    column: 'c1',
    art20: null,
    publisher: '区政府办公室',
    keywords: ['防汛', '通知'],
    body: '<p>正文第一段。</p><p>第二段 &amp; <strong>加粗</strong></p>',
    validityOn: null,
    validityReason: null,
    replacedBy: null,
    disclosure: '主动公开',
    withdrawnAt: null,
    withdrawReason: null,
    reviewComment: null,
    version: 1,
    attachments: [],
    createdBy: 1,
    submittedBy: 1,
    updatedAt: '2024-03-02T01:30:00.000Z',
    ...over,
  };
}

function props(doc: DocumentView, over: Partial<DocumentPageProps> = {}, ctxOver: Partial<DocumentPageProps['ctx']> = {}): DocumentPageProps {
  return {
    ctx: { siteName: '某区人民政府 政府信息公开', path: doc.url, elder: false, csrf: 'never-read', user: null, ...ctxOver },
    doc,
    unitPath: [unit(1, 'root', '某区人民政府'), unit(2, 'ban', '区政府办公室')],
    columnPath: [term('c0', '政策文件'), term('c1', '区政府文件')],
    labels: { topic: '综合政务\\防汛', genre: '通知', column: '区政府文件' },
    shareUrl: 'https://gk.example.gov.cn' + doc.url,
    ...over,
  };
}

function same(p: DocumentPageProps, what: string) {
  const fast = documentPageHtml(p);
  assert.ok(fast !== null, `${what}: built as a string`);
  assert.equal(fast, renderPage(<DocumentPage {...p} />), what);
}

describe('document page without Preact (document-html.ts)', () => {
  it('is byte-equal to DocumentPage for every state and mode', () => {
    const atts = [
      { id: 7, filename: '附件1 实施方案.pdf', mime: 'application/pdf', size: 1536, sha256: 'a'.repeat(64), url: '/xxgk/documents/42/files/7' },
      { id: 8, filename: `名单${HOSTILE}.xlsx`, mime: 'application/vnd.ms-excel', size: 3 * 1024 * 1024 + 5, sha256: 'b'.repeat(64), url: '/xxgk/documents/42/files/8' },
      { id: 9, filename: 'a.txt', mime: 'text/plain', size: 12, sha256: 'c'.repeat(64), url: '/xxgk/documents/42/files/9' },
    ];
    const replacedBy = { id: 43, title: `新文件 ${HOSTILE}`, url: '/xxgk/documents/43' };
    const docs: [string, DocumentView][] = [
      ['plain', view()],
      ['attachments', view({ attachments: atts })],
      ['no body, summary', view({ body: '', attachments: atts.slice(0, 1) })],
      ['no body, no summary', view({ body: '', summary: '' })],
      ['no docNo, indexNo, dates, keywords', view({ docNo: null, indexNo: null, writtenOn: null, keywords: [], publishedAt: null })],
      ['废止 with date, reason, replacement', view({ validity: '废止', validityOn: '2025-01-01', validityReason: `被新文件取代${HOSTILE}`, replacedBy })],
      ['失效 without date', view({ validity: '失效', validityOn: null })],
      ['已修改', view({ validity: '已修改', validityOn: '2025-02-03', replacedBy })],
      ['unknown validity word', view({ validity: '其他' as DocumentView['validity'] })],
      ['hostile everywhere', view({ title: HOSTILE, docNo: HOSTILE, indexNo: HOSTILE, publisher: HOSTILE, summary: HOSTILE, keywords: [HOSTILE, '&'], body: '', attachments: atts })],
    ];
    for (const [what, doc] of docs) {
      same(props(doc), what);
      same(props(doc, { printView: true }), `${what}, print`);
      same(props(doc, {}, { elder: true }), `${what}, 适老化`);
      same(props(doc, { printView: true }, { elder: true }), `${what}, print + 适老化`);
    }
  });

  it('is byte-equal with hostile unit, column, labels, share address and path, and with other features\' sections', () => {
    const doc = view({ attachments: [] });
    const hostileUnits = [unit(1, 'root', HOSTILE), unit(2, 'a b&c"<', `办公室${HOSTILE}`)];
    same(props(doc, { unitPath: hostileUnits, columnPath: [term('c"1&', HOSTILE)], labels: { topic: HOSTILE, genre: '', column: '&' } }), 'hostile unit and column');
    same(props(doc, { unitPath: [], columnPath: [] }), 'no unit');
    same(props(doc, { labels: { topic: '', genre: '', column: '' } }), 'no classification');
    same(props(doc, { shareUrl: `https://x.example/?a=1&b="<>` }), 'hostile share address');
    same(props(doc, {}, { path: '/xxgk/documents/0042' }), 'id with leading zeros');
    same(props(doc, {}, { path: '/xxgk/documents/%34%32' }), 'percent-encoded id');
    same(props(doc, {}, { siteName: `站点${HOSTILE}` }), 'hostile site name');
    const sections: VNode[] = [
      <section aria-labelledby="h-x">
        <h2 id="h-x">政策解读</h2>
        <p>{HOSTILE}</p>
      </section>,
      <section>b</section>,
    ];
    same(props(doc, { sections }), 'sections');
  });

  it('leaves staff pages and other paths to Preact', () => {
    const doc = view();
    assert.equal(documentPageHtml(props(doc, {}, { user: { id: 1, username: 'u', displayName: 'U', role: 'admin', unitName: 'X' } })), null);
    assert.equal(documentPageHtml(props(doc, {}, { path: '/elsewhere/42' })), null);
  });

  it('never reads the csrf token (an anonymous page must set no cookie)', () => {
    const p = props(view());
    let read = false;
    const ctx = { ...p.ctx };
    Object.defineProperty(ctx, 'csrf', { get: () => ((read = true), 'tok') });
    assert.ok(documentPageHtml({ ...p, ctx }) !== null);
    assert.equal(read, false);
  });
});
