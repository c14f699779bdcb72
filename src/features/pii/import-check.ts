// 发布前把关 for imports: documents imported as published (CLI `gongkai import documents`, the demo seed)
// skip submit and publish, so each record's title, summary and body are checked as it is read (documents'
// extension point 'documents.importChecks'). A blocking finding refuses the record with the findings named
// in the row report; nothing of it is saved. Imported records carry no attachments (those come through the
// console, where the gate checks them on submit and publish).
import { clockNow } from '../../platform/clock.ts';
import { htmlToText } from '../../platform/text.ts';
import { findingsIn, TYPE_LABELS, type Finding } from './detect.ts';

const MAX_LISTED = 5;

export function piiImportCheck(doc: { title: string; summary: string; body: string }): string | null {
  const now = new Date(clockNow());
  const open: Finding[] = [];
  for (const [text, field, where] of [
    [doc.title, 'title', '标题'],
    [doc.summary, 'summary', '内容概述'],
    // A body without digits, @ or an entity has nothing to find: no need to turn the HTML into text.
    [/[0-9０-９@＠&]/.test(doc.body) ? htmlToText(doc.body) : '', 'body', '正文'],
  ] as const) {
    if (text) for (const f of findingsIn(text, field, where, { now })) if (f.severity === 'block') open.push(f);
  }
  if (!open.length) return null;
  const listed = open.slice(0, MAX_LISTED).map((f) => `${f.location}：${TYPE_LABELS[f.type]} ${f.masked}`).join('；');
  const more = open.length > MAX_LISTED ? `；等共 ${open.length} 处` : '';
  return `含有未遮蔽的个人信息，未导入：${listed}${more}。请遮蔽后重新导入，或在后台新建后经审核人员处理`;
}
