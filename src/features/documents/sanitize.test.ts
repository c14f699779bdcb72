// Document bodies keep harmless formatting only; classes survive only where generated bodies need
// them (the annual report's tables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeBody, textToHtml } from './sanitize.ts';

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

// Plain text (a textarea without the editor, the API's `body`, an import): paragraphs and line breaks are
// kept instead of running together into one paragraph.
const PLAIN: [string, string, string][] = [
  ['blank lines separate paragraphs, single newlines are line breaks', '第一段第一行\n第一段第二行\n\n第二段。\r\n\r\n\r\n第三段。', '<p>第一段第一行<br />第一段第二行</p>\n<p>第二段。</p>\n<p>第三段。</p>'],
  ['without blank lines every line is a paragraph (text copied from Word or WPS)', '　　一、总体要求\n　　二、重点任务\n', '<p>一、总体要求</p>\n<p>二、重点任务</p>'],
  ['angle brackets and ampersands in plain text stay text', '甲 < 乙 & 丙\n\n"引号"', '<p>甲 &lt; 乙 &amp; 丙</p>\n<p>"引号"</p>'],
  ['inline formatting without paragraphs still gets paragraphs', '<strong>通知</strong>\n\n各单位：<em>请</em>按时报送。', '<p><strong>通知</strong></p>\n<p>各单位：<em>请</em>按时报送。</p>'],
  ['HTML with paragraphs is left as it is', '<p>一</p>\n\n<p>二</p>', '<p>一</p>\n\n<p>二</p>'],
  ['a single line is one paragraph', '只有一句话。', '<p>只有一句话。</p>'],
  ['whitespace only is empty', ' \n\n ', ''],
];
for (const [name, input, want] of PLAIN) {
  test(`sanitizeBody, plain text: ${name}`, () => assert.equal(sanitizeBody(input), want));
}

test('textToHtml (imports, the API\'s bodyText): blank-line paragraphs with line breaks, escaped', () => {
  assert.equal(textToHtml('一行\n二行\n\n<三>'), '<p>一行<br />二行</p>\n<p>&lt;三&gt;</p>');
  assert.equal(textToHtml('第一段。\n第二段。'), '<p>第一段。</p>\n<p>第二段。</p>');
});

// What Word and WPS put on the clipboard: a whole HTML document with mso- styles and classes, <o:p>,
// XML islands, conditional comments, local image paths. Structure stays, the rest goes.
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document>
<title>Word 文档标题</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-family:宋体;} --></style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<!--StartFragment-->
<div class=WordSection1 style='layout-grid:15.6pt'>
<h1 style='mso-list:none'><span lang=EN-US style='mso-bidi-font-size:22.0pt'>关于做好政务公开工作的通知<o:p></o:p></span></h1>
<h2><span style='font-family:黑体;mso-ascii-font-family:"Times New Roman"'>一、总体要求</span><o:p></o:p></h2>
<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;text-align:justify'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>各镇人民政府、街道办事处：<o:p></o:p></span></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>第一项任务<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=100 valign=top style='border:solid windowtext 1.0pt;mso-border-alt:solid'><p class=MsoNormal><b>事项</b><o:p></o:p></p></td><td colspan=2 style='mso-x'><p class=MsoNormal>责任单位<o:p></o:p></p></td></tr>
</table>
<p class=MsoNormal><img width=200 height=100 src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" v:shapes="_x0000_i1025"><o:p>&nbsp;</o:p></p>
</div>
<!--EndFragment-->
<script>alert(1)</script>
</body></html>`;

test('sanitizeBody: Word/WPS clipboard HTML keeps headings, paragraphs and tables, loses the Office markup', () => {
  const out = sanitizeBody(WORD);
  assert.match(out, /<h2>关于做好政务公开工作的通知<\/h2>/);
  assert.match(out, /<h2>一、总体要求<\/h2>/);
  assert.match(out, /<p style="text-align:justify">各镇人民政府、街道办事处：<\/p>/);
  assert.match(out, /<table>\s*<tr>\s*<td><p><b>事项<\/b><\/p><\/td><td colspan="2"><p>责任单位<\/p><\/td><\/tr>\s*<\/table>/);
  assert.match(out, /第一项任务/);
  for (const junk of [/mso/i, /Mso/, /o:p/, /<span/, /<\/?div/, /Word 文档标题/, /Normal/, /StartFragment/, /file:/, /<img/, /alert/, /font-family/, /class=/, /lang=/]) {
    assert.doesNotMatch(out, junk, `${junk} in ${out}`);
  }
});
