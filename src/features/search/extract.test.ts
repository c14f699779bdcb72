// Attachment text extraction with real files made here: a DOCX from the `docx` package, an XLSX
// assembled from minimal SpreadsheetML, a hand-written PDF (Helvetica, Latin text), plain text in UTF-8 and GB18030,
// a Chinese PDF with a non-embedded CID font (STSong-Light, UniGB-UCS2-H: read through pdfjs's bundled
// CMaps; a PDF with an embedded subset font could not be hand-written here), and broken input (never throws).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync, strToU8 } from 'fflate';
import { makeCjkPdf, makePdf, makeXlsx } from './extract.fixtures.ts';
import { Document, FootnoteReferenceRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { extractText, MAX_INPUT_BYTES } from './extract.ts';
import { parseSharedStrings, parseSheet, readXlsx, writeXlsx } from '../../platform/files/xlsx.ts';
import { decodeEntities, htmlToText } from '../../platform/text.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('DOCX made with the docx package: paragraphs in order, Chinese text, entities', async () => {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('宿城区人民政府办公室关于印发'), new TextRun({ text: '义务教育招生', bold: true }), new TextRun('工作方案的通知')] }),
          new Paragraph({ children: [new TextRun('各乡镇人民政府 & 街道办事处：')] }),
          new Paragraph({ children: [new TextRun('第一条　为做好 2024 年招生工作 <特制定本方案>。')] }),
        ],
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc);
  const r = await extractText(Buffer.from(bytes), DOCX, '方案.docx');
  assert.equal(r.error, undefined);
  const lines = r.text.split('\n');
  assert.equal(lines[0], '宿城区人民政府办公室关于印发义务教育招生工作方案的通知');
  assert.equal(lines[1], '各乡镇人民政府 & 街道办事处：');
  assert.match(r.text, /第一条 为做好 2024 年招生工作 <特制定本方案>。/);
});

test('DOCX detected by file name when the MIME type is generic', async () => {
  const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('政务公开工作要点')] }] }));
  const r = await extractText(Buffer.from(bytes), 'application/octet-stream', 'a.DOCX');
  assert.equal(r.text, '政务公开工作要点');
});

test('XLSX: shared strings (rich runs), inline strings, numbers, booleans, formula strings, two sheets', async () => {
  const r = await extractText(makeXlsx(), XLSX, '清单.xlsx');
  assert.equal(r.error, undefined);
  assert.equal(r.text, '事项名称\t行政许可事项清单\nA&B 审批\t2024\t宿城区政务服务中心\tTRUE\n义务教育');
});

test('PDF written by hand: text of every page, in order', async () => {
  const pdf = makePdf(['Administrative licensing list (2024)', 'Page two: open government \\ info']);
  const r = await extractText(pdf, 'application/pdf', 'list.pdf');
  assert.equal(r.error, undefined, r.error);
  assert.match(r.text, /Administrative licensing list \(2024\)/);
  assert.match(r.text, /Page two: open government \\ info/);
  assert.ok(r.text.indexOf('Administrative') < r.text.indexOf('Page two'));
});

test('PDF with Chinese text in a CID font (predefined CMap UniGB-UCS2-H)', async () => {
  const r = await extractText(makeCjkPdf('宿城区政务公开工作要点'), 'application/pdf', '要点.pdf');
  assert.equal(r.error, undefined, r.error);
  assert.equal(r.text, '宿城区政务公开工作要点');
});

test('PDF detected by its magic bytes even with a wrong name and MIME type', async () => {
  const r = await extractText(makePdf(['Hello search']), 'application/octet-stream', 'scan.bin');
  assert.match(r.text, /Hello search/);
});

test('plain text: UTF-8 with BOM, GB18030, CSV; HTML without tags and scripts', async () => {
  assert.equal((await extractText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('政务公开\n\n\n年报')]), 'text/plain', 'a.txt')).text, '政务公开\n年报');
  const gb = Buffer.from([0xd5, 0xfe, 0xce, 0xf1, 0xb9, 0xab, 0xbf, 0xaa]); // 政务公开 in GBK
  assert.equal((await extractText(gb, 'text/plain', 'gbk.txt')).text, '政务公开');
  assert.equal((await extractText(Buffer.from('名称,日期\n招生,2024-05-01'), 'text/csv', 'a.csv')).text, '名称,日期\n招生,2024-05-01');
  const html = await extractText(Buffer.from('<p>义务&amp;教育</p><script>alert(1)</script><div>招生</div>'), 'text/html', 'a.html');
  assert.equal(html.text, '义务&教育\n招生');
});

