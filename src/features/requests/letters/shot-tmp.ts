import { writeFileSync } from 'node:fs';
import { h } from 'preact';
import { renderPage } from '../../../platform/views/render.ts';
import { buildLetter } from './templates.ts';
import { LetterPage, LetterEditor, LetterStyles } from './render.tsx';
import { letterToDocx } from './docx.ts';
const base = { letterNo: '宿城政办依申复〔2025〕12号', organName: '宿迁市宿城区人民政府办公室', applicantName: '张三', applicantIsOrg: false,
  receivedOn: '2025-10-30', requestSummary: '2024年度宿城区老旧小区改造项目清单及资金使用情况', decidedOn: '2025-11-21', reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院',
  contact: '联系人：王某，联系电话：0527-84356789', form: 'paper' as const, delivery: 'post' as const,
  providedItems: ['《宿城区2024年老旧小区改造计划》', '项目清单（附件）'], reasons: '该部分内容涉及第三方个人隐私，经征求第三方意见，第三方不同意公开' };
for (const code of ['partial', 'deny-4'] as const) {
  const r = buildLetter({ ...base, outcome: code }); if (!r.ok) throw r.error;
  writeFileSync(`/tmp/letters/${code}.html`, renderPage(h(LetterPage, { letter: r.value, links: [{ href: '#', label: '下载 Word 文件' }, { href: '#', label: '返回' }] })));
  writeFileSync(`/tmp/letters/${code}.docx`, await letterToDocx(r.value));
  writeFileSync(`/tmp/letters/${code}-editor.html`, renderPage(h('html', { lang: 'zh-CN' }, h('head', null, h('meta', { charSet: 'utf-8' }), h(LetterStyles, null)), h('body', null, h('main', null, h(LetterEditor, { letter: r.value, action: '/x', csrf: 't' }))))));
}
