// Document bodies keep harmless formatting only; classes survive only where generated bodies need
// them (the annual report's tables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeBody } from './sanitize.ts';

const CASES: [string, string, string][] = [
  ['script is dropped', '<p>正文</p><script>alert(1)</script>', '<p>正文</p>'],
  ['event handlers are dropped', '<p onclick="x()">正文</p>', '<p>正文</p>'],
  ['javascript: links lose their href', '<a href="javascript:alert(1)">链接</a>', '<a>链接</a>'],
  ['unknown classes are dropped', '<p class="evil">正文</p>', '<p>正文</p>'],
  ['the report table classes stay', '<div class="table-scroll evil"><table class="report-table"><tbody><tr><td class="num x">5</td></tr></tbody></table></div>', '<div class="table-scroll"><table class="report-table"><tbody><tr><td class="num">5</td></tr></tbody></table></div>'],
  ['colspan and rowspan stay', '<table><tr><th colspan="7" rowspan="2" scope="colgroup">申请人情况</th></tr></table>', '<table><tr><th colspan="7" rowspan="2" scope="colgroup">申请人情况</th></tr></table>'],
];

for (const [name, input, want] of CASES) {
  test(`sanitizeBody: ${name}`, () => assert.equal(sanitizeBody(input), want));
}