test('corrupt, empty, unsupported and oversized input: an error, never a throw', async () => {
  const pdf = makePdf(['x']);
  const cases: [Buffer, string, string][] = [
    [Buffer.from('%PDF-1.4\nthis is not really a pdf'), 'application/pdf', 'bad.pdf'],
    [pdf.subarray(0, 40), 'application/pdf', 'cut.pdf'],
    [Buffer.from('PK\u0003\u0004garbage garbage garbage'), DOCX, 'bad.docx'],
    [Buffer.from(zipSync({ 'hello.txt': strToU8('hi') })), DOCX, 'nodoc.docx'],
    [Buffer.from(zipSync({ 'hello.txt': strToU8('hi') })), XLSX, 'nosheet.xlsx'],
    [Buffer.from('not a zip at all'), XLSX, 'bad.xlsx'],
    [Buffer.alloc(0), 'text/plain', 'empty.txt'],
    [Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 'application/msword', 'old.doc'],
  ];
  for (const [bytes, mime, name] of cases) {
    const r = await extractText(bytes, mime, name);
    assert.equal(typeof r.text, 'string', name);
    assert.ok(r.error, `${name} should report an error`);
    assert.equal(r.text, '', name);
  }
  const big = Buffer.alloc(MAX_INPUT_BYTES + 1, 0x61);
  const r = await extractText(big, 'text/plain', 'big.txt');
  assert.equal(r.text, '');
  assert.match(r.error!, /MB/);
});

test('zip bomb: a hugely compressible entry is refused before inflating', async () => {
  const huge = new Uint8Array(120 * 1024 * 1024); // 120 MB of zeros compresses to ~120 KB
  const zipped = Buffer.from(zipSync({ 'word/document.xml': huge }, { level: 9 }));
  assert.ok(zipped.length < MAX_INPUT_BYTES);
  const r = await extractText(zipped, DOCX, 'bomb.docx');
  assert.equal(r.text, '');
  assert.match(r.error!, /过大/);
});

test('output is capped at 2 M characters', async () => {
  const r = await extractText(Buffer.from('政'.repeat(2_100_000)), 'text/plain', 'long.txt');
  assert.equal(r.text.length, 2_000_000);
});

test('DOCX: tables, line breaks and footnotes are text too (mammoth), without its footnote marks', async () => {
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('脚注：依据《条例》第二十条')] } },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('正文第一段'), new FootnoteReferenceRun(1)] }),
          new Paragraph({ children: [new TextRun('甲'), new TextRun({ text: '乙', break: 1 })] }),
          new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('单元格一')] }), new TableCell({ children: [new Paragraph('单元格二')] })] })] }),
        ],
      },
    ],
  });
  const r = await extractText(Buffer.from(await Packer.toBuffer(doc)), DOCX, '脚注.docx');
  assert.equal(r.error, undefined);
  assert.equal(r.text, '正文第一段\n甲\n乙\n单元格一\n单元格二\n脚注：依据《条例》第二十条');
});

test('XML helpers: entities, phonetic runs dropped, cells at their columns; the writer reads back', () => {
  assert.equal(decodeEntities('&lt;a&gt; &amp;&#x4E2D;&#25991; &bogus;'), '<a> &中文 &bogus;');
  assert.equal(htmlToText('<p>甲&nbsp;乙</p><script>x()</script><p>丙<br>丁</p>'), '甲 乙\n丙\n丁');
  assert.deepEqual(parseSharedStrings('<sst><si><t>東京</t><rPh><t>トウキョウ</t></rPh></si><si/></sst>'), ['東京', '']);
  assert.deepEqual(parseSheet('<row><c t="s"><v>1</v></c><c t="e"><v>#N/A</v></c></row><row><c r="C2" t="inlineStr"><is><t>x&amp;y</t></is></c></row>', ['a', 'b']), [['b', '#N/A'], ['', '', 'x&y']]);
  const bytes = writeXlsx([{ name: '表一', merges: ['A1:B1'], rows: [['项目 <甲> & "乙"', null, 3.5], [], [null, '第二列']] }, { name: '表二', merges: [], rows: [['x']] }]);
  assert.deepEqual(readXlsx(bytes).map((s) => s.rows), [[['项目 <甲> & "乙"', '', '3.5'], [], ['', '第二列']], [['x']]]);
});
